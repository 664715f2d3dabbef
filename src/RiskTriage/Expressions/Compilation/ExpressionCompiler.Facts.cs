using System.Linq.Expressions;
using RiskTriage.Expressions.Binding;

namespace RiskTriage.Expressions.Compilation;

// Nullability facts per branch: a value a branch's test proves present is read as its plain type inside the branch.
internal sealed partial class ExpressionCompiler
{
    /// <summary>
    /// The values proven present where the compiler is: a value symbol, or the variable an input's read is hoisted
    /// to (see <see cref="InputReads"/>). Filled while an arm is compiled (<see cref="WithFacts"/>) and emptied when
    /// it ends, so nothing outlives the arm's test.
    /// </summary>
    private readonly HashSet<object> _present = [];

    /// <summary>
    /// <paramref name="compiled"/> (what <paramref name="node"/> compiled to) as its plain value when the branch
    /// being compiled proved it present: a <c>double?</c> or <c>bool?</c> read as <c>double</c> or <c>bool</c>, so
    /// what uses it tests no flag and wraps no result. <c>Value</c>, not <c>GetValueOrDefault</c>, as for a value
    /// proven never missing (LinqEmitter's WriteValue): a wrong fact then throws, and the case is an error, rather
    /// than reading a missing value as 0 and failing low. It costs code: where the value is read from the frame's
    /// slots (a second load) the JIT keeps <c>Value</c>'s own test, 12 throw sites in the default rule set's parts
    /// (review of session 18). A fact holds because the value cannot change between the test and the arm: a named
    /// value is written once, before anything reads it, and an input's variable at the method's start, and an
    /// expression writes neither.
    /// </summary>
    private Expression Proven(BoundExpression node, Expression compiled) =>
        _present.Count > 0
        && (compiled.Type == typeof(double?) || compiled.Type == typeof(bool?))
        && FactKey(node, compiled) is { } key && _present.Contains(key)
            ? Expression.Property(compiled, "Value")
            : compiled;

    /// <summary>
    /// What a fact about <paramref name="node"/> is kept under: its symbol for a named value (held in one local or
    /// slot, written once before anything reads it), the hoisted variable for an input or a field of one. Null for
    /// everything else: a field of the case read where it is used (the caller's object, which another thread could
    /// change between two reads), a lambda's item and its fields (a fact about one item is none about another), and
    /// computed values.
    /// </summary>
    private object? FactKey(BoundExpression node, Expression compiled) => node switch
    {
        BoundValueReference reference => reference.Symbol,
        BoundInput or BoundMember when compiled is ParameterExpression variable && _reads is not null && _reads.IsRead(variable) => variable,
        _ => null,
    };

    // Only numbers and flags: Proven reads nothing else as its plain type, and compiling a node for its key hoists an
    // input's read, which a text compared by its enumeration code would otherwise never need (review of session 18).
    private object? FactKey(BoundExpression node) =>
        node is BoundValueReference or BoundInput or BoundMember && node.Type.Kind is TypeKind.Number or TypeKind.Bool
            ? FactKey(node, CompileNode(node))
            : null;

    /// <summary>
    /// <paramref name="node"/> compiled for a place that runs only where <paramref name="condition"/> is true (a
    /// scorecard row's points under its <c>when</c>): what the condition proves present is read as its plain type.
    /// </summary>
    public Expression CompileWhere(BoundExpression condition, BoundExpression node) => WithFacts(WhenTrue(condition), () => Compile(node));

    /// <summary><paramref name="compile"/> with <paramref name="facts"/> holding too; they end with it.</summary>
    private Expression WithFacts(List<object> facts, Func<Expression> compile)
    {
        var added = facts.Where(_present.Add).ToList();
        try
        {
            return compile();
        }
        finally
        {
            _present.ExceptWith(added);
        }
    }

    /// <summary>The values <paramref name="condition"/> being true proves present (see <see cref="Proves"/>).</summary>
    private List<object> WhenTrue(BoundExpression condition) => Proves(condition, whenTrue: true);

    /// <summary>The values <paramref name="condition"/> being false or missing proves present (see <see cref="Proves"/>).</summary>
    private List<object> WhenNotTrue(BoundExpression condition) => Proves(condition, whenTrue: false);

    /// <summary>
    /// The values <paramref name="condition"/> being true (<paramref name="whenTrue"/>), or false or missing, proves
    /// present. True: <c>x != null</c>; <c>x == k</c> and <c>x in [k, ...]</c> with literals that are not
    /// <c>null</c>; <c>x &lt; y</c> and the other orderings (false when either side is missing), both sides;
    /// <c>a and b</c>, what either proves; <c>not a</c>, what <c>a</c> not being true proves. Not true:
    /// <c>x == null</c>; <c>x not in [k, ...]</c>; <c>a or b</c>, what either proves (neither is true); <c>not a</c>
    /// of an <c>a</c> that is never missing, what <c>a</c> being true proves.
    /// </summary>
    private List<object> Proves(BoundExpression condition, bool whenTrue)
    {
        var facts = new List<object>();
        switch (condition)
        {
            case BoundBinary { Operator: BoundBinaryOperator.Equal or BoundBinaryOperator.NotEqual } binary when IsNullLiteral(binary.Left) != IsNullLiteral(binary.Right):
                if ((binary.Operator == BoundBinaryOperator.NotEqual) == whenTrue)
                {
                    Add(facts, IsNullLiteral(binary.Left) ? binary.Right : binary.Left);
                }

                break;
            case BoundBinary { Operator: BoundBinaryOperator.Equal } binary when whenTrue:
                if (binary.Right is BoundLiteral { Value: not null })
                {
                    Add(facts, binary.Left);
                }
                else if (binary.Left is BoundLiteral { Value: not null })
                {
                    Add(facts, binary.Right);
                }

                break;
            case BoundBinary { Operator: BoundBinaryOperator.Less or BoundBinaryOperator.LessOrEqual or BoundBinaryOperator.Greater or BoundBinaryOperator.GreaterOrEqual } ordering when whenTrue:
                Add(facts, ordering.Left);
                Add(facts, ordering.Right);
                break;
            case BoundBinary { Operator: BoundBinaryOperator.And or BoundBinaryOperator.Or } logical when (logical.Operator == BoundBinaryOperator.And) == whenTrue:
                facts.AddRange(Proves(logical.Left, whenTrue));
                facts.AddRange(Proves(logical.Right, whenTrue));
                break;
            case BoundUnary { Operator: BoundUnaryOperator.Not } not when whenTrue || NeverMissing(not.Operand):
                facts.AddRange(Proves(not.Operand, !whenTrue));
                break;
            case BoundIn { List: BoundList list } inList when inList.Negated != whenTrue && list.Items.All(i => i is BoundLiteral { Value: not null }):
                Add(facts, inList.Value);
                break;
        }

        return facts;
    }

    /// <summary>Comparisons, <c>in</c>, and <c>not</c>, <c>and</c>, <c>or</c> of them: true or false, never missing.</summary>
    private static bool NeverMissing(BoundExpression condition) => condition switch
    {
        BoundBinary { Operator: BoundBinaryOperator.And or BoundBinaryOperator.Or } logical => NeverMissing(logical.Left) && NeverMissing(logical.Right),
        BoundBinary { Operator: BoundBinaryOperator.Equal or BoundBinaryOperator.NotEqual or BoundBinaryOperator.Less or BoundBinaryOperator.LessOrEqual
            or BoundBinaryOperator.Greater or BoundBinaryOperator.GreaterOrEqual } => true,
        BoundUnary { Operator: BoundUnaryOperator.Not } not => NeverMissing(not.Operand),
        BoundIn => true,
        _ => false,
    };

    private void Add(List<object> facts, BoundExpression node)
    {
        if (FactKey(node) is { } key)
        {
            facts.Add(key);
        }
    }
}
