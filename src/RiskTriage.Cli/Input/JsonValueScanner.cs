using System.Buffers;
using System.Text;

namespace RiskTriage.Cli.Input;

/// <summary>One JSON value found by <see cref="JsonValueScanner.ScanValue"/>.</summary>
/// <param name="Line">The 1-based line the value starts on.</param>
/// <param name="Column">The 1-based column the value starts at.</param>
/// <param name="Text">The value's text as written, or null when it was longer than the limit (it was skipped).</param>
/// <param name="Break">When the value's structure breaks off (a text not closed on its line, a bracket that closes
/// the wrong kind, the end of the input inside it): why; the value's end, and so where the next value starts, is
/// then unknown. Null for a value whose end was found.</param>
/// <param name="BreakLine">The line of the character where the structure broke.</param>
/// <param name="BreakColumn">The column of that character.</param>
internal readonly record struct ScannedValue(long Line, long Column, string? Text, string? Break = null, long BreakLine = 0, long BreakColumn = 0);

/// <summary>
/// Finds where each JSON value of a batch starts and ends without parsing it: it follows texts, escapes,
/// comments and brackets only, so a case that is not valid JSON inside (a missing value, a stray comma, nesting
/// deeper than the engine accepts) is still cut out whole and becomes that case's own error, as one line of
/// NDJSON would. Memory is bounded: a value longer than the limit is skipped, not kept, and nesting is counted
/// (bracket kinds are checked up to <see cref="CheckedDepth"/> levels).
/// </summary>
internal sealed class JsonValueScanner(BufferedTextReader reader, int maxLength)
{
    /// <summary>How many levels of nesting have the kind of their closing bracket checked; deeper levels are only counted.</summary>
    public const int CheckedDepth = 4096;

    private const string TextNotClosed = "a text value is not closed before the end of its line";

    private static readonly SearchValues<char> Structure = SearchValues.Create("\"{}[]/\r\n");
    private static readonly SearchValues<char> InText = SearchValues.Create("\"\\\r\n");
    private static readonly SearchValues<char> InBlockComment = SearchValues.Create("*\r\n");
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n");
    private static readonly SearchValues<char> AfterScalar = SearchValues.Create(" \t\r\n,:[]{}\"/");

    private readonly ulong[] _isList = new ulong[CheckedDepth / 64];
    private readonly StringBuilder _text = new();
    private long _offset;
    private long _lineStart;
    private long _lineFeedIsPartOfBreakAt = -1;

    private enum State
    {
        Structure,
        Text,
        TextEscape,
        Slash,
        LineComment,
        BlockComment,
        BlockCommentStar,
    }

    /// <summary>The 1-based line of the next character.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>The 1-based column of the next character.</summary>
    public long Column => _offset - _lineStart + 1;

    /// <summary>The next character, or -1 at the end of the input.</summary>
    public int Peek()
    {
        var window = reader.Window();
        return window.IsEmpty ? -1 : window[0];
    }

    /// <summary>Consumes the next character.</summary>
    public void Skip()
    {
        var window = reader.Window();
        if (!window.IsEmpty)
        {
            Consume(window, 1, keep: false);
        }
    }

    /// <summary>Skips white space and byte-order marks.</summary>
    public void SkipWhiteSpace()
    {
        for (var window = reader.Window(); !window.IsEmpty; window = reader.Window())
        {
            var count = 0;
            while (count < window.Length && (char.IsWhiteSpace(window[count]) || window[count] == '\uFEFF'))
            {
                count++;
            }

            Consume(window, count, keep: false);
            if (count < window.Length)
            {
                return;
            }
        }
    }

    /// <summary>Skips white space, byte-order marks and comments (<c>// ...</c> and <c>/* ... */</c>).</summary>
    /// <returns>Null, or why the input cannot be read on (a comment not closed).</returns>
    public string? SkipTrivia()
    {
        while (true)
        {
            SkipWhiteSpace();
            var window = reader.Window();
            if (window.IsEmpty || window[0] != '/')
            {
                return null;
            }

            Consume(window, 1, keep: false);
            var next = Peek();
            if (next == '/')
            {
                SkipUntil(LineBreaks);
            }
            else if (next == '*')
            {
                Skip();
                if (!SkipBlockComment())
                {
                    return "a comment opened with '/*' is not closed with '*/'";
                }
            }
            else
            {
                return "'/' is not the start of a comment ('//' or '/*') or of a case";
            }
        }
    }

    /// <summary>Reads the value that starts at the next character (which is not white space).</summary>
    public ScannedValue ScanValue()
    {
        var line = Line;
        var column = Column;
        var start = _offset;
        _text.Clear();
        var first = Peek();
        if (first is not ('{' or '[' or '"'))
        {
            // A number, true, false, null or a stray word: up to the next delimiter (never a line break).
            var tooLongScalar = ScanScalar(start);
            return new ScannedValue(line, column, tooLongScalar ? null : _text.ToString());
        }

        var depth = 0L;
        var state = State.Structure;
        var tooLong = false;
        while (true)
        {
            var window = reader.Window();
            if (window.IsEmpty)
            {
                return Broken(line, column, tooLong, state is State.Text or State.TextEscape
                    ? "the input ends inside a text value"
                    : "the input ends before this case is closed");
            }

            var i = 0;
            var done = false;
            string? broken = null;
            while (i < window.Length && !done && broken is null)
            {
                switch (state)
                {
                    case State.Structure:
                    {
                        if (!Seek(window, ref i, Structure))
                        {
                            break;
                        }

                        var c = window[i];
                        switch (c)
                        {
                            case '"':
                                state = State.Text;
                                break;
                            case '{' or '[':
                                if (depth < CheckedDepth)
                                {
                                    SetIsList(depth, c == '[');
                                }

                                depth++;
                                break;
                            case '}' or ']':
                                depth--;
                                if (depth < CheckedDepth && IsList(depth) != (c == ']'))
                                {
                                    broken = c == ']' ? "']' closes an object opened with '{'" : "'}' closes a list opened with '['";
                                    continue;
                                }

                                done = depth == 0;
                                break;
                            case '/':
                                state = State.Slash;
                                break;
                            default:
                                LineBreak(c, _offset + i);
                                break;
                        }

                        i++;
                        break;
                    }

                    case State.Text:
                    {
                        if (!Seek(window, ref i, InText))
                        {
                            break;
                        }

                        switch (window[i])
                        {
                            case '"':
                                state = State.Structure;

                                // A text value on its own ends with its closing quote.
                                done = first == '"';
                                break;
                            case '\\':
                                state = State.TextEscape;
                                break;
                            default:
                                broken = TextNotClosed;
                                continue;
                        }

                        i++;
                        break;
                    }

                    case State.TextEscape:
                        if (window[i] is '\r' or '\n')
                        {
                            broken = TextNotClosed;
                            continue;
                        }

                        state = State.Text;
                        i++;
                        break;

                    case State.Slash:
                        state = window[i] switch
                        {
                            '/' => State.LineComment,
                            '*' => State.BlockComment,
                            _ => State.Structure,
                        };
                        if (state != State.Structure)
                        {
                            i++;
                        }

                        break;

                    case State.LineComment:
                    {
                        if (!Seek(window, ref i, LineBreaks))
                        {
                            break;
                        }

                        state = State.Structure;
                        break;
                    }

                    case State.BlockComment:
                    {
                        if (!Seek(window, ref i, InBlockComment))
                        {
                            break;
                        }

                        if (window[i] == '*')
                        {
                            state = State.BlockCommentStar;
                        }
                        else
                        {
                            LineBreak(window[i], _offset + i);
                        }

                        i++;
                        break;
                    }

                    case State.BlockCommentStar:
                        state = window[i] switch
                        {
                            '/' => State.Structure,
                            '*' => State.BlockCommentStar,
                            _ => State.BlockComment,
                        };
                        if (state != State.BlockComment)
                        {
                            i++;
                        }

                        break;
                }
            }

            tooLong |= _offset + i - start > maxLength;
            if (tooLong)
            {
                _text.Clear();
            }

            Consume(window, i, keep: !tooLong, tracked: true);
            if (broken is not null)
            {
                return Broken(line, column, tooLong, broken);
            }

            if (done)
            {
                return new ScannedValue(line, column, tooLong ? null : _text.ToString());
            }
        }
    }

    /// <summary>Moves <paramref name="i"/> to the next of the characters sought in the window, or to its end (false).</summary>
    private static bool Seek(ReadOnlySpan<char> window, ref int i, SearchValues<char> stops)
    {
        var k = window[i..].IndexOfAny(stops);
        i = k < 0 ? window.Length : i + k;
        return k >= 0;
    }

    private ScannedValue Broken(long line, long column, bool tooLong, string why) =>
        new(line, column, tooLong ? null : _text.ToString(), why, Line, Column);

    private bool ScanScalar(long start)
    {
        var tooLong = false;
        for (var window = reader.Window(); !window.IsEmpty; window = reader.Window())
        {
            // The first character is always part of the value, even a stray delimiter (it is then the whole value).
            var offset = _offset == start ? 1 : 0;
            var k = window[offset..].IndexOfAny(AfterScalar);
            var count = k < 0 ? window.Length : offset + k;
            tooLong |= _offset + count - start > maxLength;
            if (tooLong)
            {
                _text.Clear();
            }

            Consume(window, count, keep: !tooLong);
            if (k >= 0)
            {
                break;
            }
        }

        return tooLong;
    }

    private void SkipUntil(SearchValues<char> stops)
    {
        for (var window = reader.Window(); !window.IsEmpty; window = reader.Window())
        {
            var k = window.IndexOfAny(stops);
            Consume(window, k < 0 ? window.Length : k, keep: false);
            if (k >= 0)
            {
                return;
            }
        }
    }

    /// <summary>Skips to just after the <c>*/</c> that closes a block comment; false at the end of the input.</summary>
    private bool SkipBlockComment()
    {
        var star = false;
        for (var window = reader.Window(); !window.IsEmpty; window = reader.Window())
        {
            var c = window[0];
            Consume(window, 1, keep: false);
            if (star && c == '/')
            {
                return true;
            }

            star = c == '*';
        }

        return false;
    }

    /// <summary>Consumes characters of the window, keeping them in the value's text if asked, and counts their line breaks.</summary>
    /// <param name="tracked">True when the caller has already counted the line breaks in them.</param>
    private void Consume(ReadOnlySpan<char> window, int count, bool keep, bool tracked = false)
    {
        var consumed = window[..count];
        if (!tracked)
        {
            for (var k = consumed.IndexOfAny(LineBreaks); k >= 0; k = Next(consumed, k))
            {
                LineBreak(consumed[k], _offset + k);
            }
        }

        if (keep)
        {
            _text.Append(consumed);
        }

        _offset += count;
        reader.Advance(count);

        static int Next(ReadOnlySpan<char> span, int k)
        {
            var next = span[(k + 1)..].IndexOfAny(LineBreaks);
            return next < 0 ? -1 : k + 1 + next;
        }
    }

    /// <summary>Counts the line break at <paramref name="at"/> (a CR LF pair is one break).</summary>
    private void LineBreak(char c, long at)
    {
        if (c == '\n' && at == _lineFeedIsPartOfBreakAt)
        {
            _lineStart = at + 1;
            return;
        }

        Line++;
        _lineStart = at + 1;
        if (c == '\r')
        {
            _lineFeedIsPartOfBreakAt = at + 1;
        }
    }

    private bool IsList(long depth) => (_isList[depth >> 6] & (1UL << (int)(depth & 63))) != 0;

    private void SetIsList(long depth, bool isList)
    {
        ref var word = ref _isList[depth >> 6];
        var bit = 1UL << (int)(depth & 63);
        word = isList ? word | bit : word & ~bit;
    }
}
