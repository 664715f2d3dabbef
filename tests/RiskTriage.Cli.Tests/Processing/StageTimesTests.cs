using RiskTriage.Cli.Processing;
using RiskTriage.Cli.Tests.Infrastructure;

namespace RiskTriage.Cli.Tests.Processing;

/// <summary>
/// <c>eval --stages</c> reports where a run's processor time went without changing what the run writes, and a stage
/// that waits gets its own processor time, not a share of its neighbours' by wall time.
/// </summary>
public class StageTimesTests
{
    [Fact]
    public void Eval_with_stages_writes_the_same_decisions_and_exit_code_and_reports_every_stage_after_the_summary()
    {
        var cases = Path.Combine(Repo.TestData, "cases-with-bad-lines.ndjson");
        var plain = Tool.Run("eval", Repo.Probation, cases);
        var staged = Tool.Run("eval", Repo.Probation, cases, "--stages");

        Assert.Equal(plain.ExitCode, staged.ExitCode);
        Assert.Equal(plain.Stdout, staged.Stdout);
        var summary = CliResult.Normalise(plain.Stderr);
        var report = CliResult.Normalise(staged.Stderr);
        Assert.StartsWith(summary, report);
        var stages = report[summary.Length..];
        Assert.StartsWith("stages of 5 cases (", stages);
        foreach (var label in new[]
        {
            "start-up and load", "reader: line cutting", "reader: chunks and hand-off", "workers: read + evaluate",
            "workers: decision JSON (WriteJson)", "workers: rest of a case", "main: output write", "main: waiting for chunks",
            "main: output flush", "workers: read + evaluate, interpreted", "process in all", "process: user ", "GC during the batch:", "JIT: ",
        })
        {
            Assert.Contains("\n  " + label, stages);
        }
    }

    [Fact]
    public void Eval_with_stages_reports_a_timeline_of_the_run_from_the_load_to_the_flush_with_the_cases_written()
    {
        var cases = Path.Combine(Repo.TestData, "cases-with-bad-lines.ndjson");
        var report = CliResult.Normalise(Tool.Run("eval", Repo.Probation, cases, "--stages").Stderr);

        var timeline = report[report.IndexOf("\n  timeline (wall s since the process started", StringComparison.Ordinal)..]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(2)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        // Each row: at s, the moment (words), cases, interval s, then cases/s and CPU % (blank for an empty interval).
        var moments = timeline.Select(row => string.Join(' ', row.Skip(1).TakeWhile(word => !char.IsDigit(word[0])))).ToList();
        Assert.Equal(["rule set loaded", "batch begins", "output flushed"], moments.Where(m => m != "written"));
        Assert.Equal("5", timeline[^1][moments[^1].Split(' ').Length + 1]);
        var at = timeline.Select(row => double.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(at.Order(), at);
        Assert.True(at[0] > 0, $"the load ends {at[0]} s after the process started");
    }

    [Fact]
    public void A_long_run_keeps_a_bounded_timeline_whose_points_still_count_every_case_written()
    {
        // A step of a nanosecond: nearly every chunk would be a point, as in a run of days at the real step.
        var times = new StageTimes(timelineStep: 1e-9);
        for (var cases = 1; cases <= 20_000; cases++)
        {
            times.Written(cases);
        }

        times.Milestone("output flushed", 20_000);
        times.AddCases(20_000);
        var report = new StringWriter { NewLine = "\n" };
        times.Report(report);

        var rows = report.ToString().Split('\n').SkipWhile(line => !line.Contains("timeline (", StringComparison.Ordinal)).Skip(2)
            .Where(line => line.Length > 0).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var written = rows.Where(row => row[1] == "written").Select(row => long.Parse(row[2], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(written.Count, StageTimes.MaxTimelinePoints / 2, StageTimes.MaxTimelinePoints);
        Assert.Equal(written.Order(), written);
        Assert.Equal(["batch begins", "output flushed"], rows.Where(row => row[1] != "written").Select(row => string.Join(' ', row[1..3])));
    }

    [Fact]
    public void A_cases_file_of_the_size_for_compiled_code_first_has_no_case_evaluated_by_the_interpreter()
    {
        var cases = Path.Combine(Repo.TestData, "cases-with-bad-lines.ndjson");
        (int Exit, string Stdout, string Stderr) Eval(long compiledFirstFromBytes)
        {
            var stdout = new StringWriter { NewLine = "\n" };
            var stderr = new StringWriter { NewLine = "\n" };
            var console = new CliConsole(new StringReader(""), stdout, stderr);
            var exit = Commands.EvalCommand.Run(
                new Commands.EvalOptions(Repo.Probation, cases, null, TraceDetail.None, 2)
                {
                    Stages = true, CompiledFirstFromBytes = compiledFirstFromBytes, InterpretedBelowBytes = 0,
                },
                console);
            return (exit, stdout.ToString(), stderr.ToString());
        }

        // A file under the size: the interpreter answers while the compiled code is built (the compilation starts with
        // the first case, so the first chunk is always the interpreter's). At or over it: compiled code from the start.
        var tiered = Eval(long.MaxValue);
        var compiledFirst = Eval(new FileInfo(cases).Length);

        Assert.Contains("(cases in chunks begun before the compiled tier was in force: 5)", tiered.Stderr);
        Assert.Contains("(cases in chunks begun before the compiled tier was in force: 0)", compiledFirst.Stderr);
        Assert.Contains(" batch begins ", tiered.Stderr);
        Assert.Contains(" compiled code waited for ", compiledFirst.Stderr);
        Assert.Equal(tiered.Stdout, compiledFirst.Stdout);
        Assert.Equal((2, 2), (tiered.Exit, compiledFirst.Exit));
    }

    [Fact]
    public void Stages_option_is_not_in_the_help()
    {
        var help = Tool.Run("eval", "--help");

        Assert.DoesNotContain("--stages", help.Stdout);
    }

    [Fact]
    public void A_stage_that_waits_gets_its_own_processor_time_and_not_a_share_by_wall_time()
    {
        // Linux and Windows have a thread processor clock; elsewhere the stages are given wall time.
        Assert.Equal(OperatingSystem.IsLinux() || OperatingSystem.IsWindows(), StageTimes.ThreadCpuAvailable);
        var times = new StageTimes();
        var section = times.Begin("test thread", Stage.ChunkRest);
        var spin = System.Diagnostics.Stopwatch.StartNew();
        while (spin.ElapsedMilliseconds < 100)
        {
            Thread.SpinWait(1_000);
        }

        section.Mark(Stage.Cut);
        Thread.Sleep(400);
        section.Mark(Stage.Wait);
        section.End();

        // Asleep, the thread used next to no processor time however long the wait; the spin used some (less than its
        // wall time on a busy machine, never none).
        Assert.True(times.Wall(Stage.Wait) >= 0.39, $"wait wall {times.Wall(Stage.Wait)} s");
        // Shared by wall time, the wait (four times the spin's wall) would get about four times the spin's processor time.
        Assert.True(times.Cpu(Stage.Cut) > 0, $"spin CPU {times.Cpu(Stage.Cut)} s");
        Assert.True(StageTimes.ThreadCpuAvailable ? times.Cpu(Stage.Wait) < times.Cpu(Stage.Cut) / 4 : times.Cpu(Stage.Wait) >= 0.39,
            $"wait CPU {times.Cpu(Stage.Wait)} s, spin CPU {times.Cpu(Stage.Cut)} s");
    }
}
