using Microsoft.Extensions.DependencyInjection;

namespace RiskTriage.DependencyInjection;

/// <summary>The names given to <c>AddRiskTriage</c> in one service collection, so that the host loads them all at start.</summary>
internal sealed class RiskTriageRegistrations
{
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    public bool Add(string name)
    {
        if (_names.Contains(name, StringComparer.Ordinal))
        {
            return false;
        }

        _names.Add(name);
        return true;
    }

    public static RiskTriageRegistrations In(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(RiskTriageRegistrations) && !descriptor.IsKeyedService && descriptor.ImplementationInstance is RiskTriageRegistrations found)
            {
                return found;
            }
        }

        var registrations = new RiskTriageRegistrations();
        services.AddSingleton(registrations);
        return registrations;
    }
}
