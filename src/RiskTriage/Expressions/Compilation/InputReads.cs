using System.Linq.Expressions;

namespace RiskTriage.Expressions.Compilation;

/// <summary>
/// The case's fields read by one compiled method, each read once (but for a value stored in a field of the case
/// itself, read where it is used: see <c>ExpressionCompiler.CompileInput</c>). Rule sets read the same inputs in many
/// places (<c>pniNeeds.sex.offenceRelatedSexualInterests</c> in a value, a table and a rule); without this each
/// place would repeat the read and its null checks. The reads are hoisted to the start of the method, parent
/// before child, so every later use sees its variable assigned. Reading a case's field has no effects, so
/// reading one that a false condition would have skipped changes nothing.
/// </summary>
internal sealed class InputReads
{
    private readonly Dictionary<(Expression? Parent, string Name), ParameterExpression> _reads = [];
    private readonly HashSet<ParameterExpression> _variables = [];

    /// <summary>The assignments, parents before children.</summary>
    public List<BinaryExpression> Assignments { get; } = [];

    /// <summary>The variables the assignments write.</summary>
    public IEnumerable<ParameterExpression> Variables => Assignments.Select(a => (ParameterExpression)a.Left);

    public bool IsRead(Expression expression) => expression is ParameterExpression p && _variables.Contains(p);

    /// <summary>The variable holding <paramref name="name"/> of <paramref name="parent"/> (null for a top-level input), reading it on first use.</summary>
    public ParameterExpression Get(Expression? parent, string name, Func<Expression> read)
    {
        if (!_reads.TryGetValue((parent, name), out var variable))
        {
            var value = read();
            variable = Expression.Variable(value.Type, parent is ParameterExpression p ? $"{p.Name}.{name}" : name);
            _variables.Add(variable);
            Assignments.Add(Expression.Assign(variable, value));
            _reads[(parent, name)] = variable;
        }

        return variable;
    }

    public void Clear()
    {
        _reads.Clear();
        _variables.Clear();
        Assignments.Clear();
    }
}
