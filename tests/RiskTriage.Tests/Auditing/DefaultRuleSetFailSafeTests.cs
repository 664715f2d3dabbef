using Newtonsoft.Json;
using RiskTriage.Testing;
using RiskTriage.Tests.Probation;
using RiskTriage.Tests.Reliability;
using Xunit.Abstractions;

namespace RiskTriage.Tests.Auditing;

/// <summary>
/// The default rule set fails safe: over its examples, its own rule tests, the public vectors and ten thousand
/// generated cases with random missing fields, no missing input could change an outcome without the decision asking
/// for review naming it.
/// </summary>
public sealed class DefaultRuleSetFailSafeTests(ITestOutputHelper output)
{
    private const int GeneratedCases = 10_000;
    private const int GeneratedSeed = 1717;

    private static readonly string[] _vectorFiles = [RuleTestFiles.TierFile, RuleTestFiles.PniFile];

    [Fact]
    public void Examples_have_no_fail_safe_findings() =>
        AssertNoFindings("examples", ProbationData.Examples().Select(c => c.ToString(Formatting.None)).ToList());

    [Fact]
    public void Own_rule_tests_have_no_fail_safe_findings() =>
        AssertNoFindings("own rule tests", TestCases(Directory.GetFiles(RuleTestFiles.TestsFolder, "*.json")
            .Where(f => !_vectorFiles.Contains(Path.GetFileName(f)))));

    [Fact]
    public void Public_vectors_have_no_fail_safe_findings() =>
        AssertNoFindings("public vectors", TestCases(_vectorFiles.Select(f => Path.Combine(RuleTestFiles.TestsFolder, f))));

    [Fact]
    public void Ten_thousand_generated_cases_with_missing_fields_have_no_fail_safe_findings() =>
        AssertNoFindings("generated", MissingFieldCaseGenerator.Generate(GeneratedCases, GeneratedSeed), GeneratedCases);

    [Fact]
    public void Generated_cases_are_deterministic_and_valid_and_use_the_explicit_none_values_and_the_ogrs4_era_inputs()
    {
        var cases = MissingFieldCaseGenerator.Generate(2_000, GeneratedSeed);

        Assert.Equal(cases, MissingFieldCaseGenerator.Generate(2_000, GeneratedSeed));
        Assert.All(cases, c => Assert.NotEqual(DecisionStatus.Invalid, ProbationData.RuleSet.Evaluate(c).Status));
        foreach (var fragment in new[] { "\"mappaLevel\":\"NONE\"", "\"mappaCategory\":\"NONE\"", "\"complexityFactors\":[]", "\"mappaLevel\":null", "\"childProtection\":false" })
        {
            Assert.Contains(cases, c => c.Contains(fragment, StringComparison.Ordinal));
        }

        Assert.Contains(cases, c => !c.Contains("\"mappaLevel\"", StringComparison.Ordinal));

        // The OGRS4-era inputs: given, missing inside the predictors, and cases with no OGRS3-era score at all.
        foreach (var fragment in new[] { "\"vrp\":", "\"vrpType\":", "\"iicSrp\":{\"", "\"vrp\":null" })
        {
            Assert.Contains(cases, c => c.Contains(fragment, StringComparison.Ordinal));
        }

        Assert.Contains(cases, c => c.Contains("\"predictors\":{\"arp\"", StringComparison.Ordinal) && !c.Contains("\"vrp\"", StringComparison.Ordinal));
        Assert.InRange(
            cases.Count(c => c.Contains("\"arp\":", StringComparison.Ordinal) && !c.Contains("\"ogrsScore\"", StringComparison.Ordinal)
                && !c.Contains("\"ogrs3\"", StringComparison.Ordinal)),
            cases.Count / 10,
            cases.Count);
    }

    private static List<string> TestCases(IEnumerable<string> files)
    {
        var cases = new List<string>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var tests = RuleTests.Read(file, out var errors);
            Assert.Empty(errors);
            cases.AddRange(tests.Select(t => t.Case.ToString(Formatting.None)));
        }

        return cases;
    }

    private void AssertNoFindings(string source, IReadOnlyList<string> cases, int? expectedCases = null)
    {
        var result = ProbationData.RuleSet.AuditFailSafe(cases, new FailSafeAuditOptions { MaxEvaluations = long.MaxValue });

        output.WriteLine($"{source}: {result.Cases} cases audited, {result.Evaluations} evaluations, {result.Findings.Count} findings");
        foreach (var group in result.Findings.GroupBy(f => (f.Input, f.Output)).OrderByDescending(g => g.Count()).Take(40))
        {
            output.WriteLine($"  {group.Count()} x {group.Key.Input} -> {group.Key.Output}, e.g. {group.First()}");
        }

        Assert.True(cases.Count > 0, source + " has no cases");
        Assert.Equal(expectedCases ?? cases.Count, result.Cases);
        Assert.Empty(result.SkippedCases);
        Assert.False(result.Truncated);
        Assert.Empty(result.Findings);
    }
}
