using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RiskTriage.Tests.RuleSets;

namespace RiskTriage.Benchmarks;

/// <summary>The example rule set (every construct): compile time, and evaluation with no trace and with a full trace.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ExampleRuleSetBenchmarks
{
    private const string Json = """{"caseId":"c1","asOfDate":"2026-06-09","age":20,"priorOffences":3,"risk":"HIGH","flags":["GANG"],"employed":false,"address":{"postcode":"AB1","stable":false},"orders":[{"kind":"CUSTODY","ended":false,"start":"2024-01-01"}]}""";

    private readonly ExampleCase _case = new()
    {
        CaseId = "c1",
        AsOfDate = new DateOnly(2026, 6, 9),
        Age = 20,
        PriorOffences = 3,
        Risk = "HIGH",
        Flags = ["GANG"],
        Employed = false,
        Address = new ExampleAddress { Postcode = "AB1", Stable = false },
        Orders = [new ExampleOrder { Kind = "CUSTODY", Ended = false, Start = new DateOnly(2024, 1, 1) }],
    };

    private RuleSet _ruleSet = null!;
    private TypedEvaluator<ExampleCase> _typed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ruleSet = RuleSet.Load(RepositoryPaths.ExampleRuleSet);
        _typed = _ruleSet.For<ExampleCase>();
        if (_typed.Evaluate(_case, TraceDetail.Full).ToJson() != _ruleSet.Evaluate(Json, TraceDetail.Full).ToJson())
        {
            throw new InvalidOperationException("typed and JSON evaluation disagree");
        }
    }

    /// <summary>Read, check and compile the example rule set from its files.</summary>
    [Benchmark]
    [BenchmarkCategory("Compile")]
    public RuleSet CompileExampleRuleSet() => RuleSet.Load(RepositoryPaths.ExampleRuleSet);

    /// <summary>A typed case with no trace: the hot path.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Evaluate")]
    public Decision TypedNoTrace() => _typed.Evaluate(_case);

    /// <summary>A typed case with a full trace (operand values included).</summary>
    [Benchmark]
    [BenchmarkCategory("Evaluate")]
    public Decision TypedFullTrace() => _typed.Evaluate(_case, TraceDetail.Full);

    /// <summary>A JSON case (parse included) with no trace.</summary>
    [Benchmark]
    [BenchmarkCategory("Evaluate")]
    public Decision JsonNoTrace() => _ruleSet.Evaluate(Json);
}
