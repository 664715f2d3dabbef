using System.Diagnostics;
using System.Text;

namespace RiskTriage.Tests.Reliability;

/// <summary>
/// Decisions are byte-identical across runs, cultures and processes: the snapshot of 512 probation decisions with
/// full traces (<see cref="DeterminismSnapshot"/>) is the same under the invariant culture, tr-TR, de-DE and others,
/// in a separate process (with its culture set in code and through the environment), and equal to the committed
/// <c>determinism.expected.txt</c>. When the probation rules change on purpose, regenerate that file with
/// RISKTRIAGE_UPDATE_DETERMINISM=1.
/// </summary>
public sealed class DeterminismTests
{
    private static readonly Lazy<string> Invariant = new(() => DeterminismSnapshot.InCulture(string.Empty, DeterminismSnapshot.Compute));

    [Fact]
    public void Decisions_match_the_committed_snapshot()
    {
        var actual = Invariant.Value;
        if (Environment.GetEnvironmentVariable("RISKTRIAGE_UPDATE_DETERMINISM") == "1")
        {
            File.WriteAllText(DeterminismSnapshot.ExpectedFile, actual);
        }

        var expected = File.ReadAllText(DeterminismSnapshot.ExpectedFile).ReplaceLineEndings("\n");
        AssertSame(expected, actual, "the committed snapshot (if the probation rules changed on purpose, rerun with RISKTRIAGE_UPDATE_DETERMINISM=1)");
    }

    [Theory]
    [InlineData("tr-TR")]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    [InlineData("th-TH")]
    [InlineData("fr-CH")]
    public void Decisions_do_not_depend_on_the_culture(string culture)
    {
        // Loading, compiling and evaluating all happen in the culture; so does a batch on other threads.
        var inCulture = DeterminismSnapshot.InCulture(culture, DeterminismSnapshot.Compute);
        AssertSame(Invariant.Value, inCulture, culture);

        var batch = DeterminismSnapshot.InCulture(culture, () =>
            ProbationData.RuleSet.EvaluateMany(ProbationData.Examples().Select(e => e.ToString()), new BatchOptions { MaxDegreeOfParallelism = 4, Trace = TraceDetail.Full })
                .Select(d => d.ToJson()).ToList());
        Assert.Equal(ProbationData.Examples().Select(e => ProbationData.RuleSet.Evaluate(e, TraceDetail.Full).ToJson()), batch);
    }

    [Fact]
    public void Decisions_are_the_same_on_a_second_run_in_the_same_process() =>
        AssertSame(Invariant.Value, DeterminismSnapshot.Compute(), "a second run");

    [Theory]
    [InlineData(null, null)]
    [InlineData("tr-TR", null)]
    [InlineData(null, "tr_TR.UTF-8")]
    [InlineData(null, "de_DE.UTF-8")]
    public async Task Decisions_are_the_same_in_a_separate_process(string? culture, string? lang)
    {
        var assembly = typeof(DeterminismTests).Assembly.Location;
        var start = new ProcessStartInfo(DotNetHost(), ["exec", assembly, "determinism", .. culture is null ? Array.Empty<string>() : [culture]])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        if (lang is not null)
        {
            // On Linux and macOS the process's default culture comes from the locale variables.
            start.Environment["LANG"] = lang;
            start.Environment["LC_ALL"] = lang;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {await stderr}");

        AssertSame(Invariant.Value, await stdout, $"a separate process (culture {culture ?? "default"}, LANG {lang ?? "inherited"})");
    }

    /// <summary>The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH for test runs), else dotnet on the PATH.</summary>
    private static string DotNetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private static void AssertSame(string expected, string actual, string what)
    {
        if (expected == actual)
        {
            return;
        }

        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var first = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
        Assert.Fail($"decisions differ from {what} at line {first + 1} of {e.Length}:\n  expected: {e.ElementAtOrDefault(first)}\n  actual:   {a.ElementAtOrDefault(first)}");
    }
}
