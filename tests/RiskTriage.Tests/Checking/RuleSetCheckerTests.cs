using RiskTriage.Checking;
using RiskTriage.Diagnostics;

namespace RiskTriage.Tests.Checking;

/// <summary>Checking a rule set as a whole: one namespace of names, dependency order and cycles, table overlaps, parameters and overrides.</summary>
public sealed class RuleSetCheckerTests
{
    private static List<Diagnostic> Errors(string body, RuleSetOptions? options = null) =>
        RuleSetSources.Errors("{" + RuleSetSources.Header + body + "}", options).Where(d => d.IsError).ToList();

    private static RuleSet Load(string body, RuleSetOptions? options = null) => RuleSetSources.Load("{" + RuleSetSources.Header + body + "}", options);

    // ---- Cycles ---------------------------------------------------------------------------------------

    [Fact]
    public void A_cycle_between_values_is_an_error_that_names_every_value_in_it()
    {
        var error = Assert.Single(Errors("""
            "inputs": { "age": "number" },
            "values": { "first": "third + 1", "second": "first * 2", "third": "second - age", "fine": "age + 1" },
            "outputs": { "fine": "number" }
            """));

        Assert.Equal("RT0309", error.Code);
        Assert.Contains("first → third → second → first", error.Message, StringComparison.Ordinal);
        Assert.Equal("values.first", error.JsonPath);
    }

    [Fact]
    public void A_value_that_uses_itself_is_a_cycle()
    {
        var error = Assert.Single(Errors("""
            "inputs": { "age": "number" },
            "values": { "total": "total + age" },
            "outputs": { "total": "number" }
            """));

        Assert.Equal("RT0309", error.Code);
        Assert.Contains("total → total", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_gives_the_cycle_error_and_no_warning_that_its_outputs_have_no_value()
    {
        var diagnostics = RuleSetSources.Errors("{" + RuleSetSources.Header + """
            "inputs": { "age": "number" },
            "values": { "first": "second + 1", "second": "first * 2" },
            "outputs": { "first": "number", "doubled": { "type": "number", "value": "second * 2" } }
            """ + "}");

        var only = Assert.Single(diagnostics);
        Assert.Equal("RT0309", only.Code);
    }

    [Fact]
    public void A_cycle_through_a_rule_and_the_output_it_sets_names_the_rule()
    {
        var error = Assert.Single(Errors("""
            "inputs": { "age": "number" },
            "rules": [ { "id": "escalate", "when": "tier == \"B\"", "then": [ { "set": "tier", "to": "A" } ] } ],
            "outputs": { "tier": { "type": "string", "value": "\"B\"" } }
            """));

        Assert.Equal("RT0309", error.Code);
        Assert.Contains("rule escalate", error.Message, StringComparison.Ordinal);
        Assert.Contains("tier", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Elements_are_evaluated_in_dependency_order_whatever_the_order_they_are_written_in()
    {
        var ruleSet = Load("""
            "inputs": { "age": "number" },
            "values": { "c": "b + 1", "b": "a * 2", "a": "age - 1" },
            "outputs": { "c": "number" }
            """);

        Assert.Equal(2 * (10 - 1) + 1, ruleSet.Evaluate("""{ "age": 10 }""")["c"].AsNumber);
    }

    // ---- Names ----------------------------------------------------------------------------------------

    [Fact]
    public void A_name_defined_in_two_module_files_is_an_error_naming_both_places()
    {
        var diagnostics = RuleSetSources.Errors(new Dictionary<string, string>
        {
            ["ruleset.json"] = "{\n  \"ruleSet\": { \"name\": \"m\", \"version\": \"1\" },\n  \"inputs\": { \"age\": \"number\" },\n  \"values\": { \"adult\": \"age >= 18\" },\n  \"outputs\": { \"adult\": \"bool\" }\n}",
            ["scores.json"] = "{\n  \"values\": {\n    \"adult\": \"age > 17\"\n  }\n}",
        });

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(("RT0307", "scores.json", 3, 5), (error.Code, error.Location.File, error.Location.Line, error.Location.Column));
        Assert.Contains("ruleset.json(4,15)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'adult'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"values\": { \"age\": \"1\" }", "value", "input")]
    [InlineData("\"parameters\": { \"age\": 1 }", "parameter", "input")]
    [InlineData("\"scorecards\": { \"age\": { \"rows\": [] } }", "scorecard", "input")]
    [InlineData("\"bands\": { \"age\": { \"value\": \"1\", \"bands\": [ { \"label\": \"X\" } ] } }", "band set", "input")]
    [InlineData("\"tables\": { \"t\": { \"inputs\": [\"1\"], \"outputs\": { \"age\": \"number\" }, \"rows\": [] } }", "table output", "input")]
    public void Inputs_values_parameters_scorecards_bands_and_table_outputs_share_one_namespace(string body, string kind, string existing)
    {
        var diagnostics = RuleSetSources.Errors(new Dictionary<string, string>
        {
            ["a.json"] = """{ "ruleSet": { "name": "n", "version": "1" }, "inputs": { "age": "number" }, "outputs": { "age": "number" } }""",
            ["b.json"] = "{ " + body + " }",
        });

        var error = Assert.Single(diagnostics, d => d.Code == "RT0307");
        Assert.Equal("b.json", error.Location.File);
        Assert.Contains($"as {(kind[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a")} {kind} here and as an {existing} at a.json(1,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_rule_ids_and_outputs_declared_twice_in_different_files_name_the_first_place()
    {
        var diagnostics = RuleSetSources.Errors(new Dictionary<string, string>
        {
            ["a.json"] = """
                { "ruleSet": { "name": "n", "version": "1" }, "inputs": { "age": "number" },
                  "tables": { "t": { "hitPolicy": "FIRST", "inputs": ["age"], "outputs": { "o1": "number" }, "rows": [] } },
                  "rules": [ { "id": "r", "when": "age > 1", "then": [] } ],
                  "outputs": { "out": { "type": "number", "value": "age" } } }
                """,
            ["b.json"] = """
                { "tables": { "t": { "hitPolicy": "FIRST", "inputs": ["age"], "outputs": { "o2": "number" }, "rows": [] } },
                  "rules": [ { "id": "r", "when": "age > 2", "then": [] } ],
                  "outputs": { "out": { "type": "number", "value": "age" } } }
                """,
        }).Where(d => d.IsError).ToList();

        Assert.Equal(["RT0307", "RT0319", "RT0307"], diagnostics.Select(d => d.Code));
        Assert.All(diagnostics, d => Assert.Equal("b.json", d.Location.File));
        Assert.All(diagnostics, d => Assert.Contains("a.json(", d.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void An_output_named_like_an_element_exports_it()
    {
        var ruleSet = Load("""
            "inputs": { "age": "number" },
            "parameters": { "limit": 18 },
            "values": { "adult": "age >= limit" },
            "outputs": { "age": "number", "limit": "number", "adult": "bool" }
            """);

        var decision = ruleSet.Evaluate("""{ "age": 20 }""");

        Assert.Equal((20d, 18d, true), (decision["age"].AsNumber!.Value, decision["limit"].AsNumber!.Value, decision["adult"].AsBool!.Value));
    }

    [Fact]
    public void An_exported_element_of_another_type_than_the_output_is_an_error()
    {
        Assert.Equal("RT0216", Assert.Single(Errors("""
            "inputs": { "age": "number" },
            "outputs": { "age": "string" }
            """)).Code);
    }

    // ---- Decision tables ------------------------------------------------------------------------------

    [Fact]
    public void Overlapping_rows_of_a_UNIQUE_table_are_found_at_load_naming_both_rows()
    {
        var error = Assert.Single(Errors("""
            "inputs": { "level": { "type": "string", "enum": ["HIGH", "LOW"] }, "n": "number" },
            "tables": { "t": { "hitPolicy": "UNIQUE", "inputs": ["level", "n"], "outputs": { "o": "number" }, "rows": [
              { "id": "first-row", "when": ["HIGH", "[0..10]"], "then": { "o": 1 } },
              { "id": "low-row", "when": ["LOW", "< 0"], "then": { "o": 2 } },
              { "id": "second-row", "when": [["LOW", "HIGH"], "[10..20]"], "then": { "o": 3 } }
            ] } },
            "outputs": { "o": "number" }
            """));

        Assert.Equal("RT0313", error.Code);
        Assert.Contains("'first-row' and 'second-row'", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Location.Line);
    }

    [Theory]
    [InlineData("[0..2)", ">= 2")]
    [InlineData("< 2", ">= 2")]
    [InlineData("<= 2", "> 2")]
    [InlineData("(2..3)", "[3..4]")]
    [InlineData("[0..1]", "(1..2]")]
    [InlineData("1", "2")]
    [InlineData("[0..1]", "2")]
    public void Rows_whose_ranges_only_touch_do_not_overlap(string a, string b)
    {
        Load(Table("UNIQUE", a, b));
    }

    [Theory]
    [InlineData("[0..2]", ">= 2")]
    [InlineData("<= 2", ">= 2")]
    [InlineData("[1..2]", "[2..3]")]
    [InlineData("-", "5")]
    [InlineData("[0..10]", "5")]
    [InlineData("> 1", "< 3")]
    public void Rows_whose_ranges_share_a_value_overlap(string a, string b)
    {
        var error = Assert.Single(Errors(Table("UNIQUE", a, b)));

        Assert.Equal("RT0313", error.Code);
    }

    [Fact]
    public void Rows_with_expressions_the_checker_cannot_compare_are_left_to_the_runtime_check()
    {
        Load(Table("UNIQUE", "{ \"test\": \"n > 1\" }", "{ \"test\": \"n > 2\" }"));
    }

    [Theory]
    [InlineData("FIRST")]
    [InlineData("ANY")]
    [InlineData("COLLECT")]
    public void Only_UNIQUE_tables_forbid_overlaps(string policy)
    {
        Load(Table(policy, "[0..2]", "[1..3]"));
    }

    private static string Table(string policy, string a, string b)
    {
        static string Cell(string cell) => cell.StartsWith('{') ? cell : "\"" + cell + "\"";
        var output = policy == "COLLECT" ? "\"o\": { \"type\": \"list\", \"items\": \"number\" }" : "\"o\": \"number\"";
        return $$"""
            "inputs": { "n": "number" },
            "tables": { "t": { "hitPolicy": "{{policy}}", "inputs": ["n"], "outputs": { "o": "number" }, "rows": [
              { "id": "a", "when": [{{Cell(a)}}], "then": { "o": 1 } },
              { "id": "b", "when": [{{Cell(b)}}], "then": { "o": 1 } }
            ] } },
            "outputs": { {{output}} }
            """;
    }

    [Fact]
    public void Intersects_is_undecided_for_expressions_and_decided_for_literals_and_ranges()
    {
        var any = new CellShape.AnyValue();
        var opaque = new CellShape.Opaque();
        var oneToTwo = new CellShape.Range(1, true, 2, false);
        var twoToThree = new CellShape.Range(2, true, 3, true);

        Assert.True(RuleSetChecker.Intersects(any, opaque));
        Assert.Null(RuleSetChecker.Intersects(opaque, oneToTwo));
        Assert.False(RuleSetChecker.Intersects(oneToTwo, twoToThree));
        Assert.True(RuleSetChecker.Intersects(new CellShape.Range(1, true, 2, true), twoToThree));
        Assert.True(RuleSetChecker.Intersects(new CellShape.OneOf(["A", "B"]), new CellShape.OneOf(["B"])));
        Assert.False(RuleSetChecker.Intersects(new CellShape.OneOf(["A"]), new CellShape.OneOf(["B"])));
        Assert.True(RuleSetChecker.Intersects(new CellShape.OneOf([2d]), twoToThree));
        Assert.False(RuleSetChecker.Intersects(oneToTwo, new CellShape.OneOf([2d])));
    }

    // ---- Parameters and overrides ---------------------------------------------------------------------

    private const string Parameters = """
        "inputs": { "score": "number", "flag": "string", "on": "date" },
        "parameters": {
          "threshold": { "value": 30, "description": "score at which a case is high" },
          "flags": ["GANG", "WEAPON"],
          "label": "high",
          "strict": false,
          "cutOff": { "value": "2026-01-01", "type": "date" }
        },
        "outputs": {
          "high": { "type": "bool", "value": "score >= threshold" },
          "watched": { "type": "bool", "value": "flag in flags" },
          "label": "string",
          "strict": "bool",
          "recent": { "type": "bool", "value": "on >= cutOff" }
        }
        """;

    [Fact]
    public void Parameters_are_constants_in_expressions_and_can_be_exported()
    {
        var decision = Load(Parameters).Evaluate("""{ "score": 30, "flag": "GANG", "on": "2026-01-01" }""");

        Assert.Equal(true, decision["high"].AsBool);
        Assert.Equal(true, decision["watched"].AsBool);
        Assert.Equal("high", decision["label"].AsString);
        Assert.Equal(false, decision["strict"].AsBool);
        Assert.Equal(true, decision["recent"].AsBool);
    }

    [Fact]
    public void Overrides_replace_parameters_at_load()
    {
        var options = new RuleSetOptions
        {
            Parameters = new Dictionary<string, object?>
            {
                ["threshold"] = 40,
                ["flags"] = new[] { "DRUGS" },
                ["label"] = "trial",
                ["strict"] = true,
            },
        };

        var decision = Load(Parameters, options).Evaluate("""{ "score": 35, "flag": "GANG" }""");

        Assert.Equal(false, decision["high"].AsBool);
        Assert.Equal(false, decision["watched"].AsBool);
        Assert.Equal("trial", decision["label"].AsString);
        Assert.Equal(true, decision["strict"].AsBool);
        Assert.Equal(true, Load(Parameters, options).Evaluate("""{ "flag": "DRUGS" }""")["watched"].AsBool);
        Assert.Equal(true, Load(Parameters, new RuleSetOptions { Parameters = new Dictionary<string, object?> { ["threshold"] = 34.5 } })
            .Evaluate("""{ "score": 35 }""")["high"].AsBool);
    }

    [Fact]
    public void An_override_for_a_parameter_that_does_not_exist_is_an_error_with_a_suggestion()
    {
        var options = new RuleSetOptions { Parameters = new Dictionary<string, object?> { ["treshold"] = 40, ["nothingLikeIt"] = 1 } };

        var errors = Errors(Parameters, options);

        Assert.Equal(["RT0316", "RT0316"], errors.Select(e => e.Code));
        Assert.Contains(errors, e => e.Message.Contains("'treshold'", StringComparison.Ordinal) && e.Message.Contains("did you mean 'threshold'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("'nothingLikeIt'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("threshold", "forty")]
    [InlineData("label", 3)]
    [InlineData("strict", "yes")]
    public void An_override_of_the_wrong_type_is_an_error_at_the_parameter(string name, object value)
    {
        var options = new RuleSetOptions { Parameters = new Dictionary<string, object?> { [name] = value } };

        var error = Assert.Single(Errors(Parameters, options));

        Assert.Equal("RT0316", error.Code);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("parameters.", error.JsonPath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_override_must_hold_the_same_kind_of_item()
    {
        var options = new RuleSetOptions { Parameters = new Dictionary<string, object?> { ["flags"] = new[] { 1, 2 } } };

        Assert.Equal("RT0316", Assert.Single(Errors(Parameters, options)).Code);
    }

    [Theory]
    [InlineData("[\"A\", null, \"C\"]")]
    [InlineData("{ \"value\": [\"A\", null] }")]
    public void A_list_parameter_holding_null_is_an_error_at_the_null(string value)
    {
        var error = Assert.Single(Errors($$"""
            "parameters": { "codes": {{value}} },
            "values": { "n": { "expr": "'A' in codes" } }
            """));

        Assert.Equal("RT0304", error.Code);
        Assert.Contains("'codes' holds null in its list", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("]", error.JsonPath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_override_holding_null_is_an_error()
    {
        var options = new RuleSetOptions { Parameters = new Dictionary<string, object?> { ["flags"] = new object?[] { "DRUGS", null } } };

        Assert.Equal("RT0316", Assert.Single(Errors(Parameters, options)).Code);
    }

    [Fact]
    public void A_date_parameter_can_be_overridden_with_a_date_or_its_text()
    {
        foreach (var value in new object[] { "2026-07-01", new DateOnly(2026, 7, 1) })
        {
            var options = new RuleSetOptions { Parameters = new Dictionary<string, object?> { ["cutOff"] = value } };

            var ruleSet = Load(Parameters, options);

            Assert.Equal(false, ruleSet.Evaluate("""{ "on": "2026-06-30" }""")["recent"].AsBool);
            Assert.Equal(true, ruleSet.Evaluate("""{ "on": "2026-07-01" }""")["recent"].AsBool);
        }
    }

    [Fact]
    public void A_parameter_declared_as_a_date_must_be_a_valid_date()
    {
        var error = Assert.Single(Errors("""
            "inputs": { "on": "date" },
            "parameters": { "cutOff": { "value": "2026-02-30", "type": "date" } },
            "outputs": { "recent": { "type": "bool", "value": "on >= cutOff" } }
            """));

        Assert.Equal("RT0304", error.Code);
    }

    [Fact]
    public void A_parameter_whose_value_does_not_match_its_declared_type_is_an_error()
    {
        Assert.Equal("RT0304", Assert.Single(Errors("""
            "parameters": { "p": { "value": "30", "type": "number" } },
            "outputs": { "p": "number" }
            """)).Code);
    }

    [Fact]
    public void A_number_parameter_written_in_quotes_is_reported_at_its_value_with_the_type_its_uses_need()
    {
        var error = Assert.Single(Errors("""
            "inputs": { "score": "number" },
            "parameters": { "mediumPoints": { "value": "10" }, "limit": 5 },
            "tables": { "points": { "hitPolicy": "FIRST", "inputs": ["score"], "outputs": { "points": "number" },
              "rows": [ { "id": "high", "when": ["> limit"], "then": { "points": { "expr": "mediumPoints" } } } ] } },
            "values": { "over": "score > limit && mediumPoints > 3" },
            "outputs": { "points": "number", "over": "bool" }
            """));

        Assert.Equal("RT0304", error.Code);
        Assert.Equal("parameters.mediumPoints.value", error.JsonPath);
        Assert.Contains("'mediumPoints' is text (\"10\"), but where it is used number is needed", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("write 10 without quotes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_parameter_of_the_wrong_type_is_reported_once_and_its_uses_give_no_other_error()
    {
        var errors = Errors("""
            "inputs": { "score": "number", "start": "date" },
            "parameters": { "limit": "5", "strict": "true", "since": "2026-01-01" },
            "values": { "over": "strict && score > limit", "late": "start > since" },
            "outputs": { "over": "bool", "late": "bool" }
            """);

        Assert.All(errors, e => Assert.Equal("RT0304", e.Code));
        Assert.Equal(["parameters.limit", "parameters.since", "parameters.strict"], errors.Select(e => e.JsonPath).Order(StringComparer.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("date is needed", StringComparison.Ordinal) && e.Message.EndsWith("declare it with \"type\": \"date\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("true/false is needed", StringComparison.Ordinal) && e.Message.EndsWith("write true without quotes", StringComparison.Ordinal));
    }

    [Fact]
    public void A_type_error_a_parameter_does_not_cause_stays_at_the_expression()
    {
        var error = Assert.Single(Errors("""
            "inputs": { "name": "string" },
            "parameters": { "limit": 5 },
            "values": { "odd": "name > limit" },
            "outputs": { "odd": "bool" }
            """));

        Assert.Equal("RT0206", error.Code);
        Assert.Equal("values.odd", error.JsonPath);
    }

    [Fact]
    public void A_band_bound_in_quotes_is_one_error_without_made_up_overlaps()
    {
        var error = Assert.Single(Errors("""
            "inputs": { "score": "number" },
            "bands": { "tier": { "value": "score", "bands": [
              { "label": "A", "min": 30 }, { "label": "B", "min": "20", "max": 30 }, { "label": "C", "max": 20 } ] } },
            "outputs": { "tier": "string" }
            """));

        Assert.Equal("RT0304", error.Code);
        Assert.Equal("bands.tier.bands[1].min", error.JsonPath);
    }

    // ---- Inputs, defaults and outputs -----------------------------------------------------------------

    [Fact]
    public void A_default_of_the_wrong_type_is_an_error()
    {
        var errors = Errors("""
            "inputs": {
              "n": { "type": "number", "default": "0" },
              "risk": { "type": "string", "enum": ["LOW", "HIGH"], "default": "MEDIUM" },
              "d": { "type": "date", "default": "2026-02-30" }
            },
            "outputs": { "n": "number", "risk": "string", "d": "date" }
            """);

        Assert.Equal(["RT0320", "RT0320", "RT0320"], errors.Select(e => e.Code));
    }

    [Fact]
    public void A_required_input_with_a_default_is_warned_about()
    {
        var ruleSet = Load("""
            "inputs": { "n": { "type": "number", "required": true, "default": 4 } },
            "outputs": { "n": "number" }
            """);

        var warning = Assert.Single(ruleSet.Warnings);
        Assert.Equal("RT0320", warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
    }

    [Fact]
    public void An_output_nothing_sets_is_warned_about()
    {
        var ruleSet = Load("""
            "inputs": { "n": "number" },
            "outputs": { "n": "number", "orphan": "string" }
            """);

        var warning = Assert.Single(ruleSet.Warnings);
        Assert.Equal("RT0323", warning.Code);
        Assert.Contains("'orphan'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_cannot_be_an_object_or_a_list_of_objects()
    {
        Assert.Equal("RT0308", Assert.Single(Errors("""
            "inputs": { "n": "number" },
            "outputs": { "o": { "type": "list", "items": { "type": "object", "properties": { "a": "number" } } } }
            """)).Code);
    }
}
