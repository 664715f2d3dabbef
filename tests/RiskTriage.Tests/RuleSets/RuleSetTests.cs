using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace RiskTriage.Tests.RuleSets;

/// <summary>The public surface of a loaded rule set: how it is loaded, what it says about itself, and the ways to give it a case.</summary>
public sealed class RuleSetTests
{
    private static RuleSet Example => ExampleCases.RuleSet;

    [Fact]
    public void Load_TryLoad_and_LoadFromSources_give_the_same_rule_set()
    {
        var folder = TestPaths.TestRuleSet("example");

        Assert.True(RuleSet.TryLoad(folder, out var tried, out var diagnostics));
        var fromSources = RuleSet.LoadFromSources(RuleSetSources.ReadFolder(folder));

        Assert.Equal(Example.Identity, tried!.Identity);
        Assert.Equal(Example.Identity, fromSources.Identity);
        Assert.Equal(Example.Warnings.Select(w => w.ToString()), diagnostics.Select(d => d.ToString()));
        var json = ExampleCases.YoungInCustody.ToJson();
        Assert.Equal(Example.Evaluate(json, TraceDetail.Full).ToJson(), fromSources.Evaluate(json, TraceDetail.Full).ToJson());
    }

    [Fact]
    public void The_rule_set_describes_itself()
    {
        Assert.Equal("example", Example.Identity.Name);
        Assert.Equal("1.0.0", Example.Identity.Version);
        Assert.StartsWith("A small rule set", Example.Description, StringComparison.Ordinal);
        Assert.Equal(["caseId", "asOfDate", "age", "priorOffences", "risk", "flags", "employed", "address", "orders"], Example.InputNames);
        Assert.Equal(["score", "level", "contact", "contactDays", "grade", "priority", "ageGroup", "extraHours", "reasons", "note", "reviewDate"], Example.OutputNames);
        Assert.Empty(Example.Warnings);
    }

    [Fact]
    public void A_case_id_field_can_be_renamed()
    {
        var ruleSet = RuleSetSources.Load("""
            { "ruleSet": { "name": "ids", "version": "1", "caseId": "crn" }, "inputs": { "crn": "string", "age": "number" }, "outputs": { "age": "number" } }
            """);

        Assert.Equal("X123", ruleSet.Evaluate("""{ "crn": "X123", "caseId": "ignored" }""").CaseId);
    }

    [Fact]
    public void JSON_given_as_a_MemoryStream_a_JsonTextReader_or_a_JObject_is_read_as_JSON_not_as_a_typed_case()
    {
        const string json = """{ "caseId": "s", "asOfDate": "2026-06-09", "age": 20, "risk": "HIGH" }""";
        var expected = Example.Evaluate(json, TraceDetail.Full).ToJson();

        // Typed cases have an overload of their own name (EvaluateTyped), so C# binds each of these to the JSON overload.
        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(json)))
        {
            Assert.Equal(expected, Example.Evaluate(stream, TraceDetail.Full).ToJson());
        }

        using (var reader = new JsonTextReader(new StringReader(json)))
        {
            Assert.Equal(expected, Example.Evaluate(reader, TraceDetail.Full).ToJson());
        }

        Assert.Equal(expected, Example.Evaluate(JObject.Parse(json), TraceDetail.Full).ToJson());
        Assert.Equal(expected, Example.Evaluate((Stream)new MemoryStream(Encoding.UTF8.GetBytes(json)), TraceDetail.Full).ToJson());
    }

    [Fact]
    public void A_file_on_disk_can_be_evaluated_from_a_FileStream()
    {
        var path = Path.Combine(GoldenRuleSetTests.GoldenDirectory, "example", "cases", "young-in-custody.json");
        using var file = File.OpenRead(path);

        Assert.Equal(Example.Evaluate(File.ReadAllText(path)).ToJson(), Example.Evaluate(file).ToJson());
    }

    [Fact]
    public void Null_arguments_are_refused_with_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Example.Evaluate((string)null!));
        Assert.Throws<ArgumentNullException>(() => Example.Evaluate((JObject)null!));
        Assert.Throws<ArgumentNullException>(() => Example.Evaluate((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => Example.Evaluate((JsonReader)null!));
    }

    [Fact]
    public void Loading_the_same_rule_set_twice_gives_equal_identities_and_decisions()
    {
        var again = RuleSet.Load(TestPaths.TestRuleSet("example"));

        Assert.Equal(Example.Identity, again.Identity);
        Assert.NotSame(Example, again);
    }
}
