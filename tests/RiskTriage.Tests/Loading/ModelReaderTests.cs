using System.Text.RegularExpressions;
using RiskTriage.Diagnostics;
using RiskTriage.Loading;

namespace RiskTriage.Tests.Loading;

/// <summary>Reading the shape of rule files: which keys are allowed where, which JSON kinds, and the rule-set declaration.</summary>
public sealed class ModelReaderTests
{
    private static List<Diagnostic> Errors(string body) =>
        RuleSetSources.Errors("{" + RuleSetSources.Header + body + "}").Where(d => d.IsError).ToList();

    private static Diagnostic SingleError(string body) => Assert.Single(Errors(body));

    [Theory]
    [InlineData("\"input\": {}", "inputs")]
    [InlineData("\"inputs\": { \"age\": { \"type\": \"number\", \"requried\": true } }, \"outputs\": { \"age\": \"number\" }", "required")]
    [InlineData("\"inputs\": { \"a\": \"number\" }, \"bands\": { \"b\": { \"value\": \"a\", \"bands\": [ { \"label\": \"X\", \"minInclusve\": true } ] } }, \"outputs\": { \"b\": \"string\" }", "minInclusive")]
    [InlineData("\"inputs\": { \"a\": \"number\" }, \"tables\": { \"t\": { \"hitPolicy\": \"FIRST\", \"input\": [\"a\"], \"inputs\": [\"a\"], \"outputs\": { \"o\": \"string\" }, \"rows\": [] } }, \"outputs\": { \"o\": \"string\" }", "inputs")]
    [InlineData("\"inputs\": { \"a\": \"number\" }, \"rules\": [ { \"id\": \"r\", \"when\": \"a > 1\", \"enabeld\": false, \"then\": [] } ]", "enabled")]
    [InlineData("\"inputs\": { \"a\": \"number\" }, \"rules\": [ { \"id\": \"r\", \"when\": \"a > 1\", \"then\": [ { \"review\": \"X\", \"mesage\": \"m\" } ] } ]", "message")]
    [InlineData("\"parameters\": { \"p\": { \"value\": 1, \"descripton\": \"d\" } }, \"outputs\": { \"p\": \"number\" }", "description")]
    public void An_unknown_property_is_an_error_that_suggests_the_nearest_allowed_one(string body, string suggestion)
    {
        var error = SingleError(body);

        Assert.Equal("RT0305", error.Code);
        Assert.Contains($"did you mean '{suggestion}'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_property_far_from_every_allowed_one_gets_no_suggestion_but_the_list()
    {
        var error = SingleError("\"xyzzy\": 1");

        Assert.Equal("RT0305", error.Code);
        Assert.DoesNotContain("did you mean", error.Message, StringComparison.Ordinal);
        Assert.Contains("(allowed: $schema, ruleSet, module, description, inputs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_set_with_no_declaration_is_an_error()
    {
        var diagnostics = RuleSetSources.Errors("""{ "inputs": { "a": "number" } }""");

        Assert.Equal("RT0310", Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void A_second_declaration_names_the_first()
    {
        var diagnostics = RuleSetSources.Errors(new Dictionary<string, string>
        {
            ["a.json"] = """{ "ruleSet": { "name": "one", "version": "1" } }""",
            ["b.json"] = "{\n  \"ruleSet\": { \"name\": \"two\", \"version\": \"1\" }\n}",
        });

        var error = Assert.Single(diagnostics);
        Assert.Equal(("RT0310", "b.json", 2, 14), (error.Code, error.Location.File, error.Location.Line, error.Location.Column));
        Assert.Contains("a.json(1,14)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_declaration_needs_a_name_and_a_version()
    {
        var diagnostics = RuleSetSources.Errors("""{ "ruleSet": { "description": "nameless" } }""");

        Assert.Equal(["RT0306", "RT0306"], diagnostics.Select(d => d.Code));
    }

    [Theory]
    [InlineData("\"inputs\": { \"my-age\": \"number\" }")]
    [InlineData("\"inputs\": { \"1st\": \"number\" }")]
    [InlineData("\"values\": { \"a b\": \"1\" }")]
    [InlineData("\"outputs\": { \"über\": \"number\" }")]
    public void Names_must_be_identifiers(string body)
    {
        Assert.Equal("RT0324", SingleError(body).Code);
    }

    [Theory]
    [InlineData("\"outputs\": { \"level\": { \"type\": \"string\", \"enum\": [\"LOW\", \"HIGH\"], \"order\": \"up\" } }", "\"order\" of the output 'level' is \"up\"")]
    [InlineData("\"outputs\": { \"level\": { \"type\": \"string\", \"enum\": [\"LOW\", \"HIGH\"], \"order\": 1 } }", "is a number; write \"ascending\"")]
    [InlineData("\"outputs\": { \"level\": { \"type\": \"string\", \"order\": \"ascending\" } }", "has an \"order\" but no \"enum\"")]
    [InlineData("\"outputs\": { \"level\": { \"type\": \"number\", \"order\": \"descending\" } }", "numbers are ordered by value")]
    public void An_output_order_is_ascending_or_descending_on_an_enumeration_and_is_reported_where_it_is_written(string body, string message)
    {
        var error = Errors(body).Single(e => e.Code == "RT0385");

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Location.Line);
        var json = "{" + RuleSetSources.Header + body + "}";
        Assert.Equal(json.IndexOf("\"order\"", StringComparison.Ordinal) + "\"order\": ".Length + 1, error.Location.Column);
    }

    [Fact]
    public void An_output_order_gives_the_enumeration_lowest_first_on_the_rule_set()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "x": "number" },
            "outputs": {
              "up": { "type": "string", "enum": ["LOW", "MEDIUM", "HIGH"], "order": "ascending", "value": "'LOW'" },
              "down": { "type": "string", "enum": ["A", "B", "C"], "order": "descending", "value": "'A'" },
              "plain": { "type": "string", "enum": ["X", "Y"], "value": "'X'" },
              "x": "number"
            }
            """ + "}");

        Assert.Equal(["LOW", "MEDIUM", "HIGH"], ruleSet.OrderedValues("up"));
        Assert.Equal(["C", "B", "A"], ruleSet.OrderedValues("down"));
        Assert.Null(ruleSet.OrderedValues("plain"));
        Assert.Null(ruleSet.OrderedValues("x"));
        var unknown = Assert.Throws<ArgumentException>(() => ruleSet.OrderedValues("nope"));
        Assert.Contains("its outputs are up, down, plain, x", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => ((IList<string>)ruleSet.OrderedValues("up")!)[0] = "HIGH");
    }

    [Theory]
    [InlineData("\"inputs\": []")]
    [InlineData("\"rules\": {}")]
    [InlineData("\"inputs\": { \"a\": 5 }")]
    [InlineData("\"values\": { \"v\": 5 }")]
    [InlineData("\"parameters\": { \"p\": null }")]
    [InlineData("\"inputs\": { \"a\": { \"type\": 1 } }")]
    [InlineData("\"inputs\": { \"a\": { \"type\": \"number\", \"required\": \"yes\" } }, \"outputs\": { \"a\": \"number\" }")]
    [InlineData("\"inputs\": { \"a\": { \"type\": \"string\", \"enum\": [\"A\", 1] } }, \"outputs\": { \"a\": \"string\" }")]
    public void A_value_of_the_wrong_JSON_kind_is_an_error(string body)
    {
        Assert.Equal("RT0304", SingleError(body).Code);
    }

    [Theory]
    [InlineData("\"inputs\": { \"a\": { \"type\": \"object\" } }")]
    [InlineData("\"inputs\": { \"a\": { \"type\": \"list\" } }")]
    [InlineData("\"inputs\": { \"a\": { \"required\": true } }")]
    [InlineData("\"values\": { \"v\": { \"type\": \"number\" } }")]
    [InlineData("\"parameters\": { \"p\": { \"description\": \"no value\" } }")]
    public void A_missing_required_property_is_an_error(string body)
    {
        Assert.Equal("RT0306", SingleError(body).Code);
    }

    [Theory]
    [InlineData("\"inputs\": { \"a\": \"integer\" }", null)]
    [InlineData("\"inputs\": { \"a\": \"numbr\" }", "number")]
    [InlineData("\"inputs\": { \"a\": { \"type\": \"boolean\" } }", null)]
    [InlineData("\"inputs\": { \"a\": { \"type\": \"strnig\" } }", "string")]
    public void An_unknown_type_name_is_an_error_with_a_suggestion_when_one_is_close(string body, string? suggestion)
    {
        var error = SingleError(body);

        Assert.Equal("RT0308", error.Code);
        if (suggestion is not null)
        {
            Assert.Contains($"did you mean '{suggestion}'?", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_enumeration_on_a_number_and_a_list_of_lists_are_errors()
    {
        Assert.Equal("RT0308", SingleError("\"inputs\": { \"a\": { \"type\": \"number\", \"enum\": [\"1\"] } }, \"outputs\": { \"a\": \"number\" }").Code);
        Assert.Equal("RT0308", SingleError("\"inputs\": { \"a\": { \"type\": \"list\", \"items\": { \"type\": \"list\", \"items\": \"number\" } } }").Code);
    }

    [Fact]
    public void A_value_listed_twice_in_an_enumeration_is_an_error()
    {
        Assert.Equal("RT0307", SingleError("\"inputs\": { \"a\": { \"type\": \"string\", \"enum\": [\"X\", \"Y\", \"X\"] } }, \"outputs\": { \"a\": \"string\" }").Code);
    }

    [Theory]
    [InlineData("first", true)]
    [InlineData("Collect", true)]
    [InlineData("FIRST1", false)]
    [InlineData("1", false)]
    [InlineData("ALL", false)]
    public void Hit_policies_are_read_ignoring_case_but_only_by_name(string policy, bool valid)
    {
        var body = "\"inputs\": { \"a\": \"number\" }, \"tables\": { \"t\": { \"hitPolicy\": \"" + policy + "\", \"inputs\": [\"a\"], \"outputs\": { \"o\": \"number\" }, \"rows\": [ { \"id\": \"r\", \"when\": [\"-\"], \"then\": { \"o\": 1 } } ] } }, \"outputs\": { \"x\": { \"type\": \"number\", \"value\": \"1\" } }";
        if (valid)
        {
            RuleSetSources.Load("{" + RuleSetSources.Header + body + "}");
        }
        else
        {
            Assert.Equal("RT0311", SingleError(body).Code);
        }
    }

    [Theory]
    [InlineData("COLLECT", "sum", true)]
    [InlineData("collect", "Count", true)]
    [InlineData("COLLECT", "MAX", true)]
    [InlineData("COLLECT", "None", false)]
    [InlineData("COLLECT", "1", false)]
    [InlineData("COLLECT", "AVG", false)]
    [InlineData("FIRST", "SUM", false)]
    public void Aggregations_are_read_ignoring_case_but_only_by_name_and_only_with_COLLECT(string policy, string aggregation, bool valid)
    {
        var body = "\"inputs\": { \"a\": \"number\" }, \"tables\": { \"t\": { \"hitPolicy\": \"" + policy + "\", \"aggregation\": \"" + aggregation + "\", \"inputs\": [\"a\"], \"outputs\": { \"o\": \"number\" }, \"rows\": [ { \"id\": \"r\", \"when\": [\"-\"], \"then\": { \"o\": 1 } } ] } }, \"outputs\": { \"x\": { \"type\": \"number\", \"value\": \"1\" } }";
        if (valid)
        {
            RuleSetSources.Load("{" + RuleSetSources.Header + body + "}");
        }
        else
        {
            Assert.Equal("RT0311", SingleError(body).Code);
        }
    }

    [Fact]
    public void A_module_file_needs_no_declaration_of_its_own()
    {
        var ruleSet = RuleSet.LoadFromSources(new Dictionary<string, string>
        {
            ["ruleset.json"] = """{ "ruleSet": { "name": "modules", "version": "1" }, "inputs": { "age": "number" } }""",
            ["values.json"] = """{ "module": "values", "description": "derived values", "values": { "adult": "age >= 18" } }""",
            ["outputs.json"] = """{ "$schema": "../schema/ruleset.schema.json", "outputs": { "adult": "bool" } }""",
        });

        Assert.Equal(true, ruleSet.Evaluate("""{ "age": 30 }""")["adult"].AsBool);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("_")]
    [InlineData("rsrScore")]
    [InlineData("Needs_2")]
    [InlineData("z9_Z")]
    [InlineData("")]
    [InlineData("9lives")]
    [InlineData("has space")]
    [InlineData("kebab-case")]
    [InlineData("dotted.name")]
    [InlineData("caf\u00e9")]
    [InlineData("\u0130d")]
    [InlineData("\uff41")]
    [InlineData("name\n")]
    [InlineData("name\r\n")]
    [InlineData("name\n\n")]
    [InlineData("\nname")]
    [InlineData("\n")]
    [InlineData("name\r")]
    [InlineData("name\t")]
    [InlineData("_\n")]
    public void An_input_name_is_accepted_exactly_when_the_whole_name_is_letters_digits_and_underscores(string name)
    {
        // The whole name must match, with no final line feed ('$' in a regular expression matches before one; '\z' does not).
        var valid = Regex.IsMatch(name, @"\A[A-Za-z_][A-Za-z0-9_]*\z");
        // An unknown key besides, so the load fails whether or not the name is accepted.
        var body = "\"inputs\": { " + System.Text.Json.JsonSerializer.Serialize(name) + ": \"number\" }, \"xyzzy\": 1";

        var errors = Errors(body).Where(d => d.Code == DiagnosticCodes.InvalidName).ToList();

        Assert.Equal(valid ? 0 : 1, errors.Count);
    }
}
