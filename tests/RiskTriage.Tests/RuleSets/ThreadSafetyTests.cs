namespace RiskTriage.Tests.RuleSets;

/// <summary>One loaded rule set evaluated from many threads at once gives the same decisions as one thread.</summary>
public sealed class ThreadSafetyTests
{
    [Fact]
    public void Many_threads_evaluating_one_rule_set_get_the_same_decisions_as_one_thread()
    {
        // A fresh rule set, so the lazily compiled traced delegate and the typed evaluator are first built under contention.
        var ruleSet = RuleSet.Load(TestPaths.TestRuleSet("example"));
        var cases = ExampleCases.Generate(150);
        var reference = RuleSet.Load(TestPaths.TestRuleSet("example"));
        var expected = cases.Select(c => reference.Evaluate(c.ToJson(), TraceDetail.Full).ToJson()).ToArray();
        var expectedPlain = cases.Select(c => reference.Evaluate(c.ToJson()).ToJson()).ToArray();

        const int threads = 8;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var round = 0; round < 3; round++)
            {
                for (var k = 0; k < cases.Count; k++)
                {
                    var i = (k + (t * 37)) % cases.Count;
                    var viaJson = ruleSet.Evaluate(cases[i].ToJson(), TraceDetail.Full).ToJson();
                    var viaType = ruleSet.EvaluateTyped(cases[i], TraceDetail.Full).ToJson();
                    var plain = (t % 2 == 0 ? ruleSet.EvaluateTyped(cases[i]) : ruleSet.Evaluate(cases[i].ToJson())).ToJson();
                    if (viaJson != expected[i] || viaType != expected[i] || plain != expectedPlain[i])
                    {
                        failures.Add($"thread {t}, case {i}");
                    }
                }
            }
        })).ToList();

        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Empty(failures);
    }

    [Fact]
    public void Binding_many_case_types_at_once_is_safe()
    {
        var ruleSet = RuleSet.Load(TestPaths.TestRuleSet("example"));
        var expected = ruleSet.Evaluate(ExampleCases.VeryHighRisk.ToJson()).ToJson();

        var results = new string[16];
        Parallel.For(0, results.Length, i =>
        {
            results[i] = i % 2 == 0
                ? ruleSet.For<ExampleCase>().Evaluate(ExampleCases.VeryHighRisk).ToJson()
                : ruleSet.EvaluateTyped(new ExampleCaseWithEnums
                {
                    CaseId = "very-high-risk",
                    AsOfDate = new DateTime(2026, 6, 9),
                    Age = 19,
                    PriorOffences = 12,
                    Risk = ExampleRisk.VeryHigh,
                    Flags = ["WEAPON"],
                    Employed = true,
                    Address = new ExampleAddress { Postcode = "ZZ9", Stable = true },
                    Orders =
                    [
                        new ExampleOrderWithEnum { Kind = ExampleOrderKind.Custody, Start = new DateOnly(2025, 3, 1) },
                        new ExampleOrderWithEnum { Kind = ExampleOrderKind.Community, Ended = true, Start = new DateOnly(2023, 1, 1) },
                    ],
                }).ToJson();
        });

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
