using System.Globalization;

namespace RiskTriage.Interpretation;

/// <summary>
/// The meaning of the expression language's operators and functions, written from <c>rules/EXPRESSIONS.md</c> for the
/// interpreter, apart from the compiled code's own implementations (<c>Runtime/RuntimeFunctions.cs</c>), so that the
/// differential tests can catch a slip in either. Values are plain objects: <c>null</c> (missing), <see cref="bool"/>,
/// <see cref="double"/>, <see cref="string"/>, <see cref="DateOnly"/>, a case record or a list.
/// </summary>
/// <remarks>
/// The rules, once: a missing argument makes a missing result; a computation whose result is not a finite number
/// (division by zero, <c>ln(0)</c>, an overflowing <c>exp</c>) is missing; a comparison with a missing side is false;
/// missing equals missing and nothing else; NaN equals nothing, itself included.
/// </remarks>
internal static class Semantics
{
    /// <summary>A number that is not finite is no number.</summary>
    public static object? FiniteOrMissing(double value) => double.IsFinite(value) ? value : null;

    // ---- Equality --------------------------------------------------------------------------------

    /// <summary><c>a == b</c>: missing equals missing; numbers compare as IEEE doubles; texts by their characters (ordinal).</summary>
    public static bool AreEqual(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return (a, b) switch
        {
            (double x, double y) => x == y,
            (string x, string y) => string.CompareOrdinal(x, y) == 0,
            (bool x, bool y) => x == y,
            (DateOnly x, DateOnly y) => x.DayNumber == y.DayNumber,
            _ => false,
        };
    }

    // ---- Ordering --------------------------------------------------------------------------------

    /// <summary>
    /// The order of two numbers or two dates as -1, 0 or 1, or null when they have none: a side is missing, or a number
    /// is NaN (so every comparison with it is false).
    /// </summary>
    public static int? Order(object? a, object? b) => (a, b) switch
    {
        (double x, double y) when !double.IsNaN(x) && !double.IsNaN(y) => x < y ? -1 : x > y ? 1 : 0,
        (DateOnly x, DateOnly y) => x.DayNumber < y.DayNumber ? -1 : x.DayNumber > y.DayNumber ? 1 : 0,
        _ => null,
    };

    // ---- Arithmetic ------------------------------------------------------------------------------

    /// <summary><c>a / b</c>: missing for a zero divisor or a result out of the finite numbers.</summary>
    public static object? Divide(object? a, object? b) =>
        a is double x && b is double y && y != 0 ? FiniteOrMissing(x / y) : null;

    /// <summary><c>a % b</c>: the remainder with the dividend's sign (as C#'s <c>%</c>); missing for a zero divisor.</summary>
    public static object? Remainder(object? a, object? b) =>
        a is double x && b is double y && y != 0 ? FiniteOrMissing(x % y) : null;

    /// <summary>The smaller of two numbers; NaN when either is NaN, and -0 before +0.</summary>
    public static double Smaller(double x, double y)
    {
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.NaN;
        }

        if (x == y)
        {
            return double.IsNegative(x) ? x : y;
        }

        return x < y ? x : y;
    }

    /// <summary>The larger of two numbers; NaN when either is NaN, and +0 before -0.</summary>
    public static double Larger(double x, double y)
    {
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.NaN;
        }

        if (x == y)
        {
            return double.IsNegative(x) ? y : x;
        }

        return x > y ? x : y;
    }

    /// <summary>
    /// <c>round(x, digits)</c>: half away from zero on the decimal digits as written (2.675 gives 2.68, though the
    /// double nearest 2.675 is a little below it). Digits must be a whole number from 0 to 15.
    /// </summary>
    public static object? Round(double x, double digits)
    {
        if (digits != Math.Floor(digits) || digits is < 0 or > 15)
        {
            return null;
        }

        var places = (int)digits;
        if (places == 0 && !double.IsNaN(x) && !double.IsInfinity(x))
        {
            // Away from a half, the value as written and the double holding it round to the same whole number.
            var fraction = Math.Abs(x % 1);
            var nearHalf = Math.Abs(fraction - 0.5) <= 1e-9 * Math.Max(1, Math.Abs(x));
            if (!nearHalf)
            {
                return Math.Round(x, 0, MidpointRounding.AwayFromZero);
            }
        }

        // A decimal holds the value to its 15 significant digits, the digits a rule author wrote.
        return Math.Abs(x) < 7.9e27
            ? (double)Math.Round((decimal)x, places, MidpointRounding.AwayFromZero)
            : Math.Round(x, places, MidpointRounding.AwayFromZero);
    }

    /// <summary><c>clamp(x, low, high)</c>: missing when the bounds are the wrong way round (or NaN).</summary>
    public static object? Clamp(double x, double low, double high)
    {
        if (!(low <= high))
        {
            return null;
        }

        return x < low ? low : x > high ? high : x;
    }

    /// <summary><c>logistic(x)</c> = 1 / (1 + e^-x), computed on the side where the exponential cannot overflow.</summary>
    public static object? Logistic(double x)
    {
        if (double.IsNaN(x))
        {
            return null;
        }

        if (x < 0)
        {
            var e = Math.Exp(x);
            return e / (1 + e);
        }

        return 1 / (1 + Math.Exp(-x));
    }

    // ---- Text ------------------------------------------------------------------------------------

    /// <summary>A number as text: its shortest invariant round-trip form.</summary>
    public static string NumberText(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // ---- Dates -----------------------------------------------------------------------------------

    /// <summary>
    /// <c>date(text)</c>: exactly <c>YYYY-MM-DD</c> in ASCII digits, a real day of the years 1 to 9999; anything else
    /// (other separators, spaces, a 30 February) is missing.
    /// </summary>
    public static object? ParseDate(string text)
    {
        if (text.Length != 10 || text[4] != '-' || text[7] != '-')
        {
            return null;
        }

        var year = Digits(text.AsSpan(0, 4));
        var month = Digits(text.AsSpan(5, 2));
        var day = Digits(text.AsSpan(8, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DaysIn(year, month))
        {
            return null;
        }

        return new DateOnly(year, month, day);
    }

    private static int Digits(ReadOnlySpan<char> text)
    {
        var value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }

    private static bool IsLeapYear(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    private static int DaysIn(int year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>
    /// <c>yearsBetween(from, to)</c>: whole years as birthdays count them. Written as month-and-day numbers
    /// (MMDD): a year is complete when <c>to</c>'s MMDD reaches <c>from</c>'s, so a 29 February birthday completes on
    /// 1 March in a common year. Negative when <c>to</c> is earlier.
    /// </summary>
    public static double YearsBetween(DateOnly from, DateOnly to)
    {
        if (to.DayNumber < from.DayNumber)
        {
            return -YearsBetween(to, from);
        }

        var fromStamp = (from.Year * 10_000) + (from.Month * 100) + from.Day;
        var toStamp = (to.Year * 10_000) + (to.Month * 100) + to.Day;
        return (toStamp - fromStamp) / 10_000;
    }

    /// <summary>
    /// <c>addYears(date, years)</c>: the same month and day in another year; 29 February becomes 1 March in a common
    /// year. Missing for a fractional count or a year outside 1 to 9999.
    /// </summary>
    public static object? AddYears(DateOnly date, double years)
    {
        if (years != Math.Floor(years) || Math.Abs(years) > 9000)
        {
            return null;
        }

        var year = date.Year + (int)years;
        if (year is < 1 or > 9999)
        {
            return null;
        }

        return date.Month == 2 && date.Day == 29 && !IsLeapYear(year)
            ? new DateOnly(year, 3, 1)
            : new DateOnly(year, date.Month, date.Day);
    }

    /// <summary><c>addDays(date, days)</c>: missing for a fractional count or a day outside the years 1 to 9999.</summary>
    public static object? AddDays(DateOnly date, double days)
    {
        if (days != Math.Floor(days) || Math.Abs(days) > 3_000_000)
        {
            return null;
        }

        var day = (long)date.DayNumber + (long)days;
        return day < DateOnly.MinValue.DayNumber || day > DateOnly.MaxValue.DayNumber ? null : DateOnly.FromDayNumber((int)day);
    }
}
