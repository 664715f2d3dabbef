using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Newtonsoft.Json;
using RiskTriage.Evaluation;
using RiskTriage.Runtime;
using RiskTriage.Tests.Reliability;

namespace RiskTriage.Tests.Evaluation;

/// <summary>
/// The UTF-8 case reader against the strict path it replaces on the hot path (the strict scanner, then Newtonsoft):
/// for any text, valid or not, the two give byte-identical decisions, errors (paths, positions, wording) included;
/// the UTF-8 entry point gives what a stream of the same bytes gives; and the fast reader really takes the cases
/// it should, leaving only the rare ones to the strict path.
/// </summary>
public sealed class Utf8CaseReaderTests
{
    private const string Inputs = """
        "inputs": {
          "caseId": "string",
          "age": { "type": "number", "required": true },
          "priorOffences": { "type": "number", "default": 0 },
          "risk": { "type": "string", "enum": ["LOW", "HIGH", "VERY_HIGH"] },
          "start": "date",
          "employed": "bool",
          "flags": { "type": "list", "items": "string" },
          "scores": { "type": "list", "items": "number" },
          "address": { "type": "object", "properties": { "stable": { "type": "bool", "required": true }, "years": { "type": "number", "default": 1 } } },
          "orders": { "type": "list", "items": { "type": "object", "properties": { "kind": { "type": "string", "enum": ["CUSTODY", "COMMUNITY"], "required": true }, "ends": "date" } } }
        },
        "outputs": {
          "age": "number",
          "risk": "string",
          "start": "date",
          "flagCount": { "type": "number", "value": "flags.Count()" },
          "years": { "type": "number", "value": "address.years" },
          "orderCount": { "type": "number", "value": "orders.Count()" }
        }
        }
        """;

    private static readonly RuleSet Rules = RuleSetSources.Load("{" + RuleSetSources.Header + Inputs);

    // Small limits, so that every limit is reached by a short case; unknown fields rejected (with suggestions).
    private static readonly RuleSet Strict = RuleSetSources.Load("{" + RuleSetSources.Header + Inputs, new RuleSetOptions
    {
        UnknownFields = UnknownFieldHandling.Reject,
        Limits = new RuleSetLimits { MaxCaseStringLength = 10, MaxCollectionItems = 3, MaxCaseItems = 5, MaxJsonDepth = 8, MaxCaseErrors = 2, MaxCaseLength = 300 },
    });

    // An undeclared case id: read from the root only, as text or a whole number.
    private static readonly RuleSet UndeclaredId = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "age": "number" },
        "outputs": { "age": "number" }
        }
        """);

    public static TheoryData<string> Texts => new(
        """{ "caseId": "c1", "age": 30, "risk": "HIGH", "start": "2024-02-29", "employed": true, "flags": ["A", "B"], "scores": [1, 2.5, -0, 1e2] }""",
        """{"orders":[{"kind":"CUSTODY","ends":"2026-01-31"},{"kind":"COMMUNITY"}],"address":{"stable":true},"age":1}""",
        """{ "age": 30, "risk": "high", "start": "2024-02-30", "employed": "yes", "flags": "A", "scores": [1, "2"], "address": [] }""",
        """{ "age": "30", "start": "2026-6-9", "orders": [{ "kind": "PRISON" }, 3, null, { "ends": "x" }] }""",
        """{ "age": 1e400, "scores": [123456789012345678901234567890, 9007199254740993, -0, -0.0, 0.1, 1E-400] }""",
        """{ "age": -0 }""",
        """{ "age": -0.0 }""",
        """{ "age": 123456789012345678901234567890 }""",
        """{ "age": 18014398509481985 }""",
        """{ "age": 1, "age": 2 }""",
        """{ "age": 1, "agee": 2, "agee": { "x": 1 } }""",
        """{ "age": 1, "unknown": { "a": 1, "a": 2 } }""",
        """{ "age": 1, "unknown": [{ "a": 1 }, { "a": 1, "b": [1, { "c": 1, "c": 2 }] }] }""",
        """{ "age": 1, "unknown": "\uD800" }""",
        """{ "age": 1, "risk": "\uDE00\uD800" }""",
        """{ "age": 1, "flags": ["\uD83D\uDE00", "\u00e9\n\t\"\\\/"], "risk": "\u0048IGH" }""",
        """{ "a\u0067e": 7, "ri\u0073k": "LOW" }""",
        "\uFEFF{ \"age\": 3 }",
        "\uFEFF\uFEFF{ \"age\": 3 }",
        """{ "age": 3 } // done""",
        """{ "age": 3, }""",
        """{ "age": 075 }""",
        """{ "age": 0x4B }""",
        """{ 'age': 3 }""",
        """{ age: 3 }""",
        """{ "age": NaN }""",
        """{ "age": undefined }""",
        """{ "start": new Date(1) }""",
        """{ "age": 3 } { "age": 4 }""",
        """{ "age": 3 } x""",
        """[{ "age": 3 }]""",
        """[1, 075]""",
        "42",
        "\"text\"",
        "null",
        "true",
        "",
        "   ",
        "{",
        """{ "age": 3""",
        """{ "age": 3, "flags": ["a" """,
        """{ "age" 3 }""",
        """{ "age": 3 "risk": "LOW" }""",
        "{ \"age\": 3, \"flags\": [\"a\u0001\"] }",
        "{ \"age\": 3, \"flags\": [\"a\u0000\"] }",
        """{ "age": 3, "flags": ["\x"] }""",
        """{ "age": 3, "flags": ["\u12"] }""",
        """{ "age": 3, "address": { "stable": true, "inner": { "deep": [[[[[[1]]]]]] } } }""",
        """{ "age": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]] }""",
        """{ "caseId": 12, "age": 3 }""",
        """{ "age": 075, "caseId": "c1" }""",
        """{ "caseId": "c-1", "age": "x" }""",
        """{ "caseId": "c-1", "age": 3, "cases": 1 }""",
        """{ "age": 3, "flags": ["a", "b", "c", "d", "e"], "scores": [1, 2, 3] }""",
        """{ "age": "a", "risk": "b", "start": "c", "employed": 1, "flags": 2 }""",
        """{ "age": 3, "flags": ["this text is longer than ten characters"] }""",
        """{ "age": 3, "risk": "VERY_HIGH" }""",
        "{ \"age\": 3, \"flags\": [\"" + new string('\u00e9', 20_000) + "\"] }",
        "{ \"age\": 3, \"flags\": [\"" + new string('\u00e9', 20_000) + "\uD800\"] }");

    public static TheoryData<string> UndeclaredIds => new(
        """{ "caseId": "c1", "age": 3 }""",
        """{ "caseId": 12345678901234567890123, "age": 3 }""",
        "{ \"caseId\": -" + new string('7', 379) + ", \"age\": 3 }",
        """{ "caseId": -0, "age": 3 }""",
        """{ "caseId": 1.5, "age": 3 }""",
        """{ "caseId": { "a": 1, "a": 2 }, "age": 3 }""",
        """{ "caseId": [1], "age": 3 }""",
        """{ "caseId": null, "age": 3 }""",
        """{ "caseId": "\uD800", "age": 3 }""",
        """{ "age": 3, "inner": { "caseId": "not the root" } }""");

    [Theory]
    [MemberData(nameof(Texts))]
    public void Any_text_gives_the_decision_of_the_strict_path(string json)
    {
        // A text past the case-size limit is refused before either path reads it.
        foreach (var rules in json.Length <= Strict.Limits.MaxCaseLength ? new[] { Rules, Strict } : [Rules])
        {
            foreach (var trace in new[] { TraceDetail.None, TraceDetail.Full })
            {
                Assert.Equal(rules.EvaluateStrict(json, trace).ToJson(), rules.Evaluate(json, trace).ToJson());
            }
        }
    }

    [Theory]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("-1E-400")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("-9223372036854775809")]
    [InlineData("18014398509481985")]
    [InlineData("0.30000000000000004")]
    public void Numbers_are_read_to_the_bit_as_the_strict_path_reads_them(string number)
    {
        var json = $$"""{ "age": {{number}} }""";
        Assert.Equal(
            BitConverter.DoubleToInt64Bits(Rules.EvaluateStrict(json, TraceDetail.None)["age"].AsNumber!.Value),
            BitConverter.DoubleToInt64Bits(Rules.Evaluate(json)["age"].AsNumber!.Value));
    }

    [Fact]
    public void Whole_numbers_about_the_largest_double_are_read_to_the_bit_as_the_strict_path_reads_them()
    {
        // Past 309 digits a whole number is infinite without a BigInteger; up to there it is one (1e308 and
        // double.MaxValue's digits are finite, their next power of ten is not).
        var maxValue = new System.Numerics.BigInteger(double.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var digits in new[] { "1" + new string('0', 308), maxValue, "1" + new string('0', 309), new string('9', 309), new string('9', 310), new string('9', 379) })
        {
            foreach (var number in new[] { digits, "-" + digits })
            {
                var json = $$"""{ "age": {{number}} }""";
                var strict = Rules.EvaluateStrict(json, TraceDetail.None);
                var read = Rules.Evaluate(json);
                Assert.Equal(strict.ToJson(), read.ToJson());
                Assert.Equal(strict["age"].AsNumber is { } a ? BitConverter.DoubleToInt64Bits(a) : (long?)null, read["age"].AsNumber is { } b ? BitConverter.DoubleToInt64Bits(b) : (long?)null);
            }
        }
    }

    [Fact]
    public void Short_decimals_are_read_to_the_bit_as_the_strict_path_reads_them()
    {
        // The numbers cases are made of (a sign, up to 17 digits, a point anywhere or none, now and then an exponent), around
        // the 15 digits below which the reader skips the general parser.
        var random = new Random(19);
        for (var n = 0; n < 4_000; n++)
        {
            var digits = string.Concat(Enumerable.Range(0, random.Next(1, 18)).Select(_ => (char)('0' + random.Next(10))));
            var number = (random.Next(4) == 0 ? "-" : string.Empty)
                + (digits.Length == 1 ? digits : random.Next(3) switch
                {
                    0 => $"0.{digits}",
                    1 => $"{digits[0]}.{digits[1..]}",
                    // A whole number (JSON allows no leading zero).
                    _ => digits.TrimStart('0') is { Length: > 0 } whole ? whole : "0",
                })
                + (random.Next(10) == 0 ? $"e{random.Next(-30, 30)}" : string.Empty);
            var json = $$"""{ "age": {{number}}, "scores": [{{number}}, 1{{number.TrimStart('-')}}] }""";
            Assert.Equal(Rules.EvaluateStrict(json, TraceDetail.Full).ToJson(), Rules.Evaluate(json, TraceDetail.Full).ToJson());
            Assert.Equal(
                BitConverter.DoubleToInt64Bits(Rules.EvaluateStrict(json, TraceDetail.None)["age"].AsNumber!.Value),
                BitConverter.DoubleToInt64Bits(Rules.Evaluate(json)["age"].AsNumber!.Value));
        }
    }

    [Theory]
    [InlineData("""{ "orders": [{ "ends": "2026-01-31", "kind": "CUSTODY" }], "address": { "years": 2, "stable": true }, "flags": ["a"], "age": 1, "caseId": "c" }""")]
    [InlineData("""{ "caseId": "c", "risk": "LOW", "age": 1, "x": 1, "start": "2026-01-01", "flags": [], "employed": true, "priorOffences": 2 }""")]
    [InlineData("""{ "scores": [1], "a\u0067e": 3, "ri\u0073k": "HIGH", "st\u0061rt": "2024-01-01", "unknown": 1, "caseId": "x" }""")]
    [InlineData("""{ "age": 1, "age\u0000": 2, "ag": 3, "agee": 4, "": 5, "AGE": 6 }""")]
    [InlineData("""{ "caseId": "c", "risk": "HI\u0047H", "age": 1 }""")]
    [InlineData("""{ "caseId": "c", "risk": "H\u0049GHX", "age": 1 }""")]
    public void Fields_in_any_order_are_found_as_the_strict_path_finds_them(string json)
    {
        foreach (var rules in new[] { Rules, Strict })
        {
            Assert.Equal(rules.EvaluateStrict(json, TraceDetail.Full).ToJson(), rules.Evaluate(json, TraceDetail.Full).ToJson());
            Assert.Equal(rules.Evaluate(new MemoryStream(Encoding.UTF8.GetBytes(json))).ToJson(), rules.Evaluate(Encoding.UTF8.GetBytes(json).AsSpan()).ToJson());
        }
    }

    [Theory]
    [MemberData(nameof(UndeclaredIds))]
    public void An_undeclared_case_id_is_read_as_the_strict_path_reads_it(string json) =>
        Assert.Equal(UndeclaredId.EvaluateStrict(json, TraceDetail.None).ToJson(), UndeclaredId.Evaluate(json).ToJson());

    [Theory]
    [MemberData(nameof(Texts))]
    public void Utf8_bytes_give_the_decision_of_a_stream_of_the_same_bytes(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        foreach (var rules in new[] { Rules, Strict })
        {
            Assert.Equal(rules.Evaluate(new MemoryStream(bytes)).ToJson(), rules.Evaluate(bytes.AsSpan()).ToJson());
        }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Text_bytes_and_a_stream_give_the_same_decision_with_a_byte_order_mark_or_without(string json)
    {
        // A case may start with one byte order mark, which is not one of its characters; a second one is. Before, a
        // mark shifted the column of a strict-JSON error by one when the case was text (it was counted there), and
        // two marks were refused as text but accepted as bytes or a stream (whose reader had taken the first away).
        foreach (var text in new[] { json, "\uFEFF" + json, "\uFEFF\uFEFF" + json, "\uFEFF\n" + json })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            // A case past the length limit is worded apart: text is counted whole, a stream (and bytes, as a stream)
            // is read only one character past the limit ("more than ...").
            foreach (var rules in new[] { Rules, Strict }.Where(r => text.Length <= r.Options.Limits.MaxCaseLength))
            {
                var expected = rules.Evaluate(text).ToJson();
                Assert.Equal(expected, rules.Evaluate(bytes.AsSpan()).ToJson());
                Assert.Equal(expected, rules.Evaluate(new MemoryStream(bytes)).ToJson());
            }
        }
    }

    public static TheoryData<byte[]> Bytes => new(
        [0xEF, 0xBB, 0xBF, .. "{\"age\": 3}"u8],
        [.. "{\"age\": 3, \"flags\": [\""u8, 0xC3, 0x28, .. "\"]}"u8],
        [.. "{\"age\": 3, \"flags\": [\""u8, 0xED, 0xA0, 0x80, .. "\"]}"u8],
        [.. "{\"age\": 3, \"flags\": [\""u8, 0xFF, .. "\"]}"u8],
        [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("{\"age\": 3}")],
        [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes("{\"age\": 3}")],
        [.. "{\"age\": 3, \"flags\": [\""u8, .. Encoding.UTF8.GetBytes(new string('\u00e9', 200)), .. "\"]}"u8],
        [.. "{\"age\": 3, \"flags\": [\""u8, .. Encoding.UTF8.GetBytes(new string('x', 400)), .. "\"]}"u8],
        []);

    [Theory]
    [MemberData(nameof(Bytes))]
    public void Bytes_that_are_not_utf8_or_too_long_are_worded_as_a_stream_words_them(byte[] bytes)
    {
        foreach (var rules in new[] { Rules, Strict })
        {
            Assert.Equal(rules.Evaluate(new MemoryStream(bytes)).ToJson(), rules.Evaluate(bytes.AsSpan()).ToJson());
        }
    }

    [Fact]
    public void Random_probation_cases_give_the_decision_of_the_strict_path()
    {
        var probation = ProbationData.RuleSet;
        var rejecting = ProbationData.RejectingUnknownFields;
        var schema = Utf8CaseSchema.Build(probation.Checked.Inputs, probation.Checked.CaseIdField);
        var fast = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_500).WithQuietOnSuccess(true), Prop.ForAll(
            FuzzGenerators.Cases(probation.Checked.Inputs).ToArbitrary(), (string json) =>
            {
                Assert.Equal(probation.EvaluateStrict(json, TraceDetail.Full).ToJson(), probation.Evaluate(json, TraceDetail.Full).ToJson());
                Assert.Equal(rejecting.EvaluateStrict(json, TraceDetail.None).ToJson(), rejecting.Evaluate(json).ToJson());
                var bytes = Encoding.UTF8.GetBytes(json);
                Assert.Equal(probation.Evaluate(new MemoryStream(bytes)).ToJson(), probation.Evaluate(bytes.AsSpan()).ToJson());
                if (Utf8CaseReader.TryRead(bytes, schema, probation.Checked.CaseIdField, RuleSetOptions.Default, out _))
                {
                    fast++;
                }

                return true;
            }));

        // The generator breaks about one text in ten: most cases must be read by the UTF-8 reader itself.
        Assert.InRange(fast, 1_000, 1_500);
    }

    [Theory]
    [InlineData("""{ "age": 3, "risk": "HIGH", "flags": ["a"], "orders": [{ "kind": "CUSTODY" }] }""", true, true)]
    [InlineData("""{ "age": "x", "risk": "NOPE", "start": "2026-02-30", "unknown": { "a": [1, 2] }, "age": 4 }""", true, false)]
    [InlineData("""[1, 2]""", true, false)]
    [InlineData("""{ "age": 3, "flags": ["\u00e9\uD83D\uDE00"] }""", true, false)]
    [InlineData("""{ "age": 3, "flags": ["\uD83D"] }""", false, false)]
    [InlineData("""{ "age": 3, "unknown": { "a": 1, "a": 2 } }""", false, false)]
    [InlineData("""{ "age": 3, }""", false, false)]
    [InlineData("""{ "age": 075 }""", false, false)]
    [InlineData("""{ "age": 3 } 4""", false, false)]
    [InlineData("", false, false)]
    [InlineData("""{ "caseId": "c", "age": 3, "risk": "HIGH", "start": "2024-02-29", "employed": false, "flags": ["a", "b"], "scores": [1, -2.5, 1e2, -0, 0.1E-3] }""", true, true)]
    [InlineData(" \t\r\n{\n\"orders\" : [ { \"kind\" : \"CUSTODY\" , \"ends\":null } , {\"kind\":\"COMMUNITY\"}],\"address\":{\"stable\":true},\"age\":null}\n", true, true)]
    [InlineData("""{}""", true, true)]
    [InlineData("""{ "age": 3, "flags": ["caf\u00e9"] }""", true, false)]
    [InlineData("""{ "a\u0067e": 3 }""", true, false)]
    [InlineData("""{ "age": 3, "unknown": 1, "other": "café", "more": -1.5e3, "yes": true, "no": false, "none": null }""", true, true)]
    [InlineData("""{ "age": 3, "unknown": { "a": 1 } }""", true, false)]
    [InlineData("""{ "age": 3, "unknown": [] }""", true, false)]
    [InlineData("""{ "age": 3, "unknown": 1, "unknown": 2 }""", true, false)]
    [InlineData("""{ "age": 3, "unknown": 01 }""", false, false)]
    [InlineData("""{ "age": 3, "unknown": nul }""", false, false)]
    [InlineData("""{ "age": 3, "age": 3 }""", true, false)]
    [InlineData("""{ "age": "3" }""", true, false)]
    [InlineData("""{ "risk": "MEDIUM" }""", true, false)]
    [InlineData("""{ "start": "2026-02-30" }""", true, false)]
    [InlineData("""{ "age": 03 }""", false, false)]
    [InlineData("""{ "age": 3. }""", false, false)]
    [InlineData("""{ "age": -a }""", false, false)]
    [InlineData("""{ "age": 1e }""", false, false)]
    [InlineData("""{ "age": 3 } x""", false, false)]
    [InlineData("""{ "employed": tru }""", false, false)]
    [InlineData("""{ "employed": truex }""", false, false)]
    [InlineData("""{ "flags": ["a" "b"] }""", false, false)]
    [InlineData("""{ "flags": ["a",] }""", false, false)]
    [InlineData("""{ "age" 3 }""", false, false)]
    [InlineData("""{ "age": 3""", false, false)]
    [InlineData("""[{ "age": 3 }]""", true, false)]
    public void The_utf8_reader_reads_all_but_the_cases_it_leaves_to_the_strict_path_and_directly_all_that_need_no_wording(string json, bool readsItself, bool direct)
    {
        var schema = Utf8CaseSchema.Build(Rules.Checked.Inputs, Rules.Checked.CaseIdField);
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.Equal(readsItself, Utf8CaseReader.TryRead(bytes, schema, Rules.Checked.CaseIdField, RuleSetOptions.Default, out _));
        Assert.Equal(direct, Utf8CaseReader.TryReadDirect(bytes, schema, Rules.Checked.CaseIdField, RuleSetOptions.Default, out _));
        AssertDirectReadsAsTokensRead(json, schema, RuleSetOptions.Default);
    }

    [Fact]
    public void Nesting_at_the_depth_limit_is_read_and_one_deeper_is_not()
    {
        var limits = new RuleSetLimits { MaxJsonDepth = 5 };
        var schema = Utf8CaseSchema.Build(Rules.Checked.Inputs, Rules.Checked.CaseIdField);
        var options = new RuleSetOptions { Limits = limits };
        Assert.True(Utf8CaseReader.TryRead("""{ "x": [[[[1]]]] }"""u8, schema, "caseId", options, out var atLimit));
        Assert.Null(atLimit.Errors);
        Assert.False(Utf8CaseReader.TryRead("""{ "x": [[[[[1]]]]] }"""u8, schema, "caseId", options, out _));
    }

    [Fact]
    public void Both_readers_return_their_errors_and_the_case_id_without_a_decision()
    {
        const string json = """{ "caseId": "c9", "age": "x", "risk": "NOPE", "orders": [{ "kind": "CUSTODY" }, { "ends": "2026-01-01" }] }""";
        var schema = Utf8CaseSchema.Build(Rules.Checked.Inputs, Rules.Checked.CaseIdField);
        Assert.True(Utf8CaseReader.TryRead(Encoding.UTF8.GetBytes(json), schema, "caseId", RuleSetOptions.Default, out var fromUtf8));
        using var reader = new JsonTextReader(new StringReader(json));
        var fromNewtonsoft = CaseReader.Read(reader, Rules.Checked.Inputs, "caseId", RuleSetOptions.Default);

        foreach (var read in new[] { fromUtf8, fromNewtonsoft })
        {
            Assert.Equal("c9", read.CaseId);
            Assert.NotNull(read.Record);
            Assert.Equal(
                ["age: expected number but found text \"x\"", "risk: \"NOPE\" is not one of the allowed values (LOW, HIGH, VERY_HIGH)"],
                read.Errors!.Listed.Select(e => $"{e.Path}: {e.Message}"));
        }
    }

    [Fact]
    public void Errors_past_the_limit_are_counted_not_listed()
    {
        var schema = Utf8CaseSchema.Build(Rules.Checked.Inputs, Rules.Checked.CaseIdField);
        var options = new RuleSetOptions { Limits = new RuleSetLimits { MaxCaseErrors = 2 } };
        Assert.True(Utf8CaseReader.TryRead("""{ "age": "a", "risk": 1, "start": 2, "employed": 3, "flags": 4 }"""u8, schema, "caseId", options, out var read));
        Assert.Equal(2, read.Errors!.Listed.Count);
        Assert.Equal(3, read.Errors.Unlisted);

        var decision = Strict.NewDecision(read.CaseId, TraceDetail.None);
        read.Errors.CopyTo(decision);
        Assert.Equal(3, decision.Errors.Count);
        Assert.Equal("and 3 more errors, not listed", decision.Errors[^1].Message);
    }

    [Fact]
    public void The_direct_path_reads_generated_cases_and_their_damaged_copies_as_the_token_path_reads_them()
    {
        var probation = ProbationData.RuleSet;
        var schema = Utf8CaseSchema.Build(probation.Checked.Inputs, probation.Checked.CaseIdField);
        var random = new Random(14);
        var damagedTaken = 0;
        foreach (var @case in ProbationData.Generated(200, seed: 14))
        {
            var json = ProbationData.ToJson(@case);

            // A case as clients write it needs the token path only to word its errors (the generator makes a few invalid ones).
            var bytes = Encoding.UTF8.GetBytes(json);
            Assert.True(Utf8CaseReader.TryReadWithTokens(bytes, schema, probation.Checked.CaseIdField, probation.Options, out var tokens));
            Assert.Equal(tokens.Errors is null, Utf8CaseReader.TryReadDirect(bytes, schema, probation.Checked.CaseIdField, probation.Options, out _));
            AssertDirectReadsAsTokensRead(json, schema, probation.Options);
            for (var n = 0; n < 25; n++)
            {
                damagedTaken += AssertDirectReadsAsTokensRead(Damage(json, random), schema, probation.Options) ? 1 : 0;
            }
        }

        // Some damage leaves a case the direct path reads (white space, other digits): those are compared value by value too.
        Assert.InRange(damagedTaken, 50, 4_000);
    }

    [Fact]
    public void The_direct_path_reads_random_cases_as_the_token_path_reads_them()
    {
        var probation = ProbationData.RuleSet;
        var schema = Utf8CaseSchema.Build(probation.Checked.Inputs, probation.Checked.CaseIdField);
        var taken = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_500).WithQuietOnSuccess(true), Prop.ForAll(
            FuzzGenerators.Cases(probation.Checked.Inputs).ToArbitrary(), (string json) =>
            {
                taken += AssertDirectReadsAsTokensRead(json, schema, probation.Options) ? 1 : 0;
                return true;
            }));

        // Most of these cases have an undeclared field, a wrong kind of value or broken text, which the token path words.
        Assert.InRange(taken, 50, 1_500);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void The_direct_path_reads_the_reader_test_texts_as_the_token_path_reads_them(string json)
    {
        foreach (var rules in new[] { Rules, Strict })
        {
            AssertDirectReadsAsTokensRead(json, Utf8CaseSchema.Build(rules.Checked.Inputs, rules.Checked.CaseIdField), rules.Options);
        }
    }

    [Theory]
    [MemberData(nameof(UndeclaredIds))]
    public void The_direct_path_reads_an_undeclared_case_id_as_the_token_path_reads_it(string json) =>
        AssertDirectReadsAsTokensRead(json, Utf8CaseSchema.Build(UndeclaredId.Checked.Inputs, UndeclaredId.Checked.CaseIdField), UndeclaredId.Options);

    [Fact]
    public void The_direct_path_reads_an_undeclared_case_id_given_as_text_and_leaves_one_given_as_a_number()
    {
        var schema = Utf8CaseSchema.Build(UndeclaredId.Checked.Inputs, UndeclaredId.Checked.CaseIdField);
        Assert.True(Utf8CaseReader.TryReadDirect("""{ "caseId": "c1", "age": 3, "inner": 1 }"""u8, schema, "caseId", UndeclaredId.Options, out var read));
        Assert.Equal("c1", read.CaseId);
        Assert.False(Utf8CaseReader.TryReadDirect("""{ "caseId": 12, "age": 3 }"""u8, schema, "caseId", UndeclaredId.Options, out _));
        Assert.False(Utf8CaseReader.TryReadDirect("""{ "age": 3, "unknown": 1 }"""u8, schema, "caseId", new RuleSetOptions { UnknownFields = UnknownFieldHandling.Reject }, out _));
    }

    [Fact]
    public void The_direct_path_leaves_text_with_a_control_character_and_nesting_at_the_depth_limit()
    {
        var schema = Utf8CaseSchema.Build(Rules.Checked.Inputs, Rules.Checked.CaseIdField);
        Assert.False(Utf8CaseReader.TryReadDirect("{ \"flags\": [\"a\u0001\"] }"u8, schema, "caseId", RuleSetOptions.Default, out _));
        Assert.False(Utf8CaseReader.TryReadDirect("{ \"flags\": [\"a\tb\"] }"u8, schema, "caseId", RuleSetOptions.Default, out _));
        var shallow = new RuleSetOptions { Limits = new RuleSetLimits { MaxJsonDepth = 3 } };
        Assert.True(Utf8CaseReader.TryReadDirect("""{ "address": { "stable": true } }"""u8, schema, "caseId", shallow, out _));
        Assert.False(Utf8CaseReader.TryReadDirect("""{ "orders": [{ "kind": "CUSTODY" }] }"""u8, schema, "caseId", shallow, out _));
        Assert.True(Utf8CaseReader.TryRead("""{ "orders": [{ "kind": "CUSTODY" }] }"""u8, schema, "caseId", shallow, out _));
    }

    [Theory]
    [InlineData("""{ "caseId": "c", "age": 3, "priorOffences": 2, "risk": "VERY_HIGH", "start": "2024-02-29", "employed": true }""")]
    [InlineData("""{ "ageX": 1, "age": 3, "priorOffencesX": 2, "riskX": "HIGH", "risk": "LOW", "startX": 1, "start": "2026-06-09" }""")]
    [InlineData("""{ "ag": 1, "age": 3, "risk": "HIGH", "orders": [{ "kind": "COMMUNITY", "ends": "2027-01-31" }, { "kindX": "CUSTODY", "kind": "CUSTODY" }] }""")]
    [InlineData("""{ "start": "2024-02-29", "age": 3, "caseId": "c" }""")]
    [InlineData("""{ "risk": "HIGH" , "start" : "2024-02-29" ,"age":3}""")]
    [InlineData("""{ "age": 123456789012345, "scores": [12345678901234.5, 1234567890123456, 0.12345678901234, 0.123456789012345, -0.00000000000001, 9007199254740993, 1.5e3, -0, -0.0, 0, 0.0, 10, 0.1, -7.25, 99999999999999.9, 0.1234567890123456789, 1.2345678901234567, 3.141592653589793238] }""")]
    [InlineData("""{ "age": -123456789012345, "scores": [-1234567890123456, 100000000000000.5, 1E2, 0e0, 5.000000000000001] }""")]
    public void The_direct_path_matches_names_enumerations_dates_and_numbers_in_place_as_the_token_path_reads_them(string json)
    {
        var schema = Utf8CaseSchema.Build(Rules.Checked.Inputs, Rules.Checked.CaseIdField);
        Assert.True(AssertDirectReadsAsTokensRead(json, schema, RuleSetOptions.Default), json);
        Assert.True(Utf8CaseReader.TryReadDirect(Encoding.UTF8.GetBytes(json), schema, "caseId", RuleSetOptions.Default, out var read));
        var risk = Rules.Checked.Inputs.Find("risk")!;
        if (read.Record!.Fields[risk.Index].Reference is string value)
        {
            Assert.Same(risk.Type.FindEnumValue(value), value);
        }
    }

    [Theory]
    [InlineData("""{ "risk": "HIGH" }""")]
    [InlineData("""{ "risk": "LOW", "orders": [{ "kind": "CUSTODY" }] }""")]
    [InlineData("""{ "risk": "HIGHER" }""")]
    [InlineData("""{ "start": "2024-02-290" }""")]
    [InlineData("""{ "start": "2024-02-30" }""")]
    public void An_enumerated_value_past_the_text_limit_or_a_near_miss_is_left_to_the_token_path_which_words_it(string json)
    {
        // The limit of three characters makes every declared value but LOW too long.
        var options = new RuleSetOptions { Limits = new RuleSetLimits { MaxCaseStringLength = 3 } };
        var schema = Utf8CaseSchema.Build(Rules.Checked.Inputs, Rules.Checked.CaseIdField);
        Assert.False(Utf8CaseReader.TryReadDirect(Encoding.UTF8.GetBytes(json), schema, "caseId", options, out _));
        Assert.True(Utf8CaseReader.TryReadWithTokens(Encoding.UTF8.GetBytes(json), schema, "caseId", options, out var tokens));
        Assert.NotNull(tokens.Errors);
        var rules = RuleSetSources.Load("{" + RuleSetSources.Header + Inputs, options);
        Assert.Equal(rules.EvaluateStrict(json, TraceDetail.None).ToJson(), rules.Evaluate(Encoding.UTF8.GetBytes(json)).ToJson());
    }

    [Theory]
    [InlineData("age", "age\"")]
    [InlineData("caf\u00e9", "caf\u00e9\"")]
    [InlineData("a\"b", null)]
    [InlineData("a\\b", null)]
    [InlineData("a\u0001b", null)]
    [InlineData("a\tb", null)]
    public void A_name_or_value_is_matched_in_place_only_when_its_bytes_hold_nothing_that_ends_or_escapes_a_string(string text, string? quoted) =>
        Assert.Equal(quoted is null ? null : Encoding.UTF8.GetBytes(quoted), Utf8CaseSchema.Quoted(Encoding.UTF8.GetBytes(text)));

    // An enumeration of more values than the reader scans (16): looked up by its text, not compared value by value.
    private static readonly string[] Categories = [.. Enumerable.Range(0, 20).Select(i => $"CATEGORY_{(char)('A' + i)}")];

    private static readonly RuleSet LargeEnum = RuleSetSources.Load("{" + RuleSetSources.Header + $$"""
        "inputs": {
          "category": { "type": "string", "enum": [{{string.Join(", ", Categories.Select(c => $"\"{c}\""))}}] },
          "history": { "type": "list", "items": { "type": "string", "enum": [{{string.Join(", ", Categories.Select(c => $"\"{c}\""))}}] } }
        },
        "outputs": { "category": "string", "count": { "type": "number", "value": "history.Count()" } }
        }
        """);

    public static TheoryData<string> LargeEnumTexts => new(
        """{ "category": "CATEGORY_A", "history": ["CATEGORY_T", "CATEGORY_B"] }""",
        """{ "category": "CATEGORY_\u0054" }""",
        """{ "category": "CATEGORY_Z" }""",
        """{ "category": "category_a" }""",
        """{ "category": "CATEGORY_A ", "history": ["CATEGORY_C", "NOT_ONE"] }""",
        """{ "category": "" }""",
        """{ "category": "éé" }""",
        "{ \"category\": \"" + new string('C', 300) + "\" }");

    [Theory]
    [MemberData(nameof(LargeEnumTexts))]
    public void A_large_enumerations_values_give_the_decision_of_the_strict_path(string json)
    {
        foreach (var trace in new[] { TraceDetail.None, TraceDetail.Full })
        {
            Assert.Equal(LargeEnum.EvaluateStrict(json, trace).ToJson(), LargeEnum.Evaluate(json, trace).ToJson());
            Assert.Equal(LargeEnum.EvaluateStrict(json, trace).ToJson(), LargeEnum.Evaluate(Encoding.UTF8.GetBytes(json), trace).ToJson());
        }
    }

    [Fact]
    public void A_large_enumerations_value_is_read_as_its_declared_instance_without_making_a_string()
    {
        var schema = Utf8CaseSchema.Build(LargeEnum.Checked.Inputs, LargeEnum.Checked.CaseIdField);
        var type = LargeEnum.Checked.Inputs.Find("category")!.Type;
        foreach (var category in Categories)
        {
            var json = $$"""{ "category": "{{category}}", "history": ["{{category}}"] }""";
            Assert.True(AssertDirectReadsAsTokensRead(json, schema, LargeEnum.Options), json);
            Assert.True(Utf8CaseReader.TryReadDirect(Encoding.UTF8.GetBytes(json), schema, "caseId", LargeEnum.Options, out var read));
            Assert.Same(type.FindEnumValue(category), read.Record!.Fields[0].Reference);
            Assert.Same(type.FindEnumValue(category), ((string?[])read.Record.Fields[1].Reference!)[0]);
        }

        // The same case with its value and without: the value costs its record slot, no string (about 64 bytes each before).
        var with = Encoding.UTF8.GetBytes("""{ "category": "CATEGORY_Q" }""");
        var without = Encoding.UTF8.GetBytes("""{ "category": null }""");
        long Allocated(byte[] text)
        {
            Utf8CaseReader.TryReadDirect(text, schema, "caseId", LargeEnum.Options, out _);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                Utf8CaseReader.TryReadDirect(text, schema, "caseId", LargeEnum.Options, out _);
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        // Not to the byte: code the JIT optimises again between the two loops may keep an object of its own on the stack.
        // A string of the value would be 48 bytes a read (4,800 for the 100 reads); allow two thirds of that.
        var extra = Allocated(with) - Allocated(without);
        Assert.True(extra < 100 * 32, $"{extra:N0} bytes more for 100 reads of the value");
    }

    /// <summary>
    /// When the direct path takes a case, the token path takes it too and reads the same record (every slot, to the bit
    /// and to the instance of an enumerated value), the same case id and no errors; returns whether the direct path took it.
    /// </summary>
    private static bool AssertDirectReadsAsTokensRead(string json, Utf8CaseSchema schema, RuleSetOptions options)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        if (!Utf8CaseReader.TryReadDirect(bytes, schema, "caseId", options, out var direct))
        {
            return false;
        }

        Assert.True(Utf8CaseReader.TryReadWithTokens(bytes, schema, "caseId", options, out var tokens), json);
        Assert.Null(direct.Errors);
        Assert.Null(tokens.Errors);
        Assert.Equal(tokens.CaseId, direct.CaseId);
        AssertSameValue(tokens.Record, direct.Record);
        return true;
    }

    private static void AssertSameValue(object? expected, object? actual)
    {
        switch (expected)
        {
            case CaseRecord record:
                var other = Assert.IsType<CaseRecord>(actual);
                Assert.Equal(record.Fields.Length, other.Fields.Length);
                for (var i = 0; i < record.Fields.Length; i++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(record.Fields[i].Number), BitConverter.DoubleToInt64Bits(other.Fields[i].Number));
                    AssertSameValue(record.Fields[i].Reference, other.Fields[i].Reference);
                }

                break;
            case Array array:
                var otherArray = Assert.IsAssignableFrom<Array>(actual);
                Assert.Equal(array.GetType(), otherArray.GetType());
                Assert.Equal(array.Length, otherArray.Length);
                for (var i = 0; i < array.Length; i++)
                {
                    AssertSameValue(array.GetValue(i), otherArray.GetValue(i));
                }

                break;
            case double number:
                Assert.Equal(BitConverter.DoubleToInt64Bits(number), BitConverter.DoubleToInt64Bits(Assert.IsType<double>(actual)));
                break;
            case string text:
                Assert.Equal(text, actual);
                break;
            default:
                // The shared marker of a number, boolean or date slot, a boolean or date item, or an enumeration's declared instance.
                Assert.True(Equals(expected, actual), $"{expected} against {actual}");
                break;
        }
    }

    /// <summary>One random change to a case's text: a character removed, doubled, replaced or inserted (mostly one JSON gives meaning to).</summary>
    private static string Damage(string json, Random random)
    {
        const string Characters = " \t\n\r{}[]\",:-+.0123456789eEtfnul\\x\u0001\u00e9";
        var at = random.Next(json.Length);
        var character = Characters[random.Next(Characters.Length)];
        return random.Next(4) switch
        {
            0 => json.Remove(at, 1),
            1 => json.Insert(at, json[at].ToString()),
            2 => json.Remove(at, 1).Insert(at, character.ToString()),
            _ => json.Insert(at, character.ToString()),
        };
    }
}
