using Newtonsoft.Json.Linq;
using RiskTriage.Cli.Tests.Infrastructure;

namespace RiskTriage.Cli.Tests;

public class ValidateCommandTests
{
    private static string Broken => Path.Combine(Repo.TestData, "broken-ruleset");

    [Fact]
    public void Rule_set_with_mistakes_lists_every_diagnostic_with_source_line_and_caret()
    {
        var result = Tool.Run("validate", Broken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("scoring.json(5,35): error RT0201: unknown input 'agee'; did you mean 'age'?", result.Stdout);
        Assert.Contains("ruleset.json(11,5): warning RT0323:", result.Stdout);
        Assert.Contains("3 errors, 1 warning", result.Stdout);
        Assert.Equal("", result.Stderr);
        Golden.Verify("validate-broken-text", result.ToGolden());
    }

    [Fact]
    public void Json_format_gives_an_array_of_diagnostics_for_editors()
    {
        var result = Tool.Run("validate", Broken, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        var diagnostics = JArray.Parse(result.Stdout);
        Assert.Equal(4, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal(
            ["file", "line", "column", "length", "severity", "code", "message", "jsonPath"],
            ((JObject)d).Properties().Select(p => p.Name).ToArray()));
        Assert.Equal(3, diagnostics.Count(d => (string?)d["severity"] == "error"));
        Golden.Verify("validate-broken-json", result.ToGolden());
    }

    [Fact]
    public void Probation_rule_set_is_valid()
    {
        var result = Tool.Run("validate", Repo.Probation);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^probation \S+: 0 errors, \d+ warnings?\n$", result.Stdout);
    }

    [Fact]
    public void A_single_rule_file_can_be_validated()
    {
        var result = Tool.Run("validate", Path.Combine(Broken, "scoring.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("scoring.json(5,35): error RT0201", result.Stdout);
    }
}
