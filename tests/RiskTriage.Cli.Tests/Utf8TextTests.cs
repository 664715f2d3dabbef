using RiskTriage.Cli.Input;

namespace RiskTriage.Cli.Tests;

public class Utf8TextTests
{
    [Fact]
    public void Writing_turns_a_lone_surrogate_into_its_json_escape_not_a_replacement_character()
    {
        // In code, not [InlineData]: theory data is serialised, which would replace lone surrogates before the test runs.
        Assert.Equal("A\\ud800B", Write("A\uD800B"));
        Assert.Equal("\\udfff", Write("\uDFFF"));
        Assert.Equal("x\\udc00\\ud800", Write("x\uDC00\uD800"));
        Assert.Equal("pair \uD83D\uDE00 ok", Write("pair \uD83D\uDE00 ok"));
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0xFF, 0x42 }, 1)]
    [InlineData(new byte[] { 0x41, 0xED, 0xA0, 0x80, 0x42 }, 1)]
    [InlineData(new byte[] { 0x41, 0xC3 }, 1)]
    [InlineData(new byte[] { 0x41, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80 }, -1)]
    public void Reading_marks_bytes_that_are_not_utf8_where_they_were(byte[] bytes, int expected)
    {
        var text = new StreamReader(new MemoryStream(bytes), Utf8Text.Encoding).ReadToEnd();

        Assert.Equal(expected, Utf8Text.InvalidAt(text));
        Assert.DoesNotContain('\uFFFD', text);
    }

    [Fact]
    public void No_byte_order_mark_is_written()
    {
        Assert.Empty(Utf8Text.Encoding.GetPreamble());
    }

    private static string Write(string text)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, Utf8Text.Encoding, 16, leaveOpen: true))
        {
            // One character at a time, so a pair split across writes must still be joined.
            foreach (var c in text)
            {
                writer.Write(c);
            }
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
