using System.Text.Json;
using RulesEngine.Models;

namespace RiskTriage.RulesEngine.Tests;

/// <summary>
/// Workflow JSON is read with source-generated System.Text.Json metadata; RulesEngine reads it with reflection and the
/// default options. Both must give the same model for every field of it.
/// </summary>
public sealed class WorkflowJsonTests
{
    private const string EveryField = """
        {
          "WorkflowName": "Every",
          "WorkflowsToInject": ["Other"],
          "RuleExpressionType": 0,
          "GlobalParams": [ { "Name": "g", "Expression": "input1.Age * 2" } ],
          "Rules": [
            { "RuleName": "nested", "Operator": "OrElse", "Enabled": true, "ErrorMessage": "failed $(input1.Age)",
              "Properties": { "owner": "team", "weight": 2.5, "tags": ["a", "b"], "inner": { "x": null } },
              "Rules": [
                { "RuleName": "child", "Expression": "g > 3", "RuleExpressionType": "LambdaExpression", "SuccessEvent": "yes",
                  "LocalParams": [ { "Name": "l", "Expression": "input1.Age + 1" } ] },
                { "RuleName": "off", "Expression": "true", "Enabled": false }
              ],
              "Actions": {
                "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "input1.Age * 0.5" } },
                "OnFailure": { "Name": "EvaluateRule", "Context": { "WorkflowName": "Other", "RuleName": "r", "count": 3, "flag": true } }
              } }
          ]
        }
        """;

    [Fact]
    public void Every_field_reads_as_RulesEngine_reads_it()
    {
        AssertSameAsRulesEngine(EveryField);
    }

    [Fact]
    public void Every_corpus_workflow_reads_as_RulesEngine_reads_it()
    {
        foreach (var workflow in Corpus.Workflows)
        {
            AssertSameAsRulesEngine(JsonSerializer.Serialize(workflow));
        }
    }

    [Fact]
    public void The_obsolete_WorkflowRulesToInject_reads_as_in_RulesEngine()
    {
        AssertSameAsRulesEngine("""{ "WorkflowName": "Old", "WorkflowRulesToInject": ["Other"], "Rules": [ { "RuleName": "r", "Expression": "true" } ] }""");
    }

    [Fact]
    public void Text_that_is_not_a_workflow_is_a_problem_at_its_position_as_before()
    {
        var problems = new List<WorkflowProblem>();

        Assert.Null(WorkflowJson.Read("{ \"WorkflowName\": \"W\",\n  \"Rules\": [ { \"RuleName\": 3 } ] }", "workflow 1", problems, out _));

        var problem = Assert.Single(problems);
        Assert.Equal(2, problem.Line);
    }

    private static void AssertSameAsRulesEngine(string json)
    {
        var expected = JsonSerializer.Deserialize<Workflow>(json);
        var problems = new List<WorkflowProblem>();
        var actual = WorkflowJson.Read(json, "workflow 1", problems, out _);

        Assert.Empty(problems);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
    }
}
