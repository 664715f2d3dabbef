namespace RiskTriage.Tests.Compilation;

/// <summary>
/// The compiled rule set at run time: hit policies, aggregations, rule priorities and effects, bands and outputs,
/// the same through the JSON record binding and the typed CLR binding, traced or not.
/// </summary>
public sealed class RuleSetCompilerTests
{
    private static readonly RuleSet Tables = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "kind": { "type": "string", "enum": ["A", "B", "C"] }, "n": "number", "flag": "bool" },
        "tables": {
          "unique": {
            "hitPolicy": "UNIQUE", "inputs": ["kind", "n"],
            "outputs": { "u": "string", "uDays": { "type": "number", "default": 99 } },
            "rows": [
              { "id": "a", "when": ["A", "-"], "then": { "u": "RED", "uDays": 1 } },
              { "id": "c-over-5", "when": ["C", { "test": "n > 5" }], "then": { "u": "GREY", "uDays": 4 } },
              { "id": "c-over-8", "when": ["C", { "test": "n > 8" }], "then": { "u": "GREY", "uDays": 4 } }
            ]
          },
          "first": {
            "hitPolicy": "FIRST", "inputs": ["n"], "outputs": { "f": "string" },
            "rows": [ { "id": "big", "when": [">= 10"], "then": { "f": "BIG" } }, { "id": "any", "when": ["-"], "then": { "f": "ANY" } } ]
          },
          "priority": {
            "hitPolicy": "PRIORITY", "inputs": ["n", "flag"],
            "outputs": { "p": { "type": "string", "enum": ["URGENT", "SOON", "ROUTINE"] }, "pWhy": "string" },
            "rows": [
              { "id": "routine", "when": ["-", "-"], "then": { "p": "ROUTINE", "pWhy": "routine" } },
              { "id": "soon", "when": ["-", true], "then": { "p": "SOON", "pWhy": "soon" } },
              { "id": "urgent-1", "when": [">= 10", "-"], "then": { "p": "URGENT", "pWhy": "first urgent" } },
              { "id": "urgent-2", "when": [">= 20", "-"], "then": { "p": "URGENT", "pWhy": "second urgent" } }
            ]
          },
          "any": {
            "hitPolicy": "ANY", "inputs": ["n", "flag"], "outputs": { "g": "string" },
            "rows": [
              { "id": "small", "when": ["< 10", "-"], "then": { "g": "SMALL" } },
              { "id": "small-flagged", "when": ["< 5", true], "then": { "g": "SMALL" } },
              { "id": "odd", "when": ["[6..8]", true], "then": { "g": "ODD" } }
            ]
          },
          "sum": { "hitPolicy": "COLLECT", "aggregation": "SUM", "inputs": ["n"], "outputs": { "total": "number" },
            "rows": [ { "id": "one", "when": [">= 1"], "then": { "total": 1.5 } }, { "id": "two", "when": [">= 2"], "then": { "total": { "expr": "n" } } } ] },
          "min": { "hitPolicy": "COLLECT", "aggregation": "MIN", "inputs": ["n"], "outputs": { "least": "number" },
            "rows": [ { "id": "one", "when": [">= 1"], "then": { "least": 1.5 } }, { "id": "two", "when": [">= 2"], "then": { "least": { "expr": "n" } } } ] },
          "max": { "hitPolicy": "COLLECT", "aggregation": "MAX", "inputs": ["n"], "outputs": { "most": "number" },
            "rows": [ { "id": "one", "when": [">= 1"], "then": { "most": 1.5 } }, { "id": "two", "when": [">= 2"], "then": { "most": { "expr": "n" } } } ] },
          "count": { "hitPolicy": "COLLECT", "aggregation": "COUNT", "inputs": ["n"], "outputs": { "matches": "string" },
            "rows": [ { "id": "one", "when": [">= 1"], "then": { "matches": "x" } }, { "id": "two", "when": [">= 2"], "then": { "matches": "y" } } ] },
          "list": { "hitPolicy": "COLLECT", "inputs": ["n"], "outputs": { "codes": "string" },
            "rows": [ { "id": "one", "when": [">= 1"], "then": { "codes": "ONE" } }, { "id": "two", "when": [">= 2"], "then": { "codes": "TWO" } } ] }
        },
        "outputs": {
          "u": "string", "uDays": "number", "f": "string", "p": "string", "pWhy": "string", "g": "string",
          "total": "number", "least": "number", "most": "number", "matches": "number",
          "codes": { "type": "list", "items": "string", "value": "codes" }
        }
        }
        """);

    private static Decision Table(string json) => Tables.Evaluate(json, TraceDetail.Full);

    [Fact]
    public void UNIQUE_with_one_matching_row_gives_its_outputs_and_with_none_the_defaults()
    {
        var one = Table("""{ "kind": "A" }""");
        Assert.Equal(("RED", 1d), (one["u"].AsString, one["uDays"].AsNumber!.Value));

        var none = Table("""{ "kind": "B" }""");
        Assert.True(none["u"].IsMissing);
        Assert.Equal(99, none["uDays"].AsNumber);
        Assert.Equal(DecisionStatus.Complete, none.Status);
    }

    [Fact]
    public void UNIQUE_with_two_matching_rows_is_a_violation_naming_both_rows_and_leaves_the_outputs_missing()
    {
        var decision = Table("""{ "kind": "C", "n": 9 }""");

        Assert.Equal(DecisionStatus.ReviewRequired, decision.Status);
        var reason = Assert.Single(decision.ReviewReasons);
        Assert.Equal(("HIT_POLICY_VIOLATION", "unique"), (reason.Code, reason.Source));
        Assert.Contains("'c-over-5' and 'c-over-8'", reason.Message, StringComparison.Ordinal);
        Assert.Contains("UNIQUE", reason.Message, StringComparison.Ordinal);

        // Not the defaults: a broken table must not pass for a table that matched nothing.
        Assert.True(decision["u"].IsMissing);
        Assert.True(decision["uDays"].IsMissing);
    }

    [Fact]
    public void FIRST_takes_the_first_matching_row_in_written_order()
    {
        Assert.Equal("BIG", Table("""{ "n": 10 }""")["f"].AsString);
        Assert.Equal("ANY", Table("""{ "n": 9 }""")["f"].AsString);
        Assert.Equal("ANY", Table("{}")["f"].AsString);
    }

    [Fact]
    public void PRIORITY_takes_the_matching_row_whose_first_output_ranks_highest_then_the_first_written()
    {
        Assert.Equal(("ROUTINE", "routine"), P(Table("""{ "n": 1, "flag": false }""")));
        Assert.Equal(("SOON", "soon"), P(Table("""{ "n": 1, "flag": true }""")));
        Assert.Equal(("URGENT", "first urgent"), P(Table("""{ "n": 10, "flag": true }""")));
        Assert.Equal(("URGENT", "first urgent"), P(Table("""{ "n": 25 }""")));

        static (string?, string?) P(Decision d) => (d["p"].AsString, d["pWhy"].AsString);
    }

    [Fact]
    public void ANY_allows_several_matching_rows_that_agree()
    {
        var decision = Table("""{ "n": 3, "flag": true }""");

        Assert.Equal("SMALL", decision["g"].AsString);
        Assert.DoesNotContain(decision.ReviewReasons, r => r.Code == "HIT_POLICY_VIOLATION");
    }

    [Fact]
    public void ANY_with_matching_rows_that_disagree_is_a_violation_naming_both_rows()
    {
        var decision = Table("""{ "n": 7, "flag": true }""");

        var reason = Assert.Single(decision.ReviewReasons);
        Assert.Equal("HIT_POLICY_VIOLATION", reason.Code);
        Assert.Contains("'small' and 'odd'", reason.Message, StringComparison.Ordinal);
        Assert.Contains("ANY", reason.Message, StringComparison.Ordinal);
        Assert.True(decision["g"].IsMissing);
    }

    [Theory]
    [InlineData(0, 0, null, null, 0)]
    [InlineData(1, 1.5, 1.5, 1.5, 1)]
    [InlineData(2, 3.5, 1.5, 2.0, 2)]
    [InlineData(1.25, 1.5, 1.5, 1.5, 1)]
    [InlineData(7.75, 9.25, 1.5, 7.75, 2)]
    public void COLLECT_sums_takes_the_least_and_the_most_and_counts_the_matching_rows(double n, double total, double? least, double? most, double matches)
    {
        var decision = Table($$"""{ "n": {{n.ToString(System.Globalization.CultureInfo.InvariantCulture)}} }""");

        Assert.Equal(total, decision["total"].AsNumber);
        Assert.Equal(least, decision["least"].AsNumber);
        Assert.Equal(most, decision["most"].AsNumber);
        Assert.Equal(matches, decision["matches"].AsNumber);
    }

    [Fact]
    public void COLLECT_without_an_aggregation_lists_the_values_of_the_matching_rows_in_order()
    {
        Assert.Equal(["ONE", "TWO"], Table("""{ "n": 5 }""")["codes"].AsList!.Select(v => v.AsString));
        Assert.Equal(["ONE"], Table("""{ "n": 1 }""")["codes"].AsList!.Select(v => v.AsString));
        Assert.Empty(Table("""{ "n": 0 }""")["codes"].AsList!);
    }

    [Fact]
    public void A_missing_value_in_a_collected_row_is_skipped_by_SUM_MIN_and_MAX_but_the_row_is_counted()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "hours": "number" },
            "tables": {
              "s": { "hitPolicy": "COLLECT", "aggregation": "SUM", "inputs": ["1"], "outputs": { "sum": "number" }, "rows": [ { "id": "a", "when": ["-"], "then": { "sum": 2 } }, { "id": "b", "when": ["-"], "then": { "sum": { "expr": "hours" } } } ] },
              "m": { "hitPolicy": "COLLECT", "aggregation": "MIN", "inputs": ["1"], "outputs": { "min": "number" }, "rows": [ { "id": "a", "when": ["-"], "then": { "min": 2 } }, { "id": "b", "when": ["-"], "then": { "min": { "expr": "hours" } } } ] },
              "x": { "hitPolicy": "COLLECT", "aggregation": "MAX", "inputs": ["1"], "outputs": { "max": "number" }, "rows": [ { "id": "a", "when": ["-"], "then": { "max": 2 } }, { "id": "b", "when": ["-"], "then": { "max": { "expr": "hours" } } } ] },
              "c": { "hitPolicy": "COLLECT", "aggregation": "COUNT", "inputs": ["1"], "outputs": { "count": "number" }, "rows": [ { "id": "a", "when": ["-"], "then": { "count": 2 } }, { "id": "b", "when": ["-"], "then": { "count": { "expr": "hours" } } } ] }
            },
            "outputs": { "sum": "number", "min": "number", "max": "number", "count": "number" }
            }
            """);

        var missing = ruleSet.Evaluate("{}");
        Assert.Equal((2d, 2d, 2d, 2d), (missing["sum"].AsNumber!.Value, missing["min"].AsNumber!.Value, missing["max"].AsNumber!.Value, missing["count"].AsNumber!.Value));

        var known = ruleSet.Evaluate("""{ "hours": -1 }""");
        Assert.Equal((1d, -1d, 2d, 2d), (known["sum"].AsNumber!.Value, known["min"].AsNumber!.Value, known["max"].AsNumber!.Value, known["count"].AsNumber!.Value));
    }

    // ---- Rules ------------------------------------------------------------------------------------------

    private static readonly RuleSet Rules = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "risk": "string", "age": "number", "manual": "bool" },
        "rules": [
          { "id": "high", "when": "risk == \"HIGH\"", "then": [ { "set": "tier", "to": "B" } ] },
          { "id": "young", "when": "age < 21", "priority": 10, "then": [ { "set": "tier", "to": "A" }, { "set": "note", "to": { "expr": "\"age \" + age" } } ] },
          { "id": "very-high", "when": "risk == \"VERY_HIGH\"", "priority": 10, "then": [ { "set": "tier", "to": "AA" }, { "review": "SENIOR", "message": "a senior must confirm" } ] },
          { "id": "manual", "when": "manual", "priority": -5, "then": [ { "set": "tier", "to": "M" }, { "review": "MANUAL" } ] },
          { "id": "off", "enabled": false, "when": "true", "priority": 100, "then": [ { "set": "tier", "to": "OFF" }, { "review": "NEVER" } ] }
        ],
        "outputs": { "tier": { "type": "string", "value": "\"D\"" }, "note": "string" }
        }
        """);

    [Theory]
    [InlineData("""{ "risk": "LOW", "age": 40 }""", "D")]
    [InlineData("""{ "risk": "HIGH", "age": 40 }""", "B")]
    [InlineData("""{ "risk": "HIGH", "age": 19 }""", "A")]
    [InlineData("""{ "risk": "VERY_HIGH", "age": 19 }""", "A")]
    [InlineData("""{ "risk": "VERY_HIGH", "age": 40 }""", "AA")]
    [InlineData("""{ "risk": "LOW", "age": 40, "manual": true }""", "M")]
    [InlineData("""{ "risk": "HIGH", "age": 40, "manual": true }""", "B")]
    public void The_highest_priority_rule_that_fires_sets_the_output_and_among_equals_the_first_written(string json, string tier)
    {
        Assert.Equal(tier, Rules.Evaluate(json)["tier"].AsString);
    }

    [Fact]
    public void A_rule_sets_several_outputs_and_an_output_no_rule_sets_keeps_its_value_or_is_missing()
    {
        var young = Rules.Evaluate("""{ "age": 19 }""");
        Assert.Equal(("A", "age 19"), (young["tier"].AsString, young["note"].AsString));

        var none = Rules.Evaluate("""{ "age": 40 }""");
        Assert.Equal("D", none["tier"].AsString);
        Assert.True(none["note"].IsMissing);
    }

    [Fact]
    public void Review_effects_of_every_rule_that_fires_are_added_in_rule_order()
    {
        var decision = Rules.Evaluate("""{ "risk": "VERY_HIGH", "age": 40, "manual": true }""");

        Assert.Equal(
            [new ReviewReason("SENIOR", "a senior must confirm", "very-high"), new ReviewReason("MANUAL", "MANUAL", "manual")],
            decision.ReviewReasons);
    }

    [Fact]
    public void A_disabled_rule_never_fires_sets_nothing_asks_nothing_and_is_not_traced()
    {
        var decision = Rules.Evaluate("""{ "risk": "LOW", "age": 40 }""", TraceDetail.Full);

        Assert.Equal("D", decision["tier"].AsString);
        Assert.DoesNotContain(decision.ReviewReasons, r => r.Code == "NEVER");
        Assert.DoesNotContain(decision.Trace!, e => e.Item == "off");
        Assert.Equal(DecisionStatus.Complete, decision.Status);
    }

    [Fact]
    public void The_trace_says_which_rule_set_each_output()
    {
        var trace = Rules.Evaluate("""{ "risk": "HIGH", "age": 19 }""", TraceDetail.Full).Trace!;

        Assert.Equal(["high", "young"], trace.Where(e => e.Kind == TraceEntryKind.Rule).Select(e => e.Item));
        Assert.Equal("set by rule young", trace.Single(e => e is { Kind: TraceEntryKind.Output, Element: "tier" }).Detail);
        Assert.Equal("no value", Rules.Evaluate("""{ "age": 40 }""", TraceDetail.Full).Trace!.Single(e => e is { Kind: TraceEntryKind.Output, Element: "note" }).Detail);
    }

    // ---- Bands, outputs ----------------------------------------------------------------------------------

    [Fact]
    public void A_value_outside_every_band_asks_for_review_and_a_missing_value_has_no_band()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "v": "number" },
            "bands": { "level": { "value": "v", "bands": [ { "label": "LOW", "min": 0, "max": 10 }, { "label": "HIGH", "min": 10, "minInclusive": false } ] } },
            "outputs": { "level": "string" }
            }
            """);

        Assert.Equal("LOW", ruleSet.Evaluate("""{ "v": 0 }""")["level"].AsString);
        Assert.Equal("HIGH", ruleSet.Evaluate("""{ "v": 10.5 }""")["level"].AsString);

        var gap = ruleSet.Evaluate("""{ "v": 10 }""");
        Assert.True(gap["level"].IsMissing);
        var reason = Assert.Single(gap.ReviewReasons);
        Assert.Equal(("NO_BAND", "level"), (reason.Code, reason.Source));
        Assert.Contains("10", reason.Message, StringComparison.Ordinal);

        Assert.Equal(DecisionStatus.ReviewRequired, ruleSet.Evaluate("""{ "v": -1 }""").Status);
        var missing = ruleSet.Evaluate("{}");
        Assert.True(missing["level"].IsMissing);
        Assert.Equal(DecisionStatus.Complete, missing.Status);
    }

    [Fact]
    public void A_number_output_that_overflows_is_missing_and_asks_for_review()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "x": "number" },
            "outputs": { "huge": { "type": "number", "value": "x * x" } }
            }
            """);

        var decision = ruleSet.Evaluate("""{ "x": 1e200 }""");

        Assert.True(decision["huge"].IsMissing);
        Assert.Contains(decision.ReviewReasons, r => r.Code == "NON_FINITE_OUTPUT" && r.Source == "huge");
    }

    // ---- Bindings and tracing agree -----------------------------------------------------------------------

    public sealed class TableCase
    {
        public string? Kind { get; init; }

        public double? N { get; init; }

        public bool? Flag { get; init; }
    }

    [Fact]
    public void The_typed_binding_follows_every_hit_policy_exactly_like_JSON()
    {
        var kinds = new[] { null, "A", "B", "C" };
        var numbers = new double?[] { null, 0, 1, 1.25, 2, 3, 5, 6, 7, 8, 9, 10, 20, 25 };
        var flags = new bool?[] { null, false, true };
        foreach (var kind in kinds)
        {
            foreach (var n in numbers)
            {
                foreach (var flag in flags)
                {
                    var typed = new TableCase { Kind = kind, N = n, Flag = flag };
                    var json = Newtonsoft.Json.JsonConvert.SerializeObject(new { kind, n, flag });
                    Assert.Equal(Tables.Evaluate(json, TraceDetail.Full).ToJson(), Tables.EvaluateTyped(typed, TraceDetail.Full).ToJson());
                }
            }
        }
    }

    [Fact]
    public void The_traced_and_untraced_delegates_decide_the_same()
    {
        foreach (var json in new[] { """{ "kind": "C", "n": 9 }""", """{ "n": 7, "flag": true }""", """{ "n": 25 }""", "{}" })
        {
            var plain = Tables.Evaluate(json);
            var traced = Tables.Evaluate(json, TraceDetail.Full);
            Assert.Equal(plain.Outputs, traced.Outputs);
            Assert.Equal(plain.ReviewReasons, traced.ReviewReasons);
        }
    }
}
