using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RiskTriage.RulesEngine;
using RulesEngine.Models;

namespace RiskTriage.Benchmarks;

/// <summary>
/// The 10-rule discount workflow (<c>benchmarks/RulesEngine/discount-workflow.json</c>: RulesEngine's README rules plus
/// LocalParams, an <c>in</c>, <c>EndsWith</c> and an OutputExpression action) run by Microsoft RulesEngine 6.0.1 (the
/// baseline), by the drop-in <see cref="RiskTriageRulesEngine"/>, and by RiskTriage from the same rules in its own format
/// (<c>benchmarks/RulesEngine/discount-ruleset.json</c>); setup checks that all three agree on 500 generated inputs.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RulesEngineBenchmarks
{
    private const string WorkflowName = "Discount";

    private readonly object[] _inputs = DiscountInputs.Typical;
    private string _workflowJson = null!;
    private global::RulesEngine.RulesEngine _reference = null!;
    private RiskTriageRulesEngine _ours = null!;
    private TypedEvaluator<DiscountCase> _ruleSet = null!;
    private DiscountCase _case = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workflowJson = File.ReadAllText(DiscountInputs.WorkflowPath);
        _reference = new global::RulesEngine.RulesEngine([_workflowJson]);
        _ours = new RiskTriageRulesEngine([_workflowJson]);
        _ruleSet = RuleSet.Load(DiscountInputs.RuleSetPath).For<DiscountCase>();
        _case = DiscountCase.From(_inputs);
        DiscountInputs.CheckAgreement(_reference, _ours, _ruleSet, 500);
    }

    /// <summary>Microsoft RulesEngine, compiled workflow, one evaluation of the ten rules.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Evaluate")]
    public List<RuleResultTree> RulesEngineEvaluate() => _reference.ExecuteAllRulesAsync(WorkflowName, _inputs).AsTask().Result;

    /// <summary>The drop-in, compiled workflow, one evaluation of the ten rules.</summary>
    [Benchmark]
    [BenchmarkCategory("Evaluate")]
    public List<RuleResultTree> RiskTriageEvaluate() => _ours.ExecuteAllRulesAsync(WorkflowName, _inputs).Result;

    /// <summary>The same rules in RiskTriage's format, a typed case: what the drop-in costs over RiskTriage itself.</summary>
    [Benchmark]
    [BenchmarkCategory("Evaluate")]
    public Decision RiskTriageRuleSetEvaluate() => _ruleSet.Evaluate(_case);

    /// <summary>
    /// The objects <c>IRulesEngine</c> obliges any implementation to return for one evaluation of this workflow, built
    /// with no evaluation at all: the list, one <see cref="RuleResultTree"/> and one <see cref="ActionResult"/> per rule
    /// (AutoExecuteActions is on by default) and the <c>Inputs</c> dictionary (one per call, shared by the results).
    /// The floor of the drop-in's allocation.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("Evaluate")]
    public List<RuleResultTree> ObligatoryResultObjects()
    {
        var inputs = new Dictionary<string, object>(3) { ["input1"] = _inputs[0], ["input2"] = _inputs[1], ["input3"] = _inputs[2] };
        var results = new List<RuleResultTree>(10);
        for (var i = 0; i < 10; i++)
        {
            results.Add(new RuleResultTree { Inputs = inputs, ExceptionMessage = string.Empty, ActionResult = new ActionResult() });
        }

        return results;
    }

    /// <summary>Microsoft RulesEngine: construct from JSON, then the first call (which compiles).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("FirstCall")]
    public List<RuleResultTree> RulesEngineConstructAndFirstCall() =>
        new global::RulesEngine.RulesEngine([_workflowJson]).ExecuteAllRulesAsync(WorkflowName, _inputs).AsTask().Result;

    /// <summary>The drop-in: construct from JSON (parse and check), then the first call (lower, load, compile).</summary>
    [Benchmark]
    [BenchmarkCategory("FirstCall")]
    public List<RuleResultTree> RiskTriageConstructAndFirstCall() =>
        new RiskTriageRulesEngine([_workflowJson]).ExecuteAllRulesAsync(WorkflowName, _inputs).Result;
}
