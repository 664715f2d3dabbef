using System.Reflection;
using System.Text;
using PublicApiGenerator;
using RiskTriage.Testing;

namespace RiskTriage.Tests;

/// <summary>
/// Public API approval, one approved file per package: the public surface of each package's assembly, as
/// PublicApiGenerator prints it (attributes and nullability included), must equal its approved file. A change to an
/// API is a deliberate act: on a difference the test writes the <c>.received.txt</c> file beside the approved one and
/// fails with the diff; run the tests with <c>RISKTRIAGE_ACCEPT=1</c> to approve it.
/// </summary>
public sealed class PublicApiTests
{
    /// <summary>Every package with a public API and its approved file (a new package adds a row).</summary>
    public static TheoryData<string, string> Packages => new()
    {
        { "RiskTriage", "PublicApi.approved.txt" },
        { "RiskTriage.Testing", "PublicApi.Testing.approved.txt" },
        { "RiskTriage.RulesEngine", "PublicApi.RulesEngine.approved.txt" },
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void Public_api_matches_the_approved_file(string package, string approvedFile)
    {
        var received = Generate(Load(package));
        var approvedPath = Path.Combine(TestPaths.TestProject, approvedFile);
        var receivedPath = Path.Combine(TestPaths.TestProject, approvedFile.Replace(".approved.", ".received.", StringComparison.Ordinal));
        if (Environment.GetEnvironmentVariable("RISKTRIAGE_ACCEPT") == "1")
        {
            File.WriteAllText(approvedPath, received, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Delete(receivedPath);
            return;
        }

        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var what = approved is null
            ? $"There is no {approvedPath}."
            : $"The public API of {package} changed:\n" + LineDiff.Unified(approved, received, "approved " + approvedFile, "received " + Path.GetFileName(receivedPath), maxLines: 400);
        Assert.Fail($"{what}\nThe current API was written to {receivedPath}. If the change is intended, run the tests with RISKTRIAGE_ACCEPT=1 (or copy the received file over the approved one) and commit it.");
    }

    [Fact]
    public void The_printout_shows_attributes_nullability_defaults_and_extension_methods()
    {
        var text = Generate(typeof(RuleSet).Assembly);
        var testing = Generate(typeof(DecisionSnapshots).Assembly);

        Assert.Equal(text, Generate(typeof(RuleSet).Assembly));
        Assert.DoesNotContain('\r', text);
        Assert.Contains("public static bool TryLoad(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RiskTriage.RuleSet? ruleSet, out System.Collections.Generic.IReadOnlyList<RiskTriage.Diagnostics.Diagnostic> diagnostics) { }", text, StringComparison.Ordinal);
        Assert.Contains("public static Microsoft.Extensions.DependencyInjection.IServiceCollection AddRiskTriage(this Microsoft.Extensions.DependencyInjection.IServiceCollection services,", text, StringComparison.Ordinal);
        Assert.Contains("[System.Runtime.CompilerServices.CallerFilePath] string sourceFile = \"\"", testing, StringComparison.Ordinal);

        // Each package's file holds its own assembly's types only.
        Assert.DoesNotContain("namespace RiskTriage.Testing", text, StringComparison.Ordinal);
        Assert.DoesNotContain("class RuleSet\n", testing, StringComparison.Ordinal);
        Assert.DoesNotContain("CanonicalJson", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LineDiff", testing, StringComparison.Ordinal);
    }

    private static Assembly Load(string package) => Assembly.Load(new AssemblyName(package));

    private static string Generate(Assembly assembly) => assembly.GeneratePublicApi(new ApiGeneratorOptions
    {
        IncludeAssemblyAttributes = false,
        TreatRecordsAsClasses = false,

        // By default types and extension methods in System.* and Microsoft.* namespaces are left out; AddRiskTriage
        // is in Microsoft.Extensions.DependencyInjection, as the platform's convention asks.
        DenyNamespacePrefixes = [],
    }).Replace("\r\n", "\n", StringComparison.Ordinal);
}
