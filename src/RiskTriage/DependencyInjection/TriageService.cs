using System.Diagnostics;
using System.Runtime.CompilerServices;
using Newtonsoft.Json.Linq;
using RiskTriage.Observability;

namespace RiskTriage.DependencyInjection;

/// <summary>
/// The evaluation service registered by <c>AddRiskTriage</c>: a thread-safe singleton that triages cases with
/// the registered rule set. Every decision names the rule-set version that made it. Decisions are counted and timed
/// on the <see cref="RiskTriageTelemetry.MeterName"/> meter while something listens to it.
/// </summary>
public sealed class TriageService
{
    private readonly TraceDetail _defaultTrace;
    private readonly RuleSetProvider? _provider;
    private readonly RuleSet? _ruleSet;
    private readonly RiskTriageMetrics _metrics;
    private RuleSetTags? _tags;

    /// <summary>Creates the service over a loaded rule set, which it uses for every call.</summary>
    /// <param name="ruleSet">The rule set.</param>
    /// <param name="defaultTrace">The trace detail when a call does not say.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ruleSet"/> is null.</exception>
    public TriageService(RuleSet ruleSet, TraceDetail defaultTrace = TraceDetail.None)
    {
        _ruleSet = ruleSet ?? throw new ArgumentNullException(nameof(ruleSet));
        _defaultTrace = defaultTrace;
        _metrics = RiskTriageMetrics.Shared;
    }

    /// <summary>Creates the service over a provider, which may reload the rule set while the service runs.</summary>
    /// <param name="provider">The provider of the version in force.</param>
    /// <param name="defaultTrace">The trace detail when a call does not say.</param>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is null.</exception>
    public TriageService(RuleSetProvider provider, TraceDetail defaultTrace = TraceDetail.None)
        : this(provider, defaultTrace, RiskTriageMetrics.Shared)
    {
    }

    internal TriageService(RuleSetProvider provider, TraceDetail defaultTrace, RiskTriageMetrics metrics)
    {
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        _defaultTrace = defaultTrace;
        _metrics = metrics;
    }

    /// <summary>The rule set in force now (it may be replaced by a reload between calls).</summary>
    public RuleSet RuleSet => _provider?.Current ?? _ruleSet!;

    /// <summary>Triages a case given as JSON text.</summary>
    public Decision Evaluate(string json, TraceDetail? trace = null)
    {
        var ruleSet = RuleSet;
        var started = _metrics.StartEvaluation();
        return Measured(ruleSet, ruleSet.Evaluate(json, trace ?? _defaultTrace), started);
    }

    /// <summary>Triages a case given as a JSON object.</summary>
    public Decision Evaluate(JObject json, TraceDetail? trace = null)
    {
        var ruleSet = RuleSet;
        var started = _metrics.StartEvaluation();
        return Measured(ruleSet, ruleSet.Evaluate(json, trace ?? _defaultTrace), started);
    }

    /// <summary>
    /// Triages a case read asynchronously from a stream of UTF-8 JSON, such as an ASP.NET Core request body
    /// (see <see cref="RuleSet.EvaluateAsync(Stream, TraceDetail, CancellationToken)"/>). Its measured duration includes reading the stream.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while the case was read.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public Task<Decision> EvaluateAsync(Stream json, TraceDetail? trace = null, CancellationToken cancellationToken = default)
    {
        var ruleSet = RuleSet;
        var started = _metrics.StartEvaluation();
        var evaluation = ruleSet.EvaluateAsync(json, trace ?? _defaultTrace, cancellationToken);

        // Unmeasured, the rule set's task is returned as is: no state machine per call.
        return started == 0 ? evaluation : MeasuredAsync(ruleSet, evaluation, started);
    }

    private async Task<Decision> MeasuredAsync(RuleSet ruleSet, Task<Decision> evaluation, long started) =>
        Measured(ruleSet, await evaluation.ConfigureAwait(false), started);

    /// <summary>Triages a typed case.</summary>
    /// <exception cref="Diagnostics.RuleSetException">The case type cannot be bound to the rule set's inputs.</exception>
    public Decision EvaluateTyped<TCase>(TCase @case, TraceDetail? trace = null)
        where TCase : class
    {
        var ruleSet = RuleSet;
        var started = _metrics.StartEvaluation();
        return Measured(ruleSet, ruleSet.For<TCase>().Evaluate(@case, trace ?? _defaultTrace), started);
    }

    /// <summary>
    /// Triages a batch of cases read asynchronously from newline-delimited JSON, one decision per line in order (see
    /// <see cref="RuleSet.EvaluateManyAsync(Stream, TraceDetail, CancellationToken)"/>). The whole batch uses the version in
    /// force when it starts, is one <see cref="RiskTriageTelemetry.BatchActivity"/> span, and each decision is counted.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="ndjson"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async IAsyncEnumerable<Decision> EvaluateManyAsync(Stream ndjson, TraceDetail? trace = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ndjson);
        var ruleSet = RuleSet;
        using var activity = RiskTriageActivities.Source.StartActivity(RiskTriageTelemetry.BatchActivity);
        activity?.SetRuleSet(ruleSet);
        var count = 0;
        var completed = false;
        try
        {
            await foreach (var decision in ruleSet.EvaluateManyAsync(ndjson, trace ?? _defaultTrace, cancellationToken).ConfigureAwait(false))
            {
                count++;
                if (_metrics.Decisions.Enabled)
                {
                    _metrics.Decisions.Add(1, TagsFor(ruleSet).ForStatus(decision.Status));
                }

                yield return decision;
            }

            completed = true;
        }
        finally
        {
            activity?.SetTag("risktriage.batch.decisions", count);
            if (!completed)
            {
                activity?.SetStatus(ActivityStatusCode.Error, "the batch stopped before its end");
            }
        }
    }

    private Decision Measured(RuleSet ruleSet, Decision decision, long started)
    {
        if (started != 0)
        {
            _metrics.RecordEvaluation(TagsFor(ruleSet), decision, started);
        }

        return decision;
    }

    /// <summary>The tags of the version in force, made again only after a reload (a race makes them twice, harmlessly).</summary>
    private RuleSetTags TagsFor(RuleSet ruleSet)
    {
        var tags = Volatile.Read(ref _tags);
        if (!ReferenceEquals(tags?.RuleSet, ruleSet))
        {
            tags = new RuleSetTags(ruleSet);
            Volatile.Write(ref _tags, tags);
        }

        return tags!;
    }
}
