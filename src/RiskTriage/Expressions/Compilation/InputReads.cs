using System.Linq.Expressions;

namespace RiskTriage.Expressions.Compilation;

/// <summary>
/// The case's fields read by one compiled method, each read once. Rule sets read the same inputs in many
/// places (<c>pniNeeds.sex.offenceRelatedSexualInterests</c> in a value, a table and a rule); without this each
/// place would repeat the read and its null checks. The reads are hoisted to the start of the method, parent
/// before child, so every later use sees its variable assigned. Reading a case's field has no effects, so
/// reading one that a false condition would have skipped changes nothing.
/// </summary>
internal sealed class InputReads
{
    private readonly Dictionary<(Expression? Parent, string Name), ParameterExpression> _reads = [];
    private readonly HashSet<ParameterExpression> _variables = [];

    /// <summary>The variables holding the reads, in the order they were first asked for.</summary>
    public List<ParameterExpression> Variables { get; } = [];

    /// <summary>The assignments, parents before children.</summary>
    public List<Expression> Assignments { get; } = [];

    public bool IsRead(Expression expression) => expression is ParameterExpression p && _variables.Contains(p);

    /// <summary>The variable holding <paramref name="name"/> of <paramref name="parent"/> (null for a top-level input), reading it on first use.</summary>
    public ParameterExpression Get(Expression? parent, string name, Func<Expression> read)
    {
        if (!_reads.TryGetValue((parent, name), out var variable))
        {
            var value = read();
            variable = Expression.Variable(value.Type, parent is ParameterExpression p ? $"{p.Name}.{name}" : name);
            Variables.Add(variable);
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
        Variables.Clear();
        Assignments.Clear();
    }
}
