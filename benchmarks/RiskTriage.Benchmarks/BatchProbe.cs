using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using RiskTriage.Probation;
using RiskTriage.Shared;

// The probe uses the library's internal decision constructor, which an older build may not have.
#if !RISKTRIAGE_BEFORE
namespace RiskTriage.Benchmarks;

/// <summary>
/// Why each core evaluates slower when both are busy: <c>batch-probe [cases] [rounds] [kind]</c> runs one piece of work per
/// case on two fresh threads, each over half the cases, first one thread alone, then the other alone, then both at
/// once, and prints each thread's processor time alone and together and their ratio (the slowdown of running beside
/// the other), with the collections and GC pauses of each phase. The work varies one thing at a time: arithmetic that
/// allocates nothing; the same arithmetic plus objects of a decision's size that die at once; the rule set's evaluation
/// (its decision dropped at once, as the unordered ceiling does); the evaluation inside a no-GC region (no collection
/// at all); the evaluation with its decisions kept for a while, as an ordered batch's window keeps them; and two controls
/// that allocate nothing (the arithmetic alone, and with 512 bytes a case written round a private 8 MB buffer, the
/// allocator's memory traffic without the allocator); and the evaluation on one thread beside the arithmetic on the
/// other (the other core busy, but not allocating). Each thread's system time and page faults are printed too. Run it under
/// each collector setting with the runtime's variables (<c>DOTNET_GCgen0size</c>, <c>DOTNET_gcServer</c>).
/// Processor time per thread does not count time spent waiting for a core, so a loaded machine changes it less than
/// wall time; each round runs every kind of work, so a slow stretch of the machine falls on all of them.
/// </summary>
internal static class BatchProbe
{
    private static string s_only = "";

    public static void Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 400_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;

        // A third argument keeps only the kinds of work whose name contains it, e.g. "evaluation".
        s_only = args.Length > 2 ? args[2] : "";
        if (count < 2 || rounds < 1)
        {
            Console.Error.WriteLine("batch-probe [cases >= 2] [rounds >= 1] [kind of work]");
            Environment.Exit(2);
        }

        var batch = new ProbationBatchBenchmarks { Count = count };
        batch.Setup();
        var evaluator = batch.RuleSet.For<ProbationCase>();
        var cases = batch.Cases;
        var numbers = Enumerable.Range(0, count).ToArray();

        Console.WriteLine(Invariant($"{count:N0} cases, two threads of {count / 2:N0}; {Environment.ProcessorCount} cores, .NET {Environment.Version}; GC: {(GCSettings.IsServerGC ? "server" : "workstation")}"));
        foreach (var (name, value) in GC.GetConfigurationVariables().OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (name is "ServerGC" or "HeapCount" or "Gen0Size" or "GCGen0MaxBudget" or "Concurrent")
            {
                Console.WriteLine(Invariant($"  GC {name} = {value}"));
            }
        }

        Console.WriteLine("load average: " + (File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown"));
        Console.WriteLine();
        Console.WriteLine("| work | round | CPU alone s (thread 1 + 2) | CPU together s (thread 1 + 2) | together / alone | wall alone / together s | gen0 / gen1 alone | gen0 / gen1 together | GC pause alone / together ms | system CPU alone / together s | page faults alone / together | bytes a case |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

        // A decision's worth of objects (about 500 bytes in 20 objects, as the evaluation allocates), dead at once.
        // Each thread writes its own slot, a cache line away from the other's.
        var sink = new object?[2 * 16];

        // The memory traffic of allocating without the allocator or a collection: 512 bytes a case written into a private
        // 8 MB buffer per thread (larger than a core's caches, as gen 0 is), going round.
        var buffers = new[] { new long[1 << 20], new long[1 << 20] };
        var offsets = new int[2 * 16];

        // Decisions kept in a ring of 256 per thread (an ordered batch's window holds 256 on two workers), so that
        // every gen-0 collection finds some alive and promotes them.
        var rings = new[] { new Decision[256], new Decision[256] };
        var at = new int[2 * 16];

        // Every kind of work runs in every round, so the allocation-free controls are measured in the same state of the
        // machine as the evaluation (a virtual machine's cores are not equally fast from minute to minute).
        var kinds = new List<Action<string>>
        {
            round => Probe("arithmetic, no allocation (control)", round, numbers, (i, _) => BatchReport.FixedWork(i) == 0 ? 1 : 0),
            round => Probe("arithmetic + 512 B written to a private 8 MB buffer, no allocation (control)", round, numbers, (i, t) =>
            {
                var buffer = buffers[t];
                var from = offsets[t * 16];
                buffer.AsSpan(from, 64).Fill(i);
                offsets[t * 16] = (from + 64) & (buffer.Length - 1);
                return BatchReport.FixedWork(i) == 0 ? 1 : 0;
            }),
            round => Probe("arithmetic + 480 B in 20 objects, dropped", round, numbers, (i, t) =>
            {
                for (var k = 0; k < 20; k++)
                {
                    sink[t * 16] = new long[0];
                }

                return BatchReport.FixedWork(i) == 0 ? 1 : 0;
            }),
            round => Probe("evaluation, decision dropped", round, cases, (c, _) => evaluator.Evaluate(c).Status == DecisionStatus.Complete ? 0 : 1),

            // The same evaluations with no collection at all: each phase in a no-GC region big enough for its allocations.
            round => Probe("evaluation, no GC (no-GC region)", round, cases, (c, _) => evaluator.Evaluate(c).Status == DecisionStatus.Complete ? 0 : 1, noGc: true),
            // The evaluation beside a core that only does arithmetic: slower than alone means the other core being busy
            // at all slows it (the machine), not two threads allocating and collecting together (the process).
            round => Beside("evaluation (thread 1) beside the arithmetic control (thread 2)", round, half: count / 2,
                (i, t) => t == 0 ? (evaluator.Evaluate(cases[i]).Status == DecisionStatus.Complete ? 0 : 1) : (BatchReport.FixedWork(i) == 0 ? 1 : 0)),
            round => Probe("evaluation, last 256 decisions kept", round, cases, (c, t) =>
            {
                var decision = evaluator.Evaluate(c);
                rings[t][at[t * 16]++ & 255] = decision;
                return decision.Status == DecisionStatus.Complete ? 0 : 1;
            }),
        };

        for (var round = 0; round <= rounds; round++)
        {
            foreach (var kind in kinds)
            {
                kind(round == 0 ? "warm-up" : round.ToString(CultureInfo.InvariantCulture));
            }
        }

        GC.KeepAlive(sink);
        GC.KeepAlive(rings);

        Console.WriteLine();
        Console.WriteLine("""
            Reading it: "together / alone" is the processor time two threads took for their halves at once over the time
            each took alone: 1.00 means running beside the other costs a core nothing, 1.30 that each core works 30% slower
            (so two cores give at most 2 / 1.30 = 1.54x). It says so only if the threads did run at once: then the wall
            time together is about half the two alone phases' (on a loaded machine it is not, and the row says little).
            The controls allocate nothing: where they stay near 1.00 and the evaluation does not, the slowdown comes with
            the evaluation's allocation or its collections; the no-GC row removes the collections and keeps the allocation
            (into fresh memory: the page faults column), the kept-decisions row adds promotions as an ordered window does.
            """);
    }

    /// <summary>Runs <paramref name="work"/> over each half of <paramref name="items"/>, each thread alone and then both together, and prints the row.</summary>
    private static void Probe<T>(string name, string round, T[] items, Func<T, int, int> work, bool noGc = false)
    {
        if (!name.Contains(s_only, StringComparison.Ordinal))
        {
            return;
        }

        var half = items.Length / 2;
        var alone = new Phase[2];
        for (var t = 0; t < 2; t++)
        {
            alone[t] = RunPhase(half, (i, thread) => work(items[i], thread), [t], noGc);
        }

        var together = RunPhase(half, (i, thread) => work(items[i], thread), [0, 1], noGc);
        var cpuAlone = alone[0].Cpu[0] + alone[1].Cpu[1];
        var cpuTogether = together.Cpu[0] + together.Cpu[1];
        Console.WriteLine(Invariant(
            $"| {name} | {round} | {cpuAlone:F3} ({alone[0].Cpu[0]:F3} + {alone[1].Cpu[1]:F3}) | {cpuTogether:F3} ({together.Cpu[0]:F3} + {together.Cpu[1]:F3}) | **{cpuTogether / cpuAlone:F2}** | {alone[0].Wall + alone[1].Wall:F3} / {together.Wall:F3} | {alone[0].Gen0 + alone[1].Gen0} / {alone[0].Gen1 + alone[1].Gen1} | {together.Gen0} / {together.Gen1} | {(alone[0].PauseMs + alone[1].PauseMs):F1} / {together.PauseMs:F1} | {alone[0].System[0] + alone[1].System[1]:F3} / {together.System.Sum():F3} | {alone[0].Faults[0] + alone[1].Faults[1]:N0} / {together.Faults.Sum():N0} | {together.Bytes / (2.0 * half):F0} |"));
    }

    /// <summary>
    /// Thread 1's processor time for its half of <paramref name="work"/> alone, and while thread 2 runs its own half of
    /// the same <paramref name="work"/> (which tells the threads apart by their number) beside it; prints the row.
    /// </summary>
    private static void Beside(string name, string round, int half, Func<int, int, int> work)
    {
        if (!name.Contains(s_only, StringComparison.Ordinal))
        {
            return;
        }

        var alone = RunPhase(half, work, [0], noGc: false);
        var together = RunPhase(half, work, [0, 1], noGc: false);
        Console.WriteLine(Invariant(
            $"| {name} | {round} | {alone.Cpu[0]:F3} (thread 1) | {together.Cpu[0]:F3} (thread 1; thread 2 {together.Cpu[1]:F3}) | **{together.Cpu[0] / alone.Cpu[0]:F2}** | {alone.Wall:F3} / {together.Wall:F3} | {alone.Gen0} / {alone.Gen1} | {together.Gen0} / {together.Gen1} | {alone.PauseMs:F1} / {together.PauseMs:F1} | {alone.System[0]:F3} / {together.System.Sum():F3} | {alone.Faults[0]:N0} / {together.Faults.Sum():N0} | {together.Bytes / (2.0 * half):F0} |"));
    }

    private sealed record Phase(double[] Cpu, double Wall, int Gen0, int Gen1, double PauseMs, long Bytes, double[] System, long[] Faults);

    /// <summary>
    /// The calling thread's system (kernel) processor time in seconds and its minor page faults so far
    /// (<c>getrusage(RUSAGE_THREAD)</c>; zeros where it cannot be read).
    /// </summary>
    private static (double System, long Faults) ThreadUsage()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (0, 0);
        }

        try
        {
            // struct rusage on 64-bit Linux: ru_utime and ru_stime (two longs each), then 14 longs; ru_minflt is the fifth.
            var usage = new long[18];
            return getrusage(1, usage) == 0 ? (usage[2] + usage[3] / 1e6, usage[8]) : (0, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return (0, 0);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, [Out] long[] usage);

    /// <summary>
    /// Each thread in <paramref name="threads"/> (0 and/or 1) runs <paramref name="work"/> (case index, thread) over its half of the indexes, all starting at once;
    /// each thread's processor time, the phase's wall time, collections and pauses.
    /// </summary>
    private static Phase RunPhase(int half, Func<int, int, int> work, int[] threads, bool noGc)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var cpu = new double[2];
        var system = new double[2];
        var faults = new long[2];
        var bytes = new long[2];
        using var start = new Barrier(threads.Length + 1);
        var running = threads.Select(t => new Thread(() =>
        {
            var from = t * half;
            start.SignalAndWait();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var before = ThreadCpuClock.OfCurrentThread() ?? TimeSpan.Zero;
            var usage = ThreadUsage();
            var sum = 0;
            for (var i = from; i < from + half; i++)
            {
                sum += work(i, t);
            }

            cpu[t] = ((ThreadCpuClock.OfCurrentThread() ?? TimeSpan.Zero) - before).TotalSeconds;
            var used = ThreadUsage();
            system[t] = used.System - usage.System;
            faults[t] = used.Faults - usage.Faults;
            bytes[t] = GC.GetAllocatedBytesForCurrentThread() - allocated;
            GC.KeepAlive(sum);
        })).ToArray();
        foreach (var thread in running)
        {
            thread.Start();
        }

        // A no-GC region for the whole phase: about 600 bytes a case on each thread, plus room for the threads' start.
        var inRegion = noGc && GC.TryStartNoGCRegion(Math.Min(600L * half * threads.Length + (16 << 20), 240L << 20));
        if (noGc && !inRegion)
        {
            throw new InvalidOperationException("the runtime refused the no-GC region; run the probe with fewer cases");
        }

        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var pause = GC.GetTotalPauseDuration();
        var wall = System.Diagnostics.Stopwatch.StartNew();
        start.SignalAndWait();
        foreach (var thread in running)
        {
            thread.Join();
        }

        wall.Stop();
        var phase = new Phase(cpu, wall.Elapsed.TotalSeconds, GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1,
            (GC.GetTotalPauseDuration() - pause).TotalMilliseconds, bytes.Sum(), system, faults);
        if (inRegion && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            GC.EndNoGCRegion();
        }

        return phase;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
#endif
