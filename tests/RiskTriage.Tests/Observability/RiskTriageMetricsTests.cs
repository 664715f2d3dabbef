using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RiskTriage.DependencyInjection;
using RiskTriage.Observability;

namespace RiskTriage.Tests.Observability;

/// <summary>
/// Metrics, spans and log messages as a host's listeners see them: a <see cref="MeterListener"/> on the meter made by the
/// container's <see cref="IMeterFactory"/>, an <see cref="ActivityListener"/> on the activity source, a logger provider.
/// </summary>
public sealed class RiskTriageMetricsTests : IDisposable
{
    private const string Sentenced = """{"caseId":"c1","asOfDate":"2026-06-09","gender":"Male","rsrScore":7.1,"ogrsScore":40,"rosh":"HIGH","complexityFactors":[],"sentences":[{"type":"SC","terminated":false,"requirements":[]}]}""";
    private const string Review = """{"caseId":"c2","asOfDate":"2026-06-09","gender":"Female","rsrScore":1.2}""";
    private const string Invalid = """{"caseId":"c3","asOfDate":"2026-06-09","gender":"Male","rsrScore":"high"}""";

    private readonly string _folder = Directory.CreateTempSubdirectory("risktriage-metrics-").FullName;
    private readonly TestMeterFactory _meters = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly MeterListener _listener = new();

    public RiskTriageMetricsTests()
    {
        // Only this test's meters: other tests run in parallel with meters of the same name.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == _meters)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => _measurements.Enqueue(new(i.Name, v, tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => _measurements.Enqueue(new(i.Name, v, tags.ToArray())));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meters.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed record Measurement(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)
    {
        public object? this[string tag] => Tags.Single(t => t.Key == tag).Value;
    }

    private ServiceProvider Services(Action<RiskTriageOptions> configure, ILoggerFactory? logs = null)
    {
        var services = new ServiceCollection().AddSingleton<IMeterFactory>(_meters);
        if (logs is not null)
        {
            services.AddSingleton(logs);
        }

        return services.AddRiskTriage(configure).BuildServiceProvider();
    }

    private static string Version(int threshold) => $$"""
        {
          "ruleSet": { "name": "metered", "version": "{{threshold}}" },
          "inputs": { "score": "number" },
          "parameters": { "threshold": {{threshold}} },
          "outputs": { "level": { "type": "string", "value": "score >= threshold ? \"HIGH\" : \"LOW\"" } }
        }
        """;

    private const string Broken = """{ "ruleSet": { "name": "metered", "version": "x" }, "inputs": { "score": "number" }, "outputs": { "level": { "type": "string", "value": "scor" } } }""";

    [Fact]
    public void Decisions_are_counted_by_status_and_timed_with_the_rule_sets_name_version_and_hash()
    {
        var probation = DefaultRuleSets.Probation();
        using var services = Services(o => o.RuleSet = probation);
        var triage = services.GetRequiredService<TriageService>();
        _listener.Start();

        Decision[] made =
        [
            triage.Evaluate(Sentenced),
            triage.Evaluate(Review),
            triage.Evaluate(Newtonsoft.Json.Linq.JObject.Parse(Review)),
            triage.Evaluate(Invalid),
        ];

        var decisions = _measurements.Where(m => m.Instrument == RiskTriageTelemetry.DecisionsInstrument).ToList();
        Assert.Equal(4, decisions.Count);
        Assert.Contains(DecisionStatus.Invalid, made.Select(d => d.Status));
        Assert.Equal(made.Select(d => d.Status.ToString()), decisions.Select(m => (string)m[RiskTriageTelemetry.DecisionStatusTag]!));
        Assert.All(decisions, m =>
        {
            Assert.Equal(1, m.Value);
            Assert.Equal(probation.Identity.Name, m[RiskTriageTelemetry.RuleSetNameTag]);
            Assert.Equal(probation.Identity.Version, m[RiskTriageTelemetry.RuleSetVersionTag]);
            Assert.Equal(probation.Identity.Hash, m[RiskTriageTelemetry.RuleSetHashTag]);
        });
        var durations = _measurements.Where(m => m.Instrument == RiskTriageTelemetry.EvaluationDurationInstrument).ToList();
        Assert.Equal(4, durations.Count);
        Assert.All(durations, m => Assert.InRange(m.Value, 1e-9, 60));
    }

    [Fact]
    public void Nobody_listening_means_no_clock_read_and_no_measurement()
    {
        using var metrics = new RiskTriageMetrics(_meters);

        Assert.False(metrics.EvaluationEnabled);
        Assert.Equal(0, metrics.StartEvaluation());

        _listener.Start();
        Assert.True(metrics.EvaluationEnabled);
        Assert.NotEqual(0, metrics.StartEvaluation());
    }

    [Fact]
    public void Reloads_and_failed_reloads_are_counted_with_the_version_in_force_and_logged_as_structured_events()
    {
        File.WriteAllText(Path.Combine(_folder, "ruleset.json"), Version(10));
        var logs = new RecordingLoggerFactory();
        using var services = Services(o => o.RuleSetPath = _folder, logs);
        var provider = services.GetRequiredService<RuleSetProvider>();
        _listener.Start();

        File.WriteAllText(Path.Combine(_folder, "ruleset.json"), Broken);
        provider.Reload();
        File.WriteAllText(Path.Combine(_folder, "ruleset.json"), Version(20));
        provider.Reload();

        var failure = Assert.Single(_measurements, m => m.Instrument == RiskTriageTelemetry.ReloadFailuresInstrument);
        Assert.Equal("10", failure[RiskTriageTelemetry.RuleSetVersionTag]);
        var reload = Assert.Single(_measurements, m => m.Instrument == RiskTriageTelemetry.ReloadsInstrument);
        Assert.Equal("20", reload[RiskTriageTelemetry.RuleSetVersionTag]);
        Assert.Equal(provider.Current.Identity.Hash, reload[RiskTriageTelemetry.RuleSetHashTag]);

        Assert.Equal(["RuleSetLoaded", "RuleSetReloadFailedEventArgs", "RuleSetReloadedEventArgs"], logs.Entries.Select(e => e.EventId.Name));
        var failed = logs.Entries[1];
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Equal(3, failed.EventId.Id);
        Assert.Equal("10", failed.Properties["Version"]);
        Assert.Equal(_folder, failed.Properties["Path"]);
        Assert.Contains("RT0201", (string)failed.Properties["Diagnostics"]!, StringComparison.Ordinal);
        Assert.Equal("20", logs.Entries[2].Properties["Version"]);
        Assert.Equal("10", logs.Entries[2].Properties["PreviousVersion"]);
    }

    [Fact]
    public async Task Loads_reloads_and_batches_are_spans_with_the_rule_set_and_their_outcome()
    {
        File.WriteAllText(Path.Combine(_folder, "ruleset.json"), Version(10));
        var spans = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RiskTriageTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);
        using var test = new ActivitySource("RiskTriage.Tests.Observability");
        using var listenToTest = new ActivityListener
        {
            ShouldListenTo = source => source == test,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listenToTest);

        // Spans of this test only: children of its own root span.
        using (var root = test.StartActivity("test"))
        {
            using var services = Services(o => o.RuleSetPath = _folder);
            var provider = services.GetRequiredService<RuleSetProvider>();
            File.WriteAllText(Path.Combine(_folder, "ruleset.json"), Broken);
            provider.Reload();
            File.WriteAllText(Path.Combine(_folder, "ruleset.json"), Version(20));
            provider.Reload();
            var triage = services.GetRequiredService<TriageService>();
            var decisions = new List<Decision>();
            await foreach (var decision in triage.EvaluateManyAsync(new MemoryStream("{\"score\":15}\n{\"score\":25}\n"u8.ToArray())))
            {
                decisions.Add(decision);
            }

            Assert.Equal(["LOW", "HIGH"], decisions.Select(d => d["level"].AsString));
            var traceId = root!.TraceId;
            var mine = spans.Where(s => s.TraceId == traceId).ToList();

            var loads = mine.Where(s => s.OperationName == RiskTriageTelemetry.LoadActivity).ToList();
            Assert.Equal(3, loads.Count);
            Assert.All(loads, s => Assert.Equal(_folder, s.GetTagItem("risktriage.path")));
            Assert.Equal("10", loads[0].GetTagItem(RiskTriageTelemetry.RuleSetVersionTag));
            Assert.Equal(ActivityStatusCode.Error, loads[1].Status);
            Assert.Equal("failed", loads[1].GetTagItem("risktriage.reload.outcome"));
            Assert.Equal("reloaded", loads[2].GetTagItem("risktriage.reload.outcome"));
            Assert.Equal("20", loads[2].GetTagItem(RiskTriageTelemetry.RuleSetVersionTag));

            var batch = Assert.Single(mine, s => s.OperationName == RiskTriageTelemetry.BatchActivity);
            Assert.Equal(2, batch.GetTagItem("risktriage.batch.decisions"));
            Assert.Equal("20", batch.GetTagItem(RiskTriageTelemetry.RuleSetVersionTag));
            Assert.Equal(ActivityStatusCode.Unset, batch.Status);
        }
    }

    /// <summary>What a host's <c>AddMetrics()</c> gives: meters scoped to the factory, disposed with it.</summary>
    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly ConcurrentBag<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }

    private sealed record LogEntry(LogLevel Level, EventId EventId, IReadOnlyDictionary<string, object?> Properties);

    private sealed class RecordingLoggerFactory : ILoggerFactory, ILogger
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyList<LogEntry> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IReadOnlyList<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                : new Dictionary<string, object?>(StringComparer.Ordinal);
            _entries.Enqueue(new LogEntry(logLevel, eventId, properties));
        }

        public void Dispose()
        {
        }
    }
}
