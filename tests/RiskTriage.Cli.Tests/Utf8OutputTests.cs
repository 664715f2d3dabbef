using RiskTriage.Cli.Input;

namespace RiskTriage.Cli.Tests;

/// <summary>UTF-8 written past the text writer gives exactly the bytes the writer would have written for the same text.</summary>
public sealed class Utf8OutputTests
{
    public static TheoryData<string> Texts =>
    [
        "{\"caseId\":\"plain\"}\n",
        "é 中 😀 £ ’ € \u00a0 \u2027 \u202f \u2065 \u206a\n",
        "del\u007f\n",
        "csi\u009b and \u0080 and \u009f\n",
        "bidi \u202a\u202b\u202c\u202d\u202e \u2066\u2067\u2068\u2069\n",
        "esc\u001b[31m bell\u0007 nul\0 cr\r crlf\r\n",
        "tab\tline\n\n",
        "end with a character led by C2 \u00a0",
    ];

    private static byte[] ThroughWriter(string text, bool terminalSafe, Action<Utf8Output, TextWriter> write)
    {
        var stream = new MemoryStream();
        var writer = new StreamWriter(stream, Utf8Text.Encoding, 16);
        TextWriter outer = terminalSafe ? new TerminalSafeWriter(writer) : writer;
        write(new Utf8Output(outer), outer);
        outer.Flush();
        return stream.ToArray();
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Bytes_reach_a_terminal_safe_stream_as_the_text_would(string text)
    {
        var expected = ThroughWriter(text, terminalSafe: true, (_, writer) => writer.Write(text));
        var actual = ThroughWriter(text, terminalSafe: true, (output, _) => output.Write(Utf8Text.Encoding.GetBytes(text)));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Bytes_reach_a_plain_stream_unchanged_after_what_the_writer_holds(string text)
    {
        var actual = ThroughWriter(text, terminalSafe: false, (output, writer) =>
        {
            writer.Write("before ");
            output.Write(Utf8Text.Encoding.GetBytes(text));
            writer.Write(" after");
        });
        Assert.Equal(Utf8Text.Encoding.GetBytes("before " + text + " after"), actual);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Bytes_reach_a_writer_without_a_stream_as_text(string text)
    {
        var writer = new StringWriter();
        new Utf8Output(new TerminalSafeWriter(writer)).Write(Utf8Text.Encoding.GetBytes(text));
        var expected = new StringWriter();
        new TerminalSafeWriter(expected).Write(text);
        Assert.Equal(expected.ToString(), writer.ToString());
    }

    [Theory]
    [InlineData("plain ASCII", false)]
    [InlineData("é 中 😀 £ ’ € \u00a0", false)]
    [InlineData("\u007f", true)]
    [InlineData("\u0085", true)]
    [InlineData("\u202e", true)]
    [InlineData("\u2069", true)]
    [InlineData("\r", true)]
    public void Only_characters_the_terminal_safe_writer_may_escape_are_suspect(string text, bool suspect) =>
        Assert.Equal(suspect, Utf8Output.MayNeedEscaping(Utf8Text.Encoding.GetBytes(text)));

    [Theory]
    [InlineData(new byte[] { 0x61, 0xC2 })]
    [InlineData(new byte[] { 0x61, 0xE2 })]
    [InlineData(new byte[] { 0x61, 0xE2, 0x80 })]
    [InlineData(new byte[] { 0x61, 0xE2, 0x81 })]
    public void Bytes_that_end_in_a_lead_byte_the_writer_may_escape_are_suspect(byte[] utf8) =>
        // What follows (C2 9B is the C1 control CSI; E2 80 AE is RIGHT-TO-LEFT OVERRIDE) is not known yet.
        Assert.True(Utf8Output.MayNeedEscaping(utf8));

    [Fact]
    public void A_lead_byte_at_the_end_of_one_write_does_not_make_a_control_with_the_next()
    {
        var bytes = ThroughWriter("", terminalSafe: true, (output, _) =>
        {
            output.Write([0x61, 0xC2]);
            output.Write([0x9B, .. "31m\n"u8]);
        });
        Assert.Equal(-1, bytes.AsSpan().IndexOf(stackalloc byte[] { 0xC2, 0x9B }));
    }
}
