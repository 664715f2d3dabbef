using System.Buffers;
using System.Globalization;
using System.Text;

namespace RiskTriage.Cli;

/// <summary>
/// Wraps standard output or error so that no text from a rule file or a case can drive the terminal: C0 and C1 control
/// characters (ESC starts ANSI sequences that recolour, move the cursor, retitle the window or rewrite the screen), DEL,
/// a carriage return that is not part of a line break, and the bidirectional overrides and isolates that display text
/// in another order than it is read, are written as <c>\u001B</c>. Tabs and line breaks pass. The escape is also a
/// valid JSON escape, so JSON output stays valid JSON with the same values. Text without such characters passes unchanged.
/// </summary>
internal sealed class TerminalSafeWriter(TextWriter inner) : TextWriter(CultureInfo.InvariantCulture)
{
    /// <summary>Every character that may be escaped; <see cref="IsUnsafe"/> decides, given what follows.</summary>
    private static readonly SearchValues<char> Suspect = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Where(c => c is not '\t' and not '\n').Select(c => (char)c))
        + string.Concat(Enumerable.Range(0x7F, 0x21).Select(c => (char)c))
        + "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    /// <summary>The writer itself, for output the tool makes on purpose (a progress bar redrawn with <c>\r</c>).</summary>
    public TextWriter Inner { get; } = inner;

    public override Encoding Encoding => Inner.Encoding;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => Inner.NewLine;
        set => Inner.NewLine = value;
    }

    /// <summary>Wraps <paramref name="writer"/> unless it already is wrapped.</summary>
    public static TextWriter Wrap(TextWriter writer) => writer as TerminalSafeWriter ?? new TerminalSafeWriter(writer);

    /// <summary>Writes text made by the tool itself, with its control characters, past any wrapping.</summary>
    public static void WriteControl(TextWriter writer, string text) => ((writer as TerminalSafeWriter)?.Inner ?? writer).Write(text);

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(ReadOnlySpan<char> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var next = buffer.IndexOfAny(Suspect);
            while (next >= 0 && !IsUnsafe(buffer, next))
            {
                var after = buffer[(next + 1)..].IndexOfAny(Suspect);
                next = after < 0 ? -1 : next + 1 + after;
            }

            if (next < 0)
            {
                Inner.Write(buffer);
                return;
            }

            Inner.Write(buffer[..next]);
            Inner.Write(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)buffer[next]:X4}"));
            buffer = buffer[(next + 1)..];
        }
    }

    public override void WriteLine() => Inner.WriteLine();

    public override void Flush() => Inner.Flush();

    public override Task FlushAsync() => Inner.FlushAsync();

    /// <summary>A carriage return is safe only as the first half of a CR LF line break.</summary>
    private static bool IsUnsafe(ReadOnlySpan<char> text, int index) =>
        text[index] != '\r' || index + 1 >= text.Length || text[index + 1] != '\n';
}
