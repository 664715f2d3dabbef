using System.Globalization;

namespace RiskTriage.Runtime;

/// <summary>
/// The implementations behind the expression function table and operators. Every function takes and
/// returns nullable values: a missing argument gives a missing result, and a result that is not a finite
/// number (ln of 0, square root of a negative number, overflow) is missing too. Nothing here throws.
/// </summary>
internal static class RuntimeFunctions
{
    public static double? Finite(double value) => double.IsFinite(value) ? value : null;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double? Divide(double? a, double? b) =>
        a is { } x && b is { } y && y != 0 ? Finite(x / y) : null;

    public static double? Modulo(double? a, double? b) =>
        a is { } x && b is { } y && y != 0 ? Finite(x % y) : null;

    private static readonly string[] SmallIntegers = Enumerable.Range(0, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), string> Joined = new(new SameInstances());

    /// <summary>
    /// Joined labels are keyed by the identity of their parts (labels, table values and small numbers are
    /// shared instances), which avoids hashing their characters on every evaluation.
    /// </summary>
    private sealed class SameInstances : IEqualityComparer<(string, string)>
    {
        public bool Equals((string, string) x, (string, string) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((string, string) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item2));
    }

    /// <summary>
    /// Joins two texts. Rule sets join short labels (a tier letter and digit); the results are kept, up to a
    /// bound, so repeated evaluations reuse one string instead of allocating a new one each time.
    /// </summary>
    public static string? Concat(string? a, string? b) => Concat(a, b, null);

    /// <summary>As <see cref="Concat(string?, string?)"/>; <paramref name="element"/> names the rule-set element for the error when the join is too long.</summary>
    /// <exception cref="EvaluationLimitException">The join would be longer than <see cref="EvaluationLimitException.MaxTextLength"/>.</exception>
    public static string? Concat(string? a, string? b, string? element)
    {
        if (a is null || b is null)
        {
            return null;
        }

        if (b.Length == 0)
        {
            return a;
        }

        if (a.Length == 0)
        {
            return b;
        }

        if (a.Length + b.Length > 32)
        {
            // Doubling a text in each of 40 named values would otherwise exhaust memory and take the batch down.
            return (long)a.Length + b.Length > EvaluationLimitException.MaxTextLength
                ? throw EvaluationLimitException.TextTooLong((long)a.Length + b.Length, element)
                : string.Concat(a, b);
        }

        if (Joined.TryGetValue((a, b), out var joined))
        {
            return joined;
        }

        joined = string.Concat(a, b);
        if (Joined.Count < 10_000)
        {
            // A join that spells a literal of the rule set (a tier "B2" looked up in a table of tiers) is kept as
            // the literal's own instance, interned when the rule set was compiled: comparisons with that literal
            // and table lookups then find it by reference, without comparing characters.
            joined = string.IsInterned(joined) ?? joined;
            Joined.TryAdd((a, b), joined);
        }

        return joined;
    }

    /// <summary>Invariant shortest round-trip text of a number; small whole numbers come from a table.</summary>
    public static string? FormatNumber(double? value)
    {
        if (value is not { } v)
        {
            return null;
        }

        if (v >= 0 && v < SmallIntegers.Length && v == Math.Floor(v) && !(v == 0 && double.IsNegative(v)))
        {
            return SmallIntegers[(int)v];
        }

        return v.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Ordinal equality of two texts (null equals only null), as string.Equals: the same instance, or the same
    /// length and first character before the characters are compared. Texts of a rule set's lists (register
    /// codes, categories) mostly share their length, so the first character rules most pairs out without a call.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool SameText(string? a, string? b) =>
        ReferenceEquals(a, b)
        || (a is not null && b is not null && a.Length == b.Length && (a.Length == 0 || (a[0] == b[0] && string.Equals(a, b))));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double? Min(double? a, double? b) => a is { } x && b is { } y ? Math.Min(x, y) : null;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double? Max(double? a, double? b) => a is { } x && b is { } y ? Math.Max(x, y) : null;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double? Abs(double? x) => x is { } v ? Math.Abs(v) : null;

    /// <summary>Rounds half away from zero on the decimal digits as written (2.675 → 2.68), not on the binary value.</summary>
    public static double? Round(double? x, double? digits)
    {
        if (x is not { } v || digits is not { } d || d != Math.Floor(d) || d < 0 || d > 15)
        {
            return null;
        }

        if (d == 0 && Math.Abs(Math.Abs(v - Math.Truncate(v)) - 0.5) > 1e-9 * Math.Max(1, Math.Abs(v)))
        {
            // Not near a half: the binary value and the decimal digits as written (at most 15 significant
            // digits, within 1e-15 of each other) round to the same whole number, without the decimal's cost.
            return Math.Round(v, MidpointRounding.AwayFromZero);
        }

        if (Math.Abs(v) < 7.9e27)
        {
            return (double)Math.Round((decimal)v, (int)d, MidpointRounding.AwayFromZero);
        }

        return Math.Round(v, (int)d, MidpointRounding.AwayFromZero);
    }

    public static double? Round(double? x) => Round(x, 0);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double? Floor(double? x) => x is { } v ? Math.Floor(v) : null;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double? Ceil(double? x) => x is { } v ? Math.Ceiling(v) : null;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double? Clamp(double? x, double? low, double? high) =>
        x is { } v && low is { } lo && high is { } hi && lo <= hi ? Math.Clamp(v, lo, hi) : null;

    public static double? Exp(double? x) => x is { } v ? Finite(Math.Exp(v)) : null;

    public static double? Ln(double? x) => x is { } v && v > 0 ? Finite(Math.Log(v)) : null;

    public static double? Log10(double? x) => x is { } v && v > 0 ? Finite(Math.Log10(v)) : null;

    public static double? Pow(double? x, double? y) => x is { } a && y is { } b ? Finite(Math.Pow(a, b)) : null;

    public static double? Sqrt(double? x) => x is { } v && v >= 0 ? Math.Sqrt(v) : null;

    /// <summary>1 / (1 + e^-x), the inverse of the logit; written to stay finite for large |x|.</summary>
    public static double? Logistic(double? x)
    {
        if (x is not { } v || double.IsNaN(v))
        {
            return null;
        }

        if (v >= 0)
        {
            return 1 / (1 + Math.Exp(-v));
        }

        var e = Math.Exp(v);
        return e / (1 + e);
    }

    public static double? DaysBetween(DateOnly? from, DateOnly? to) =>
        from is { } a && to is { } b ? b.DayNumber - a.DayNumber : null;

    /// <summary>
    /// Whole years from <paramref name="from"/> to <paramref name="to"/>, counted the way birthdays are:
    /// a year is complete on the same month and day. Someone born on 29 February completes a year on
    /// 1 March in common years. Negative when <paramref name="to"/> is earlier.
    /// </summary>
    public static double? YearsBetween(DateOnly? from, DateOnly? to)
    {
        if (from is not { } a || to is not { } b)
        {
            return null;
        }

        if (b < a)
        {
            return -YearsBetween(b, a);
        }

        var years = b.Year - a.Year;
        if (b.Month < a.Month || (b.Month == a.Month && b.Day < a.Day))
        {
            years--;
        }

        return years;
    }

    /// <summary>
    /// The same month and day <paramref name="years"/> later (or earlier). 29 February moves to 1 March in a
    /// common year, the same convention <see cref="YearsBetween"/> uses, so addYears(dob, 18) &lt;= d exactly
    /// when yearsBetween(dob, d) &gt;= 18.
    /// </summary>
    public static DateOnly? AddYears(DateOnly? date, double? years)
    {
        // Out of DateOnly's range (years 1 to 9999) is no date. Checked here rather than by catching
        // AddYears' exception, so that a call allocates nothing.
        if (date is not { } d || years is not { } y || y != Math.Floor(y) || Math.Abs(y) > 9000 || d.Year + (int)y is < 1 or > 9999)
        {
            return null;
        }

        var result = d.AddYears((int)y);
        return d.Month == 2 && d.Day == 29 && result.Day == 28 ? result.AddDays(1) : result;
    }

    public static DateOnly? AddDays(DateOnly? date, double? days) =>
        date is { } d && days is { } n && n == Math.Floor(n) && Math.Abs(n) <= 3_000_000
            && d.DayNumber + (int)n is var day && day >= DateOnly.MinValue.DayNumber && day <= DateOnly.MaxValue.DayNumber
            ? DateOnly.FromDayNumber(day)
            : null;

    public static DateOnly? ParseDate(string? text) =>
        IsoDate.TryParse(text, out var d) ? d : null;

    public static string? Lower(string? s) => s?.ToLowerInvariant();

    public static string? Upper(string? s) => s?.ToUpperInvariant();

    public static string? Trim(string? s) => s?.Trim();

    public static bool? StartsWith(string? s, string? prefix) => s is null || prefix is null ? null : s.StartsWith(prefix, StringComparison.Ordinal);

    public static bool? EndsWith(string? s, string? suffix) => s is null || suffix is null ? null : s.EndsWith(suffix, StringComparison.Ordinal);

    public static bool? Contains(string? s, string? part) => s is null || part is null ? null : s.Contains(part, StringComparison.Ordinal);

    public static double? Len(string? s) => s?.Length;

    /// <summary>Three-valued AND (false wins over missing; missing wins over true).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool? And(bool? a, bool? b) => a == false || b == false ? false : a is null || b is null ? null : true;

    /// <summary>Three-valued OR (true wins over missing; missing wins over false).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool? Or(bool? a, bool? b) => a == true || b == true ? true : a is null || b is null ? null : false;
}
