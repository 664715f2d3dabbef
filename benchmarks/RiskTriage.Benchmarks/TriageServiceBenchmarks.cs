using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RiskTriage.Benchmarks.Baseline;
using RiskTriage.DependencyInjection;
using RiskTriage.Observability;
using RiskTriage.Probation;

namespace RiskTriage.Benchmarks;

/// <summary>
/// A typed evaluation of the default rule set through <see cref="TriageService"/> (which counts and times decisions)
/// against the same evaluation on the rule set directly, with nobody listening to the meter and with a
/// <see cref="MeterListener"/> taking every measurement, as an exporter would.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class TriageServiceBenchmarks
{
    private const int Cases = 1024;

    private ProbationCase[] _cases = [];
    private TypedEvaluator<ProbationCase> _typed = null!;
    private TriageService _service = null!;
    private MeterListener? _listener;
    private long _decisions;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var ruleSet = RuleSet.Load(RepositoryPaths.ProbationRuleSet);
        _typed = ruleSet.For<ProbationCase>();
        _service = new TriageService(ruleSet);
        _cases = ProbationCaseGenerator.Generate(Cases, seed: 1);
        if (!Listening)
        {
            return;
        }

        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RiskTriageTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => _decisions += value);
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        _listener.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener?.Dispose();
        if (Listening && _decisions == 0)
        {
            throw new InvalidOperationException("the listener saw no decision: the benchmark did not measure what it says");
        }
    }

    /// <summary>The rule set's typed evaluator, without the service: what the service adds is the difference.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Cases)]
    [BenchmarkCategory("Evaluate")]
    public Decision? RuleSetTyped()
    {
        Decision? last = null;
        foreach (var c in _cases)
        {
            last = _typed.Evaluate(c);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("Evaluate")]
    public Decision? ServiceTyped()
    {
        Decision? last = null;
        foreach (var c in _cases)
        {
            last = _service.EvaluateTyped(c);
        }

        return last;
    }
}
