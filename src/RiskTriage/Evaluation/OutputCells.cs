using System.Runtime.InteropServices;

namespace RiskTriage.Evaluation;

/// <summary>
/// How a decision keeps a number, true/false or date output: in one 8-byte cell of a <c>long[]</c>, without the
/// reference a <see cref="RuleValue"/> carries (its kind is the output's declared type, kept once by the layout), so
/// the compiled code stores it without a GC write barrier and an output costs 8 bytes instead of 16.
/// </summary>
/// <remarks>
/// A cell holds the bits of the value's double (a number; 1 or 0 for true/false; the day number of a date) exclusive-or
/// the bits of one NaN. A decided value is never that NaN (a non-finite number output is left missing), so a cell
/// of zero, a new array's, is a missing value: the decision needs no fill and <see cref="Array.Clear(Array)"/> empties it.
/// </remarks>
internal static class OutputCells
{
    private const long MissingBits = unchecked((long)0xFFF8_0000_0000_0000);

    /// <summary>The cell of the missing value.</summary>
    public const long Missing = 0;

    /// <summary>The cell of a finite number (the caller has left a non-finite one missing).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static long Number(double value) => BitConverter.DoubleToInt64Bits(value) ^ MissingBits;

    /// <summary>The cell of true or false.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static long Bool(bool value) => value ? True : False;

    /// <summary>The cell of true, false or missing.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static long Bool(bool? value) => value is { } v ? Bool(v) : Missing;

    /// <summary>The cell of a date.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static long Date(DateOnly value) => Number(value.DayNumber);

    /// <summary>The cell of a date or missing.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static long Date(DateOnly? value) => value is { } v ? Date(v) : Missing;

    // Number(1) and Number(0), as constants.
    private const long True = unchecked((long)0xC008_0000_0000_0000);
    private const long False = MissingBits;

    /// <summary>The value of <paramref name="cell"/>, an output of <paramref name="kind"/> (number, true/false or date).</summary>
    public static RuleValue Read(long cell, RuleValueKind kind)
    {
        if (cell == Missing)
        {
            return default;
        }

        var value = ValueOf(cell);
        return kind switch
        {
            RuleValueKind.Number => RuleValue.FromNumber(value),
            RuleValueKind.Bool => RuleValue.FromBool(value != 0),
            _ => RuleValue.FromDate(DateOnly.FromDayNumber((int)value)),
        };
    }

    /// <summary>The double a cell other than <see cref="Missing"/> holds: the number, 1 or 0 for true/false, or the day number of a date.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double ValueOf(long cell) => BitConverter.Int64BitsToDouble(cell ^ MissingBits);

    /// <summary>
    /// The cell of <paramref name="value"/> for an output of <paramref name="kind"/>; a value of another kind is a
    /// defect of the back end that wrote it (the checker holds every output's value to its declared type).
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is neither missing nor of <paramref name="kind"/>.</exception>
    public static long Of(RuleValue value, RuleValueKind kind, string output) => value.Kind switch
    {
        RuleValueKind.Missing => Missing,
        var k when k != kind => throw new InvalidOperationException($"the output '{output}' is declared {kind} but was given a {k} value"),
        RuleValueKind.Bool => Bool(value.RawNumber != 0),
        _ => Number(value.RawNumber),
    };

    /// <summary>
    /// The code of an enumerated text output (see <see cref="OutputLayout.Texts"/>): one byte of the cells, 0 when
    /// missing, <c>i + 1</c> for the output's text <c>i</c>, or <see cref="OtherText"/>. A new array's zero is missing
    /// here too, and no reference is stored (no write barrier).
    /// </summary>
    public static ref byte Code(long[] cells, int place) => ref MemoryMarshal.AsBytes(cells.AsSpan())[place];

    /// <summary>
    /// The code of a text that is not one of the output's texts, kept in the decision's extras (no back end is known
    /// to write one: the checker holds an enumerated output's value to its declared texts; kept so that one would not
    /// be lost).
    /// </summary>
    public const byte OtherText = byte.MaxValue;

    /// <summary>The code of <paramref name="text"/> among <paramref name="texts"/>: <c>i + 1</c> for <c>texts[i]</c>, <see cref="OtherText"/> when it is none of them.</summary>
    public static byte CodeOf(string[] texts, string text) =>
        Array.IndexOf(texts, text) is >= 0 and var at ? (byte)(at + 1) : OtherText;

    /// <summary>
    /// How an output of <paramref name="kind"/> is kept: in a cell for a number, true/false or date; otherwise as a
    /// reference (text, a list's items, or any value of a layout that does not know the outputs' types).
    /// </summary>
    public static bool InCell(RuleValueKind kind) => kind is RuleValueKind.Number or RuleValueKind.Bool or RuleValueKind.Date;
}
