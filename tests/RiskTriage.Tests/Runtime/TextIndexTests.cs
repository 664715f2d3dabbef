using RiskTriage.Runtime;

namespace RiskTriage.Tests.Runtime;

public sealed class TextIndexTests
{
    private static string Fresh(string text) => new(text.AsSpan());

    [Fact]
    public void Finds_each_text_at_its_position_by_instance_and_by_characters()
    {
        string[] texts = ["A3", "A2", "A1", "A0", "B3", "B2", "B1", "B0", "C3", "C2", "C1", "C0", "D3", "D2", "D1", "D0", ""];
        var index = new TextIndex(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(i, index.IndexOf(texts[i]));
            Assert.Equal(i, index.IndexOf(Fresh(texts[i])));
        }

        Assert.Equal(-1, index.IndexOf("a3"));
        Assert.Equal(-1, index.IndexOf("A"));
        Assert.Equal(-1, index.IndexOf("A33"));
        Assert.Equal(-1, index.IndexOf("E1"));
    }

    [Fact]
    public void Texts_that_share_their_length_and_end_characters_are_told_apart()
    {
        // Every text has the same length, first and last character, so all share one bucket.
        var texts = Enumerable.Range(0, 40).Select(i => $"R{(char)('A' + (i % 26))}{(char)('a' + (i / 26))}X").ToArray();
        var index = new TextIndex(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(i, index.IndexOf(Fresh(texts[i])));
        }

        Assert.Equal(-1, index.IndexOf("RZzX"));
    }

    [Fact]
    public void Agrees_with_a_plain_search_on_random_texts()
    {
        var random = new Random(20261123);
        string Text() => new([.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => (char)random.Next('A', 'F'))]);
        for (var round = 0; round < 200; round++)
        {
            var texts = Enumerable.Range(0, random.Next(0, 30)).Select(_ => Text()).Distinct(StringComparer.Ordinal).ToArray();
            var index = new TextIndex(texts);
            for (var probe = 0; probe < 50; probe++)
            {
                var text = Text();
                Assert.Equal(Array.IndexOf(texts, text), index.IndexOf(text));
            }
        }
    }

    [Fact]
    public void The_texts_must_be_distinct()
    {
        Assert.Throws<ArgumentException>(() => new TextIndex(["A", "B", Fresh("A")]));
    }
}
