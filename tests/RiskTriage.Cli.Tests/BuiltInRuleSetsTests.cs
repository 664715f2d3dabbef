using Newtonsoft.Json.Linq;
using RiskTriage.Cli.Tests.Infrastructure;

namespace RiskTriage.Cli.Tests;

/// <summary>
/// <c>builtin:probation</c> names the rule set built into the tool wherever a rule-set path is expected, so an
/// installed tool works without the rule files; every command gives the same answers as with rules/probation.
/// </summary>
public class BuiltInRuleSetsTests
{
    private const string BuiltIn = "builtin:probation";

    [Fact]
    public void Validate_checks_the_built_in_rule_set()
    {
        var builtIn = Tool.Run("validate", BuiltIn);
        var folder = Tool.Run("validate", Repo.Probation);

        Assert.Equal(0, builtIn.ExitCode);
        Assert.Matches(@"^probation \S+: 0 errors, \d+ warnings?\n$", builtIn.Stdout);
        Assert.Equal(folder.Stdout, builtIn.Stdout);
        Assert.Equal("", builtIn.Stderr);
    }

    [Fact]
    public void Eval_gives_the_same_decisions_as_the_rule_folder()
    {
        var builtIn = Tool.Run("eval", BuiltIn, Repo.ProbationExamples);
        var folder = Tool.Run("eval", Repo.Probation, Repo.ProbationExamples);

        Assert.Equal(0, builtIn.ExitCode);
        Assert.Equal(JArray.Parse(File.ReadAllText(Repo.ProbationExamples)).Count, builtIn.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(folder.Stdout, builtIn.Stdout);
    }

    [Fact]
    public void Explain_gives_the_same_account_as_the_rule_folder()
    {
        var firstCase = JArray.Parse(File.ReadAllText(Repo.ProbationExamples))[0].ToString();

        var builtIn = Tool.RunWithInput(firstCase, "explain", BuiltIn, "-");
        var folder = Tool.RunWithInput(firstCase, "explain", Repo.Probation, "-");

        Assert.Equal(0, builtIn.ExitCode);
        Assert.Equal(folder.Stdout, builtIn.Stdout);
        // The account quotes the rule files' expressions, which come from the embedded files.
        Assert.Contains("protectLevel + changeLevel", builtIn.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_compares_the_built_in_rule_set_with_a_folder()
    {
        var result = Tool.Run("diff", BuiltIn, Repo.Probation, Repo.ProbationExamples);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("changed decisions: 0 of 13", result.Stdout, StringComparison.Ordinal);

        // The rule-level diff reads the built-in set's embedded files: the same rules as the folder, so no rule changes.
        Assert.Equal(Tool.Run("diff", Repo.Probation, Repo.Probation, Repo.ProbationExamples).Stdout, result.Stdout);
    }

    [Fact]
    public void Test_needs_the_tests_named_and_then_runs_them()
    {
        var withoutTests = Tool.Run("test", BuiltIn);
        Assert.Equal(1, withoutTests.ExitCode);
        Assert.Equal("risktriage: the built-in rule set 'builtin:probation' has no tests folder; name the tests with --tests <file or folder>\n", withoutTests.Stderr);

        var tests = Path.Combine(Repo.Probation, "tests");
        // Expectations only (--no-audit): a folder's test run also audits the examples beside it, which a built-in rule
        // set has none of, so the two reports would differ by that line.
        var builtIn = Tool.Run("test", BuiltIn, "--tests", tests, "--no-audit");
        var folder = Tool.Run("test", Repo.Probation, "--tests", tests, "--no-audit");
        Assert.Equal(0, builtIn.ExitCode);
        Assert.Equal(folder.Stdout, builtIn.Stdout);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("eval")]
    public void An_unknown_built_in_name_lists_the_built_in_rule_sets(string command)
    {
        var result = Tool.RunWithInput("[]", command, "builtin:probaton");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("risktriage: there is no built-in rule set 'builtin:probaton'; the built-in rule sets are: builtin:probation\n", result.Stderr);
    }
}
