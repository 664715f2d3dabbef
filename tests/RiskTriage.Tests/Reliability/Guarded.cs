using RiskTriage.Diagnostics;
using RiskTriage.Shared;

namespace RiskTriage.Tests.Reliability;

/// <summary>
/// Runs loads and evaluations of hostile input on a thread with a small stack and a limit on its processor time: a
/// stack overflow would take the test process down (which fails the run), a loop that never ends fails the test after
/// the limit and a blocked thread after a wall-clock backstop, and any exception comes back to the test.
/// </summary>
internal static class Guarded
{
    /// <summary>The default stack of a thread on Windows, the smallest of the usual hosts (Linux gives 1.5 MiB to pool threads, 8 MiB to the main thread).</summary>
    public const int DefaultStack = 1024 * 1024;

    /// <summary>
    /// A quarter of that, for the huge rule sets: compiled rule code that fits here fits on any host thread, with
    /// room to spare for the JIT, which compiles each rule-set method on the first thread that calls it. (The
    /// expression parser recurses once per nesting level, up to the depth limit, and needs more in a Debug build.)
    /// </summary>
    public const int SmallStack = 256 * 1024;

    /// <summary>
    /// Once the JIT has compiled a rule set's methods, evaluating a case needs little stack whatever the rule set's
    /// size: every compiled method is of bounded size. This checks it.
    /// </summary>
    public const int TinyStack = 64 * 1024;

    /// <summary>How much processor time one load or evaluation may use before the test counts it as hung.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>A longer limit for the deliberately huge rule sets (thousands of rows), whose load scales with their size.</summary>
    public static readonly TimeSpan HugeLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <paramref name="action"/> on a thread of <paramref name="stack"/> bytes; the limit is on that thread's own
    /// processor time (see <see cref="TimeGuard"/>), so a loaded machine or a collection that stops the process does
    /// not count, and a thread blocked forever fails after the wall-clock backstop.
    /// </summary>
    public static T Run<T>(string what, Func<T> action, TimeSpan? limit = null, int stack = DefaultStack) =>
        TimeGuard.Run(what, action, limit ?? Limit, stack: stack);

    public static void Run(string what, Action action, TimeSpan? limit = null, int stack = DefaultStack) =>
        Run<object?>(what, () =>
        {
            action();
            return null;
        }, limit, stack);

    /// <summary>Loads from memory; a <see cref="RuleSetException"/> is an outcome, any other exception fails the test.</summary>
    public static LoadOutcome Load(IReadOnlyDictionary<string, string> files, RuleSetOptions? options = null, TimeSpan? limit = null, int stack = DefaultStack) =>
        Run("load", () =>
        {
            // The parts are compiled on this thread too, so its stack and processor-time limit hold for them.
            RiskTriage.Compilation.PartCompilation.OnCallingThread = true;
            try
            {
                return new LoadOutcome(RuleSet.LoadFromSources(files, CompiledAtLoad(options)), []);
            }
            catch (RuleSetException e)
            {
                Assert.Contains(e.Diagnostics, d => d.IsError);
                NoDefect(e.Diagnostics);
                return new LoadOutcome(null, e.Diagnostics);
            }
        }, limit, stack);

    /// <summary>Loads from disk with <see cref="RuleSet.TryLoad"/>, which must not throw, and checks <see cref="RuleSet.Load"/> agrees.</summary>
    public static LoadOutcome LoadPath(string path, RuleSetOptions? options = null, TimeSpan? limit = null) =>
        Run("load " + path, () =>
        {
            RiskTriage.Compilation.PartCompilation.OnCallingThread = true;
            options = CompiledAtLoad(options);
            var loaded = RuleSet.TryLoad(path, options, out var ruleSet, out var diagnostics);
            NoDefect(diagnostics);
            Assert.Equal(loaded, ruleSet is not null);
            Assert.Equal(loaded, !diagnostics.Any(d => d.IsError));
            if (!loaded)
            {
                var exception = Assert.Throws<RuleSetException>(() => RuleSet.Load(path, options));
                Assert.Equal(diagnostics.Select(d => d.ToString()), exception.Diagnostics.Select(d => d.ToString()));
            }

            return new LoadOutcome(ruleSet, diagnostics);
        }, limit);

    /// <summary>
    /// The options with <see cref="RuleSetBackend.Compiled"/>, whatever the default is or the caller asked for:
    /// compiled while loading, a rule set the compiler cannot build is reported by the load (RT0399), where these tests
    /// look for it, rather than only through telemetry from a background compilation.
    /// </summary>
    public static RuleSetOptions CompiledAtLoad(RuleSetOptions? options) =>
        (options ?? RuleSetOptions.Default) with { Backend = RuleSetBackend.Compiled };

    /// <summary>RT0399 is how TryLoad reports a rule set its checks accept but the compiler cannot build: a defect, never an answer.</summary>
    public static void NoDefect(IEnumerable<Diagnostic> diagnostics) =>
        Assert.DoesNotContain(diagnostics, d => d.Code == DiagnosticCodes.InternalError);

    /// <summary>Evaluates a JSON case; the decision must be well formed.</summary>
    public static Decision Evaluate(RuleSet ruleSet, string json, TraceDetail trace = TraceDetail.None, TimeSpan? limit = null) =>
        Run("evaluate", () => Check(ruleSet.Evaluate(json, trace)), limit);

    /// <summary>What every decision must satisfy, whatever the input: its status agrees with its errors and reviews, and it serialises.</summary>
    public static Decision Check(Decision decision)
    {
        var expected = decision.Errors.Count > 0 ? DecisionStatus.Invalid
            : decision.ReviewReasons.Count > 0 ? DecisionStatus.ReviewRequired
            : DecisionStatus.Complete;
        Assert.Equal(expected, decision.Status);
        Assert.DoesNotContain(decision.Errors, e => e.Message.Contains("failed unexpectedly", StringComparison.Ordinal));
        if (decision.Status == DecisionStatus.Invalid)
        {
            Assert.All(decision.Outputs, o => Assert.True(o.Value.IsMissing, $"an invalid decision has the output {o.Key}"));
        }

        Newtonsoft.Json.Linq.JObject.Parse(decision.ToJson());
        return decision;
    }
}

/// <summary>The result of a load: the rule set, or the diagnostics that stopped it.</summary>
internal sealed record LoadOutcome(RuleSet? RuleSet, IReadOnlyList<Diagnostic> Diagnostics)
{
    public IEnumerable<string> ErrorCodes => Diagnostics.Where(d => d.IsError).Select(d => d.Code).Distinct();

    public string Describe() => RuleSet is not null ? "loaded" : string.Join("\n", Diagnostics.Take(10).Select(d => d.ToString()[..Math.Min(300, d.ToString().Length)]));
}
