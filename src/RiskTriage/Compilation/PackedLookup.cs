using System.Linq.Expressions;

namespace RiskTriage.Compilation;

/// <summary>
/// A lookup in a small table of ints (a code's map to another enumeration's codes, an indexed table's key parts, a
/// coded output's column, an indexed table's first rows; a table's column of small whole numbers or flags) as shifts
/// of one 64-bit immediate, when its values fit: no array. An array constant of a
/// compiled part lives in the closure's object array, so each lookup in one loads that array's slot, checks the
/// slot's type and the index's range, then loads the element: three loads before the value. The packed form is a
/// few register operations. The index keeps its range check (a compare with a constant): an index outside the
/// table throws as the array would.
/// </summary>
internal static class PackedLookup
{
    /// <summary><c>table[index]</c>, packed into an immediate when its values fit in 64 bits, else the array's element.</summary>
    public static Expression At(int[] table, Expression index)
    {
        if (table.Length == 0 || Pack(table) is not { } packed)
        {
            return Expression.ArrayIndex(Expression.Constant(table), index);
        }

        var i = index as ParameterExpression ?? Expression.Variable(typeof(int), "index");
        Expression value = Expression.Convert(
            Expression.And(
                Expression.RightShift(Expression.Constant(packed.Bits), Expression.Multiply(i, Expression.Constant(packed.Width))),
                Expression.Constant(packed.Mask)),
            typeof(int));
        if (packed.Min != 0)
        {
            value = Expression.Add(value, Expression.Constant(packed.Min));
        }

        Expression lookup = Expression.Condition(
            Expression.LessThan(Expression.Convert(i, typeof(uint)), Expression.Constant((uint)table.Length)),
            value,
            Expression.Throw(Expression.New(typeof(IndexOutOfRangeException)), typeof(int)));
        return ReferenceEquals(i, index) ? lookup : Expression.Block(typeof(int), [i], Expression.Assign(i, index), lookup);
    }

    /// <summary>
    /// <c>column[index]</c> for a table's column of numbers or true/false values (missing allowed) that are all whole
    /// numbers an int holds, packed as <see cref="At"/> packs ints, with one code more than the largest standing for
    /// missing; null when the column is of another type or does not fit (a fraction, -0, NaN, an infinity, too many
    /// or too wide values), for the caller to keep the array.
    /// </summary>
    public static Expression? AtColumn(Array column, Expression index)
    {
        var type = column.GetType().GetElementType()!;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (column.Length == 0 || (underlying != typeof(double) && underlying != typeof(bool)))
        {
            return null;
        }

        var codes = new int[column.Length];
        var missing = new bool[column.Length];
        for (var i = 0; i < column.Length; i++)
        {
            switch (column.GetValue(i))
            {
                case null:
                    missing[i] = true;
                    break;
                case bool flag:
                    codes[i] = flag ? 1 : 0;
                    break;
                case double number when number == Math.Floor(number) && number >= int.MinValue && number < int.MaxValue && !(number == 0 && double.IsNegative(number)):
                    codes[i] = (int)number;
                    break;
                default:
                    return null;
            }
        }

        var anyMissing = Array.IndexOf(missing, true) >= 0;
        var missingCode = Enumerable.Range(0, codes.Length).Where(i => !missing[i]).Select(i => codes[i]).DefaultIfEmpty(-1).Max() + 1;
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = missing[i] ? missingCode : codes[i];
        }

        if (Pack(codes) is null)
        {
            return null;
        }

        var code = Expression.Variable(typeof(int), "code");
        Expression value = underlying == typeof(bool)
            ? Expression.NotEqual(code, Expression.Constant(0))
            : Expression.Convert(code, typeof(double));
        value = value.Type == type ? value : Expression.Convert(value, type);
        if (anyMissing)
        {
            value = Expression.Condition(Expression.Equal(code, Expression.Constant(missingCode)), Expression.Constant(null, type), value);
        }

        return Expression.Block(type, [code], Expression.Assign(code, At(codes, index)), value);
    }

    /// <summary>
    /// The values of <paramref name="table"/> less their minimum, each in <c>Width</c> bits from bit <c>i * Width</c>;
    /// null when they need more than 64 bits.
    /// </summary>
    internal static (ulong Bits, int Width, ulong Mask, int Min)? Pack(int[] table)
    {
        var min = table.Min();
        var span = (ulong)((long)table.Max() - min);
        var width = span == 0 ? 1 : 64 - System.Numerics.BitOperations.LeadingZeroCount(span);
        if ((long)width * table.Length > 64)
        {
            return null;
        }

        var bits = 0UL;
        for (var i = 0; i < table.Length; i++)
        {
            bits |= (ulong)((long)table[i] - min) << (i * width);
        }

        return (bits, width, width == 64 ? ulong.MaxValue : (1UL << width) - 1, min);
    }
}
