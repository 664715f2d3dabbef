using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RiskTriage.Cli.Tests.Infrastructure;
using RiskTriage.Shared;
using Xunit.Abstractions;

namespace RiskTriage.Cli.Tests.Fuzz;

/// <summary>
/// Fuzzes <c>risktriage eval</c> with generated batch files (see <see cref="BatchGenerator"/>) in every layout it reads
/// (NDJSON with LF, CR LF, lone CR and mixed line ends; JSON arrays; JSON cases one after another) against the
/// probation rule set. Whatever the batch: the run ends in bounded time, exits 0 (all decided) or 2 (some invalid)
/// and never with an internal error, and gives exactly one record per case in input order (the case's id, or an error
/// record naming a line of the case); an array or stream whose structure breaks gives every case before the break, one
/// error record and exit code 1. A real process fed far more text than the bound keeps its peak memory under it.
/// RISKTRIAGE_CLI_FUZZ_N cases in all (default 1,200; the process is fed half as many, at least 400, besides its large ones); RISKTRIAGE_CLI_FUZZ_SEED replays a run.
/// </summary>
public sealed class BatchFuzzTests(ITestOutputHelper output)
{
    /// <summary>The bound on the peak resident memory of one <c>eval</c> process, whatever it is fed.</summary>
    private const long MaxPeakBytes = 300L * 1024 * 1024;

    private static readonly int Total = int.TryParse(Environment.GetEnvironmentVariable("RISKTRIAGE_CLI_FUZZ_N"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1_200;

    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("RISKTRIAGE_CLI_FUZZ_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next();

    private static readonly byte[][] Newlines = [[(byte)'\n'], [(byte)'\r', (byte)'\n'], [(byte)'\r']];

    /// <summary>The most cases in one generated file (a long run makes more files, not bigger ones).</summary>
    private const int MaxCasesPerFile = 20_000;

    [Fact]
    public void Every_case_of_a_generated_batch_gives_one_record_in_order()
    {
        output.WriteLine($"seed {Seed} (RISKTRIAGE_CLI_FUZZ_SEED={Seed} replays this run)");
        var random = new Random(Seed);
        var generator = new BatchGenerator(random);
        using var temp = new TempDir();
        // Each file costs a rule-set load, so a short run makes six: NDJSON with mixed line ends (LF, CR LF and
        // lone CR in one file), NDJSON, an array and a stream with one kind of line end each, and an array and a
        // stream that break off; a long run goes through every layout with every kind of line end, one array or
        // stream in three breaking off.
        var combinations = (from layout in Enum.GetValues<Layout>() from newline in new[] { "\n", "\r\n", "\r", "mixed" } select (layout, newline)).ToArray();
        var files = Math.Max(6, (Total + MaxCasesPerFile - 1) / MaxCasesPerFile);
        var shortRun = files == 6;
        var oneOfEach = new[] { Layout.Ndjson, Layout.Ndjson, Layout.Array, Layout.Stream, Layout.Array, Layout.Stream }
            .Select((layout, i) => (layout, i == 0 ? "mixed" : BatchGenerator.RandomNewline(random))).ToArray();
        var clock = Stopwatch.StartNew();
        long cases = 0, bytes = 0, breaks = 0;
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var f = 0; f < files; f++)
        {
            var (layout, newline) = shortRun ? oneOfEach[f] : combinations[f % combinations.Length];
            var count = (Total / files) + (f < Total % files ? 1 : 0);
            var batch = generator.Make(layout, newline, count, breaks: shortRun ? f >= 4 : null, tooLong: random.Next(3) == 0 ? 1 : 0);
            var (path, args) = Arguments(temp, f, batch, random);
            File.WriteAllBytes(path, batch.Bytes);
            try
            {
                Check(batch, RunBounded(args, batch), f);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException)
            {
                var kept = Path.Combine(Path.GetTempPath(), $"risktriage-cli-fuzz-{Seed}-{Path.GetFileName(path)}");
                File.Copy(path, kept, overwrite: true);
                throw new Xunit.Sdk.XunitException($"{e.Message}\n(the batch is kept as {kept})");
            }

            File.Delete(path);
            cases += count;
            bytes += batch.Bytes.Length;
            breaks += batch.BreaksAfter ? 1 : 0;
            foreach (var planned in batch.Cases)
            {
                kinds[planned.Kind] = kinds.GetValueOrDefault(planned.Kind) + 1;
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cases:N0} cases in {files} files ({bytes / 1e6:F1} MB, {breaks} broken off) in {clock.Elapsed.TotalSeconds:F1} s"));
        output.WriteLine("kinds: " + string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value:N0}")));
    }

    [Fact]
    public async Task A_process_fed_more_than_its_memory_bound_stays_under_it()
    {
        output.WriteLine($"seed {Seed} (RISKTRIAGE_CLI_FUZZ_SEED={Seed} replays this run)");
        var random = new Random(Seed);
        var generator = new BatchGenerator(random);

        // Input far larger than the bound: cases past the length limit (skipped), near-limit cases of huge lists
        // (parsed and rejected), some of each in a row so that a whole chunk of the pipeline is made of them.
        // 40 cases past the limit are 170 MB of input, 340 MB as .NET text: a reader that kept them would break the bound.
        var tooLong = 40 + (Total / 10_000);
        var nearLimit = 2 + (Total / 100_000);
        var count = Math.Max(Total / 2, 400);
        var special = new Dictionary<int, int>();
        for (var k = 0; k < tooLong + nearLimit; k++)
        {
            special[(k < 8 || k == tooLong ? count / 2 : random.Next(count)) + k] = k < tooLong ? 1 : 2;
        }

        count += tooLong + nearLimit;
        var planned = new PlannedCase[count];
        using var process = CliProcess.Start("eval", Repo.Probation, "-", "--format", "ndjson");
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        var watching = Task.Run(async () =>
        {
            while (!process.HasExited)
            {
                peak = Math.Max(peak, PeakResidentBytes(process.Id));
                await Task.Delay(5);
            }
        });

        var fed = Task.Run(() =>
        {
            var stream = process.StandardInput.BaseStream;
            var lines = new LineCounter();
            long written = 0;
            var nearLimitLine = Encoding.UTF8.GetBytes("{\"caseId\":\"ID\",\"complexityFactors\":[" + string.Join(",", Enumerable.Repeat("\"RMDO\"", (BatchGenerator.MaxCaseLength / 7) - 100)) + "]}");
            for (var i = 0; i < count; i++)
            {
                var (text, allowed, kind) = special.GetValueOrDefault(i) switch
                {
                    1 => generator.TooLong(i),
                    2 => (Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(nearLimitLine).Replace("\"ID\"", $"\"{BatchGenerator.Id(i)}\"", StringComparison.Ordinal)), Allowed.Id, "huge list near the limit"),
                    _ => generator.Case(Layout.Ndjson, "\n", i),
                };
                var newline = Newlines[random.Next(Newlines.Length)];
                planned[i] = new PlannedCase(BatchGenerator.Id(i), allowed, kind) { StartLine = lines.Line, EndLine = lines.Line };
                stream.Write(text);
                stream.Write(newline);
                lines.Add(text);
                lines.Add(newline);
                written += text.Length + newline.Length;
            }

            stream.Close();
            return written;
        });

        // Records are checked as they come, against the plan the feeder fills in first (it is always ahead).
        var records = 0;
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(120) + TimeSpan.FromMilliseconds(5.0 * count);
        var reading = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                Assert.True(records < count, $"more records than the {count:N0} cases: {Shorten(line)}");
                Match(planned[records], line, records, "stdin");
                records++;
            }
        });
        var both = Task.WhenAll(fed, reading);
        try
        {
            // The child's own processor time, all its threads (so a core's worth of the limit per core): a loaded machine,
            // or this process paused, does not count against it.
            await Task.Run(() => TimeGuard.WaitForProcess("eval of stdin", both, process, limit * Environment.ProcessorCount, progress: () => $"{Volatile.Read(ref records):N0} of {count:N0} records"));
        }
        catch (GuardTimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await both;
        using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await process.WaitForExitAsync(exit.Token);
        }

        await watching;
        var errors = await stderr;
        var written = await fed;
        Assert.DoesNotContain("internal error", errors, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidCases, process.ExitCode);
        Assert.Equal(count, records);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count:N0} cases, {written / 1e6:F0} MB in {clock.Elapsed.TotalSeconds:F1} s; peak resident memory {peak >> 20} MiB (bound {MaxPeakBytes >> 20} MiB)"));
        if (OperatingSystem.IsLinux())
        {
            Assert.True(peak > 0, "no VmHWM read from /proc");
            Assert.True(peak < MaxPeakBytes, $"peak resident memory {peak >> 20} MiB is over the bound of {MaxPeakBytes >> 20} MiB");
        }
    }

    /// <summary>The peak resident set of a running process (VmHWM), 0 when it cannot be read.</summary>
    private static long PeakResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    /// <summary>The file's path and the command line: the layout named by --format, or (for some files) told by the file's name.</summary>
    private static (string Path, string[] Args) Arguments(TempDir temp, int f, BatchFile batch, Random random)
    {
        var byName = random.Next(2) == 0;
        var (name, format) = batch.Layout switch
        {
            Layout.Ndjson => (byName ? (random.Next(2) == 0 ? "cases.ndjson" : "cases.jsonl") : "cases.txt", byName ? null : "ndjson"),
            Layout.Array => (byName ? "cases.json" : "cases.txt", byName ? null : "array"),
            _ => ("cases.json", "json"),
        };
        var path = temp.File(f.ToString(CultureInfo.InvariantCulture) + "-" + name);
        string[] args = ["eval", Repo.Probation, path, "--parallel", random.Next(1, 5).ToString(CultureInfo.InvariantCulture)];
        return (path, format is null ? args : [.. args, "--format", format]);
    }

    /// <summary>Runs the command in-process with a time limit.</summary>
    private static CliResult RunBounded(string[] args, BatchFile batch)
    {
        var limit = TimeSpan.FromSeconds(60) + TimeSpan.FromMilliseconds(2.0 * batch.Cases.Count) + TimeSpan.FromSeconds(batch.Bytes.Length / 10e6);
        return TimeGuard.Run("eval " + string.Join(' ', args), () => Tool.Run(args), limit);
    }

    private static void Check(BatchFile batch, CliResult result, int file)
    {
        var where = $"file {file} ({batch.Layout}, line ends {Escape(batch.Newline)}, {batch.Cases.Count:N0} cases{(batch.BreaksAfter ? ", broken off by " + batch.BreakKind : "")}; {string.Join(' ', result.Args.Skip(2))})";
        Assert.DoesNotContain("internal error", result.Stderr, StringComparison.Ordinal);
        var lines = result.Stdout.Split('\n');
        Assert.True(lines[^1].Length == 0, $"{where}: the output does not end with a line break");
        var records = lines[..^1];
        var expected = batch.Cases.Count + (batch.BreaksAfter ? 1 : 0);
        for (var i = 0; i < Math.Min(records.Length, batch.Cases.Count); i++)
        {
            Match(batch.Cases[i], records[i], i, where);
        }

        Assert.True(records.Length == expected, $"{where}: {records.Length:N0} records for {expected:N0} expected");
        if (batch.BreaksAfter)
        {
            using var last = JsonDocument.Parse(records[^1]);
            Assert.True(last.RootElement.TryGetProperty("line", out var line) && line.GetInt64() >= batch.BreakMinLine,
                $"{where}: the last record is not the error where the structure breaks (at or after line {batch.BreakMinLine}): {Shorten(records[^1])}");
            Assert.Contains("the rest of the input cannot be read", result.Stderr, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Failure, result.ExitCode);
        }
        else
        {
            var invalid = records.Any(r => r.Contains("\"status\":\"Invalid\"", StringComparison.Ordinal));
            Assert.True(result.ExitCode == (invalid ? ExitCodes.InvalidCases : ExitCodes.Success), $"{where}: exit code {result.ExitCode}\n{result.Stderr}");
        }
    }

    /// <summary>Checks that the record is one the case may give.</summary>
    private static void Match(PlannedCase planned, string record, int index, string where)
    {
        using var document = JsonDocument.Parse(record);
        var root = document.RootElement;
        var what = $"{where}: record {index + 1} for case {planned.Id} ({planned.Kind}, lines {planned.StartLine}-{planned.EndLine}, may give {planned.Allowed})";
        if (root.TryGetProperty("line", out var line))
        {
            Assert.True(planned.Allowed.HasFlag(Allowed.Error), $"{what} is an error record: {Shorten(record)}");
            Assert.True(line.GetInt64() >= planned.StartLine && line.GetInt64() <= planned.EndLine, $"{what} is an error record for another line: {Shorten(record)}");
            Assert.Equal("Invalid", root.GetProperty("status").GetString());
            return;
        }

        var id = root.GetProperty("caseId");
        if (id.ValueKind == JsonValueKind.Null)
        {
            Assert.True(planned.Allowed.HasFlag(Allowed.NullId), $"{what} is a decision without an id: {Shorten(record)}");
            return;
        }

        Assert.True(planned.Allowed.HasFlag(Allowed.Id) && id.GetString() == planned.Id, $"{what} is a decision for another case: {Shorten(record)}");
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;

    private static string Escape(string newline) => newline.Replace("\r", "CR ", StringComparison.Ordinal).Replace("\n", "LF ", StringComparison.Ordinal).Trim();
}
