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

    // The default rule set fails safe over its own tests and examples: `risktriage test` runs the audit and passes.
    [Fact]
    public void Default_rule_set_test_run_includes_the_fail_safe_audit_of_its_tests_and_examples()
    {
        var result = Tool.Run("test", Repo.Probation);

        Assert.Matches(@"probation \S+: (\d+) tests, \1 passed, 0 failed", result.Stdout);
        Assert.DoesNotContain("FAIL  fail-safe", result.Stdout);
        Assert.Matches(@"fail-safe audit: 0 findings over the tests' cases and the examples", result.Stdout);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void A_rule_set_whose_test_cases_show_a_hole_fails_its_tests_though_every_expectation_holds()
    {
        using var temp = new TempDir();
        var rules = temp.File("rules.json");
        File.WriteAllText(rules, """
            { "ruleSet": { "name": "holed", "version": "1" },
              "inputs": { "score": "number" },
              "rules": [ { "id": "high", "when": "score >= 60", "then": [ { "set": "level", "to": "HIGH" } ] } ],
              "outputs": { "level": { "type": "string", "enum": ["LOW", "HIGH"], "order": "ascending", "value": "'LOW'" } } }
            """);
        var tests = temp.File("tests.json");
        File.WriteAllText(tests, """{ "cases": [ { "name": "no-score", "case": {}, "expected": { "level": "LOW" } } ] }""");

        var result = Tool.Run("test", rules, "--tests", tests);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("holed 1: 1 tests, 1 passed, 0 failed", result.Stdout);
        Assert.Contains("FAIL  fail-safe (tests): case #1: with 'score' missing, level is LOW (complete); score = 60 gives HIGH (could be higher)", result.Stdout);
        Assert.Contains("fail-safe audit: 1 finding over the tests' cases", result.Stdout);
    }
}
