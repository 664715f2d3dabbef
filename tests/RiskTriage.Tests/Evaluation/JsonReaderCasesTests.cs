using Newtonsoft.Json;

namespace RiskTriage.Tests.Evaluation;

public sealed class JsonReaderCasesTests
{
    [Fact]
    public void A_reader_can_step_through_the_cases_of_a_json_array()
    {
        var ruleSet = RuleSet.Load(TestPaths.TestRuleSet("example"));
        using var reader = new JsonTextReader(new StringReader("""
            [ {"caseId":"a","asOfDate":"2026-06-09","age":20},
              {"caseId":"b","asOfDate":"2026-06-09","age":"old"},
              {"caseId":"c","asOfDate":"2026-06-09","age":40} ]
            """));
        var decisions = new List<Decision>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonToken.StartObject)
            {
                decisions.Add(ruleSet.Evaluate(reader));
            }
        }

        Assert.Equal(["a", "b", "c"], decisions.Select(d => d.CaseId));
        Assert.Equal([DecisionStatus.ReviewRequired, DecisionStatus.Invalid, DecisionStatus.ReviewRequired], decisions.Select(d => d.Status));
    }
}
