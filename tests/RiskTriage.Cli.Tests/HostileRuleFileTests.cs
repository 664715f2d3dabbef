using System.Diagnostics;
using System.Text;
using RiskTriage.Cli.Tests.Infrastructure;
using RiskTriage.Shared;

namespace RiskTriage.Cli.Tests;

/// <summary>
/// Rule folders and case files that are not what they seem: devices, pipes, links out of the folder, huge lines,
/// terminal escape sequences. Each command finishes, within a bound of memory and output, and prints nothing it
/// should not. A command that hangs fails the test after <see cref="Limit"/> of processor time (or, blocked, after
/// <see cref="TimeGuard"/>'s wall-clock backstop) instead of hanging the suite.
/// </summary>
public sealed class HostileRuleFileTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string Valid = """{ "ruleSet": { "name": "t", "version": "1" }, "inputs": { "a": "number" }, "outputs": { "a": "number" } }""";

    private string Rules(params (string Name, string Text)[] files)
    {
        var folder = Path.Combine(_temp.Path, "r");
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }

        return folder;
    }

    private static CliResult RunWithin(params string[] args) =>
        TimeGuard.Run("risktriage " + string.Join(' ', args), () => Tool.Run(args), Limit);

    private static void Mkfifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false });
        mkfifo!.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>The library reported the pipe, then the printer opened it to show a line, and waited for a writer forever.</summary>
    [Fact]
    public void Validate_reports_a_named_pipe_without_opening_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folder = Rules(("ruleset.json", Valid));
        Mkfifo(Path.Combine(folder, "f.json"));

        var result = RunWithin("validate", folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("r/f.json(1,1): error RT0303: the file is empty, or is not a regular file", result.Stdout);
    }

    /// <summary>ln -s /dev/zero r/z.json: the printer read the device whole (8.4 GB) and ended in "internal error".</summary>
    [Fact]
    public void Validate_reports_a_link_to_a_device_without_reading_it()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/dev/zero"))
        {
            return;
        }

        var folder = Rules(("ruleset.json", Valid));
        File.CreateSymbolicLink(Path.Combine(folder, "z.json"), "/dev/zero");

        var result = RunWithin("validate", folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("r/z.json(1,1): error RT0350: 'z.json' is a symbolic link to '/dev/zero', outside the rule-set folder, and is not read", result.Stdout);
    }

    /// <summary>A link named p.json to /etc/passwd printed the target's first line under the diagnostic.</summary>
    [Fact]
    public void Validate_never_prints_a_file_outside_the_rule_set()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folder = Rules(("ruleset.json", Valid));
        var secret = Path.Combine(_temp.Path, "passwd");
        File.WriteAllText(secret, "root:x:0:0:root:/root:/bin/bash\n");
        File.CreateSymbolicLink(Path.Combine(folder, "p.json"), secret);

        var result = RunWithin("validate", folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error RT0350", result.Stdout);
        Assert.DoesNotContain("root:", result.Stdout + result.Stderr);
    }

    /// <summary>A 161 KB one-line file with 5,000 errors printed 1.36 GB: every diagnostic echoed the whole line.</summary>
    [Fact]
    public void Validate_shows_a_window_of_a_long_line_under_each_diagnostic()
    {
        var inputs = string.Join(", ", Enumerable.Range(0, 1_000).Select(i => $"\"input{i:D4}\": \"numbr\""));
        var text = "{ \"ruleSet\": { \"name\": \"t\", \"version\": \"1\" }, \"inputs\": { " + inputs + " } }";
        var folder = Rules(("ruleset.json", text));
        var column = text.IndexOf("\"input0500\": ", StringComparison.Ordinal) + "\"input0500\": ".Length + 1;

        var result = RunWithin("validate", folder);

        Assert.Equal(1, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.True(lines.Count(l => l.Contains("error RT0308", StringComparison.Ordinal)) >= 1_000, result.Stdout[..Math.Min(2_000, result.Stdout.Length)]);
        Assert.All(lines, l => Assert.True(l.Length <= 400, $"a printed line of {l.Length} characters"));

        // The caret is under the value the diagnostic is about.
        var first = Array.FindIndex(lines, l => l.Contains($"ruleset.json(1,{column}): error RT0308", StringComparison.Ordinal));
        Assert.True(first >= 0, $"no diagnostic at column {column}");
        Assert.Equal("\"numbr\"", lines[first + 1].Substring(lines[first + 2].IndexOf('^'), 7));
        Assert.Contains("\"input0500\": \"numbr\"", lines[first + 1], StringComparison.Ordinal);
        Assert.StartsWith("…", lines[first + 1], StringComparison.Ordinal);
        Assert.EndsWith("…", lines[first + 1], StringComparison.Ordinal);
    }

    /// <summary>Keys with ANSI escape sequences were printed as they were: the terminal obeyed them.</summary>
    [Fact]
    public void Validate_escapes_terminal_control_characters_from_rule_files()
    {
        // Written raw, the control characters make the file invalid JSON (RT0303), and the line it shows is escaped.
        var raw = Rules(("ruleset.json", "{ \"ruleSet\": { \"name\": \"t\", \"version\": \"1\" },\n  \"inputs\": { \"a\": \"number\" },\n  \"\u001b]0;pwned\u0007\u001b[2J\u009b31m\": 1 }"));
        var rawResult = RunWithin("validate", raw);
        Assert.Equal(1, rawResult.ExitCode);
        Assert.Contains("error RT0303", rawResult.Stdout);
        Assert.DoesNotContain(rawResult.Stdout + rawResult.Stderr, c => c is '\u001b' or '\u0007' or '\u009b');

        // Written as JSON escapes, the key holds them, and the unknown-property message names it escaped.
        var folder = Rules(("ruleset.json", "{ \"ruleSet\": { \"name\": \"t\", \"version\": \"1\" },\n  \"inputs\": { \"a\": \"number\" },\n  \"\\u001b]0;pwned\\u0007\\u001b[2J\u009b31m\": 1 }"));

        var result = RunWithin("validate", folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error RT0305", result.Stdout);
        Assert.Contains("\\u001B]0;pwned\\u0007\\u001B[2J\\u009B31m", result.Stdout);
        Assert.DoesNotContain(result.Stdout + result.Stderr, c => c is '\u001b' or '\u0007' or '\u009b');
        var json = RunWithin("validate", folder, "--format", "json");
        Assert.DoesNotContain(json.Stdout, c => c is '\u001b' or '\u0007' or '\u009b');
        Assert.Contains(Newtonsoft.Json.Linq.JArray.Parse(json.Stdout), d => ((string?)d["message"])!.Contains("\u001b]0;pwned\u0007", StringComparison.Ordinal));
    }

    /// <summary>explain read the whole case file before the case limit applied: /dev/zero ran out of memory.</summary>
    [Fact]
    public void Explain_refuses_a_case_file_longer_than_the_case_limit_without_reading_it_whole()
    {
        if (!File.Exists("/dev/zero"))
        {
            return;
        }

        var result = RunWithin("explain", Repo.Probation, "/dev/zero");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("/dev/zero(1,1): error: the case file is longer than 4,194,304 characters, the limit for one case (RuleSetLimits.MaxCaseLength)\n", result.Stderr);
    }

    /// <summary>explain read every *.json of the folder a second time for its outline, pipes and devices included.</summary>
    [Fact]
    public void Explain_reads_the_rule_files_once_and_nothing_the_loader_skipped()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/dev/zero"))
        {
            return;
        }

        using var copy = new TempDir();
        var rules = copy.Copy(Repo.Probation, "rules");
        Mkfifo(Path.Combine(rules, ".pipe.json"));
        Directory.CreateDirectory(Path.Combine(rules, ".cache"));
        File.CreateSymbolicLink(Path.Combine(rules, ".cache", "zero.json"), "/dev/zero");
        var @case = Path.Combine(_temp.Path, "case.json");
        File.WriteAllText(@case, File.ReadAllText(Path.Combine(Repo.TestData, "one-case-pretty.json")));

        var result = RunWithin("explain", rules, @case);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Case      P-1", result.Stdout);
    }

    [Fact]
    public void Explain_escapes_terminal_control_characters_from_the_case()
    {
        var @case = Path.Combine(_temp.Path, "case.json");
        // JSON escapes, as strict JSON needs for control characters: the values hold the characters themselves.
        File.WriteAllText(@case, "{ \"caseId\": \"\\u001b[31mP-1\u202e\", \"asOfDate\": \"2025-06-01\", \"gender\": \"\\u001b[2J\" }", Encoding.UTF8);

        var result = RunWithin("explain", Repo.Probation, @case);

        Assert.Contains("\\u001B[31mP-1\\u202E", result.Stdout);
        Assert.DoesNotContain(result.Stdout + result.Stderr, c => c is '\u001b' or '\u202e');
    }
}
