using RiskTriage.Cli.Tests.Infrastructure;

namespace RiskTriage.Cli.Tests;

public class UsageTests
{
    [Theory]
    [InlineData("no-command")]
    [InlineData("unknown-command", "frobnicate")]
    [InlineData("missing-argument", "validate")]
    [InlineData("bad-format", "validate", "<probation>", "--format", "xml")]
    [InlineData("bad-trace", "eval", "<probation>", "cases.json", "--trace", "everything")]
    [InlineData("bad-parallel", "eval", "<probation>", "cases.json", "--parallel", "two")]
    [InlineData("zero-parallel", "eval", "<probation>", "<testdata>/one-case-pretty.json", "--parallel", "0")]
    [InlineData("huge-parallel", "eval", "<probation>", "<testdata>/one-case-pretty.json", "--parallel", "2147483647")]
    [InlineData("huge-parallel-diff", "diff", "<probation>", "<probation>", "<testdata>/one-case-pretty.json", "--parallel", "2147483647")]
    [InlineData("out-is-a-folder", "eval", "<probation>", "<testdata>/one-case-pretty.json", "--out", "<testdata>")]
    [InlineData("html-is-the-cases-file", "diff", "<probation>", "<probation>", "<testdata>/one-case-pretty.json", "--html", "<testdata>/one-case-pretty.json")]
    [InlineData("bad-case-format", "eval", "<probation>", "<testdata>/one-case-pretty.json", "--format", "xml")]
    [InlineData("missing-rule-set", "validate", "no/such/rules")]
    [InlineData("missing-cases", "eval", "<probation>", "no-such-cases.ndjson")]
    [InlineData("cases-is-a-folder", "eval", "<probation>", "<testdata>")]
    [InlineData("unwritable-out", "eval", "<probation>", "<testdata>/one-case-pretty.json", "--out", "/no/such/folder/out.ndjson")]
    [InlineData("missing-tests", "test", "<probation>", "--tests", "no/such/tests")]
    [InlineData("unknown-diff-output", "diff", "<probation>", "<probation>", "<testdata>/one-case-pretty.json", "--outputs", "tier,teir")]
    [InlineData("broken-rule-set-for-eval", "eval", "<testdata>/broken-ruleset", "<testdata>/one-case-pretty.json")]
    public void Bad_command_lines_and_files_give_clear_lines_and_a_non_zero_exit(string name, params string[] args)
    {
        args = args.Select(a => a.Replace("<probation>", Repo.Probation).Replace("<testdata>", Repo.TestData)).ToArray();
        var result = Tool.Run(args);

        Assert.Equal(1, result.ExitCode);
        Assert.NotEqual("", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
        Golden.Verify("usage-" + name, result.ToGolden());
    }

    [Fact]
    public void Help_is_printed_to_standard_output()
    {
        var result = Tool.Run("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("risktriage [command] [options]", result.Stdout);
        foreach (var command in new[] { "validate", "eval", "explain", "test", "diff" })
        {
            Assert.Contains($"  {command} <", result.Stdout);
        }
    }
}
