using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Evaluation;

namespace RiskTriage.Tests.Evaluation;

/// <summary>
/// Cases are strict JSON (RFC 8259) on every path: what Newtonsoft's lenient reader would take for something else
/// (075 as octal 61, 0x4B as 75, single quotes, trailing commas, constructors, undefined, raw NUL, comments) is a
/// case error with its line, column, path and how to write it; a field given twice is an error at any depth; dates
/// are YYYY-MM-DD text only; a lone surrogate in any text is an error rather than a silent U+FFFD.
/// </summary>
public sealed class StrictJsonScannerTests
{
    private static readonly RuleSet Rules = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": {
          "caseId": "string",
          "age": "number",
          "risk": { "type": "string", "enum": ["LOW", "HIGH"] },
          "start": "date",
          "note": "string",
          "address": { "type": "object", "properties": { "years": "number" } },
          "orders": { "type": "list", "items": { "type": "object", "properties": { "kind": "string" } } }
        },
        "outputs": { "age": "number", "risk": "string", "start": "date", "years": { "type": "number", "value": "address.years" } }
        }
        """);

    /// <summary>Each lenient form, the path its error names, and a word of the hint.</summary>
    public static TheoryData<string, string, string, string> NotStrict => new()
    {
        { "octal", """{ "caseId": "c", "age": 075 }""", "age", "must not start with 0" },
        { "hexadecimal", """{ "caseId": "c", "age": 0x4B }""", "age", "hexadecimal" },
        { "single-quoted text", """{ "caseId": "c", "risk": 'LOW' }""", "risk", "double quotes" },
        { "single-quoted name", """{ "caseId": "c", 'age': 30 }""", "caseId", "double quotes" },
        { "unquoted name", """{ "caseId": "c", age: 30 }""", "caseId", "double quotes" },
        { "trailing comma in an object", """{ "caseId": "c", "age": 30, }""", "age", "remove it" },
        { "trailing comma in a list", """{ "caseId": "c", "orders": [ { "kind": "X" }, ] }""", "orders[0]", "remove it" },
        { "constructor", """{ "caseId": "c", "start": new Date(1) }""", "start", "constructors" },
        { "undefined", """{ "caseId": "c", "age": undefined }""", "age", "undefined is not JSON" },
        { "raw NUL in text", "{ \"caseId\": \"c\", \"note\": \"a\0b\" }", "note", "NUL" },
        { "raw NUL between values", "{ \"caseId\": \"c\", \"age\": 1\0 }", "age", "NUL" },
        { "NaN", """{ "caseId": "c", "age": NaN }""", "age", "NaN" },
        { "-Infinity", """{ "caseId": "c", "age": -Infinity }""", "age", "Infinity" },
        { "comment", """{ "caseId": "c", /* the age */ "age": 30 }""", "caseId", "comments" },
        { "leading plus", """{ "caseId": "c", "age": +3 }""", "age", "'+'" },
        { "bare decimal point", """{ "caseId": "c", "age": .5 }""", "age", "0.5" },
        { "True", """{ "caseId": "c", "flag": True }""", "flag", "lower case" },
        { "raw control character", "{ \"caseId\": \"c\", \"note\": \"a\tb\" }", "note", "escaped" },
        { "bad escape", """{ "caseId": "c", "note": "a\qb" }""", "note", "escape" },
        { "nested", """{ "caseId": "c", "orders": [ { "kind": "A" }, { "kind": 'B' } ] }""", "orders[1].kind", "double quotes" },
        { "missing comma", """{ "caseId": "c" "age": 1 }""", "caseId", "comma is missing" },
    };

    [Theory]
    [MemberData(nameof(NotStrict))]
    public void Lenient_JSON_is_a_case_error_with_its_place_and_a_hint(string name, string json, string path, string hint)
    {
        foreach (var decision in new[] { Rules.Evaluate(json), Rules.Evaluate(new MemoryStream(new UTF8Encoding(false).GetBytes(json))) })
        {
            Assert.Equal(DecisionStatus.Invalid, decision.Status);
            var error = Assert.Single(decision.Errors);
            Assert.True(error.Path == path, $"{name}: path {error.Path}, expected {path}");
            Assert.Contains("not valid JSON at line 1, column ", error.Message, StringComparison.Ordinal);
            Assert.Contains(hint, error.Message, StringComparison.Ordinal);
            Assert.Equal("c", decision.CaseId);
            Assert.All(decision.Outputs, o => Assert.True(o.Value.IsMissing));
        }
    }

    [Fact]
    public void Octal_and_hex_numbers_are_not_read_as_other_numbers()
    {
        // Newtonsoft alone reads 075 as 61 and 0x4B as 75 and gives a Complete decision.
        var octal = Rules.Evaluate("""{ "age": 075 }""");
        Assert.Equal(DecisionStatus.Invalid, octal.Status);
        Assert.Contains("write 75", Assert.Single(octal.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(DecisionStatus.Invalid, Rules.Evaluate("""{ "age": 0x4B }""").Status);
        Assert.Equal(DecisionStatus.Invalid, Rules.Evaluate("""{ "age": -012 }""").Status);
    }

    [Fact]
    public void The_error_names_the_line_and_column_of_the_fault()
    {
        var decision = Rules.Evaluate("{\n  \"caseId\": \"c\",\n  \"age\": 075\n}");

        var error = Assert.Single(decision.Errors);
        Assert.StartsWith("the case is not valid JSON at line 3, column 10:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "age": 0 }""")]
    [InlineData("""{ "age": -0.5e-3, "note": "\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t", "orders": [], "address": {} }""")]
    [InlineData("\uFEFF{ \"age\": 1E+2 }")]
    [InlineData(" \r\n\t{ \"note\": \"😀 東京\" } \n")]
    public void Strict_JSON_is_read(string json)
    {
        Assert.Null(StrictJsonScanner.Check(json, 64, "caseId", 100));
        Assert.NotEqual(DecisionStatus.Invalid, Rules.Evaluate(json).Status);
    }

    [Fact]
    public void Nesting_past_the_depth_limit_is_reported_at_its_field_without_recursing_further()
    {
        var json = "{ \"caseId\": \"c\", \"orders\": " + new string('[', 100_000) + new string(']', 100_000) + " }";

        var failure = StrictJsonScanner.Check(json, 64, "caseId", 100);

        Assert.NotNull(failure);
        Assert.Equal("orders", failure.Path);
        Assert.Contains("nested more than 64", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A case that is not strict JSON still carries its id when the id is written as text after the fault, so a batch's
    /// invalid decision can be matched to its case; an id that is itself not valid text is not carried.
    /// </summary>
    public static TheoryData<string, string?> IdsAfterTheFault => new()
    {
        { """{ "\ud800": 1, "caseId": "C-7" }""", "C-7" },
        { """{ "age": 075, "caseId": "C-8" }""", "C-8" },
        { """{ "note": 'x', "orders": [ { "kind": "A" } ], "caseId": "C-9" }""", "C-9" },
        { """{ "age": 075, "caseId": "\ud800x" }""", null },
        { """{ "age": 075, "caseId": 12 }""", null },
        { """{ "age": 075, "caseId": "C-10" """, "C-10" },
        { """{ "age": 075, "caseId": "C-1""", null },
    };

    [Theory]
    [MemberData(nameof(IdsAfterTheFault), DisableDiscoveryEnumeration = true)]
    public void An_invalid_case_keeps_its_id_written_after_the_fault(string json, string? id)
    {
        var decision = Rules.Evaluate(json);

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Equal(id, decision.CaseId);
    }

    // Not [InlineData]: attribute text is stored as UTF-8, where a lone surrogate is already U+FFFD.
    public static TheoryData<string, string> LoneSurrogates => new()
    {
        { """{ "caseId": "c", "note": "\ud800" }""", "note" },
        { """{ "caseId": "c", "note": "\udc00x" }""", "note" },
        { """{ "caseId": "c", "note": "\ud800\u0041" }""", "note" },
        { "{ \"caseId\": \"c\", \"note\": \"\uD800\" }", "note" },
        { "{ \"caseId\": \"c\", \"note\": \"x\uDC00\" }", "note" },
        { "{ \"caseId\": \"c\", \"orders\": [ { \"kind\": \"\uDBFF\" } ] }", "orders[0].kind" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates), DisableDiscoveryEnumeration = true)]
    public void A_lone_surrogate_in_case_text_is_an_error(string json, string path)
    {
        var decision = Rules.Evaluate(json);

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        var error = Assert.Single(decision.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains("lone UTF-16 surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_in_the_case_id_is_an_error_and_not_copied_into_the_decision()
    {
        // Before: the id was copied as it was and turned into U+FFFD when the decision was written out.
        var text = Rules.Evaluate("""{ "caseId": "id-\ud800", "age": 1 }""");
        Assert.Equal(DecisionStatus.Invalid, text.Status);
        Assert.Equal("caseId", Assert.Single(text.Errors).Path);
        Assert.Null(text.CaseId);

        var parsed = new JObject { ["caseId"] = "id-\uD800", ["age"] = 1 };
        var fromObject = Rules.Evaluate(parsed);
        Assert.Equal(DecisionStatus.Invalid, fromObject.Status);
        Assert.Equal("caseId", Assert.Single(fromObject.Errors).Path);
        Assert.Null(fromObject.CaseId);
    }

    [Fact]
    public void A_case_id_not_declared_as_an_input_is_checked_too()
    {
        var rules = RuleSetSources.Load("{" + RuleSetSources.Header + """ "inputs": { "age": "number" }, "outputs": { "age": "number" } }""");
        var decision = rules.Evaluate(new JObject { ["caseId"] = "\uDBFFx", ["age"] = 1 });

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Equal("caseId", Assert.Single(decision.Errors).Path);
    }

    [Fact]
    public void A_stream_that_is_not_UTF8_is_an_error_not_U_FFFD()
    {
        var bytes = Encoding.UTF8.GetBytes("""{ "caseId": "c", "note": "x" }""");
        bytes[Array.IndexOf(bytes, (byte)'x')] = 0xFF;

        var decision = Rules.Evaluate(new MemoryStream(bytes));

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Contains("not valid UTF-8", Assert.Single(decision.Errors).Message, StringComparison.Ordinal);
    }

    // ---- A field given twice ---------------------------------------------------------------------

    public static TheoryData<string, string> Duplicates => new()
    {
        { """{ "caseId": "c", "risk": "HIGH", "risk": "LOW" }""", "risk" },
        { """{ "caseId": "c", "address": { "years": 1, "years": 9 } }""", "address.years" },
        { """{ "caseId": "c", "orders": [ { "kind": "A" }, { "kind": "A", "kind": "B" } ] }""", "orders[1].kind" },
        { """{ "caseId": "c", "other": 1, "other": 2 }""", "other" },
        { """{ "caseId": "c", "other": { "x": [ { "y": 1, "y": 2 } ] } }""", "other.x[0].y" },
        { """{ "caseId": "c", "age": 1, "caseId": "d" }""", "caseId" },
    };

    [Theory]
    [MemberData(nameof(Duplicates))]
    public void A_field_given_twice_is_an_error_at_every_depth_on_every_reader(string json, string path)
    {
        using var textReader = new JsonTextReader(new StringReader(json));
        var decisions = new[]
        {
            Rules.Evaluate(json),
            Rules.Evaluate(new MemoryStream(Encoding.UTF8.GetBytes(json))),
            Rules.Evaluate((JsonReader)textReader),
        };
        foreach (var decision in decisions)
        {
            Assert.Equal(DecisionStatus.Invalid, decision.Status);
            var error = Assert.Single(decision.Errors);
            Assert.Equal(path, error.Path);
            Assert.Contains("twice", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_second_rosh_in_the_first_example_no_longer_lowers_its_tier()
    {
        var example = File.ReadAllText(Path.Combine(TestPaths.Rules, "probation", "examples", "cases.json"));
        var first = (JObject)JArray.Parse(example)[0];
        var json = first.ToString(Formatting.None);
        var original = Reliability.ProbationData.RuleSet.Evaluate(json);
        Assert.Equal(DecisionStatus.Complete, original.Status);

        // Last-wins used to turn A3 into B3, Complete.
        var twice = json.Replace("\"rosh\":\"HIGH\"", "\"rosh\":\"HIGH\",\"rosh\":\"LOW\"", StringComparison.Ordinal);
        Assert.NotEqual(json, twice);
        var decision = Reliability.ProbationData.RuleSet.Evaluate(twice);

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Equal("rosh", Assert.Single(decision.Errors).Path);
    }

    // ---- Dates ----------------------------------------------------------------------------------

    [Theory]
    [InlineData("2026-06-10T00:30:00+09:00")]
    [InlineData("2026-06-09T00:00:00")]
    public void A_date_Newtonsoft_parsed_in_a_JObject_is_an_error_that_says_how_to_parse_it(string text)
    {
        // JObject.Parse with defaults turns the text into a DateTime in the machine's time zone.
        var json = JObject.Parse($$"""{ "caseId": "c", "start": "{{text}}" }""");
        Assert.Equal(JTokenType.Date, json["start"]!.Type);

        var decision = Rules.Evaluate(json);

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        var error = Assert.Single(decision.Errors);
        Assert.Equal("start", error.Path);
        Assert.Contains("DateParseHandling.None", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-06-10T00:30:00+09:00")]
    [InlineData("2026-06-10T00:30:00Z")]
    [InlineData("2026-06-10 00:30")]
    [InlineData("20260610")]
    public void A_date_with_a_time_is_an_error_on_every_path(string text)
    {
        var json = $$"""{ "caseId": "c", "start": "{{text}}" }""";
        using var noDates = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        using var withDates = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.DateTimeOffset };
        var decisions = new[]
        {
            Rules.Evaluate(json),
            Rules.Evaluate(JObject.Load(noDates)),
            Rules.Evaluate((JsonReader)withDates),
        };
        foreach (var decision in decisions)
        {
            Assert.Equal(DecisionStatus.Invalid, decision.Status);
            Assert.Equal("start", Assert.Single(decision.Errors).Path);
        }
    }
}
