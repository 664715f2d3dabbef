using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using RiskTriage.DependencyInjection;
using RiskTriage.Tests.Loading;

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
        RuleSetReloadFailedEventArgs? failure = null;
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

    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(15);

    /// <summary>Watches <paramref name="path"/> and records every outcome, in order.</summary>
    private static (RuleSetProvider Provider, BlockingCollection<string> Outcomes) Watch(string path)
    {
        var provider = new RuleSetProvider(RuleSet.Load(path), path, watch: true, delay: TimeSpan.FromMilliseconds(50));
        var outcomes = new BlockingCollection<string>();
        provider.Reloaded += (_, e) => outcomes.Add("reloaded " + e.Current.Identity.Version);
        provider.ReloadFailed += (_, e) => outcomes.Add("failed " + string.Join(",", e.Diagnostics.Select(d => d.Code).Distinct()));
        provider.ReloadUnchanged += (_, e) => outcomes.Add("unchanged " + e.Serving.Identity.Version);
        return (provider, outcomes);
    }

    /// <summary>Waits for an outcome starting with <paramref name="prefix"/>, skipping others (an editor's write may give several).</summary>
    private static string Next(BlockingCollection<string> outcomes, string prefix)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow + EventWait;
        while (DateTime.UtcNow < deadline)
        {
            if (outcomes.TryTake(out var outcome, TimeSpan.FromMilliseconds(100)))
            {
                seen.Add(outcome);
                if (outcome.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return outcome;
                }
            }
        }

        Assert.Fail($"no '{prefix}' within {EventWait.TotalSeconds} s; outcomes: {string.Join("; ", seen)}");
        return "";
    }

    /// <summary>Deleting and recreating the watched folder used to leave the old version serving with no event or log.</summary>
    [Fact]
    public void A_watched_folder_deleted_and_created_again_is_a_failed_reload_then_the_new_version()
    {
        var folder = Path.Combine(_folder, "rules");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "ruleset.json"), Version(10));
        var (provider, outcomes) = Watch(folder);
        using (provider)
        {
            Directory.Delete(folder, recursive: true);
            Assert.Equal("failed RT0318", Next(outcomes, "failed"));
            Assert.Equal("10", provider.Current.Identity.Version);

            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "ruleset.json"), Version(20));
            Assert.Equal("reloaded 20", Next(outcomes, "reloaded"));

            // The new folder is watched in its turn.
            File.WriteAllText(Path.Combine(folder, "ruleset.json"), Version(30));
            Assert.Equal("reloaded 30", Next(outcomes, "reloaded"));
        }
    }

    /// <summary>
    /// A ConfigMap update changes only the <c>..data</c> link (a rename of a name without .json) and files in a new
    /// dot-folder: the watcher filtered on *.json could miss it, and the folder failed to load (duplicate names).
    /// </summary>
    [Fact]
    public void A_ConfigMap_update_swapping_its_data_link_is_loaded()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mount = Path.Combine(_folder, "config");
        ConfigMap.Create(mount, "..2026_12_06_10_00_00.123456789", new() { ["ruleset.json"] = Version(10) });
        var (provider, outcomes) = Watch(mount);
        using (provider)
        {
            Assert.Equal("10", provider.Current.Identity.Version);

            ConfigMap.Update(mount, "..2026_12_06_10_00_00.123456789", "..2026_12_06_10_05_00.987654321", new() { ["ruleset.json"] = Version(20) });

            Assert.Equal("reloaded 20", Next(outcomes, "reloaded"));
            Assert.Equal("20", provider.Current.Identity.Version);
        }
    }

    [Fact]
    public void A_change_that_gives_the_same_rule_set_is_reported_as_unchanged()
    {
        File.WriteAllText(RuleFile, Version(10));
        using var provider = new RuleSetProvider(RuleSet.Load(_folder), _folder);
        RuleSetReloadUnchangedEventArgs? unchanged = null;
        provider.ReloadUnchanged += (_, e) => unchanged = e;

        File.WriteAllText(RuleFile, "// reformatted\n" + Version(10));

        Assert.True(provider.Reload());
        Assert.Same(provider.Current, unchanged?.Serving);
    }

    /// <summary>An edit that only turned a message's LF into CR LF used to keep the hash, so the reload ignored it.</summary>
    [Fact]
    public void An_edit_inside_a_message_from_LF_to_CR_LF_is_reloaded()
    {
        const string template = "{ \"ruleSet\": { \"name\": \"reload\", \"version\": \"1\" }, \"inputs\": { \"score\": \"number\" },\n"
            + "  \"parameters\": { \"note\": \"first{0}second\" },\n"
            + "  \"outputs\": { \"message\": { \"type\": \"string\", \"value\": \"note\" } } }";
        File.WriteAllText(RuleFile, template.Replace("{0}", "\\n", StringComparison.Ordinal));
        using var provider = new RuleSetProvider(RuleSet.Load(_folder), _folder);
        var reloads = 0;
        provider.Reloaded += (_, _) => reloads++;

        File.WriteAllText(RuleFile, template.Replace("{0}", "\\r\\n", StringComparison.Ordinal));

        Assert.True(provider.Reload());
        Assert.Equal(1, reloads);
        Assert.Equal("first\r\nsecond", provider.Current.Evaluate("{}")["message"].AsString);
    }

    /// <summary>Under hot reload a link loop made the host grow by 68 MB/s, and later valid edits never loaded.</summary>
    [Fact]
    public void A_link_loop_in_a_watched_folder_is_rejected_and_a_later_valid_edit_loads()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.WriteAllText(RuleFile, Version(10));
        var (provider, outcomes) = Watch(_folder);
        using (provider)
        {
            Directory.CreateSymbolicLink(Path.Combine(_folder, "a"), ".");
            Directory.CreateSymbolicLink(Path.Combine(_folder, "b"), ".");
            Assert.Equal("failed RT0351", Next(outcomes, "failed"));

            File.Delete(Path.Combine(_folder, "a"));
            File.Delete(Path.Combine(_folder, "b"));
            File.WriteAllText(RuleFile, Version(20));
            Assert.Equal("reloaded 20", Next(outcomes, "reloaded"));
        }
    }

    /// <summary>A watcher's reload runs on a timer thread: an exception from an event handler there would end the process.</summary>
    [Fact]
    public void An_event_handler_that_throws_does_not_stop_the_watching()
    {
        File.WriteAllText(RuleFile, Version(10));
        var (provider, outcomes) = Watch(_folder);
        using (provider)
        {
            provider.Reloaded += (_, _) => throw new InvalidOperationException("a handler's bug");

            File.WriteAllText(RuleFile, Version(20));
            Assert.Equal("reloaded 20", Next(outcomes, "reloaded"));
            File.WriteAllText(RuleFile, Version(30));
            Assert.Equal("reloaded 30", Next(outcomes, "reloaded"));
        }
    }

    [Fact]
    public void A_new_version_signals_the_change_token_and_OnChange_but_a_rejected_or_unchanged_one_does_not()
    {
        File.WriteAllText(RuleFile, Version(10));
        using var provider = new RuleSetProvider(RuleSet.Load(_folder), _folder);
        var token = provider.GetChangeToken();
        var changes = new List<string>();
        using var listening = provider.OnChange(r => changes.Add(r.Identity.Version));

        File.WriteAllText(RuleFile, Invalid);
        provider.Reload();
        File.WriteAllText(RuleFile, "// reformatted\n" + Version(10));
        provider.Reload();
        Assert.False(token.HasChanged);
        Assert.Empty(changes);

        File.WriteAllText(RuleFile, Version(20));
        provider.Reload();
        Assert.True(token.HasChanged);
        Assert.False(provider.GetChangeToken().HasChanged);
        File.WriteAllText(RuleFile, Version(30));
        provider.Reload();
        Assert.Equal(["20", "30"], changes);
    }

    [Fact]
    public void The_last_failure_stands_until_a_reload_succeeds_or_finds_the_files_unchanged()
    {
        File.WriteAllText(RuleFile, Version(10));
        using var provider = new RuleSetProvider(RuleSet.Load(_folder), _folder);
        Assert.Null(provider.LastReloadFailure);

        File.WriteAllText(RuleFile, Invalid);
        provider.Reload();
        Assert.Contains(provider.LastReloadFailure!.Diagnostics, d => d.Code == "RT0201");
        Assert.Same(provider.Current, provider.LastReloadFailure.Serving);

        File.WriteAllText(RuleFile, Version(10));
        provider.Reload();
        Assert.Null(provider.LastReloadFailure);
    }
}
