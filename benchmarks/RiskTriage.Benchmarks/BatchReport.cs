using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using RiskTriage.Probation;
#if !RISKTRIAGE_BEFORE
using RiskTriage.Evaluation;
#endif
using RiskTriage.Shared;

// The report reads the batch's counters, which an older build of the library does not have.
#if !RISKTRIAGE_BEFORE
namespace RiskTriage.Benchmarks;

/// <summary>
/// What bounds the parallel batch, in terms a loaded machine changes little: <c>batch-report [cases] [runs] [sweep]</c> runs
/// <see cref="ProbationBatchBenchmarks"/>' sequential and parallel batches (and the unordered ceiling) in this process,
/// and prints for each run the garbage collector's pauses and collections, the processor time of the enumerating
/// thread and of the rest of the process, and how the parallel batch's threads shared the blocks and how long they
/// waited. With <c>sweep</c> after the runs it then measures what one block's hand-off costs (see <see cref="Sweep{T}"/>).
/// Times are not a benchmark (BenchmarkDotNet gives those); they say where the time went. Run it under each GC
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
        PrintHeader();

        // The first round compiles and warms everything; it is printed too, marked.
        // A third argument other than "sweep" runs only the batch it names (sequential, parallel or ceiling): one kind of
        // work per process, for a profiler's samples.
        var only = args.Length > 2 && args[2] != "sweep" ? args[2] : "";
        for (var run = 0; run <= runs; run++)
        {
            var tag = run == 0 ? " (warm-up)" : "";
            if (only is "" or "sequential")
            {
                Measure("sequential" + tag, null, () => ProbationBatchBenchmarks.CountReviews(batch.RuleSet.EvaluateMany(batch.Cases)));
            }

            if (only is "" or "parallel")
            {
                var counters = new BatchCounters();
                Measure("parallel" + tag, counters, () => ProbationBatchBenchmarks.CountReviews(
                    OrderedBatch<ProbationCase>.Run(batch.Cases, c => evaluator.Evaluate(c), workers, counters)));
            }

            if (only is "" or "ceiling")
            {
                Measure("unordered ceiling" + tag, null, batch.UnorderedCeiling);
            }
        }

        if (args.Length > 2 && args[2] == "sweep")
        {
            var numbers = Enumerable.Range(0, count).ToArray();
            var shared = evaluator.Evaluate(batch.Cases[0]);
            Sweep("fixed work", numbers, i => FixedWork(i) == 0 ? null! : shared, runs, workers);
            Sweep("fixed work and a new decision", numbers, i => FixedWork(i) == 0 ? null! : batch.RuleSet.NewDecision(null, TraceDetail.None), runs, workers);
            Sweep("evaluation", batch.Cases, c => evaluator.Evaluate(c), runs, workers);
        }

        Console.WriteLine();
        Console.WriteLine("""
            Reading it: CPU / wall near the core count means every core was busy; the parallel batch's process CPU beside
            the sequential one's is the work it added (hand-off, spinning, collections on more threads), whatever the load.
            GC pauses stop every thread, so their share of the wall time does not shrink with more cores. Caller waits are
            times the enumerating thread blocked for the next block in order with nothing else to take; helper idle is
            time helpers spun or yielded with no block to take (the window was all taken). Switches are the process's
            voluntary context switches (a thread blocked in the kernel: a futex wait) and involuntary ones (preempted).
            """);
    }

    private static void PrintHeader()
    {
        Console.WriteLine("| run | wall s | process CPU s | caller CPU s | rest CPU s | CPU / wall | GC pause s (% of wall) | gen0 / gen1 / gen2 | MB allocated | switches vol / invol | blocks caller / helpers | caller waits (s) | helper idle s | helper starts / restarts |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    /// <summary>
    /// What a block's hand-off costs, apart from the rule set: <paramref name="cases"/> run through
    /// <paramref name="work"/> sequentially and in parallel in blocks of 8 to 128 cases; the parallel batch's processor
    /// time beyond the sequential loop's, divided by its blocks, is printed per block size. With fixed, allocation-free
    /// work it is the hand-off itself; with a new decision per case it adds what decisions made on one core and read on
    /// another, and held across collections, cost; with the rule set's evaluation it is the real batch.
    /// </summary>
    private static void Sweep<T>(string what, T[] cases, Func<T, Decision> work, int runs, int workers)
    {
        int[] sizes = [8, 16, 32, 128];
        Console.WriteLine();
        Console.WriteLine(Invariant($"{what}: sequential, then in blocks of each size:"));
        Console.WriteLine();
        PrintHeader();
        var extra = sizes.ToDictionary(size => size, _ => new List<double>());
        for (var run = 0; run <= runs; run++)
        {
            var tag = run == 0 ? " (warm-up)" : "";
            var sequential = Measure("sequential" + tag, null, () => ProbationBatchBenchmarks.CountReviews(cases.Select(work)));
            foreach (var size in sizes)
            {
                var counters = new BatchCounters();
                var parallel = Measure(Invariant($"blocks of {size}{tag}"), counters, () => ProbationBatchBenchmarks.CountReviews(
                    OrderedBatch<T>.Run(cases, work, workers, counters, size)));
                if (run > 0)
                {
                    extra[size].Add((parallel - sequential) * 1e6 / ((cases.Length + size - 1) / size));
                }
            }
        }

        Console.WriteLine();
        foreach (var size in sizes)
        {
            Console.WriteLine(Invariant($"{what}, blocks of {size}: processor time beyond the sequential loop's, per block: {string.Join(", ", extra[size].Select(us => us.ToString("F2", CultureInfo.InvariantCulture)))} us"));
        }
    }

    /// <summary>About a case's worth of arithmetic (1-2 us), allocation-free, that the JIT cannot drop; never 0 for these inputs.</summary>
    internal static ulong FixedWork(int i)
    {
        var x = (ulong)i + 0x9E3779B97F4A7C15;
        for (var k = 0; k < 1_500; k++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
        }

        return x | 1;
    }

    /// <summary>Runs <paramref name="body"/> once and prints its row; the process's processor time it took, in seconds.</summary>
    private static double Measure(string name, BatchCounters? counters, Func<int> body)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var collections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
        var pause = GC.GetTotalPauseDuration();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var switches = ContextSwitches();
        var process = ThreadCpuClock.OfProcess();
        var caller = ThreadCpuClock.OfCurrentThread() ?? TimeSpan.Zero;
        var wall = Stopwatch.StartNew();

        body();

        wall.Stop();
        var callerUsed = (ThreadCpuClock.OfCurrentThread() ?? TimeSpan.Zero) - caller;
        var processUsed = ThreadCpuClock.OfProcess() - process;
        var switched = ContextSwitches();
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
            $"| {name} | {w:F3} | {processUsed.TotalSeconds:F3} | {callerUsed.TotalSeconds:F3} | {(processUsed - callerUsed).TotalSeconds:F3} | {processUsed.TotalSeconds / w:F2} | {paused.TotalSeconds:F3} ({100 * paused.TotalSeconds / w:F1}%) | {gen[0]} / {gen[1]} / {gen[2]} | {megabytes:F1} | {switched.Voluntary - switches.Voluntary:N0} / {switched.Involuntary - switches.Involuntary:N0} {parallel}"));
        return processUsed.TotalSeconds;
    }

    /// <summary>The process's context switches so far, every thread's, ended ones included (<c>getrusage</c>; zeros where it cannot be read).</summary>
    private static (long Voluntary, long Involuntary) ContextSwitches()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (0, 0);
        }

        try
        {
            // struct rusage on 64-bit Linux: two timevals (4 longs), then 14 longs; ru_nvcsw and ru_nivcsw are the last two.
            var usage = new long[18];
            return getrusage(0, usage) == 0 ? (usage[16], usage[17]) : (0, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return (0, 0);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, [Out] long[] usage);

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
