// Over 500 lines: the library's public entry points and their documentation, kept together so the API reads as one
// page; the UTF-8 case entry points are in RuleSet.Utf8Cases.cs.
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
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
    /// <remarks>
    /// A parallel batch holds at most 128 cases per thread between reading a case and yielding its decision, so its
    /// memory is flat on any batch size and few decisions are still alive when the garbage collector runs. Every
    /// decision is a new object (about 600 bytes for the default rule set), so a batch allocates as fast as it
    /// evaluates, and with the default workstation garbage collector every gen-0 collection stops all the evaluating
    /// threads while one thread collects: that share of the time does not shrink with more threads. A service that
    /// evaluates large batches in parallel should measure its throughput with server garbage collection as well
    /// (<c>&lt;ServerGarbageCollector&gt;true&lt;/ServerGarbageCollector&gt;</c> in its project, or
    /// <c>DOTNET_gcServer=1</c>), which collects on every core with a larger gen 0 per core, and keep it if it is
    /// faster there; on a host whose cores are shared with other busy processes it can be slower.
    /// <para>
    /// The batch itself allocates nothing per case but the decisions. How often gen 0 is collected is the host's gen-0
    /// budget, which workstation GC sizes from the processor cache the machine reports: on a 2-core virtual machine it
    /// was about 2 MB, a collection every 4,000 decisions of the default rule set (75 per 300,000 cases), whose pauses
    /// added up to 3-7% of the batch's time. A larger budget (the runtime's <c>DOTNET_GCgen0size</c>, in hexadecimal
    /// bytes, e.g. <c>0x4000000</c> for 64 MB) made it 2 collections and 1-10 ms of pauses for the same batch, for
    /// 64 MB more memory; it is not among the runtime's documented settings, so measure it on the host's runtime (the
    /// benchmarks' <c>batch-report</c> and <c>gc-modes</c> modes, see benchmarks/RESULTS.md).
    /// </para>
    /// <para>
    /// The cases are enumerated on the calling thread only, so a source need not be thread-safe; an array is not
    /// enumerated but read by index on whichever thread evaluates each case, which saves handing every case from one
    /// core to another: do not change the array's items until the enumeration of the decisions has ended.
    /// </para>
    /// </remarks>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>The trace detail of every decision. Default <see cref="TraceDetail.None"/>.</summary>
    public TraceDetail Trace { get; init; } = TraceDetail.None;
}

/// <summary>
/// A loaded, checked and compiled rule set. Immutable and thread-safe: load it once and evaluate cases
/// from any number of threads. Evaluation never throws for bad case data: a case that cannot be read gives
/// an <see cref="DecisionStatus.Invalid"/> decision, and missing data gives <see cref="DecisionStatus.ReviewRequired"/>.
/// </summary>
public sealed partial class RuleSet
{
    private readonly CheckedRuleSet _checked;
    private readonly OutputLayout _layout;
    private readonly RuleSetOptions _options;
    // Not readonly: a Tiered rule set swaps the interpreter for compiled code, with the same decisions, in one write.
    private Action<CaseRecord, Decision> _recordEvaluator;
    private readonly Lazy<Action<CaseRecord, Decision>> _recordTraced;
    private readonly Lazy<Task<bool>> _compiled;
    private readonly ConcurrentDictionary<Type, object> _typed = new();
    private readonly JsonNameTable _fieldNames;
    private readonly Utf8CaseSchema _utf8Schema;

    private RuleSet(CheckedRuleSet checkedRuleSet, RuleSetOptions options, IReadOnlyList<Diagnostic> warnings)
    {
        _checked = checkedRuleSet;
        _options = options;
        Warnings = warnings;
        Identity = new RuleSetIdentity(checkedRuleSet.Name, checkedRuleSet.Version, checkedRuleSet.Hash);
        _layout = Layout(checkedRuleSet.Outputs, options.Limits.MaxCaseErrors);
        _fieldNames = CaseReader.NameTable(checkedRuleSet.Inputs);
        _utf8Schema = Utf8CaseSchema.Build(checkedRuleSet.Inputs, checkedRuleSet.CaseIdField);
        (_recordEvaluator, _recordTraced, _compiled) = Interpretation.CompiledTier.For<CaseRecord>(options.Backend, Identity,
            () => new Interpretation.RuleSetInterpreter(checkedRuleSet).Evaluate,
            trace => CompileRecords(checkedRuleSet, trace),
            code => Volatile.Write(ref _recordEvaluator, code));
    }

    /// <summary>
    /// The decisions' layout of <paramref name="outputs"/>. A loop, not LINQ: selecting each output's kind (an
    /// enumeration) was JIT-compiled at every load, where ReadyToRun precompiles this (11 methods).
    /// </summary>
    private static OutputLayout Layout(IReadOnlyList<OutputNode> outputs, int maxListed)
    {
        var names = new string[outputs.Count];
        var kinds = new RuleValueKind[outputs.Count];
        var texts = new string[]?[outputs.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = outputs[i].Name;
            kinds[i] = OutputLayout.KindOf(outputs[i].Symbol!.Type);
            texts[i] = OutputLayout.TextsOf(outputs[i].Symbol!.Type);
        }

        return new OutputLayout(names, maxListed, kinds, texts);
    }

    private static Action<CaseRecord, Decision> CompileRecords(CheckedRuleSet checkedRuleSet, bool trace) =>
        RuleSetCompiler.Compile<CaseRecord>(checkedRuleSet, RecordDataBinding.Instance, trace, validateEnums: false);

    /// <summary>
    /// The back end evaluating cases now: <see cref="RuleSetBackend.Compiled"/> or <see cref="RuleSetBackend.Interpreted"/>,
    /// never <see cref="RuleSetBackend.Tiered"/>. A tiered rule set reports <see cref="RuleSetBackend.Interpreted"/> until
    /// its compiled code is in force, and for good if that code could not be built. Either way the decisions are the same.
    /// </summary>
    public RuleSetBackend Backend =>
        _compiled.IsValueCreated && _compiled.Value is { IsCompletedSuccessfully: true, Result: true } ? RuleSetBackend.Compiled : RuleSetBackend.Interpreted;

    /// <summary>
    /// Waits until compiled code evaluates this rule set's untraced cases: at once for a rule set loaded with
    /// <see cref="RuleSetBackend.Compiled"/>; for <see cref="RuleSetBackend.Tiered"/>, when its background compilation
    /// ends (started by the first evaluation, or by this call). Not needed for correct decisions (the interpreter makes the same ones): for a benchmark, a warm-up, or a
    /// service that wants its full speed before it reports ready.
    /// </summary>
    /// <param name="cancellationToken">Stops the wait (not the compilation).</param>
    /// <returns>
    /// True when compiled code is in force; false when the rule set stays interpreted: loaded with
    /// <see cref="RuleSetBackend.Interpreted"/>, or its compilation failed (published through
    /// <see cref="Observability.RiskTriageTelemetry.CompileActivity"/>).
    /// </returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public Task<bool> WaitForCompiledAsync(CancellationToken cancellationToken = default) => _compiled.Value.WaitAsync(cancellationToken);

    /// <summary>The rule set's name, version and content hash, as every decision names them.</summary>
    public RuleSetIdentity Identity { get; }

    /// <summary>The rule set's description.</summary>
    public string? Description => Definition.Description;

    /// <summary>
    /// The rule set element by element, as checked: inputs, folded parameters, values, scorecards, band sets, decision
    /// tables with typed cells, rules and outputs, each with where it is written. Tools read this rather than the rule files.
    /// </summary>
    public Definitions.RuleSetDefinition Definition => _checked.Definition!;

    /// <summary>The outputs every decision carries, in declaration order.</summary>
    public IReadOnlyList<string> OutputNames => _layout.Names;

    /// <summary>The top-level inputs a case may have, in declaration order.</summary>
    public IReadOnlyList<string> InputNames => _checked.Inputs.Properties.Select(p => p.Name).ToArray();

    /// <summary>
    /// The values of a text output from lowest to highest, when the rule set declares their order (<c>"order"</c>
    /// beside the output's <c>"enum"</c>); <c>null</c> when it declares none, e.g. for a composite such as a tier
    /// <c>B2</c> that has no total order. Tools comparing decisions (an impact report, a fail-safe audit) use it to
    /// tell whether a change raised or lowered an output. Number outputs need no declaration: they are ordered by value.
    /// </summary>
    /// <param name="outputName">One of <see cref="OutputNames"/>.</param>
    /// <returns>The declared values, lowest first, or <c>null</c>.</returns>
    /// <exception cref="ArgumentException">The rule set has no output named <paramref name="outputName"/>.</exception>
    public IReadOnlyList<string>? OrderedValues(string outputName)
    {
        foreach (var output in Definition.Outputs)
        {
            if (output.Name == outputName)
            {
                return output.OrderedValues;
            }
        }

        throw new ArgumentException($"the rule set has no output '{outputName}'; its outputs are {string.Join(", ", OutputNames)}", nameof(outputName));
    }

    /// <summary>
    /// Looks for holes in the rule set's fail-safe promise over some cases: for each case and each input the rule set
    /// reads that the case lacks (with <see cref="FailSafeAuditOptions.RemovePresentInputs"/>, also each input it has,
    /// removed in turn), the case is evaluated with that input set to each value of a probe set. A finding is reported
    /// when some probe changes an output (for an output with an order, <see cref="OrderedValues"/> or a number, raises
    /// it) while the decision with the input missing is <see cref="DecisionStatus.Complete"/> or asks for review without
    /// naming that input.
    /// </summary>
    /// <remarks>
    /// <para>The probes come from the rule set: every value of an enumeration, both booleans; for numbers each boundary
    /// its comparisons, bands and table cells name, and the nearest numbers either side of it (those compared with the
    /// input itself first, then every other number the rule set names, since a boundary may be reached through a
    /// computed value), and 0; for text and dates the constants the rule set compares them with. An object input is
    /// probed absent, empty, and with one field known at a time; a list empty and with one item of each probe shape;
    /// the fields inside objects and list items a case has are probed like top-level inputs.</para>
    /// <para>The work is bounded: at most <see cref="FailSafeAuditOptions.MaxProbesPerInput"/> probes per input, the
    /// first <see cref="FailSafeAuditOptions.MaxListItems"/> items of a list, and
    /// <see cref="FailSafeAuditOptions.MaxEvaluations"/> evaluations in all (the result says when that stopped it).
    /// An audit evaluates each case about (inputs read × probes) times. Normal evaluation is not affected: the audit
    /// only calls <see cref="Evaluate(JObject, TraceDetail)"/>.</para>
    /// </remarks>
    /// <param name="jsonCases">The cases, as JSON objects (as <see cref="Evaluate(string, TraceDetail)"/> reads them).</param>
    /// <param name="options">Bounds and whether to remove present inputs; <c>null</c> for the defaults.</param>
    /// <returns>The findings, the cases that could not be audited, and the work done.</returns>
    public FailSafeAuditResult AuditFailSafe(IEnumerable<string> jsonCases, FailSafeAuditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(jsonCases);
        options ??= new FailSafeAuditOptions();
        if (options.MaxProbesPerInput < 1 || options.MaxListItems < 0 || options.MaxEvaluations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxProbesPerInput and MaxEvaluations must be at least 1, MaxListItems at least 0");
        }

        return new Auditing.FailSafeAuditor(this, options).Run(jsonCases);
    }

    /// <summary>Warnings found while loading (the rule set loaded despite them), in source order.</summary>
    /// <remarks>
    /// The decision tables' coverage analysis (shadowed rows, RT0330, and gaps, RT0331), which gives only warnings, runs
    /// when this list is first read (or the <c>diagnostics</c> of the <see cref="TryLoad(string, RuleSetOptions?, out RuleSet?, out IReadOnlyList{Diagnostic})"/>
    /// that loaded it, the same list), not during the load, so that it is not on the path to the first decision. The
    /// list is the same whenever and from whichever thread it is first read; concurrent first reads wait for one analysis.
    /// </remarks>
    public IReadOnlyList<Diagnostic> Warnings { get; }

    internal CheckedRuleSet Checked => _checked;

    internal RuleSetLimits Limits => _options.Limits;

    internal RuleSetOptions Options => _options;

    internal IReadOnlyList<RuleFile> Files => _checked.Files;

    /// <summary>
    /// The text of each rule file as it was read, by its path relative to the rule-set folder, in path order. Tools
    /// that show or analyse the rules read them here, not from disk, where the files may have changed since.
    /// </summary>
    public IReadOnlyDictionary<string, string> SourceFiles => Files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);

    /// <summary>Loads, checks and compiles the rule set in a folder (every .json file outside tests/, examples/ and schema/) or one file.</summary>
    /// <param name="path">A rule-set folder or a single rule file.</param>
    /// <param name="options">Parameter overrides and limits; <c>null</c> for the defaults.</param>
    /// <exception cref="RuleSetException">The rule set has errors; the exception lists every diagnostic.</exception>
    public static RuleSet Load(string path, RuleSetOptions? options = null) =>
        TryLoad(path, options, out var ruleSet, out var diagnostics) ? ruleSet : throw new RuleSetException(diagnostics);

    /// <summary>
    /// Loads, checks and compiles the rule set in a folder or one file, like <see cref="Load"/>, reading the files
    /// asynchronously (for a service's start-up). Checking and emitting the code run on the calling thread once the files
    /// are read; the code's parts are compiled on it and on thread-pool threads.
    /// </summary>
    /// <param name="path">A rule-set folder or a single rule file.</param>
    /// <param name="options">Parameter overrides and limits; <c>null</c> for the defaults.</param>
    /// <param name="cancellationToken">Stops reading the files.</param>
    /// <returns>The same rule set <see cref="Load"/> gives for the same files.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="RuleSetException">The rule set has errors; the exception lists every diagnostic.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<RuleSet> LoadAsync(string path, RuleSetOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= RuleSetOptions.Default;
        var bag = new DiagnosticBag();
        var files = await RuleFileReader.ReadRuleSetAsync(path, options, bag, cancellationToken).ConfigureAwait(false);
        return Build(files, bag, options, out var ruleSet, out var diagnostics) ? ruleSet : throw new RuleSetException(diagnostics);
    }

    /// <summary>Loads a rule set with the default options, reporting problems instead of throwing.</summary>
    /// <param name="path">A rule-set folder or a single rule file.</param>
    /// <param name="ruleSet">The rule set when it loaded; otherwise <c>null</c>.</param>
    /// <param name="diagnostics">Every problem found, errors and warnings, in source order.</param>
    /// <returns>True when the rule set loaded (it may still have warnings).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static bool TryLoad(string path, [NotNullWhen(true)] out RuleSet? ruleSet, out IReadOnlyList<Diagnostic> diagnostics) =>
        TryLoad(path, null, out ruleSet, out diagnostics);

    /// <summary>Loads a rule set, reporting problems instead of throwing.</summary>
    /// <param name="path">A rule-set folder or a single rule file.</param>
    /// <param name="options">Parameter overrides and limits; <c>null</c> for the defaults.</param>
    /// <param name="ruleSet">The rule set when it loaded; otherwise <c>null</c>.</param>
    /// <param name="diagnostics">
    /// Every problem found, errors and warnings, in source order. When the rule set loaded, this is its
    /// <see cref="Warnings"/>, whose table coverage warnings are found when the list is first read.
    /// </param>
    /// <returns>True when the rule set loaded (it may still have warnings).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static bool TryLoad(string path, RuleSetOptions? options, [NotNullWhen(true)] out RuleSet? ruleSet, out IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= RuleSetOptions.Default;
        var bag = new DiagnosticBag();
        var files = RuleFileReader.ReadRuleSet(path, options, bag);
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
            // In bytes as UTF-8, as the file would be on disk: a character outside ASCII takes two to four. No string
            // has fewer bytes than characters, so a text past the limit in characters is not measured.
            var limit = options.Limits.MaxFileBytes;
            var size = text.Length > limit ? null : (int?)Encoding.UTF8.GetByteCount(text);
            if (size is null || size > limit)
            {
                var what = size is null ? string.Create(CultureInfo.InvariantCulture, $"more than {limit:N0}") : string.Create(CultureInfo.InvariantCulture, $"{size:N0}");
                bag.Add(new Diagnostic(DiagnosticCodes.FileTooLarge, DiagnosticSeverity.Error,
                    string.Create(CultureInfo.InvariantCulture, $"the file is {what} bytes as UTF-8; the limit is {limit:N0}. Split it into modules"),
                    new SourceLocation(path, 1, 1, 1), null));
                continue;
            }

            bag.AddSource(path, new FileLines(() => text));
            if (RuleFileReader.ParseText(path, text.TrimStart('\uFEFF'), options.Limits, bag) is { } file)
            {
                bag.AddSource(path, file);
                read.Add(file);
            }
        }

        return Build(read, bag, options, out var ruleSet, out var diagnostics) ? ruleSet : throw new RuleSetException(diagnostics);
    }

    private static bool Build(List<RuleFile> files, DiagnosticBag bag, RuleSetOptions options, [NotNullWhen(true)] out RuleSet? ruleSet, out IReadOnlyList<Diagnostic> diagnostics)
    {
        ruleSet = null;
        if (files.Count > 0 && bag.HasErrors)
        {
            CheckReadableFiles(files, bag, options);
        }
        else if (files.Count > 0)
        {
            CheckedRuleSet checkedRuleSet;
            try
            {
                var model = ModelReader.Read(files, bag);
                var hash = RuleFileReader.ContentHash(files, options);
                checkedRuleSet = RuleSetChecker.Check(model, options, bag, hash, deferCoverage: true);
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
                // The tables' coverage warnings are found when the warnings are first read (the same list, in the same
                // order): nothing evaluated depends on them. The bag is this load's alone, so nothing else adds to it.
                var pending = checkedRuleSet.PendingCoverage;
                var warnings = pending is null ? Sorted(bag.Diagnostics) : new DeferredDiagnostics(() =>
                {
                    pending.ReportTo(bag);
                    return Sorted(bag.Diagnostics);
                });
                try
                {
                    ruleSet = new RuleSet(checkedRuleSet, options, warnings);
                    diagnostics = warnings;
                    return true;
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

                // Not loaded after all: every diagnostic is returned at once.
                pending?.ReportTo(bag);
            }
        }

        diagnostics = Sorted(bag.Diagnostics);
        return false;
    }

    /// <summary>
    /// When some files could not be read, the others are still checked so that one pass shows every file's problems;
    /// what may only come from the names and declarations of the unread files is left out.
    /// </summary>
    private static void CheckReadableFiles(List<RuleFile> files, DiagnosticBag bag, RuleSetOptions options)
    {
        var others = new DiagnosticBag();
        RuleSetChecker.Check(ModelReader.Read(files, others), options, others, RuleFileReader.ContentHash(files, options));
        bag.AddRange(others.Diagnostics.Where(d => !DiagnosticCodes.MayFollowFromUnreadFiles(d.Code)));
    }

    private static IReadOnlyList<Diagnostic> Sorted(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.OrderBy(d => d.Location.File, StringComparer.Ordinal).ThenBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();

    // ---- JSON cases -----------------------------------------------------------------------------

    /// <summary>Evaluates a case given as JSON text.</summary>
    public Decision Evaluate(string json, TraceDetail trace = TraceDetail.None)
    {
        ArgumentNullException.ThrowIfNull(json);

        // A byte order mark before the case is not one of its characters, as for a stream or UTF-8 bytes.
        var length = HasByteOrderMark(json) ? json.Length - 1 : json.Length;
        if (length > _options.Limits.MaxCaseLength)
        {
            return CaseTooLong(length);
        }

        return TryEvaluateUtf16(json, trace) ?? EvaluateStrict(json, trace);
    }

    /// <summary>
    /// The strict path: the text is checked by the <see cref="StrictJsonScanner"/>, which words every way it can fail
    /// to be strict JSON, then read with Newtonsoft. Taken by the few cases the UTF-8 reader leaves to it.
    /// </summary>
    internal Decision EvaluateStrict(string json, TraceDetail trace)
    {
        // Newtonsoft's reader is lenient (075 is octal, 0x4B hex, 'single quotes', trailing commas...): the text is
        // held to strict JSON first, so a case is never read as something other than what it says.
        if (StrictJsonScanner.Check(json, _options.Limits.MaxJsonDepth, _checked.CaseIdField, _options.Limits.MaxCaseStringLength) is { } failure)
        {
            var decision = NewDecision(failure.CaseId ?? TextCaseIdOf(json), TraceDetail.None);
            decision.AddError(failure.Path, failure.Describe());
            return decision;
        }

        // A byte order mark is allowed before the case (RFC 8259 §8.1), but Newtonsoft would take it for a character.
        using var reader = new JsonTextReader(PastByteOrderMark(json)) { PropertyNameTable = _fieldNames, ArrayPool = SharedCharPool.Instance };
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
    /// <remarks>
    /// The stream is read synchronously, to its end (at most <see cref="RuleSetLimits.MaxCaseLength"/> characters), and
    /// the case is then read as <see cref="Evaluate(string, TraceDetail)"/> reads text: strict JSON. Bytes that are not
    /// UTF-8 make the case invalid. ASP.NET Core disallows synchronous reads of a request body (by default it throws
    /// <see cref="InvalidOperationException"/>: synchronous operations are disallowed); use
    /// <see cref="EvaluateAsync(Stream, TraceDetail, CancellationToken)"/> there.
    /// </remarks>
    public Decision Evaluate(Stream json, TraceDetail trace = TraceDetail.None)
    {
        ArgumentNullException.ThrowIfNull(json);
        return EvaluateText(new StreamReader(json, StrictUtf8, detectEncodingFromByteOrderMarks: true, leaveOpen: true), trace);
    }

    /// <summary>
    /// Evaluates one case read asynchronously from a stream of UTF-8 JSON, such as an ASP.NET Core request body:
    /// the stream is only ever read asynchronously. The decision is the one <see cref="Evaluate(Stream, TraceDetail)"/>
    /// gives for the same bytes, byte for byte, and the same limits apply.
    /// </summary>
    /// <remarks>
    /// At most <see cref="RuleSetLimits.MaxCaseLength"/> + 1 characters are read into a pooled buffer (a longer case is
    /// invalid and the rest of the stream is left unread), then read as a case. The stream is not closed.
    /// </remarks>
    /// <param name="json">The stream holding one JSON case.</param>
    /// <param name="trace">The trace detail of the decision.</param>
    /// <param name="cancellationToken">Stops reading the stream (e.g. <c>HttpContext.RequestAborted</c>).</param>
    /// <returns>The decision; bad case data gives an <see cref="DecisionStatus.Invalid"/> decision, never an exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while the case was read.</exception>
    /// <exception cref="IOException">The stream failed (e.g. the client went away mid-request).</exception>
    public async Task<Decision> EvaluateAsync(Stream json, TraceDetail trace = TraceDetail.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);

        // One character past the limit is enough to know the case is too long; the synchronous reader below then
        // reports it exactly as it does when reading the stream itself.
        BufferedCase buffered;
        try
        {
            buffered = await BufferedCase.ReadAsync(json, StrictUtf8, (int)Math.Min(_options.Limits.MaxCaseLength + 1L, Array.MaxLength), cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            return NotUtf8(e);
        }

        return EvaluateText(buffered, trace);
    }

    /// <summary>
    /// Reads one case's text from <paramref name="text"/>, held to the case-size limit, and evaluates it as
    /// <see cref="Evaluate(string, TraceDetail)"/> does (strict JSON); disposes of the reader.
    /// </summary>
    private Decision EvaluateText(TextReader text, TraceDetail trace)
    {
        // Held to the same limit as a case given as text: reading stops once the reader has given more characters.
        // Bad UTF-8 is an error rather than U+FFFD, which would change the case's text without a word.
        var limit = _options.Limits.MaxCaseLength;
        string json;
        try
        {
            using var reader = new LimitedTextReader(text, limit);
            json = reader.ReadToEnd();
        }
        catch (LimitedTextReader.LimitExceededException)
        {
            return InvalidCase(string.Create(CultureInfo.InvariantCulture, $"the case is more than {limit:N0} characters long; the limit is {limit:N0}"));
        }
        catch (System.Text.DecoderFallbackException e)
        {
            return NotUtf8(e);
        }

        // The stream's reader took its byte order mark away: a mark left at the start is a second one, a character,
        // refused as it is in a case given as text (which may have one mark only).
        return Evaluate(HasByteOrderMark(json) ? "\uFEFF" + json : json, trace);
    }

    /// <summary>Whether a case given as text starts with a byte order mark (RFC 8259 §8.1 allows one before the case).</summary>
    private static bool HasByteOrderMark(string json) => json.Length > 0 && json[0] == '\uFEFF';

    /// <summary>A reader of the case's text past its byte order mark, if any (Newtonsoft would take the mark for a character), without copying the text.</summary>
    private static StringReader PastByteOrderMark(string json)
    {
        var reader = new StringReader(json);
        if (HasByteOrderMark(json))
        {
            reader.Read();
        }

        return reader;
    }

    private Decision NotUtf8(System.Text.DecoderFallbackException e) =>
        InvalidCase(string.Create(CultureInfo.InvariantCulture, $"the case is not valid UTF-8 (byte {e.Index} of a block cannot be decoded); save it as UTF-8"));

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Evaluates one case read from a JSON reader positioned before the case object.</summary>
    /// <remarks>
    /// Reading stops after the case object, so a reader can step through the objects of a JSON array. The case is
    /// read from the reader's tokens: a field given twice, a comment, a constructor or <c>undefined</c> inside it is an
    /// error, but how numbers and text were written is the reader's business (Newtonsoft's <see cref="JsonTextReader"/>
    /// reads <c>075</c> as 61). Pass text or a stream to have the case held to strict JSON (RFC 8259).
    /// </remarks>
    public Decision Evaluate(JsonReader reader, TraceDetail trace = TraceDetail.None) => EvaluateReader(reader, trace, wholeDocument: false);

    private Decision EvaluateReader(JsonReader reader, TraceDetail trace, bool wholeDocument = true)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Decide(CaseReader.Read(reader, _checked.Inputs, _checked.CaseIdField, _options, wholeDocument), trace);
    }

    /// <summary>The decision on a case as read: its reading errors, or its evaluation.</summary>
    internal Decision Decide(in CaseReadResult read, TraceDetail trace)
    {
        var decision = NewDecision(read.CaseId, trace);
        if (read.Errors is { } errors)
        {
            errors.CopyTo(decision);
            return decision;
        }

        Run(trace == TraceDetail.None ? _recordEvaluator : _recordTraced.Value, read.Record!, decision);
        if (decision.HasErrors)
        {
            // A value outside its declared range.
            decision.ClearOutputs();
        }

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
    /// <remarks>
    /// A case is read, not copied: its properties are read where the rules use them, after the inputs' checks, so a
    /// case must not change while it is evaluated (copy a case that other threads write before evaluating it).
    /// </remarks>
    /// <exception cref="RuleSetException">The type cannot hold some declared input; every mismatch is listed.</exception>
    public TypedEvaluator<TCase> For<TCase>()
        where TCase : class =>
        (TypedEvaluator<TCase>)_typed.GetOrAdd(typeof(TCase), _ => new TypedEvaluator<TCase>(this));

    /// <summary>
    /// Evaluates a typed case (see <see cref="For{TCase}"/> for how it is bound). Named apart from the
    /// <c>Evaluate</c> overloads that read JSON, so that a <see cref="MemoryStream"/>, a <see cref="JsonTextReader"/>
    /// or a <see cref="JObject"/> can never be taken for a typed case.
    /// </summary>
    /// <typeparam name="TCase">The case type.</typeparam>
    /// <param name="case">The case; null gives an <see cref="DecisionStatus.Invalid"/> decision.</param>
    /// <param name="trace">How much explanation the decision carries.</param>
    /// <exception cref="RuleSetException">The type cannot be bound to the rule set's inputs.</exception>
    public Decision EvaluateTyped<TCase>(TCase @case, TraceDetail trace = TraceDetail.None)
        where TCase : class => For<TCase>().Evaluate(@case, trace);

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

    /// <summary>
    /// The case id of a case that is not strict JSON, when it is written as text after the fault (a batch's invalid
    /// decision is then still found by its id): read leniently from the root object only, and kept only when it is text
    /// the case id allows (no lone surrogate or U+FFFD, within the length limit). Only ever called for a case already invalid.
    /// </summary>
    private string? TextCaseIdOf(string json)
    {
        try
        {
            // Past a byte order mark, which Newtonsoft would take for a character (as EvaluateStrict does).
            using var reader = new JsonTextReader(PastByteOrderMark(json)) { DateParseHandling = DateParseHandling.None, MaxDepth = _options.Limits.MaxJsonDepth };
            if (!reader.Read() || reader.TokenType != JsonToken.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
            {
                var name = (string)reader.Value!;
                if (!reader.Read())
                {
                    return null;
                }

                if (name == _checked.CaseIdField)
                {
                    // Newtonsoft reads an escaped lone surrogate as U+FFFD: such an id may not be the one written.
                    return reader.TokenType == JsonToken.String && reader.Value is string id && id.Length <= _options.Limits.MaxCaseStringLength
                        && IsWellFormed(id) && !id.Contains('\uFFFD', StringComparison.Ordinal) ? id : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Too broken to find the id: the decision has none.
        }

        return null;

        static bool IsWellFormed(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The invalid decision given in place of a null case.</summary>
    internal Decision NullCase() => InvalidCase("the case is null");

    /// <summary>The invalid decision given for a case of <paramref name="length"/> characters, over the limit.</summary>
    private Decision CaseTooLong(long length) =>
        InvalidCase(string.Create(CultureInfo.InvariantCulture, $"the case is {length:N0} characters long; the limit is {_options.Limits.MaxCaseLength:N0}"));

    private Decision InvalidCase(string message)
    {
        var decision = NewDecision(null, TraceDetail.None);
        decision.AddError("$", message);
        return decision;
    }

    // ---- Asynchronous batches -------------------------------------------------------------------

    /// <summary>
    /// Evaluates a stream of NDJSON (one JSON case per line, UTF-8), read asynchronously, yielding one decision per
    /// non-blank line in input order as each line arrives. A line that is not a valid case, or is longer than
    /// <see cref="RuleSetLimits.MaxCaseLength"/>, gives an <see cref="DecisionStatus.Invalid"/> decision in its place
    /// and the batch goes on. Each decision is byte-identical to <see cref="Evaluate(string, TraceDetail)"/> of its line.
    /// </summary>
    /// <remarks>
    /// A line ends at <c>\n</c>, <c>\r\n</c> or <c>\r</c>; lines of white space only are skipped. At most one line
    /// (up to the case-size limit) is held in memory: an over-long line is read to its end without being kept. Cases
    /// are evaluated one at a time on the reading thread, as they arrive (an evaluation takes microseconds; the
    /// reading is what waits); for cases already in memory, <see cref="EvaluateMany(IEnumerable{string}, BatchOptions?)"/>
    /// evaluates in parallel. The stream is not closed.
    /// </remarks>
    /// <param name="ndjson">The stream of NDJSON cases, such as an ASP.NET Core request body.</param>
    /// <param name="trace">The trace detail of every decision.</param>
    /// <param name="cancellationToken">Stops the batch between cases or during a read (also through <c>WithCancellation</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="ndjson"/> is null (thrown at the call).</exception>
    /// <exception cref="OperationCanceledException">While enumerating: <paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="IOException">While enumerating: the stream failed; the decisions before it were yielded.</exception>
    public IAsyncEnumerable<Decision> EvaluateManyAsync(Stream ndjson, TraceDetail trace = TraceDetail.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ndjson);
        return EvaluateLinesAsync(ndjson, trace, cancellationToken);
    }

    /// <summary>
    /// Evaluates JSON cases (one JSON object per string) from an asynchronous source, yielding one decision per case in
    /// input order as each case arrives; each is byte-identical to <see cref="Evaluate(string, TraceDetail)"/> of the
    /// same text, and a null case gives an <see cref="DecisionStatus.Invalid"/> decision in its place.
    /// </summary>
    /// <param name="jsonCases">The cases.</param>
    /// <param name="trace">The trace detail of every decision.</param>
    /// <param name="cancellationToken">Stops the batch between cases; passed on to the source.</param>
    /// <exception cref="ArgumentNullException"><paramref name="jsonCases"/> is null (thrown at the call).</exception>
    /// <exception cref="OperationCanceledException">While enumerating: <paramref name="cancellationToken"/> was cancelled.</exception>
    public IAsyncEnumerable<Decision> EvaluateManyAsync(IAsyncEnumerable<string> jsonCases, TraceDetail trace = TraceDetail.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jsonCases);
        return BatchAsync(jsonCases, json => json is null ? NullCase() : Evaluate(json, trace), cancellationToken);
    }

    /// <summary>
    /// Evaluates typed cases from an asynchronous source (see <see cref="For{TCase}"/> for how they are bound), yielding
    /// one decision per case in input order as each case arrives; a null case gives an <see cref="DecisionStatus.Invalid"/> decision.
    /// </summary>
    /// <param name="cases">The cases.</param>
    /// <param name="trace">The trace detail of every decision.</param>
    /// <param name="cancellationToken">Stops the batch between cases; passed on to the source.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cases"/> is null (thrown at the call).</exception>
    /// <exception cref="RuleSetException">The type cannot be bound to the rule set's inputs (thrown at the call).</exception>
    /// <exception cref="OperationCanceledException">While enumerating: <paramref name="cancellationToken"/> was cancelled.</exception>
    public IAsyncEnumerable<Decision> EvaluateManyAsync<TCase>(IAsyncEnumerable<TCase> cases, TraceDetail trace = TraceDetail.None, CancellationToken cancellationToken = default)
        where TCase : class
    {
        ArgumentNullException.ThrowIfNull(cases);
        var evaluator = For<TCase>();
        return BatchAsync(cases, c => evaluator.Evaluate(c, trace), cancellationToken);
    }

    private async IAsyncEnumerable<Decision> EvaluateLinesAsync(Stream ndjson, TraceDetail trace, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in NdjsonLines.ReadAsync(ndjson, _options.Limits.MaxCaseLength, cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return line.Text is null ? CaseTooLong(line.Length) : Evaluate(line.Text, trace);
        }
    }

    private static async IAsyncEnumerable<Decision> BatchAsync<T>(IAsyncEnumerable<T> cases, Func<T, Decision> evaluate, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in cases.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // A source that ignores its token must not keep a cancelled batch going.
            cancellationToken.ThrowIfCancellationRequested();
            yield return evaluate(item);
        }
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
    // Not readonly: under RuleSetBackend.Tiered, compiled code replaces the interpreter in one write.
    private Action<TCase, Decision> _evaluate;
    private readonly Lazy<Action<TCase, Decision>> _traced;
    private readonly Func<TCase, string?>? _caseId;
    private readonly RuleSetLimits _limits;
    private readonly bool _idIsInput;

    internal TypedEvaluator(RuleSet ruleSet)
    {
        _ruleSet = ruleSet;
        var bag = new DiagnosticBag();
        var binding = ClrDataBinding.Create(ruleSet.Checked.Inputs, typeof(TCase), bag, typeof(TCase).Name);
        if (binding is null)
        {
            throw new RuleSetException(bag.Diagnostics.ToList());
        }

        _limits = ruleSet.Limits;
        _idIsInput = ruleSet.Checked.Inputs.Find(ruleSet.Checked.CaseIdField) is { Type.Kind: Expressions.Binding.TypeKind.String };
        var limits = _limits;
        (_evaluate, _traced, Compiled) = Interpretation.CompiledTier.For<TCase>(ruleSet.Options.Backend, ruleSet.Identity,
            () => Interpreted(ruleSet),
            trace => RuleSetCompiler.Compile<TCase>(ruleSet.Checked, binding, trace, validateEnums: true, limits),
            code => Volatile.Write(ref _evaluate, code));

        var idProperty = typeof(TCase).GetProperties().FirstOrDefault(p =>
            p.PropertyType == typeof(string) && string.Equals(p.Name, ruleSet.Checked.CaseIdField, StringComparison.OrdinalIgnoreCase));
        if (idProperty is not null)
        {
            _caseId = (Func<TCase, string?>)Delegate.CreateDelegate(typeof(Func<TCase, string?>), idProperty.GetGetMethod()!);
        }
    }

    /// <summary>
    /// Completes with true once compiled code evaluates untraced cases, false when the interpreter does for good; for a
    /// tiered rule set, reading the value starts the compilation if no evaluation has yet.
    /// </summary>
    internal Lazy<Task<bool>> Compiled { get; }

    private static Action<TCase, Decision> Interpreted(RuleSet ruleSet)
    {
        var records = new Interpretation.TypedCaseRecords(ruleSet.Checked.Inputs, typeof(TCase), ruleSet.Limits);
        var interpreter = new Interpretation.RuleSetInterpreter(ruleSet.Checked, ruleSet.Limits);
        return (@case, decision) => interpreter.Evaluate(records.Read(@case), decision);
    }

    /// <summary>Evaluates one case. A null case gives an <see cref="DecisionStatus.Invalid"/> decision.</summary>
    public Decision Evaluate(TCase @case, TraceDetail trace = TraceDetail.None) =>
        @case is null ? _ruleSet.NullCase() : Evaluate(@case, trace == TraceDetail.None ? _evaluate : _traced.Value, trace);

    /// <summary>
    /// Evaluates a non-null case without trace into <paramref name="reused"/>, an untraced decision of this rule set
    /// (<see cref="RuleSet.NewDecision"/>) just reset (<see cref="Decision.Reset"/>): for a caller that reuses one
    /// decision per thread and never hands it out.
    /// </summary>
    internal Decision EvaluateInto(TCase @case, Decision reused) => Evaluate(@case, _evaluate, TraceDetail.None, reused);

    private Decision Evaluate(TCase @case, Action<TCase, Decision> evaluator, TraceDetail trace, Decision? reused = null)
    {
        var id = _caseId?.Invoke(@case);
        var badId = id is not null && (id.Length > _limits.MaxCaseStringLength || StrictJsonScanner.HasLoneSurrogate(id));
        var decision = reused ?? _ruleSet.NewDecision(badId ? null : id, trace);
        decision.CaseId = badId ? null : id;
        if (badId && !_idIsInput)
        {
            // Copied into the decision and written out with it: held to the limits a JSON case id is (a declared id
            // input is checked with the other inputs).
            CaseLimitChecks.Text(decision, _ruleSet.Checked.CaseIdField, id!, _limits.MaxCaseStringLength);
        }

        RuleSet.Run(evaluator, @case, decision);
        if (decision.HasErrors)
        {
            decision.ClearOutputs();
        }

        return decision;
    }
}
