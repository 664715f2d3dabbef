using Newtonsoft.Json.Linq;

namespace RiskTriage.DependencyInjection;

/// <summary>
/// The evaluation service registered by <c>AddRiskTriage</c>: a thread-safe singleton that triages cases with
/// the registered rule set. Every decision names the rule-set version that made it.
/// </summary>
public sealed class TriageService
{
    private readonly TraceLevel _defaultTrace;

    /// <summary>Creates the service over a loaded rule set.</summary>
    public TriageService(RuleSet ruleSet, TraceLevel defaultTrace = TraceLevel.None)
    {
        RuleSet = ruleSet ?? throw new ArgumentNullException(nameof(ruleSet));
        _defaultTrace = defaultTrace;
    }

    /// <summary>The rule set decisions are made with.</summary>
    public RuleSet RuleSet { get; }

    /// <summary>Triages a case given as JSON text.</summary>
    public Decision Evaluate(string json, TraceLevel? trace = null) => RuleSet.Evaluate(json, trace ?? _defaultTrace);

    /// <summary>Triages a case given as a JSON object.</summary>
    public Decision Evaluate(JObject json, TraceLevel? trace = null) => RuleSet.Evaluate(json, trace ?? _defaultTrace);

    /// <summary>Triages a typed case.</summary>
    /// <exception cref="Diagnostics.RuleSetException">The case type cannot be bound to the rule set's inputs.</exception>
    public Decision Evaluate<TCase>(TCase @case, TraceLevel? trace = null)
        where TCase : class => RuleSet.For<TCase>().Evaluate(@case, trace ?? _defaultTrace);
}
