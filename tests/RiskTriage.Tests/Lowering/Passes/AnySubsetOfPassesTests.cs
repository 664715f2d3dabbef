using RiskTriage.Benchmarks.Baseline;
using RiskTriage.Lowering.Passes;
using RiskTriage.Probation;
using RiskTriage.Tests.Differential;
using RiskTriage.Tests.Probation;

namespace RiskTriage.Tests.Lowering.Passes;

/// <summary>
/// Every pass over the lowered form is optional: the LINQ emitter's code gives the same decisions (outputs, review
/// reasons, errors and trace) with any subset of them as with all of them.
/// </summary>
public sealed class AnySubsetOfPassesTests
{
    private static readonly LoweringPasses[] Subsets = [.. Enumerable.Range(0, (int)LoweringPasses.All + 1).Select(i => (LoweringPasses)i)];

    [Fact]
    public void The_probation_rule_set_decides_alike_with_every_subset_of_passes_traced_or_not()
    {
        var ruleSet = ProbationRuleSetTests.Probation;
        var cases = ProbationCaseGenerator.Generate(300, seed: 18);
        var all = LoweringTestKit.Typed<ProbationCase>(ruleSet, LoweringPasses.All);
        var decisions = cases.Select(c => all(c, TraceDetail.None)).ToList();
        var expected = decisions.Select(d => d.ToJson()).ToList();
        var expectedTraced = cases.Take(40).Select(c => all(c, TraceDetail.Full).ToJson()).ToList();
        Assert.Contains(decisions, d => d.Status == DecisionStatus.Invalid);
        Assert.Contains(decisions, d => d.Status == DecisionStatus.ReviewRequired);

        foreach (var passes in Subsets)
        {
            var evaluate = LoweringTestKit.Typed<ProbationCase>(ruleSet, passes);
            for (var i = 0; i < cases.Length; i++)
            {
                Assert.True(expected[i] == evaluate(cases[i], TraceDetail.None).ToJson(), $"passes {passes}, case {i}");
            }

            for (var i = 0; i < expectedTraced.Count; i++)
            {
                Assert.True(expectedTraced[i] == evaluate(cases[i], TraceDetail.Full).ToJson(), $"passes {passes}, traced case {i}");
            }
        }
    }

    [Fact]
    public void Random_rule_sets_of_every_element_kind_and_hit_policy_decide_alike_with_passes_off()
    {
        const int RuleSets = 120;
        const int Cases = 25;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, RuleSets, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            var ruleSet = RuleSet.LoadFromSources(new Dictionary<string, string> { ["ruleset.json"] = RuleSetGenerator.Generate(seed) });
            var all = LoweringTestKit.Typed<DiffCase>(ruleSet, LoweringPasses.All);
            var evaluators = new[] { LoweringPasses.None, LoweringPasses.TableIndexing, LoweringPasses.ConstantOutputs, LoweringPasses.Partitioning, LoweringPasses.Nullability, LoweringPasses.EnumCodes }
                .Select(p => (Passes: p, Evaluate: LoweringTestKit.Typed<DiffCase>(ruleSet, p))).ToList();
            var random = new Random(seed);
            for (var i = 0; i < Cases; i++)
            {
                var @case = RuleSetGenerator.Case(random, i);
                var detail = i % 5 == 0 ? TraceDetail.Full : TraceDetail.None;
                var expected = all(@case, detail).ToJson();
                foreach (var (passes, evaluate) in evaluators)
                {
                    var actual = evaluate(@case, detail).ToJson();
                    if (actual != expected)
                    {
                        failures.Add($"seed {seed}, case {i}, passes {passes}:\nall:  {expected}\nthis: {actual}");
                        return;
                    }
                }
            }
        });

        Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Take(3)));
    }
}
