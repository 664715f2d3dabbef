using System.Diagnostics;
using System.Globalization;
using RiskTriage.Probation;
using Xunit.Abstractions;

namespace RiskTriage.Tests.Reliability;

/// <summary>
/// One compiled rule set evaluated from 8 threads at once gives, case by case, the same canonical JSON as one
/// thread. The normal run checks 200,000 generated probation cases; set RISKTRIAGE_CONCURRENCY_N (e.g. 1000000)
/// for a longer run.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private const int Threads = 8;

    /// <summary>Cases are generated in chunks, each from its own seed, so any thread can make case i on its own.</summary>
    private const int Chunk = 1_000;

    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("RISKTRIAGE_CONCURRENCY_N"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
        ? (n + Chunk - 1) / Chunk * Chunk
        : 200_000;

    private static ProbationCase[] ChunkOf(int chunk) => ProbationData.Generated(Chunk, seed: 1_000_000 + chunk);

    /// <summary>FNV-1a over the UTF-16 text: a cheap 64-bit fingerprint, so a million decisions need not be kept.</summary>
    private static ulong Fingerprint(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    [Fact]
    public void Eight_threads_give_byte_identical_decisions_to_one_thread()
    {
        var count = Count;
        var chunks = count / Chunk;

        // The reference: one thread, one rule set.
        var stopwatch = Stopwatch.StartNew();
        var reference = ProbationData.RuleSet.For<ProbationCase>();
        var expected = new ulong[count];
        for (var c = 0; c < chunks; c++)
        {
            var cases = ChunkOf(c);
            for (var i = 0; i < Chunk; i++)
            {
                expected[(c * Chunk) + i] = Fingerprint(reference.Evaluate(cases[i]).ToJson());
            }
        }

        var sequential = stopwatch.Elapsed;

        // Eight threads on a freshly loaded rule set, so its typed binding is first built while they race for it.
        // Every twentieth chunk goes through the JSON reader instead of the typed binding: the two give identical decisions.
        var shared = RuleSet.Load(ProbationData.Folder);
        var actual = new ulong[count];
        var next = -1;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var start = new Barrier(Threads);
        stopwatch.Restart();
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                var evaluator = shared.For<ProbationCase>();
                int c;
                while ((c = Interlocked.Increment(ref next)) < chunks)
                {
                    var cases = ChunkOf(c);
                    var viaJson = c % 20 == 0;
                    for (var i = 0; i < Chunk; i++)
                    {
                        var decision = viaJson ? shared.Evaluate(ProbationData.ToJson(cases[i])) : evaluator.Evaluate(cases[i]);
                        actual[(c * Chunk) + i] = Fingerprint(decision.ToJson());
                    }
                }
            }
            catch (Exception e)
            {
                failures.Enqueue($"thread {t}: {e}");
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var parallel = stopwatch.Elapsed;

        Assert.Empty(failures);
        var differing = Enumerable.Range(0, count).Where(i => expected[i] != actual[i]).Take(10).ToList();
        Assert.True(differing.Count == 0, "cases whose decisions differ: " + string.Join(", ", differing.Select(i =>
            $"{i}\n  one thread: {reference.Evaluate(ChunkOf(i / Chunk)[i % Chunk]).ToJson()}\n  8 threads:  {shared.For<ProbationCase>().Evaluate(ChunkOf(i / Chunk)[i % Chunk]).ToJson()}")));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count:N0} cases: one thread {sequential.TotalSeconds:F1} s, {Threads} threads {parallel.TotalSeconds:F1} s ({Environment.ProcessorCount} cores); {expected.Distinct().Count():N0} distinct decisions"));
    }

    [Fact]
    public void A_parallel_JSON_batch_matches_a_sequential_one_with_full_traces()
    {
        var json = Enumerable.Range(0, 10).SelectMany(ChunkOf).Select(ProbationData.ToJson).ToList();
        var options = new BatchOptions { Trace = TraceDetail.Full };
        var ruleSet = RuleSet.Load(ProbationData.Folder);

        var parallel = ruleSet.EvaluateMany(json, options with { MaxDegreeOfParallelism = Threads }).Select(d => d.ToJson()).ToList();
        var sequential = ruleSet.EvaluateMany(json, options).Select(d => d.ToJson()).ToList();

        Assert.Equal(sequential, parallel);
    }
}
