using System.Buffers;
using System.Globalization;
using System.Text;
using RiskTriage.Shared;

namespace RiskTriage.Benchmarks;

/// <summary>
/// What the CLI's per-case library work costs on the CLI's own cases, one thread, no pipeline:
/// <c>cli-cases [cases.ndjson] [count] [rounds] [threads]</c> reads the first <c>count</c> lines of a batch made by
/// <c>benchmarks/cli-throughput.sh</c> (default <c>artifacts/cli-throughput/cases-1000000.ndjson</c>, 200,000 lines)
/// into memory, then per round evaluates them as UTF-8 (<see cref="RuleSet.Evaluate(ReadOnlySpan{byte}, TraceDetail)"/>),
/// alone and followed by <see cref="Decision.WriteJson(IBufferWriter{byte})"/> into a reused buffer, both over
/// 1,024 lines reused ("hot") and over every line once ("cold"), and the read alone over the hot lines (the UTF-8 case
/// reader's <c>TryRead</c>, as <c>Evaluate</c> calls it), and prints the thread's processor time per case;
/// with <c>threads</c> above 1 (default 1), as many threads run the same loops at once, each over its own share of the lines.
/// It first prints what the read alone, the read and evaluation, and both with <c>WriteJson</c> allocate a case.
/// </summary>
/// <remarks>
/// Why: <c>eval --stages</c> gives the workers' read + evaluate and decision JSON per case inside the CLI, and
/// <c>JsonUtf8NoTrace</c> / <c>DecisionJson</c> give them on the benchmarks' own cases; this is the same calls on the
/// CLI's cases with nothing else around them, the floor under the CLI's per-case cost with today's library (RESULTS.md,
/// session 12).
/// </remarks>
internal static class CliCases
{
    private const int Hot = 1_024;

    public static void Run(string[] args)
    {
        var root = RepositoryRoot.Path;
        var file = args.Length > 0 ? args[0] : Path.Combine(root, "artifacts", "cli-throughput", "cases-1000000.ndjson");
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var threads = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        if (threads is < 1 or > 64)
        {
            Console.Error.WriteLine($"cli-cases: threads must be between 1 and 64 (got {threads}).");
            Environment.Exit(2);
        }
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"cli-cases: '{file}' does not exist; make it with benchmarks/cli-throughput.sh (it keeps its batches in artifacts/cli-throughput).");
            Environment.Exit(2);
        }

        var ruleSet = RuleSet.Load(Path.Combine(root, "rules", "probation"));
        var lines = File.ReadLines(file).Take(count).Select(Encoding.UTF8.GetBytes).ToArray();
        if (lines.Length < Hot)
        {
            Console.Error.WriteLine($"cli-cases: '{file}' has {lines.Length} lines; at least {Hot} are needed.");
            Environment.Exit(2);
        }

        // Each thread runs the same loops over its own share of the lines (hot: its own 1,024), with its own buffer, at
        // the same time as the others: with two threads both cores run the CLI's calls as its two workers do.
        var schema = Evaluation.Utf8CaseSchema.Build(ruleSet.Checked.Inputs, ruleSet.Checked.CaseIdField);
        double PerCase(int thread, bool cold, int n, bool write, ArrayBufferWriter<byte> buffer, bool readOnly = false)
        {
            var share = lines.Length / threads;
            var first = thread * share;
            var start = ThreadCpuClock.OfCurrentThread() ?? throw new PlatformNotSupportedException("cli-cases needs the thread's processor time (Linux)");
            for (var i = 0; readOnly && i < n; i++)
            {
                Evaluation.Utf8CaseReader.TryRead(lines[first + (i % Hot)], schema, ruleSet.Checked.CaseIdField, ruleSet.Options, out _);
            }

            for (var i = 0; !readOnly && i < n; i++)
            {
                var decision = ruleSet.Evaluate(cold ? lines[first + i] : lines[first + (i % Hot)], TraceDetail.None);
                if (write)
                {
                    buffer.ResetWrittenCount();
                    decision.WriteJson(buffer);
                }
            }

            return (ThreadCpuClock.OfCurrentThread()!.Value - start).TotalNanoseconds / n;
        }

        // One round of the five loops on every thread at once; each loop starts on all threads together.
        double[] Round(int n, bool warm)
        {
            var results = new double[threads, 5];
            using var barrier = new Barrier(threads);
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                var buffer = new ArrayBufferWriter<byte>(1 << 16);
                (bool Cold, bool Write)[] loops = warm ? [(false, true)] : [(false, false), (false, true), (true, false), (true, true)];
                for (var k = 0; k < loops.Length; k++)
                {
                    barrier.SignalAndWait();
                    results[t, k] = PerCase(t, loops[k].Cold, n, loops[k].Write, buffer);
                }

                if (!warm)
                {
                    barrier.SignalAndWait();
                    results[t, 4] = PerCase(t, false, n, false, buffer, readOnly: true);
                }
            })).ToArray();
            foreach (var worker in workers)
            {
                worker.Start();
            }

            foreach (var worker in workers)
            {
                worker.Join();
            }

            return [.. Enumerable.Range(0, 5).Select(k => Enumerable.Range(0, threads).Average(t => results[t, k]))];
        }

        for (var warm = 0; warm < 30; warm++)
        {
            Round(Hot, warm: true);
        }

        // What each call allocates a case, on this thread, over the hot lines (the collector's work grows with it).
        var allocationBuffer = new ArrayBufferWriter<byte>(1 << 16);
        double AllocatedPerCase(Action<byte[]> call)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Hot; i++)
            {
                call(lines[i]);
            }

            return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Hot;
        }

        var readBytes = AllocatedPerCase(line => Evaluation.Utf8CaseReader.TryRead(line, schema, ruleSet.Checked.CaseIdField, ruleSet.Options, out _));
        var evaluateBytes = AllocatedPerCase(line => ruleSet.Evaluate(line, TraceDetail.None));
        var writeBytes = AllocatedPerCase(line =>
        {
            allocationBuffer.ResetWrittenCount();
            ruleSet.Evaluate(line, TraceDetail.None).WriteJson(allocationBuffer);
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocated a case (hot lines, one thread): read {readBytes:N0} B, read + evaluate {evaluateBytes:N0} B, + WriteJson {writeBytes:N0} B"));

        var perThread = lines.Length / threads;
        var gc0 = GC.CollectionCount(0);
        var gc1 = GC.CollectionCount(1);
        var pause = GC.GetTotalPauseDuration();
        Console.WriteLine($"{lines.Length:N0} cases of {file}, .NET {Environment.Version}, {threads} thread(s) at once, {perThread:N0} cases each; the threads' processor time, ns per case (mean over threads)");
        Console.WriteLine("round  hot: evaluate  hot: + WriteJson  cold: evaluate  cold: + WriteJson  hot: read");
        for (var round = 0; round < rounds; round++)
        {
            var r = Round(perThread, warm: false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{round,5}  {r[0],13:N0}  {r[1],17:N0}  {r[2],14:N0}  {r[3],18:N0}  {r[4],10:N0}"));
        }

        var cases = (double)rounds * 5 * perThread * threads;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GC over the rounds: {GC.CollectionCount(0) - gc0} gen0, {GC.CollectionCount(1) - gc1} gen1 collections, pauses {(GC.GetTotalPauseDuration() - pause).TotalNanoseconds / cases:0} ns a case"));
    }
}
