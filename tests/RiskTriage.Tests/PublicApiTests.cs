using System.Text;
using System.Text.RegularExpressions;
using RiskTriage.Testing;

namespace RiskTriage.Tests;

/// <summary>
/// Public API approval: the public surface of the RiskTriage assembly, printed by <see cref="PublicApiPrinter"/>,
/// must equal PublicApi.approved.txt. A change to the API is a deliberate act: on a difference the test writes
/// PublicApi.received.txt and fails with the diff; run the tests with <c>RISKTRIAGE_ACCEPT=1</c> to approve it.
/// </summary>
public sealed class PublicApiTests
{
    private static string ApprovedPath => Path.Combine(TestPaths.TestProject, "PublicApi.approved.txt");

    private static string ReceivedPath => Path.Combine(TestPaths.TestProject, "PublicApi.received.txt");

    [Fact]
    public void Public_api_matches_the_approved_file()
    {
        var received = PublicApiPrinter.Print(typeof(RuleSet).Assembly);
        if (Environment.GetEnvironmentVariable("RISKTRIAGE_ACCEPT") == "1")
        {
            File.WriteAllText(ApprovedPath, received, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Delete(ReceivedPath);
            return;
        }

        var approved = File.Exists(ApprovedPath) ? File.ReadAllText(ApprovedPath).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (approved == received)
        {
            File.Delete(ReceivedPath);
            return;
        }

        File.WriteAllText(ReceivedPath, received, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var what = approved is null
            ? $"There is no {ApprovedPath}."
            : "The public API of RiskTriage changed:\n" + LineDiff.Unified(approved, received, "approved PublicApi.approved.txt", "received PublicApi.received.txt", maxLines: 400);
        Assert.Fail($"{what}\nThe current API was written to {ReceivedPath}. If the change is intended, run the tests with RISKTRIAGE_ACCEPT=1 (or copy the received file over the approved one) and commit it.");
    }

    [Fact]
    public void The_printout_is_deterministic_and_shows_signatures_with_nullability_defaults_and_accessors()
    {
        var text = PublicApiPrinter.Print(typeof(RuleSet).Assembly);

        Assert.Equal(text, PublicApiPrinter.Print(typeof(RuleSet).Assembly));
        Assert.DoesNotContain('\r', text);
        var lines = text.Split('\n');
        Assert.Contains("public static class RiskTriage.DefaultRuleSets", lines);
        Assert.Contains("  public static RiskTriage.RuleSet Probation(RiskTriage.RuleSetOptions? options = null)", lines);
        Assert.Contains("public sealed record RiskTriage.RuleSetOptions : System.IEquatable<RiskTriage.RuleSetOptions>", lines);
        Assert.Contains("  public System.Collections.Generic.IReadOnlyDictionary<string, object?>? Parameters { get; init; }", lines);
        Assert.Contains("  public static RiskTriage.RuleSetOptions Default { get; }", lines);
        Assert.Contains("  public RiskTriage.RuleValue this[string name] { get; }", lines);
        Assert.Contains("  public RiskTriage.TypedEvaluator<TCase> For<TCase>() where TCase : class", lines);
        Assert.Contains("  public static bool TryLoad(string path, out RiskTriage.RuleSet? ruleSet, out System.Collections.Generic.IReadOnlyList<RiskTriage.Diagnostics.Diagnostic> diagnostics, RiskTriage.RuleSetOptions? options = null)", lines);
        Assert.Contains("  public RiskTriage.Decision Evaluate(string json, RiskTriage.TraceDetail trace = RiskTriage.TraceDetail.None)", lines);
        Assert.Contains("  public const string AcceptVariable = \"RISKTRIAGE_ACCEPT_SNAPSHOTS\"", lines);
        Assert.Contains("  public static void Verify(RiskTriage.Decision decision, string? name = null, string sourceFile = \"\", string testName = \"\")", lines);
        Assert.Contains("  public static Microsoft.Extensions.DependencyInjection.IServiceCollection AddRiskTriage(this Microsoft.Extensions.DependencyInjection.IServiceCollection services, System.Action<RiskTriage.DependencyInjection.RiskTriageOptions> configure)", lines);
        Assert.Contains("public enum RiskTriage.TraceDetail", lines);
        Assert.Contains("  None = 0", lines);

        // Nothing internal or compiler-generated leaks in.
        Assert.DoesNotContain(lines, l => l.Contains("CanonicalJson", StringComparison.Ordinal) || l.Contains("LineDiff", StringComparison.Ordinal) || l.Contains("<Clone>", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(" get_", StringComparison.Ordinal) || l.Contains(" set_", StringComparison.Ordinal));

        // Types are sorted by full name.
        var names = lines.Where(l => l.Length > 0 && l[0] != ' ')
            .Select(l => Regex.Match(l, @"\b(?:record struct|record|class|struct|interface|enum|delegate \S+) (?<name>[^ (<]+)").Groups["name"].Value)
            .ToList();
        Assert.DoesNotContain(string.Empty, names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }
}
