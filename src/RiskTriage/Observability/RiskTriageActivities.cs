using System.Diagnostics;

namespace RiskTriage.Observability;

/// <summary>The activity source for load and batch spans; <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null while nobody listens.</summary>
internal static class RiskTriageActivities
{
    private static readonly string? AssemblyVersion = typeof(RiskTriageActivities).Assembly.GetName().Version?.ToString();

    public static ActivitySource Source { get; } = new(RiskTriageTelemetry.ActivitySourceName, AssemblyVersion);

    public static void SetRuleSet(this Activity activity, RuleSet ruleSet)
    {
        activity.SetTag(RiskTriageTelemetry.RuleSetNameTag, ruleSet.Identity.Name);
        activity.SetTag(RiskTriageTelemetry.RuleSetVersionTag, ruleSet.Identity.Version);
        activity.SetTag(RiskTriageTelemetry.RuleSetHashTag, ruleSet.Identity.Hash);
    }
}
