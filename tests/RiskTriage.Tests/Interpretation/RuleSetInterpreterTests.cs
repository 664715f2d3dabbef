using System.Reflection;
using Newtonsoft.Json.Linq;
using RiskTriage.Benchmarks.Baseline;
using RiskTriage.Interpretation;
using RiskTriage.Probation;
using RiskTriage.Testing;
using RiskTriage.Tests.Probation;
using Xunit.Abstractions;

namespace RiskTriage.Tests.Interpretation;

/// <summary>
/// The interpreted tier (<see cref="RuleSetBackend.Interpreted"/>) on the default rule set: its vectors, rule tests and
/// example cases, and byte-identical decisions (traces included) with the compiled rule set, typed and from JSON.
/// </summary>
public sealed class RuleSetInterpreterTests(ITestOutputHelper output)
{
    private static readonly Lazy<RuleSet> Interpreted = new(() => RuleSet.Load(ProbationRuleSetTests.ProbationPath, new RuleSetOptions { Backend = RuleSetBackend.Interpreted }));

    // Compiled from the start (the default, Tiered, is interpreted for its first cases).
    private static readonly Lazy<RuleSet> Compiled = new(() => RuleSet.Load(ProbationRuleSetTests.ProbationPath, new RuleSetOptions { Backend = RuleSetBackend.Compiled }));

    [Fact]
    public void An_interpreted_rule_set_compiles_nothing_and_names_the_same_rule_set()
    {
        var field = typeof(RuleSet).GetField("_recordEvaluator", BindingFlags.NonPublic | BindingFlags.Instance)!;
        Assert.IsType<RuleSetInterpreter>(((Delegate)field.GetValue(Interpreted.Value)!).Target);
        Assert.IsNotType<RuleSetInterpreter>(((Delegate)field.GetValue(Compiled.Value)!).Target);
        Assert.Equal(Compiled.Value.Identity, Interpreted.Value.Identity);
    }

    [Fact]
    public void Every_vector_and_rule_test_passes_interpreted()
    {
        var tests = RuleTests.Read(RuleTestFiles.TestsFolder, out var errors);
        Assert.Empty(errors);
        var run = RuleTests.Run(Interpreted.Value, tests);
        var tier = run.Results.Count(r => Path.GetFileName(r.Test.File) == RuleTestFiles.TierFile && r.Passed);
        var pni = run.Results.Count(r => Path.GetFileName(r.Test.File) == RuleTestFiles.PniFile && r.Passed);
        output.WriteLine($"interpreted: {run.Results.Count(r => r.Passed)}/{run.Results.Count} rule tests pass ({tier} tier vectors, {pni} PNI vectors)");
        Assert.Equal(250, tier);
        Assert.Equal(83, pni);
        Assert.All(run.Results, r => Assert.True(r.Passed, r.Test.Name + ": " + string.Join("; ", r.Mismatches.Select(m => $"{m.Name}: expected {m.Expected}, actual {m.Actual}"))));
    }

    [Fact]
    public void The_example_cases_give_byte_identical_decisions_and_traces()
    {
        var cases = JArray.Parse(File.ReadAllText(Path.Combine(ProbationRuleSetTests.ProbationPath, "examples", "cases.json")));
        Assert.NotEmpty(cases);
        foreach (var @case in cases.Cast<JObject>())
        {
            var json = @case.ToString(Newtonsoft.Json.Formatting.None);
            foreach (var trace in new[] { TraceDetail.None, TraceDetail.Summary, TraceDetail.Full })
            {
                Assert.Equal(Compiled.Value.Evaluate(json, trace).ToJson(), Interpreted.Value.Evaluate(json, trace).ToJson());
            }
        }
    }

    [Fact]
    public void Generated_typed_and_json_cases_give_byte_identical_decisions_and_traces()
    {
        var compiled = Compiled.Value.For<ProbationCase>();
        var interpreted = Interpreted.Value.For<ProbationCase>();
        var compared = 0;
        foreach (var @case in ProbationCaseGenerator.Generate(1_000, seed: 11))
        {
            var trace = compared % 3 == 0 ? TraceDetail.Full : TraceDetail.None;
            var expected = compiled.Evaluate(@case, trace).ToJson();
            Assert.Equal(expected, interpreted.Evaluate(@case, trace).ToJson());
            var json = DomainVectors.ToContractJson(@case).ToString(Newtonsoft.Json.Formatting.None);
            Assert.Equal(Compiled.Value.Evaluate(json, trace).ToJson(), Interpreted.Value.Evaluate(json, trace).ToJson());
            compared++;
        }

        Assert.Equal(1_000, compared);
    }

    [Fact]
    public void Batches_and_streams_are_interpreted_too()
    {
        var cases = ProbationCaseGenerator.Generate(50, seed: 3);
        var jsons = cases.Select(c => DomainVectors.ToContractJson(c).ToString(Newtonsoft.Json.Formatting.None)).ToList();
        var expected = Compiled.Value.EvaluateMany(jsons).Select(d => d.ToJson()).ToList();
        Assert.Equal(expected, Interpreted.Value.EvaluateMany(jsons, new BatchOptions { MaxDegreeOfParallelism = 2 }).Select(d => d.ToJson()));
        Assert.Equal(expected, Interpreted.Value.EvaluateMany(cases).Select(d => d.ToJson()));
    }

    [Fact]
    public void A_typed_case_is_held_to_the_limits_and_enumerations_a_json_case_is_read_with()
    {
        const string rules = """
            {
              "ruleSet": { "name": "typed", "version": "1" },
              "inputs": {
                "level": { "type": "string", "enum": ["LOW", "HIGH"] },
                "name": "string",
                "score": "number",
                "items": { "type": "list", "items": { "type": "object", "properties": { "code": { "type": "string", "enum": ["A", "B"] }, "tags": { "type": "list", "items": "string" } } } }
              },
              "outputs": { "high": { "type": "bool", "value": "level == 'HIGH'" }, "count": { "type": "number", "value": "items.Count()" } }
            }
            """;
        var limits = new RuleSetLimits { MaxCaseStringLength = 5, MaxCollectionItems = 2 };
        var compiled = RuleSetSources.Load(rules, new RuleSetOptions { Limits = limits }).For<TypedInput>();
        var interpreted = RuleSetSources.Load(rules, new RuleSetOptions { Limits = limits, Backend = RuleSetBackend.Interpreted }).For<TypedInput>();
        var cases = new[]
        {
            new TypedInput { Level = "HIGH", Name = "ok", Score = 1 },
            new TypedInput { Level = "MEDIUM", Name = "far too long", Score = double.NaN },
            new TypedInput { Level = "LOW", Items = [new TypedItem { Code = "C", Tags = ["x", "y", "z"] }, null, new TypedItem { Code = "A", Tags = ["long tag"] }] },
            new TypedInput { Items = [new TypedItem { Code = "B" }] },
        };
        foreach (var @case in cases)
        {
            Assert.Equal(compiled.Evaluate(@case).ToJson(), interpreted.Evaluate(@case).ToJson());
        }

        Assert.Equal(DecisionStatus.Invalid, interpreted.Evaluate(cases[1]).Status);
    }

    public sealed class TypedInput
    {
        public string? Level { get; init; }

        public string? Name { get; init; }

        public double? Score { get; init; }

        public List<TypedItem?>? Items { get; init; }
    }

    public sealed class TypedItem
    {
        public string? Code { get; init; }

        public string[]? Tags { get; init; }
    }
}
