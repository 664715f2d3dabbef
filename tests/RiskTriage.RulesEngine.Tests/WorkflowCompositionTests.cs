using RulesEngine.Models;
using ReEngine = RulesEngine.RulesEngine;

namespace RiskTriage.RulesEngine.Tests;

/// <summary>
/// What spans workflows, against RulesEngine on random inputs: WorkflowsToInject, the EvaluateRule action and
/// ExecuteActionWorkflowAsync.
/// </summary>
public sealed class WorkflowCompositionTests
{
    private const string Workflows = """
        [
          { "WorkflowName": "Base", "Rules": [
              { "RuleName": "old", "Expression": "input1.Age > 5", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "input1.Age * 10" } } } },
              { "RuleName": "spender", "Expression": "input1.Spend >= 2", "ErrorMessage": "spend $(input1.Spend)" } ] },
          { "WorkflowName": "Main", "WorkflowsToInject": [ "Base" ], "Rules": [
              { "RuleName": "active", "Expression": "input1.Active",
                "Actions": { "OnSuccess": { "Name": "EvaluateRule", "Context": { "workflowName": "Base", "ruleName": "old" } } } } ] }
        ]
        """;

    [Fact]
    public async Task Injected_workflows_and_actions_give_the_same_results_as_RulesEngine()
    {
        var reference = new ReEngine(Parse());
        var ours = new RiskTriageRulesEngine(Parse());
        var generator = new InputGenerator(11);
        var comparisons = 0;
        for (var i = 0; i < 1000; i++)
        {
            var customer = generator.Customer();
            var differences = new List<string>();
            comparisons += ResultComparer.Compare(await reference.ExecuteAllRulesAsync("Main", customer), await ours.ExecuteAllRulesAsync("Main", customer), "Main", differences);

            var parameters = new[] { new RuleParameter("input1", customer) };
            var expected = await reference.ExecuteActionWorkflowAsync("Base", "old", parameters);
            var actual = await ours.ExecuteActionWorkflowAsync("Base", "old", parameters);
            Assert.Equal(expected.Output, actual.Output);
            comparisons += 1 + ResultComparer.Compare(expected.Results, actual.Results, "action", differences);
            Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
        }

        Assert.True(comparisons > 10_000, $"{comparisons} comparisons");
    }

    private static Workflow[] Parse() => System.Text.Json.JsonSerializer.Deserialize<Workflow[]>(Workflows)!;
}
