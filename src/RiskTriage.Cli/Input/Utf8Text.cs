using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace RiskTriage.Cli.Input;

/// <summary>
/// UTF-8 (without a byte-order mark) that never turns text into U+FFFD without a word. Reading, each run of bytes
/// that is not valid UTF-8 becomes the noncharacter U+FFFE (Unicode keeps noncharacters for such internal use;
/// .NET accepts only well-formed text from a decoder fallback), which <see cref="InvalidAt"/> finds so the case
/// it is in becomes an error. Writing, a lone surrogate (which UTF-8 cannot hold) is written as the JSON escape
/// <c>\udXXX</c>: a decision's JSON keeps exactly the text the engine decided on, and a message shows it.
/// </summary>
internal static class Utf8Text
{
    public static readonly Encoding Encoding = Create(byteOrderMark: false);

    /// <summary>
    /// The same for readers that skip a leading byte-order mark: StreamReader keeps an encoding whose preamble is the
    /// mark it finds, where on detecting the mark itself it would swap in plain UTF-8 (and its silent U+FFFD).
    /// Never for writing: it would write the mark.
    /// </summary>
    public static readonly Encoding Reading = Create(byteOrderMark: true);

    /// <summary>Stands for bytes that are not UTF-8 in decoded text.</summary>
    public const char NotUtf8 = '\uFFFE';

    /// <summary>
    /// Whether bytes are text as they are: valid UTF-8 without <see cref="NotUtf8"/> (valid UTF-8 itself, but the reader's
    /// mark for bytes that are not). Such bytes decode with <see cref="Reading"/> to text <see cref="InvalidAt"/> accepts;
    /// any others are read as text, so that their errors are those of the text reader.
    /// </summary>
    public static bool IsText(ReadOnlySpan<byte> utf8) => Utf8.IsValid(utf8) && utf8.IndexOf(NotUtf8Bytes) < 0;

    /// <summary><see cref="NotUtf8"/> in UTF-8.</summary>
    private static ReadOnlySpan<byte> NotUtf8Bytes => "\uFFFE"u8;

    // The surrogates as a set: IndexOfAnyInRange over chars was measured allocating 96 bytes a call on this runtime.
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(string.Concat(Enumerable.Range(0xD800, 0x800).Select(i => (char)i)));

    /// <summary>The index of the first character that cannot be used as text: bytes that were not UTF-8, or a lone surrogate.</summary>
    public static int InvalidAt(ReadOnlySpan<char> text)
    {
        var at = text.IndexOfAny(Surrogates);
        while (at >= 0 && char.IsHighSurrogate(text[at]) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]))
        {
            var next = text[(at + 2)..].IndexOfAny(Surrogates);
            at = next < 0 ? -1 : at + 2 + next;
        }

        var notUtf8 = text.IndexOf(NotUtf8);
        return notUtf8 >= 0 && (at < 0 || notUtf8 < at) ? notUtf8 : at;
    }

    /// <summary>Why the text at <paramref name="index"/> (found by <see cref="InvalidAt"/>) cannot be used.</summary>
    public static string Describe(ReadOnlySpan<char> text, int index) => text[index] == NotUtf8
        ? "it holds bytes that are not UTF-8 (or the noncharacter U+FFFE)"
        : string.Create(CultureInfo.InvariantCulture, $"it holds a lone surrogate U+{(int)text[index]:X4}, which is not text");

    private static Encoding Create(bool byteOrderMark)
    {
        var encoding = (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: byteOrderMark).Clone();
        encoding.EncoderFallback = new EscapeFallback();
        encoding.DecoderFallback = new NotUtf8Fallback();
        return encoding;
    }

    private sealed class EscapeFallback : EncoderFallback
    {
        public override int MaxCharCount => 12;

        public override EncoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

        private sealed class Buffer : EncoderFallbackBuffer
        {
            private string _text = "";
            private int _next;

            public override int Remaining => _text.Length - _next;

            public override bool Fallback(char charUnknown, int index) => Set(Escape(charUnknown));

            public override bool Fallback(char charUnknownHigh, char charUnknownLow, int index) =>
                Set(Escape(charUnknownHigh) + Escape(charUnknownLow));

            public override char GetNextChar() => _next < _text.Length ? _text[_next++] : '\0';

            public override bool MovePrevious()
            {
                if (_next == 0)
                {
                    return false;
                }

                _next--;
                return true;
            }

            public override void Reset()
            {
                _text = "";
                _next = 0;
            }

            private static string Escape(char c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");

            private bool Set(string text)
            {
                _text = text;
                _next = 0;
                return true;
            }
        }
    }

    private sealed class NotUtf8Fallback : DecoderFallback
    {
        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

        private sealed class Buffer : DecoderFallbackBuffer
        {
            private bool _pending;

            public override int Remaining => _pending ? 1 : 0;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                _pending = true;
                return true;
            }

            public override char GetNextChar()
            {
                if (!_pending)
                {
                    return '\0';
                }

                _pending = false;
                return NotUtf8;
            }

            public override bool MovePrevious()
            {
                if (_pending)
                {
                    return false;
                }

                _pending = true;
                return true;
            }

            public override void Reset() => _pending = false;
        }
    }
}
