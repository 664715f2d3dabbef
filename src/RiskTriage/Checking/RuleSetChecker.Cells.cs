using RiskTriage.Checking.Cells;
using RiskTriage.Definitions;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;
using RiskTriage.Loading;

namespace RiskTriage.Checking;

/// <summary>
/// Decision-table cells: what a written cell is (a literal, a list of literals, <c>{ "test": ... }</c>, or text read by
/// <see cref="CellParser"/>), the expressions it contains, and its bound condition and shape for one column.
/// </summary>
internal sealed partial class RuleSetChecker
{
    private abstract record Cell
    {
        public sealed record AnyCell : Cell;

        public sealed record LiteralCell(LiteralValue Value) : Cell;

        public sealed record CompareCell(CellComparison Operator, ExpressionText Operand) : Cell;

        public sealed record RangeCell(bool LowInclusive, ExpressionText Low, ExpressionText High, bool HighInclusive) : Cell;

        public sealed record TestCell(ExpressionText Test) : Cell;

        public sealed record TextCell(string Text, ExpressionText Expression) : Cell;

        public sealed record InvalidCell(string Message) : Cell;
    }

    private readonly Dictionary<LiteralValue, Cell> _cells = new(ReferenceEqualityComparer.Instance);

    private Cell ReadCell(LiteralValue written)
    {
        if (_cells.TryGetValue(written, out var cached))
        {
            return cached;
        }

        Cell cell;
        switch (written.Kind)
        {
            case LiteralKind.Object when written.Properties.Count == 1 && written.Property("test") is { IsString: true } test:
                cell = new Cell.TestCell(new ExpressionText(test.Text!, test.Source));
                break;
            case LiteralKind.Object:
                cell = new Cell.InvalidCell("a cell written as an object must be { \"test\": \"condition\" }");
                break;
            case LiteralKind.String:
                var text = written.Text!;
                cell = CellParser.Parse(text) switch
                {
                    CellSyntax.AnyValue => new Cell.AnyCell(),
                    CellSyntax.Range range => new Cell.RangeCell(
                        range.LowInclusive,
                        Part(written, range.Low),
                        Part(written, range.High),
                        range.HighInclusive),
                    CellSyntax.Comparison comparison => new Cell.CompareCell(comparison.Operator, Part(written, comparison.Operand)),
                    _ => new Cell.TextCell(text, new ExpressionText(text, written.Source)),
                };
                break;
            default:
                cell = new Cell.LiteralCell(written);
                break;
        }

        _cells[written] = cell;
        return cell;

        static ExpressionText Part(LiteralValue cell, Expressions.Syntax.TextSpan span) =>
            new(cell.Text!.Substring(span.Start, span.Length), cell.Source, span.Start);
    }

    /// <summary>The expressions a cell contains, for dependency analysis (plain text is only a dependency when it names one).</summary>
    private IEnumerable<ExpressionText> CellExpressions(LiteralValue written)
    {
        switch (ReadCell(written))
        {
            case Cell.CompareCell compare:
                yield return compare.Operand;
                break;
            case Cell.RangeCell range:
                yield return range.Low;
                yield return range.High;
                break;
            case Cell.TestCell test:
                yield return test.Test;
                break;
            case Cell.TextCell text when CellParser.IsName(text.Text.Trim()) && _producers.ContainsKey(text.Text.Trim()):
                yield return text.Expression;
                break;
        }
    }

    private BoundExpression BindCellExpression(TableNode node, ExpressionText text, DataType? expected)
    {
        if (!_parsed.ContainsKey(text))
        {
            Parse(node, text);
        }

        return BindExpression(text, expected);
    }

    private CheckedCell BindCell(TableNode node, LiteralValue written, ValueSymbol column)
    {
        var type = column.Type;
        var columnRef = new BoundValueReference(column, NoSpan);
        switch (ReadCell(written))
        {
            case Cell.AnyCell:
                return new CheckedCell(null, new CellShape.AnyValue());

            case Cell.LiteralCell literal:
            {
                IReadOnlyList<LiteralValue> items = literal.Value.Kind == LiteralKind.Array ? literal.Value.Items : [literal.Value];
                var values = new List<object?>();
                BoundExpression? condition = null;
                foreach (var item in items)
                {
                    if (type.IsError)
                    {
                        return new CheckedCell(null, new CellShape.Opaque());
                    }

                    if (!ConvertLiteral(item, type, out var value) || value is object?[])
                    {
                        var hint = type.EnumValues is { } enumValues && item.IsString
                            ? NameSuggester.Hint(item.Text!, enumValues)
                            : string.Empty;
                        Error(item, DiagnosticCodes.InvalidCell, $"this cell tests a column of {type}, so it cannot be {item.Json}{hint}");
                        return new CheckedCell(null, new CellShape.Opaque());
                    }

                    values.Add(value);
                    var test = new BoundBinary(BoundBinaryOperator.Equal, columnRef, new BoundLiteral(value, value is null ? DataType.Null : type, NoSpan), DataType.Bool, NoSpan);
                    condition = condition is null ? test : new BoundBinary(BoundBinaryOperator.Or, condition, test, DataType.Bool, NoSpan);
                }

                return new CheckedCell(condition ?? new BoundLiteral(false, DataType.Bool, NoSpan), new CellShape.OneOf(values));
            }

            case Cell.TextCell text when type.Kind == TypeKind.String:
            {
                var value = string.Intern(text.Text);
                if (type.EnumValues is { } enumValues && type.FindEnumValue(value) is null)
                {
                    Error(written, DiagnosticCodes.InvalidCell,
                        $"\"{value}\" is not one of the values this column can have ({DataType.ListValues(enumValues)}){NameSuggester.Hint(value, enumValues)}");
                    return new CheckedCell(null, new CellShape.Opaque());
                }

                var test = new BoundBinary(BoundBinaryOperator.Equal, columnRef, new BoundLiteral(value, type, NoSpan), DataType.Bool, NoSpan);
                return new CheckedCell(test, new CellShape.OneOf([value]));
            }

            case Cell.TextCell text:
                return CompareCell(node, CellComparison.Equal, text.Expression, columnRef);

            case Cell.CompareCell compare:
                return CompareCell(node, compare.Operator, compare.Operand, columnRef);

            case Cell.RangeCell range:
            {
                if (type.Kind is not (TypeKind.Number or TypeKind.Date or TypeKind.Error))
                {
                    Error(written, DiagnosticCodes.InvalidCell, $"a range [a..b] needs a number or date column, but this column is {type}");
                    return new CheckedCell(null, new CellShape.Opaque());
                }

                var low = BindCellExpression(node, range.Low, type.IsError ? null : type);
                var high = BindCellExpression(node, range.High, type.IsError ? null : type);
                if (low.Type.IsError || high.Type.IsError || type.IsError)
                {
                    return new CheckedCell(null, new CellShape.Opaque());
                }

                var condition = new BoundBinary(BoundBinaryOperator.And,
                    new BoundBinary(range.LowInclusive ? BoundBinaryOperator.GreaterOrEqual : BoundBinaryOperator.Greater, columnRef, low, DataType.Bool, NoSpan),
                    new BoundBinary(range.HighInclusive ? BoundBinaryOperator.LessOrEqual : BoundBinaryOperator.Less, columnRef, high, DataType.Bool, NoSpan),
                    DataType.Bool, NoSpan);
                CellShape shape = Constant(low) is { } lo && Constant(high) is { } hi
                    ? new CellShape.Range(lo, range.LowInclusive, hi, range.HighInclusive)
                    : new CellShape.Opaque();
                return new CheckedCell(condition, shape);
            }

            case Cell.TestCell test:
                var bound = BindCellExpression(node, test.Test, DataType.Bool);
                return new CheckedCell(bound.Type.IsError ? null : bound, new CellShape.Opaque());

            case Cell.InvalidCell invalid:
                Error(written, DiagnosticCodes.InvalidCell, invalid.Message);
                return new CheckedCell(null, new CellShape.Opaque());

            default:
                return new CheckedCell(null, new CellShape.Opaque());
        }
    }

    private CheckedCell CompareCell(TableNode node, CellComparison op, ExpressionText operandText, BoundValueReference columnRef)
    {
        var type = columnRef.Type;
        var ordered = op is CellComparison.Less or CellComparison.LessOrEqual or CellComparison.Greater or CellComparison.GreaterOrEqual;
        if (ordered && type.Kind is not (TypeKind.Number or TypeKind.Date or TypeKind.Error))
        {
            Error(operandText.Source, DiagnosticCodes.InvalidCell, $"'{CellSyntax.Symbol(op)}' needs a number or date column, but this column is {type}");
            return new CheckedCell(null, new CellShape.Opaque());
        }

        var operand = BindCellExpression(node, operandText, type.IsError ? null : type);
        if (operand.Type.IsError || type.IsError)
        {
            return new CheckedCell(null, new CellShape.Opaque());
        }

        var (kind, shape) = op switch
        {
            CellComparison.Less => (BoundBinaryOperator.Less, Constant(operand) is { } v ? new CellShape.Range(double.NegativeInfinity, false, v, false) : null),
            CellComparison.LessOrEqual => (BoundBinaryOperator.LessOrEqual, Constant(operand) is { } v2 ? new CellShape.Range(double.NegativeInfinity, false, v2, true) : null),
            CellComparison.Greater => (BoundBinaryOperator.Greater, Constant(operand) is { } v3 ? new CellShape.Range(v3, false, double.PositiveInfinity, false) : null),
            CellComparison.GreaterOrEqual => (BoundBinaryOperator.GreaterOrEqual, Constant(operand) is { } v4 ? (CellShape?)new CellShape.Range(v4, true, double.PositiveInfinity, false) : null),
            CellComparison.NotEqual => (BoundBinaryOperator.NotEqual, (CellShape?)null),
            _ => (BoundBinaryOperator.Equal, operand is BoundLiteral literal ? new CellShape.OneOf([literal.Value]) : null),
        };
        return new CheckedCell(new BoundBinary(kind, columnRef, operand, DataType.Bool, NoSpan), shape ?? new CellShape.Opaque());
    }

    private static double? Constant(BoundExpression expression) => expression switch
    {
        BoundLiteral { Value: double d } => d,
        BoundLiteral { Value: DateOnly date } => date.DayNumber,
        _ => null,
    };
}
