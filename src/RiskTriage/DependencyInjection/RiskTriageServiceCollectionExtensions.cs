using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RiskTriage;
using RiskTriage.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RiskTriage in a service collection.</summary>
public static class RiskTriageServiceCollectionExtensions
{
    /// <summary>
    /// Loads the rule set now and registers it, with a <see cref="TriageService"/>, as singletons. Loading at
    /// registration means an invalid rule set stops the application at start-up, with every diagnostic.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Chooses the rule set: <see cref="RiskTriageOptions.RuleSetPath"/> or <see cref="RiskTriageOptions.RuleSet"/>.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="RiskTriage.Diagnostics.RuleSetException">The rule set has errors.</exception>
    /// <exception cref="InvalidOperationException">Neither a rule set nor a path was given.</exception>
    public static IServiceCollection AddRiskTriage(this IServiceCollection services, Action<RiskTriageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new RiskTriageOptions();
        configure(options);
        var ruleSet = options.RuleSet
            ?? (options.RuleSetPath is { } path
                ? RuleSet.Load(path, options.LoadOptions)
                : throw new InvalidOperationException("AddRiskTriage needs a rule set: set RuleSetPath or RuleSet in the options"));
        var watch = options.WatchForChanges && options.RuleSet is null && options.RuleSetPath is not null;
        services.TryAddSingleton(sp => new RuleSetProvider(ruleSet, options.RuleSetPath ?? ".", options.LoadOptions, watch, options.ReloadDelay,
            sp.GetService<ILoggerFactory>()?.CreateLogger<RuleSetProvider>()));

        // Without hot reload the rule set never changes; with it, RuleSet resolves to the version in force.
        if (watch)
        {
            services.TryAddTransient(sp => sp.GetRequiredService<RuleSetProvider>().Current);
        }
        else
        {
            services.TryAddSingleton(ruleSet);
        }

        services.TryAddSingleton(sp => new TriageService(sp.GetRequiredService<RuleSetProvider>(), options.DefaultTrace));
        return services;
    }
}
