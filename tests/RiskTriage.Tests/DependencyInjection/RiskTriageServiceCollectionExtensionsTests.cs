using Microsoft.Extensions.DependencyInjection;
using RiskTriage.DependencyInjection;
using Microsoft.Extensions.Options;
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
    public void An_invalid_rule_set_fails_when_first_resolved_with_every_diagnostic()
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
            using var provider = new ServiceCollection().AddRiskTriage(o => o.RuleSetPath = folder).BuildServiceProvider();
            var error = Assert.Throws<RuleSetException>(() => provider.GetRequiredService<TriageService>());
            Assert.Equal(["RT0201", "RT0206"], error.Diagnostics.Select(d => d.Code).Order());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Registration used to load the rule set while services were being registered.</summary>
    [Fact]
    public void Registering_reads_no_files()
    {
        var missing = Path.Combine(Path.GetTempPath(), "risktriage-missing-" + Guid.NewGuid().ToString("N"));

        var services = new ServiceCollection().AddRiskTriage(o => o.RuleSetPath = missing);

        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<RuleSetException>(() => provider.GetRequiredService<RuleSet>());
        Assert.Contains(error.Diagnostics, d => d.Code == "RT0318");
    }

    [Fact]
    public void Without_a_rule_set_the_options_fail_validation_saying_what_is_missing()
    {
        using var provider = new ServiceCollection().AddRiskTriage(_ => { }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<TriageService>());
        Assert.Contains("RuleSetPath", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("watch", "WatchForChanges needs RuleSetPath")]
    [InlineData("delay", "ReloadDelay is -00:00:01")]
    [InlineData("polling", "UsePollingFileWatcher is set but WatchForChanges is not")]
    public void Contradictory_options_fail_validation_with_each_problem(string which, string expected)
    {
        using var provider = new ServiceCollection().AddRiskTriage("next", o =>
        {
            o.RuleSet = DefaultRuleSets.Probation();
            o.WatchForChanges = which == "watch";
            o.ReloadDelay = which == "delay" ? TimeSpan.FromSeconds(-1) : o.ReloadDelay;
            o.UsePollingFileWatcher = which == "polling";
        }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<TriageService>("next"));
        Assert.Contains("AddRiskTriage(\"next\"): " + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_named_rule_sets_are_keyed_services_side_by_side()
    {
        var current = DefaultRuleSets.Probation();
        using var provider = new ServiceCollection()
            .AddRiskTriage(o => o.RuleSet = current)
            .AddRiskTriage("next", o => o.RuleSetPath = TestPaths.TestRuleSet("example"))
            .BuildServiceProvider();

        Assert.Same(current, provider.GetRequiredService<TriageService>().RuleSet);
        Assert.Same(current, provider.GetRequiredService<RuleSet>());
        var next = provider.GetRequiredKeyedService<TriageService>("next");
        Assert.Equal("example", next.RuleSet.Identity.Name);
        Assert.Same(next.RuleSet, provider.GetRequiredKeyedService<RuleSet>("next"));
        Assert.Same(next.RuleSet, provider.GetRequiredKeyedService<RuleSetProvider>("next").Current);
        Assert.Equal("example", next.Evaluate("""{"caseId":"x","asOfDate":"2026-06-09","age":30}""").RuleSet.Name);
    }

    [Fact]
    public void Registering_a_name_twice_says_so()
    {
        var services = new ServiceCollection().AddRiskTriage("next", o => o.RuleSet = DefaultRuleSets.Probation());

        var error = Assert.Throws<InvalidOperationException>(() => services.AddRiskTriage("next", o => o.RuleSet = DefaultRuleSets.Probation()));
        Assert.Contains("AddRiskTriage(\"next\") was called twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_set_given_in_memory_has_no_path_and_cannot_be_reloaded()
    {
        using var provider = new ServiceCollection().AddRiskTriage(o => o.RuleSet = DefaultRuleSets.Probation()).BuildServiceProvider();

        var ruleSets = provider.GetRequiredService<RuleSetProvider>();
        Assert.Null(ruleSets.Path);
        Assert.Throws<InvalidOperationException>(() => ruleSets.Reload());
    }
}
