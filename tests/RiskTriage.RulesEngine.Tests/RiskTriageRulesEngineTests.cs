using System.Dynamic;
using Newtonsoft.Json.Linq;
using RulesEngine.Models;
using ReEngine = RulesEngine.RulesEngine;

namespace RiskTriage.RulesEngine.Tests;

public sealed class RiskTriageRulesEngineTests
{
    // RulesEngine's README discount workflow, with its two inputs.
    private const string Discount = """
        {
          "WorkflowName": "Discount",
          "Rules": [
            {
              "RuleName": "GiveDiscount10",
              "SuccessEvent": "10",
              "ErrorMessage": "One or more adjust rules failed.",
              "RuleExpressionType": "LambdaExpression",
              "Expression": "input1.country == \"india\" AND input1.loyaltyFactor <= 2 AND input1.totalPurchasesToDate >= 5000"
            },
            {
              "RuleName": "GiveDiscount20",
              "SuccessEvent": "20",
              "ErrorMessage": "One or more adjust rules failed.",
              "RuleExpressionType": "LambdaExpression",
              "Expression": "input1.country == \"india\" AND input1.loyaltyFactor >= 3 AND input1.totalPurchasesToDate >= 10000"
            }
          ]
        }
        """;

    [Fact]
    public void Constructs_outside_the_subset_are_all_reported_at_construction_with_line_and_column()
    {
        const string json = """
            {
              "WorkflowName": "Bad",
              "Rules": [
                { "RuleName": "projection", "Expression": "new (input1.a as x)" },
                { "RuleName": "clock", "Expression": "input1.when < DateTime.Now" },
                { "RuleName": "select", "Expression": "input1.items.Select(i => i.x).Any()" },
                { "RuleName": "custom", "Expression": "true", "Actions": { "OnSuccess": { "Name": "SendMail", "Context": {} } } }
              ]
            }
            """;

        var error = Assert.Throws<RulesEngineWorkflowException>(() => new RiskTriageRulesEngine([json]));

        Assert.Equal(4, error.Problems.Count);
        Assert.Equal(["projection", "clock", "select", "custom"], error.Problems.Select(p => p.Rule));
        var projection = error.Problems[0];
        Assert.Equal((4, 48), (projection.Line, projection.Column));
        Assert.Contains("'new'", projection.Message);
        Assert.Contains("DateTime", error.Problems[1].Message);
        Assert.Equal(5, error.Problems[1].Line);
        Assert.Contains("'Select'", error.Problems[2].Message);
        Assert.Contains("SendMail", error.Problems[3].Message);
    }

    [Fact]
    public async Task A_misspelt_member_is_an_error_naming_the_rule_and_the_nearest_member_not_a_silent_failure()
    {
        var workflow = Workflow("Typo", "input1.countri == \"india\"");
        var engine = new RiskTriageRulesEngine([workflow]);

        var error = await Assert.ThrowsAsync<RulesEngineWorkflowException>(async () => await engine.ExecuteAllRulesAsync("Typo", new Customer()));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("r", problem.Rule);
        Assert.Contains("did you mean 'Country'", problem.Message);
    }

    [Fact]
    public async Task The_README_discount_workflow_gives_RulesEngines_results_for_ExpandoObject_dictionary_and_JObject_inputs()
    {
        var reference = new ReEngine([Discount]);
        var ours = new RiskTriageRulesEngine([Discount]);
        var random = new Random(7);
        var compared = 0;
        for (var i = 0; i < 200; i++)
        {
            var country = random.Next(3) switch { 0 => "india", 1 => "usa", _ => "India" };
            var loyalty = random.Next(0, 5);
            var total = random.Next(0, 15) * 1000;
            dynamic expando = new ExpandoObject();
            expando.country = country;
            expando.loyaltyFactor = loyalty;
            expando.totalPurchasesToDate = total;
            var dictionary = new Dictionary<string, object> { ["country"] = country, ["loyaltyFactor"] = loyalty, ["totalPurchasesToDate"] = total };
            var json = new JObject { ["country"] = country, ["loyaltyFactor"] = loyalty, ["totalPurchasesToDate"] = total };

            var expected = await reference.ExecuteAllRulesAsync("Discount", (object)expando);
            foreach (var input in new object[] { expando, dictionary, json })
            {
                var actual = await ours.ExecuteAllRulesAsync("Discount", input);
                Assert.Equal(expected.Select(r => (r.IsSuccess, r.ExceptionMessage)), actual.Select(r => (r.IsSuccess, r.ExceptionMessage)));
                compared++;
            }
        }

        Assert.Equal(600, compared);
    }

    [Fact]
    public async Task Records_and_named_rule_parameters_are_bound_by_name()
    {
        var workflow = new Workflow
        {
            WorkflowName = "Named",
            Rules = [new Rule { RuleName = "r", Expression = "visit.Count > 2 && customer.Age >= visit.Count", RuleExpressionType = RuleExpressionType.LambdaExpression }],
        };
        var engine = new RiskTriageRulesEngine([workflow]);
        var reference = new ReEngine([workflow]);
        var parameters = new[] { new RuleParameter("visit", new Visit(3, 1, null)), new RuleParameter("customer", new Customer { Age = 4 }) };

        var actual = await engine.ExecuteAllRulesAsync("Named", parameters);
        var expected = await reference.ExecuteAllRulesAsync("Named", parameters);

        Assert.True(actual[0].IsSuccess);
        Assert.Equal(expected[0].IsSuccess, actual[0].IsSuccess);
    }

    [Fact]
    public void Workflows_are_managed_as_in_RulesEngine()
    {
        var engine = new RiskTriageRulesEngine([Workflow("A", "input1.Age > 1")]);
        engine.AddOrUpdateWorkflow(Workflow("B", "input1.Age > 2"));

        Assert.Throws<RulesEngineWorkflowException>(() => engine.AddWorkflow(Workflow("A", "input1.Age > 3")));
        Assert.Equal(["A", "B"], engine.GetAllRegisteredWorkflowNames().Order());
        engine.RemoveWorkflow("A");
        Assert.False(engine.ContainsWorkflow("A"));
        engine.ClearWorkflows();
        Assert.Empty(engine.GetAllRegisteredWorkflowNames());
    }

    [Fact]
    public async Task The_rule_set_a_workflow_runs_as_is_a_RiskTriage_rule_set_with_an_output_per_rule()
    {
        var engine = new RiskTriageRulesEngine([Discount]);
        var ruleSet = engine.GetRuleSet("Discount", ("input1", typeof(DiscountCustomer)));

        Assert.Contains("GiveDiscount10", ruleSet.OutputNames);
        Assert.Contains("GiveDiscount20", ruleSet.OutputNames);
    }

    public sealed record DiscountCustomer(string Country, int LoyaltyFactor, int TotalPurchasesToDate);

    private static Workflow Workflow(string name, string expression) => new()
    {
        WorkflowName = name,
        Rules = [new Rule { RuleName = "r", Expression = expression, RuleExpressionType = RuleExpressionType.LambdaExpression }],
    };
}
