using System.Globalization;
using RiskTriage.Testing;

namespace RiskTriage.Cli.Commands;

/// <summary><c>risktriage test &lt;ruleset&gt; [--tests path]</c>: runs the rule tests and reports failures side by side, counts and coverage.</summary>
public static class TestCommand
{
    /// <summary>Runs the command.</summary>
    /// <returns>0 when every test passed, 1 otherwise.</returns>
    public static int Run(string ruleSetPath, string? testsPath, CliConsole console, bool audit = true)
    {
        var ruleSet = RuleSetLoading.Load(ruleSetPath, console);
        if (testsPath is null && Input.BuiltInRuleSets.IsBuiltIn(ruleSetPath))
        {
            throw new CliException($"the built-in rule set '{ruleSetPath}' has no tests folder; name the tests with --tests <file or folder>");
        }

        testsPath ??= Path.Combine(Directory.Exists(ruleSetPath) ? ruleSetPath : Path.GetDirectoryName(Path.GetFullPath(ruleSetPath))!, "tests");
        if (!File.Exists(testsPath) && !Directory.Exists(testsPath))
        {
            throw new CliException($"cannot read tests '{testsPath}': no such file or folder");
        }

        var tests = RuleTests.Read(testsPath, out var readErrors);
        var run = RuleTests.Run(ruleSet, tests, readErrors, audit);
        var w = console.Out;
        var root = Directory.Exists(testsPath) ? Path.GetFullPath(testsPath) : Path.GetDirectoryName(Path.GetFullPath(testsPath))!;

        foreach (var error in run.Errors)
        {
            w.WriteLine($"error: {Relative(root, error)}");
        }

        if (run.Errors.Count > 0)
        {
            w.WriteLine();
        }

        foreach (var result in run.Results.Where(r => !r.Passed))
        {
            w.WriteLine($"FAIL  {result.Test.Name}  ({Relative(root, result.Test.File)})");
            if (result.Test.Source is { } source)
            {
                w.WriteLine($"      source: {source}");
            }

            var rows = result.Mismatches.Select(m => (m.Name, m.Expected, m.Actual)).ToList();
            var nameWidth = Math.Max("value".Length, rows.Max(r => r.Name.Length));
            var expectedWidth = Math.Max("expected".Length, rows.Max(r => r.Expected.Length));
            w.WriteLine($"      {"value".PadRight(nameWidth)}  {"expected".PadRight(expectedWidth)}  actual");
            foreach (var (name, expected, actual) in rows)
            {
                w.WriteLine($"      {name.PadRight(nameWidth)}  {expected.PadRight(expectedWidth)}  {actual}");
            }

            w.WriteLine();
        }

        // The fail-safe audit over the tests' cases and, beside a rule-set folder, its examples.
        var examples = Directory.Exists(ruleSetPath) ? Path.Combine(ruleSetPath, "examples", "cases.json") : null;
        var exampleAudit = audit && examples is not null && File.Exists(examples) ? AuditExamples(ruleSet, examples, console) : null;
        var holes = 0;
        foreach (var (result, where) in new[] { (run.FailSafe, "tests"), (exampleAudit, "examples") })
        {
            if (result is null)
            {
                continue;
            }

            foreach (var finding in result.Findings)
            {
                w.WriteLine($"FAIL  fail-safe ({where}): {finding}");
            }

            if (result.Truncated)
            {
                w.WriteLine($"FAIL  fail-safe ({where}): the audit stopped at its evaluation bound; not every input was probed");
            }

            holes += result.Findings.Count + (result.Truncated ? 1 : 0);
        }

        if (holes > 0)
        {
            w.WriteLine();
        }

        var id = ruleSet.Identity;
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{id.Name} {id.Version}: {run.Results.Count} tests, {run.Passed} passed, {run.Failed} failed{(run.Errors.Count > 0 ? $", {run.Errors.Count} test file errors" : "")}"));

        if (audit)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fail-safe audit: {holes} finding{(holes == 1 ? "" : "s")} over the tests' cases{(exampleAudit is null ? "" : " and the examples")}"));
        }

        var coverage = run.Coverage;
        var percent = coverage.Total == 0 ? 100.0 : 100.0 * coverage.Covered / coverage.Total;
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"coverage: {coverage.Covered} of {coverage.Total} items exercised ({percent:0.0}%)"));
        if (coverage.Uncovered.Count > 0)
        {
            w.WriteLine($"never exercised ({coverage.Uncovered.Count}):");
            foreach (var item in coverage.Uncovered)
            {
                w.WriteLine($"  {item}");
            }
        }

        return run.Failed == 0 && run.Errors.Count == 0 && run.Results.Count > 0 && holes == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>The audit over the examples file, read as <c>eval</c> reads a batch (unreadable cases are left to <c>eval</c>).</summary>
    private static FailSafeAuditResult AuditExamples(RuleSet ruleSet, string path, CliConsole console)
    {
        using var input = CaseInput.Open(path, console);
        return ruleSet.AuditFailSafe(input.Source.Read().Where(r => r.Text is not null).Select(r => r.Text!).ToList());
    }

    /// <summary>Shows test-file paths relative to the tests folder (so output does not depend on where the repository is).</summary>
    private static string Relative(string root, string text)
    {
        var full = Path.GetFullPath(root);
        if (File.Exists(text))
        {
            return Path.GetRelativePath(full, Path.GetFullPath(text)).Replace('\\', '/');
        }

        // An error message that starts with a file path.
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && File.Exists(text[..colon]))
        {
            return Path.GetRelativePath(full, Path.GetFullPath(text[..colon])).Replace('\\', '/') + text[colon..];
        }

        return text;
    }
}
