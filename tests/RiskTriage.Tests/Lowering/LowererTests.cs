using RiskTriage.Lowering;

namespace RiskTriage.Tests.Lowering;

/// <summary>What each element of a rule set lowers to, and tracing as a lowering choice.</summary>
public sealed class LowererTests
{
    internal static readonly string Everything = "{" + RuleSetSources.Header + """
        "inputs": {
          "age": { "type": "number", "required": true, "min": 0, "max": 130 },
          "kind": { "type": "string", "enum": ["A", "B", "C"] },
          "flag": "bool",
          "note": "string",
          "items": { "type": "list", "items": { "type": "object", "properties": { "v": { "type": "number", "required": true } } } }
        },
        "values": { "older": "age + 1" },
        "scorecards": { "score": { "rows": [ { "id": "young", "when": "age < 25", "points": 10, "reason": "under 25" }, { "id": "base", "points": 1 } ] } },
        "bands": { "band": { "value": "score", "bands": [ { "label": "LOW", "max": 5 }, { "label": "HIGH", "min": 5 } ] } },
        "tables": {
          "unique": { "hitPolicy": "UNIQUE", "inputs": ["kind", "age"], "outputs": { "u": "string" },
            "rows": [ { "id": "a", "when": ["A", "-"], "then": { "u": "RED" } }, { "id": "c5", "when": ["C", { "test": "age > 5" }], "then": { "u": "GREY" } }, { "id": "c8", "when": ["C", { "test": "age > 8" }], "then": { "u": "GREY" } } ] },
          "first": { "hitPolicy": "FIRST", "inputs": ["kind"], "outputs": { "f": { "type": "string", "default": "NONE" } },
            "rows": [ { "id": "a", "when": ["A"], "then": { "f": "X" } }, { "id": "any", "when": ["-"], "then": { "f": "Y" } } ] },
          "priority": { "hitPolicy": "PRIORITY", "inputs": ["age"], "outputs": { "p": { "type": "string", "enum": ["HIGH", "LOW"] } },
            "rows": [ { "id": "low", "when": ["-"], "then": { "p": "LOW" } }, { "id": "high", "when": [">= 10"], "then": { "p": "HIGH" } } ] },
          "any": { "hitPolicy": "ANY", "inputs": ["flag"], "outputs": { "g": "string" },
            "rows": [ { "id": "t", "when": [true], "then": { "g": "T" } }, { "id": "all", "when": ["-"], "then": { "g": "T" } } ] },
          "sum": { "hitPolicy": "COLLECT", "aggregation": "SUM", "inputs": ["age"], "outputs": { "total": "number" },
            "rows": [ { "id": "one", "when": [">= 1"], "then": { "total": 1.5 } }, { "id": "two", "when": [">= 2"], "then": { "total": { "expr": "age" } } } ] }
        },
        "rules": [
          { "id": "old", "when": "age > 90", "then": [ { "set": "level", "to": "OLD" }, { "review": "OLD", "message": "check the age" } ] },
          { "id": "off", "enabled": false, "when": "age > 1", "then": [ { "set": "level", "to": "OFF" } ] }
        ],
        "outputs": {
          "older": "number", "score": "number", "band": "string", "u": "string", "f": "string", "p": "string", "g": "string", "total": "number",
          "level": { "type": "string", "value": "\"NORMAL\"" }
        }
        }
        """;

    private static readonly RuleSet Rules = RuleSetSources.Load(Everything);

    [Fact]
    public void Each_element_kind_lowers_to_its_primitive_ops()
    {
        var form = LoweringTestKit.Lower(Rules);

        Assert.IsType<Compute>(Assert.Single(LoweringTestKit.Element(form, "older").Ops));
        Assert.Equal(2, Assert.IsType<Sum>(Assert.Single(LoweringTestKit.Element(form, "score").Ops)).Terms.Count);
        var band = Assert.IsType<SelectBand>(Assert.Single(LoweringTestKit.Element(form, "band").Ops));
        Assert.Equal(["LOW", "HIGH"], band.Bands.Select(b => b.Label));
        Assert.Equal((null, 5d, false), (band.Bands[0].Min, band.Bands[0].Max, band.Bands[0].MaxInclusive));

        // A table computes its columns, then takes its rows.
        var unique = LoweringTestKit.Element(form, "unique").Ops;
        Assert.Equal([typeof(Compute), typeof(Compute), typeof(FirstMatch)], unique.Select(o => o.GetType()));
        Assert.Equal(MatchCheck.Unique, ((FirstMatch)unique[2]).Check);
        Assert.Equal(MatchCheck.None, LoweringTestKit.Element(form, "first").Ops.OfType<FirstMatch>().Single().Check);
        Assert.Equal(MatchCheck.Any, LoweringTestKit.Element(form, "any").Ops.OfType<FirstMatch>().Single().Check);
        Assert.Equal("ANY", LoweringTestKit.Element(form, "any").Ops.OfType<FirstMatch>().Single().Policy);
        var sum = LoweringTestKit.Element(form, "sum").Ops.OfType<AllMatches>().Single();
        Assert.Equal(RiskTriage.Loading.Aggregation.Sum, sum.Aggregation);

        // The first default is an expression; the rows' outputs are the table's, in order.
        var first = LoweringTestKit.Element(form, "first").Ops.OfType<FirstMatch>().Single();
        Assert.NotNull(first.Outputs[0].Default);
        Assert.Equal(["a", "any"], first.Rows.Select(r => r.Id));
    }

    [Fact]
    public void A_priority_table_is_lowered_with_its_rows_in_rank_order()
    {
        var priority = LoweringTestKit.Element(LoweringTestKit.Lower(Rules), "priority").Ops.OfType<FirstMatch>().Single();

        Assert.Equal(MatchCheck.None, priority.Check);
        Assert.Equal(["high", "low"], priority.Rows.Select(r => r.Id));
    }

    [Fact]
    public void Rules_become_tests_outputs_choose_among_their_setters_and_reviews_come_last()
    {
        var form = LoweringTestKit.Lower(Rules);

        var old = Assert.IsType<Test>(Assert.Single(LoweringTestKit.Element(form, "old").Ops));
        Assert.NotNull(old.Condition);
        Assert.Null(Assert.IsType<Test>(Assert.Single(LoweringTestKit.Element(form, "off").Ops)).Condition);

        var level = Assert.IsType<Choose>(Assert.Single(LoweringTestKit.Elements(form, "level").Single(e => e.Kind == "output").Ops));
        Assert.Equal([old.Target, LoweringTestKit.Element(form, "off").Ops.OfType<Test>().Single().Target], level.Setters.Select(s => s.Flag));
        Assert.NotNull(level.Fallback);

        var review = Assert.Single(form.Reviews.Reviews);
        Assert.Equal(new ReviewReason("OLD", "check the age", "old"), review.Reason);
        Assert.Same(old.Target, review.Flag);
        Assert.Equal(Rules.Checked.Outputs.Select(o => o.Name), form.Outputs.Select(o => o.Name));
    }

    [Fact]
    public void Tracing_is_a_lowering_choice_the_untraced_form_has_no_trace_step()
    {
        var plain = LoweringTestKit.Lower(Rules, trace: false);
        var traced = LoweringTestKit.Lower(Rules, trace: true);

        Assert.Empty(TraceSteps(plain));
        var steps = TraceSteps(traced).ToList();
        Assert.Equal(
            ["band", "output", "rule", "scorecard-row", "table-row", "value"],
            steps.Select(s => s.Kind).Distinct().Order(StringComparer.Ordinal));

        // A value's step is for full traces only; a disabled rule has none.
        Assert.True(steps.Single(s => s.Kind == "value").FullOnly);
        Assert.Single(steps, s => s.Kind == "rule");
    }

    [Fact]
    public void Input_checks_follow_the_declarations_and_the_lowering_options()
    {
        var json = LoweringTestKit.Lower(Rules);
        Assert.Equal([typeof(RequiredCheck), typeof(NumberRangeCheck), typeof(ListChecks)], json.Checks.Select(c => c.GetType()));
        Assert.Equal("age", json.Checks[0].Path);
        var items = (ListChecks)json.Checks[2];
        Assert.Null(items.MaxItems);
        Assert.IsType<RequiredCheck>(Assert.Single(items.ItemChecks));

        // A typed case: enumerations checked, and the limits JSON is read with (text, list items, finite numbers).
        var typed = LoweringTestKit.Lower(Rules, validateEnums: true, limits: Rules.Limits);
        Assert.Contains(typed.Checks, c => c is EnumCheck { Path: "kind" } e && e.Values.SequenceEqual(["A", "B", "C"]));
        Assert.Contains(typed.Checks, c => c is TextCheck { Path: "note" });
        var typedItems = typed.Checks.OfType<ListChecks>().Single();
        Assert.Equal(Rules.Limits.MaxCollectionItems, typedItems.MaxItems);
        Assert.Contains(typedItems.ItemChecks, c => c is NumberRangeCheck { Path: "v" });
    }

    private static IEnumerable<TraceStep> TraceSteps(LoweredRuleSet form) => form.Elements.SelectMany(e => e.Ops).SelectMany(op => op switch
    {
        Compute c => [c.Trace],
        Test t => [t.Trace],
        Sum s => s.Terms.Select(t => t.Trace),
        SelectBand b => b.Bands.Select(x => x.Trace),
        FirstMatch m => [m.Trace],
        AllMatches a => [a.Trace],
        Choose c => c.Setters.Select(s => s.Trace).Append(c.FallbackTrace),
        _ => [],
    }).OfType<TraceStep>();
}
