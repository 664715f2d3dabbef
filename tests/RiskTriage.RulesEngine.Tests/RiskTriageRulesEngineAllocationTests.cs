using RulesEngine.Models;
using RiskTriage.Shared;

namespace RiskTriage.RulesEngine.Tests;

/// <summary>
/// What one call allocates, counted on the calling thread (exact, not timed): the results <c>IRulesEngine</c> obliges
/// (the list, a <see cref="RuleResultTree"/> and an <see cref="ActionResult"/> per rule, the <c>Inputs</c> dictionary)
/// and an action's boxed output, and nothing per call for evaluating (each thread evaluates into its own reused case and
/// decision), finding the compiled workflow or filling its messages; and that the reused state never leaks between
/// concurrent or nested calls.
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

    // Above the obligatory result objects: an action's boxed output (24 B) and what the rule set's compiled evaluation
    // allocates inside in a test run (96 B on the README workflow, 192 B on the 10-rule one, measured; nothing in
    // BenchmarkDotNet's steady state, where the drop-in's call is exactly the obligatory 1,312 B). A call that made its
    // own decision and case object (about 290 B) or an intermediate action result would not fit.
    private const int Margin = 224;

    // A rule that fails with an error message, a real-valued action amount and a third rule, all from one input.
    private const string Amounts = """
        { "WorkflowName": "Amounts", "Rules": [
            { "RuleName": "Even", "ErrorMessage": "odd: $(input1.loyaltyFactor)", "Expression": "input1.loyaltyFactor % 2 == 0" },
            { "RuleName": "Amount", "Expression": "true", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "input1.loyaltyFactor * 0.5" } } } },
            { "RuleName": "Third", "Expression": "input1.loyaltyFactor % 3 == 0" } ] }
        """;

    private readonly object[] _inputs = [new BasicInfo("india", 3, 12_000), new OrderInfo(4), new TelemetryInfo(6)];

    [Fact]
    public async Task A_repeated_call_allocates_its_results_and_one_evaluation_nothing_more()
    {
        var engine = new RiskTriageRulesEngine([Discount]);
        var first = await engine.ExecuteAllRulesAsync("Discount", _inputs);
        Assert.Equal([false, true, false, false, false], first.Select(r => r.IsSuccess));
        Assert.Equal("One or more adjust rules failed.", first[0].ExceptionMessage);

        var perCall = Allocated(() => engine.ExecuteAllRulesAsync("Discount", _inputs));

        Assert.InRange(perCall, 0, Obligatory(ruleCount: 5, inputCount: 3) + Margin);
    }

    [Fact]
    public async Task A_call_of_the_ten_rule_benchmark_workflow_allocates_its_results_and_the_action_amount_nothing_more()
    {
        var engine = new RiskTriageRulesEngine([File.ReadAllText(Path.Combine(RepositoryRoot.Path, "benchmarks", "RulesEngine", "discount-workflow.json"))]);
        object[] inputs = [new CustomerInfo("india", 3, 12_000, "asha@contoso.com"), new OrderInfo(4), new TelemetryInfo(6)];
        var first = await engine.ExecuteAllRulesAsync("Discount", inputs);
        Assert.Equal([false, true, false, false, false, false, false, true, true, false], first.Select(r => r.IsSuccess));
        Assert.Equal(600.0, first[8].ActionResult.Output);

        var perCall = Allocated(() => engine.ExecuteAllRulesAsync("Discount", inputs));

        Assert.InRange(perCall, 0, Obligatory(ruleCount: 10, inputCount: 3) + Margin);
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

        Assert.InRange(perPair, 0, Obligatory(ruleCount: 5, inputCount: 3) + Obligatory(ruleCount: 1, inputCount: 1) + (2 * Margin));
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

    [Fact]
    public void Threads_calling_one_engine_with_different_inputs_each_get_their_own_results()
    {
        var engine = new RiskTriageRulesEngine([Amounts]);
        const int Threads = 8;
        const int Calls = 2_000;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            for (var call = 0; call < Calls && failures.IsEmpty; call++)
            {
                var loyalty = (t * Calls) + call;
                var results = engine.ExecuteAllRulesAsync("Amounts", [new LoyaltyInfo(loyalty)]).Result;
                var expected = (loyalty % 2 == 0, loyalty * 0.5, (loyalty % 3) == 0);
                var actual = (results[0].IsSuccess, results[1].ActionResult.Output, results[2].IsSuccess);
                if (!actual.Equals((expected.Item1, (object)expected.Item2, expected.Item3)) || (loyalty % 2 == 0) != (results[0].ExceptionMessage.Length == 0))
                {
                    failures.Enqueue($"thread {t}, loyalty {loyalty}: expected {expected}, got {actual} '{results[0].ExceptionMessage}'");
                }
            }
        })).ToList();

        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Empty(failures);
    }

    [Fact]
    public async Task An_EvaluateRule_action_into_the_same_workflow_leaves_the_calling_evaluation_intact()
    {
        // Rule "First" runs rule "Third" of the same workflow, same inputs, while the outer call is still reading its
        // results: the nested call must not reuse or clear the outer call's evaluation ("Second" and "Third" follow it).
        var workflow = new Workflow
        {
            WorkflowName = "Nested",
            Rules =
            [
                new Rule
                {
                    RuleName = "First", Expression = "input1.loyaltyFactor >= 2", RuleExpressionType = RuleExpressionType.LambdaExpression,
                    Actions = new RuleActions { OnSuccess = new ActionInfo { Name = "EvaluateRule", Context = new Dictionary<string, object> { ["workflowName"] = "Nested", ["ruleName"] = "Third" } } },
                },
                new Rule { RuleName = "Second", Expression = "input1.loyaltyFactor >= 3", RuleExpressionType = RuleExpressionType.LambdaExpression },
                new Rule
                {
                    RuleName = "Third", Expression = "input1.loyaltyFactor >= 1", RuleExpressionType = RuleExpressionType.LambdaExpression,
                    Actions = new RuleActions { OnSuccess = new ActionInfo { Name = "OutputExpression", Context = new Dictionary<string, object> { ["Expression"] = "input1.loyaltyFactor * 1.5" } } },
                },
            ],
        };
        var engine = new RiskTriageRulesEngine([workflow]);
        var reference = new global::RulesEngine.RulesEngine([workflow]);
        object[] inputs = [new LoyaltyInfo(4)];

        for (var i = 0; i < 3; i++)
        {
            var ours = await engine.ExecuteAllRulesAsync("Nested", inputs);
            var theirs = await reference.ExecuteAllRulesAsync("Nested", inputs);
            Assert.Equal([true, true, true], ours.Select(r => r.IsSuccess));
            Assert.Equal(theirs.Select(r => (r.IsSuccess, r.ActionResult.Output)), ours.Select(r => (r.IsSuccess, r.ActionResult.Output)));
            Assert.Equal(6.0, ours[0].ActionResult.Output);
        }
    }

    [Fact]
    public async Task A_call_made_from_inside_an_evaluation_neither_sees_nor_disturbs_the_outer_one()
    {
        var engine = new RiskTriageRulesEngine([Loyalty]);
        var reentrant = new ReentrantLoyalty(5, engine);
        var outer = await engine.ExecuteAllRulesAsync("Loyalty", [reentrant]);

        // The nested call ran with its own inputs (loyalty 1: not loyal) while the outer evaluation read loyalty 5.
        Assert.NotNull(reentrant.Nested);
        Assert.False(reentrant.Nested![0].IsSuccess);
        Assert.True(outer[0].IsSuccess);
        Assert.Equal(1, ((ReentrantLoyalty)reentrant.Nested[0].Inputs["input1"]).LoyaltyFactor);
        Assert.Same(reentrant, outer[0].Inputs["input1"]);
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

    public sealed record CustomerInfo(string Country, int LoyaltyFactor, int TotalPurchasesToDate, string Email);

    /// <summary>An input whose property, read during the evaluation, calls the same engine with other inputs (once).</summary>
    public sealed class ReentrantLoyalty(int loyaltyFactor, RiskTriageRulesEngine? engine)
    {
        public List<RuleResultTree>? Nested { get; private set; }

        public int LoyaltyFactor
        {
            get
            {
                if (engine is not null && Nested is null)
                {
                    Nested = engine.ExecuteAllRulesAsync("Loyalty", [new ReentrantLoyalty(1, null)]).Result;
                }

                return loyaltyFactor;
            }
        }
    }
}
