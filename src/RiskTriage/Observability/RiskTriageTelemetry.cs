namespace RiskTriage.Observability;

/// <summary>
/// The names under which RiskTriage publishes its metrics (<see cref="System.Diagnostics.Metrics.Meter"/>) and spans
/// (<see cref="System.Diagnostics.ActivitySource"/>). Subscribe with OpenTelemetry's <c>AddMeter(MeterName)</c> and
/// <c>AddSource(ActivitySourceName)</c>, or with a <see cref="System.Diagnostics.Metrics.MeterListener"/>; nothing is
/// measured while nobody listens.
/// </summary>
public static class RiskTriageTelemetry
{
    /// <summary>The meter's name: <c>RiskTriage</c>.</summary>
    public const string MeterName = "RiskTriage";

    /// <summary>The activity source's name: <c>RiskTriage</c>.</summary>
    public const string ActivitySourceName = "RiskTriage";

    /// <summary>Counter of decisions made through <see cref="DependencyInjection.TriageService"/>, tagged with the rule set and the decision's status.</summary>
    public const string DecisionsInstrument = "risktriage.decisions";

    /// <summary>Histogram of evaluation durations in seconds, tagged with the rule set and the decision's status.</summary>
    public const string EvaluationDurationInstrument = "risktriage.evaluation.duration";

    /// <summary>Counter of reloads that put a new version of a rule set in force, tagged with the new version.</summary>
    public const string ReloadsInstrument = "risktriage.reloads";

    /// <summary>Counter of reloads that were rejected, tagged with the version that keeps serving.</summary>
    public const string ReloadFailuresInstrument = "risktriage.reload.failures";

    /// <summary>Tag: the rule set's name.</summary>
    public const string RuleSetNameTag = "risktriage.rule_set.name";

    /// <summary>Tag: the rule set's version.</summary>
    public const string RuleSetVersionTag = "risktriage.rule_set.version";

    /// <summary>Tag: the rule set's content hash.</summary>
    public const string RuleSetHashTag = "risktriage.rule_set.hash";

    /// <summary>Tag: the decision's status (<see cref="DecisionStatus"/>).</summary>
    public const string DecisionStatusTag = "risktriage.decision.status";

    /// <summary>Span around loading or reloading a rule set.</summary>
    public const string LoadActivity = "risktriage.load";

    /// <summary>Span around a batch evaluated through <see cref="DependencyInjection.TriageService"/>.</summary>
    public const string BatchActivity = "risktriage.batch";

    /// <summary>
    /// Counter of background compilations of a <see cref="RuleSetBackend.Tiered"/> rule set that failed (the interpreter
    /// keeps evaluating its cases, with the same decisions), tagged with the rule set and <c>error.type</c>.
    /// </summary>
    public const string CompilationFailuresInstrument = "risktriage.compilation.failures";

    /// <summary>
    /// Span around the background compilation of a <see cref="RuleSetBackend.Tiered"/> rule set; its status is an error,
    /// described by a <see cref="Diagnostics.DiagnosticCodes.CompiledTierFailed"/> message, when the compilation failed.
    /// </summary>
    public const string CompileActivity = "risktriage.compile";
}
