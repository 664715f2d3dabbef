using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RiskTriage.DependencyInjection;

/// <summary>
/// Healthy while a rule set is serving; degraded after a failed reload (the last good version still serves, but the
/// files on disk are not what serves), with the rejected files' diagnostics in the data, until a reload succeeds.
/// A rule set that cannot be loaded at all makes resolving the provider throw, which the health-check service
/// reports with the registration's failure status.
/// </summary>
internal sealed class RiskTriageHealthCheck(RuleSetProvider provider) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var serving = provider.Current.Identity;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["ruleSet"] = serving.Name,
            ["version"] = serving.Version,
            ["hash"] = serving.Hash,
        };
        if (provider.Path is { } path)
        {
            data["path"] = path;
        }

        var description = $"rule set {serving.Name} version {serving.Version} ({serving.Hash}) is serving";
        if (provider.LastReloadFailure is not { } failure)
        {
            return Task.FromResult(HealthCheckResult.Healthy(description, data));
        }

        data["diagnostics"] = failure.Diagnostics.Select(d => d.ToString()).ToArray();
        var errors = failure.Diagnostics.Count(d => d.IsError);
        return Task.FromResult(HealthCheckResult.Degraded(
            $"{description}, but the last reload was rejected with {errors} error(s): the files at {provider.Path} are not the version serving", data: data));
    }
}
