using RiskTriage.Definitions;
using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Checking.Cells;

/// <summary>
/// A decision-table cell written as text, as <see cref="CellParser"/> reads it: the parts it contains are spans of the
/// cell's text (expressions the checker parses and binds), so diagnostics point inside the cell.
/// </summary>
internal abstract record CellSyntax
{
    /// <summary><c>-</c> or an empty cell: any value matches.</summary>
    public sealed record AnyValue : CellSyntax;

    /// <summary><c>&lt;= 40</c>, <c>!= "low"</c>: the column compared with the expression at <paramref name="Operand"/>.</summary>
    public sealed record Comparison(CellComparison Operator, TextSpan Operand) : CellSyntax;

    /// <summary><c>[50..75)</c>: the column between the expressions at <paramref name="Low"/> and <paramref name="High"/>.</summary>
    public sealed record Range(bool LowInclusive, TextSpan Low, TextSpan High, bool HighInclusive) : CellSyntax;

    /// <summary>Anything else: a value of a text column, or an expression the column must equal.</summary>
    public sealed record Value : CellSyntax;

    /// <summary>The operator as written in a cell, e.g. <c>&lt;=</c>.</summary>
    public static string Symbol(CellComparison comparison) => comparison switch
    {
        CellComparison.Equal => "==",
        CellComparison.NotEqual => "!=",
        CellComparison.Less => "<",
        CellComparison.LessOrEqual => "<=",
        CellComparison.Greater => ">",
        CellComparison.GreaterOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null),
    };
}
