namespace RiskTriage.RulesEngine.Tests;

/// <summary>The importer's conversion: every corpus workflow becomes a rule set that loads (what <c>validate</c> checks).</summary>
public sealed class WorkflowConversionTests
{
    [Fact]
    public void Every_corpus_workflow_converts_to_a_rule_set_that_loads()
    {
        var converted = 0;
        foreach (var workflow in Corpus.Workflows)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(workflow);
            var problems = new List<WorkflowProblem>();
            var lowered = WorkflowConversion.Convert(json, workflow.WorkflowName, [("input1", typeof(Customer)), ("input2", typeof(Visit))], problems, out _);

            Assert.True(lowered is not null, $"{workflow.WorkflowName}: {string.Join("; ", problems)}");
            var ruleSet = RuleSet.LoadFromSources(new Dictionary<string, string> { ["ruleset.json"] = lowered!.RuleSetJson });
            Assert.Contains(lowered.Rules[0].Key, ruleSet.OutputNames);
            converted++;
        }

        Assert.Equal(Corpus.Workflows.Length, converted);
    }

    [Fact]
    public void An_unknown_member_is_listed_with_line_and_column_and_nothing_is_converted()
    {
        const string json = "{\"WorkflowName\":\"W\",\"Rules\":[{\"RuleName\":\"a\",\"Expression\":\"input1.countri == \\\"india\\\"\"}]}";
        var problems = new List<WorkflowProblem>();

        var lowered = WorkflowConversion.Convert(json, "W", [("input1", typeof(Customer))], problems, out _);

        Assert.Null(lowered);
        var problem = Assert.Single(problems);
        Assert.Equal((1, 60), (problem.Line, problem.Column));
        Assert.Contains("did you mean 'Country'", problem.Message);
    }

    [Fact]
    public void An_EvaluateRule_action_is_listed_rather_than_dropped_and_a_SuccessEvent_becomes_an_output()
    {
        const string json = """
            { "WorkflowName": "W", "Rules": [
              { "RuleName": "a", "Expression": "input1.Age > 1", "SuccessEvent": "ten" },
              { "RuleName": "b", "Expression": "true", "Actions": { "OnSuccess": { "Name": "EvaluateRule", "Context": { "workflowName": "X", "ruleName": "y" } } } } ] }
            """;
        var problems = new List<WorkflowProblem>();

        Assert.Null(WorkflowConversion.Convert(json, "W", [("input1", typeof(Customer))], problems, out _));
        Assert.Contains("EvaluateRule", Assert.Single(problems).Message);

        var lowered = WorkflowConversion.Convert(json.Replace("EvaluateRule", "OutputExpression").Replace("\"workflowName\": \"X\", \"ruleName\": \"y\"", "\"Expression\": \"1\""), "W", [("input1", typeof(Customer))], problems = [], out _);
        var ruleSet = RuleSet.LoadFromSources(new Dictionary<string, string> { ["ruleset.json"] = lowered!.RuleSetJson });
        Assert.Equal("ten", ruleSet.Evaluate("""{"input1":{"Age":2}}""")["a__successEvent"].AsString);
        Assert.True(ruleSet.Evaluate("""{"input1":{"Age":0}}""")["a__successEvent"].IsMissing);
    }
}
