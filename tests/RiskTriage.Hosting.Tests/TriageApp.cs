using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using RiskTriage.DependencyInjection;

namespace RiskTriage.Hosting.Tests;

/// <summary>
/// A complete ASP.NET Core service over the library, as the README describes it: a watched rule-set folder
/// (<c>AddRiskTriage</c> with reload), a health endpoint (<c>AddHealthChecks().AddRiskTriage()</c>), the host's metrics
/// (RiskTriage publishes on the host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/>), and a second, named rule
/// set beside the first. Kestrel listens on a loopback port chosen by the system.
/// </summary>
internal static class TriageApp
{
    public static WebApplication Build(string ruleSetFolder, Action<RiskTriageOptions>? next = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

        builder.Services.AddRiskTriage(o =>
        {
            o.RuleSetPath = ruleSetFolder;
            o.WatchForChanges = true;
            o.ReloadDelay = TimeSpan.FromMilliseconds(50);
        });
        if (next is not null)
        {
            builder.Services.AddRiskTriage("next", next);
        }

        builder.Services.AddHealthChecks().AddRiskTriage();
        builder.Services.AddMetrics();

        var app = builder.Build();
        app.MapPost("/triage", async (HttpRequest request, TriageService triage, CancellationToken aborted) =>
            Results.Text((await triage.EvaluateAsync(request.Body, cancellationToken: aborted)).ToJson(), "application/json"));
        if (next is not null)
        {
            app.MapPost("/triage/next", async (HttpRequest request, [FromKeyedServices("next")] TriageService triage, CancellationToken aborted) =>
                Results.Text((await triage.EvaluateAsync(request.Body, cancellationToken: aborted)).ToJson(), "application/json"));
        }

        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealth });
        return app;
    }

    /// <summary>The report as JSON, with each check's data (a degraded rule set's diagnostics).</summary>
    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description, e.Value.Data }),
        }));
    }
}
