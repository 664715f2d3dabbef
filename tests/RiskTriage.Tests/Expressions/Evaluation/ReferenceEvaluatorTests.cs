using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Expressions.Evaluation;
using RiskTriage.Runtime;

namespace RiskTriage.Tests.Expressions.Evaluation;

public sealed class ReferenceEvaluatorTests
{
    private static object? Evaluate(string text) => new ReferenceEvaluator(TestSchema.Record).Evaluate(TestSchema.CheckValid(text).Bound);

    public static TheoryData<string, string> Semantics => new()
    {
        { "1 + 2 * 3", "7" },
        { "unknownScore + 1", "missing" },
        { "unknownScore > 1", "false" },
        { "unknownScore == null", "true" },
        { "unknownScore == unknownScore", "true" },
        { "unknownScore != 1", "true" },
        { "unknownFlag && false", "false" },
        { "unknownFlag && true", "missing" },
        { "unknownFlag || true", "true" },
        { "unknownFlag || false", "missing" },
        { "unknownFlag ? 1 : 2", "2" },
        { "age / 0", "missing" },
        { "age % 0", "missing" },
        { "\"a\" + 1.5", "\"a1.5\"" },
        { "\"a\" + unknownText", "missing" },
        { "rosh in [\"HIGH\"]", "true" },
        { "null in [null]", "true" },
        { "scores[-1]", "missing" },
        { "scores[1.5]", "missing" },
        { "gaps.Sum()", "9" },
        { "gaps.Count()", "3" },
        { "noScores.Min()", "missing" },
        { "noScores.All(s => false)", "true" },
        { "scores.Where(s => s > 2)", "[3, 4, 5]" },
        { "gaps.Distinct().Count()", "2" },
        { "unknownScores.Where(s => s > 2)", "missing" },
        { "partner.address.town", "missing" },
        { "yearsBetween(dob, assessed)", "34" },
        { "round(2.675, 2)", "2.68" },
        { "min(3, 1, 2)", "1" },
        { "sentences.Any(s => !s.terminated && (s.type in [\"NC\", \"SC\"] || s.requirements.Any(r => !r.restrictive && !(r.mainCategory in [\"W\", \"W1\"]))))", "true" },
    };

    [Theory]
    [MemberData(nameof(Semantics))]
    public void Reference_evaluator_follows_the_documented_semantics(string text, string expected)
    {
        Assert.Equal(expected, ValueText.Format(Evaluate(text)));
    }

    [Theory]
    [MemberData(nameof(Semantics))]
    public void Compiled_delegates_agree_with_the_reference_evaluator(string text, string expected)
    {
        var compiled = ExpressionCompiler.CompileToObject<CaseRecord>(TestSchema.CheckValid(text).Bound, RecordDataBinding.Instance)(TestSchema.Record);
        Assert.Equal(expected, ValueText.Format(compiled));
    }

    [Fact]
    public void The_reference_evaluator_refuses_a_tree_with_errors()
    {
        var result = TestSchema.Check("agee > 1");
        Assert.Throws<InvalidOperationException>(() => new ReferenceEvaluator(TestSchema.Record).Evaluate(result.Bound));
    }

    [Fact]
    public void Named_values_without_a_provider_are_missing()
    {
        var scope = new Scope(TestSchema.Scope).Add(new ValueSymbol("total", DataType.Number, "value"));
        var bound = RiskTriage.Expressions.RuleExpression.Check("total + 1", scope).Bound;
        Assert.Null(new ReferenceEvaluator(TestSchema.Record).Evaluate(bound));
        Assert.Equal(3d, new ReferenceEvaluator(TestSchema.Record, _ => 2d).Evaluate(bound));
    }
}
