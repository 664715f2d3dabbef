using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RiskTriage.Benchmarks.Baseline;
using RiskTriage.Probation;

namespace RiskTriage.Benchmarks;

/// <summary>
/// A decision of the default rule set written as canonical JSON: as text (<see cref="Decision.ToJson"/>, what
/// snapshot tests and services returning a string call) and as UTF-8 into a reused buffer
/// (<see cref="Decision.WriteJson"/>, what the CLI's batch writer calls), without and with a full trace. The decisions
/// are made in setup, so only the writing is measured.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DecisionJsonBenchmarks
{
    private const int Cases = 1024;

    private Decision[] _plain = [];
    private Decision[] _traced = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    [GlobalSetup]
    public void Setup()
    {
        var typed = RuleSet.Load(RepositoryPaths.ProbationRuleSet).For<ProbationCase>();
        var cases = ProbationCaseGenerator.Generate(Cases, seed: 1);
        _plain = cases.Select(c => typed.Evaluate(c)).ToArray();
        _traced = cases.Select(c => typed.Evaluate(c, TraceDetail.Full)).ToArray();
        foreach (var decision in _plain.Concat(_traced))
        {
            _buffer.ResetWrittenCount();
            decision.WriteJson(_buffer);
            if (System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan) != decision.ToJson())
            {
                throw new InvalidOperationException($"ToJson and WriteJson disagree on {decision.CaseId}: the two would not be the same work");
            }
        }
    }

    /// <summary>Decisions without a trace, as text.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Cases)]
    [BenchmarkCategory("DecisionJson")]
    public int ToJsonNoTrace()
    {
        var length = 0;
        foreach (var decision in _plain)
        {
            length += decision.ToJson().Length;
        }

        return length;
    }

    /// <summary>Decisions without a trace, as UTF-8 into a reused buffer.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("DecisionJson")]
    public int WriteJsonNoTrace()
    {
        var length = 0;
        foreach (var decision in _plain)
        {
            _buffer.ResetWrittenCount();
            decision.WriteJson(_buffer);
            length += _buffer.WrittenCount;
        }

        return length;
    }

    /// <summary>Decisions with a full trace, as text.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("DecisionJson")]
    public int ToJsonFullTrace()
    {
        var length = 0;
        foreach (var decision in _traced)
        {
            length += decision.ToJson().Length;
        }

        return length;
    }
}
