using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using FsCheck;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Expressions.Binding;
using FsCheck.Fluent;
using RiskTriage.Diagnostics;
using RiskTriage.Shared;
using Xunit.Abstractions;

namespace RiskTriage.Tests.Reliability;

/// <summary>
/// Fuzzing with FsCheck. Whatever the input: <see cref="RuleSet.LoadFromSources"/> and <see cref="RuleSet.Load"/> throw
/// nothing but <see cref="RuleSetException"/> (with well-formed diagnostics), <see cref="RuleSet.TryLoad"/> and
/// Evaluate throw nothing, and every decision is well formed (<see cref="Guarded.Check"/>).
/// Batches give one decision per case in order, and cases and rule sets built to make much work from little input stay
/// within bounded memory and output.
/// The normal run tries RISKTRIAGE_FUZZ_N inputs (default 50,000): 60% cases, 25% random rule sets, 15% random
/// expressions in rule files, plus 1% as many batches of up to 40 cases and 0.2% as many bulky cases and rule sets that
/// grow values; set RISKTRIAGE_FUZZ_N=1000000 for the long run. Inputs are spread over every core.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private static readonly int Total = int.TryParse(Environment.GetEnvironmentVariable("RISKTRIAGE_FUZZ_N"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 50_000;

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

            // Never fail low: a decision is not Complete while the case holds a value outside its declared range.
            if (decision.Status == DecisionStatus.Complete && OutsideItsRange(json, probation.Checked.Inputs) is { } outside)
            {
                Assert.Fail($"a Complete decision for a case whose {outside}");
            }

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

    /// <summary>
    /// A batch of random cases (broken ones and nulls among them) gives one decision per case, in input order, each
    /// the decision the case gives alone, sequentially and in parallel alike: a bad case never costs another its place.
    /// </summary>
    [Fact]
    public void Random_batches_give_one_decision_per_case_in_input_order()
    {
        var probation = ProbationData.RuleSet;
        var one = FuzzGenerators.Cases(probation.Checked.Inputs);
        var batches = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Frequency((30, one.Select(c => (string?)c)), (1, Gen.Constant<string?>(null))), n));
        var cases = 0;

        Run("batches", batches, Total / 100, TimeSpan.FromMilliseconds(400), batch =>
        {
            Interlocked.Add(ref cases, batch.Length);
            var alone = batch.Select(json => (json is null ? probation.EvaluateMany(new string[] { null! }).Single() : probation.Evaluate(json)).ToJson()).ToArray();
            foreach (var parallelism in new[] { 1, 2 })
            {
                var decisions = probation.EvaluateMany(batch!, new BatchOptions { MaxDegreeOfParallelism = parallelism })
                    .Select(d => Guarded.Check(d).ToJson()).ToArray();
                Assert.Equal(batch.Length, decisions.Length);
                Assert.Equal(alone, decisions);
            }
        });

        output.WriteLine($"{cases:N0} cases in batches");
    }

    /// <summary>
    /// Cases that make much work from little text (thousands of list items, right or wrong, at every depth): the decision
    /// and the memory one evaluation takes stay within fixed bounds, whatever the case holds, so no case can exhaust the
    /// host or a batch's output.
    /// </summary>
    [Fact]
    public void Bulky_cases_give_decisions_of_bounded_size_from_bounded_memory()
    {
        var probation = ProbationData.RuleSet;
        long largestDecision = 0, mostAllocated = 0;

        Run("bulky cases", FuzzGenerators.Bulky(probation.Checked.Inputs), Math.Max(50, Total / 500), TimeSpan.FromSeconds(2), bulky =>
        {
            var json = bulky.Json;
            var before = GC.GetAllocatedBytesForCurrentThread();
            var decision = probation.Evaluate(json);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var text = Guarded.Check(decision).ToJson();
            InterlockedMax(ref largestDecision, text.Length);
            InterlockedMax(ref mostAllocated, allocated);

            // The case's own text is its caller's; reading it may take a few times its size (typed lists, the reader's
            // buffers), never more.
            Assert.True(text.Length <= MaxDecisionChars, $"a decision of {text.Length:N0} characters from a case of {json.Length:N0}");
            Assert.True(allocated <= MaxEvaluationBytes + (8L * json.Length), $"{allocated:N0} bytes allocated for a case of {json.Length:N0} characters");
        });

        output.WriteLine($"largest decision {largestDecision:N0} characters, most allocated by one evaluation {mostAllocated:N0} bytes");
    }

    /// <summary>
    /// Valid rule sets whose values grow text without limit (a chain of joins, each doubling the last): every one loads,
    /// and every evaluation ends in a well-formed decision within bounded memory; a value past the engine's limits is that
    /// case's problem, never an exception or an exhausted host.
    /// </summary>
    [Fact]
    public void Rule_sets_that_grow_values_evaluate_within_bounded_memory()
    {
        var gen = Gen.Zip(FuzzGenerators.Amplifying, Gen.ArrayOf(FuzzGenerators.Cases(FuzzGenerators.BaseSchema), 2));
        long mostAllocated = 0;
        var statuses = new ConcurrentDictionary<DecisionStatus, int>();

        Run("rule sets that grow values", gen, Math.Max(50, Total / 500), TimeSpan.FromSeconds(1), input =>
        {
            var (files, cases) = input;
            var ruleSet = RuleSet.LoadFromSources(files.Files, Guarded.CompiledAtLoad(null));
            foreach (var json in cases.Append("{\"s1\":\"xyz\"}"))
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var decision = Guarded.Check(ruleSet.Evaluate(json));
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                InterlockedMax(ref mostAllocated, allocated);
                statuses.AddOrUpdate(decision.Status, 1, (_, c) => c + 1);
                Assert.True(allocated <= MaxGrowingEvaluationBytes, $"{allocated:N0} bytes allocated by one evaluation");
            }
        });

        output.WriteLine($"most allocated by one evaluation {mostAllocated:N0} bytes; statuses: " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value:N0}")));
    }

    /// <summary>What one evaluation of a rule set that grows text may allocate: a few times the longest text value allowed.</summary>
    private const long MaxGrowingEvaluationBytes = 256L * 1024 * 1024;

    /// <summary>The first value of <paramref name="json"/> outside the range its input declares (as "path: value"), or null.</summary>
    private static string? OutsideItsRange(string json, ObjectType schema)
    {
        JObject parsed;
        try
        {
            parsed = JObject.Parse(json, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
        }
        catch (JsonException)
        {
            return null;
        }

        return Outside(parsed, schema, "");

        static string? Outside(JObject obj, ObjectType type, string prefix)
        {
            foreach (var property in type.Properties)
            {
                var path = prefix + property.Name;
                if (obj[property.Name] is not { } token || token.Type == JTokenType.Null)
                {
                    continue;
                }

                var found = property.Type.Kind switch
                {
                    TypeKind.Object when token is JObject inner => Outside(inner, property.Type.ObjectType!, path + "."),
                    TypeKind.List when property.Type.Element!.Kind == TypeKind.Object && token is JArray items =>
                        items.Select((item, i) => item is JObject o ? Outside(o, property.Type.Element.ObjectType!, $"{path}[{i}].") : null).FirstOrDefault(f => f is not null),
                    _ when property.Range is { } range && !Inside(token, range) => $"{path}: {token.ToString(Formatting.None)} is outside {range}",
                    _ => null,
                };
                if (found is not null)
                {
                    return found;
                }
            }

            return null;
        }

        static bool Inside(JToken token, RiskTriage.Compilation.InputRange range) => token.Type switch
        {
            JTokenType.Integer or JTokenType.Float => !range.IsDate && range.Contains((double)token),
            JTokenType.String when range.IsDate && DateOnly.TryParseExact((string)token!, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) =>
                day.DayNumber >= range.MinDay && day.DayNumber <= range.MaxDay,
            _ => true, // another kind is a type error, which the decision reports itself
        };
    }

    /// <summary>Largest canonical decision of the probation rule set, whatever the case: outputs, reviews and at most the reported errors.</summary>
    private const int MaxDecisionChars = 256 * 1024;

    /// <summary>What one evaluation may allocate besides a small multiple of the case's size.</summary>
    private const long MaxEvaluationBytes = 4L * 1024 * 1024;

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
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
            ruleSet = RuleSet.LoadFromSources(input.Files, Guarded.CompiledAtLoad(null));
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

            var loaded = RuleSet.TryLoad(folder, Guarded.CompiledAtLoad(null), out var ruleSet, out var diagnostics);
            CheckDiagnostics(diagnostics, input.Files);
            Assert.Equal(loaded, ruleSet is not null);
            if (survives)
            {
                Assert.Equal(fromMemory is not null, loaded);
                Assert.Equal(fromMemory?.Identity, ruleSet?.Identity);
            }

            if (!loaded)
            {
                Assert.Throws<RuleSetException>(() => RuleSet.Load(folder, Guarded.CompiledAtLoad(null)));
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
    /// limit on each thread's processor time (a stack overflow fails the run, a hang fails the test; see
    /// <see cref="TimeGuard"/>). A long run splits the inputs over every core.
    /// </summary>
    private void Run<T>(string category, Gen<T> gen, int count, TimeSpan perInput, Action<T> property)
    {
        count = Math.Max(count, 1);
        var workers = Environment.ProcessorCount;
        var stopwatch = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(30) + (perInput * count / workers);
        var tried = 0;
        var failures = new ConcurrentQueue<Exception>();
        var bodies = Enumerable.Range(0, workers).Select(w => (Action)(() =>
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
        })).ToList();
        TimeGuard.RunAll(category, bodies, limit, stack: Guarded.DefaultStack, progress: () => $"{Volatile.Read(ref tried):N0} inputs tried");

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{category}: {tried:N0} inputs in {stopwatch.Elapsed.TotalSeconds:F1} s on {workers} thread(s)"));
        Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Select(f => f.Message.Length > 20_000 ? f.Message[..20_000] : f.Message)));
        Assert.Equal(count, tried);
    }
}
