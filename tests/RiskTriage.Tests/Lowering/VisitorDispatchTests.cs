using System.Runtime.CompilerServices;
using RiskTriage.Lowering;

namespace RiskTriage.Tests.Lowering;

/// <summary>
/// The lowered form's visitors dispatch on each op's and check's kind with a switch: every kind reaches the visit
/// method of its own record, whether through <c>Visit</c> or <c>Accept</c>.
/// </summary>
public sealed class VisitorDispatchTests
{
    [Fact]
    public void Every_kind_of_op_is_dispatched_to_its_own_visit_method()
    {
        var visitor = new OpMethodNamer();
        EveryKindReachesItsMethod<LoweredOp>(Enum.GetValues<LoweredOpKind>().Length, visitor.Visit, op => op.Accept(visitor), kind => "Visit" + kind.Name);
    }

    [Fact]
    public void Every_kind_of_input_check_is_dispatched_to_its_own_visit_method()
    {
        var visitor = new CheckMethodNamer();
        // RequiredCheck is VisitRequired, ObjectChecks is VisitObject.
        EveryKindReachesItsMethod<InputCheck>(Enum.GetValues<InputCheckKind>().Length, visitor.Visit, check => check.Accept(visitor),
            kind => "Visit" + kind.Name.Replace("Checks", string.Empty, StringComparison.Ordinal).Replace("Check", string.Empty, StringComparison.Ordinal));
    }

    /// <summary>
    /// Each concrete kind of <typeparamref name="TNode"/>, one for each named kind, reaches the method named by
    /// <paramref name="expected"/> through the visitor's <c>Visit</c> and the node's <c>Accept</c>.
    /// </summary>
    private static void EveryKindReachesItsMethod<TNode>(int namedKinds, Func<TNode, string> visit, Func<TNode, string> accept, Func<Type, string> expected)
    {
        var kinds = typeof(TNode).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(TNode)) && !t.IsAbstract).ToList();

        Assert.Equal(namedKinds, kinds.Count);
        Assert.All(kinds, kind =>
        {
            // The dispatch reads only the kind: an instance without its fields set is enough.
            var node = (TNode)RuntimeHelpers.GetUninitializedObject(kind);
            Assert.Equal(expected(kind), visit(node));
            Assert.Equal(expected(kind), accept(node));
        });
    }

    /// <summary>Answers the name of the method each op was dispatched to.</summary>
    private sealed class OpMethodNamer : LoweredOpVisitor<string>
    {
        public override string VisitCompute(Compute op) => nameof(VisitCompute);

        public override string VisitTest(Test op) => nameof(VisitTest);

        public override string VisitSum(Sum op) => nameof(VisitSum);

        public override string VisitSelectBand(SelectBand op) => nameof(VisitSelectBand);

        public override string VisitFirstMatch(FirstMatch op) => nameof(VisitFirstMatch);

        public override string VisitAllMatches(AllMatches op) => nameof(VisitAllMatches);

        public override string VisitChoose(Choose op) => nameof(VisitChoose);

        public override string VisitAddReviews(AddReviews op) => nameof(VisitAddReviews);

        public override string VisitWriteOutput(WriteOutput op) => nameof(VisitWriteOutput);
    }

    /// <summary>Answers the name of the method each check was dispatched to.</summary>
    private sealed class CheckMethodNamer : InputCheckVisitor<string>
    {
        public override string VisitRequired(RequiredCheck check) => nameof(VisitRequired);

        public override string VisitEnum(EnumCheck check) => nameof(VisitEnum);

        public override string VisitNumberRange(NumberRangeCheck check) => nameof(VisitNumberRange);

        public override string VisitDateRange(DateRangeCheck check) => nameof(VisitDateRange);

        public override string VisitText(TextCheck check) => nameof(VisitText);

        public override string VisitObject(ObjectChecks check) => nameof(VisitObject);

        public override string VisitList(ListChecks check) => nameof(VisitList);
    }
}
