using System.Collections.Concurrent;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Checking;
using RiskTriage.Compilation;
using RiskTriage.Diagnostics;
using RiskTriage.Evaluation;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Loading;
using RiskTriage.Runtime;

namespace RiskTriage;

/// <summary>Options for evaluating many cases.</summary>
public sealed record BatchOptions
{
    /// <summary>
    /// How many threads evaluate cases at once, the enumerating thread included (it evaluates cases while it waits
    /// for the next decision in order). Default 1 (sequential); use <see cref="Environment.ProcessorCount"/> for all cores.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>The trace detail of every decision. Default <see cref="TraceDetail.None"/>.</summary>
    public TraceDetail Trace { get; init; } = TraceDetail.None;
}

/// <summary>
/// A loaded, checked and compiled rule set. Immutable and thread-safe: load it once and evaluate cases
/// from any number of threads. Evaluation never throws for bad case data: a case that cannot be read gives
/// an <see cref="DecisionStatus.Invalid"/> decision, and missing data gives <see cref="DecisionStatus.ReviewRequired"/>.
/// </summary>
public sealed class RuleSet
{
    private readonly CheckedRuleSet _checked;
    private readonly OutputLayout _layout;
    private readonly RuleSetOptions _options;
    private readonly Action<CaseRecord, Decision> _recordEvaluator;
    private readonly Lazy<Action<CaseRecord, Decision>> _recordTraced;
    private readonly ConcurrentDictionary<Type, object> _typed = new();
    private readonly JsonNameTable _fieldNames;

    private RuleSet(CheckedRuleSet checkedRuleSet, RuleSetOptions options, IReadOnlyList<Diagnostic> warnings)
    {
        _checked = checkedRuleSet;
        _options = options;
        Warnings = warnings;
        Identity = new RuleSetIdentity(checkedRuleSet.Model.Name!, checkedRuleSet.Model.Version!, checkedRuleSet.Hash);
        _layout = new OutputLayout(checkedRuleSet.Outputs.Select(o => o.Name).ToArray(), options.Limits.MaxCaseErrors);
        _fieldNames = CaseReader.NameTable(checkedRuleSet.Inputs);
        _recordEvaluator = RuleSetCompiler.Compile<CaseRecord>(checkedRuleSet, RecordDataBinding.Instance, trace: false, validateEnums: false);
        _recordTraced = new Lazy<Action<CaseRecord, Decision>>(
            () => RuleSetCompiler.Compile<CaseRecord>(checkedRuleSet, RecordDataBinding.Instance, trace: true, validateEnums: false));
    }

    /// <summary>The rule set's name, version and content hash, as every decision names them.</summary>
    public RuleSetIdentity Identity { get; }

    /// <summary>The rule set's description.</summary>
    public string? Description => _checked.Model.Description;

    /// <summary>The outputs every decision carries, in declaration order.</summary>
    public IReadOnlyList<string> OutputNames => _layout.Names;

    /// <summary>The top-level inputs a case may have, in declaration order.</summary>
    public IReadOnlyList<string> InputNames => _checked.Inputs.Properties.Select(p => p.Name).ToArray();

    /// <summary>Warnings found while loading (the rule set loaded despite them).</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; }

    internal CheckedRuleSet Checked => _checked;

    internal IReadOnlyList<RuleFile> Files => _checked.Model.Files;

    /// <summary>Loads, checks and compiles the rule set in a folder (every .json file outside tests/, examples/ and schema/) or one file.</summary>
    /// <param name="path">A rule-set folder or a single rule file.</param>
    /// <param name="options">Parameter overrides and limits; <c>null</c> for the defaults.</param>
    /// <exception cref="RuleSetException">The rule set has errors; the exception lists every diagnostic.</exception>
    public static RuleSet Load(string path, RuleSetOptions? options = null) =>
        TryLoad(path, out var ruleSet, out var diagnostics, options) ? ruleSet! : throw new RuleSetException(diagnostics);

    /// <summary>Loads a rule set, reporting problems instead of throwing.</summary>
    /// <returns>True when the rule set loaded (it may still have warnings).</returns>
    public static bool TryLoad(string path, out RuleSet? ruleSet, out IReadOnlyList<Diagnostic> diagnostics, RuleSetOptions? options = null)
    {
        options ??= RuleSetOptions.Default;
        var bag = new DiagnosticBag();
        var files = RuleFileReader.ReadRuleSet(path, options.Limits, bag);
        return Build(files, bag, options, out ruleSet, out diagnostics);
    }

    /// <summary>Loads a rule set from file contents held in memory (e.g. embedded resources), keyed by relative path.</summary>
    /// <exception cref="RuleSetException">The rule set has errors.</exception>
    public static RuleSet LoadFromSources(IReadOnlyDictionary<string, string> files, RuleSetOptions? options = null)
    {
        options ??= RuleSetOptions.Default;
        var bag = new DiagnosticBag();
        var read = new List<RuleFile>();
        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (text.Length > options.Limits.MaxFileBytes)
            {
                bag.Add(new Diagnostic(DiagnosticCodes.FileTooLarge, DiagnosticSeverity.Error,
                    string.Create(CultureInfo.InvariantCulture, $"the file is {text.Length:N0} characters; the limit is {options.Limits.MaxFileBytes:N0}"), new SourceLocation(path, 1, 1, 1), null));
                continue;
            }

            if (RuleFileReader.ParseText(path, text.TrimStart('\uFEFF'), options.Limits, bag) is { } file)
            {
                read.Add(file);
            }
        }

        return Build(read, bag, options, out var ruleSet, out var diagnostics) ? ruleSet! : throw new RuleSetException(diagnostics);
    }

    private static bool Build(List<RuleFile> files, DiagnosticBag bag, RuleSetOptions options, out RuleSet? ruleSet, out IReadOnlyList<Diagnostic> diagnostics)
    {
        ruleSet = null;
        if (files.Count > 0 && !bag.HasErrors)
        {
            CheckedRuleSet checkedRuleSet;
            try
            {
                var model = ModelReader.Read(files, bag);
                var hash = RuleFileReader.ContentHash(files, options.Parameters);
                checkedRuleSet = RuleSetChecker.Check(model, options, bag, hash);
            }
            catch (InsufficientExecutionStackException)
            {
                // Every recursive phase checks the stack it has left (see StackGuard): a thread with too small a stack
                // for the rule set's nesting gets this diagnostic rather than a stack overflow, which ends the process.
                bag.Add(new Diagnostic(DiagnosticCodes.StackExhausted, DiagnosticSeverity.Error,
                    "the rule set nests expressions or types more deeply than the stack of the loading thread allows; load it on a thread with a larger stack, or split deep expressions into named values",
                    new SourceLocation(files[0].Path, 1, 1, 1), null));
                diagnostics = Sorted(bag.Diagnostics);
                return false;
            }

            if (!bag.HasErrors)
            {
                var warnings = Sorted(bag.Diagnostics);
                try
                {
                    ruleSet = new RuleSet(checkedRuleSet, options, warnings);
                }
                catch (InsufficientExecutionStackException)
                {
                    bag.Add(new Diagnostic(DiagnosticCodes.StackExhausted, DiagnosticSeverity.Error,
                        "the rule set nests expressions more deeply than the stack of the loading thread allows to compile them; load it on a thread with a larger stack, or split deep expressions into named values",
                        new SourceLocation(files[0].Path, 1, 1, 1), null));
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException)
                {
                    // A rule set the checker accepted but the compiler cannot build is a defect in the engine;
                    // report it like any other problem rather than throwing from TryLoad.
                    bag.Add(new Diagnostic(DiagnosticCodes.InternalError, DiagnosticSeverity.Error,
                        $"the rule set passed its checks but could not be compiled ({e.GetType().Name}: {e.Message}); please report this",
                        new SourceLocation(files[0].Path, 1, 1, 1), null));
                }
            }
        }

        diagnostics = Sorted(bag.Diagnostics);
        return ruleSet is not null;
    }

    private static IReadOnlyList<Diagnostic> Sorted(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.OrderBy(d => d.Location.File, StringComparer.Ordinal).ThenBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();

    // ---- JSON cases -----------------------------------------------------------------------------

    /// <summary>Evaluates a case given as JSON text.</summary>
    public Decision Evaluate(string json, TraceDetail trace = TraceDetail.None)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > _options.Limits.MaxCaseLength)
        {
            var decision = NewDecision(null, TraceDetail.None);
            decision.AddError("$", string.Create(CultureInfo.InvariantCulture, $"the case is {json.Length:N0} characters long; the limit is {_options.Limits.MaxCaseLength:N0}"));
            return decision;
        }

        using var reader = new JsonTextReader(new StringReader(json)) { PropertyNameTable = _fieldNames, ArrayPool = SharedCharPool.Instance };
        return EvaluateReader(reader, trace);
    }

    /// <summary>Evaluates a case given as a parsed JSON object.</summary>
    public Decision Evaluate(JObject json, TraceDetail trace = TraceDetail.None)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var reader = json.CreateReader();
        return EvaluateReader(reader, trace);
    }

    /// <summary>Evaluates one case read from a stream of UTF-8 JSON.</summary>
    public Decision Evaluate(Stream json, TraceDetail trace = TraceDetail.None)
    {
        ArgumentNullException.ThrowIfNull(json);

        // Held to the same limit as a case given as text: reading stops once the stream has given more characters.
        var limit = _options.Limits.MaxCaseLength;
        using var reader = new JsonTextReader(new LimitedTextReader(new StreamReader(json, leaveOpen: true), limit)) { PropertyNameTable = _fieldNames, ArrayPool = SharedCharPool.Instance };
        try
        {
            return EvaluateReader(reader, trace);
        }
        catch (LimitedTextReader.LimitExceededException)
        {
            var decision = NewDecision(null, TraceDetail.None);
            decision.AddError("$", string.Create(CultureInfo.InvariantCulture, $"the case is more than {limit:N0} characters long; the limit is {limit:N0}"));
            return decision;
        }
    }

    /// <summary>Evaluates one case read from a JSON reader positioned before the case object.</summary>
    /// <remarks>Reading stops after the case object, so a reader can step through the objects of a JSON array.</remarks>
    public Decision Evaluate(JsonReader reader, TraceDetail trace = TraceDetail.None) => EvaluateReader(reader, trace, wholeDocument: false);

    private Decision EvaluateReader(JsonReader reader, TraceDetail trace, bool wholeDocument = true)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var decision = NewDecision(null, trace);
        var record = CaseReader.Read(reader, _checked.Inputs, _checked.Model.CaseIdField, _options, decision, wholeDocument);
        if (record is null || decision.Errors.Count > 0)
        {
            return decision;
        }

        Run(trace == TraceDetail.None ? _recordEvaluator : _recordTraced.Value, record, decision);
        return decision;
    }

    internal Decision NewDecision(string? caseId, TraceDetail trace) => new(Identity, _layout, caseId, trace);

    internal static void Run<T>(Action<T, Decision> evaluator, T input, Decision decision)
    {
        try
        {
            evaluator(input, decision);
            decision.RememberTraceSize();
        }
        catch (EvaluationLimitException e)
        {
            decision.ClearOutputs();
            decision.AddError("$", e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A defect in the engine must not take the host down or pass for a low-risk answer.
            decision.ClearOutputs();
            decision.AddError("$", $"the evaluation failed unexpectedly ({e.GetType().Name}: {e.Message}); the case was not triaged");
        }
    }

    // ---- Typed cases ----------------------------------------------------------------------------

    /// <summary>
    /// Binds the rule set to a CLR case type: each declared input is matched by name to a public property
    /// (Newtonsoft <c>[JsonProperty]</c> names first, then the name ignoring case and underscores). Cached per type.
    /// </summary>
    /// <exception cref="RuleSetException">The type cannot hold some declared input; every mismatch is listed.</exception>
    public TypedEvaluator<TCase> For<TCase>()
        where TCase : class =>
        (TypedEvaluator<TCase>)_typed.GetOrAdd(typeof(TCase), _ => new TypedEvaluator<TCase>(this));

    /// <summary>Evaluates a typed case (see <see cref="For{TCase}"/> for how it is bound).</summary>
    /// <exception cref="RuleSetException">The type cannot be bound to the rule set's inputs.</exception>
    public Decision Evaluate<TCase>(TCase @case, TraceDetail trace = TraceDetail.None)
        where TCase : class => @case switch
        {
            // C# prefers this generic overload for a MemoryStream, FileStream or JsonTextReader over Evaluate(Stream)
            // and Evaluate(JsonReader); JSON given that way is still JSON, not a typed case.
            Stream stream => Evaluate(stream, trace),
            JsonReader reader => Evaluate(reader, trace),
            JObject json => Evaluate(json, trace),
            _ => For<TCase>().Evaluate(@case, trace),
        };

    /// <summary>Evaluates typed cases in input order, optionally in parallel; one decision per case, always.</summary>
    public IEnumerable<Decision> EvaluateMany<TCase>(IEnumerable<TCase> cases, BatchOptions? options = null)
        where TCase : class
    {
        var evaluator = For<TCase>();
        options ??= new BatchOptions();
        return Batch(cases, c => evaluator.Evaluate(c, options.Trace), options);
    }

    /// <summary>Evaluates JSON cases (one JSON object per string) in input order, optionally in parallel; one decision per case, always.</summary>
    public IEnumerable<Decision> EvaluateMany(IEnumerable<string> jsonCases, BatchOptions? options = null)
    {
        options ??= new BatchOptions();

        // A null in the batch gives an invalid decision in its place, as in a typed batch, rather than ending the batch.
        return Batch(jsonCases, json => json is null ? NullCase() : Evaluate(json, options.Trace), options);
    }

    /// <summary>The invalid decision given in place of a null case.</summary>
    internal Decision NullCase()
    {
        var decision = NewDecision(null, TraceDetail.None);
        decision.AddError("$", "the case is null");
        return decision;
    }

    private static IEnumerable<Decision> Batch<T>(IEnumerable<T> cases, Func<T, Decision> evaluate, BatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(cases);
        return options.MaxDegreeOfParallelism <= 1 ? cases.Select(evaluate) : OrderedBatch<T>.Run(cases, evaluate, options.MaxDegreeOfParallelism);
    }
}

/// <summary>A rule set bound to a CLR case type, compiled to direct property reads. Thread-safe.</summary>
/// <typeparam name="TCase">The case type.</typeparam>
public sealed class TypedEvaluator<TCase>
    where TCase : class
{
    private readonly RuleSet _ruleSet;
    private readonly Action<TCase, Decision> _evaluate;
    private readonly Lazy<Action<TCase, Decision>> _traced;
    private readonly Lazy<Action<TCase, Decision>> _fixedWork;
    private readonly Func<TCase, string?>? _caseId;

    internal TypedEvaluator(RuleSet ruleSet)
    {
        _ruleSet = ruleSet;
        var bag = new DiagnosticBag();
        var binding = ClrDataBinding.Create(ruleSet.Checked.Inputs, typeof(TCase), bag, typeof(TCase).Name);
        if (binding is null)
        {
            throw new RuleSetException(bag.Diagnostics.ToList());
        }

        _evaluate = RuleSetCompiler.Compile<TCase>(ruleSet.Checked, binding, trace: false, validateEnums: true);
        _traced = new Lazy<Action<TCase, Decision>>(() => RuleSetCompiler.Compile<TCase>(ruleSet.Checked, binding, trace: true, validateEnums: true));
        _fixedWork = new Lazy<Action<TCase, Decision>>(() => RuleSetCompiler.FixedWork(_evaluate));
        var idProperty = typeof(TCase).GetProperties().FirstOrDefault(p =>
            p.PropertyType == typeof(string) && string.Equals(p.Name, ruleSet.Checked.Model.CaseIdField, StringComparison.OrdinalIgnoreCase));
        if (idProperty is not null)
        {
            _caseId = (Func<TCase, string?>)Delegate.CreateDelegate(typeof(Func<TCase, string?>), idProperty.GetGetMethod()!);
        }
    }

    /// <summary>Evaluates one case. A null case gives an <see cref="DecisionStatus.Invalid"/> decision.</summary>
    public Decision Evaluate(TCase @case, TraceDetail trace = TraceDetail.None) =>
        @case is null ? _ruleSet.NullCase() : Evaluate(@case, trace == TraceDetail.None ? _evaluate : _traced.Value, trace);

    /// <summary>
    /// For the benchmarks: what <see cref="Evaluate(TCase, TraceDetail)"/> does without trace, except computing the
    /// rule set's values (see <see cref="RuleSetCompiler.FixedWork{TRoot}"/>). The outputs are whatever the thread's
    /// frame holds from its last evaluation.
    /// </summary>
    internal Decision EvaluateFixedWork(TCase @case) => Evaluate(@case, _fixedWork.Value, TraceDetail.None);

    private Decision Evaluate(TCase @case, Action<TCase, Decision> evaluator, TraceDetail trace)
    {
        var decision = _ruleSet.NewDecision(_caseId?.Invoke(@case), trace);
        RuleSet.Run(evaluator, @case, decision);
        if (decision.Errors.Count > 0)
        {
            decision.ClearOutputs();
        }

        return decision;
    }
}
