using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using RiskTriage.Diagnostics;
using Xunit.Abstractions;

namespace RiskTriage.Tests.Reliability;

/// <summary>
/// Fuzzing with FsCheck. Whatever the input: <see cref="RuleSet.LoadFromSources"/> and <see cref="RuleSet.Load"/> throw
/// nothing but <see cref="RuleSetException"/> (with well-formed diagnostics), <see cref="RuleSet.TryLoad"/> and
/// Evaluate throw nothing, and every decision is well formed (<see cref="Guarded.Check"/>).
/// The normal run tries RISKTRIAGE_FUZZ_N inputs in all (default 3,000), 60% cases, 25% random rule sets, 15%
/// random expressions in rule files; set RISKTRIAGE_FUZZ_N=1000000 for a long run (it uses every core).
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private static readonly int Total = int.TryParse(Environment.GetEnvironmentVariable("RISKTRIAGE_FUZZ_N"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 3_000;

    private static readonly bool Long = Total > 100_000;

    private static readonly HashSet<string> KnownCodes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Random_probation_cases_give_well_formed_decisions()
    {
        var probation = ProbationData.RuleSet;
        var rejecting = ProbationData.RejectingUnknownFields;
        var gen = FuzzGenerators.Cases(probation.Checked.Inputs);
        var statuses = new ConcurrentDictionary<DecisionStatus, int>();

        Run("probation cases", gen, Total * 60 / 100, TimeSpan.FromMilliseconds(20), json =>
        {
            var decision = Guarded.Check(probation.Evaluate(json));
            statuses.AddOrUpdate(decision.Status, 1, (_, c) => c + 1);

            // The trace explains; it does not change the decision.
            var traced = Guarded.Check(probation.Evaluate(json, TraceDetail.Full));
            Assert.Equal(Essence(decision), Essence(traced));

            // Read from a stream (when the text survives UTF-8) or from a parsed tree, the case gives the same decision.
            var bytes = Encoding.UTF8.GetBytes(json);
            if (Encoding.UTF8.GetString(bytes) == json)
            {
                Assert.Equal(decision.ToJson(), Guarded.Check(probation.Evaluate(new MemoryStream(bytes))).ToJson());
            }

            // Undeclared fields rejected: never fewer problems.
            var strict = Guarded.Check(rejecting.Evaluate(json));
            Assert.True(decision.Status != DecisionStatus.Invalid || strict.Status == DecisionStatus.Invalid);
        });

        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value:N0}")));
    }

    [Fact]
    public void Random_rule_sets_only_ever_give_diagnostics_or_safe_decisions() =>
        RuleSetsWithCases("random rule sets", FuzzGenerators.RuleSets, Total * 25 / 100, diskOneIn: 10, "of the random rule sets loaded");

    [Fact]
    public void Random_expressions_in_rule_files_only_ever_give_diagnostics_or_safe_decisions() =>
        RuleSetsWithCases("expressions in rule files", FuzzGenerators.WithExpression, Total * 15 / 100, diskOneIn: 20, "of the rule sets with a random expression loaded");

    /// <summary>Loads generated rule sets, each with three generated cases; one in <paramref name="diskOneIn"/> is also loaded from disk.</summary>
    private void RuleSetsWithCases(string name, Gen<FuzzRuleSet> ruleSets, int count, int diskOneIn, string loadedMessage)
    {
        var gen = Gen.Zip(ruleSets, Gen.Zip(Gen.ArrayOf(FuzzGenerators.Cases(FuzzGenerators.BaseSchema), 3), Gen.Choose(0, diskOneIn - 1)), (r, c) => (r, c.Item1, c.Item2));
        var loaded = 0;
        Run(name, gen, count, TimeSpan.FromMilliseconds(200), input =>
        {
            var (ruleSet, cases, roll) = input;
            if (LoadAndEvaluate(ruleSet, cases, fromDiskToo: roll == 0))
            {
                Interlocked.Increment(ref loaded);
            }
        });

        output.WriteLine($"{loaded:N0} {loadedMessage}");
    }

    /// <summary>Loads from memory (and sometimes from disk); evaluates the cases if it loads. True when it loaded.</summary>
    private static bool LoadAndEvaluate(FuzzRuleSet input, string[] cases, bool fromDiskToo)
    {
        RuleSet? ruleSet = null;
        IReadOnlyList<Diagnostic> diagnostics;
        try
        {
            ruleSet = RuleSet.LoadFromSources(input.Files);
            diagnostics = ruleSet.Warnings;
        }
        catch (RuleSetException e)
        {
            diagnostics = e.Diagnostics;
            Assert.Contains(diagnostics, d => d.IsError);
        }

        CheckDiagnostics(diagnostics, input.Files);

        if (fromDiskToo)
        {
            LoadFromDisk(input, ruleSet);
        }

        if (ruleSet is null)
        {
            return false;
        }

        foreach (var json in cases.Append("{}"))
        {
            var decision = Guarded.Check(ruleSet.Evaluate(json));
            Assert.Equal(Essence(decision), Essence(Guarded.Check(ruleSet.Evaluate(json, TraceDetail.Full))));
        }

        return true;
    }

    private static void LoadFromDisk(FuzzRuleSet input, RuleSet? fromMemory)
    {
        var folder = Directory.CreateTempSubdirectory("risktriage-fuzz-").FullName;
        try
        {
            var survives = true;
            foreach (var (name, text) in input.Files)
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                survives &= Encoding.UTF8.GetString(bytes) == text;
                File.WriteAllBytes(Path.Combine(folder, name), bytes);
            }

            var loaded = RuleSet.TryLoad(folder, out var ruleSet, out var diagnostics);
            CheckDiagnostics(diagnostics, input.Files);
            Assert.Equal(loaded, ruleSet is not null);
            if (survives)
            {
                Assert.Equal(fromMemory is not null, loaded);
                Assert.Equal(fromMemory?.Identity, ruleSet?.Identity);
            }

            if (!loaded)
            {
                Assert.Throws<RuleSetException>(() => RuleSet.Load(folder));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void CheckDiagnostics(IReadOnlyList<Diagnostic> diagnostics, IReadOnlyDictionary<string, string> files)
    {
        foreach (var diagnostic in diagnostics)
        {
            // RT0399 is how TryLoad reports a rule set its checks accept but the compiler cannot build: a defect.
            Assert.True(diagnostic.Code != DiagnosticCodes.InternalError, diagnostic.ToString());
            Assert.True(KnownCodes.Contains(diagnostic.Code), $"unknown code {diagnostic.Code}");
            Assert.True(diagnostic.Location.Line >= 1 && diagnostic.Location.Column >= 1, diagnostic.ToString());
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
            _ = diagnostic.Render(RuleSetSources.Line(files, diagnostic.Location.File, diagnostic.Location.Line));
        }
    }

    /// <summary>A decision without its trace.</summary>
    private static string Essence(Decision decision) =>
        $"{decision.CaseId}|{decision.Status}|{string.Join(",", decision.Outputs.Select(o => $"{o.Key}={o.Value}"))}|" +
        $"{string.Join(",", decision.ReviewReasons)}|{string.Join(",", decision.Errors)}";

    /// <summary>
    /// Checks the property on <paramref name="count"/> inputs, on threads of <see cref="Guarded.DefaultStack"/> with a
    /// time limit (a stack overflow fails the run, a hang fails the test). A long run splits the inputs over every core.
    /// </summary>
    private void Run<T>(string category, Gen<T> gen, int count, TimeSpan perInput, Action<T> property)
    {
        count = Math.Max(count, 1);
        var workers = Long ? Environment.ProcessorCount : 1;
        var stopwatch = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(30) + (perInput * count / workers);
        var tried = 0;
        var failures = new ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(
            () =>
            {
                try
                {
                    var share = (count / workers) + (w < count % workers ? 1 : 0);
                    Check.One(Config.QuickThrowOnFailure.WithMaxTest(share).WithQuietOnSuccess(true), Prop.ForAll(gen.ToArbitrary(), (T input) =>
                    {
                        Interlocked.Increment(ref tried);
                        try
                        {
                            property(input);
                        }
                        catch (Exception e)
                        {
                            throw new InvalidOperationException($"{category}: failed on\n{input}\n{e}");
                        }

                        return true;
                    }));
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }
            },
            Guarded.DefaultStack) { IsBackground = true, Name = "fuzz: " + category }).ToList();
        threads.ForEach(t => t.Start());
        foreach (var thread in threads)
        {
            var left = limit - stopwatch.Elapsed;
            Assert.True(thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero), $"{category}: not finished within {limit.TotalSeconds:0} s ({tried:N0} inputs tried)");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{category}: {tried:N0} inputs in {stopwatch.Elapsed.TotalSeconds:F1} s on {workers} thread(s)"));
        Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Select(f => f.Message.Length > 20_000 ? f.Message[..20_000] : f.Message)));
        Assert.Equal(count, tried);
    }
}
