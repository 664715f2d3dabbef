using RiskTriage.Runtime;

namespace RiskTriage.Tests.Runtime;

public sealed class TextSetTests
{
    private static string Fresh(string text) => new(text.AsSpan());

    [Fact]
    public void Each_text_has_the_bits_of_every_place_it_holds_in_the_list()
    {
        var set = TextSet.TryCreate(["A", "B", "A", "C"])!;
        Assert.Equal(0b0101UL, set.MaskOf("A"));
        Assert.Equal(0b0010UL, set.MaskOf("B"));
        Assert.Equal(0b1000UL, set.MaskOf("C"));
        Assert.Equal(2, TextSet.PositionsIn(set.MaskOf("A")));
    }

    [Fact]
    public void Texts_are_matched_by_their_characters_not_only_by_instance()
    {
        var set = TextSet.TryCreate([Fresh("RMDO"), Fresh("RTAO")])!;
        Assert.Equal(1UL, set.MaskOf("RMDO"));
        Assert.Equal(2UL, set.MaskOf(Fresh("RTAO")));
        Assert.Equal(0UL, set.MaskOf("rmdo"));
        Assert.Equal(0UL, set.MaskOf("RMD"));
        Assert.Equal(0UL, set.MaskOf("RMDOX"));
        Assert.Equal(0UL, set.MaskOf(string.Empty));
        Assert.Equal(0UL, set.MaskOf(null));
    }

    [Fact]
    public void A_list_with_a_missing_item_or_more_than_64_texts_has_no_set()
    {
        Assert.Null(TextSet.TryCreate(["A", null]));
        Assert.Null(TextSet.TryCreate(Enumerable.Range(0, 65).Select(i => "T" + i).ToArray()));
        var largest = TextSet.TryCreate(Enumerable.Range(0, 64).Select(i => "T" + i).ToArray())!;
        Assert.Equal(1UL << 63, largest.MaskOf(Fresh("T63")));
        Assert.Equal(1UL, largest.MaskOf("T0"));
    }

    [Fact]
    public void An_empty_list_holds_nothing()
    {
        var set = TextSet.TryCreate([])!;
        Assert.Equal(0UL, set.MaskOf("A"));
        Assert.Equal(0, TextSet.PositionsIn(0));
    }
}
