using RiskTriage.Expressions.Binding;

namespace RiskTriage.Tests.Expressions.Binding;

/// <summary>
/// An enumeration's values found from text as the checker and case readers look them up: the declared instance of an
/// equal value (ordinal), or null; a long enumeration (searched through its hashed table) as a short one.
/// </summary>
public sealed class DataTypeEnumerationTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(1_000)]
    public void Every_value_is_found_as_its_declared_instance_and_nothing_else_is(int count)
    {
        // Made at run time, so that a value found is the declared instance only if the lookup returns it.
        var values = Enumerable.Range(0, count).Select(i => string.Concat("V", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var type = DataType.Enumeration(values);

        Assert.All(values, value =>
        {
            Assert.Same(value, type.FindEnumValue(new string(value.AsSpan())));
            Assert.Same(value, type.FindEnumValue(("x" + value + "x").AsSpan(1, value.Length)));
        });
        Assert.All(new[] { string.Empty, "V", "v0", "V0 ", " V0", "V" + count, "V00", "W1" }, absent => Assert.Null(type.FindEnumValue(absent)));
    }

    [Fact]
    public void Of_equal_values_the_first_declared_is_found()
    {
        var first = new string("DUP".AsSpan());
        var second = new string("DUP".AsSpan());
        var values = new List<string> { "A", "B", "C", first, "D", "E", "F", "G", "H", second, "I" };

        Assert.Same(first, DataType.Enumeration(values).FindEnumValue("DUP"));
        Assert.Same(first, DataType.Enumeration(values[..8]).FindEnumValue("DUP"));
    }
}
