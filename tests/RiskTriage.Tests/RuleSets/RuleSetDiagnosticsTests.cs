using RiskTriage.Diagnostics;

namespace RiskTriage.Tests.RuleSets;

/// <summary>What a policy author sees when a rule set is wrong: every mistake at once, each at its line and column.</summary>
public sealed class RuleSetDiagnosticsTests
{
    private const string FiveMistakes = """
        {
          "ruleSet": { "name": "five", "version": "1" },
          "inputs": { "age": "number", "risk": { "type": "string", "enum": ["LOW", "HIGH"] } },
          "parameters": { "limit": 18 },
          "values": { "adult": "age >= limt" },
          "tables": {
            "grading": {
              "hitPolicy": "FRIST",
              "inputs": [ "risk" ],
              "outputs": { "grade": "string" },
              "rows": [ { "id": "high", "when": ["HIHG"], "then": { "grade": "A" } } ]
            }
          },
          "rules": [ { "id": "r1", "when": "age + 1", "priorty": 2, "then": [] } ],
          "outputs": { "grade": "string" }
        }
        """;

    [Fact]
    public void A_rule_file_with_five_different_mistakes_reports_all_five_at_their_lines_and_columns()
    {
        var diagnostics = RuleSetSources.Errors(FiveMistakes).Where(d => d.IsError).ToList();

        Assert.Equal(
            [
                ("RT0201", 5, 32), // unknown name 'limt' inside the expression
                ("RT0311", 8, 20), // unknown hit policy
                ("RT0317", 11, 42), // "HIHG" is not a value of the risk column
                ("RT0209", 14, 37), // a condition that gives a number
                ("RT0305", 14, 47), // unknown property 'priorty'
            ],
            diagnostics.Select(d => (d.Code, d.Location.Line, d.Location.Column)));
        Assert.All(diagnostics, d => Assert.Equal("rules.json", d.Location.File));
    }

    [Fact]
    public void The_same_mistakes_in_a_CRLF_file_are_at_the_same_places()
    {
        var lf = RuleSetSources.Errors(FiveMistakes.Replace("\r\n", "\n", StringComparison.Ordinal));
        var crlf = RuleSetSources.Errors(FiveMistakes.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(lf.Select(d => (d.Code, d.Location)), crlf.Select(d => (d.Code, d.Location)));
    }

    [Fact]
    public void A_diagnostic_renders_as_file_line_column_code_and_message_then_the_line_and_a_caret()
    {
        var files = RuleSetSources.One(FiveMistakes);
        var diagnostic = RuleSetSources.Errors(files).First(d => d.IsError);

        var rendered = diagnostic.Render(RuleSetSources.Line(files, diagnostic.Location.File, diagnostic.Location.Line));

        Assert.Equal(
            "rules.json(5,32): error RT0201: " + diagnostic.Message + "\n" +
            "  \"values\": { \"adult\": \"age >= limt\" },\n" +
            "                               ^^^^",
            rendered);
        Assert.Contains("'limt'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'limit'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("rules.json(5,32): error RT0201: " + diagnostic.Message, diagnostic.ToString());
        Assert.Equal(diagnostic.ToString(), diagnostic.Render(null));
        Assert.Equal("values.adult", diagnostic.JsonPath);
    }

    [Fact]
    public void Render_keeps_the_caret_on_the_line_when_the_span_runs_past_it()
    {
        var files = RuleSetSources.One("{ \"ruleSet\": { \"name\": \"x\", \"version\": \"1\" }, \"values\": { \"v\": \"1 +\" } }");
        var diagnostic = Assert.Single(RuleSetSources.Errors(files), d => d.IsError);
        var line = RuleSetSources.Line(files, "rules.json", 1)!;

        var caretLine = diagnostic.Render(line).Split('\n')[2];

        Assert.True(caretLine.Length <= line.Length, caretLine);
        Assert.EndsWith("^", caretLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_throws_one_exception_listing_every_error()
    {
        var exception = Assert.Throws<RuleSetException>(() => RuleSet.LoadFromSources(RuleSetSources.One(FiveMistakes)));

        Assert.Equal(5, exception.Diagnostics.Count(d => d.IsError));
        Assert.StartsWith("The rule set has 5 error(s):", exception.Message, StringComparison.Ordinal);
        Assert.Contains("rules.json(11,42): error RT0317", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_reports_instead_of_throwing_and_sorts_by_file_then_position()
    {
        var folder = Path.Combine(GoldenRuleSetTests.GoldenDirectory, "duplicate-across-modules");

        Assert.False(RuleSet.TryLoad(folder, out var ruleSet, out var diagnostics));

        Assert.Null(ruleSet);
        var order = diagnostics.Select(d => (d.Location.File!, d.Location.Line, d.Location.Column)).ToList();
        Assert.Equal(order.OrderBy(o => o.Item1, StringComparer.Ordinal).ThenBy(o => o.Line).ThenBy(o => o.Column), order);
        Assert.Contains(diagnostics, d => d.Location.File == "scoring.json");
        Assert.Contains(diagnostics, d => d.Location.File == "tables.json");
    }

    [Fact]
    public void Warnings_do_not_stop_a_rule_set_loading_and_are_kept()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "age": { "type": "number", "required": true, "default": 1 } },
            "outputs": { "age": "number", "never": "string" }
            }
            """);

        Assert.Equal(["RT0320", "RT0323"], ruleSet.Warnings.Select(w => w.Code));
        Assert.All(ruleSet.Warnings, w => Assert.Equal(DiagnosticSeverity.Warning, w.Severity));
        Assert.All(ruleSet.Warnings, w => Assert.StartsWith("rules.json(", w.ToString(), StringComparison.Ordinal));
        Assert.Contains(": warning RT0323: ", ruleSet.Warnings[1].ToString(), StringComparison.Ordinal);
    }
}
