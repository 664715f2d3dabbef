using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace RiskTriage.Tests.Evaluation;

/// <summary>
/// Reading JSON cases against the declared inputs: missing data goes to review, bad data makes the case
/// invalid with the field's path and the reason, and nothing a caller can send makes Evaluate throw.
/// </summary>
public sealed class CaseReaderTests
{
    private static readonly RuleSet Rules = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": {
          "caseId": "string",
          "age": { "type": "number", "required": true },
          "priorOffences": { "type": "number", "default": 0 },
          "score": "number",
          "risk": { "type": "string", "enum": ["LOW", "HIGH", "VERY_HIGH"] },
          "start": "date",
          "employed": "bool",
          "flags": { "type": "list", "items": "string" },
          "address": { "type": "object", "properties": { "stable": { "type": "bool", "required": true }, "years": { "type": "number", "default": 1 } } },
          "orders": { "type": "list", "items": { "type": "object", "properties": { "kind": { "type": "string", "enum": ["CUSTODY", "COMMUNITY"], "required": true } } } }
        },
        "outputs": {
          "age": "number",
          "priorOffences": "number",
          "score": "number",
          "risk": "string",
          "start": "date",
          "employed": "bool",
          "flagCount": { "type": "number", "value": "flags.Count()" },
          "years": { "type": "number", "value": "address.years" },
          "orderCount": { "type": "number", "value": "orders.Count()" }
        }
        }
        """);

    private static Decision Evaluate(string json) => Rules.Evaluate(json, TraceDetail.Full);

    private static CaseError SingleError(string json)
    {
        var decision = Evaluate(json);
        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.All(decision.Outputs, o => Assert.True(o.Value.IsMissing));
        return Assert.Single(decision.Errors);
    }

    [Fact]
    public void A_complete_valid_case_is_complete()
    {
        var decision = Evaluate("""{ "caseId": "c1", "age": 30, "risk": "HIGH", "start": "2024-02-29", "employed": true, "flags": ["A", "B"] }""");

        Assert.Equal(DecisionStatus.Complete, decision.Status);
        Assert.Equal("c1", decision.CaseId);
        Assert.Equal(30, decision["age"].AsNumber);
        Assert.Equal(new DateOnly(2024, 2, 29), decision["start"].AsDate);
        Assert.Equal(2, decision["flagCount"].AsNumber);
    }

    [Fact]
    public void A_missing_required_input_asks_for_review_naming_the_field()
    {
        var decision = Evaluate("""{ "caseId": "c1" }""");

        Assert.Equal(DecisionStatus.ReviewRequired, decision.Status);
        var reason = Assert.Single(decision.ReviewReasons);
        Assert.Equal("MISSING_INPUT", reason.Code);
        Assert.Equal("age", reason.Source);
        Assert.Contains("'age'", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_input_given_as_null_is_missing()
    {
        var decision = Evaluate("""{ "age": null }""");

        Assert.Equal("age", Assert.Single(decision.ReviewReasons).Source);
    }

    [Fact]
    public void Missing_required_fields_inside_objects_and_list_items_are_named_by_path()
    {
        var decision = Evaluate("""{ "age": 30, "address": { }, "orders": [ { "kind": "CUSTODY" }, { } ] }""");

        Assert.Equal(DecisionStatus.ReviewRequired, decision.Status);
        Assert.Equal(["address.stable", "orders[1].kind"], decision.ReviewReasons.Select(r => r.Source));
    }

    [Fact]
    public void A_required_field_of_an_absent_optional_object_is_not_asked_for()
    {
        Assert.Equal(DecisionStatus.Complete, Evaluate("""{ "age": 30 }""").Status);
    }

    [Fact]
    public void A_declared_default_stands_in_for_a_missing_or_null_value()
    {
        Assert.Equal(0, Evaluate("""{ "age": 30 }""")["priorOffences"].AsNumber);
        Assert.Equal(0, Evaluate("""{ "age": 30, "priorOffences": null }""")["priorOffences"].AsNumber);
        Assert.Equal(4, Evaluate("""{ "age": 30, "priorOffences": 4 }""")["priorOffences"].AsNumber);
        Assert.Equal(1, Evaluate("""{ "age": 30, "address": { "stable": true } }""")["years"].AsNumber);
    }

    [Fact]
    public void A_default_applies_only_where_it_is_declared()
    {
        var decision = Evaluate("""{ "age": 30 }""");

        // score, employed, risk and start declare no default: they stay missing.
        Assert.True(decision["score"].IsMissing);
        Assert.True(decision["employed"].IsMissing);
        Assert.True(decision["risk"].IsMissing);
        Assert.True(decision["start"].IsMissing);

        // The nested default applies inside an address that is there, not to an address that is not.
        Assert.True(decision["years"].IsMissing);
    }

    [Fact]
    public void A_list_default_applies_to_a_missing_list()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "flags": { "type": "list", "items": "string", "default": ["A", "B"] }, "scores": { "type": "list", "items": "number", "default": [1, 2, 3] } },
            "outputs": { "flagCount": { "type": "number", "value": "flags.Count()" }, "total": { "type": "number", "value": "scores.Sum()" } }
            }
            """);

        Assert.Equal(2, ruleSet.Evaluate("{}")["flagCount"].AsNumber);
        Assert.Equal(6, ruleSet.Evaluate("{}")["total"].AsNumber);
        Assert.Equal(0, ruleSet.Evaluate("""{ "flags": [], "scores": [] }""")["flagCount"].AsNumber);
    }

    [Theory]
    [InlineData("""{ "age": "30" }""", "age", "number", "text \"30\"")]
    [InlineData("""{ "age": 30, "score": "7.5" }""", "score", "number", "text \"7.5\"")]
    [InlineData("""{ "age": 30, "employed": "true" }""", "employed", "true/false", "text \"true\"")]
    [InlineData("""{ "age": 30, "employed": 1 }""", "employed", "true/false", "a number")]
    [InlineData("""{ "age": 30, "risk": 3 }""", "risk", "text", "a number")]
    [InlineData("""{ "age": 30, "flags": "A" }""", "flags", "list", "text \"A\"")]
    [InlineData("""{ "age": 30, "flags": ["A", 2] }""", "flags[1]", "text", "a number")]
    [InlineData("""{ "age": 30, "address": true }""", "address", "object", "true/false")]
    [InlineData("""{ "age": 30, "address": { "stable": "yes" } }""", "address.stable", "true/false", "text \"yes\"")]
    [InlineData("""{ "age": 30, "orders": { "kind": "CUSTODY" } }""", "orders", "list", "an object")]
    [InlineData("""{ "age": 30, "start": 20240101 }""", "start", "date", "a number")]
    [InlineData("""{ "age": [30] }""", "age", "number", "a list")]
    public void A_value_of_the_wrong_type_makes_the_case_invalid_with_path_and_reason(string json, string path, string expected, string found)
    {
        var error = SingleError(json);

        Assert.Equal(path, error.Path);
        Assert.Contains("expected " + expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("found " + found, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2025-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("2026-6-9")]
    [InlineData("09/06/2026")]
    [InlineData("2026-06-09T00:00:00")]
    [InlineData("")]
    public void An_impossible_or_badly_written_date_is_invalid(string date)
    {
        var error = SingleError($$"""{ "age": 30, "start": "{{date}}" }""");

        Assert.Equal("start", error.Path);
        Assert.Contains("not a valid date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_enumeration_value_not_in_the_list_is_invalid_and_the_nearest_value_is_suggested()
    {
        var error = SingleError("""{ "age": 30, "risk": "HGIH" }""");

        Assert.Equal("risk", error.Path);
        Assert.Contains("LOW, HIGH, VERY_HIGH", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'HIGH'", error.Message, StringComparison.Ordinal);

        Assert.Equal("orders[0].kind", SingleError("""{ "age": 30, "orders": [ { "kind": "PAROLE" } ] }""").Path);
        Assert.Equal("risk", SingleError("""{ "age": 30, "risk": "high" }""").Path);
    }

    [Fact]
    public void Errors_deep_inside_lists_and_objects_give_the_whole_path()
    {
        var json = """
            { "sentences": [ { "type": "SC" }, { "type": "CO", "requirements": [ {}, { "restrictive": true }, { "mainCategory": 7 } ] } ],
              "ogrs3": { "totalSanctions": "many" }, "asOfDate": "2026-02-30" }
            """;

        var decision = RiskTriage.Tests.Reliability.ProbationData.RuleSet.Evaluate(json);

        Assert.Equal(["sentences[1].requirements[2].mainCategory", "ogrs3.totalSanctions", "asOfDate"], decision.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Every_bad_value_is_reported_not_just_the_first()
    {
        var decision = Evaluate("""{ "age": "x", "start": "2026-02-30", "risk": "NONE", "flags": [1, "A", true], "address": { "stable": 0 } }""");

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Equal(["age", "start", "risk", "flags[0]", "flags[2]", "address.stable"], decision.Errors.Select(e => e.Path));
        Assert.Empty(decision.ReviewReasons);
    }

    [Theory]
    [InlineData("""{ "age": 30, "risk": "HIGH" "score": 1 }""", 1, 29)]
    [InlineData("{\n  \"age\": 30,\n  \"risk\": \"HIGH\"\n  \"score\": 1\n}", 4, 3)]
    [InlineData("{ \"age\": 30,, }", 1, 13)]
    [InlineData("{ \"age\": tru }", 1, 10)]
    public void Malformed_JSON_is_invalid_and_the_message_gives_the_line_and_column(string json, int line, int column)
    {
        var error = SingleError(json);

        Assert.Contains($"line {line}, column {column}:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "age": 30 """)]
    [InlineData("""{ "age": """)]
    [InlineData("""{ "age": "30 }""")]
    [InlineData("""{ age: 30 } x""")]
    [InlineData("""{ "age": 30 } { "age": 31 }""")]
    [InlineData("""{ "age": 30 }]""")]
    [InlineData("\u0000")]
    public void Truncated_or_trailing_JSON_is_invalid(string json)
    {
        var decision = Evaluate(json);

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.NotEmpty(decision.Errors);
    }

    [Theory]
    [InlineData("""[ { "age": 30 } ]""", "a list")]
    [InlineData("\"age\"", "text")]
    [InlineData("30", "a number")]
    [InlineData("true", "true/false")]
    [InlineData("null", "null")]
    public void A_case_that_is_not_a_JSON_object_is_invalid(string json, string found)
    {
        var error = SingleError(json);

        Assert.Equal("$", error.Path);
        Assert.Contains("not " + found, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("// only a comment")]
    public void An_empty_case_is_invalid(string json)
    {
        Assert.Equal("$", SingleError(json).Path);
    }

    [Fact]
    public void Fields_the_rule_set_does_not_declare_are_ignored_by_default()
    {
        var decision = Evaluate("""{ "age": 30, "officer": { "name": "x", "teams": [1, 2] }, "notes": [null, "a"], "extra": 1 }""");

        Assert.Equal(DecisionStatus.Complete, decision.Status);
    }

    [Fact]
    public void Undeclared_fields_make_the_case_invalid_when_the_options_reject_them()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "age": "number", "address": { "type": "object", "properties": { "stable": "bool" } } },
            "outputs": { "age": "number" }
            }
            """, new RuleSetOptions { UnknownFields = UnknownFieldHandling.Reject });

        var decision = ruleSet.Evaluate("""{ "age": 30, "agee": 31, "address": { "stabel": true } }""");

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Equal(["agee", "address.stabel"], decision.Errors.Select(e => e.Path));
        Assert.Contains("did you mean 'age'", decision.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'stable'", decision.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_case_id_is_read_from_text_or_a_whole_number_even_when_not_declared()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """ "inputs": { "age": "number" }, "outputs": { "age": "number" } }""");

        Assert.Equal("abc", ruleSet.Evaluate("""{ "caseId": "abc", "age": 1 }""").CaseId);
        Assert.Equal("42", ruleSet.Evaluate("""{ "caseId": 42 }""").CaseId);
        Assert.Null(ruleSet.Evaluate("""{ "caseId": null }""").CaseId);
        var invalid = ruleSet.Evaluate("""{ "caseId": { "id": 1 } }""");
        Assert.Equal(DecisionStatus.Invalid, invalid.Status);
        Assert.Equal("caseId", Assert.Single(invalid.Errors).Path);
    }

    [Fact]
    public void The_case_id_is_kept_on_an_invalid_decision()
    {
        Assert.Equal("c9", Evaluate("""{ "caseId": "c9", "age": "x" }""").CaseId);
    }

    [Fact]
    public void Numbers_too_large_for_a_double_are_invalid()
    {
        var decision = Evaluate("""{ "age": 1e400 }""");

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Equal("age", Assert.Single(decision.Errors).Path);
    }

    [Fact]
    public void Big_integers_and_exponents_are_read_as_numbers()
    {
        Assert.Equal(1e21, Evaluate("""{ "age": 1000000000000000000000 }""")["age"].AsNumber);
        Assert.Equal(2.5e-3, Evaluate("""{ "age": 2.5E-3 }""")["age"].AsNumber);
        Assert.Equal(0, Evaluate("""{ "age": -0 }""")["age"].AsNumber);
    }

    [Fact]
    public void Comments_in_a_case_are_errors_because_cases_are_strict_JSON()
    {
        var json = """
            { /* the age */ "age": 30, "flags": [ /* none yet */ "A" ] }
            """;
        using var reader = new JsonTextReader(new StringReader(json));

        foreach (var decision in new[] { Evaluate(json), Rules.Evaluate((JsonReader)reader) })
        {
            Assert.Equal(DecisionStatus.Invalid, decision.Status);
            Assert.Contains(decision.Errors, e => e.Message.Contains("comment", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Limits_make_oversized_cases_invalid_instead_of_exhausting_memory()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "name": "string", "flags": { "type": "list", "items": "string" }, "nested": { "type": "object", "properties": { "n": "number" } } },
            "outputs": { "name": "string" }
            }
            """, new RuleSetOptions { Limits = new RuleSetLimits { MaxCaseStringLength = 10, MaxCollectionItems = 3, MaxJsonDepth = 4, MaxCaseLength = 200 } });

        Assert.Equal("name", Assert.Single(ruleSet.Evaluate("""{ "name": "12345678901" }""").Errors).Path);
        Assert.Equal("flags", Assert.Single(ruleSet.Evaluate("""{ "flags": ["a", "b", "c", "d", "e"] }""").Errors).Path);
        Assert.Equal(DecisionStatus.Invalid, ruleSet.Evaluate("""{ "extra": [[[[[[1]]]]]] }""").Status);
        Assert.Equal("$", Assert.Single(ruleSet.Evaluate("{ \"name\": \"" + new string('x', 300) + "\" }").Errors).Path);

        Assert.Equal(DecisionStatus.Complete, ruleSet.Evaluate("""{ "name": "1234567890", "flags": ["a", "b", "c"], "nested": { "n": 1 } }""").Status);
    }

    [Fact]
    public void String_stream_JObject_and_reader_inputs_give_the_same_decision()
    {
        const string json = """{ "caseId": "same", "age": 30, "risk": "HIGH", "start": "2026-06-09", "flags": ["A"], "address": { "stable": false }, "orders": [ { "kind": "CUSTODY" } ] }""";
        var expected = Rules.Evaluate(json, TraceDetail.Full).ToJson();

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        Assert.Equal(expected, Rules.Evaluate(stream, TraceDetail.Full).ToJson());

        Assert.Equal(expected, Rules.Evaluate(JObject.Parse(json), TraceDetail.Full).ToJson());

        using var reader = new JsonTextReader(new StringReader(json));
        Assert.Equal(expected, Rules.Evaluate(reader, TraceDetail.Full).ToJson());
    }

    [Fact]
    public void A_stream_with_a_byte_order_mark_or_invalid_UTF8_does_not_throw()
    {
        using var withBom = new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("""{ "age": 30 }""")]);
        Assert.Equal(DecisionStatus.Complete, Rules.Evaluate(withBom).Status);

        // Invalid bytes are an error, not U+FFFD (which silently changed the text).
        using var invalid = new MemoryStream([(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        var decision = Rules.Evaluate(invalid);
        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Contains("not valid UTF-8", Assert.Single(decision.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_a_caller_sends_makes_Evaluate_throw()
    {
        var random = new Random(42);
        var fragments = new[] { "{", "}", "[", "]", ":", ",", "\"age\"", "\"risk\"", "\"flags\"", "\"address\"", "\"orders\"", "\"kind\"", "30", "-1e999", "\"HIGH\"", "\"2026-02-30\"", "null", "true", "\"\\u0000\"", "/*", "\\", "\"", " " };
        for (var i = 0; i < 2000; i++)
        {
            var sb = new StringBuilder();
            var length = random.Next(1, 30);
            for (var j = 0; j < length; j++)
            {
                sb.Append(fragments[random.Next(fragments.Length)]);
            }

            var json = sb.ToString();
            var decision = Rules.Evaluate(json, TraceDetail.Full);
            Assert.NotNull(decision.ToJson());
            if (decision.Status == DecisionStatus.Invalid)
            {
                Assert.NotEmpty(decision.Errors);
                Assert.All(decision.Outputs, o => Assert.True(o.Value.IsMissing));
            }
        }
    }
}
