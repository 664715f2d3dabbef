using Newtonsoft.Json.Linq;

namespace RiskTriage.Cli.Tests;

public sealed class TerminalSafeWriterTests
{
    private static string Through(Action<TextWriter> write)
    {
        var inner = new StringWriter { NewLine = "\r\n" };
        var writer = new TerminalSafeWriter(inner);
        write(writer);
        writer.Flush();
        return inner.ToString();
    }

    [Fact]
    public void Tabs_line_breaks_and_plain_text_pass_unchanged()
    {
        Assert.Equal("a\tb\nc\r\nd é 中 😀\r\n", Through(w =>
        {
            w.Write("a\tb\nc\r\nd é 中 😀");
            w.WriteLine();
        }));
    }

    [Theory]
    [InlineData("\u001b[31mred", "\\u001B[31mred")]
    [InlineData("over\rwrite", "over\\u000Dwrite")]
    [InlineData("end\r", "end\\u000D")]
    [InlineData("bell\u0007 del\u007f csi\u009b nul\0", "bell\\u0007 del\\u007F csi\\u009B nul\\u0000")]
    [InlineData("abc\u202edef\u2066", "abc\\u202Edef\\u2066")]
    public void Control_characters_are_written_as_escapes(string text, string expected)
    {
        Assert.Equal(expected, Through(w => w.Write(text)));
        Assert.Equal(expected, Through(w => w.Write(text.ToCharArray(), 0, text.Length)));
        Assert.Equal(expected, Through(w =>
        {
            foreach (var c in text)
            {
                w.Write(c);
            }
        }));
    }

    [Fact]
    public void JSON_stays_valid_JSON_with_the_same_values()
    {
        var value = "x\u009b31m\u202e\u007f";
        var json = new JObject { ["s"] = value }.ToString(Newtonsoft.Json.Formatting.None);

        var written = Through(w => w.Write(json));

        Assert.DoesNotContain(written, c => c is '\u009b' or '\u202e' or '\u007f');
        Assert.Equal(value, (string?)JObject.Parse(written)["s"]);
    }

    [Fact]
    public void The_progress_bar_s_own_carriage_returns_pass()
    {
        var inner = new StringWriter();

        TerminalSafeWriter.WriteControl(new TerminalSafeWriter(inner), "\r[###...]\r");

        Assert.Equal("\r[###...]\r", inner.ToString());
    }
}
