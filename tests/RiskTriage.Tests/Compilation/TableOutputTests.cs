using System.Globalization;
using System.Linq.Expressions;
using RiskTriage.Compilation;
using RiskTriage.Lowering;

namespace RiskTriage.Tests.Compilation;

/// <summary>
/// A table output whose every row and default is a constant is read from an array by the matched row
/// (<see cref="OutputColumn"/>); the other outputs of the same table are assigned by a switch on the row. Constant and
/// computed outputs side by side must give each row's values, the defaults when no row matches, and nothing when the
/// hit policy is broken, in small tables and in tables long enough that the switch is cut into ranges compiled apart
/// (256 rows each).
/// </summary>
public sealed class TableOutputTests
{
    private const int LongTableRows = 300;

    private static readonly RuleSet Mixed = RuleSetSources.Load("{" + RuleSetSources.Header + $$"""
        "inputs": { "n": "number" },
        "tables": {
          "first": {
            "hitPolicy": "FIRST", "inputs": ["n"],
            "outputs": { "label": "string", "days": { "type": "number", "default": 99 }, "scaled": "number", "flag": "bool" },
            "rows": [
              { "id": "negative", "when": ["< 0"], "then": { "label": "NEG", "days": 1, "scaled": { "expr": "n * 2" }, "flag": true } },
              { "id": "low", "when": ["[0..10)"], "then": { "label": "LOW", "days": 2, "scaled": 5, "flag": false } },
              { "id": "high", "when": [">= 10"], "then": { "label": "HIGH", "days": 3, "scaled": { "expr": "n + 100" }, "flag": true } }
            ]
          },
          "unique": {
            "hitPolicy": "UNIQUE", "inputs": ["n"],
            "outputs": { "a": "string", "b": "number" },
            "rows": [
              { "id": "over-5", "when": [{ "test": "n > 5" }], "then": { "a": "X", "b": { "expr": "n" } } },
              { "id": "over-8", "when": [{ "test": "n > 8" }], "then": { "a": "Y", "b": { "expr": "n" } } }
            ]
          },
          "long": {
            "hitPolicy": "FIRST", "inputs": ["n"],
            "outputs": { "k": { "type": "string", "default": "NONE" }, "v": "number" },
            "rows": [ {{string.Join(", ", Enumerable.Range(0, LongTableRows).Select(i =>
                $$"""{ "id": "r{{i}}", "when": ["[{{i}}..{{i}}]"], "then": { "k": "K{{i}}", "v": { "expr": "n * 3" } } }"""))}} ]
          }
        },
        "outputs": { "label": "string", "days": "number", "scaled": "number", "flag": "bool", "a": "string", "b": "number", "k": "string", "v": "number" }
        }
        """);

    public sealed class NumberCase
    {
        public double? N { get; set; }
    }

    /// <summary>The same case evaluated as JSON (untraced and traced) and typed; all three must agree.</summary>
    private static Decision Evaluate(double? n)
    {
        var json = n is { } value ? $$"""{ "n": {{value.ToString(CultureInfo.InvariantCulture)}} }""" : "{}";
        var plain = Mixed.Evaluate(json);
        Assert.Equal(plain.ToJson(), Mixed.EvaluateTyped(new NumberCase { N = n }).ToJson());
        var traced = Mixed.Evaluate(json, TraceDetail.Full);
        Assert.Equal(plain.Outputs, traced.Outputs);
        Assert.Equal(plain.ReviewReasons, traced.ReviewReasons);
        return plain;
    }

    [Theory]
    [InlineData(-3d, "NEG", 1d, -6d, true)]
    [InlineData(4d, "LOW", 2d, 5d, false)]
    [InlineData(12d, "HIGH", 3d, 112d, true)]
    public void Constant_and_computed_outputs_of_the_same_table_take_the_matched_rows_values(double n, string label, double days, double scaled, bool flag)
    {
        var decision = Evaluate(n);

        Assert.Equal((label, days, scaled, flag), (decision["label"].AsString, decision["days"].AsNumber, decision["scaled"].AsNumber, decision["flag"].AsBool));
    }

    [Fact]
    public void A_table_that_matches_no_row_gives_the_defaults_of_constant_and_computed_outputs()
    {
        var decision = Evaluate(null);

        Assert.True(decision["label"].IsMissing);
        Assert.Equal(99, decision["days"].AsNumber);
        Assert.True(decision["scaled"].IsMissing);
        Assert.True(decision["flag"].IsMissing);
        Assert.Equal("NONE", decision["k"].AsString);
        Assert.True(decision["v"].IsMissing);
    }

    [Fact]
    public void A_broken_hit_policy_leaves_constant_and_computed_outputs_missing()
    {
        var one = Evaluate(6);
        Assert.Equal(("X", 6d), (one["a"].AsString, one["b"].AsNumber));

        var both = Evaluate(9);
        Assert.True(both["a"].IsMissing);
        Assert.True(both["b"].IsMissing);
        Assert.Contains(both.ReviewReasons, r => r.Code == "HIT_POLICY_VIOLATION" && r.Source == "unique");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(LongTableRows - 1)]
    public void A_long_table_gives_each_rows_constant_and_computed_outputs_across_the_switch_ranges(int n)
    {
        var decision = Evaluate(n);

        Assert.Equal("K" + n.ToString(CultureInfo.InvariantCulture), decision["k"].AsString);
        Assert.Equal(n * 3, decision["v"].AsNumber);
    }

    [Fact]
    public void A_long_table_that_matches_no_row_gives_the_default()
    {
        var decision = Evaluate(LongTableRows);

        Assert.Equal("NONE", decision["k"].AsString);
        Assert.True(decision["v"].IsMissing);
    }

    [Fact]
    public void A_long_table_of_constant_outputs_allocates_nothing_beyond_the_decision()
    {
        var rows = string.Join(", ", Enumerable.Range(0, 1_000).Select(i => $$"""{ "id": "r{{i}}", "when": [{{i}}], "then": { "k": "K{{i}}" } }"""));
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + $$"""
            "inputs": { "n": "number" },
            "tables": { "t": { "hitPolicy": "FIRST", "inputs": ["n"], "outputs": { "k": "string" }, "rows": [ {{rows}} ] } },
            "outputs": { "k": "string" }
            }
            """, new RuleSetOptions { Backend = RuleSetBackend.Compiled }).For<NumberCase>();
        var @case = new NumberCase { N = 999 };
        Assert.Equal("K999", ruleSet.Evaluate(@case)["k"].AsString);

        // The table is indexed, so only the outputs could allocate: switched in ranges of 256 rows compiled apart, they
        // made a closure per range (about 600 bytes).
        var before = GC.GetAllocatedBytesForCurrentThread();
        ruleSet.Evaluate(@case);
        var whole = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(whole, 1, 200);
    }

    [Theory]
    [InlineData("FIRST")]
    [InlineData("ANY")]
    [InlineData("UNIQUE")]
    public void Outputs_of_every_type_that_no_row_gives_and_have_no_default_are_missing(string policy)
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + $$"""
            "inputs": { "n": "number" },
            "tables": { "t": { "hitPolicy": "{{policy}}", "inputs": ["n"], "outputs": { "k": "string", "m": "number", "b": "bool", "d": "date" },
              "rows": [ { "id": "one", "when": [1], "then": { "m": 1 } }, { "id": "two", "when": [2], "then": { "m": 2 } } ] } },
            "outputs": { "k": "string", "m": "number", "b": "bool", "d": "date" }
            }
            """);

        var decision = ruleSet.Evaluate("""{ "n": 2 }""");
        Assert.True(decision["k"].IsMissing);
        Assert.True(decision["b"].IsMissing);
        Assert.True(decision["d"].IsMissing);
        Assert.Equal(2, decision["m"].AsNumber);
        Assert.True(ruleSet.For<NumberCase>().Evaluate(new NumberCase { N = 1 }, TraceDetail.Full)["k"].IsMissing);
    }
}
