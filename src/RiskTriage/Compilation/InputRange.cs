using System.Globalization;
using RiskTriage.Runtime;

namespace RiskTriage.Compilation;

/// <summary>
/// The valid range of one number or date input, as the rule set declares it (<c>min</c>, <c>max</c>, <c>integer</c>,
/// <c>outOfRange</c>), and what the compiled input checks do with a value outside it: make the decision invalid
/// naming the field, or ask for review. Dates are held as day numbers so that a check is two integer compares.
/// </summary>
internal sealed class InputRange
{
    /// <summary>No declared range: only a typed case's NaN and infinities are refused (JSON cannot write them).</summary>
    public static readonly InputRange Finite = new(double.MinValue, double.MaxValue, integer: false, review: false, isDate: false);

    public InputRange(double min, double max, bool integer, bool review, bool isDate)
    {
        Min = min;
        Max = max;
        Integer = integer;
        Review = review;
        IsDate = isDate;
    }

    /// <summary>The lowest valid value (a day number for a date).</summary>
    public double Min { get; }

    /// <summary>The highest valid value (a day number for a date).</summary>
    public double Max { get; }

    /// <summary>Whether the value must be a whole number.</summary>
    public bool Integer { get; }

    /// <summary>Whether a value outside the range asks for review (true) or makes the case invalid (false).</summary>
    public bool Review { get; }

    /// <summary>Whether the range is of dates.</summary>
    public bool IsDate { get; }

    /// <summary>The lowest valid date (for a date range).</summary>
    public int MinDay => (int)Min;

    /// <summary>The highest valid date (for a date range).</summary>
    public int MaxDay => (int)Max;

    /// <summary>Whether a number is valid: inside the range, finite, and whole when it must be.</summary>
    public bool Contains(double value) => value >= Min && value <= Max && (!Integer || value == Math.Floor(value));

    /// <summary>The range as messages give it, e.g. "0 to 100" or "whole numbers from 0 to 99".</summary>
    public override string ToString()
    {
        if (IsDate)
        {
            return $"{Day(MinDay)} to {Day(MaxDay)}";
        }

        var bounds = (Min == double.MinValue, Max == double.MaxValue) switch
        {
            (true, true) => "finite numbers",
            (false, true) => string.Create(CultureInfo.InvariantCulture, $"{Min:R} or more"),
            (true, false) => string.Create(CultureInfo.InvariantCulture, $"{Max:R} or less"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{Min:R} to {Max:R}"),
        };
        return Integer ? "whole numbers, " + bounds : bounds;
    }

    private static string Day(int dayNumber) => DateOnly.FromDayNumber(dayNumber).ToString(IsoDate.Format, CultureInfo.InvariantCulture);

    /// <summary>Records the number <paramref name="value"/> of the field at <paramref name="path"/> as outside the range.</summary>
    public void Outside(Decision decision, string path, double value)
    {
        if (!double.IsFinite(value))
        {
            // NaN and the infinities are no value at all: never triaged as given, even where the range asks for review.
            decision.AddError(path, string.Create(CultureInfo.InvariantCulture, $"{value} is not a finite number"));
            return;
        }

        Report(decision, path, value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Records the date <paramref name="value"/> of the field at <paramref name="path"/> as outside the range.</summary>
    public void OutsideDate(Decision decision, string path, DateOnly value) =>
        Report(decision, path, value.ToString(IsoDate.Format, CultureInfo.InvariantCulture));

    /// <summary>As <see cref="Outside"/>, for a field of item <paramref name="index"/> of a list.</summary>
    public void OutsideItem(Decision decision, string list, int index, string field, double value) =>
        Outside(decision, CaseLimitChecks.ItemPath(list, index, field), value);

    /// <summary>As <see cref="OutsideDate"/>, for a field of item <paramref name="index"/> of a list.</summary>
    public void OutsideDateItem(Decision decision, string list, int index, string field, DateOnly value) =>
        OutsideDate(decision, CaseLimitChecks.ItemPath(list, index, field), value);

    private void Report(Decision decision, string path, string value)
    {
        var message = $"'{path}' is {value}, outside its valid range ({this}) declared by the rule set";
        if (Review)
        {
            decision.AddReview("OUT_OF_RANGE", message + "; the case was triaged with it as given and needs review", path);
        }
        else
        {
            decision.AddError(path, message);
        }
    }
}
