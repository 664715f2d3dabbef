using RulesEngine.Models;

namespace RiskTriage.RulesEngine.Tests;

/// <summary>
/// What one call allocates, counted on the calling thread (exact, not timed): the results <c>IRulesEngine</c> obliges
/// (the list, a <see cref="RuleResultTree"/> and an <see cref="ActionResult"/> per rule, the <c>Inputs</c> dictionary)
/// and the evaluation's own decision, and nothing per call for finding the compiled workflow or filling its messages.
/// </summary>
public sealed class RiskTriageRulesEngineAllocationTests
{
    // RulesEngine's README discount workflow over three inputs: every rule has an ErrorMessage and most fail.
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

    // A second workflow over other input types, run in turn with the first.
    private const string Loyalty = """
        { "WorkflowName": "Loyalty", "Rules": [ { "RuleName": "Loyal", "ErrorMessage": "not loyal", "Expression": "input1.loyaltyFactor >= 2" } ] }
        """;

    // The decision a RiskTriage evaluation returns (object, output values, outputs view) and the case object the
    // parameters are bound into: the evaluation's own allocation, above the obligatory result objects.
    private const int EvaluationAllowance = 400;

    private readonly object[] _inputs = [new BasicInfo("india", 3, 12_000), new OrderInfo(4), new TelemetryInfo(6)];

    [Fact]
    public async Task A_repeated_call_allocates_its_results_and_one_evaluation_nothing_more()
    {
        var engine = new RiskTriageRulesEngine([Discount]);
        var first = await engine.ExecuteAllRulesAsync("Discount", _inputs);
        Assert.Equal([false, true, false, false, false], first.Select(r => r.IsSuccess));
        Assert.Equal("One or more adjust rules failed.", first[0].ExceptionMessage);

        var perCall = Allocated(() => engine.ExecuteAllRulesAsync("Discount", _inputs));

        Assert.InRange(perCall, 0, Obligatory(ruleCount: 5, inputCount: 3) + EvaluationAllowance);
    }

    [Fact]
    public async Task Workflows_run_in_turn_find_their_compiled_form_without_allocating()
    {
        var engine = new RiskTriageRulesEngine([Discount, Loyalty]);
        object[] loyaltyInputs = [new LoyaltyInfo(2)];
        Assert.True((await engine.ExecuteAllRulesAsync("Loyalty", loyaltyInputs))[0].IsSuccess);

        var perPair = Allocated(() =>
        {
            engine.ExecuteAllRulesAsync("Discount", _inputs);
            engine.ExecuteAllRulesAsync("Loyalty", loyaltyInputs);
        });

        Assert.InRange(perPair, 0, Obligatory(ruleCount: 5, inputCount: 3) + Obligatory(ruleCount: 1, inputCount: 1) + (2 * EvaluationAllowance));
    }

    [Fact]
    public async Task A_workflow_changed_after_it_compiled_runs_as_changed_and_so_does_a_workflow_that_injects_it()
    {
        var engine = new RiskTriageRulesEngine([Loyalty]);
        engine.AddWorkflow(new Workflow { WorkflowName = "Outer", WorkflowsToInject = ["Loyalty"], Rules = [] });
        object[] inputs = [new LoyaltyInfo(2)];
        Assert.True((await engine.ExecuteAllRulesAsync("Loyalty", inputs))[0].IsSuccess);
        Assert.True((await engine.ExecuteAllRulesAsync("Outer", inputs))[0].IsSuccess);

        engine.AddOrUpdateWorkflow(new Workflow
        {
            WorkflowName = "Loyalty",
            Rules = [new Rule { RuleName = "Loyal", Expression = "input1.loyaltyFactor >= 3", RuleExpressionType = RuleExpressionType.LambdaExpression }],
        });

        Assert.False((await engine.ExecuteAllRulesAsync("Loyalty", inputs))[0].IsSuccess);
        Assert.False((await engine.ExecuteAllRulesAsync("Outer", inputs))[0].IsSuccess);
    }

    /// <summary>Bytes per run of <paramref name="action"/> on this thread, after a warm-up (averaged over many runs).</summary>
    private static long Allocated(Action action)
    {
        const int Runs = 1_000;
        for (var i = 0; i < 50; i++)
        {
            action();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Runs; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Runs;
    }

    /// <summary>What the interface obliges for one call, measured by building exactly those objects.</summary>
    private static long Obligatory(int ruleCount, int inputCount)
    {
        var values = Enumerable.Range(1, inputCount).Select(i => ($"input{i}", new object())).ToArray();
        return Allocated(() =>
        {
            var inputs = new Dictionary<string, object>(inputCount);
            foreach (var (name, value) in values)
            {
                inputs[name] = value;
            }

            var results = new List<RuleResultTree>(ruleCount);
            for (var i = 0; i < ruleCount; i++)
            {
                results.Add(new RuleResultTree { Inputs = inputs, ExceptionMessage = string.Empty, ActionResult = new ActionResult() });
            }

            GC.KeepAlive(results);
        });
    }

    public sealed record BasicInfo(string Country, int LoyaltyFactor, int TotalPurchasesToDate);

    public sealed record OrderInfo(int TotalOrders);

    public sealed record TelemetryInfo(int NoOfVisitsPerMonth);

    public sealed record LoyaltyInfo(int LoyaltyFactor);
}
