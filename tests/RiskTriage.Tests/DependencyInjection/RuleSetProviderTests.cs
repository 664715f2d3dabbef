using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using RiskTriage.DependencyInjection;

namespace RiskTriage.Tests.DependencyInjection;

/// <summary>Hot reload: valid versions replace the old one atomically, invalid ones are rejected, nothing in flight fails.</summary>
public sealed class RuleSetProviderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("risktriage-reload-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Version(int threshold) => $$"""
        {
          "ruleSet": { "name": "reload", "version": "{{threshold}}" },
          "inputs": { "caseId": "string", "score": { "type": "number", "required": true } },
          "parameters": { "threshold": {{threshold}} },
          "outputs": { "level": { "type": "string", "value": "score >= threshold ? \"HIGH\" : \"LOW\"" } }
        }
        """;

    private const string Invalid = """
        {
          "ruleSet": { "name": "reload", "version": "broken" },
          "inputs": { "score": "number" },
          "outputs": { "level": { "type": "string", "value": "scor >= 1" } }
        }
        """;

    private string RuleFile => Path.Combine(_folder, "ruleset.json");

    private string HashOf(string text)
    {
        var other = Directory.CreateTempSubdirectory("risktriage-hash-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(other, "ruleset.json"), text);
            return RuleSet.Load(other).Identity.Hash;
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void An_invalid_version_is_rejected_and_the_last_good_version_keeps_serving()
    {
        File.WriteAllText(RuleFile, Version(10));
        using var provider = new RuleSetProvider(RuleSet.Load(_folder), _folder);
        RuleSetReloadFailed? failure = null;
        provider.ReloadFailed += (_, e) => failure = e;

        File.WriteAllText(RuleFile, Invalid);
        Assert.False(provider.Reload());
        Assert.Equal("10", provider.Current.Identity.Version);
        Assert.NotNull(failure);
        Assert.Contains(failure!.Diagnostics, d => d.Code == "RT0201");

        File.WriteAllText(RuleFile, Version(20));
        Assert.True(provider.Reload());
        Assert.Equal("20", provider.Current.Identity.Version);
    }

    [Fact]
    public async Task Rewriting_the_files_while_evaluating_never_fails_an_evaluation_and_every_decision_names_a_valid_version()
    {
        string[] versions = [Version(10), Version(20), Version(30)];
        var validHashes = versions.Select(HashOf).ToHashSet(StringComparer.Ordinal);
        File.WriteAllText(RuleFile, versions[0]);
        using var services = new ServiceCollection()
            .AddRiskTriage(o =>
            {
                o.RuleSetPath = _folder;
                o.WatchForChanges = true;
                o.ReloadDelay = TimeSpan.FromMilliseconds(20);
            })
            .BuildServiceProvider();
        var triage = services.GetRequiredService<TriageService>();
        var provider = services.GetRequiredService<RuleSetProvider>();
        var reloads = 0;
        var rejections = 0;
        provider.Reloaded += (_, _) => Interlocked.Increment(ref reloads);
        provider.ReloadFailed += (_, _) => Interlocked.Increment(ref rejections);

        var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var evaluators = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var decision = triage.Evaluate($$"""{"caseId":"{{t}}-{{i++}}","score":15}""");
                if (decision.Status != DecisionStatus.Complete || !validHashes.Contains(decision.RuleSet.Hash))
                {
                    failures.Enqueue(decision.ToJson());
                }

                // The decision must be consistent with the version it names.
                var expected = decision.RuleSet.Version == "10" ? "HIGH" : "LOW";
                if (decision["level"].AsString != expected)
                {
                    failures.Enqueue("inconsistent: " + decision.ToJson());
                }

                seen.AddOrUpdate(decision.RuleSet.Hash, 1, (_, n) => n + 1);
            }
        })).ToArray();

        for (var round = 0; round < 60; round++)
        {
            File.WriteAllText(RuleFile, round % 4 == 3 ? Invalid : versions[round % 3]);
            await Task.Delay(25);
        }

        // Settle on a known valid version and wait for it to serve.
        File.WriteAllText(RuleFile, versions[1]);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (provider.Current.Identity.Version != "20" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        stop.Cancel();
        await Task.WhenAll(evaluators);

        Assert.Empty(failures);
        Assert.Equal("20", provider.Current.Identity.Version);
        Assert.True(reloads > 0, "no reload happened");
        Assert.All(seen.Keys, hash => Assert.Contains(hash, validHashes));
        Assert.True(seen.Count >= 2, $"decisions named only {seen.Count} version(s); reloads {reloads}, rejections {rejections}");
    }
}
