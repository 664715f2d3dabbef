using RiskTriage.Diagnostics;

namespace RiskTriage.Tests.Checking;

/// <summary>
/// Valid cases that no row of a table matches, while an output has no default, are warned about (RT0331) with examples;
/// "default": null says the gap is intended; values outside an input's declared range are no gap; nothing unprovable is said.
/// </summary>
public sealed class TableGapTests
{
    private const string Level = "\"level\": { \"type\": \"string\", \"enum\": [\"LOW\", \"MEDIUM\", \"HIGH\"] }, \"flag\": \"bool\"";

    private static IReadOnlyList<Diagnostic> Gaps(string inputs, string table, string outputType = "number") =>
        RuleSetSources.Load("{" + RuleSetSources.Header + "\"inputs\": {" + inputs + "}, \"tables\": { \"t\": " + table + " }, \"outputs\": { \"out\": \"" + outputType + "\" } }")
            .Warnings.Where(w => w.Code == "RT0331").ToList();

    private static string Table(string hitPolicy, string output, string rows) =>
        "{ \"hitPolicy\": \"" + hitPolicy + "\", \"inputs\": [\"level\", \"flag\"], \"outputs\": { \"out\": " + output + " }, \"rows\": " + rows + " }";

    private const string RowsWithGap = """
        [ { "id": "high", "when": ["HIGH", "-"], "then": { "out": 1 } },
          { "id": "medium-flagged", "when": ["MEDIUM", true], "then": { "out": 2 } },
          { "id": "low-flagged", "when": ["LOW", true], "then": { "out": 3 } } ]
        """;

    [Theory]
    [InlineData("FIRST")]
    [InlineData("UNIQUE")]
    [InlineData("ANY")]
    public void A_table_with_a_gap_warns_at_the_table_with_the_cases_no_row_matches(string hitPolicy)
    {
        var warning = Assert.Single(Gaps(Level, Table(hitPolicy, "\"number\"", RowsWithGap)));

        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("tables.t", warning.JsonPath);
        Assert.Equal(
            "no row of the table 't' matches when level is \"LOW\" or \"MEDIUM\" and flag is false, and 'out' has no default, so it is missing then; add a row, or a default (\"default\": null if missing is intended)",
            warning.Message);
    }

    [Fact]
    public void A_PRIORITY_table_with_a_gap_warns()
    {
        var rows = """
            [ { "id": "high", "when": ["HIGH", "-"], "then": { "out": "A" } },
              { "id": "flagged", "when": ["-", true], "then": { "out": "B" } } ]
            """;

        var warning = Assert.Single(Gaps(Level, Table("PRIORITY", "{ \"type\": \"string\", \"enum\": [\"A\", \"B\"] }", rows), "string"));

        Assert.Contains("matches when level is \"LOW\" or \"MEDIUM\" and flag is false", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"type\": \"number\", \"default\": null }")]
    [InlineData("{ \"type\": \"number\", \"default\": 0 }")]
    [InlineData("{ \"type\": \"number\", \"default\": { \"expr\": \"1 + 1\" } }")]
    public void An_output_with_a_default_even_null_says_the_gap_is_intended(string output)
    {
        Assert.Empty(Gaps(Level, Table("FIRST", output, RowsWithGap)));
    }

    [Fact]
    public void A_COLLECT_table_has_no_gaps_and_missing_values_are_not_gaps()
    {
        var collect = "{ \"hitPolicy\": \"COLLECT\", \"aggregation\": \"SUM\", \"inputs\": [\"level\", \"flag\"], \"outputs\": { \"out\": \"number\" }, \"rows\": " + RowsWithGap + " }";
        var everyValue = Table("FIRST", "\"number\"", """
            [ { "id": "named", "when": [["LOW", "MEDIUM", "HIGH"], "-"], "then": { "out": 1 } } ]
            """);

        Assert.Empty(Gaps(Level, collect));
        Assert.Empty(Gaps(Level, everyValue));
    }

    [Fact]
    public void Numbers_no_row_matches_are_given_as_intervals()
    {
        var warning = Assert.Single(Gaps("\"score\": \"number\"", """
            { "hitPolicy": "UNIQUE", "inputs": ["score"], "outputs": { "out": "number" }, "rows": [
              { "id": "low", "when": ["[0..10)"], "then": { "out": 1 } },
              { "id": "high", "when": ["(10..20]"], "then": { "out": 2 } } ] }
            """));

        Assert.Contains("matches when score is < 0 or 10 or > 20, and 'out' has no default", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"min\": 10, \"max\": 120", "[\"[10..18)\", \">= 18\"]")]
    [InlineData("\"min\": 10, \"max\": 120", "[\"[10..18)\", \"[18..120]\"]")]
    [InlineData("\"min\": 10, \"max\": 120, \"outOfRange\": \"review\"", "[\"[10..18)\", \"[18..120]\"]")]
    [InlineData("\"min\": 10, \"integer\": true", "[\"[10..18]\", \">= 19\"]")]
    [InlineData("\"min\": 10.5, \"max\": 119.5", "[\"[10..18)\", \"[18..120]\"]")]
    public void Values_outside_the_declared_range_of_the_input_are_no_gap(string range, string cells)
    {
        var cellList = System.Text.Json.JsonSerializer.Deserialize<string[]>(cells)!;
        var table = "{ \"hitPolicy\": \"FIRST\", \"inputs\": [\"age\"], \"outputs\": { \"out\": \"number\" }, \"rows\": ["
            + string.Join(", ", cellList.Select((c, i) => $$"""{ "id": "r{{i}}", "when": ["{{c}}"], "then": { "out": {{i}} } }""")) + "] }";

        Assert.Empty(Gaps("\"age\": { \"type\": \"number\", " + range + " }", table));
        Assert.Single(Gaps("\"age\": \"number\"", table));
    }

    [Fact]
    public void A_column_that_rounds_an_input_down_keeps_its_range_as_whole_numbers()
    {
        var table = """
            { "hitPolicy": "UNIQUE", "inputs": [{ "expr": "floor(person.age)", "label": "age" }], "outputs": { "out": "number" }, "rows": [
              { "id": "young", "when": ["[10..18)"], "then": { "out": 1 } },
              { "id": "adult", "when": ["[18..50]"], "then": { "out": 2 } },
              { "id": "older", "when": ["> 50"], "then": { "out": 3 } } ] }
            """;

        Assert.Empty(Gaps("\"person\": { \"type\": \"object\", \"properties\": { \"age\": { \"type\": \"number\", \"min\": 10, \"max\": 120 } } }", table));
        var warning = Assert.Single(Gaps("\"person\": { \"type\": \"object\", \"properties\": { \"age\": { \"type\": \"number\", \"min\": 9.5, \"max\": 120 } } }", table));
        Assert.Contains("matches when age is ", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gap_inside_the_range_is_still_reported()
    {
        var warning = Assert.Single(Gaps("\"age\": { \"type\": \"number\", \"min\": 10, \"max\": 120, \"integer\": true }", """
            { "hitPolicy": "FIRST", "inputs": ["age"], "outputs": { "out": "number" }, "rows": [
              { "id": "young", "when": ["[10..18)"], "then": { "out": 1 } },
              { "id": "adult", "when": [">= 19"], "then": { "out": 2 } } ] }
            """));

        // 18 is the only valid age no row takes: ages between 18 and 19 are not whole, so not valid.
        Assert.Contains("matches when age is 18, and 'out' has no default", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_outside_the_declared_range_are_no_gap()
    {
        var table = """
            { "hitPolicy": "FIRST", "inputs": ["start"], "outputs": { "out": "number" }, "rows": [
              { "id": "old", "when": ["< date('2020-01-01')"], "then": { "out": 1 } },
              { "id": "new", "when": [">= date('2020-01-01')"], "then": { "out": 2 } } ] }
            """;
        var gapped = table.Replace("< date('2020-01-01')", "[date('2000-01-01')..date('2019-12-31')]", StringComparison.Ordinal);

        Assert.Empty(Gaps("\"start\": \"date\"", table));
        Assert.Empty(Gaps("\"start\": { \"type\": \"date\", \"min\": \"2000-01-01\" }", gapped));
        Assert.Contains("matches when start is 0001-01-01 to 1999-12-31", Assert.Single(Gaps("\"start\": \"date\"", gapped)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"test\": \"flag\" }")]
    [InlineData("\"== flag\"")]
    [InlineData("\"!= true\"")]
    public void A_cell_that_is_an_expression_suppresses_the_judgement(string cell)
    {
        var rows = """
            [ { "id": "high", "when": ["HIGH", "-"], "then": { "out": 1 } },
              { "id": "other", "when": ["-", CELL], "then": { "out": 2 } } ]
            """.Replace("CELL", cell, StringComparison.Ordinal);

        Assert.Empty(Gaps(Level, Table("FIRST", "\"number\"", rows)));
    }

    [Fact]
    public void A_computed_bound_suppresses_the_judgement()
    {
        Assert.Empty(Gaps("\"score\": \"number\", \"limit\": \"number\"", """
            { "hitPolicy": "FIRST", "inputs": ["score"], "outputs": { "out": "number" }, "rows": [
              { "id": "low", "when": ["< limit"], "then": { "out": 1 } },
              { "id": "high", "when": [">= 10"], "then": { "out": 2 } } ] }
            """));
    }

    [Fact]
    public void A_long_table_gives_one_warning_with_a_few_examples()
    {
        var rows = string.Join(", ", Enumerable.Range(0, 3000).Select(i => $$"""{ "id": "r{{i}}", "when": ["[{{2 * i}}..{{(2 * i) + 1}}]"], "then": { "out": {{i}} } }"""));

        var warning = Assert.Single(Gaps("\"score\": \"number\", \"flag\": \"bool\"",
            "{ \"hitPolicy\": \"UNIQUE\", \"inputs\": [\"score\"], \"outputs\": { \"out\": \"number\" }, \"rows\": [" + rows + "] }"));

        Assert.StartsWith("no row of the table 't' matches when score is < 0 or (1..2) or (3..4)", warning.Message, StringComparison.Ordinal);
        Assert.True(warning.Message.Length < 40_000, "the message stays bounded");
    }

    [Fact]
    public void A_table_with_too_many_combinations_is_not_judged()
    {
        // Three columns of 100 values each: a million combinations, over the bound, so nothing is said.
        var rows = string.Join(", ", Enumerable.Range(0, 100).Select(i => $$"""{ "id": "r{{i}}", "when": ["{{i}}", "{{i}}", "{{i}}"], "then": { "out": {{i}} } }"""));

        Assert.Empty(Gaps("\"a\": \"number\", \"b\": \"number\", \"c\": \"number\"",
            "{ \"hitPolicy\": \"UNIQUE\", \"inputs\": [\"a\", \"b\", \"c\"], \"outputs\": { \"out\": \"number\" }, \"rows\": [" + rows + "] }"));
    }

    [Fact]
    public void The_default_rule_set_has_no_gap()
    {
        var ruleSet = RuleSet.LoadFromSources(RuleSetSources.ReadFolder(Path.Combine(TestPaths.Rules, "probation")));

        Assert.DoesNotContain(ruleSet.Warnings, w => w.Code == "RT0331");
    }
}
