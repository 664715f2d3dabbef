using System.Globalization;
using RiskTriage.Diagnostics;

namespace RiskTriage.Tests.RuleSets;

/// <summary>
/// Runs every folder under <c>RuleSets/Golden</c>. A folder holds a rule set (its top-level .json files, or a
/// <c>rules-from.txt</c> naming a folder relative to the test project) and either:
/// <list type="bullet">
/// <item><c>expected.txt</c>: every diagnostic of loading it, rendered with the source line and a caret
/// (present exactly when loading reports something, errors or warnings); and/or</item>
/// <item><c>cases/&lt;case&gt;.json</c>: cases, each evaluated with a full trace, whose canonical decision JSON must equal
/// <c>expected/&lt;case&gt;.json</c> byte for byte.</item>
/// </list>
/// Set <c>RISKTRIAGE_ACCEPT=1</c> to rewrite the expected files from the actual output, then review every change:
/// a golden file that records a wrong answer is a bug, not a baseline.
/// </summary>
public sealed class GoldenRuleSetTests
{
    private const string AcceptVariable = "RISKTRIAGE_ACCEPT";

    public static string GoldenDirectory => Path.Combine(TestPaths.TestProject, "RuleSets", "Golden");

    public static TheoryData<string> Folders =>
        new(Directory.GetDirectories(GoldenDirectory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Folders))]
    public void Golden_folder_matches_actual_output(string name)
    {
        // Turkish casing (dotless i) and a decimal comma: nothing may depend on the machine's culture.
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("tr-TR");
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("tr-TR");
        try
        {
            Run(Path.Combine(GoldenDirectory, name));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous.CurrentCulture;
            CultureInfo.CurrentUICulture = previous.CurrentUICulture;
        }
    }

    [Fact]
    public void Every_golden_folder_has_something_to_compare()
    {
        foreach (var folder in Directory.GetDirectories(GoldenDirectory))
        {
            var hasDiagnostics = File.Exists(Path.Combine(folder, "expected.txt"));
            var hasCases = Directory.Exists(Path.Combine(folder, "cases")) && Directory.GetFiles(Path.Combine(folder, "cases"), "*.json").Length > 0;
            Assert.True(hasDiagnostics || hasCases, $"{Path.GetFileName(folder)} has neither expected.txt nor cases/");
        }
    }

    private static void Run(string folder)
    {
        var accept = Environment.GetEnvironmentVariable(AcceptVariable) == "1";
        var failures = new List<string>();
        var rulesFolder = File.Exists(Path.Combine(folder, "rules-from.txt"))
            ? Path.GetFullPath(Path.Combine(TestPaths.TestProject, File.ReadAllText(Path.Combine(folder, "rules-from.txt")).Trim()))
            : folder;
        var files = RuleSetSources.ReadFolder(rulesFolder);
        Assert.NotEmpty(files);

        RuleSet? ruleSet = null;
        IReadOnlyList<Diagnostic> diagnostics;
        try
        {
            ruleSet = RuleSet.LoadFromSources(files);
            diagnostics = ruleSet.Warnings;
        }
        catch (RuleSetException e)
        {
            diagnostics = e.Diagnostics;
        }

        Compare(Path.Combine(folder, "expected.txt"), diagnostics.Count == 0 ? null : RuleSetSources.Render(diagnostics, files), accept, failures);

        var casesFolder = Path.Combine(folder, "cases");
        var caseFiles = Directory.Exists(casesFolder) ? Directory.GetFiles(casesFolder, "*.json").Order(StringComparer.Ordinal).ToList() : [];
        if (caseFiles.Count > 0 && ruleSet is null)
        {
            failures.Add("the folder has cases but its rule set did not load:\n" + RuleSetSources.Render(diagnostics, files));
        }

        var expectedFolder = Path.Combine(folder, "expected");
        if (ruleSet is not null)
        {
            foreach (var caseFile in caseFiles)
            {
                var json = File.ReadAllText(caseFile);
                string actual;
                try
                {
                    actual = ruleSet.Evaluate(json, TraceDetail.Full).ToJson() + "\n";
                }
                catch (Exception e)
                {
                    actual = $"EXCEPTION {e.GetType().Name}: {e.Message}\n";
                    failures.Add($"{Path.GetFileName(caseFile)}: Evaluate threw {e}");
                }

                Compare(Path.Combine(expectedFolder, Path.GetFileName(caseFile)), actual, accept, failures);
            }
        }

        if (Directory.Exists(expectedFolder))
        {
            var caseNames = caseFiles.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            foreach (var orphan in Directory.GetFiles(expectedFolder).Where(f => !caseNames.Contains(Path.GetFileName(f))))
            {
                if (accept)
                {
                    File.Delete(orphan);
                }
                else
                {
                    failures.Add($"expected/{Path.GetFileName(orphan)} has no case in cases/");
                }
            }
        }

        Assert.True(failures.Count == 0,
            $"{failures.Count} difference(s) in {Path.GetFileName(folder)} (set {AcceptVariable}=1 to rewrite, then review every change):\n\n{string.Join("\n\n", failures)}");
    }

    /// <summary>Compares a file with the actual text (null: the file must not exist); in accept mode, rewrites it instead.</summary>
    private static void Compare(string path, string? actual, bool accept, List<string> failures)
    {
        var exists = File.Exists(path);
        var expected = exists ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return;
        }

        if (accept)
        {
            if (actual is null)
            {
                File.Delete(path);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, actual);
            }

            return;
        }

        var name = Path.GetRelativePath(GoldenDirectory, path);
        failures.Add(actual is null
            ? $"{name} exists but nothing was reported"
            : $"{name}\n--- expected\n{expected ?? "(no file)\n"}--- actual\n{actual}");
    }
}
