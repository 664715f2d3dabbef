using System.Diagnostics;
using System.Globalization;
using RiskTriage.Shared;

// Reads benchmarks (JsonReadOnly, JsonEvaluateOnly) that an older build of the library does not have.
#if !RISKTRIAGE_BEFORE
namespace RiskTriage.Benchmarks;

/// <summary>
/// The JSON cases and their Newtonsoft baselines measured in alternating rounds in one process:
/// <c>json-rounds [rounds]</c> runs <see cref="ProbationEvaluateBenchmarks"/>' reading benchmarks one after the other,
/// round after round (each round 8 × 1,024 cases of each), and prints each one's processor time per case (the
/// measuring thread's, so time the thread waits for a core is left out) and, per round, the engine's time over
/// Newtonsoft's time of the same round.
/// </summary>
/// <remarks>
/// Why: Newtonsoft's read of the same strings measured 5.6 us in one BenchmarkDotNet job and 9.4-10 us in others
/// (RESULTS.md, session 11), and the switch happens inside one process, for a second or so at a time, with the same
/// code and the same collections (RESULTS.md, session 12, helper J): it follows what runs beside the process. BenchmarkDotNet measures each benchmark in its own process at its own time, so a ratio of two
/// of its figures can set a slow stretch of one against a quiet stretch of the other. Here both sides of a ratio
/// share every stretch. Not a replacement for BenchmarkDotNet's figures: a check that a ratio is the code's.
/// </remarks>
internal static class JsonRounds
{
    private const int PerRound = 8;

    public static void Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
        if (rounds < 1)
        {
            Console.Error.WriteLine($"json-rounds: {rounds} rounds; give at least 1.");
            Environment.Exit(2);
        }

        var bench = new ProbationEvaluateBenchmarks();
        bench.Setup();
        (string Name, string? Baseline, Func<object?> Run)[] sides =
        [
            (nameof(bench.NewtonsoftReadOnly), null, () => bench.NewtonsoftReadOnly()),
            (nameof(bench.JsonNoTrace), nameof(bench.NewtonsoftReadOnly), bench.JsonNoTrace),
            (nameof(bench.JsonReadOnly), nameof(bench.NewtonsoftReadOnly), () => bench.JsonReadOnly()),
            (nameof(bench.NewtonsoftReadOnlyUtf8), null, () => bench.NewtonsoftReadOnlyUtf8()),
            (nameof(bench.JsonUtf8NoTrace), nameof(bench.NewtonsoftReadOnlyUtf8), bench.JsonUtf8NoTrace),
            (nameof(bench.JsonUtf8ReadOnly), nameof(bench.NewtonsoftReadOnlyUtf8), () => bench.JsonUtf8ReadOnly()),
            (nameof(bench.JsonEvaluateOnly), null, bench.JsonEvaluateOnly),
            (nameof(bench.TypedNoTrace), null, bench.TypedNoTrace),
        ];

        // Warm-up: every method compiled at its final tier before the first measured round.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(3))
        {
            foreach (var side in sides)
            {
                side.Run();
            }
        }

        var perCase = sides.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            // Each round starts one side later, so that no side always runs first (or right after the same other).
            for (var k = 0; k < sides.Length; k++)
            {
                var s = (k + round) % sides.Length;
                var start = ThreadCpuClock.OfCurrentThread() ?? throw new PlatformNotSupportedException("json-rounds needs the thread's processor time (Linux)");
                for (var i = 0; i < PerRound; i++)
                {
                    sides[s].Run();
                }

                perCase[s].Add((ThreadCpuClock.OfCurrentThread()!.Value - start).TotalNanoseconds / (PerRound * 1024.0));
            }
        }

        Console.WriteLine(Invariant($"{rounds} rounds of {PerRound} x 1,024 cases each, .NET {Environment.Version}; processor time of the measuring thread, ns per case"));
        Console.WriteLine();
        Console.WriteLine("| benchmark | median | min | max | over its Newtonsoft baseline, same round: median (min-max) |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        for (var s = 0; s < sides.Length; s++)
        {
            var times = perCase[s];
            var ratio = "";
            if (sides[s].Baseline is { } baseline)
            {
                var b = Array.FindIndex(sides, x => x.Name == baseline);
                var ratios = times.Select((t, r) => t / perCase[b][r]).ToList();
                ratio = Invariant($"{Median(ratios):F2} ({ratios.Min():F2}-{ratios.Max():F2})");
            }

            Console.WriteLine(Invariant($"| {sides[s].Name} | {Median(times):N0} | {times.Min():N0} | {times.Max():N0} | {ratio} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Per round (same order as the table):");
        for (var round = 0; round < rounds; round++)
        {
            Console.WriteLine(string.Join(" ", perCase.Select(p => p[round].ToString("F0", CultureInfo.InvariantCulture))));
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
#endif
