using RiskTriage.Testing;

namespace RiskTriage.Tests.Probation;

/// <summary>The probation rule set embedded in the assembly is the rules/probation folder: same files, same hash, same decisions.</summary>
public sealed class DefaultRuleSetsTests
{
    private static RuleSet FromDisk => ProbationRuleSetTests.Probation;

    [Fact]
    public void Embedded_probation_rule_set_has_the_identity_and_hash_of_the_folder()
    {
        var embedded = DefaultRuleSets.Probation();
        Assert.Equal(FromDisk.Identity, embedded.Identity);
        Assert.StartsWith("sha256:", embedded.Identity.Hash, StringComparison.Ordinal);
        Assert.Empty(embedded.Warnings);
        Assert.Equal(FromDisk.OutputNames, embedded.OutputNames);
        Assert.Equal(FromDisk.InputNames, embedded.InputNames);
    }

    [Fact]
    public void Embedded_files_are_exactly_the_rule_files_the_folder_loader_reads()
    {
        var embedded = DefaultRuleSets.ProbationSources();
        var onDisk = FromDisk.Files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);
        Assert.Equal(onDisk.Keys.Order(StringComparer.Ordinal), embedded.Keys);
        foreach (var (path, text) in embedded)
        {
            Assert.Equal(Lf(onDisk[path]), Lf(text));
        }

        Assert.DoesNotContain(embedded.Keys, k => k.StartsWith("tests/", StringComparison.Ordinal) || k.StartsWith("examples/", StringComparison.Ordinal));
        Assert.Contains("ruleset.json", embedded.Keys);
    }

    [Fact]
    public void Every_rule_test_case_gets_the_same_decision_from_the_embedded_rule_set()
    {
        var tests = RuleTests.Read(RuleTestFiles.TestsFolder, out var errors);
        Assert.Empty(errors);
        Assert.NotEmpty(tests);
        var embedded = DefaultRuleSets.Probation();
        foreach (var test in tests)
        {
            var expected = FromDisk.Evaluate(test.Case, TraceDetail.Full).ToJson();
            var actual = embedded.Evaluate(test.Case, TraceDetail.Full).ToJson();
            Assert.True(expected == actual, $"{test.Name}: the embedded rule set decided differently\n{LineDiff.Unified(expected, actual, "disk", "embedded")}");
        }

        // The typed path too.
        var typed = new RiskTriage.Probation.ProbationCase { CaseId = "typed", AsOfDate = new DateOnly(2025, 6, 1), Gender = "Male", RsrScore = 7.1 };
        Assert.Equal(FromDisk.EvaluateTyped(typed, TraceDetail.Full).ToJson(), embedded.EvaluateTyped(typed, TraceDetail.Full).ToJson());
    }

    [Fact]
    public void Without_options_one_shared_instance_is_returned_and_options_give_a_new_one()
    {
        Assert.Same(DefaultRuleSets.Probation(), DefaultRuleSets.Probation());
        var withOptions = DefaultRuleSets.Probation(new RuleSetOptions { UnknownFields = UnknownFieldHandling.Reject });
        Assert.NotSame(DefaultRuleSets.Probation(), withOptions);
        Assert.Equal((DefaultRuleSets.Probation().Identity.Name, DefaultRuleSets.Probation().Identity.Version), (withOptions.Identity.Name, withOptions.Identity.Version));

        // Rejecting unknown fields gives other decisions, so it is another hash.
        Assert.NotEqual(DefaultRuleSets.Probation().Identity.Hash, withOptions.Identity.Hash);
        Assert.Equal(DecisionStatus.Invalid, withOptions.Evaluate("{\"asOfDate\":\"2025-06-01\",\"gender\":\"Male\",\"notAField\":1}").Status);
    }

    private static string Lf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
