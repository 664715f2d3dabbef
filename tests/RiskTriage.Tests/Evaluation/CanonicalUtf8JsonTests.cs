using System.Buffers;
using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;
using RiskTriage.Evaluation;
using RiskTriage.Tests.Probation;
using RiskTriage.Tests.RuleSets;

namespace RiskTriage.Tests.Evaluation;

/// <summary>The UTF-8 writer of decisions gives exactly the bytes of <see cref="CanonicalJson"/>'s text, on every example and on random decisions.</summary>
public sealed class CanonicalUtf8JsonTests
{
    // Every class of character the canonical writer treats apart: escapes, control characters, U+2028/U+2029, pairs,
    // lone surrogates (high and low), the noncharacters, DEL, two- and three-byte characters, plain ASCII.
    private static readonly string[] Pieces =
    [
        "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u0001", "\u001f", "\u007f", "\u2028", "\u2029", "\uD83D\uDE00",
        "\uD800", "\uDFFF", "\uFFFE", "\uFFFF", "é", "€", "日本", "a", "HIGH", " ", "/", "<>&'+", "\u0085", "\u00a0",
    ];

    private static byte[] Utf8(Decision decision)
    {
        var buffer = new ArrayBufferWriter<byte>();
        decision.WriteJson(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static TheoryData<TraceDetail> Traces => [TraceDetail.None, TraceDetail.Summary, TraceDetail.Full];

    [Theory]
    [MemberData(nameof(Traces))]
    public void Every_probation_example_is_written_as_the_bytes_of_its_canonical_text(TraceDetail trace)
    {
        var cases = JArray.Parse(File.ReadAllText(Path.Combine(ProbationRuleSetTests.ProbationPath, "examples", "cases.json")));
        Assert.NotEmpty(cases);
        foreach (var @case in cases)
        {
            var decision = ProbationRuleSetTests.Probation.Evaluate(@case.ToString(Newtonsoft.Json.Formatting.None), trace);
            Assert.Equal(Encoding.UTF8.GetBytes(decision.ToJson()), Utf8(decision));
        }
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Every_example_case_type_decision_is_written_as_the_bytes_of_its_canonical_text(TraceDetail trace)
    {
        foreach (var @case in ExampleCases.All)
        {
            var decision = ExampleCases.RuleSet.Evaluate(@case.Case.ToJson(), trace);
            Assert.Equal(Encoding.UTF8.GetBytes(decision.ToJson()), Utf8(decision));
        }
    }

    [Fact]
    public void Invalid_cases_with_errors_are_written_as_the_bytes_of_their_canonical_text()
    {
        string[] cases = ["{", "[]", "{\"caseId\":\"x\\u2028\\ud800\",\"asOfDate\":\"nope\"}", "{\"caseId\":\"日本\",\"rsrScore\":\"\\u0001\"}"];
        foreach (var json in cases)
        {
            var decision = ProbationRuleSetTests.Probation.Evaluate(json, TraceDetail.Full);
            Assert.Equal(DecisionStatus.Invalid, decision.Status);
            Assert.Equal(Encoding.UTF8.GetBytes(decision.ToJson()), Utf8(decision));
        }
    }

    [Fact]
    public void Random_decisions_are_written_as_the_bytes_of_their_canonical_text()
    {
        var random = new Random(19);
        for (var n = 0; n < 2_000; n++)
        {
            var names = Enumerable.Range(0, random.Next(0, 6)).Select(i => RandomText(random) + i).ToArray();
            var identity = new RuleSetIdentity(RandomText(random), RandomText(random), RandomText(random));
            var values = names.Select(_ => RandomValue(random, depth: 0)).ToArray();

            // Half the layouts know the outputs' kinds (as a rule set's does: numbers, true/false and dates in cells),
            // half keep any value; a missing value's output is of any kind.
            var kinds = random.Next(2) == 0 ? null : values.Select(v => v.IsMissing ? (RuleValueKind)random.Next(6) : v.Kind).ToArray();
            var decision = new Decision(identity, new OutputLayout(names, kinds: kinds), random.Next(4) == 0 ? null : RandomText(random), TraceDetail.None);
            for (var i = 0; i < names.Length; i++)
            {
                decision.SetOutput(i, values[i]);
            }

            for (var i = 0; i < names.Length; i++)
            {
                Assert.Equal(values[i], decision.Outputs[i].Value);
                Assert.Equal(values[i].ToJson(), decision.Outputs[i].Value.ToJson());
            }

            for (var i = random.Next(0, 4); i > 0; i--)
            {
                decision.AddReview(RandomText(random), RandomText(random), random.Next(3) == 0 ? null : RandomText(random));
            }

            for (var i = random.Next(0, 3) == 0 ? random.Next(1, 4) : 0; i > 0; i--)
            {
                decision.AddError(RandomText(random), RandomText(random));
            }

            Assert.Equal(Encoding.UTF8.GetBytes(decision.ToJson()), Utf8(decision));
        }
    }

    [Fact]
    public void Outputs_in_cells_are_written_as_the_text_of_their_values()
    {
        // The writer writes a number, true/false or date output from its cell, not from a rule value made of it: each
        // edge number (either sign, and zero's two), both truths, the first and last dates, and a missing value of
        // each kind. Expected: each output read back as a rule value (Decision.Output) and written as one, which
        // does not go through the cells' writer.
        var numbers = ((IEnumerable<object[]>)NumberEdges).Select(row => (double)row[0]).SelectMany(v => new[] { v, -v }).Concat([0.0, -0.0]).ToArray();
        RuleValue[] others = [RuleValue.FromBool(true), RuleValue.FromBool(false), RuleValue.FromDate(DateOnly.MinValue), RuleValue.FromDate(DateOnly.MaxValue),
            RuleValue.FromDate(new DateOnly(2026, 12, 7)), RuleValue.FromString("text \u2028 \"q\""), RuleValue.Missing];
        RuleValueKind[] kinds = [.. numbers.Select(_ => RuleValueKind.Number), RuleValueKind.Bool, RuleValueKind.Bool, RuleValueKind.Date, RuleValueKind.Date,
            RuleValueKind.Date, RuleValueKind.String, RuleValueKind.Number, RuleValueKind.Bool, RuleValueKind.Date, RuleValueKind.String];
        RuleValue[] values = [.. numbers.Select(RuleValue.FromNumber), .. others, RuleValue.Missing, RuleValue.Missing, RuleValue.Missing];
        var names = values.Select((_, i) => "o" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var decision = new Decision(new RuleSetIdentity("n", "1", "h"), new OutputLayout(names, kinds: kinds), "id", TraceDetail.None);
        for (var i = 0; i < values.Length; i++)
        {
            decision.SetOutput(i, values[i]);
        }

        var written = Encoding.UTF8.GetString(Utf8(decision));
        Assert.Equal(names.Length, kinds.Length);
        for (var i = 0; i < names.Length; i++)
        {
            var expected = new ArrayBufferWriter<byte>();
            CanonicalUtf8Json.Value(expected, decision.Output(i));
            var output = "\"" + names[i] + "\":" + Encoding.UTF8.GetString(expected.WrittenSpan);
            Assert.True(written.Contains(output + ",", StringComparison.Ordinal) || written.Contains(output + "}", StringComparison.Ordinal), output);
        }

        var first = numbers.Length;
        Assert.Contains($"\"o{first}\":true,", written, StringComparison.Ordinal);
        Assert.Contains($"\"o{first + 1}\":false,", written, StringComparison.Ordinal);
        Assert.Contains($"\"o{first + 2}\":\"0001-01-01\",", written, StringComparison.Ordinal);
        Assert.Contains($"\"o{first + 3}\":\"9999-12-31\",", written, StringComparison.Ordinal);
        Assert.Contains($"\"o{first + 4}\":\"2026-12-07\",", written, StringComparison.Ordinal);
        Assert.Contains("\"o0\":1,", written, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes(decision.ToJson()), Utf8(decision));
    }

    [Fact]
    public void A_null_writer_is_refused()
    {
        var decision = ProbationRuleSetTests.Probation.Evaluate("{}");
        Assert.Throws<ArgumentNullException>(() => decision.WriteJson(null!));
    }

    public static TheoryData<double> NumberEdges =>
    [
        1, -1, 19, 63, 0.5, -0.5, 2.83, 1e14, 1e14 + 1, 999_999_999_999_999, -999_999_999_999_999, 1e15, -1e15, 1e15 + 1,
        1e16, 9_007_199_254_740_992, 9_007_199_254_740_994, 1e21, 1e22, -1e300, double.MaxValue, double.MinValue,
        double.Epsilon, -double.Epsilon, 1e-7, 123_456_789_012_345.5, 4_503_599_627_370_495.5, long.MaxValue, long.MinValue,
        0.1 + 0.2, 100, 1e-5, 1e-4,
    ];

    [Theory]
    [MemberData(nameof(NumberEdges))]
    public void A_number_is_written_as_its_invariant_round_trip_text(double value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        CanonicalUtf8Json.Number(buffer, value);
        Assert.Equal(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Random_numbers_are_written_as_their_invariant_round_trip_text()
    {
        var random = new Random(1913);
        var buffer = new ArrayBufferWriter<byte>();
        for (var n = 0; n < 200_000; n++)
        {
            // Integers of every magnitude up to 2^63 (the plain-integer path and the limit around 10^15), halves, and any bits.
            var value = (n % 3) switch
            {
                0 => (double)(random.NextInt64() >> random.Next(0, 63)) * (random.Next(2) == 0 ? 1 : -1),
                1 => Math.Round(random.NextDouble() * Math.Pow(10, random.Next(0, 18)), random.Next(0, 3)),
                _ => BitConverter.Int64BitsToDouble(random.NextInt64()),
            };
            if (double.IsNaN(value) || double.IsInfinity(value) || value == 0)
            {
                continue;
            }

            buffer.ResetWrittenCount();
            CanonicalUtf8Json.Number(buffer, value);
            Assert.Equal(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    [Fact]
    public void A_usual_decision_is_written_into_one_span_of_the_output()
    {
        var cases = JArray.Parse(File.ReadAllText(Path.Combine(ProbationRuleSetTests.ProbationPath, "examples", "cases.json")));
        var decision = ProbationRuleSetTests.Probation.Evaluate(cases[0].ToString(Newtonsoft.Json.Formatting.None));
        var output = new CountingWriter(int.MaxValue);
        decision.WriteJson(output);
        Assert.Equal(Encoding.UTF8.GetBytes(decision.ToJson()), output.Written.WrittenSpan.ToArray());
        Assert.Equal(1, output.Spans);
        Assert.Equal(1, output.Advances);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public void An_output_that_hands_out_small_spans_gets_the_same_bytes(int largest)
    {
        var cases = JArray.Parse(File.ReadAllText(Path.Combine(ProbationRuleSetTests.ProbationPath, "examples", "cases.json")));
        foreach (var @case in cases.Take(5))
        {
            var decision = ProbationRuleSetTests.Probation.Evaluate(@case.ToString(Newtonsoft.Json.Formatting.None), TraceDetail.Full);
            var output = new CountingWriter(largest);
            decision.WriteJson(output);
            Assert.Equal(Encoding.UTF8.GetBytes(decision.ToJson()), output.Written.WrittenSpan.ToArray());
        }
    }

    [Fact]
    public void Review_reasons_shared_by_decisions_are_written_as_the_bytes_of_their_canonical_text_and_only_so_many_are_kept()
    {
        var layout = new OutputLayout(["tier"]);
        var identity = new RuleSetIdentity("r", "1", "sha256:1");
        // Every piece but a lone surrogate, which another reader does not read back as it was (canonical JSON escapes it).
        // Marked as a rule set marks the reasons it makes once (a rule's, a missing input's) when it is lowered.
        var shared = Pieces.Where(piece => !(piece.Length == 1 && char.IsSurrogate(piece[0])))
            .Select((piece, i) => SharedReviewReasons.Shared(new ReviewReason("CODE" + piece, $"message {piece} {i}", i % 3 == 0 ? null : "source" + piece))).ToArray();

        // Each decision gives two shared reasons (the same instances decision after decision, first and later in the
        // list) around one made for it alone, until more reasons were given than are kept.
        var decisions = CanonicalUtf8Json.MaxKeptReasons + 200;
        for (var n = 0; n < decisions; n++)
        {
            var decision = new Decision(identity, layout, "c" + n, TraceDetail.None);
            decision.SetOutput(0, RuleValue.FromString("A1"));
            decision.AddReview(shared[n % shared.Length]);
            decision.AddReview("ONCE", $"made for decision {n} \u2028", null);
            decision.AddReview(shared[(n * 7) % shared.Length]);
            Assert.Equal(Encoding.UTF8.GetBytes(decision.ToJson()), Utf8(decision));

            // ToJson is the same writer's bytes decoded: the reasons are read back by another JSON reader too.
            var written = JObject.Parse(Encoding.UTF8.GetString(Utf8(decision)))["reviewReasons"]!;
            Assert.Equal(
                decision.ReviewReasons.Select(r => (r.Code, r.Message, r.Source)),
                written.Select(r => ((string)r["code"]!, (string)r["message"]!, (string?)r["source"])));
        }

        // The shared reasons, and none of those made for one decision.
        Assert.Equal(shared.Length, CanonicalUtf8Json.KeptReasons(layout));
    }

    [Theory]
    [InlineData(RuleSetBackend.Interpreted)]
    [InlineData(RuleSetBackend.Compiled)]
    [InlineData(RuleSetBackend.Tiered)]
    public void Reasons_made_for_one_decision_take_no_place_among_the_kept_reasons(RuleSetBackend backend)
    {
        // Before, the kept reasons were first come, first kept: 600 decisions whose value fell in no band (a reason
        // made for each, its value in the message) filled all 512 places, and the rule's own reason, given next by
        // decision after decision, was written from its parts every time.
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "v": "number" },
            "bands": { "b": { "value": "v", "bands": [ { "label": "LOW", "max": 1.5 }, { "label": "HIGH", "min": 2.5 } ] } },
            "rules": [ { "id": "high", "description": "a high one", "when": "b == \"HIGH\"", "then": [ { "review": "SEE_HIGH", "message": "look at a high one" } ] } ],
            "outputs": { "b": "string" }
            }
            """, new RuleSetOptions { Backend = backend });
        var output = new ArrayBufferWriter<byte>();
        Decision? noBand = null;
        for (var n = 0; n < CanonicalUtf8Json.MaxKeptReasons + 88; n++)
        {
            noBand = ruleSet.Evaluate("{ \"v\": 2.0" + (n + 1).ToString(CultureInfo.InvariantCulture) + " }");
            output.ResetWrittenCount();
            noBand.WriteJson(output);
            Assert.Equal(Encoding.UTF8.GetBytes(noBand.ToJson()), output.WrittenSpan.ToArray());
        }

        Assert.Equal("NO_BAND", Assert.Single(noBand!.ReviewReasons).Code);
        Assert.Equal(0, CanonicalUtf8Json.KeptReasons(noBand.Layout));

        for (var n = 0; n < 3; n++)
        {
            var high = ruleSet.Evaluate("""{ "v": 3 }""");
            output.ResetWrittenCount();
            high.WriteJson(output);
            Assert.Equal(Encoding.UTF8.GetBytes(high.ToJson()), output.WrittenSpan.ToArray());
            Assert.Equal("SEE_HIGH", Assert.Single(high.ReviewReasons).Code);
        }

        // The rule's reason, once per back end that gave it (a tiered rule set's interpreter and compiled code each
        // lower the rule set, so each has its own instance).
        Assert.InRange(CanonicalUtf8Json.KeptReasons(noBand.Layout), 1, 2);
    }

    [Theory]
    [InlineData(RuleSetBackend.Interpreted)]
    [InlineData(RuleSetBackend.Compiled)]
    public void A_missing_input_gives_one_shared_reason_whichever_back_end_so_the_kept_reasons_stay_few(RuleSetBackend backend)
    {
        // The interpreter made the missing input's reason anew for every decision, so its decisions filled the kept
        // reasons with instances never seen again (and a tiered rule set's compiled reasons then found no room).
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "a": { "type": "number", "required": true }, "b": "number" },
            "outputs": { "o": { "type": "number", "value": "b" } }
            }
            """, new RuleSetOptions { Backend = backend });
        var output = new ArrayBufferWriter<byte>();
        Decision? last = null;
        for (var n = 0; n < 600; n++)
        {
            last = ruleSet.Evaluate("""{ "b": 1 }""");
            last.WriteJson(output);
        }

        Assert.Equal("MISSING_INPUT", Assert.Single(last!.ReviewReasons).Code);
        Assert.Equal(1, CanonicalUtf8Json.KeptReasons(last.Layout));
    }

    [Fact]
    public void A_layout_written_with_a_second_identity_writes_that_identity()
    {
        var layout = new OutputLayout(["tier"]);
        RuleSetIdentity[] identities = [new("a", "1", "sha256:1"), new("b\u2028", "2", "sha256:2"), new("a", "1", "sha256:1")];
        foreach (var identity in identities.Concat(identities))
        {
            var decision = new Decision(identity, layout, "c", TraceDetail.None);
            decision.SetOutput(0, RuleValue.FromString("A1"));
            Assert.Equal(Encoding.UTF8.GetBytes(decision.ToJson()), Utf8(decision));
            Assert.StartsWith("{\"ruleSet\":{\"name\":" + RuleValue.FromString(identity.Name).ToJson(), Encoding.UTF8.GetString(Utf8(decision)));
        }
    }

    /// <summary>An output that hands out spans of at most a given length (or the hint, if larger) and counts the calls.</summary>
    private sealed class CountingWriter(int largest) : IBufferWriter<byte>
    {
        private byte[] _span = [];

        public ArrayBufferWriter<byte> Written { get; } = new();

        public int Spans { get; private set; }

        public int Advances { get; private set; }

        public void Advance(int count)
        {
            Advances++;
            Written.Write(_span.AsSpan(0, count));
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new NotSupportedException();

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Spans++;
            _span = new byte[Math.Max(Math.Max(sizeHint, 1), Math.Min(largest, 1 << 20))];
            return _span;
        }
    }

    private static string RandomText(Random random)
    {
        var sb = new StringBuilder();
        for (var i = random.Next(0, 12); i > 0; i--)
        {
            sb.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return sb.ToString();
    }

    private static RuleValue RandomValue(Random random, int depth) => random.Next(depth < 2 ? 7 : 6) switch
    {
        0 => default,
        1 => RuleValue.FromBool(random.Next(2) == 0),
        2 => RuleValue.FromNumber(BitConverter.Int64BitsToDouble(random.NextInt64())),
        3 => RuleValue.FromNumber(random.Next(2) == 0 ? -0.0 : Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 25)), random.Next(0, 6))),
        4 => RuleValue.FromString(RandomText(random)),
        5 => RuleValue.FromDate(DateOnly.FromDayNumber(random.Next(0, 3_000_000))),
        _ => RuleValue.FromList(Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, depth + 1)).ToList()),
    };
}
