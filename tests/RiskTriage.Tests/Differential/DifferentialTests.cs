using System.Collections.Concurrent;
using System.Globalization;
using RiskTriage.Diagnostics;
using Xunit.Abstractions;

namespace RiskTriage.Tests.Differential;

/// <summary>
/// Differential tests of the whole engine: random well-typed rule sets (<see cref="RuleSetGenerator"/>) and random
/// cases, each decision made by the compiled rule set from JSON, from the same case typed, traced (the trace left
/// aside; for one rule set in four) and by every <see cref="DecisionOracles">oracle</see>, all byte-identical as
/// canonical JSON.
/// </summary>
/// <remarks>
/// The size is set by environment variables: <c>RISKTRIAGE_DIFF_N</c> rule sets (default 2,000),
/// <c>RISKTRIAGE_DIFF_CASES</c> cases each (default 200), from seed <c>RISKTRIAGE_DIFF_SEED</c> (default 0). A nightly
/// run takes <c>RISKTRIAGE_DIFF_N=50000</c> with a changing seed; a failure prints the seed that reproduces it.
/// </remarks>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private const int MismatchesShown = 3;

    private const int TracedEvery = 4;

    [Fact]
    public void Compiled_decisions_match_the_oracles_typed_cases_and_traced_runs_on_random_rule_sets()
    {
        var ruleSets = Setting("RISKTRIAGE_DIFF_N", 2000);
        var cases = Setting("RISKTRIAGE_DIFF_CASES", 200);
        var seed = Setting("RISKTRIAGE_DIFF_SEED", 0);
        var stats = new Stats();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Parallel.For(seed, seed + ruleSets, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, s => Compare(s, cases, stats));

        var report = stats.Report(ruleSets, cases, seed) + string.Create(CultureInfo.InvariantCulture, $"\n{clock.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores");
        output.WriteLine(report);
        Assert.True(stats.Failures.IsEmpty, report + "\n\n" + string.Join("\n\n", stats.Failures.Take(MismatchesShown)));

        // The generator must reach what it exists for: a run that never saw these proves little.
        if (ruleSets >= 200)
        {
            foreach (var code in new[] { "NO_BAND", "HIT_POLICY_VIOLATION", "NON_FINITE_OUTPUT", "OUT_OF_RANGE", "MISSING_INPUT", "CODE_0" })
            {
                Assert.True(stats.Reviews.GetValueOrDefault(code) > 0, $"no decision had the review reason {code}\n{report}");
            }

            Assert.True(stats.Statuses.GetValueOrDefault(nameof(DecisionStatus.Invalid)) > 0, report);
            Assert.True(stats.Statuses.GetValueOrDefault(nameof(DecisionStatus.Complete)) > 0, report);
        }
    }

    [Fact]
    public void The_generator_makes_rule_sets_that_load_with_every_hit_policy_and_element_kind()
    {
        var texts = Enumerable.Range(0, 300).Select(RuleSetGenerator.Generate).ToList();
        foreach (var piece in new[] { "\"UNIQUE\"", "\"FIRST\"", "\"PRIORITY\"", "\"ANY\"", "\"COLLECT\"", "\"SUM\"", "\"MIN\"", "\"MAX\"", "\"COUNT\"",
            "\"values\": {\n    \"v", "\"scorecards\": {\n    \"sc", "\"bands\": {\n    \"bd", "\"test\"", "\"set\"", "\"review\"", "\"priority\"", "\"enabled\": false",
            "\"outOfRange\"", "\"items\"", "\"properties\"", "0001-01-01", "9999-12-31", "1e308", ".Any(", ".Where(" })
        {
            Assert.Contains(texts, t => t.Contains(piece, StringComparison.Ordinal));
        }

        var failures = texts.Select((text, seed) => (text, seed, error: LoadError(text))).Where(r => r.error is not null).ToList();
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {texts.Count} generated rule sets do not load:\n{string.Join("\n", failures.Take(8).Select(f => $"seed {f.seed}: {f.error}"))}\n--- seed {failures.FirstOrDefault().seed}\n{failures.FirstOrDefault().text}");
    }

    private static string? LoadError(string text)
    {
        try
        {
            Load(text);
            return null;
        }
        catch (RuleSetException e)
        {
            return string.Join("\n", e.Diagnostics.Where(d => d.IsError));
        }
    }

    // Compiled from the start, so that every comparison is compiled code against the interpreter (not Tiered, the default).
    private static RuleSet Load(string text) =>
        RuleSet.LoadFromSources(new Dictionary<string, string> { ["ruleset.json"] = text }, new RuleSetOptions { Backend = RuleSetBackend.Compiled });

    private static void Compare(int seed, int cases, Stats stats)
    {
        var text = RuleSetGenerator.Generate(seed);
        RuleSet ruleSet;
        try
        {
            ruleSet = Load(text);
        }
        catch (RuleSetException e)
        {
            stats.Failures.Add($"seed {seed}: the generated rule set does not load:\n{string.Join("\n", e.Diagnostics.Where(d => d.IsError))}\n{text}");
            return;
        }

        Interlocked.Increment(ref stats.Loaded);
        var typed = ruleSet.For<DiffCase>();
        var interpreted = InterpretedOracle.For(ruleSet);
        var interpretedTyped = interpreted.For<DiffCase>();
        var random = new Random(seed);

        // Compiling the traced form costs more than loading the rule set: one rule set in TracedEvery has it checked.
        var traced = seed % TracedEvery == 0;
        for (var i = 0; i < cases; i++)
        {
            var @case = RuleSetGenerator.Case(random, i);
            var json = @case.ToJson();
            var compiled = ruleSet.Evaluate(json);
            var expected = compiled.ToJson();
            stats.Count(compiled);

            var others = new List<(string Name, Func<string> Json)>
            {
                ("typed", () => typed.Evaluate(@case).ToJson()),
                ("interpreted typed", () => interpretedTyped.Evaluate(@case).ToJson()),
            };
            if (traced)
            {
                var detail = i % 2 == 0 ? TraceDetail.Full : TraceDetail.Summary;
                var compiledTrace = ruleSet.Evaluate(json, detail).ToJson();
                others.Add(("traced", () => WithoutTrace(compiledTrace)));

                // The interpreter's trace is compared whole, step by step, with the compiled trace.
                others.Add(("interpreted traced", () => Same(interpreted.Evaluate(json, detail).ToJson(), compiledTrace)));
            }

            others.AddRange(DecisionOracles.All.Select(o => (o.Name, (Func<string>)(() => o.Evaluate(ruleSet, json).ToJson()))));
            foreach (var (name, make) in others)
            {
                string actual;
                try
                {
                    actual = make();
                }
                catch (Exception e)
                {
                    actual = e.ToString();
                }

                Interlocked.Increment(ref stats.Comparisons);
                if (!string.Equals(actual, expected, StringComparison.Ordinal))
                {
                    stats.Failures.Add($"seed {seed}, case {i} ({json}):\ncompiled: {expected}\n{name}: {actual}\n--- rule set\n{text}");
                    return;
                }
            }
        }
    }

    /// <summary>
    /// A traced decision as the comparison sees it: when it equals <paramref name="compiled"/> (the trace included),
    /// the compiled decision without its trace, which the untraced decision matches; otherwise as it is, which does not.
    /// </summary>
    private static string Same(string actual, string compiled) =>
        string.Equals(actual, compiled, StringComparison.Ordinal) ? WithoutTrace(compiled) : "(trace included) " + actual + "\ncompiled, traced: " + compiled;

    /// <summary>The canonical JSON without its trace, which comes last.</summary>
    private static string WithoutTrace(string json)
    {
        var at = json.IndexOf(",\"trace\":[", StringComparison.Ordinal);
        return at < 0 ? json : json[..at] + "}";
    }

    private sealed class Stats
    {
        public int Loaded;
        public int Comparisons;
        public readonly ConcurrentBag<string> Failures = [];
        public readonly ConcurrentDictionary<string, int> Statuses = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, int> Reviews = new(StringComparer.Ordinal);

        public void Count(Decision decision)
        {
            Statuses.AddOrUpdate(decision.Status.ToString(), 1, (_, n) => n + 1);
            foreach (var code in decision.ReviewReasons.Select(r => r.Code).Distinct())
            {
                Reviews.AddOrUpdate(code, 1, (_, n) => n + 1);
            }
        }

        public string Report(int ruleSets, int cases, int seed) => string.Create(CultureInfo.InvariantCulture,
            $"seeds {seed}..{seed + ruleSets - 1}: {Loaded:N0} of {ruleSets:N0} rule sets loaded, {cases} cases each, {Comparisons:N0} decisions compared " +
            $"(typed, traced, interpreted typed, interpreted traced, {string.Join(", ", DecisionOracles.All.Select(o => o.Name))}); {Failures.Count} mismatches\n" +
            $"statuses: {string.Join(", ", Statuses.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}"))}\n" +
            $"decisions with each review reason: {string.Join(", ", Reviews.Where(p => !p.Key.StartsWith("CODE_", StringComparison.Ordinal) || p.Key == "CODE_0").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}"))}");
    }
}
