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
        var kinds = ConcreteKindsOf(typeof(LoweredOp));
        var visitor = new OpMethodNamer();

        Assert.Equal(Enum.GetValues<LoweredOpKind>().Length, kinds.Count);
        Assert.All(kinds, kind =>
        {
            // The dispatch reads only the op's kind: an instance without its fields set is enough.
            var op = (LoweredOp)RuntimeHelpers.GetUninitializedObject(kind);
            Assert.Equal("Visit" + kind.Name, visitor.Visit(op));
            Assert.Equal("Visit" + kind.Name, op.Accept(visitor));
        });
    }

    [Fact]
    public void Every_kind_of_input_check_is_dispatched_to_its_own_visit_method()
    {
        var kinds = ConcreteKindsOf(typeof(InputCheck));
        var visitor = new CheckMethodNamer();

        Assert.Equal(Enum.GetValues<InputCheckKind>().Length, kinds.Count);
        Assert.All(kinds, kind =>
        {
            var check = (InputCheck)RuntimeHelpers.GetUninitializedObject(kind);
            // RequiredCheck is VisitRequired, ObjectChecks is VisitObject.
            var expected = "Visit" + kind.Name.Replace("Checks", string.Empty, StringComparison.Ordinal).Replace("Check", string.Empty, StringComparison.Ordinal);
            Assert.Equal(expected, visitor.Visit(check));
            Assert.Equal(expected, check.Accept(visitor));
        });
    }

    private static List<Type> ConcreteKindsOf(Type root) =>
        [.. root.Assembly.GetTypes().Where(t => t.IsSubclassOf(root) && !t.IsAbstract)];

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
