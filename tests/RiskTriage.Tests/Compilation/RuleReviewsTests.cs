using System.Globalization;

namespace RiskTriage.Tests.Compilation;

/// <summary>
/// The rules' review reasons, added by one walk over the rules' flags: in rule order for any count of rules (one mask
/// word, several, and more rules than the mask holds), and with the reasons' list made once at its final size.
/// </summary>
public sealed class RuleReviewsTests
{
    // Rule i fires when n is a multiple of (i % 7) + 1, so different cases fire different, interleaved sets of rules.
    private static RuleSet RuleSetWith(int rules)
    {
        var list = string.Join(", ", Enumerable.Range(0, rules).Select(i => $$"""
            { "id": "r{{i}}", "description": "rule {{i}}", "when": "n % {{(i % 7) + 1}} == 0", "then": [ { "review": "R{{i}}", "message": "rule {{i}} fired" } ] }
            """));
        return RuleSetSources.Load("{" + RuleSetSources.Header + $$"""
            "inputs": { "n": "number" },
            "rules": [ {{list}} ],
            "outputs": { "n": "number" }
            }
            """, new RuleSetOptions { Limits = new RuleSetLimits { MaxCaseErrors = 5_000 } });
    }

    private static string[] Expected(int rules, int n) =>
        [.. Enumerable.Range(0, rules).Where(i => n % ((i % 7) + 1) == 0).Select(i => "R" + i.ToString(CultureInfo.InvariantCulture))];

    [Theory]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(130)]
    [InlineData(1_100)]
    public void Every_fired_rule_gives_its_reason_in_rule_order(int rules)
    {
        var ruleSet = RuleSetWith(rules).For<NumberCase>();
        foreach (var n in new[] { 1, 2, 6, 35, 420, 421 })
        {
            var decision = ruleSet.Evaluate(new NumberCase { N = n });

            Assert.Equal(Expected(rules, n), decision.ReviewReasons.Select(r => r.Code));
        }
    }

    [Fact]
    public void A_case_no_rule_fires_for_has_no_reasons()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "n": "number" },
            "rules": [ { "id": "big", "description": "big", "when": "n > 10", "then": [ { "review": "BIG", "message": "big" } ] } ],
            "outputs": { "n": "number" }
            }
            """).For<NumberCase>();

        Assert.Equal(DecisionStatus.Complete, ruleSet.Evaluate(new NumberCase { N = 1 }).Status);
        Assert.Empty(ruleSet.Evaluate(new NumberCase { N = 1 }).ReviewReasons);
    }

    [Fact]
    public void The_reasons_list_is_made_once_at_its_size()
    {
        // 420 is a multiple of 1 to 7, so all 40 rules fire; 421 is prime, so only the rules testing "n % 1" fire
        // (0, 7, ..., 35: six). Grown from 4 by doubling, the list would allocate arrays of 4, 8, 16, 32 and 64
        // references for 40 reasons and of 4 and 8 for six: 968 bytes more; made at its size, 34 references more.
        var ruleSet = RuleSetWith(40).For<NumberCase>();
        var all = new NumberCase { N = 420 };
        var six = new NumberCase { N = 421 };
        Assert.Equal(40, ruleSet.Evaluate(all).ReviewReasons.Count);
        Assert.Equal(6, ruleSet.Evaluate(six).ReviewReasons.Count);

        var before = GC.GetAllocatedBytesForCurrentThread();
        ruleSet.Evaluate(six);
        var withSix = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        ruleSet.Evaluate(all);
        var withAll = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(withAll - withSix, 1, (40 - 6) * 8 + 16);
    }

    public sealed class NumberCase
    {
        public double? N { get; set; }
    }
}
