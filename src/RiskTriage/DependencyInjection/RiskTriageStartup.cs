using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RiskTriage.DependencyInjection;

/// <summary>
/// Loads every registered rule set while the host is starting, before any other hosted service (a web server)
/// starts: an invalid rule set stops the start with its diagnostics instead of failing the first request.
/// </summary>
internal sealed class RiskTriageStartup(IServiceProvider services, RiskTriageRegistrations registrations) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        foreach (var name in registrations.Names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            services.GetRequiredKeyedService<RuleSetProvider>(name);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
