using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using RiskTriage.Probation;
#if !RISKTRIAGE_BEFORE
using RiskTriage.Evaluation;
#endif
using RiskTriage.Shared;

// The report reads the batch's counters, which an older build of the library does not have.
#if !RISKTRIAGE_BEFORE
namespace RiskTriage.Benchmarks;

/// <summary>
/// What bounds the parallel batch, in terms a loaded machine changes little: <c>batch-report [cases] [runs]</c> runs
/// <see cref="ProbationBatchBenchmarks"/>' sequential and parallel batches (and the unordered ceiling) in this process,
/// and prints for each run the garbage collector's pauses and collections, the processor time of the enumerating
/// thread and of the rest of the process, and how the parallel batch's threads shared the blocks and how long they
/// waited. Times are not a benchmark (BenchmarkDotNet gives those); they say where the time went. Run it under each GC
/// mode with the runtime's variables, e.g. <c>DOTNET_gcServer=1 dotnet run -c Release --project
/// benchmarks/RiskTriage.Benchmarks -- batch-report</c>.
/// </summary>
internal static class BatchReport
{
    public static void Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var batch = new ProbationBatchBenchmarks { Count = count };
        batch.Setup();
        var evaluator = batch.RuleSet.For<ProbationCase>();
        var workers = Environment.ProcessorCount;

        Console.WriteLine(Invariant($"{count:N0} typed cases, {workers} cores, .NET {Environment.Version}; GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, latency mode {GCSettings.LatencyMode}"));
        foreach (var (name, value) in GC.GetConfigurationVariables().OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (name is "Concurrent" or "ServerGC" or "HeapCount" or "Gen0Size" or "GCGen0MaxBudget" or "ConserveMemory" or "HeapHardLimit")
            {
                Console.WriteLine(Invariant($"  GC {name} = {value}"));
            }
        }

        Console.WriteLine("load average: " + LoadAverage());
        Console.WriteLine();
        Console.WriteLine("| run | wall s | process CPU s | caller CPU s | rest CPU s | CPU / wall | GC pause s (% of wall) | gen0 / gen1 / gen2 | MB allocated | blocks caller / helpers | caller waits (s) | helper idle s | helper starts / restarts |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

        // The first round compiles and warms everything; it is printed too, marked.
        for (var run = 0; run <= runs; run++)
        {
            var tag = run == 0 ? " (warm-up)" : "";
            Measure("sequential" + tag, null, () => ProbationBatchBenchmarks.CountReviews(batch.RuleSet.EvaluateMany(batch.Cases)));
            var counters = new BatchCounters();
            Measure("parallel" + tag, counters, () => ProbationBatchBenchmarks.CountReviews(
                OrderedBatch<ProbationCase>.Run(batch.Cases, c => evaluator.Evaluate(c), workers, counters)));
            Measure("unordered ceiling" + tag, null, batch.UnorderedCeiling);
        }

        Console.WriteLine();
        Console.WriteLine("""
            Reading it: CPU / wall near the core count means every core was busy; the parallel batch's process CPU beside
            the sequential one's is the work it added (hand-off, spinning, collections on more threads), whatever the load.
            GC pauses stop every thread, so their share of the wall time does not shrink with more cores. Caller waits are
            times the enumerating thread blocked for the next block in order with nothing else to take; helper idle is
            time helpers spun or yielded with no block to take (the window was all taken).
            """);
    }

    private static void Measure(string name, BatchCounters? counters, Func<int> body)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var collections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
        var pause = GC.GetTotalPauseDuration();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var process = ThreadCpuClock.OfProcess();
        var caller = ThreadCpuClock.OfCurrentThread() ?? TimeSpan.Zero;
        var wall = Stopwatch.StartNew();

        body();

        wall.Stop();
        var callerUsed = (ThreadCpuClock.OfCurrentThread() ?? TimeSpan.Zero) - caller;
        var processUsed = ThreadCpuClock.OfProcess() - process;
        var paused = GC.GetTotalPauseDuration() - pause;
        var gen = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collections[g]).ToArray();
        var megabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6;
        var w = wall.Elapsed.TotalSeconds;
        var parallel = "| | | |";
        if (counters is not null)
        {
            SpinWait.SpinUntil(() => counters.Settled, TimeSpan.FromSeconds(5));
            parallel = Invariant($"| {counters.CallerBlocks:N0} / {counters.HelperBlocks:N0} | {counters.CallerWaits:N0} ({Seconds(counters.CallerWaitTicks):F3}) | {Seconds(counters.HelperIdleTicks):F3} | {counters.HelperStarts:N0} / {counters.HelperRestarts:N0} |");
        }

        Console.WriteLine(Invariant(
            $"| {name} | {w:F3} | {processUsed.TotalSeconds:F3} | {callerUsed.TotalSeconds:F3} | {(processUsed - callerUsed).TotalSeconds:F3} | {processUsed.TotalSeconds / w:F2} | {paused.TotalSeconds:F3} ({100 * paused.TotalSeconds / w:F1}%) | {gen[0]} / {gen[1]} / {gen[2]} | {megabytes:F1} {parallel}"));
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
#endif
