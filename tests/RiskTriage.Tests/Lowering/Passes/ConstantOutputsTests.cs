using RiskTriage.Lowering;
using RiskTriage.Lowering.Passes;

namespace RiskTriage.Tests.Lowering.Passes;

/// <summary>Which table outputs the constant-outputs pass marks, and with what.</summary>
public sealed class ConstantOutputsTests
{
    private static readonly RuleSet Rules = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "n": "number" },
        "tables": { "t": { "hitPolicy": "FIRST", "inputs": ["n"],
          "outputs": { "k": "string", "d": { "type": "number", "default": 7 }, "c": "number", "e": { "type": "string", "default": { "expr": "\"x\" + n" } } },
          "rows": [
            { "id": "one", "when": [1], "then": { "k": "ONE", "d": 1, "c": { "expr": "n * 2" }, "e": "E" } },
            { "id": "two", "when": [2], "then": { "k": "TWO", "d": 2, "c": 3, "e": "F" } }
          ] } },
        "outputs": { "k": "string", "d": "number", "c": "number", "e": "string" }
        }
        """);

    [Fact]
    public void Outputs_whose_default_and_rows_are_literals_are_marked_with_them_default_first()
    {
        var outputs = Outputs(ConstantOutputs.Run(LoweringTestKit.Lower(Rules)));

        // No default: a null literal stands for the missing value.
        Assert.Equal([null, "ONE", "TWO"], outputs[0].Constants!.Select(l => l.Value));
        Assert.Equal([7d, 1d, 2d], outputs[1].Constants!.Select(l => l.Value));
    }

    [Fact]
    public void Outputs_with_a_computed_row_value_or_default_are_left_unmarked()
    {
        var outputs = Outputs(ConstantOutputs.Run(LoweringTestKit.Lower(Rules)));

        Assert.Null(outputs[2].Constants);
        Assert.Null(outputs[3].Constants);
    }

    [Fact]
    public void Without_the_pass_no_output_is_marked_and_the_decisions_are_the_same()
    {
        Assert.All(Outputs(LoweringTestKit.Lower(Rules)), o => Assert.Null(o.Constants));

        var all = LoweringTestKit.Typed<NumberCase>(Rules, LoweringPasses.All);
        var none = LoweringTestKit.Typed<NumberCase>(Rules, LoweringPasses.None);
        foreach (var n in new double?[] { null, 0, 1, 2, 3 })
        {
            Assert.Equal(all(new NumberCase { N = n }, TraceDetail.Full).ToJson(), none(new NumberCase { N = n }, TraceDetail.Full).ToJson());
        }
    }

    private static IReadOnlyList<MatchOutput> Outputs(LoweredRuleSet form) => LoweringTestKit.Element(form, "t").Ops.OfType<FirstMatch>().Single().Outputs;

    public sealed class NumberCase
    {
        public double? N { get; init; }
    }
}
