using System.Linq.Expressions;
using System.Reflection;
using RiskTriage.Compilation;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Probation;
using RiskTriage.Tests.Lowering;
using RiskTriage.Tests.Probation;

namespace RiskTriage.Tests.Compilation;

/// <summary>
/// A compiled part reads the frame's arrays and its repeated reference constants once, at its start: the same results
/// as reading them at every use, and (checked on the default rule set's parts) no part left reading them again.
/// </summary>
public sealed class PartInvariantsTests
{
    private static readonly FieldInfo BoolsField = typeof(EvaluationFrame).GetField(nameof(EvaluationFrame.Bools))!;
    private static readonly FieldInfo DoublesField = typeof(EvaluationFrame).GetField(nameof(EvaluationFrame.Doubles))!;

    [Fact]
    public void Frame_arrays_and_repeated_constants_are_read_once_with_the_same_result()
    {
        var frame = Expression.Parameter(typeof(EvaluationFrame), "frame");
        var result = Expression.Parameter(typeof(double[]), "result");
        var table = Expression.Constant(new[] { 10.0, 20.0, 30.0 });
        var once = Expression.Constant(new[] { 5.0 });
        List<Expression> statements =
        [
            Expression.Assign(Expression.ArrayAccess(Expression.Field(frame, BoolsField), Expression.Constant(1)), Expression.Constant(true)),
            Expression.Assign(Expression.ArrayAccess(result, Expression.Constant(0)),
                Expression.Condition(Expression.ArrayIndex(Expression.Field(frame, BoolsField), Expression.Constant(1)),
                    Expression.ArrayIndex(table, Expression.Constant(2)), Expression.ArrayIndex(table, Expression.Constant(0)))),
            Expression.Assign(Expression.ArrayAccess(result, Expression.Constant(1)),
                Expression.Add(Expression.ArrayIndex(Expression.Field(frame, DoublesField), Expression.Constant(3)), Expression.ArrayIndex(once, Expression.Constant(0)))),
        ];

        var variables = new List<ParameterExpression>();
        var hoisted = PartInvariants.Hoist(frame, statements, variables);
        var body = Expression.Block(variables, hoisted);

        Assert.Equal(2, FrameFieldReads(body, frame));
        Assert.Equal(1, ConstantUses(body, table.Value!));
        Assert.Equal(1, ConstantUses(body, once.Value!));
        // The constant used once stays where it is used; the repeated one and the two arrays have locals.
        Assert.Equal(3, variables.Count);

        var evaluationFrame = EvaluationFrame.Create(new FrameLayout(Doubles: 4, NullableDoubles: 0, Bools: 2, NullableBools: 0, Strings: 0, Dates: 0, Objects: 0));
        evaluationFrame.Doubles[3] = 1.5;
        var output = new double[2];
        Expression.Lambda<Action<EvaluationFrame, double[]>>(body, frame, result).Compile()(evaluationFrame, output);

        Assert.True(evaluationFrame.Bools[1]);
        Assert.Equal([30.0, 6.5], output);
    }

    [Fact]
    public void A_nested_lambda_keeps_its_own_reads()
    {
        var frame = Expression.Parameter(typeof(EvaluationFrame), "frame");
        var outlined = ExpressionCompiler.Outline(Expression.Assign(
            Expression.ArrayAccess(Expression.Field(frame, BoolsField), Expression.Constant(0)), Expression.Constant(true)));

        var variables = new List<ParameterExpression>();
        var hoisted = PartInvariants.Hoist(frame, [outlined], variables);

        // A local of the part read inside the outlined method would have to be captured in a closure.
        Assert.Empty(variables);
        Assert.Same(outlined, Assert.Single(hoisted));
    }

    [Fact]
    public void No_part_of_the_default_rule_set_reads_a_frame_array_or_a_reference_constant_twice()
    {
        var parts = LoweringTestKit.Parts<ProbationCase>(RuleSet.Load(ProbationRuleSetTests.ProbationPath));

        Assert.True(parts.Count > 3);
        foreach (var part in parts)
        {
            var walker = new Reads(part.Parameters[2]);
            walker.Visit(part.Body);
            Assert.All(walker.FieldReads, read => Assert.True(read.Value == 1, $"{part.Name} reads frame.{read.Key.Name} {read.Value} times"));
            Assert.All(walker.ConstantReads, read => Assert.True(read.Value == 1, $"{part.Name} reads the constant {read.Key} {read.Value} times"));
            Assert.NotEmpty(walker.FieldReads);
        }
    }

    private static int FrameFieldReads(Expression body, ParameterExpression frame)
    {
        var walker = new Reads(frame);
        walker.Visit(body);
        return walker.FieldReads.Values.Sum();
    }

    private static int ConstantUses(Expression body, object value)
    {
        var walker = new Reads(null);
        walker.Visit(body);
        return walker.ConstantReads.GetValueOrDefault(value);
    }

    /// <summary>Counts reads of the frame's fields and uses of reference constants (not texts), outside nested lambdas.</summary>
    private sealed class Reads(ParameterExpression? frame) : ExpressionVisitor
    {
        public Dictionary<FieldInfo, int> FieldReads { get; } = [];

        public Dictionary<object, int> ConstantReads { get; } = new(ReferenceEqualityComparer.Instance);

        protected override Expression VisitMember(MemberExpression node)
        {
            if (frame is not null && node.Expression == frame && node.Member is FieldInfo field)
            {
                FieldReads[field] = FieldReads.GetValueOrDefault(field) + 1;
            }

            return base.VisitMember(node);
        }

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (node.Value is not null and not string && !node.Type.IsValueType)
            {
                ConstantReads[node.Value] = ConstantReads.GetValueOrDefault(node.Value) + 1;
            }

            return node;
        }

        protected override Expression VisitLambda<T>(Expression<T> node) => node;
    }
}
