using System.Globalization;
using System.Text;
using RiskTriage.Evaluation;
using RiskTriage.Tests.RuleSets;

namespace RiskTriage.Tests.Evaluation;

/// <summary>Canonical decision JSON: the same bytes on every machine, culture and run; numbers that read back exactly.</summary>
public sealed class CanonicalJsonTests
{
    private static readonly string[] Cultures = ["tr-TR", "de-DE", "fr-FR", "ar-SA", "en-US", ""];

    private static T InCulture<T>(string name, Func<T> action)
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var culture = CultureInfo.GetCultureInfo(name);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous.CurrentCulture;
            CultureInfo.CurrentUICulture = previous.CurrentUICulture;
        }
    }

    private static string Number(double value)
    {
        var sb = new StringBuilder();
        CanonicalJson.Number(sb, value);
        return sb.ToString();
    }

    private static string Text(string value)
    {
        var sb = new StringBuilder();
        CanonicalJson.String(sb, value);
        return sb.ToString();
    }

    [Fact]
    public void Decisions_are_byte_identical_under_Turkish_German_and_other_cultures()
    {
        var cases = ExampleCases.All.Select(c => c.Case.ToJson()).ToList();
        string Run() => string.Join("\n", cases.Select(json => ExampleCases.RuleSet.Evaluate(json, TraceDetail.Full).ToJson()));

        var invariant = InCulture(string.Empty, Run);
        foreach (var culture in Cultures)
        {
            Assert.Equal(invariant, InCulture(culture, Run));
        }
    }

    [Fact]
    public void A_rule_set_loaded_under_a_culture_decides_byte_identically()
    {
        // Loading (parsing numbers, interning names, building messages) under Turkish casing must change nothing.
        var json = ExampleCases.VeryHighRisk.ToJson();
        var expected = ExampleCases.RuleSet.Evaluate(json, TraceDetail.Full).ToJson();

        var loadedInTurkish = InCulture("tr-TR", () => RuleSet.Load(TestPaths.TestRuleSet("example")));

        Assert.Equal(expected, InCulture("de-DE", () => loadedInTurkish.Evaluate(json, TraceDetail.Full).ToJson()));
        Assert.Equal(ExampleCases.RuleSet.Identity, loadedInTurkish.Identity);
    }

    [Fact]
    public void Messages_inside_decisions_do_not_depend_on_the_culture()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "flags": { "type": "list", "items": "number" }, "v": "number" },
            "bands": { "b": { "value": "v", "bands": [ { "label": "LOW", "max": 1.5 }, { "label": "HIGH", "min": 2.5 } ] } },
            "outputs": { "b": "string" }
            }
            """, new RuleSetOptions { Limits = new RuleSetLimits { MaxCollectionItems = 1000, MaxCaseLength = 6000 } });
        var cases = new[]
        {
            "{ \"flags\": [" + string.Join(",", Enumerable.Repeat("1.5", 1001)) + "] }", // "more than 1,000 items"
            """{ "v": 2.25 }""", // NO_BAND "the value 2.25 ..."
            """{ "v": "1,5" }""", // a decimal comma is text, not a number, in every culture
            "{ \"v\": 1" + new string(' ', 7000) + "}", // "the case is 7,009 characters long; the limit is 6,000"
        };
        string Run() => string.Join("\n", cases.Select(c => ruleSet.Evaluate(c, TraceDetail.Full).ToJson()));

        var invariant = InCulture(string.Empty, Run);
        Assert.Contains("1,000", invariant, StringComparison.Ordinal);
        Assert.Contains("the value 2.25 of 'b'", invariant, StringComparison.Ordinal);
        Assert.Contains("the limit is 6,000", invariant, StringComparison.Ordinal);
        foreach (var culture in Cultures)
        {
            Assert.Equal(invariant, InCulture(culture, Run));
        }
    }

    [Fact]
    public void Repeated_runs_give_the_same_bytes()
    {
        var json = ExampleCases.YoungInCustody.ToJson();
        var first = ExampleCases.RuleSet.Evaluate(json, TraceDetail.Full).ToJson();

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(first, ExampleCases.RuleSet.Evaluate(json, TraceDetail.Full).ToJson());
        }

        Assert.Equal(first, RuleSet.Load(TestPaths.TestRuleSet("example")).Evaluate(json, TraceDetail.Full).ToJson());
    }

    [Theory]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(0.0, "0")]
    [InlineData(20.0, "20")]
    [InlineData(6.95, "6.95")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(123456789012345.0, "123456789012345")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(double.Epsilon, "5E-324")]
    public void Numbers_are_written_in_shortest_round_trip_form(double value, string expected)
    {
        Assert.Equal(expected, Number(value));
        foreach (var culture in Cultures)
        {
            Assert.Equal(expected, InCulture(culture, () => Number(value)));
        }
    }

    [Fact]
    public void Negative_zero_is_written_as_zero()
    {
        var negativeZero = BitConverter.Int64BitsToDouble(unchecked((long)0x8000_0000_0000_0000));
        Assert.True(double.IsNegative(negativeZero));

        Assert.Equal("0", Number(negativeZero));
        var sb = new StringBuilder();
        CanonicalJson.Value(sb, RuleValue.FromList([RuleValue.FromNumber(negativeZero), RuleValue.FromNumber(-1e21)]));
        Assert.Equal("[0,-1E+21]", sb.ToString());
    }

    [Fact]
    public void Every_written_number_reads_back_as_the_same_double()
    {
        var random = new Random(7);
        var values = new List<double> { 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 1e21, 1e-300, -1e-300, 9007199254740993, 4.35, 0.7 * 3 };
        for (var i = 0; i < 2000; i++)
        {
            values.Add(BitConverter.Int64BitsToDouble(random.NextInt64()));
            values.Add(Math.Round(random.NextDouble() * 1000, random.Next(6)));
        }

        foreach (var value in values.Where(double.IsFinite))
        {
            var written = Number(value);
            Assert.Equal(value == 0 ? 0 : value, double.Parse(written, NumberStyles.Float, CultureInfo.InvariantCulture));
            Assert.Equal(value == 0 ? 0 : value, (double)Newtonsoft.Json.Linq.JToken.Parse(written));
        }
    }

    [Fact]
    public void A_computed_sum_like_one_tenth_plus_two_tenths_round_trips_through_a_decision()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "a": "number", "b": "number" },
            "outputs": { "sum": { "type": "number", "value": "a + b" }, "negativeZero": { "type": "number", "value": "0 * -1" } }
            }
            """);

        var json = ruleSet.Evaluate("""{ "a": 0.1, "b": 0.2 }""").ToJson();

        Assert.Contains("\"sum\":0.30000000000000004", json, StringComparison.Ordinal);
        Assert.Contains("\"negativeZero\":0", json, StringComparison.Ordinal);
        Assert.Equal(0.1 + 0.2, (double)Newtonsoft.Json.Linq.JObject.Parse(json)["outputs"]!["sum"]!);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("line\nbreak\r\ttab", "\"line\\nbreak\\r\\ttab\"")]
    [InlineData("\b\f", "\"\\b\\f\"")]
    [InlineData("\u0001\u001f", "\"\\u0001\\u001f\"")]
    [InlineData("\u2028\u2029", "\"\\u2028\\u2029\"")]
    [InlineData("İıé€😀", "\"İıé€😀\"")]
    [InlineData("</script>", "\"</script>\"")]
    public void Strings_are_escaped_minimally_and_identically(string value, string expected)
    {
        Assert.Equal(expected, Text(value));
    }

    [Fact]
    public void A_lone_surrogate_is_escaped_so_the_output_stays_valid_UTF8()
    {
        // Built at run time: an attribute cannot carry a lone surrogate.
        Assert.Equal("\"lone \\ud800 surrogate\"", Text("lone " + (char)0xD800 + " surrogate"));
        Assert.Equal("\"\\udc00x\"", Text((char)0xDC00 + "x"));
    }

    [Fact]
    public void Properties_appear_in_a_fixed_order_and_errors_and_trace_only_when_present()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "age": { "type": "number", "required": true } },
            "outputs": { "zeta": { "type": "number", "value": "age" }, "alpha": { "type": "number", "value": "1" } }
            }
            """);

        var complete = ruleSet.Evaluate("""{ "caseId": "c", "age": 3 }""").ToJson();
        var invalid = ruleSet.Evaluate("""{ "age": "x" }""").ToJson();
        var traced = ruleSet.Evaluate("""{ }""", TraceDetail.Summary).ToJson();

        Assert.Equal($$"""{"ruleSet":{"name":"test","version":"1","hash":"{{ruleSet.Identity.Hash}}"},"caseId":"c","status":"Complete","outputs":{"zeta":3,"alpha":1},"reviewReasons":[]}""", complete);
        Assert.Equal($$"""{"ruleSet":{"name":"test","version":"1","hash":"{{ruleSet.Identity.Hash}}"},"caseId":null,"status":"Invalid","outputs":{"zeta":null,"alpha":null},"reviewReasons":[],"errors":[{"path":"age","message":"expected number but found text \"x\""}]}""", invalid);
        Assert.StartsWith($$"""{"ruleSet":{"name":"test","version":"1","hash":"{{ruleSet.Identity.Hash}}"},"caseId":null,"status":"ReviewRequired","outputs":{"zeta":null,"alpha":1},"reviewReasons":[{"code":"MISSING_INPUT",""", traced, StringComparison.Ordinal);
        Assert.Contains("],\"trace\":[{\"kind\":\"output\",\"element\":\"zeta\"", traced, StringComparison.Ordinal);
        Assert.DoesNotContain(" ", complete.Replace("\"message\"", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_dates_and_booleans_are_written_as_JSON_values()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "d": "date", "flags": { "type": "list", "items": "string" }, "nums": { "type": "list", "items": "number" } },
            "outputs": { "d": "date", "flags": { "type": "list", "items": "string", "value": "flags" }, "nums": { "type": "list", "items": "number", "value": "nums" }, "yes": { "type": "bool", "value": "true" } }
            }
            """);

        var json = ruleSet.Evaluate("""{ "d": "2024-02-29", "flags": ["A", "B\"C"], "nums": [1, 0.5, -0] }""").ToJson();

        Assert.Contains("""
            "outputs":{"d":"2024-02-29","flags":["A","B\"C"],"nums":[1,0.5,0],"yes":true}
            """, json, StringComparison.Ordinal);
    }
}
