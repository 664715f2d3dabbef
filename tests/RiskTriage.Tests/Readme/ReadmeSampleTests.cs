using Microsoft.Extensions.DependencyInjection;
using RiskTriage.DependencyInjection;
using RiskTriage.Probation;

namespace RiskTriage.Tests.Readme;

/// <summary>The code sample in the README runs as written and says what it claims.</summary>
public sealed class ReadmeSampleTests
{
    [Fact]
    public void Readme_library_sample_works_as_described()
    {
        var ruleSet = RuleSet.Load(Path.Combine(TestPaths.Rules, "probation"));

        var decision = ruleSet.Evaluate("""{"caseId":"c1","asOfDate":"2026-06-09","gender":"Male","rsrScore":7.1}""");
        Assert.Equal("B0", decision["tier"].AsString);
        Assert.Equal(DecisionStatus.ReviewRequired, decision.Status);
        Assert.StartsWith("{\"ruleSet\":{\"name\":\"probation\"", decision.ToJson(), StringComparison.Ordinal);

        var typed = ruleSet.Evaluate(new ProbationCase { CaseId = "c2", AsOfDate = new DateOnly(2026, 6, 9), Gender = "Female" }, TraceDetail.Full);
        Assert.Equal("c2", typed.CaseId);
        Assert.NotEmpty(typed.Trace!);

        var services = new ServiceCollection().AddRiskTriage(o => o.RuleSetPath = Path.Combine(TestPaths.Rules, "probation"));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(ruleSet.Identity, provider.GetRequiredService<TriageService>().RuleSet.Identity);
    }

    [Fact]
    public void Readme_gives_exactly_the_two_set_up_commands_that_ci_runs()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        Assert.Contains("dotnet run --project src/RiskTriage.Cli -c Release -- eval rules/probation rules/probation/examples/cases.json", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet test RiskTriage.sln -c Release", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet test RiskTriage.sln -c Release", File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, ".ci", "run")), StringComparison.Ordinal);
    }
}
