using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskTriage.Diagnostics;
using RiskTriage.Observability;

namespace RiskTriage.Hosting.Tests;

/// <summary>
/// <see cref="TriageApp"/> over loopback: a rule-set edit is served without a restart, a rejected edit degrades the
/// health endpoint with its diagnostics while the last good version keeps serving, and the host's meter listener sees
/// every decision, reload and failed reload. An invalid rule set or invalid options stop the host before it listens.
/// </summary>
public sealed class HostedTriageAppTests : IDisposable
{
    private const string Case = """{"caseId":"c1","score":15}""";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly string _folder = Directory.CreateTempSubdirectory("risktriage-app-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string RuleFile => Path.Combine(_folder, "ruleset.json");

    private static string Version(int threshold) => $$"""
        {
          "ruleSet": { "name": "hosted", "version": "{{threshold}}" },
          "inputs": { "caseId": "string", "score": { "type": "number", "required": true } },
          "parameters": { "threshold": {{threshold}} },
          "outputs": { "level": { "type": "string", "value": "score >= threshold ? \"HIGH\" : \"LOW\"" } }
        }
        """;

    private const string Broken = """{ "ruleSet": { "name": "hosted", "version": "broken" }, "inputs": { "score": "number" }, "outputs": { "level": { "type": "string", "value": "scor" } } }""";

    private static HttpClient ClientFor(WebApplication app) =>
        new() { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()), Timeout = Wait };

    private static async Task<JsonElement> Post(HttpClient client, string path)
    {
        using var response = await client.PostAsync(path, new StringContent(Case, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static async Task<(HttpStatusCode Code, JsonElement Body)> Health(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    /// <summary>Polls until <paramref name="done"/> holds: the reload follows the file change on the watcher's time.</summary>
    private static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        T last;
        do
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{what} within {Wait.TotalSeconds} s; last: {last}");
        return last;
    }

    [Fact]
    public async Task An_edit_is_served_a_rejected_edit_degrades_health_with_its_diagnostics_and_metrics_see_it_all()
    {
        File.WriteAllText(RuleFile, Version(10));
        await using var app = TriageApp.Build(_folder);
        var measurements = new ConcurrentQueue<(string Instrument, string? Version, string? Status)>();
        using var listener = new MeterListener();
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == RiskTriageTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            string? version = null, status = null;
            foreach (var tag in tags)
            {
                version = tag.Key == RiskTriageTelemetry.RuleSetVersionTag ? (string?)tag.Value : version;
                status = tag.Key == RiskTriageTelemetry.DecisionStatusTag ? (string?)tag.Value : status;
            }

            measurements.Enqueue((instrument.Name, version, status));
        });
        listener.Start();
        await app.StartAsync();
        using var client = ClientFor(app);

        Assert.Equal("HIGH", (await Post(client, "/triage")).GetProperty("outputs").GetProperty("level").GetString());
        var (code, health) = await Health(client);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal("10", health.GetProperty("checks").GetProperty("risktriage").GetProperty("Data").GetProperty("version").GetString());

        File.WriteAllText(RuleFile, Broken);
        (code, health) = await Until(() => Health(client), h => h.Body.GetProperty("status").GetString() == "Degraded", "no degraded health");
        Assert.Equal(HttpStatusCode.OK, code);
        var check = health.GetProperty("checks").GetProperty("risktriage");
        Assert.Contains("RT0201", check.GetProperty("Data").GetProperty("diagnostics")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("10", check.GetProperty("Data").GetProperty("version").GetString());
        Assert.Equal("10", (await Post(client, "/triage")).GetProperty("ruleSet").GetProperty("version").GetString());

        File.WriteAllText(RuleFile, Version(20));
        var decision = await Until(() => Post(client, "/triage"), d => d.GetProperty("ruleSet").GetProperty("version").GetString() == "20", "version 20 not served");
        Assert.Equal("LOW", decision.GetProperty("outputs").GetProperty("level").GetString());
        Assert.Equal("Healthy", (await Health(client)).Body.GetProperty("status").GetString());

        await app.StopAsync();
        var seen = measurements.ToList();
        Assert.Contains((RiskTriageTelemetry.DecisionsInstrument, "10", "Complete"), seen);
        Assert.Contains((RiskTriageTelemetry.DecisionsInstrument, "20", "Complete"), seen);
        Assert.Contains((RiskTriageTelemetry.ReloadFailuresInstrument, "10", null), seen);
        Assert.Contains((RiskTriageTelemetry.ReloadsInstrument, "20", null), seen);
    }

    [Fact]
    public async Task Two_named_rule_sets_serve_side_by_side()
    {
        File.WriteAllText(RuleFile, Version(10));
        var next = Directory.CreateDirectory(Path.Combine(_folder, "..", Path.GetFileName(_folder) + "-next")).FullName;
        try
        {
            File.WriteAllText(Path.Combine(next, "ruleset.json"), Version(12));
            await using var app = TriageApp.Build(_folder, o => o.RuleSetPath = next);
            await app.StartAsync();
            using var client = ClientFor(app);

            Assert.Equal("10", (await Post(client, "/triage")).GetProperty("ruleSet").GetProperty("version").GetString());
            var decision = await Post(client, "/triage/next");
            Assert.Equal("12", decision.GetProperty("ruleSet").GetProperty("version").GetString());
            Assert.Equal("HIGH", decision.GetProperty("outputs").GetProperty("level").GetString());
        }
        finally
        {
            Directory.Delete(next, recursive: true);
        }
    }

    [Fact]
    public async Task An_invalid_rule_set_stops_the_host_at_start_with_every_diagnostic_before_it_listens()
    {
        File.WriteAllText(RuleFile, Broken);
        await using var app = TriageApp.Build(_folder);

        var error = await Assert.ThrowsAsync<RuleSetException>(() => app.StartAsync());

        Assert.Contains(error.Diagnostics, d => d.Code == "RT0201");
        Assert.Null(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.SingleOrDefault());
    }

    [Fact]
    public async Task Options_naming_no_rule_set_stop_the_host_at_start()
    {
        File.WriteAllText(RuleFile, Version(10));
        await using var app = TriageApp.Build(_folder, o => o.WatchForChanges = true);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("AddRiskTriage(\"next\"): no rule set", error.Message, StringComparison.Ordinal);
    }
}
