using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RiskTriage.RulesEngine;
using RulesEngine.Models;

namespace RiskTriage.Benchmarks;

/// <summary>
/// RulesEngine's README discount workflow (five rules over two inputs) run by Microsoft RulesEngine 6.0.1 (the baseline)
/// and by the drop-in <see cref="RiskTriageRulesEngine"/>: per evaluation, and construction plus the first call.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RulesEngineBenchmarks
{
    private const string Discount = """
        {
          "WorkflowName": "Discount",
          "Rules": [
            { "RuleName": "GiveDiscount10", "SuccessEvent": "10", "ErrorMessage": "One or more adjust rules failed.",
              "Expression": "input1.country == \"india\" AND input1.loyaltyFactor <= 2 AND input1.totalPurchasesToDate >= 5000 AND input2.totalOrders > 2 AND input3.noOfVisitsPerMonth > 2" },
            { "RuleName": "GiveDiscount20", "SuccessEvent": "20", "ErrorMessage": "One or more adjust rules failed.",
              "Expression": "input1.country == \"india\" AND input1.loyaltyFactor >= 3 AND input1.totalPurchasesToDate >= 10000 AND input2.totalOrders > 2 AND input3.noOfVisitsPerMonth > 2" },
            { "RuleName": "GiveDiscount25", "SuccessEvent": "25", "ErrorMessage": "One or more adjust rules failed.",
              "Expression": "input1.country != \"india\" AND input1.loyaltyFactor >= 2 AND input1.totalPurchasesToDate >= 10000 AND input2.totalOrders > 2 AND input3.noOfVisitsPerMonth > 5" },
            { "RuleName": "GiveDiscount30", "SuccessEvent": "30", "ErrorMessage": "One or more adjust rules failed.",
              "Expression": "input1.loyaltyFactor > 3 AND input1.totalPurchasesToDate >= 50000 AND input1.totalPurchasesToDate <= 100000 AND input2.totalOrders > 5 AND input3.noOfVisitsPerMonth > 15" },
            { "RuleName": "GiveDiscount30NestedOrExample", "SuccessEvent": "30", "ErrorMessage": "One or more adjust rules failed.",
              "Expression": "(input1.loyaltyFactor > 3 AND input1.totalPurchasesToDate >= 50000) OR (input2.totalOrders > 5 AND input3.noOfVisitsPerMonth > 15)" }
          ]
        }
        """;

    private readonly object[] _inputs =
    [
        new BasicInfo("india", 3, 12_000),
        new OrderInfo(4),
        new TelemetryInfo(6),
    ];

    private global::RulesEngine.RulesEngine _reference = null!;
    private RiskTriageRulesEngine _ours = null!;

    [GlobalSetup]
    public void Setup()
    {
        _reference = new global::RulesEngine.RulesEngine([Discount]);
        _ours = new RiskTriageRulesEngine([Discount]);
        var expected = _reference.ExecuteAllRulesAsync("Discount", _inputs).AsTask().Result.Select(r => r.IsSuccess);
        var actual = _ours.ExecuteAllRulesAsync("Discount", _inputs).AsTask().Result.Select(r => r.IsSuccess);
        if (!expected.SequenceEqual(actual))
        {
            throw new InvalidOperationException("RulesEngine and RiskTriage disagree on the discount workflow");
        }
    }

    /// <summary>Microsoft RulesEngine, compiled workflow, one evaluation of the five rules.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Evaluate")]
    public List<RuleResultTree> RulesEngineEvaluate() => _reference.ExecuteAllRulesAsync("Discount", _inputs).AsTask().Result;

    /// <summary>The drop-in, compiled workflow, one evaluation of the five rules.</summary>
    [Benchmark]
    [BenchmarkCategory("Evaluate")]
    public List<RuleResultTree> RiskTriageEvaluate() => _ours.ExecuteAllRulesAsync("Discount", _inputs).Result;

    /// <summary>Microsoft RulesEngine: construct from JSON, then the first call (which compiles).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("FirstCall")]
    public List<RuleResultTree> RulesEngineConstructAndFirstCall() =>
        new global::RulesEngine.RulesEngine([Discount]).ExecuteAllRulesAsync("Discount", _inputs).AsTask().Result;

    /// <summary>The drop-in: construct from JSON (parse and check), then the first call (lower, load, compile).</summary>
    [Benchmark]
    [BenchmarkCategory("FirstCall")]
    public List<RuleResultTree> RiskTriageConstructAndFirstCall() =>
        new RiskTriageRulesEngine([Discount]).ExecuteAllRulesAsync("Discount", _inputs).Result;

    public sealed record BasicInfo(string Country, int LoyaltyFactor, int TotalPurchasesToDate);

    public sealed record OrderInfo(int TotalOrders);

    public sealed record TelemetryInfo(int NoOfVisitsPerMonth);
}
