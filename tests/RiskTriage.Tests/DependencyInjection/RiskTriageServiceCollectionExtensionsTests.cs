using Microsoft.Extensions.DependencyInjection;
using RiskTriage.DependencyInjection;
using RiskTriage.Diagnostics;

namespace RiskTriage.Tests.DependencyInjection;

public sealed class RiskTriageServiceCollectionExtensionsTests
{
    [Fact]
    public void Registers_the_rule_set_and_the_triage_service_as_singletons()
    {
        using var provider = new ServiceCollection()
            .AddRiskTriage(o => o.RuleSetPath = TestPaths.TestRuleSet("example"))
            .BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<RuleSet>(), provider.GetRequiredService<RuleSet>());
        Assert.Same(provider.GetRequiredService<TriageService>(), provider.GetRequiredService<TriageService>());
        var decision = provider.GetRequiredService<TriageService>().Evaluate("""{"caseId":"x","asOfDate":"2026-06-09","age":30}""");
        Assert.Equal("example", decision.RuleSet.Name);
        Assert.Equal("x", decision.CaseId);
    }

    [Fact]
    public void An_invalid_rule_set_fails_at_start_up_with_every_diagnostic()
    {
        var folder = Directory.CreateTempSubdirectory("risktriage-di-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "ruleset.json"), """
                {
                  "ruleSet": { "name": "broken", "version": "1" },
                  "inputs": { "age": "number" },
                  "values": { "a": "agee + 1", "b": "age > \"x\"" }
                }
                """);
            var error = Assert.Throws<RuleSetException>(() => new ServiceCollection().AddRiskTriage(o => o.RuleSetPath = folder));
            Assert.Equal(["RT0201", "RT0206"], error.Diagnostics.Select(d => d.Code).Order());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Without_a_rule_set_registration_says_what_is_missing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddRiskTriage(_ => { }));
        Assert.Contains("RuleSetPath", error.Message, StringComparison.Ordinal);
    }
}
