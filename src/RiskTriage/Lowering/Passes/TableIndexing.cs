using RiskTriage.Expressions.Binding;

namespace RiskTriage.Lowering.Passes;

/// <summary>
/// Gives each <see cref="FirstMatch"/> that stops at its first matching row (<see cref="MatchCheck.None"/>) and whose
/// cells all test their column against literals a <see cref="TableIndex"/>, which finds that row from the columns'
/// values instead of testing the rows in order. The row found is the one the tests would find, so the pass changes
/// speed only. Columns other than text, true/false and numbers leave the table unindexed.
/// </summary>
internal sealed class TableIndexing : LoweredOpRewriter
{
    public static LoweredRuleSet Run(LoweredRuleSet form) => form.WithElements(new TableIndexing().Rewrite);

    public override LoweredOp VisitFirstMatch(FirstMatch op)
    {
        if (op.Check != MatchCheck.None || op.Index is not null)
        {
            return op;
        }

        var types = op.Columns.Select(c => c.Type).ToList();
        if (types.Exists(t => t.Kind is not (TypeKind.String or TypeKind.Bool or TypeKind.Number)))
        {
            return op;
        }

        return TableIndex.TryBuild(op.Rows, types) is { } index ? op with { Index = index } : op;
    }
}
