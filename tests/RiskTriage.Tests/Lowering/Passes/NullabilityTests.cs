using RiskTriage.Benchmarks.Baseline;
using RiskTriage.Compilation;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Lowering;
using RiskTriage.Lowering.Passes;
using RiskTriage.Probation;
using RiskTriage.Tests.Differential;
using RiskTriage.Tests.Probation;

namespace RiskTriage.Tests.Lowering.Passes;

/// <summary>Which symbols the nullability pass proves present, and that the emitter's use of the facts changes no decision.</summary>
public sealed class NullabilityTests
{
    private static readonly RuleSet Rules = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "age": "number", "kind": "string" },
        "parameters": { "limit": 3 },
        "values": {
          "lit": "2 * 3", "param": "limit + 1", "older": "age + 1", "isOld": "age > 90", "known": "age in [1, 2]", "orZero": "age ?? 0",
          "half": "lit / 2", "byZero": "lit / (lit - 6)", "neg": "-lit + lit * 2", "pick": "age > 3 ? lit : 0", "maybe": "age > 3 ? lit : null", "text": "kind",
          "root": "sqrt(lit)", "chained": "neg - orZero", "tainted": "lit + older", "both": "isOld and known", "notOld": "not isOld"
        },
        "scorecards": { "score": { "rows": [ { "id": "young", "when": "age < 25", "points": "age" }, { "id": "base", "points": 1 } ] } },
        "bands": { "band": { "value": "lit", "bands": [ { "label": "LOW", "max": 5 }, { "label": "HIGH", "min": 5 } ] } },
        "tables": {
          "first": { "hitPolicy": "FIRST", "inputs": ["age"], "outputs": { "f": { "type": "number", "default": 0 }, "g": "number", "h": { "type": "number", "default": 1 } },
            "rows": [ { "id": "a", "when": ["> 1"], "then": { "f": 1, "g": 2, "h": { "expr": "age" } } }, { "id": "b", "when": ["-"], "then": { "f": { "expr": "lit" }, "g": 3, "h": 2 } } ] },
          "unique": { "hitPolicy": "UNIQUE", "inputs": ["age"], "outputs": { "u": { "type": "number", "default": 0 } },
            "rows": [ { "id": "a", "when": [{ "test": "age > 1" }], "then": { "u": 1 } }, { "id": "b", "when": [{ "test": "age > 2" }], "then": { "u": 2 } } ] },
          "total": { "hitPolicy": "COLLECT", "aggregation": "SUM", "inputs": ["age"], "outputs": { "s": "number" },
            "rows": [ { "id": "a", "when": ["> 1"], "then": { "s": { "expr": "age" } } } ] },
          "least": { "hitPolicy": "COLLECT", "aggregation": "MIN", "inputs": ["age"], "outputs": { "m": "number" },
            "rows": [ { "id": "a", "when": ["> 1"], "then": { "m": 1 } } ] }
        },
        "rules": [ { "id": "old", "when": "isOld", "then": [ { "set": "level", "to": 2 }, { "set": "open", "to": 2 } ] } ],
        "outputs": {
          "older": "number", "pick": "number", "maybe": "number", "chained": "number", "tainted": "number", "score": "number", "band": "string",
          "f": "number", "g": "number", "h": "number", "u": "number", "s": "number", "m": "number", "param": "number", "half": "number", "byZero": "number", "root": "number",
          "level": { "type": "number", "value": "1" }, "open": "number"
        }
        }
        """);

    private static readonly string[] Present =
        ["lit", "param", "isOld", "known", "orZero", "neg", "pick", "chained", "both", "notOld", "score", "f", "g", "s", "level"];

    private static readonly string[] NotPresent = ["older", "half", "byZero", "maybe", "text", "root", "tainted", "band", "h", "u", "m", "open"];

    [Fact]
    public void Values_proven_present_are_exactly_those_the_rules_allow()
    {
        var form = Nullability.Run(LoweringTestKit.Lower(Rules));
        var present = form.PresentSymbols.Select(s => s.Name).ToHashSet();

        // A rule's fired flag is a boolean that is never missing.
        Assert.Contains(LoweringTestKit.Element(form, "old").Ops.OfType<Test>().Single().Target, form.PresentSymbols);

        Assert.All(Present, name => Assert.True(present.Contains(name), $"'{name}' should be proven present"));
        Assert.All(NotPresent, name => Assert.False(present.Contains(name), $"'{name}' may be missing but was proven present"));
    }

    [Fact]
    public void Without_the_pass_no_symbol_is_proven_present_and_later_passes_keep_the_facts()
    {
        Assert.Empty(LoweringTestKit.Lower(Rules).PresentSymbols);

        var withPass = Nullability.Run(LoweringTestKit.Lower(Rules));
        Assert.Equal(withPass.PresentSymbols, Partitioning.Run(withPass, budget: 4).PresentSymbols);
    }

    [Fact]
    public void The_emitter_holds_a_proven_value_without_a_missing_state_so_a_wrong_fact_is_caught_not_turned_into_a_number()
    {
        // A fact that is wrong for a case without an age: the emitter reads it (the value is held as a double), and
        // a missing value then fails loudly instead of becoming 0.
        var form = LoweringTestKit.Lower(Rules);
        var wrong = form.WithPresentSymbols(form.Elements.SelectMany(e => e.Produces).Where(s => s.Name == "older").ToHashSet());
        var bag = new DiagnosticBag();
        var binding = ClrDataBinding.Create(Rules.Checked.Inputs, typeof(AgeCase), bag, nameof(AgeCase))!;
        var evaluate = LinqEmitter.Emit<AgeCase>(wrong, binding);

        evaluate(new AgeCase { Age = 40 }, Rules.NewDecision(null, TraceDetail.None));
        Assert.Throws<InvalidOperationException>(() => evaluate(new AgeCase(), Rules.NewDecision(null, TraceDetail.None)));
    }

    [Fact]
    public void Decisions_are_the_same_with_the_pass_on_and_off_on_the_small_rule_set()
    {
        var on = LoweringTestKit.Typed<AgeCase>(Rules, LoweringPasses.All);
        var off = LoweringTestKit.Typed<AgeCase>(Rules, LoweringPasses.All & ~LoweringPasses.Nullability);
        foreach (var age in new double?[] { null, 0, 1, 2, 3, 4, 25, 91, double.MaxValue, -double.MaxValue })
        {
            foreach (var kind in new[] { null, "K" })
            {
                var @case = new AgeCase { Age = age, Kind = kind };
                Assert.Equal(off(@case, TraceDetail.Full).ToJson(), on(@case, TraceDetail.Full).ToJson());
            }
        }
    }

    [Fact]
    public void The_probation_rule_set_decides_alike_with_the_pass_on_and_off_and_has_values_proven_present()
    {
        var ruleSet = ProbationRuleSetTests.Probation;
        Assert.NotEmpty(Nullability.Run(LoweringTestKit.Lower(ruleSet)).PresentSymbols);

        var cases = ProbationCaseGenerator.Generate(300, seed: 81);
        var on = LoweringTestKit.Typed<ProbationCase>(ruleSet, LoweringPasses.All);
        var off = LoweringTestKit.Typed<ProbationCase>(ruleSet, LoweringPasses.All & ~LoweringPasses.Nullability);
        for (var i = 0; i < cases.Length; i++)
        {
            var detail = i % 10 == 0 ? TraceDetail.Full : TraceDetail.None;
            Assert.True(off(cases[i], detail).ToJson() == on(cases[i], detail).ToJson(), $"case {i}");
        }
    }

    [Fact]
    public void Random_rule_sets_decide_alike_with_the_pass_on_and_off()
    {
        const int RuleSets = 80;
        const int Cases = 25;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, RuleSets, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            var ruleSet = RuleSet.LoadFromSources(new Dictionary<string, string> { ["ruleset.json"] = RuleSetGenerator.Generate(seed + 5000) });
            var on = LoweringTestKit.Typed<DiffCase>(ruleSet, LoweringPasses.Nullability);
            var off = LoweringTestKit.Typed<DiffCase>(ruleSet, LoweringPasses.None);
            var random = new Random(seed);
            for (var i = 0; i < Cases; i++)
            {
                var @case = RuleSetGenerator.Case(random, i);
                var detail = i % 5 == 0 ? TraceDetail.Full : TraceDetail.None;
                var expected = off(@case, detail).ToJson();
                string actual;
                try
                {
                    actual = on(@case, detail).ToJson();
                }
                catch (InvalidOperationException ex)
                {
                    actual = ex.Message;
                }

                if (actual != expected)
                {
                    failures.Add($"seed {seed + 5000}, case {i}:\noff: {expected}\non:  {actual}");
                    return;
                }
            }
        });

        Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Take(3)));
    }

    public sealed class AgeCase
    {
        public double? Age { get; init; }

        public string? Kind { get; init; }
    }
}
