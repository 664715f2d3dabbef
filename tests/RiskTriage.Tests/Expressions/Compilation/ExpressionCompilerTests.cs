using System.Linq.Expressions;
using RiskTriage.Expressions;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Expressions.Evaluation;
using RiskTriage.Runtime;

namespace RiskTriage.Tests.Expressions.Compilation;

public sealed class ExpressionCompilerTests
{
    private static object? Run(string text, CaseRecord? record = null) =>
        ExpressionCompiler.CompileToObject<CaseRecord>(TestSchema.CheckValid(text).Bound, RecordDataBinding.Instance)(record ?? TestSchema.Record);

    private static bool Condition(string text, CaseRecord? record = null) =>
        ExpressionCompiler.CompileCondition<CaseRecord>(TestSchema.CheckValid(text, DataType.Bool).Bound, RecordDataBinding.Instance)(record ?? TestSchema.Record);

    [Theory]
    [InlineData("1 + 2 * 3", 7d)]
    [InlineData("age - score", 31.5)]
    [InlineData("age / 4", 8.5)]
    [InlineData("age % 5", 4d)]
    [InlineData("-score", -2.5)]
    [InlineData("scores.Sum() / len(scores)", 2.8)]
    [InlineData("threshold * 2", 14d)]
    public void Arithmetic_compiles_to_doubles(string text, double expected)
    {
        Assert.Equal(expected, Run(text));
    }

    [Theory]
    [InlineData("unknownFlag")]
    [InlineData("unknownScore > 1")]
    [InlineData("unknownFlag && true")]
    [InlineData("null")]
    [InlineData("unknownScores.Any()")]
    [InlineData("partner.name == \"x\"")]
    public void A_missing_condition_counts_as_false(string text)
    {
        Assert.False(Condition(text));
    }

    [Theory]
    [InlineData("custody")]
    [InlineData("!unknownFlag == null")]
    [InlineData("unknownFlag || true")]
    [InlineData("!(unknownScore > 1)")]
    public void A_true_condition_is_true(string text)
    {
        Assert.True(Condition(text));
    }

    [Fact]
    public void Where_then_Contains_compiles_and_searches_only_the_kept_items()
    {
        Assert.Equal(false, Run("scores.Where(s => s > 2).Contains(1)"));
        Assert.Equal(true, Run("scores.Where(s => s > 2).Contains(4)"));
        Assert.Equal(true, Run("sentences.Where(s => !s.terminated).Any(s => s.type == \"SSO\")"));
    }

    [Fact]
    public void Where_then_Distinct_Count_counts_only_the_kept_items()
    {
        Assert.Equal(3d, Run("scores.Where(s => s > 2).Distinct().Count()"));
        Assert.Equal(1d, Run("codes.Where(c => c == \"RMDO\").Distinct().Count()"));
    }

    [Fact]
    public void Not_of_null_compiles()
    {
        Assert.Null(Run("!null"));
        Assert.Null(Run("-null"));
        Assert.Equal(true, Run("!null || true"));
    }

    [Theory]
    [InlineData("null in [1, null]", true)]
    [InlineData("null in [1, 2]", false)]
    [InlineData("null not in [1, null]", false)]
    [InlineData("null in gaps", true)]
    [InlineData("null in scores", false)]
    [InlineData("unknownScore in [1, null]", true)]
    [InlineData("unknownScore in gaps", true)]
    [InlineData("gaps.Contains(null)", true)]
    [InlineData("[].Contains(name)", false)]
    [InlineData("unknownText in [null]", true)]
    public void A_missing_value_is_in_a_list_exactly_when_the_list_holds_a_missing_item(string text, bool expected)
    {
        Assert.Equal(expected, Run(text));
    }

    [Fact]
    public void Null_items_in_a_list_of_objects_read_as_missing_objects()
    {
        var record = new CaseRecord(new FieldValue[TestSchema.Case.Properties.Count]);
        record.Fields[TestSchema.Case.Find("sentences")!.Index] = FieldValue.OfReference(new CaseRecord?[] { null, null });
        Assert.Equal(2d, Run("sentences.Count()", record));
        Assert.Equal(false, Run("sentences.Any(s => s.terminated)", record));
        Assert.Equal(0d, Run("sentences.Sum(s => s.length)", record));
        Assert.Null(Run("sentences[0].type", record));
        Assert.Null(Run("sentences.Max(s => s.length)", record));
    }

    [Fact]
    public void An_empty_record_gives_missing_values_not_exceptions()
    {
        var record = new CaseRecord(new FieldValue[TestSchema.Case.Properties.Count]);
        foreach (var property in TestSchema.Case.Properties)
        {
            Assert.Null(Run(property.Name, record));
        }

        Assert.Null(Run("offender.address.postcode", record));
        Assert.Equal(false, Run("rosh in [\"HIGH\"]", record));
        Assert.Null(Run("yearsBetween(dob, assessed)", record));
    }

    [Fact]
    public void Where_alone_materialises_a_typed_array()
    {
        var result = Run("scores.Where(s => s >= 3)");
        Assert.Equal(new double?[] { 3, 4, 5 }, Assert.IsType<double?[]>(result));
        Assert.IsType<CaseRecord[]>(Run("sentences.Where(s => s.terminated)"));
    }

    [Fact]
    public void Short_circuit_skips_the_right_side()
    {
        // The right side would read a missing list's item; the left decides, so the result is known either way.
        Assert.Equal(false, Run("false && unknownScores[0] > 1"));
        Assert.Equal(true, Run("true || unknownScores[0] > 1"));
        Assert.Null(Run("unknownScores.Any() && unknownScores.All(s => s > 1)"));
    }

    [Fact]
    public void Named_values_are_read_through_the_provider()
    {
        var total = new ValueSymbol("total", DataType.Number, "value");
        var scope = new Scope(TestSchema.Scope).Add(total);
        var bound = RuleExpression.Check("total * 2 + age", scope).Bound;
        var root = Expression.Parameter(typeof(CaseRecord), "case");
        var body = new ExpressionCompiler(RecordDataBinding.Instance, root, s => Expression.Constant(s == total ? 5.0 : 0.0, typeof(double?))).Compile(bound);
        var run = Expression.Lambda<Func<CaseRecord, object?>>(Expression.Convert(body, typeof(object)), root).Compile();
        Assert.Equal(44d, run(TestSchema.Record));
        Assert.Equal(44d, new ReferenceEvaluator(TestSchema.Record, s => s == total ? 5.0 : null).Evaluate(bound));
    }

    [Fact]
    public void Named_values_without_a_provider_cannot_be_compiled()
    {
        var scope = new Scope(TestSchema.Scope).Add(new ValueSymbol("total", DataType.Number, "value"));
        var bound = RuleExpression.Check("total", scope).Bound;
        Assert.Throws<InvalidOperationException>(() => ExpressionCompiler.CompileToObject<CaseRecord>(bound, RecordDataBinding.Instance));
    }

    [Fact]
    public void A_tree_with_errors_is_refused_by_the_compiler()
    {
        var result = TestSchema.Check("rosch == \"HIGH\"");
        Assert.True(result.HasErrors);
        Assert.Throws<InvalidOperationException>(() => ExpressionCompiler.CompileToObject<CaseRecord>(result.Bound, RecordDataBinding.Instance));
    }

    [Fact]
    public void A_compiled_delegate_can_run_on_many_threads()
    {
        var run = ExpressionCompiler.CompileToObject<CaseRecord>(
            TestSchema.CheckValid("sentences.Where(s => !s.terminated).Sum(s => s.length) + scores.Distinct().Count()").Bound, RecordDataBinding.Instance);
        var results = new object?[64];
        Parallel.For(0, results.Length, i => results[i] = run(TestSchema.Record));
        Assert.All(results, r => Assert.Equal(34d, r));
    }

    [Fact]
    public void Non_finite_numbers_from_functions_are_missing()
    {
        Assert.Null(Run("exp(1000)"));
        Assert.Null(Run("pow(10, 400)"));
        Assert.Null(Run("1e308 / 1e-308"));
        Assert.Null(Run("ln(0)"));
    }
}
