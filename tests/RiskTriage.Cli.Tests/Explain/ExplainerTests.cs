using RiskTriage.Cli.Explain;
using RiskTriage.Cli.Input;

namespace RiskTriage.Cli.Tests.Explain;

/// <summary>The explanation reads the rule set's checked definition, so it shows what the rule set evaluates, not what a file once said.</summary>
public class ExplainerTests
{
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["rules.json"] = """
            {
              "ruleSet": { "name": "test", "version": "1" },
              "inputs": { "n": "number" },
              "parameters": { "limit": { "value": 10 } },
              "tables": {
                "grade": {
                  "hitPolicy": "FIRST", "inputs": ["n"],
                  "outputs": { "g": "string", "cap": "number" },
                  "rows": [ { "id": "any", "when": ["-"], "then": { "g": "G", "cap": { "expr": "limit" } } } ]
                }
              },
              "outputs": { "over": { "type": "bool", "value": "n > limit" }, "g": "string" }
            }
            """,
    };

    private static string Explain(RuleSetOptions? options = null)
    {
        var ruleSet = RuleSet.LoadFromSources(Files, options);
        const string Case = """{ "caseId": "c1", "n": 15 }""";
        var decision = ruleSet.Evaluate(Case, TraceDetail.Full);
        var text = new StringWriter();
        new Explainer(ruleSet, decision, RuleSetOutline.Read(ruleSet), CaseFields.TryParse(Case)).Write(text);
        return text.ToString().ReplaceLineEndings("\n");
    }

    [Fact]
    public void A_parameter_is_shown_with_the_value_the_rule_set_was_loaded_with()
    {
        var text = Explain(new RuleSetOptions { Parameters = new Dictionary<string, object?> { ["limit"] = 20.0 } });

        Assert.Contains("  over = false\n      = n > limit\n      where n = 15, limit = 20\n", text);
        Assert.Contains("grade  row any  n = 15  ->  g = G, cap = 20\n", text);
    }

    [Fact]
    public void A_table_row_shows_the_values_it_sets()
    {
        var text = Explain();

        Assert.Contains("  over = true\n      = n > limit\n      where n = 15, limit = 10\n", text);
        Assert.Contains("grade  row any  n = 15  ->  g = G, cap = 10\n", text);
    }
}
