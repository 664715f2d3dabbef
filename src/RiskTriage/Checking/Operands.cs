using RiskTriage.Expressions.Binding;

namespace RiskTriage.Checking;

/// <summary>Finds the leaves a condition reads, so a full trace can show their values ("rsrScore = 7.1").</summary>
internal sealed class Operands : BoundTreeWalker
{
    private readonly List<Operand> _result = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    private Operands()
    {
    }

    public static IReadOnlyList<Operand> Of(params BoundExpression?[] expressions)
    {
        var operands = new Operands();
        foreach (var expression in expressions)
        {
            operands.Walk(expression);
        }

        return operands._result;
    }

    public override bool VisitInput(BoundInput node) => Leaf(node);

    public override bool VisitValueReference(BoundValueReference node) => Leaf(node);

    public override bool VisitMember(BoundMember node) => Leaf(node);

    // An item of a list, a written list and the list searched by "in" are not leaves a reader looks up by name.
    public override bool VisitIndex(BoundIndex node) => true;

    public override bool VisitList(BoundList node) => true;

    public override bool VisitIn(BoundIn node) => Visit(node.Value);

    // Inside a lambda the names are per item; a Where gives a list, never a leaf.
    public override bool VisitListMethod(BoundListMethod node) =>
        node.Method == ListMethod.Where || node.Parameter is not null || node.Argument is null || Visit(node.Argument);

    private bool Leaf(BoundExpression node)
    {
        if (PathOf(node) is { } path && node.Type.IsScalar && _seen.Add(path))
        {
            _result.Add(new Operand(path, node));
        }

        return true;
    }

    /// <summary>"ogrs3.totalSanctions" for an input path, the name for a named value; null otherwise.</summary>
    private static string? PathOf(BoundExpression node) => node switch
    {
        BoundInput input => input.Symbol.Name,
        BoundValueReference value when !value.Symbol.Name.Contains(':', StringComparison.Ordinal) && !value.Symbol.Name.StartsWith('$') => value.Symbol.Name,
        BoundMember member => PathOf(member.Target) is { } parent ? parent + "." + member.Property.Name : null,
        _ => null,
    };
}
