using Microsoft.Extensions.Diagnostics.HealthChecks;
using RiskTriage.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a rule set's health check: <c>services.AddHealthChecks().AddRiskTriage()</c>.</summary>
public static class RiskTriageHealthChecksBuilderExtensions
{
    /// <summary>
    /// Checks a rule set registered with <c>AddRiskTriage</c>: healthy while it serves, degraded after a failed reload
    /// (the last good version keeps serving) with the rejected files' diagnostics in the result's data, and
    /// <paramref name="failureStatus"/> when it cannot be loaded at all.
    /// </summary>
    /// <param name="builder">The health-checks builder.</param>
    /// <param name="ruleSetName">The name given to <c>AddRiskTriage</c>; null or empty for the default registration.</param>
    /// <param name="name">The health check's name. Default <c>risktriage</c>, or <c>risktriage-</c> and <paramref name="ruleSetName"/>.</param>
    /// <param name="failureStatus">The status when the rule set cannot be loaded. Default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags for filtering the checks (e.g. <c>ready</c>).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHealthChecksBuilder AddRiskTriage(this IHealthChecksBuilder builder, string? ruleSetName = null, string? name = null,
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var key = ruleSetName ?? "";
        return builder.Add(new HealthCheckRegistration(
            name ?? (key.Length == 0 ? "risktriage" : "risktriage-" + key),
            sp => new RiskTriageHealthCheck(sp.GetRequiredKeyedService<RuleSetProvider>(key)),
            failureStatus,
            tags));
    }
}
