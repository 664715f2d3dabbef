using System.Linq.Expressions;

namespace RiskTriage.Compilation;

/// <summary>
/// A decision table output whose default and every row's value are constants, as an array read by the matched
/// row: element 0 is the default (no row matched, <c>first</c> = -1) and element <c>i + 1</c> row <c>i</c>'s value.
/// One load replaces a switch with a case per row; for a long table, whose switch is cut into ranges each compiled
/// to a method of its own, it also saves a closure per range on every evaluation.
/// </summary>
internal static class OutputColumn
{
    /// <summary>
    /// The array of <paramref name="values"/> (the default first, then one per row, each already of
    /// <paramref name="type"/>), or null when one of them is not a constant.
    /// </summary>
    public static Array? TryBuild(IReadOnlyList<Expression> values, Type type)
    {
        var column = Array.CreateInstance(type, values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (!TryConstant(values[i], type, out var value))
            {
                return null;
            }

            column.SetValue(value, i);
        }

        return column;
    }

    /// <summary>
    /// The value of a constant of <paramref name="type"/>: a constant, or a constant lifted to its nullable type or
    /// typed as object. Other conversions (which could change the value) are not folded.
    /// </summary>
    private static bool TryConstant(Expression e, Type type, out object? value)
    {
        switch (e)
        {
            case ConstantExpression constant when constant.Type == type:
                value = constant.Value;
                return true;
            case UnaryExpression { NodeType: ExpressionType.Convert, Operand: ConstantExpression constant } convert
                when convert.Type == type && convert.Method is null
                    && (Nullable.GetUnderlyingType(type) == constant.Type || (type == typeof(object) && constant.Type != typeof(object))):
                value = constant.Value;
                return true;
            default:
                value = null;
                return false;
        }
    }
}
