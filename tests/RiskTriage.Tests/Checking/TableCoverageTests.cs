using RiskTriage.Diagnostics;

namespace RiskTriage.Tests.Checking;

/// <summary>Rows of FIRST and PRIORITY tables that earlier rows (or rows of higher priority) make unreachable, wholly or in part, are warned about; nothing is said that cannot be proved.</summary>
public sealed class TableCoverageTests
{
    private static IReadOnlyList<Diagnostic> Warnings(string inputs, string table, string outputType = "number") =>
        RuleSetSources.Load("{" + RuleSetSources.Header + "\"inputs\": {" + inputs + "}, \"tables\": { \"t\": " + table + " }, \"outputs\": { \"out\": \"" + outputType + "\" } }")
            .Warnings.Where(w => w.Code == "RT0330").ToList();

    [Fact]
    public void A_row_whose_range_an_earlier_row_partly_takes_is_warned_at_its_cell_with_the_values_it_loses()
    {
        var warning = Assert.Single(Warnings("\"rsr\": \"number\"", """
            { "hitPolicy": "FIRST", "inputs": ["rsr"], "outputs": { "out": "number" }, "rows": [
              { "id": "high", "when": ["[4.5..99.99)"], "then": { "out": 20 } },
              { "id": "medium", "when": ["[3..6.99]"], "then": { "out": 10 } },
              { "id": "other", "when": ["-"], "then": { "out": 0 } } ] }
            """));

        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("tables.t.rows[1].when[0]", warning.JsonPath);
        Assert.Equal("the row 'medium' of the FIRST table 't' never matches when rsr is [4.5..6.99]: the earlier row 'high' takes those cases; narrow this test or change the order of the rows", warning.Message);
    }

    [Fact]
    public void A_row_that_earlier_rows_wholly_cover_can_never_match()
    {
        var warning = Assert.Single(Warnings("\"score\": \"number\", \"level\": { \"type\": \"string\", \"enum\": [\"LOW\", \"HIGH\"] }", """
            { "hitPolicy": "FIRST", "inputs": ["score", "level"], "outputs": { "out": "number" }, "rows": [
              { "id": "big", "when": [">= 5", "-"], "then": { "out": 1 } },
              { "id": "small-low", "when": ["< 5", "LOW"], "then": { "out": 2 } },
              { "id": "dead", "when": ["[6..8]", ["LOW", "HIGH"]], "then": { "out": 3 } },
              { "id": "rest", "when": ["-", "-"], "then": { "out": 4 } } ] }
            """));

        Assert.Equal("tables.t.rows[2]", warning.JsonPath);
        Assert.Contains("'dead' of the FIRST table 't' can never match: the earlier row 'big' takes every case it matches", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_a_cell_names_that_an_earlier_row_always_takes_is_warned()
    {
        var warning = Assert.Single(Warnings("\"level\": { \"type\": \"string\", \"enum\": [\"LOW\", \"HIGH\"] }, \"flag\": \"bool\"", """
            { "hitPolicy": "FIRST", "inputs": ["level", "flag"], "outputs": { "out": "number" }, "rows": [
              { "id": "high", "when": ["HIGH", "-"], "then": { "out": 1 } },
              { "id": "flagged", "when": [["HIGH", "LOW"], true], "then": { "out": 2 } } ] }
            """));

        Assert.Contains("never matches when level is \"HIGH\": the earlier row 'high' takes those cases", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_PRIORITY_rows_of_higher_priority_take_the_cases_whatever_their_place()
    {
        var warning = Assert.Single(Warnings("\"score\": \"number\"", """
            { "hitPolicy": "PRIORITY", "inputs": ["score"], "outputs": { "out": { "type": "string", "enum": ["A", "B"] } }, "rows": [
              { "id": "b", "when": ["[0..10]"], "then": { "out": "B" } },
              { "id": "a", "when": ["> 5"], "then": { "out": "A" } } ] }
            """, "string"));

        Assert.Contains("'b' of the PRIORITY table 't' never matches when score is (5..10]: the row of higher priority 'a' takes those cases", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[ { "id": "x", "when": ["< 5"], "then": { "out": 1 } }, { "id": "y", "when": [">= 5"], "then": { "out": 2 } }, { "id": "z", "when": ["-"], "then": { "out": 3 } } ]""")]
    [InlineData("""[ { "id": "x", "when": [{ "test": "score > 1" }], "then": { "out": 1 } }, { "id": "y", "when": ["[2..3]"], "then": { "out": 2 } } ]""")]
    [InlineData("""[ { "id": "x", "when": ["!= 4"], "then": { "out": 1 } }, { "id": "y", "when": ["4"], "then": { "out": 2 } } ]""")]
    [InlineData("""[ { "id": "x", "when": ["< 5"], "then": { "out": 1 } }, { "id": "y", "when": [null], "then": { "out": 2 } } ]""")]
    [InlineData("""[ { "id": "x", "when": [">= 80"], "then": { "out": 1 } }, { "id": "y", "when": [">= 50"], "then": { "out": 2 } }, { "id": "z", "when": ["-"], "then": { "out": 3 } } ]""")]
    [InlineData("""[ { "id": "x", "when": ["[40..60]"], "then": { "out": 1 } }, { "id": "y", "when": ["[0..100]"], "then": { "out": 2 } } ]""")]
    public void Disjoint_rows_a_catch_all_descending_thresholds_carve_outs_and_cells_that_are_expressions_give_no_warning(string rows)
    {
        Assert.Empty(Warnings("\"score\": \"number\"", "{ \"hitPolicy\": \"FIRST\", \"inputs\": [\"score\"], \"outputs\": { \"out\": \"number\" }, \"rows\": " + rows + " }"));
    }

    [Fact]
    public void Dates_are_whole_days()
    {
        var warning = Assert.Single(Warnings("\"start\": \"date\"", """
            { "hitPolicy": "FIRST", "inputs": ["start"], "outputs": { "out": "number" }, "rows": [
              { "id": "late", "when": ["> 2026-01-01"], "then": { "out": 1 } },
              { "id": "window", "when": ["[2025-12-30..2026-01-03]"], "then": { "out": 2 } } ] }
            """.Replace("\"> 2026-01-01\"", "\"> date('2026-01-01')\"", StringComparison.Ordinal).Replace("[2025-12-30..2026-01-03]", "[date('2025-12-30')..date('2026-01-03')]", StringComparison.Ordinal)));

        Assert.Contains("never matches when start is 2026-01-02 to 2026-01-03", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_table_is_checked_within_bounds_and_reports_a_bounded_number_of_rows()
    {
        var rows = string.Join(", ", Enumerable.Range(0, 3000).Select(i => $$"""{ "id": "r{{i}}", "when": ["> {{i}}"], "then": { "out": {{i}} } }"""));

        var warnings = Warnings("\"score\": \"number\"", "{ \"hitPolicy\": \"FIRST\", \"inputs\": [\"score\"], \"outputs\": { \"out\": \"number\" }, \"rows\": [" + rows + "] }");

        Assert.Equal(10, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("can never match: the earlier row 'r0' takes every case", w.Message, StringComparison.Ordinal));
    }
}
