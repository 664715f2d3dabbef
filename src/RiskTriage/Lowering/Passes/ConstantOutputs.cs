using RiskTriage.Expressions.Binding;

namespace RiskTriage.Lowering.Passes;

/// <summary>
/// Marks each output of a <see cref="FirstMatch"/> whose default (if any) and every row's value are literals with
/// those literals (<see cref="MatchOutput.Constants"/>: the default first, a missing default as a null literal),
/// so that a back end can read the output by the matched row (the LINQ emitter: one array load instead of a switch
/// with a case per row, and for a long table no closure per range of rows). Only a reading of the same values: the
/// meaning is unchanged.
/// </summary>
internal sealed class ConstantOutputs : LoweredOpRewriter
{
    public static LoweredRuleSet Run(LoweredRuleSet form) => form.WithElements(new ConstantOutputs().Rewrite);

    public override LoweredOp VisitFirstMatch(FirstMatch op)
    {
        var outputs = new List<MatchOutput>(op.Outputs.Count);
        for (var o = 0; o < op.Outputs.Count; o++)
        {
            var output = op.Outputs[o];
            outputs.Add(output.Constants is null && Literals(op, o) is { } constants ? output with { Constants = constants } : output);
        }

        return op with { Outputs = outputs };
    }

    private static List<BoundLiteral>? Literals(FirstMatch op, int o)
    {
        var output = op.Outputs[o];
        var literals = new List<BoundLiteral>(op.Rows.Count + 1);
        switch (output.Default)
        {
            case null:
                literals.Add(new BoundLiteral(null, output.Target.Type, default));
                break;
            case BoundLiteral literal:
                literals.Add(literal);
                break;
            default:
                return null;
        }

        foreach (var row in op.Rows)
        {
            if (row.Outputs[o] is not BoundLiteral literal)
            {
                return null;
            }

            literals.Add(literal);
        }

        return literals;
    }
}
