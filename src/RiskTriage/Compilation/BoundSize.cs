using RiskTriage.Expressions.Binding;

namespace RiskTriage.Compilation;

/// <summary>Counts the nodes of a bound tree: the measure used to split a rule set into compiled parts.</summary>
internal sealed class BoundSize : BoundTreeVisitor<int>
{
    private static readonly BoundSize Instance = new();

    public static int Of(BoundExpression? node) => node is null ? 0 : Instance.Visit(node);

    public override int VisitLiteral(BoundLiteral node) => 1;

    public override int VisitInput(BoundInput node) => 1;

    public override int VisitValueReference(BoundValueReference node) => 1;

    public override int VisitLambdaParameter(BoundLambdaParameter node) => 1;

    public override int VisitMember(BoundMember node) => 1 + Visit(node.Target);

    public override int VisitIndex(BoundIndex node) => 2 + Visit(node.Target) + Visit(node.Index);

    public override int VisitUnary(BoundUnary node) => 1 + Visit(node.Operand);

    public override int VisitBinary(BoundBinary node) => 1 + Visit(node.Left) + Visit(node.Right);

    public override int VisitIn(BoundIn node) => 1 + Visit(node.Value) + Visit(node.List);

    public override int VisitConditional(BoundConditional node) => 1 + Visit(node.Condition) + Visit(node.WhenTrue) + Visit(node.WhenFalse);

    public override int VisitList(BoundList node) => 1 + node.Items.Sum(Visit);

    public override int VisitCall(BoundCall node) => 1 + node.Arguments.Sum(Visit);

    public override int VisitListMethod(BoundListMethod node) => 4 + Visit(node.Source) + Of(node.Argument);

    public override int VisitError(BoundError node) => 1;
}
