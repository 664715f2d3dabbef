using System.Globalization;
using System.Runtime.CompilerServices;
using RiskTriage.Compilation;

namespace RiskTriage.Tests.Compilation;

/// <summary>
/// The rules' review reasons, added by one walk over the rules' flags: in rule order for any count of rules (one mask
/// word, several, and more rules than the mask holds), and with the reasons' list made once at its final size. The
/// flags are the frame's first bool slots in the reasons' order, read sixteen at a time: every count around the
/// groups of sixteen, and a rule with two reasons.
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
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(65)]
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
        // More than 64 rules' reasons are not kept as one mask word but listed as they are added. 420 is a multiple of
        // 1 to 7, so all 100 rules fire; 421 is prime, so only the rules testing "n % 1" fire (0, 7, ..., 98: 15).
        // Grown from 4 by doubling, the list would allocate arrays of 4 to 128 references for 100 reasons and of 4 to 16
        // for 15: 1,400 bytes more; made at its size, 85 references more.
        var ruleSet = RuleSetWith(100).For<NumberCase>();
        var all = new NumberCase { N = 420 };
        var six = new NumberCase { N = 421 };
        Assert.Equal(100, ruleSet.Evaluate(all).ReviewReasons.Count);
        Assert.Equal(15, ruleSet.Evaluate(six).ReviewReasons.Count);

        var before = GC.GetAllocatedBytesForCurrentThread();
        ruleSet.Evaluate(six);
        var withSix = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        ruleSet.Evaluate(all);
        var withAll = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(withAll - withSix, 1, (100 - 15) * 8 + 16);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(100)]
    [InlineData(1_025)]
    public void The_flags_in_the_first_slots_give_their_reasons_in_order(int rules)
    {
        var reasons = Enumerable.Range(0, rules).Select(i => new ReviewReason("R" + i.ToString(CultureInfo.InvariantCulture), "m", null)).ToArray();
        var table = new RuleReviews(reasons);
        var random = new Random(rules);
        for (var n = 0; n < 20; n++)
        {
            // Slots after the reasons' (the padding to a group of sixteen, then other values) are set here, and are not flags.
            var fired = Enumerable.Range(0, RuleReviews.Slots(rules) + 4).Select(i => i >= rules || random.Next(3) == 0).ToArray();
            var decision = RuleSetWith(1).NewDecision(null, TraceDetail.None);
            table.AddTo(decision, fired);

            Assert.Equal(reasons.Where((_, i) => fired[i]).Select(r => r.Code), decision.ReviewReasons.Select(r => r.Code));
        }
    }

    [Theory]
    [InlineData(0, 100, 40, 0)]
    [InlineData(1, 100, 40, 0)]
    [InlineData(3, 100, 70, 0)]
    [InlineData(0, 5, 40, 0)]
    [InlineData(2, 5, 40, 0)]
    [InlineData(5, 5, 40, 0)]
    [InlineData(0, 1, 3, 0)]
    [InlineData(0, 100, 40, 3)]
    [InlineData(0, 100, 70, 3)]
    [InlineData(0, 20, 40, 5)]
    [InlineData(0, 5, 40, 3)]
    [InlineData(0, 3, 3, 2)]
    [InlineData(0, 2, 3, 2)]
    [InlineData(1, 20, 40, 5)]
    public void The_rules_reasons_list_as_if_added_one_at_a_time(int before, int maxListed, int rules, int after)
    {
        // The rules' reasons go into the list in one step (kept as which rules fired); a decision that already has
        // reasons (a missing input's), or more reasons than are listed, or reasons added after them (a non-finite
        // output's), must come out as adding each reason in turn makes it: the earlier reasons first, the later ones
        // last, at most maxListed listed, and the rest counted in the last reason, in the list and in the JSON.
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "n": "number" },
            "outputs": { "n": "number" }
            }
            """, new RuleSetOptions { Limits = new RuleSetLimits { MaxCaseErrors = maxListed } });
        var reasons = Enumerable.Range(0, rules).Select(i => new ReviewReason("R" + i.ToString(CultureInfo.InvariantCulture), "m", null)).ToArray();
        var earlier = Enumerable.Range(0, before).Select(i => new ReviewReason("E" + i.ToString(CultureInfo.InvariantCulture), "m", null)).ToArray();
        var later = Enumerable.Range(0, after).Select(i => new ReviewReason("L" + i.ToString(CultureInfo.InvariantCulture), "m", null)).ToArray();
        var random = new Random((before * 1_000) + (maxListed * 10) + after);
        for (var n = 0; n < 20; n++)
        {
            var fired = Enumerable.Range(0, RuleReviews.Slots(rules)).Select(i => i < rules && random.Next(2) == 0).ToArray();
            var decision = ruleSet.NewDecision(null, TraceDetail.None);
            var expected = ruleSet.NewDecision(null, TraceDetail.None);
            foreach (var reason in earlier)
            {
                decision.AddReview(reason);
                expected.AddReview(reason);
            }

            new RuleReviews(reasons).AddTo(decision, fired);
            foreach (var reason in reasons.Where((_, i) => fired[i]).Concat(later))
            {
                expected.AddReview(reason);
            }

            foreach (var reason in later)
            {
                decision.AddReview(reason);
            }

            Assert.Equal(expected.Status, decision.Status);

            Assert.Equal(expected.ReviewReasons.Select(r => r.Code + " " + r.Message), decision.ReviewReasons.Select(r => r.Code + " " + r.Message));
            if (!expected.ReviewReasons.Any(r => r.Code == Decision.MoreReviewReasonsCode))
            {
                // Listed in full: every reading gets the same list (one with the count of the rest is made per reading).
                Assert.Same(decision.ReviewReasons, decision.ReviewReasons);
            }
            Assert.Equal(expected.ToJson(), decision.ToJson());
        }
    }

    [Fact]
    public void Any_non_zero_byte_of_a_flag_counts_as_fired()
    {
        var reasons = Enumerable.Range(0, 40).Select(i => new ReviewReason("R" + i.ToString(CultureInfo.InvariantCulture), "m", null)).ToArray();
        var fired = new bool[RuleReviews.Slots(40)];
        byte two = 2;
        byte high = 0x80;
        fired[3] = Unsafe.As<byte, bool>(ref two);
        fired[20] = Unsafe.As<byte, bool>(ref high);
        fired[35] = Unsafe.As<byte, bool>(ref two);
        var decision = RuleSetWith(1).NewDecision(null, TraceDetail.None);
        new RuleReviews(reasons).AddTo(decision, fired);

        Assert.Equal(["R3", "R20", "R35"], decision.ReviewReasons.Select(r => r.Code));
    }

    [Fact]
    public void A_rule_with_two_reasons_gives_both_in_rule_order()
    {
        // "both" has two reasons: its one flag is stored in the slots of both.
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "n": "number" },
            "values": { "doubled": { "expr": "n * 2" } },
            "rules": [
              { "id": "late", "description": "late", "when": "doubled > 10", "then": [ { "review": "LATE", "message": "late" } ] },
              { "id": "both", "description": "both", "when": "n > 1", "then": [ { "review": "FIRST", "message": "first" }, { "review": "SECOND", "message": "second" } ] },
              { "id": "small", "description": "small", "when": "n < 4", "then": [ { "review": "SMALL", "message": "small" } ] }
            ],
            "outputs": { "n": "number", "doubled": "number" }
            }
            """).For<NumberCase>();

        Assert.Equal(["FIRST", "SECOND", "SMALL"], ruleSet.Evaluate(new NumberCase { N = 3 }).ReviewReasons.Select(r => r.Code));
        Assert.Equal(["LATE", "FIRST", "SECOND"], ruleSet.Evaluate(new NumberCase { N = 6 }).ReviewReasons.Select(r => r.Code));
        Assert.Equal(["SMALL"], ruleSet.Evaluate(new NumberCase { N = 1 }).ReviewReasons.Select(r => r.Code));
    }

    public sealed class NumberCase
    {
        public double? N { get; set; }
    }
}
