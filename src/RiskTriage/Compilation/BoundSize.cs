using RiskTriage.Expressions.Binding;

namespace RiskTriage.Compilation;

/// <summary>Counts the nodes of a bound tree: the measure used to split a rule set into compiled parts.</summary>
internal static class BoundSize
{
    public static int Of(BoundExpression? node) => node switch
    {
        null => 0,
        BoundMember member => 1 + Of(member.Target),
        BoundIndex index => 2 + Of(index.Target) + Of(index.Index),
        BoundUnary unary => 1 + Of(unary.Operand),
        BoundBinary binary => 1 + Of(binary.Left) + Of(binary.Right),
        BoundIn @in => 1 + Of(@in.Value) + Of(@in.List),
        BoundConditional conditional => 1 + Of(conditional.Condition) + Of(conditional.WhenTrue) + Of(conditional.WhenFalse),
        BoundList list => 1 + list.Items.Sum(Of),
        BoundCall call => 1 + call.Arguments.Sum(Of),
        BoundListMethod method => 4 + Of(method.Source) + Of(method.Argument),
        _ => 1,
    };
}
