using FsCheck;
using FsCheck.Fluent;
using RiskTriage.Runtime;

namespace RiskTriage.Tests.Expressions.Evaluation;

/// <summary>The implementations behind the function table: missing in gives missing out, nothing throws.</summary>
public sealed class RuntimeFunctionsTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Theory]
    [InlineData(2.5, 0, 3)]
    [InlineData(-2.5, 0, -3)]
    [InlineData(0.5, 0, 1)]
    [InlineData(-0.5, 0, -1)]
    [InlineData(2.675, 2, 2.68)]
    [InlineData(1.005, 2, 1.01)]
    [InlineData(-1.005, 2, -1.01)]
    [InlineData(0.125, 2, 0.13)]
    [InlineData(1.45, 1, 1.5)]
    [InlineData(8.345, 2, 8.35)]
    [InlineData(123.456, 15, 123.456)]
    public void Round_is_half_away_from_zero_on_the_decimal_digits_as_written(double value, double digits, double expected)
    {
        Assert.Equal(expected, RuntimeFunctions.Round(value, digits));
    }

    [Fact]
    public void Round_to_whole_numbers_agrees_with_rounding_the_decimal_digits_as_written()
    {
        // Round(x) skips the decimal conversion when x is not near a half; the answer must be the same as with it.
        static double? ViaDecimal(double v) => Math.Abs(v) < 7.9e27 ? (double)Math.Round((decimal)v, 0, MidpointRounding.AwayFromZero) : Math.Round(v, MidpointRounding.AwayFromZero);
        var halves = Gen.Choose(-2_000_000, 2_000_000).Select(i => i + 0.5);
        var nudged = Gen.Zip(halves, Gen.Choose(-40, 40)).Select(p => p.Item1 + (p.Item2 * 1e-11 * Math.Max(1, Math.Abs(p.Item1))));
        var ulps = Gen.Zip(halves, Gen.Choose(-4, 4)).Select(p => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(p.Item1) + p.Item2));
        var anything = ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => f.Get);
        var values = Gen.OneOf(halves, nudged, ulps, anything, Gen.Choose(-1000, 1000).Select(i => i / 8.0));
        Prop.ForAll(values.ToArbitrary(), v => RuntimeFunctions.Round(v) == ViaDecimal(v)).Check(Config.QuickThrowOnFailure.WithMaxTest(20_000));
        Assert.Equal(3, RuntimeFunctions.Round(2.4999999999999996));
    }

    [Theory]
    [InlineData(1.5, -1)]
    [InlineData(1.5, 0.5)]
    [InlineData(1.5, 16)]
    public void Round_with_digits_that_are_not_a_whole_number_from_0_to_15_is_missing(double value, double digits)
    {
        Assert.Null(RuntimeFunctions.Round(value, digits));
    }

    [Fact]
    public void Round_keeps_huge_and_non_finite_inputs_from_throwing()
    {
        Assert.Equal(1e300, RuntimeFunctions.Round(1e300));
        Assert.Equal(-7.9e27, RuntimeFunctions.Round(-7.9e27));
        Assert.True(double.IsNaN(RuntimeFunctions.Round(double.NaN)!.Value));
        Assert.Equal(double.PositiveInfinity, RuntimeFunctions.Round(double.PositiveInfinity));
    }

    [Theory]
    [InlineData("2008-02-29", "2026-02-28", 17)]
    [InlineData("2008-02-29", "2026-03-01", 18)]
    [InlineData("2008-02-29", "2028-02-28", 19)]
    [InlineData("2008-02-29", "2028-02-29", 20)]
    [InlineData("2000-06-09", "2026-06-08", 25)]
    [InlineData("2000-06-09", "2026-06-09", 26)]
    [InlineData("2026-06-09", "2026-06-09", 0)]
    [InlineData("2026-06-09", "2000-06-09", -26)]
    [InlineData("2026-06-08", "2000-06-09", -25)]
    [InlineData("2028-02-29", "2008-02-29", -20)]
    public void YearsBetween_counts_whole_years_like_birthdays(string from, string to, double expected)
    {
        Assert.Equal(expected, RuntimeFunctions.YearsBetween(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void YearsBetween_is_the_number_of_birthdays_passed()
    {
        // The n-th birthday of someone born on 29 February falls on 1 March in common years.
        static DateOnly Birthday(DateOnly born, int n) =>
            born is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(born.Year + n) ? new DateOnly(born.Year + n, 3, 1) : born.AddYears(n);

        var dates = Gen.Choose(DateOnly.Parse("1900-01-01", System.Globalization.CultureInfo.InvariantCulture).DayNumber, DateOnly.Parse("2100-12-31", System.Globalization.CultureInfo.InvariantCulture).DayNumber)
            .Select(DateOnly.FromDayNumber);
        var leapDays = Gen.Choose(1900, 2096).Where(DateTime.IsLeapYear).Select(y => new DateOnly(y, 2, 29));
        var born = Gen.Frequency((3, dates), (1, leapDays));
        Check.One(Quick, Prop.ForAll(Gen.Zip(born, dates).ToArbitrary(), pair =>
        {
            var (from, to) = pair;
            var years = RuntimeFunctions.YearsBetween(from, to)!.Value;
            if (to >= from)
            {
                var n = (int)years;
                return years >= 0 && Birthday(from, n) <= to && Birthday(from, n + 1) > to;
            }

            return years == -RuntimeFunctions.YearsBetween(to, from);
        }));
    }

    [Fact]
    public void Every_function_gives_missing_for_a_missing_argument()
    {
        var date = new DateOnly(2026, 6, 9);
        Assert.Null(RuntimeFunctions.Min(null, 1));
        Assert.Null(RuntimeFunctions.Max(1, null));
        Assert.Null(RuntimeFunctions.Abs(null));
        Assert.Null(RuntimeFunctions.Round(null));
        Assert.Null(RuntimeFunctions.Round(1, null));
        Assert.Null(RuntimeFunctions.Floor(null));
        Assert.Null(RuntimeFunctions.Ceil(null));
        Assert.Null(RuntimeFunctions.Clamp(null, 0, 1));
        Assert.Null(RuntimeFunctions.Clamp(1, null, 1));
        Assert.Null(RuntimeFunctions.Exp(null));
        Assert.Null(RuntimeFunctions.Ln(null));
        Assert.Null(RuntimeFunctions.Log10(null));
        Assert.Null(RuntimeFunctions.Pow(null, 2));
        Assert.Null(RuntimeFunctions.Sqrt(null));
        Assert.Null(RuntimeFunctions.Logistic(null));
        Assert.Null(RuntimeFunctions.DaysBetween(null, date));
        Assert.Null(RuntimeFunctions.YearsBetween(date, null));
        Assert.Null(RuntimeFunctions.AddYears(null, 1));
        Assert.Null(RuntimeFunctions.AddDays(date, null));
        Assert.Null(RuntimeFunctions.ParseDate(null));
        Assert.Null(RuntimeFunctions.Lower(null));
        Assert.Null(RuntimeFunctions.Upper(null));
        Assert.Null(RuntimeFunctions.Trim(null));
        Assert.Null(RuntimeFunctions.StartsWith(null, "a"));
        Assert.Null(RuntimeFunctions.EndsWith("a", null));
        Assert.Null(RuntimeFunctions.Contains(null, "a"));
        Assert.Null(RuntimeFunctions.Len(null));
        Assert.Null(RuntimeFunctions.Divide(null, 1));
        Assert.Null(RuntimeFunctions.Modulo(1, null));
        Assert.Null(RuntimeFunctions.Concat("a", null));
        Assert.Null(RuntimeFunctions.FormatNumber(null));
    }

    [Fact]
    public void Numeric_functions_never_throw_and_never_return_a_non_finite_number_for_finite_input()
    {
        var finite = Gen.Elements(0d, -0d, 1d, -1d, 0.5, 1e-300, 1e300, -1e300, 709.8, 710, double.MaxValue, double.Epsilon, 2.675, -7.5);
        Check.One(Quick, Prop.ForAll(Gen.Zip(finite, finite).ToArbitrary(), pair =>
        {
            var (x, y) = pair;
            double?[] results =
            [
                RuntimeFunctions.Exp(x), RuntimeFunctions.Ln(x), RuntimeFunctions.Log10(x), RuntimeFunctions.Pow(x, y), RuntimeFunctions.Sqrt(x),
                RuntimeFunctions.Logistic(x), RuntimeFunctions.Divide(x, y), RuntimeFunctions.Modulo(x, y), RuntimeFunctions.Clamp(x, y, y),
                RuntimeFunctions.Round(x), RuntimeFunctions.Floor(x), RuntimeFunctions.Ceil(x), RuntimeFunctions.Abs(x),
            ];
            return results.All(r => r is null || double.IsFinite(r.Value));
        }));
    }

    [Fact]
    public void Date_arithmetic_out_of_range_is_missing_not_an_exception()
    {
        Assert.Null(RuntimeFunctions.AddYears(DateOnly.MaxValue, 1));
        Assert.Null(RuntimeFunctions.AddDays(DateOnly.MinValue, -1));
        Assert.Null(RuntimeFunctions.AddDays(DateOnly.MaxValue, 3_000_000));
        // 29 February moves to 1 March in a common year, the convention yearsBetween uses for birthdays.
        Assert.Equal(new DateOnly(2025, 3, 1), RuntimeFunctions.AddYears(new DateOnly(2024, 2, 29), 1));
        Assert.Equal(new DateOnly(2028, 2, 29), RuntimeFunctions.AddYears(new DateOnly(2024, 2, 29), 4));
    }

    [Fact]
    public void Date_arithmetic_agrees_with_DateOnly_wherever_DateOnly_gives_a_date_and_is_missing_where_it_throws()
    {
        var random = new Random(20261123);
        var edges = new[] { DateOnly.MinValue, DateOnly.MinValue.AddDays(1), new DateOnly(1, 12, 31), new DateOnly(9999, 1, 1), DateOnly.MaxValue.AddDays(-1), DateOnly.MaxValue };
        var dates = edges.Concat(Enumerable.Range(0, 2_000).Select(_ => DateOnly.FromDayNumber(random.Next(DateOnly.MaxValue.DayNumber + 1))));
        foreach (var date in dates)
        {
            foreach (var years in new[] { 0, 1, -1, 9000, -9000, 9998, -9998, random.Next(-9000, 9001) })
            {
                // More than 9000 years either way is no date, whatever the date.
                DateOnly? expected;
                try
                {
                    expected = Math.Abs(years) <= 9000 ? date.AddYears(years) : null;
                }
                catch (ArgumentOutOfRangeException)
                {
                    expected = null;
                }

                if (expected is { } e && date is { Month: 2, Day: 29 } && e.Day == 28)
                {
                    expected = e.AddDays(1);
                }

                Assert.Equal(expected, RuntimeFunctions.AddYears(date, years));
            }

            foreach (var days in new[] { 0, 1, -1, 3_000_000, -3_000_000, random.Next(-3_000_000, 3_000_001) })
            {
                DateOnly? expected;
                try
                {
                    expected = date.AddDays(days);
                }
                catch (ArgumentOutOfRangeException)
                {
                    expected = null;
                }

                Assert.Equal(expected, RuntimeFunctions.AddDays(date, days));
            }
        }
    }

    [Fact]
    public void Date_arithmetic_allocates_nothing()
    {
        var date = new DateOnly(2020, 2, 29);
        RuntimeFunctions.AddYears(date, 1);
        RuntimeFunctions.AddDays(date, 1);
        RuntimeFunctions.AddYears(DateOnly.MaxValue, 1);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            RuntimeFunctions.AddYears(date, i % 7);
            RuntimeFunctions.AddDays(date, i);
            RuntimeFunctions.AddYears(DateOnly.MaxValue, 1);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Logistic_stays_within_zero_and_one()
    {
        Assert.Equal(0.5, RuntimeFunctions.Logistic(0));
        Assert.Equal(1, RuntimeFunctions.Logistic(1e300));
        Assert.Equal(0, RuntimeFunctions.Logistic(-1e300));
        Assert.Null(RuntimeFunctions.Logistic(double.NaN));
    }

    [Fact]
    public void Three_valued_logic_tables()
    {
        bool?[] values = [true, false, null];
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                bool? and = a == false || b == false ? false : a is null || b is null ? null : true;
                bool? or = a == true || b == true ? true : a is null || b is null ? null : false;
                Assert.Equal(and, RuntimeFunctions.And(a, b));
                Assert.Equal(or, RuntimeFunctions.Or(a, b));
            }
        }
    }

    [Fact]
    public void Numbers_join_text_in_the_invariant_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal("2.5", RuntimeFunctions.FormatNumber(2.5));
            Assert.Equal("1E+21", RuntimeFunctions.FormatNumber(1e21));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(null, "", false)]
    [InlineData("", null, false)]
    [InlineData("", "", true)]
    [InlineData("RMDO", "RMDO", true)]
    [InlineData("RMDO", "RMDX", false)]
    [InlineData("RMDO", "XMDO", false)]
    [InlineData("RMDO", "RMD", false)]
    [InlineData("rmdo", "RMDO", false)]
    public void Same_text_is_ordinal_equality(string? a, string? b, bool expected)
    {
        Assert.Equal(expected, RuntimeFunctions.SameText(a, b));

        // Other instances of the same characters compare the same way.
        var copyA = a is null ? null : new string(a.AsSpan());
        var copyB = b is null ? null : new string(b.AsSpan());
        Assert.Equal(expected, RuntimeFunctions.SameText(copyA, copyB));
        Assert.Equal(string.Equals(a, b, StringComparison.Ordinal), RuntimeFunctions.SameText(copyA, copyB));
    }

    [Fact]
    public void Same_text_agrees_with_ordinal_equality_on_generated_pairs()
    {
        var texts = Gen.Elements("", "A", "B", "AB", "BA", "AA", "RMDO", "RMDX", "XMDO", "\u00e9", "e\u0301");
        Prop.ForAll(Arb.From(Gen.Zip(texts, texts)), pair =>
                RuntimeFunctions.SameText(pair.Item1, new string(pair.Item2.AsSpan())) == string.Equals(pair.Item1, pair.Item2, StringComparison.Ordinal))
            .QuickCheckThrowOnFailure();
    }
}
