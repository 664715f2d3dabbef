using Microsoft.Extensions.DependencyInjection;
using RiskTriage.DependencyInjection;
using RiskTriage.Probation;

namespace RiskTriage.Tests.Readme;

/// <summary>The code sample in the README runs as written and says what it claims.</summary>
public sealed class ReadmeSampleTests
{
    // The statements of the README's first sample (.ci/run also builds and runs it, unchanged, against the package).
    [Fact]
    public void Readme_library_sample_works_as_described()
    {
        RuleSet ruleSet = DefaultRuleSets.Probation();

        Decision decision = ruleSet.Evaluate("""{"caseId":"c1","asOfDate":"2026-06-09","gender":"Male","rsrScore":7.1}""");
        Assert.Equal("B0", decision["tier"].ToString());
        Assert.Equal(DecisionStatus.ReviewRequired, decision.Status);
        Assert.Contains(decision.ReviewReasons, r => r.Code == "NO_ROSH");
        Assert.Contains(decision.ReviewReasons, r => r.Code == "NO_SENTENCES");
        Assert.StartsWith("{\"ruleSet\":{\"name\":\"probation\"", decision.ToJson(), StringComparison.Ordinal);

        Decision typed = ruleSet.EvaluateTyped(new ProbationCase { CaseId = "c2", AsOfDate = new DateOnly(2026, 6, 9), Gender = "Female" },
            TraceDetail.Full);
        Assert.Equal("c2", typed.CaseId);
        Assert.NotEmpty(typed.Trace!);

        var services = new ServiceCollection().AddRiskTriage(o => o.RuleSet = ruleSet);
        using var provider = services.BuildServiceProvider();
        Assert.Same(ruleSet, provider.GetRequiredService<TriageService>().RuleSet);
    }

    [Fact]
    public void Readme_first_sample_needs_no_rule_files()
    {
        var sample = CSharpBlocks(Readme()).First();

        // A package user has no rules/ folder: the first sample must use the rule set embedded in the package.
        Assert.Contains("DefaultRuleSets.Probation()", sample, StringComparison.Ordinal);
        Assert.DoesNotContain("RuleSet.Load(", sample, StringComparison.Ordinal);
        Assert.DoesNotContain("RuleSet.TryLoad(", sample, StringComparison.Ordinal);
        Assert.DoesNotContain("RuleSetPath", sample, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_line_in_the_docs_builds_in_release_like_the_set_up()
    {
        // One configuration everywhere, so following the docs never builds the solution twice.
        var docs = new[] { "README.md", Path.Combine("rules", "probation", "README.md") };
        var debug = docs
            .SelectMany(d => File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, d)).Select((line, i) => (d, i, line)))
            .Where(l => System.Text.RegularExpressions.Regex.IsMatch(l.line, @"dotnet (run|test|build)\b(?![^`]*-c Release)"))
            .Select(l => $"{l.d}({l.i + 1}): {l.line.Trim()}")
            .ToList();

        Assert.True(debug.Count == 0, "These commands do not build with -c Release:\n" + string.Join("\n", debug));
    }

    [Fact]
    public void Readme_gives_exactly_the_two_set_up_commands_that_ci_runs()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        Assert.Contains("dotnet run --project src/RiskTriage.Cli -c Release -- eval rules/probation rules/probation/examples/cases.json", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet test RiskTriage.sln -c Release", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet test RiskTriage.sln -c Release", File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, ".ci", "run")), StringComparison.Ordinal);
    }

    private static string Readme() => File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

    private static IEnumerable<string> CSharpBlocks(string markdown) =>
        System.Text.RegularExpressions.Regex.Matches(markdown, "^```csharp\n(.*?)^```$", System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value);
}
