using System.Reflection;
using System.Runtime.CompilerServices;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Evaluation;

namespace RiskTriage.Tests.Expressions.Binding;

/// <summary>
/// One visitor base for bound trees: every kind of node has its own abstract visit method (so a pass that does not
/// handle a new kind does not compile), the walker reaches every node, and the rewriter rebuilds only what changed.
/// </summary>
public sealed class BoundTreeVisitorTests
{
    private const string EveryKind =
        "(age > threshold ? -scores[0] : scores.Where(s => s > 2).Sum()) + round(age, 0) > 1 && !(rosh in [\"HIGH\", \"LOW\"]) && partner.address.town == \"x\"";

    [Fact]
    public void Every_kind_of_bound_node_has_its_own_abstract_visit_method()
    {
        var kinds = typeof(BoundExpression).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(BoundExpression)) && !t.IsAbstract)
            .ToList();
        var methods = typeof(BoundTreeVisitor<object>).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.IsAbstract && m.Name.StartsWith("Visit", StringComparison.Ordinal))
            .ToDictionary(m => m.GetParameters().Single().ParameterType);

        Assert.Equal(kinds.Count, methods.Count);
        Assert.All(kinds, kind => Assert.Equal("Visit" + kind.Name["Bound".Length..], methods[kind].Name));
    }

    [Fact]
    public void Every_kind_of_bound_node_is_dispatched_to_its_own_visit_method()
    {
        var kinds = typeof(BoundExpression).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(BoundExpression)) && !t.IsAbstract)
            .ToList();
        var visitor = new MethodNamer();

        Assert.Equal(Enum.GetValues<BoundKind>().Length, kinds.Count);
        Assert.All(kinds, kind =>
        {
            // The dispatch reads only the node's kind: an instance without its fields set is enough.
            var node = (BoundExpression)RuntimeHelpers.GetUninitializedObject(kind);
            Assert.Equal("Visit" + kind.Name["Bound".Length..], visitor.Visit(node));
            Assert.Equal("Visit" + kind.Name["Bound".Length..], node.Accept(visitor));
        });
    }

    [Fact]
    public void The_walker_reaches_every_node_of_the_tree()
    {
        var bound = TestSchema.CheckValid(EveryKind).Bound;
        var walker = new KindCounter();

        walker.Visit(bound);

        Assert.Equal(
            ["BoundBinary", "BoundCall", "BoundConditional", "BoundIn", "BoundIndex", "BoundInput", "BoundLambdaParameter", "BoundList", "BoundListMethod", "BoundLiteral", "BoundMember", "BoundUnary"],
            walker.Kinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_rewriter_that_changes_nothing_returns_the_same_tree()
    {
        var bound = TestSchema.CheckValid(EveryKind).Bound;

        Assert.Same(bound, new Identity().Visit(bound));
    }

    [Fact]
    public void A_rewriter_rebuilds_the_nodes_above_a_change_and_shares_the_rest()
    {
        var bound = (BoundBinary)TestSchema.CheckValid("(1 + 2) * (3 + 4)").Bound;

        var rewritten = (BoundBinary)new ReplaceThree().Visit(bound);

        Assert.Equal(30d, new ReferenceEvaluator(TestSchema.Record).Evaluate(rewritten));
        Assert.Same(bound.Left, rewritten.Left);
        Assert.NotSame(bound.Right, rewritten.Right);
        Assert.Equal(21d, new ReferenceEvaluator(TestSchema.Record).Evaluate(bound));
    }

    /// <summary>Counts nodes and records their kinds.</summary>
    private sealed class KindCounter : BoundTreeWalker
    {
        public HashSet<string> Kinds { get; } = [];

        public int Count { get; private set; }

        public override bool VisitLiteral(BoundLiteral node) => Counted(node) && base.VisitLiteral(node);

        public override bool VisitInput(BoundInput node) => Counted(node) && base.VisitInput(node);

        public override bool VisitValueReference(BoundValueReference node) => Counted(node) && base.VisitValueReference(node);

        public override bool VisitLambdaParameter(BoundLambdaParameter node) => Counted(node) && base.VisitLambdaParameter(node);

        public override bool VisitMember(BoundMember node) => Counted(node) && base.VisitMember(node);

        public override bool VisitIndex(BoundIndex node) => Counted(node) && base.VisitIndex(node);

        public override bool VisitUnary(BoundUnary node) => Counted(node) && base.VisitUnary(node);

        public override bool VisitBinary(BoundBinary node) => Counted(node) && base.VisitBinary(node);

        public override bool VisitIn(BoundIn node) => Counted(node) && base.VisitIn(node);

        public override bool VisitConditional(BoundConditional node) => Counted(node) && base.VisitConditional(node);

        public override bool VisitList(BoundList node) => Counted(node) && base.VisitList(node);

        public override bool VisitCall(BoundCall node) => Counted(node) && base.VisitCall(node);

        public override bool VisitListMethod(BoundListMethod node) => Counted(node) && base.VisitListMethod(node);

        public override bool VisitError(BoundError node) => Counted(node) && base.VisitError(node);

        private bool Counted(BoundExpression node)
        {
            Kinds.Add(node.GetType().Name);
            Count++;
            return true;
        }
    }

    /// <summary>Answers the name of the method each node was dispatched to.</summary>
    private sealed class MethodNamer : BoundTreeVisitor<string>
    {
        public override string VisitLiteral(BoundLiteral node) => nameof(VisitLiteral);

        public override string VisitInput(BoundInput node) => nameof(VisitInput);

        public override string VisitValueReference(BoundValueReference node) => nameof(VisitValueReference);

        public override string VisitLambdaParameter(BoundLambdaParameter node) => nameof(VisitLambdaParameter);

        public override string VisitMember(BoundMember node) => nameof(VisitMember);

        public override string VisitIndex(BoundIndex node) => nameof(VisitIndex);

        public override string VisitUnary(BoundUnary node) => nameof(VisitUnary);

        public override string VisitBinary(BoundBinary node) => nameof(VisitBinary);

        public override string VisitIn(BoundIn node) => nameof(VisitIn);

        public override string VisitConditional(BoundConditional node) => nameof(VisitConditional);

        public override string VisitList(BoundList node) => nameof(VisitList);

        public override string VisitCall(BoundCall node) => nameof(VisitCall);

        public override string VisitListMethod(BoundListMethod node) => nameof(VisitListMethod);

        public override string VisitError(BoundError node) => nameof(VisitError);
    }

    private sealed class Identity : BoundTreeRewriter;

    private sealed class ReplaceThree : BoundTreeRewriter
    {
        public override BoundExpression VisitLiteral(BoundLiteral node) =>
            node.Value is 3d ? new BoundLiteral(6d, node.Type, node.Span) : node;
    }
}
