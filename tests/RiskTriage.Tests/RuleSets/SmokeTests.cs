namespace RiskTriage.Tests.RuleSets;

public sealed class SmokeTests
{
    [Fact]
    public void Example_rule_set_loads_and_evaluates()
    {
        if (!RuleSet.TryLoad(TestPaths.TestRuleSet("example"), out var ruleSet, out var diagnostics))
        {
            Assert.Fail(string.Join("\n", diagnostics));
        }

        var decision = ruleSet!.Evaluate("""
            {"caseId":"c1","asOfDate":"2026-06-09","age":20,"priorOffences":3,"risk":"HIGH","flags":["GANG"],"employed":false,
             "address":{"postcode":"AB1","stable":false},"orders":[{"kind":"CUSTODY","ended":false,"start":"2024-01-01"}]}
            """, TraceLevel.Full);
        Assert.Fail(decision.ToJson() + "\n" + string.Join("\n", ruleSet.Warnings));
    }
}
