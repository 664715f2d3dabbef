using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskTriage;
using RiskTriage.DependencyInjection;
using RiskTriage.Observability;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RiskTriage in a service collection.</summary>
public static class RiskTriageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the rule set, its <see cref="RuleSetProvider"/> and a <see cref="TriageService"/> as singletons. Nothing is read
    /// here: the options are validated at host start (<c>ValidateOnStart</c>) and the rule set is loaded at host start,
    /// so that an invalid one stops the application with every diagnostic, or, without a host, when first resolved.
    /// <see cref="RuleSet"/> resolves to the version in force.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Chooses the rule set: <see cref="RiskTriageOptions.RuleSetPath"/> or <see cref="RiskTriageOptions.RuleSet"/>.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The default rule set is already registered.</exception>
    /// <remarks>
    /// At host start or first resolve: <see cref="OptionsValidationException"/> for options that say no rule set or
    /// contradict each other, <see cref="RiskTriage.Diagnostics.RuleSetException"/> for a rule set with errors.
    /// </remarks>
    public static IServiceCollection AddRiskTriage(this IServiceCollection services, Action<RiskTriageOptions> configure) =>
        AddRiskTriage(services, Options.Options.DefaultName, configure);

    /// <summary>
    /// Registers a named rule set, so that a service can hold several (for example the current and the next version
    /// during a change). Its <see cref="RuleSetProvider"/>, <see cref="TriageService"/> and <see cref="RuleSet"/> are keyed
    /// services under <paramref name="name"/> (<c>[FromKeyedServices("next")] TriageService next</c>), and its options are the
    /// named options <paramref name="name"/>. The empty name is the default registration, resolved without a key. Loading
    /// and validation are as for <see cref="AddRiskTriage(IServiceCollection, Action{RiskTriageOptions})"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration's name and service key.</param>
    /// <param name="configure">Chooses the rule set: <see cref="RiskTriageOptions.RuleSetPath"/> or <see cref="RiskTriageOptions.RuleSet"/>.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">A rule set is already registered under <paramref name="name"/>.</exception>
    public static IServiceCollection AddRiskTriage(this IServiceCollection services, string name, Action<RiskTriageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);

        var registrations = RiskTriageRegistrations.In(services);
        if (!registrations.Add(name))
        {
            throw new InvalidOperationException(name.Length == 0
                ? "AddRiskTriage was called twice: the default rule set is already registered. Configure it in one call, or give the second one a name: AddRiskTriage(\"next\", ...)."
                : $"AddRiskTriage(\"{name}\") was called twice: a rule set is already registered under that name. Configure it in one call, or choose another name.");
        }

        services.AddOptions<RiskTriageOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RiskTriageOptions>, RiskTriageOptionsValidator>());
        services.TryAddSingleton(sp => new RiskTriageMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RiskTriageStartup>());

        services.AddKeyedSingleton(name, (sp, _) => RuleSetProvider.Create(
            sp.GetRequiredService<IOptionsMonitor<RiskTriageOptions>>().Get(name),
            sp.GetService<ILoggerFactory>()?.CreateLogger<RuleSetProvider>() ?? NullLogger<RuleSetProvider>.Instance,
            sp.GetRequiredService<RiskTriageMetrics>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddKeyedSingleton(name, (sp, _) => new TriageService(
            sp.GetRequiredKeyedService<RuleSetProvider>(name),
            sp.GetRequiredService<IOptionsMonitor<RiskTriageOptions>>().Get(name).DefaultTrace,
            sp.GetRequiredService<RiskTriageMetrics>()));

        // The version in force when resolved: a reload replaces it for later resolutions.
        services.AddKeyedTransient(name, (sp, _) => sp.GetRequiredKeyedService<RuleSetProvider>(name).Current);

        if (name.Length == 0)
        {
            services.AddSingleton(sp => sp.GetRequiredKeyedService<RuleSetProvider>(name));
            services.AddSingleton(sp => sp.GetRequiredKeyedService<TriageService>(name));
            services.AddTransient(sp => sp.GetRequiredKeyedService<RuleSetProvider>(name).Current);
        }

        return services;
    }
}
