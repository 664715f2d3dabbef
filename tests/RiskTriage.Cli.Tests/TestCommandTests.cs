using RiskTriage.Cli.Tests.Infrastructure;

namespace RiskTriage.Cli.Tests;

public class TestCommandTests
{
    [Fact]
    public void Probation_tests_all_pass_with_coverage()
    {
        var result = Tool.Run("test", Repo.Probation);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"probation \S+: (\d+) tests, \1 passed, 0 failed", result.Stdout);
        Assert.Contains("coverage: ", result.Stdout);
        Golden.Verify("test-probation", result.ToGolden());
    }

    [Fact]
    public void Broken_expectation_fails_with_expected_and_actual_side_by_side()
    {
        using var temp = new TempDir();
        var copy = temp.Copy(Repo.Probation, "probation");
        var vectors = Path.Combine(copy, "tests", "tier-vectors.json");
        var text = File.ReadAllText(vectors);
        // The first vector, v2-bdd-rsr-7.1, expects tier B2: expect B1 instead.
        var first = text.IndexOf("\"tier\": \"B2\"", StringComparison.Ordinal);
        Assert.True(first > 0, "tier-vectors.json no longer starts with a B2 expectation");
        File.WriteAllText(vectors, text[..first] + "\"tier\": \"B1\"" + text[(first + "\"tier\": \"B2\"".Length)..]);

        var result = Tool.Run("test", copy);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL  v2-bdd-rsr-7.1  (tier-vectors.json)", result.Stdout);
        Assert.Matches(@"\n      tier +""B1"" +""B2""\n", result.Stdout);
        Assert.Matches(@"(\d+) tests, \d+ passed, 1 failed", result.Stdout);
        Golden.Verify("test-broken-expectation", result.ToGolden((temp.Path, "<copy>")));
    }

    [Fact]
    public void Tests_option_runs_one_test_file()
    {
        var result = Tool.Run("test", Repo.Probation, "--tests", Path.Combine(Repo.Probation, "tests", "tier-vectors.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"probation \S+: 250 tests, 250 passed, 0 failed", result.Stdout);
    }
}
