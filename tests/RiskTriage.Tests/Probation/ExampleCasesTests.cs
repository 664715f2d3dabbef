using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace RiskTriage.Tests.Probation;

/// <summary>The example cases the README's main command triages reach every part of the default rule set.</summary>
public sealed class ExampleCasesTests(ITestOutputHelper output)
{
    private static IReadOnlyList<Decision> Decide() =>
        JArray.Parse(File.ReadAllText(Path.Combine(ProbationRuleSetTests.ProbationPath, "examples", "cases.json")))
            .Select(c => ProbationRuleSetTests.Probation.Evaluate((JObject)c))
            .ToList();

    [Fact]
    public void Examples_reach_every_protect_letter_change_digit_an_S_tier_every_pathway_and_a_review()
    {
        var decisions = Decide();
        foreach (var d in decisions)
        {
            output.WriteLine($"{d.CaseId}: {d.Status} tier {d["tier"]} v3 {d["tierV3"]} pathway {d["programmePathway"]} programme {d["programme"]} reviews [{string.Join(", ", d.ReviewReasons.Select(r => r.Code))}]");
        }

        Assert.InRange(decisions.Count, 10, 15);
        Assert.DoesNotContain(decisions, d => d.Status == DecisionStatus.Invalid);
        Assert.Equal(["A", "B", "C", "D"], decisions.Select(d => d["protectLevel"].AsString!).Distinct().Order());
        Assert.Equal([0d, 1, 2, 3], decisions.Select(d => d["changeLevel"].AsNumber!.Value).Distinct().Order());
        Assert.Contains(decisions, d => d["tier"].AsString!.EndsWith('S'));
        Assert.Equal(["ALTERNATIVE_PATHWAY", "HIGH_INTENSITY_BC", "MISSING_INFORMATION", "MODERATE_INTENSITY_BC"],
            decisions.Select(d => d["programmePathway"].AsString!).Distinct().Order());
        Assert.Contains(decisions, d => d.Status == DecisionStatus.ReviewRequired);
        Assert.Contains(decisions, d => d.Status == DecisionStatus.Complete);
    }
}
