using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RiskTriage.Observability;

/// <summary>
/// The instruments of one meter. Recording is guarded by <see cref="Instrument.Enabled"/> so that an evaluation
/// nobody listens to pays one field read: no tags, no timestamp.
/// </summary>
internal sealed class RiskTriageMetrics : IDisposable
{
    private static readonly string? AssemblyVersion = typeof(RiskTriageMetrics).Assembly.GetName().Version?.ToString();

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    /// <summary>Shared by services made without dependency injection, like a library's usual static meter.</summary>
    public static RiskTriageMetrics Shared { get; } = new(null);

    /// <param name="meterFactory">The host's meter factory, so that its listeners and its lifetime apply; null for a meter of our own.</param>
    public RiskTriageMetrics(IMeterFactory? meterFactory)
    {
        var options = new MeterOptions(RiskTriageTelemetry.MeterName) { Version = AssemblyVersion };
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(options) ?? new Meter(options);
        Decisions = _meter.CreateCounter<long>(RiskTriageTelemetry.DecisionsInstrument, "{decision}", "Decisions made, by rule set and status.");
        EvaluationDuration = _meter.CreateHistogram<double>(RiskTriageTelemetry.EvaluationDurationInstrument, "s", "How long an evaluation took, by rule set and status.");
        Reloads = _meter.CreateCounter<long>(RiskTriageTelemetry.ReloadsInstrument, "{reload}", "Reloads that put a new version of a rule set in force.");
        ReloadFailures = _meter.CreateCounter<long>(RiskTriageTelemetry.ReloadFailuresInstrument, "{reload}", "Reloads rejected; the last good version keeps serving.");
        CompilationFailures = _meter.CreateCounter<long>(RiskTriageTelemetry.CompilationFailuresInstrument, "{compilation}", "Background compilations that failed; the interpreter keeps evaluating.");
    }

    public Counter<long> Decisions { get; }

    public Histogram<double> EvaluationDuration { get; }

    public Counter<long> Reloads { get; }

    public Counter<long> ReloadFailures { get; }

    /// <summary>Whether an evaluation should be measured at all; read once before it starts.</summary>
    /// <summary>Background compilations (<see cref="RuleSetBackend.Tiered"/>) that failed.</summary>
    public Counter<long> CompilationFailures { get; }

    public bool EvaluationEnabled => Decisions.Enabled || EvaluationDuration.Enabled;

    /// <summary>The timestamp to pass to <see cref="RecordEvaluation"/>, or 0 when nobody listens (no clock read).</summary>
    public long StartEvaluation() => EvaluationEnabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Records a decision made since <paramref name="started"/> (from <see cref="StartEvaluation"/>).</summary>
    public void RecordEvaluation(RuleSetTags tags, Decision decision, long started)
    {
        if (started == 0)
        {
            return;
        }

        var decisionTags = tags.ForStatus(decision.Status);
        Decisions.Add(1, decisionTags);
        if (EvaluationDuration.Enabled)
        {
            EvaluationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, decisionTags);
        }
    }

    public void RecordReload(RuleSet current) => Reloads.Add(1, RuleSetTags.Of(current));

    public void RecordReloadFailure(RuleSet serving) => ReloadFailures.Add(1, RuleSetTags.Of(serving));

    /// <summary>Counts a compiled tier that could not be built, tagged with the rule set and the exception's type.</summary>
    public void RecordCompilationFailure(RuleSetIdentity identity, Exception e) => CompilationFailures.Add(1,
        new KeyValuePair<string, object?>(RiskTriageTelemetry.RuleSetNameTag, identity.Name),
        new KeyValuePair<string, object?>(RiskTriageTelemetry.RuleSetVersionTag, identity.Version),
        new KeyValuePair<string, object?>(RiskTriageTelemetry.RuleSetHashTag, identity.Hash),
        new KeyValuePair<string, object?>("error.type", e.GetType().FullName));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}

/// <summary>
/// One rule set's tags, made once per version (not per evaluation): name, version and hash, and those with each status.
/// </summary>
internal sealed class RuleSetTags
{
    private static readonly string[] StatusNames = Enum.GetNames<DecisionStatus>();
    private readonly KeyValuePair<string, object?>[][] _byStatus;

    public RuleSetTags(RuleSet ruleSet)
    {
        RuleSet = ruleSet;
        _byStatus = new KeyValuePair<string, object?>[StatusNames.Length][];
        var identity = Of(ruleSet);
        for (var i = 0; i < StatusNames.Length; i++)
        {
            _byStatus[i] = [.. identity, new(RiskTriageTelemetry.DecisionStatusTag, StatusNames[i])];
        }
    }

    public RuleSet RuleSet { get; }

    public ReadOnlySpan<KeyValuePair<string, object?>> ForStatus(DecisionStatus status) => _byStatus[(int)status];

    public static KeyValuePair<string, object?>[] Of(RuleSet ruleSet) =>
    [
        new(RiskTriageTelemetry.RuleSetNameTag, ruleSet.Identity.Name),
        new(RiskTriageTelemetry.RuleSetVersionTag, ruleSet.Identity.Version),
        new(RiskTriageTelemetry.RuleSetHashTag, ruleSet.Identity.Hash),
    ];
}
