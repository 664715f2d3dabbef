using Newtonsoft.Json.Linq;

namespace RiskTriage.DependencyInjection;

/// <summary>
/// The evaluation service registered by <c>AddRiskTriage</c>: a thread-safe singleton that triages cases with
/// the registered rule set. Every decision names the rule-set version that made it.
/// </summary>
public sealed class TriageService
{
    private readonly TraceDetail _defaultTrace;
    private readonly RuleSetProvider _provider;

    /// <summary>Creates the service over a loaded rule set.</summary>
    public TriageService(RuleSet ruleSet, TraceDetail defaultTrace = TraceDetail.None)
        : this(new RuleSetProvider(ruleSet ?? throw new ArgumentNullException(nameof(ruleSet)), "."), defaultTrace)
    {
    }

    /// <summary>Creates the service over a provider, which may reload the rule set while the service runs.</summary>
    public TriageService(RuleSetProvider provider, TraceDetail defaultTrace = TraceDetail.None)
    {
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        _defaultTrace = defaultTrace;
    }

    /// <summary>The rule set in force now (it may be replaced by a reload between calls).</summary>
    public RuleSet RuleSet => _provider.Current;

    /// <summary>Triages a case given as JSON text.</summary>
    public Decision Evaluate(string json, TraceDetail? trace = null) => _provider.Current.Evaluate(json, trace ?? _defaultTrace);

    /// <summary>Triages a case given as a JSON object.</summary>
    public Decision Evaluate(JObject json, TraceDetail? trace = null) => _provider.Current.Evaluate(json, trace ?? _defaultTrace);

    /// <summary>
    /// Triages a case read asynchronously from a stream of UTF-8 JSON, such as an ASP.NET Core request body
    /// (see <see cref="RuleSet.EvaluateAsync(Stream, TraceDetail, CancellationToken)"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while the case was read.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public Task<Decision> EvaluateAsync(Stream json, TraceDetail? trace = null, CancellationToken cancellationToken = default) =>
        _provider.Current.EvaluateAsync(json, trace ?? _defaultTrace, cancellationToken);

    /// <summary>Triages a typed case.</summary>
    /// <exception cref="Diagnostics.RuleSetException">The case type cannot be bound to the rule set's inputs.</exception>
    public Decision EvaluateTyped<TCase>(TCase @case, TraceDetail? trace = null)
        where TCase : class => _provider.Current.For<TCase>().Evaluate(@case, trace ?? _defaultTrace);
}
