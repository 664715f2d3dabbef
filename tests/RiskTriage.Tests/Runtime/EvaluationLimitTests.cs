using RiskTriage.Runtime;
using RiskTriage.Tests.Reliability;

namespace RiskTriage.Tests.Runtime;

/// <summary>
/// A rule set that passes its checks can still compute something unbounded from a case: forty named values each
/// joining the one before to itself ("s1 = s0 + s0") ask for a text of 2^40 characters. That threw
/// OutOfMemoryException, which the engine does not catch, losing the whole batch. Now the join fails first, and the
/// case, only that case, is invalid with an error naming the value.
/// </summary>
public sealed class EvaluationLimitTests
{
    private static readonly RuleSet Doubling = Guarded.Load(RuleSetSources.One("{" + RuleSetSources.Header + """
        "inputs": { "caseId": "string", "a": "string" },
        "values": {
        """ + string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"s{i + 1}\": \"s{i} + s{i}\"")) + """
        , "s0": "a" },
        "outputs": { "s40": "string", "n": { "type": "number", "value": "len(a)" } }
        }
        """)).RuleSet!;

    private const string Hostile = """{ "caseId": "big", "a": "xy" }""";
    private const string Harmless = """{ "caseId": "ok" }""";

    private static void AssertTooLong(Decision decision)
    {
        Guarded.Check(decision);
        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Equal("big", decision.CaseId);
        var error = Assert.Single(decision.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("the value 's19' would join texts into one of 1,048,576 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit on a computed text is 1,000,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_past_the_limit_makes_that_case_invalid()
    {
        AssertTooLong(Guarded.Evaluate(Doubling, Hostile));
        AssertTooLong(Guarded.Evaluate(Doubling, Hostile, TraceDetail.Full));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_text_past_the_limit_does_not_lose_the_batch(int parallelism)
    {
        var decisions = Guarded.Run("batch", () => Doubling.EvaluateMany([Harmless, Hostile, Harmless, Hostile, Harmless], new BatchOptions { MaxDegreeOfParallelism = parallelism }).ToList());
        Assert.Equal(["ok", "big", "ok", "big", "ok"], decisions.Select(d => d.CaseId));
        AssertTooLong(decisions[1]);
        AssertTooLong(decisions[3]);
        Assert.All(decisions.Where(d => d.CaseId == "ok"), d => Assert.NotEqual(DecisionStatus.Invalid, d.Status));
    }

    [Fact]
    public void A_typed_case_is_held_to_the_same_limit()
    {
        var decision = Guarded.Run("typed", () => Doubling.EvaluateTyped(new TypedCase { CaseId = "big", A = "xy" }));
        AssertTooLong(decision);
    }

    [Fact]
    public void The_limit_is_exact_and_a_join_at_it_is_made()
    {
        var half = new string('x', EvaluationLimitException.MaxTextLength / 2);
        Assert.Equal(EvaluationLimitException.MaxTextLength, RuntimeFunctions.Concat(half, half)!.Length);
        Assert.Equal(EvaluationLimitException.MaxTextLength, new ConcatSite("v").Concat(half, half)!.Length);
        var error = Assert.Throws<EvaluationLimitException>(() => new ConcatSite("the value 'v'").Concat(half, half + "x"));
        Assert.StartsWith("the value 'v' would join texts into one of 1,000,001 characters", error.Message, StringComparison.Ordinal);
    }

    public sealed class TypedCase
    {
        public string? CaseId { get; set; }

        public string? A { get; set; }
    }
}
