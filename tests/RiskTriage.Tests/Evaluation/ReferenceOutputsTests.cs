using System.Buffers;
using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;
using RiskTriage.Compilation;
using RiskTriage.Evaluation;
using RiskTriage.Tests.RuleSets;

namespace RiskTriage.Tests.Evaluation;

/// <summary>
/// A free text output (one not declared with <c>enum</c>) or a list output is kept as its reference: in a field of the
/// decision when the rule set has exactly one such output (<see cref="OutputLayout.OneReference"/>, no array of
/// references), in an array when it has more. Either way it reads, and is written as JSON, as the value it was given,
/// missing as missing, on every back end, and a decision made new again or cleared reads it as missing.
/// </summary>
public sealed class ReferenceOutputsTests
{
    // The reference outputs a rule set below may have, by name: a text input (present or missing), a text input with a
    // default, a text field of an object (missing with its object), a conditional text that may be null, and a list.
    private static readonly Dictionary<string, string> Pool = new(StringComparer.Ordinal)
    {
        ["text"] = """{ "type": "string", "value": "s" }""",
        ["withDefault"] = """{ "type": "string", "value": "d" }""",
        ["inObject"] = """{ "type": "string", "value": "o.t" }""",
        ["pick"] = """{ "type": "string", "value": "v > 5 ? \"ON\" : null" }""",
        ["nums"] = """{ "type": "list", "items": "number", "value": "nums" }""",
    };

    /// <summary>A rule set whose outputs are a number, an enumerated text (a code, beside them), then <paramref name="references"/> from the pool.</summary>
    private static string Source(string[] references) => "{" + RuleSetSources.Header + """
        "inputs": {
          "v": "number", "s": "string", "d": { "type": "string", "default": "DEF" },
          "o": { "type": "object", "properties": { "t": "string" } }, "nums": { "type": "list", "items": "number" }
        },
        "outputs": {
          "n": { "type": "number", "value": "v" },
          "level": { "type": "string", "enum": ["HIGH", "LOW"], "value": "v > 2 ? \"HIGH\" : \"LOW\"" }
        """ + string.Concat(references.Select(r => ",\n  \"" + r + "\": " + Pool[r])) + "\n} }";

    public static TheoryData<RuleSetBackend, string[]> RuleSets()
    {
        var data = new TheoryData<RuleSetBackend, string[]>();
        string[][] sets = [[], ["text"], ["withDefault"], ["inObject"], ["pick"], ["nums"], ["text", "inObject"], ["pick", "nums"], [.. Pool.Keys]];
        foreach (var backend in new[] { RuleSetBackend.Interpreted, RuleSetBackend.Compiled, RuleSetBackend.Tiered })
        {
            foreach (var set in sets)
            {
                data.Add(backend, set);
            }
        }

        return data;
    }

    /// <summary>Cases that give each reference output and leave each missing (an object missing, null, or without the field).</summary>
    private static readonly string[] Cases =
    [
        "{}",
        """{ "v": 7, "s": "a", "d": "given", "o": { "t": "in" }, "nums": [1, 0.5, -0] }""",
        """{ "v": 1, "s": "", "o": null, "nums": [] }""",
        """{ "v": 6, "o": {}, "s": "\u00e9\"\\" }""",
    ];

    /// <summary>The JSON of each pool output for <paramref name="json"/>, as the rules say.</summary>
    private static string ExpectedJson(string name, string json)
    {
        var @case = JObject.Parse(json);
        static string Text(string? text) => text is null ? "null" : Newtonsoft.Json.JsonConvert.ToString(text);
        return name switch
        {
            "text" => Text((string?)@case["s"]),
            "withDefault" => Text((string?)@case["d"] ?? "DEF"),
            "inObject" => Text((string?)(@case["o"] as JObject)?["t"]),
            "pick" => Text((double?)@case["v"] > 5 ? "ON" : null),
            _ => @case["nums"] is JArray items
                ? "[" + string.Join(",", items.Select(i => (double)i is var d && d == 0 ? "0" : d.ToString("R", CultureInfo.InvariantCulture))) + "]"
                : "null",
        };
    }

    [Theory]
    [MemberData(nameof(RuleSets))]
    public async Task Reference_outputs_read_as_given_through_every_view_on_every_back_end(RuleSetBackend backend, string[] references)
    {
        var source = Source(references);
        var ruleSet = RuleSetSources.Load(source, new RuleSetOptions { Backend = backend });
        var reference = RuleSetSources.Load(source, new RuleSetOptions { Backend = RuleSetBackend.Interpreted });
        for (var round = 0; round < 2; round++)
        {
            foreach (var json in Cases)
            {
                var v = (double?)JObject.Parse(json)["v"];
                var expectedOutputs = "\"outputs\":{\"n\":" + (v is { } n ? n.ToString(CultureInfo.InvariantCulture) : "null")
                    + ",\"level\":" + (v > 2 ? "\"HIGH\"" : "\"LOW\"")
                    + string.Concat(references.Select(r => ",\"" + r + "\":" + ExpectedJson(r, json))) + "}";
                foreach (var detail in new[] { TraceDetail.None, TraceDetail.Summary, TraceDetail.Full })
                {
                    var decision = ruleSet.Evaluate(json, detail);
                    Assert.Equal(references.Length, decision.Layout.ReferenceCount);
                    Assert.Equal(references.Length == 1, decision.Layout.OneReference);

                    var text = decision.ToJson();
                    var outputsAt = text.IndexOf("\"outputs\":", StringComparison.Ordinal);
                    Assert.Equal(expectedOutputs, text[outputsAt..text.IndexOf(",\"reviewReasons\":", outputsAt, StringComparison.Ordinal)]);
                    Assert.Equal(reference.Evaluate(json, detail).ToJson(), text);
                    var utf8 = new ArrayBufferWriter<byte>();
                    decision.WriteJson(utf8);
                    Assert.Equal(text, Encoding.UTF8.GetString(utf8.WrittenSpan));

                    foreach (var name in references)
                    {
                        var value = decision[name];
                        Assert.Equal(ExpectedJson(name, json) == "null", value.IsMissing);
                        Assert.Equal(value, decision.Outputs[name]);
                        Assert.Equal(value, decision.Outputs.Single(o => o.Key == name).Value);
                        if (value.Kind == RuleValueKind.String)
                        {
                            Assert.Equal(ExpectedJson(name, json), Newtonsoft.Json.JsonConvert.ToString(value.AsString));
                        }
                    }
                }
            }

            // A tiered rule set's second round is its compiled code's.
            if (backend == RuleSetBackend.Tiered)
            {
                Assert.True(await ruleSet.WaitForCompiledAsync());
            }
        }
    }

    /// <summary>
    /// A decision made new again (<c>Reset</c>, the RulesEngine drop-in's reuse) or cleared as invalid
    /// (<c>ClearOutputs</c>) reads every reference output as missing, whether the decision keeps one in its field or
    /// more in an array; written again, it reads the new value.
    /// </summary>
    [Theory]
    [MemberData(nameof(RuleSets))]
    public void A_reset_or_cleared_decision_reads_its_reference_outputs_as_missing(RuleSetBackend backend, string[] references)
    {
        var ruleSet = RuleSetSources.Load(Source(references), new RuleSetOptions { Backend = backend });
        const string Given = """{ "v": 7, "s": "a", "d": "given", "o": { "t": "in" }, "nums": [1] }""";
        foreach (var clear in new Action<Decision>[] { d => d.Reset(), d => d.ClearOutputs() })
        {
            var decision = ruleSet.Evaluate(Given);
            Assert.All(references, name => Assert.False(decision[name].IsMissing));

            clear(decision);

            Assert.All(references, name => Assert.True(decision[name].IsMissing));
            Assert.Contains(string.Concat(references.Select(r => ",\"" + r + "\":null")) + "}", decision.ToJson(), StringComparison.Ordinal);
            if (references.Length > 0)
            {
                var slot = decision.Layout.SlotOf(references[^1]);
                var again = references[^1] == "nums" ? RuleValue.FromList([RuleValue.FromNumber(2)]) : RuleValue.FromString("again");
                decision.SetOutput(slot, again);
                Assert.Equal(again, decision[references[^1]]);
            }
        }
    }

    private static readonly RuleSet OneFreeText = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "n": "number", "m": { "type": "number", "required": true } },
        "outputs": {
          "n": "number", "m": "number",
          "level": { "type": "string", "enum": ["BIG", "SMALL"], "value": "n > 1 ? \"BIG\" : \"SMALL\"" },
          "free": { "type": "string", "value": "n > 1 ? \"BIG\" : null" }
        }
        }
        """);

    [Fact]
    public void A_decision_keeps_its_one_free_text_in_a_field_and_allocates_no_array_of_references()
    {
        // Beside the 96-byte decision (see DecisionTests): two numbers and a code in three cells (24 + 24 bytes), and
        // the one free text in the decision's own field, where an array of one reference took 24 + 8 bytes more.
        var typed = OneFreeText.For<DecisionTests.TwoNumbers>();
        var two = new DecisionTests.TwoNumbers { N = 2, M = 1 };
        var decision = typed.Evaluate(two);
        Assert.Equal("BIG", decision["free"].AsString);
        Assert.Equal("BIG", decision["level"].AsString);
        Assert.Equal(96 + (24 + (3 * 8)), DecisionTests.LeastAllocated(() => typed.Evaluate(two)));
    }

    [Fact]
    public void A_reused_decision_reads_its_one_free_text_as_the_last_case_gives_it()
    {
        // The RulesEngine drop-in's reuse: one decision, reset, then evaluated into again.
        var typed = OneFreeText.For<DecisionTests.TwoNumbers>();
        var reused = OneFreeText.NewDecision(null, TraceDetail.None);
        Assert.Equal("BIG", typed.EvaluateInto(new DecisionTests.TwoNumbers { N = 2, M = 1 }, reused)["free"].AsString);

        reused.Reset();
        Assert.True(reused["free"].IsMissing);
        Assert.True(typed.EvaluateInto(new DecisionTests.TwoNumbers { N = 0, M = 1 }, reused)["free"].IsMissing);
        Assert.Equal(typed.Evaluate(new DecisionTests.TwoNumbers { N = 0, M = 1 }).ToJson(), reused.ToJson());

        reused.Reset();
        Assert.Equal("BIG", typed.EvaluateInto(new DecisionTests.TwoNumbers { N = 3, M = 1 }, reused)["free"].AsString);
    }

    [Fact]
    public void A_layout_that_does_not_know_its_outputs_types_keeps_a_single_output_of_any_kind_in_the_field()
    {
        // Without kinds every output is a reference (a number boxed as its rule value): one output is the decision's field.
        var layout = new OutputLayout(["x"]);
        Assert.True(layout.OneReference);
        var decision = new Decision(new RuleSetIdentity("n", "1", "h"), layout, "id", TraceDetail.None);
        Assert.True(decision["x"].IsMissing);
        Assert.Contains("\"outputs\":{\"x\":null}", decision.ToJson(), StringComparison.Ordinal);

        foreach (var (value, json) in new (RuleValue, string)[]
        {
            (RuleValue.FromNumber(1.5), "1.5"), (RuleValue.FromString("t\""), "\"t\\\"\""), (RuleValue.FromBool(true), "true"),
            (RuleValue.FromList([RuleValue.FromNumber(2)]), "[2]"), (RuleValue.FromDate(new DateOnly(2024, 2, 29)), "\"2024-02-29\""), (RuleValue.Missing, "null"),
        })
        {
            decision.SetOutput(0, value);
            Assert.Equal(value, decision["x"]);
            Assert.Contains("\"outputs\":{\"x\":" + json + "}", decision.ToJson(), StringComparison.Ordinal);
            var utf8 = new ArrayBufferWriter<byte>();
            decision.WriteJson(utf8);
            Assert.Equal(decision.ToJson(), Encoding.UTF8.GetString(utf8.WrittenSpan));
        }
    }

    [Fact]
    public void The_one_reference_is_stored_in_the_field_and_a_decision_of_more_or_none_refuses_it()
    {
        var decision = OneFreeText.Evaluate("""{ "n": 0, "m": 1 }""");
        Assert.True(decision["free"].IsMissing);
        DecisionBuilder.SetOnlyReference(decision, "stored");
        Assert.Equal("stored", decision["free"].AsString);
        Assert.Contains("\"free\":\"stored\"", decision.ToJson(), StringComparison.Ordinal);

        // The array is not there to be written into: a back end that reached for it is a defect, refused.
        Assert.Throws<InvalidOperationException>(() => DecisionBuilder.References(decision));

        var two = RuleSetSources.Load("{" + RuleSetSources.Header + """ "inputs": { "t": "string" }, "outputs": { "t": "string", "u": "string" } }""").Evaluate("{}");
        var none = RuleSetSources.Load("{" + RuleSetSources.Header + """ "inputs": { "n": "number" }, "outputs": { "n": "number" } }""").Evaluate("{}");
        Assert.Throws<InvalidOperationException>(() => DecisionBuilder.SetOnlyReference(two, "x"));
        Assert.Throws<InvalidOperationException>(() => DecisionBuilder.SetOnlyReference(none, "x"));
        Assert.True(two["t"].IsMissing);
        Assert.Equal(2, DecisionBuilder.References(two).Length);
        Assert.Empty(DecisionBuilder.References(none));
    }
}
