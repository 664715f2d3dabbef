namespace RiskTriage.Tests;

/// <summary>A rule value keeps its kind and value whatever it holds, and stays small: a decision holds one per output.</summary>
public sealed class RuleValueTests
{
    public static TheoryData<RuleValue, RuleValueKind> Values => new()
    {
        { RuleValue.Missing, RuleValueKind.Missing },
        { default, RuleValueKind.Missing },
        { RuleValue.FromBool(true), RuleValueKind.Bool },
        { RuleValue.FromBool(false), RuleValueKind.Bool },
        { RuleValue.FromNumber(0), RuleValueKind.Number },
        { RuleValue.FromNumber(-2.5), RuleValueKind.Number },
        { RuleValue.FromString(string.Empty), RuleValueKind.String },
        { RuleValue.FromString("B2"), RuleValueKind.String },
        { RuleValue.FromDate(new DateOnly(2026, 6, 9)), RuleValueKind.Date },
        { RuleValue.FromList([]), RuleValueKind.List },
        { RuleValue.FromList([RuleValue.FromString("a"), RuleValue.FromNumber(1)]), RuleValueKind.List },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void The_kind_and_only_the_matching_accessor_answer(RuleValue value, RuleValueKind kind)
    {
        Assert.Equal(kind, value.Kind);
        Assert.Equal(kind == RuleValueKind.Missing, value.IsMissing);
        Assert.Equal(kind == RuleValueKind.Bool, value.AsBool.HasValue);
        Assert.Equal(kind == RuleValueKind.Number, value.AsNumber.HasValue);
        Assert.Equal(kind == RuleValueKind.String, value.AsString is not null);
        Assert.Equal(kind == RuleValueKind.Date, value.AsDate.HasValue);
        Assert.Equal(kind == RuleValueKind.List, value.AsList is not null);
    }

    [Fact]
    public void Values_of_different_kinds_with_the_same_number_differ()
    {
        // false, 0 and the date of day 0 all store the number 0.
        var values = new[] { RuleValue.FromBool(false), RuleValue.FromNumber(0), RuleValue.FromDate(DateOnly.FromDayNumber(0)), RuleValue.Missing };
        for (var i = 0; i < values.Length; i++)
        {
            for (var j = 0; j < values.Length; j++)
            {
                Assert.Equal(i == j, values[i] == values[j]);
            }
        }
    }

    [Fact]
    public void Values_round_trip_through_their_accessors()
    {
        Assert.True(RuleValue.FromBool(true).AsBool);
        Assert.False(RuleValue.FromBool(false).AsBool);
        Assert.Equal(-2.5, RuleValue.FromNumber(-2.5).AsNumber);
        Assert.Equal("B2", RuleValue.FromString("B2").AsString);
        Assert.Equal(new DateOnly(2026, 6, 9), RuleValue.FromDate(new DateOnly(2026, 6, 9)).AsDate);
        Assert.Equal([RuleValue.FromString("a")], RuleValue.FromList([RuleValue.FromString("a")]).AsList!);
        Assert.True(RuleValue.FromNumber(double.NaN).IsMissing);
        Assert.True(RuleValue.FromString(null).IsMissing);
    }

    [Fact]
    public void A_value_is_two_words()
    {
        Assert.Equal(16, System.Runtime.CompilerServices.Unsafe.SizeOf<RuleValue>());
    }
}
