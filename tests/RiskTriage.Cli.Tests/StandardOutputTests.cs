using RiskTriage.Cli.Tests.Infrastructure;

namespace RiskTriage.Cli.Tests;

/// <summary>The tool as a process: a closed standard output stops it, a killed run leaves its output file as it was.</summary>
public class StandardOutputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private static string OneCase => EvalCommandTests.TierVectorCases()[0].ToString(Newtonsoft.Json.Formatting.None);

    [Fact]
    public async Task When_the_reader_of_standard_output_goes_away_eval_stops_reading_and_exits_quietly()
    {
        using var process = CliProcess.Start("eval", Repo.Probation, "-");
        using var cancel = new CancellationTokenSource(Limit);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);

        // An endless batch: only stopping on the closed pipe ends the run.
        var feeding = CliProcess.FeedForever(process, OneCase, cancel.Token);
        var first = await process.StandardOutput.ReadLineAsync(cancel.Token);
        process.StandardOutput.Close(); // as `| head -1` does

        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"eval went on reading and evaluating for {Limit.TotalSeconds} s after its standard output was closed");
        }

        await feeding;
        Assert.Contains("\"caseId\"", first);
        Assert.Equal(ExitCodes.OutputClosed, process.ExitCode);
        Assert.Equal("", await stderr);
    }

    [Fact]
    public async Task A_run_killed_while_writing_its_output_file_leaves_the_old_file_as_it_was()
    {
        using var temp = new TempDir();
        var output = temp.File("decisions.ndjson");
        File.WriteAllText(output, "the decisions of the last run\n");
        using var process = CliProcess.Start("eval", Repo.Probation, "-", "-o", output);
        using var cancel = new CancellationTokenSource(Limit);
        var enough = new TaskCompletionSource();

        // Far more than the tool's buffers hold, so it has been evaluating and writing for a while.
        var feeding = CliProcess.FeedForever(process, OneCase, cancel.Token, written =>
        {
            if (written > 4_000_000)
            {
                enough.TrySetResult();
            }
        });
        await enough.Task.WaitAsync(cancel.Token);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(cancel.Token);
        await feeding;

        Assert.Equal("the decisions of the last run\n", File.ReadAllText(output));
    }
}
