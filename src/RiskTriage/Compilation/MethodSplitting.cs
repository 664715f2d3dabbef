using System.Linq.Expressions;
using RiskTriage.Expressions.Compilation;

namespace RiskTriage.Compilation;

/// <summary>
/// Keeps each compiled method within bounds (PartCompilation compiles them). This is not an optional
/// optimisation but part of the bound on evaluation: a part with very many statements (a scorecard or table with
/// thousands of rows, thousands of outputs or required inputs) would compile to one method whose stack frame grows
/// with every statement, and a hostile rule file could then overflow the stack of the thread evaluating a case.
/// </summary>
internal static class MethodSplitting
{
    /// <summary>A method runs its statements in groups of about this many expression nodes, each group compiled to a method of its own.</summary>
    public const int NodesPerMethod = 4_000;

    /// <summary>The statements as they are, or cut into groups each outlined to a method of its own.</summary>
    public static List<Expression> Split(List<Expression> statements)
    {
        var sizes = statements.Select(NodeCounter.Count).ToList();
        if (sizes.Sum() <= NodesPerMethod)
        {
            return statements;
        }

        var groups = new List<Expression>();
        var group = new List<Expression>();
        var size = 0;
        for (var i = 0; i < statements.Count; i++)
        {
            if (group.Count > 0 && size + sizes[i] > NodesPerMethod)
            {
                groups.Add(ExpressionCompiler.Outline(Expression.Block(typeof(void), group)));
                group = [];
                size = 0;
            }

            group.Add(statements[i]);
            size += sizes[i];
        }

        groups.Add(ExpressionCompiler.Outline(Expression.Block(typeof(void), group)));
        return groups;
    }

    /// <summary>Counts the nodes of a compiled expression tree.</summary>
    private sealed class NodeCounter : ExpressionVisitor
    {
        private const int MaxDepth = 200;

        private int _count;
        private int _depth;

        public static int Count(Expression expression)
        {
            var counter = new NodeCounter();
            counter.Visit(expression);
            return counter._count;
        }

        public override Expression? Visit(Expression? node)
        {
            // A very deep tree (a band set with thousands of bands is a chain of if/else) is big: count it as a
            // whole method rather than recurse to its end.
            if (_depth >= MaxDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                _count += NodesPerMethod;
                return node;
            }

            _count++;
            _depth++;
            try
            {
                return base.Visit(node);
            }
            finally
            {
                _depth--;
            }
        }
    }
}
