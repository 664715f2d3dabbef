using Newtonsoft.Json.Linq;
using RiskTriage.Testing;

namespace RiskTriage.Tests.Testing;

public sealed class RuleTestsFailSafeTests
{
    private static readonly RuleSet Holed = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "score": "number" },
        "rules": [ { "id": "high", "when": "score >= 60", "then": [ { "set": "level", "to": "HIGH" } ] } ],
        "outputs": { "level": { "type": "string", "enum": ["LOW", "HIGH"], "order": "ascending", "value": "'LOW'" } }
        """ + "}");

    private static readonly RuleTestCase NoScore = new("no-score", null, new JObject(),
        new Dictionary<string, JToken> { ["level"] = "LOW" }, null, null, "tests.json");

    [Fact]
    public void A_run_audits_the_test_cases_so_a_hole_shows_though_every_expectation_holds()
    {
        var run = RuleTests.Run(Holed, [NoScore]);

        Assert.Equal(0, run.Failed);
        var finding = Assert.Single(run.FailSafe!.Findings);
        Assert.Equal(("score", "level"), (finding.Input, finding.Output));
    }

    [Fact]
    public void A_run_can_check_the_expectations_only()
    {
        Assert.Null(RuleTests.Run(Holed, [NoScore], failSafeAudit: false).FailSafe);
    }
}
