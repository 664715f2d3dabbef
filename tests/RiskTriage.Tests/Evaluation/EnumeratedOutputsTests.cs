using System.Buffers;
using System.Globalization;
using System.Text;
using RiskTriage.Compilation;
using RiskTriage.Evaluation;
using RiskTriage.Tests.RuleSets;

namespace RiskTriage.Tests.Evaluation;

/// <summary>
/// An enumerated text output (declared with <c>enum</c>) is kept as a one-byte code among its declared texts in the
/// decision's cells (<see cref="OutputLayout.Texts"/>, <see cref="OutputCells.Code"/>), not as a reference: it reads,
/// and is written as JSON, exactly as the text it stands for, missing as missing, on every back end.
/// </summary>
public sealed class EnumeratedOutputsTests
{
    // Coded outputs from every source the compiled code holds as codes, each declared in an order other than the one
    // the code is found in: a band's labels, a table's literals (and its missing default), an enumerated input, a
    // conditional of literals with null; beside a number and a free text.
    private const string Source = """
        "inputs": { "v": "number", "k": { "type": "string", "enum": ["X", "Y", "Z"] }, "s": "string" },
        "bands": { "b": { "value": "v", "bands": [ { "label": "LOW", "max": 3 }, { "label": "MID", "min": 3, "max": 6 }, { "label": "HIGH", "min": 6 } ] } },
        "tables": {
          "t": {
            "hitPolicy": "FIRST",
            "inputs": ["v"],
            "outputs": { "grade": { "type": "string", "enum": ["A", "B", "C"] } },
            "rows": [ { "id": "big", "when": [">= 8"], "then": { "grade": "C" } }, { "id": "mid", "when": [">= 4"], "then": { "grade": "A" } }, { "id": "low", "when": [">= 1"], "then": { "grade": "B" } } ]
          }
        },
        "outputs": {
          "n": { "type": "number", "value": "v" },
          "band": { "type": "string", "enum": ["HIGH", "MID", "LOW", "UNUSED"], "value": "b" },
          "gradeOut": { "type": "string", "enum": ["C", "B", "A"], "value": "grade" },
          "kind": { "type": "string", "enum": ["Z", "Y", "X"], "value": "k" },
          "pick": { "type": "string", "enum": ["ON", "OFF"], "value": "v > 5 ? \"ON\" : v > 2 ? \"OFF\" : null" },
          "s": "string"
        }
        }
        """;

    private static readonly string[] Coded = ["band", "gradeOut", "kind", "pick"];

    /// <summary>Cases that give every text of every coded output and leave each missing.</summary>
    private static readonly string[] Cases =
    [
        """{ "v": 0, "k": "X", "s": "a" }""", """{ "v": 1, "k": "Y" }""", """{ "v": 2.5, "k": "Z", "s": "" }""", """{ "v": 4 }""",
        """{ "v": 5.5, "k": "X", "s": "\u00e9\"" }""", """{ "v": 7, "k": "Y" }""", """{ "v": 9, "k": "Z" }""", """{ "s": "only" }""",
    ];

    /// <summary>Each coded output's text for <paramref name="v"/> and <paramref name="k"/>, as the rules say (null: missing).</summary>
    private static string?[] Expected(double? v, string? k) =>
    [
        v is not { } b ? null : b < 3 ? "LOW" : b < 6 ? "MID" : "HIGH",
        v is not { } g ? null : g >= 8 ? "C" : g >= 4 ? "A" : g >= 1 ? "B" : null,
        k,
        v is not { } p ? null : p > 5 ? "ON" : p > 2 ? "OFF" : null,
    ];

    [Theory]
    [InlineData(RuleSetBackend.Interpreted)]
    [InlineData(RuleSetBackend.Compiled)]
    [InlineData(RuleSetBackend.Tiered)]
    public async Task Enumerated_outputs_read_as_their_texts_through_every_view_and_missing_stays_missing(RuleSetBackend backend)
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + Source, new RuleSetOptions { Backend = backend });
        var reference = RuleSetSources.Load("{" + RuleSetSources.Header + Source, new RuleSetOptions { Backend = RuleSetBackend.Interpreted });
        var seen = new HashSet<string>();
        for (var round = 0; round < 2; round++)
        {
            foreach (var json in Cases)
            {
                var @case = Newtonsoft.Json.Linq.JObject.Parse(json);
                var expected = Expected((double?)@case["v"], (string?)@case["k"]);
                foreach (var detail in new[] { TraceDetail.None, TraceDetail.Summary, TraceDetail.Full })
                {
                    var decision = ruleSet.Evaluate(json, detail);
                    Assert.Equal(DecisionStatus.Complete, decision.Status);
                    for (var i = 0; i < Coded.Length; i++)
                    {
                        var value = decision[Coded[i]];
                        Assert.Equal(expected[i], value.AsString);
                        Assert.Equal(expected[i] is null ? RuleValueKind.Missing : RuleValueKind.String, value.Kind);
                        Assert.Equal(value, decision.Outputs[Coded[i]]);
                        Assert.Equal(value, decision.Outputs.Single(o => o.Key == Coded[i]).Value);
                        Assert.Contains(
                            "\"" + Coded[i] + "\":" + (expected[i] is { } text ? "\"" + text + "\"" : "null"),
                            decision.ToJson(), StringComparison.Ordinal);
                        seen.Add(Coded[i] + "=" + (expected[i] ?? "null"));
                    }

                    Assert.Equal((string?)@case["s"], decision["s"].AsString);
                    var utf8 = new ArrayBufferWriter<byte>();
                    decision.WriteJson(utf8);
                    Assert.Equal(decision.ToJson(), Encoding.UTF8.GetString(utf8.WrittenSpan));
                    Assert.Equal(reference.Evaluate(json, detail).ToJson(), decision.ToJson());
                }
            }

            // A tiered rule set's second round is its compiled code's.
            if (backend == RuleSetBackend.Tiered)
            {
                Assert.True(await ruleSet.WaitForCompiledAsync());
            }
        }

        // Every declared text a rule can give, and missing, for each coded output.
        Assert.Equal(
            ["band=HIGH", "band=LOW", "band=MID", "band=null", "gradeOut=A", "gradeOut=B", "gradeOut=C", "gradeOut=null", "kind=X", "kind=Y", "kind=Z", "kind=null", "pick=OFF", "pick=ON", "pick=null"],
            seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_layout_keeps_enumerated_texts_as_codes_eight_to_a_cell_after_the_other_cells()
    {
        // number, coded, free text, true/false, coded, list: two cells, then the codes' bytes in a third cell.
        var layout = new OutputLayout(
            ["n", "level", "text", "flag", "grade", "items"],
            kinds: [RuleValueKind.Number, RuleValueKind.String, RuleValueKind.String, RuleValueKind.Bool, RuleValueKind.String, RuleValueKind.List],
            texts: [null, ["LOW", "HIGH"], null, null, ["A"], null]);

        Assert.Equal([0, 16, ~0, 1, 17, ~1], layout.Places);
        Assert.Equal(3, layout.CellCount);
        Assert.Equal(2, layout.ReferenceCount);

        // Nine codes take two cells.
        var nine = new OutputLayout([.. Enumerable.Range(0, 9).Select(i => "c" + i)], kinds: [.. Enumerable.Repeat(RuleValueKind.String, 9)],
            texts: [.. Enumerable.Repeat<string[]?>(["T"], 9)]);
        Assert.Equal([.. Enumerable.Range(0, 9)], nine.Places);
        Assert.Equal(2, nine.CellCount);
        Assert.Equal(0, nine.ReferenceCount);

        Assert.Throws<ArgumentException>(() => new OutputLayout(["n"], kinds: [RuleValueKind.Number], texts: [["A"]]));
        Assert.Throws<ArgumentException>(() => new OutputLayout(["s"], kinds: [RuleValueKind.String], texts: [[]]));
    }

    [Fact]
    public void A_text_that_is_none_of_the_outputs_texts_keeps_its_text()
    {
        // No back end is known to give one (the checker holds an enumerated output to its texts); were one to, the
        // decision keeps the text itself rather than losing it or reading another.
        var layout = new OutputLayout(["level", "n"], kinds: [RuleValueKind.String, RuleValueKind.Number], texts: [["LOW", "HIGH"], null]);
        var decision = new Decision(new RuleSetIdentity("n", "1", "h"), layout, "id", TraceDetail.None);
        Assert.True(decision["level"].IsMissing);

        decision.SetOutput(0, RuleValue.FromString("MEDIUM"));
        Assert.Equal("MEDIUM", decision["level"].AsString);
        Assert.Contains("\"level\":\"MEDIUM\"", decision.ToJson(), StringComparison.Ordinal);

        decision.SetOutput(0, RuleValue.FromString("HIGH"));
        Assert.Equal("HIGH", decision["level"].AsString);
        Assert.Contains("\"level\":\"HIGH\"", decision.ToJson(), StringComparison.Ordinal);

        decision.SetOutput(0, RuleValue.Missing);
        Assert.True(decision["level"].IsMissing);
        Assert.Contains("\"level\":null", decision.ToJson(), StringComparison.Ordinal);

        var error = Assert.Throws<InvalidOperationException>(() => decision.SetOutput(0, RuleValue.FromNumber(1)));
        Assert.Contains("'level'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A decision made new again (<c>Reset</c>, the RulesEngine drop-in's reuse) or cleared as invalid
    /// (<c>ClearOutputs</c>) reads every coded output as missing, a kept other text included.
    /// </summary>
    [Fact]
    public void A_reset_or_cleared_decision_reads_its_coded_outputs_as_missing()
    {
        var layout = new OutputLayout(["level", "other", "n"], kinds: [RuleValueKind.String, RuleValueKind.String, RuleValueKind.Number],
            texts: [["LOW", "HIGH"], ["A", "B"], null]);
        foreach (var clear in new Action<Decision>[] { d => d.Reset(), d => d.ClearOutputs() })
        {
            var decision = new Decision(new RuleSetIdentity("n", "1", "h"), layout, "id", TraceDetail.None);
            decision.SetOutput(0, RuleValue.FromString("HIGH"));
            decision.SetOutput(1, RuleValue.FromString("NOT-DECLARED"));
            decision.SetOutput(2, RuleValue.FromNumber(3));
            Assert.Equal("NOT-DECLARED", decision["other"].AsString);

            clear(decision);

            Assert.True(decision["level"].IsMissing);
            Assert.True(decision["other"].IsMissing);
            Assert.Contains("\"level\":null,\"other\":null,\"n\":null", decision.ToJson(), StringComparison.Ordinal);

            // Written again after the reset, a declared text is read as written, not as the other text kept before.
            decision.SetOutput(1, RuleValue.FromString("B"));
            Assert.Equal("B", decision["other"].AsString);
        }
    }

    /// <summary>
    /// An enumerated input of up to 64 texts given out unchanged: the lowering keeps codes only up to 62 texts, so the
    /// compiled code holds the input's code where the output (kept as a code up to 64) reads it, mapped to the
    /// output's own order; at 65 the output is kept as its text. Every text, a missing value, a missing value with a
    /// default, and a field of a missing object give the interpreter's decision on every back end (review of session 18).
    /// </summary>
    [Theory]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    public async Task An_enumerated_input_of_up_to_65_texts_given_out_unchanged_reads_as_the_interpreter_reads_it(int count)
    {
        var texts = Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"T{i}")).ToArray();
        string Enum(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(t => "\"" + t + "\"")) + "]";
        var source = "{" + RuleSetSources.Header + $$"""
            "inputs": {
              "k": { "type": "string", "enum": {{Enum(texts)}} },
              "d": { "type": "string", "enum": {{Enum(texts)}}, "default": "{{texts[count / 2]}}" },
              "o": { "type": "object", "properties": { "k": { "type": "string", "enum": {{Enum(texts)}} } } }
            },
            "outputs": {
              "kind": { "type": "string", "enum": {{Enum(texts.Reverse())}}, "value": "k" },
              "withDefault": { "type": "string", "enum": {{Enum(texts.Reverse())}}, "value": "d" },
              "inObject": { "type": "string", "enum": {{Enum(texts.Reverse())}}, "value": "o.k" }
            }
            }
            """;
        var reference = RuleSetSources.Load(source, new RuleSetOptions { Backend = RuleSetBackend.Interpreted });
        var compiled = RuleSetSources.Load(source, new RuleSetOptions { Backend = RuleSetBackend.Compiled });
        var tiered = RuleSetSources.Load(source, new RuleSetOptions { Backend = RuleSetBackend.Tiered });
        Assert.True(await tiered.WaitForCompiledAsync());
        Assert.Equal(count <= OutputLayout.MaxCodedTexts ? 0 : 3, compiled.Evaluate("{}").Layout.ReferenceCount);

        var cases = new List<string> { "{}", """{ "o": null }""", """{ "o": {} }""" };
        foreach (var i in new[] { 0, 1, count / 2, count - 2, count - 1 })
        {
            cases.Add($$"""{ "k": "{{texts[i]}}", "d": "{{texts[count - 1 - i]}}", "o": { "k": "{{texts[i]}}" } }""");
        }

        foreach (var json in cases)
        {
            var expected = reference.Evaluate(json, TraceDetail.Full);
            Assert.Equal(DecisionStatus.Complete, expected.Status);
            foreach (var ruleSet in new[] { compiled, tiered })
            {
                var decision = ruleSet.Evaluate(json, TraceDetail.Full);
                Assert.Equal(expected.ToJson(), decision.ToJson());
                Assert.Equal(expected["kind"], decision["kind"]);
                Assert.Equal(expected["withDefault"], decision["withDefault"]);
                Assert.Equal(expected["inObject"], decision["inObject"]);
                Assert.Equal(reference.Evaluate(json).ToJson(), ruleSet.Evaluate(json).ToJson());
            }
        }

        Assert.Equal(texts[count / 2], reference.Evaluate("{}")["withDefault"].AsString);
        Assert.True(reference.Evaluate("{}")["kind"].IsMissing);
        Assert.Equal(texts[count - 1], compiled.Evaluate($$"""{ "k": "{{texts[count - 1]}}" }""")["kind"].AsString);
    }

    private static RuleSet Outputs(string outputs) => RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "n": "number", "m": { "type": "number", "required": true } },
        "outputs": {
        """ + outputs + "} }");

    private static string Levels(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture,
        $"\"e{i}\": {{ \"type\": \"string\", \"enum\": [\"BIG\", \"SMALL\"], \"value\": \"n > {i} ? \\\"BIG\\\" : \\\"SMALL\\\"\" }}")));

    [Fact]
    public void Enumerated_outputs_cost_one_byte_each_in_the_cells_and_no_reference()
    {
        // Beside the 96-byte decision (see DecisionTests): three enumerated outputs are three bytes of one 8-byte cell
        // (24 + 8 bytes) and no array of references, where three references took 24 + 24 bytes.
        var three = Outputs(Levels(3)).For<DecisionTests.TwoNumbers>();
        var two = new DecisionTests.TwoNumbers { N = 2, M = 1 };
        var decision = three.Evaluate(two);
        Assert.Equal(["BIG", "BIG", "SMALL"], decision.Outputs.Select(o => o.Value.AsString));
        Assert.Equal(96 + (24 + 8), DecisionTests.LeastAllocated(() => three.Evaluate(two)));

        // Numbers only: a cell each.
        var numbers = Outputs("""
            "n": "number", "m": "number", "a": { "type": "number", "value": "n + 1" }
            """).For<DecisionTests.TwoNumbers>();
        Assert.Equal(96 + (24 + (3 * 8)), DecisionTests.LeastAllocated(() => numbers.Evaluate(two)));

        // A mix: two numbers, nine enumerated texts (two cells of codes) and one free text (a reference, the only one:
        // kept in the decision's field, no array; see ReferenceOutputsTests).
        var mixed = Outputs("""
            "n": "number", "m": "number", "free": { "type": "string", "value": "n > 1 ? \"BIG\" : \"SMALL\"" },
            """ + Levels(9)).For<DecisionTests.TwoNumbers>();
        var mixedDecision = mixed.Evaluate(two);
        Assert.Equal("BIG", mixedDecision["free"].AsString);
        Assert.Equal("SMALL", mixedDecision["e8"].AsString);
        Assert.Equal("BIG", mixedDecision["e0"].AsString);
        Assert.Equal(96 + (24 + ((2 + 2) * 8)), DecisionTests.LeastAllocated(() => mixed.Evaluate(two)));
    }
}
