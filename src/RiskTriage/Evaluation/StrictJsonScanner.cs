using System.Buffers;
using System.Globalization;
using System.Text;

namespace RiskTriage.Evaluation;

/// <summary>
/// Checks that a case's text is strict JSON (RFC 8259) before Newtonsoft reads it. Newtonsoft's reader is lenient:
/// it reads <c>075</c> as octal 61 and <c>0x4B</c> as 75, and accepts single quotes, unquoted names, trailing commas,
/// comments, <c>new Date(1)</c>, <c>undefined</c>, NaN and Infinity. Each of these is reported here, with its line,
/// column, the path of the value and how to write it, so no case is read as something other than what its text says.
/// Text holding a lone surrogate (half of a UTF-16 pair, raw or as a <c>\u</c> escape) is rejected too: it cannot
/// be written out as UTF-8 and would silently turn into U+FFFD.
/// One pass over the characters; nothing is allocated unless the text is rejected.
/// </summary>
/// <remarks>One file on purpose (over 500 lines): one pass over the characters, a method per JSON production, read top to bottom as RFC 8259's grammar.</remarks>
internal static class StrictJsonScanner
{
    /// <summary>Why and where a text is not strict JSON; <see cref="CaseId"/> is the case id read before the fault, if any.</summary>
    internal sealed record Failure(string Path, int Line, int Column, string Message, string? CaseId)
    {
        /// <summary>The message a case error gives.</summary>
        public string Describe() =>
            string.Create(CultureInfo.InvariantCulture, $"the case is not valid JSON at line {Line}, column {Column}: {Message}");
    }

    /// <summary>Returns null when <paramref name="text"/> is one strict JSON value (surrounded by white space only).</summary>
    /// <param name="text">The case.</param>
    /// <param name="maxDepth">The deepest nesting of objects and lists allowed.</param>
    /// <param name="caseIdField">The root field whose text or whole number is reported as <see cref="Failure.CaseId"/>.</param>
    /// <param name="maxIdLength">The longest case id reported.</param>
    public static Failure? Check(ReadOnlySpan<char> text, int maxDepth, string caseIdField, int maxIdLength)
    {
        var frames = ArrayPool<Frame>.Shared.Rent(Math.Min(maxDepth, 1024) + 1);
        try
        {
            var scanner = new Scanner(text, frames, maxDepth, caseIdField, maxIdLength);
            return scanner.Run();
        }
        finally
        {
            ArrayPool<Frame>.Shared.Return(frames);
        }
    }

    /// <summary>
    /// The surrogates U+D800 to U+DFFF, searched for as a set: on this runtime <c>IndexOfAnyInRange</c> over chars was
    /// measured allocating 96 bytes a call, where a <see cref="SearchValues{T}"/> search allocates nothing.
    /// </summary>
    internal static readonly SearchValues<char> Surrogates = SearchValues.Create(SurrogateChars());

    private static string SurrogateChars() => string.Create(0x800, 0, static (chars, _) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)(0xD800 + i);
        }
    });

    /// <summary>
    /// True when <paramref name="text"/> holds half of a surrogate pair without the other half. Such text has no
    /// UTF-8 form: written out, it becomes U+FFFD. Vectorized; a pair is looked at only when a surrogate is present.
    /// </summary>
    public static bool HasLoneSurrogate(string text)
    {
        var span = text.AsSpan();
        var at = span.IndexOfAny(Surrogates);
        if (at < 0)
        {
            return false;
        }

        for (var i = at; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The message for text holding a lone surrogate.</summary>
    public const string LoneSurrogateMessage =
        "the text holds a lone UTF-16 surrogate (half of a character such as an emoji, e.g. \\uD800 without its pair); it cannot be written as UTF-8, so it is rejected rather than turned into U+FFFD";

    /// <summary>One open object or list: for an object the raw name of the current field, for a list the current index.</summary>
    internal struct Frame
    {
        public bool IsObject;
        public int NameStart;
        public int NameLength;
        public int Index;
    }

    private ref struct Scanner(ReadOnlySpan<char> text, Frame[] frames, int maxDepth, string caseIdField, int maxIdLength)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private int _pos;
        private int _depth;

        // Where the root object's case id value is, once read whole.
        private int _idStart = -1;
        private int _idLength;
        private bool _idIsText;

        public Failure? Run()
        {
            if (_text.Length > 0 && _text[0] == '\uFEFF')
            {
                // RFC 8259 §8.1: a parser may ignore a byte order mark.
                _pos = 1;
            }

            SkipWhiteSpace();
            if (_pos >= _text.Length)
            {
                return Fail("the case is empty; a case is one JSON object { ... }");
            }

            if (Value() is { } failure)
            {
                return failure;
            }

            SkipWhiteSpace();
            return _pos < _text.Length ? Fail("unexpected " + Found() + " after the end of the case; a case is one JSON object") : null;
        }

        private Failure? Value()
        {
            var c = _text[_pos];
            switch (c)
            {
                case '{':
                    return Container(isObject: true);
                case '[':
                    return Container(isObject: false);
                case '"':
                    return String(out _);
                case 't':
                    return Literal("true");
                case 'f':
                    return Literal("false");
                case 'n':
                    return _text[_pos..].StartsWith("new", StringComparison.Ordinal) && !Word("null")
                        ? Fail("constructors such as new Date(1) are not JSON; write a date as text, \"YYYY-MM-DD\"")
                        : Literal("null");
                default:
                    if (c == '-' || char.IsAsciiDigit(c))
                    {
                        return Number();
                    }

                    return Fail(Unexpected(c, "a value"));
            }
        }

        private Failure? Container(bool isObject)
        {
            // Each level is a call, as in the case reader that follows; a depth limit raised far past the default must
            // still not overflow the stack (checked only that deep: on a small thread stack the check alone can fail).
            if (_depth >= maxDepth || (_depth >= 256 && !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack()))
            {
                return Fail(string.Create(CultureInfo.InvariantCulture, $"the case is nested more than {maxDepth} objects or lists deep"), fieldOnly: true);
            }

            ref var frame = ref frames[Math.Min(_depth, frames.Length - 1)];
            frame = new Frame { IsObject = isObject, NameStart = -1 };
            _depth++;
            _pos++;
            var close = isObject ? '}' : ']';
            SkipWhiteSpace();
            if (_pos < _text.Length && _text[_pos] == close)
            {
                _pos++;
                _depth--;
                return null;
            }

            while (true)
            {
                if (isObject)
                {
                    if (_pos >= _text.Length)
                    {
                        return Fail("the case ends inside an object; close it with '}'");
                    }

                    if (_text[_pos] != '"')
                    {
                        return Fail(_text[_pos] == '\''
                            ? "names are written in double quotes, not single quotes: \"name\""
                            : char.IsAsciiLetter(_text[_pos]) || _text[_pos] is '_' or '$'
                                ? "a field name must be in double quotes: \"name\""
                                : Unexpected(_text[_pos], "a field name in double quotes"));
                    }

                    var nameStart = _pos + 1;
                    if (String(out var nameEnd) is { } bad)
                    {
                        return bad;
                    }

                    frame.NameStart = nameStart;
                    frame.NameLength = nameEnd - nameStart;
                    SkipWhiteSpace();
                    if (_pos >= _text.Length || _text[_pos] != ':')
                    {
                        return Fail(_pos >= _text.Length ? "the case ends after a field name" : Unexpected(_text[_pos], "':' after the field name"));
                    }

                    _pos++;
                    SkipWhiteSpace();
                }

                if (_pos >= _text.Length)
                {
                    return Fail(isObject ? "the case ends before the field's value" : "the case ends inside a list; close it with ']'");
                }

                var valueStart = _pos;
                if (Value() is { } failure)
                {
                    return failure;
                }

                if (isObject && _depth == 1)
                {
                    NoteCaseId(frame, valueStart);
                }

                SkipWhiteSpace();
                if (_pos >= _text.Length)
                {
                    return Fail(isObject ? "the case ends inside an object; close it with '}'" : "the case ends inside a list; close it with ']'");
                }

                var c = _text[_pos];
                if (c == close)
                {
                    _pos++;
                    _depth--;
                    return null;
                }

                if (c != ',')
                {
                    return Fail(Unexpected(c, isObject ? "',' or '}'" : "',' or ']'") + (c == '"' || c == '{' || c == '[' || char.IsAsciiDigit(c) ? " (a comma is missing)" : string.Empty));
                }

                _pos++;
                SkipWhiteSpace();
                if (_pos < _text.Length && (_text[_pos] == '}' || _text[_pos] == ']'))
                {
                    return Fail("a comma after the last item is not JSON; remove it");
                }

                if (!isObject)
                {
                    frame.Index++;
                }
            }
        }

        private void NoteCaseId(in Frame frame, int valueStart)
        {
            if (!_text.Slice(frame.NameStart, frame.NameLength).SequenceEqual(caseIdField))
            {
                return;
            }

            _idIsText = _text[valueStart] == '"';
            var length = _pos - valueStart;
            var number = !_idIsText && (char.IsAsciiDigit(_text[valueStart]) || _text[valueStart] == '-')
                && _text.Slice(valueStart, length).IndexOfAny('.', 'e', 'E') < 0;
            if ((_idIsText || number) && (_idIsText ? length - 2 : length) <= maxIdLength)
            {
                _idStart = valueStart;
                _idLength = length;
            }
        }

        /// <summary>Reads a string at the opening quote; <paramref name="end"/> is the index of the closing quote.</summary>
        private Failure? String(out int end)
        {
            end = -1;
            _pos++;
            while (true)
            {
                // Most characters need no look: jump to the next one that does.
                var rest = _text[_pos..];
                var skip = rest.IndexOfAnyExcept(PlainStringChars);
                if (skip < 0)
                {
                    _pos = _text.Length;
                    return Fail("the text is not closed with '\"'");
                }

                _pos += skip;
                var c = _text[_pos];
                if (c == '"')
                {
                    end = _pos;
                    _pos++;
                    return null;
                }

                if (c == '\\')
                {
                    if (Escape() is { } bad)
                    {
                        return bad;
                    }

                    continue;
                }

                if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]))
                {
                    _pos += 2;
                    continue;
                }

                if (char.IsSurrogate(c))
                {
                    return Fail(LoneSurrogateMessage);
                }

                // A control character: RFC 8259 requires it escaped.
                return Fail(c == '\0'
                    ? "a raw NUL character (U+0000) in text is not JSON; write it as \\u0000 if it is meant"
                    : string.Create(CultureInfo.InvariantCulture, $"the control character U+{(int)c:X4} must be escaped in text (\\n, \\t, \\u{(int)c:x4})"));
            }
        }

        private Failure? Escape()
        {
            if (_pos + 1 >= _text.Length)
            {
                _pos = _text.Length;
                return Fail("the text is not closed with '\"'");
            }

            var e = _text[_pos + 1];
            if (e is '"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't')
            {
                _pos += 2;
                return null;
            }

            if (e != 'u')
            {
                _pos++;
                return Fail($"'\\{e}' is not a JSON escape; the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
            }

            if (!Hex(_pos + 2, out var unit))
            {
                return Fail("\\u must be followed by four hexadecimal digits");
            }

            _pos += 6;
            if (char.IsLowSurrogate(unit))
            {
                _pos -= 6;
                return Fail(LoneSurrogateMessage);
            }

            if (char.IsHighSurrogate(unit))
            {
                if (_pos + 1 < _text.Length && _text[_pos] == '\\' && _text[_pos + 1] == 'u' && Hex(_pos + 2, out var low) && char.IsLowSurrogate(low))
                {
                    _pos += 6;
                    return null;
                }

                _pos -= 6;
                return Fail(LoneSurrogateMessage);
            }

            return null;
        }

        private readonly bool Hex(int at, out char unit)
        {
            unit = '\0';
            if (at + 4 > _text.Length)
            {
                return false;
            }

            var value = 0;
            for (var i = at; i < at + 4; i++)
            {
                var digit = HexDigit(_text[i]);
                if (digit < 0)
                {
                    return false;
                }

                value = (value << 4) | digit;
            }

            unit = (char)value;
            return true;
        }

        private static int HexDigit(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };

        private Failure? Number()
        {
            var start = _pos;
            if (_text[_pos] == '-')
            {
                _pos++;
                if (_pos >= _text.Length || !char.IsAsciiDigit(_text[_pos]))
                {
                    return _pos < _text.Length && _text[_pos] == 'I'
                        ? Fail("Infinity is not a JSON number")
                        : Fail("a '-' must be followed by digits");
                }
            }

            if (_text[_pos] == '0')
            {
                _pos++;
                if (_pos < _text.Length && (_text[_pos] is 'x' or 'X'))
                {
                    _pos = start;
                    return Fail("hexadecimal numbers (0x...) are not JSON; write the number in decimal");
                }

                if (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    var digits = string.Concat(_text[start.._pos], Digits());
                    _pos = start;
                    return Fail($"a number must not start with 0 ({digits} is not read as decimal by every reader: some take it as octal); write {TrimZeros(digits)}");
                }
            }
            else
            {
                Digits();
            }

            if (_pos < _text.Length && _text[_pos] == '.')
            {
                _pos++;
                if (Digits().Length == 0)
                {
                    return Fail("a decimal point must be followed by digits (write 1.0, not 1.)");
                }
            }

            if (_pos < _text.Length && (_text[_pos] is 'e' or 'E'))
            {
                _pos++;
                if (_pos < _text.Length && (_text[_pos] is '+' or '-'))
                {
                    _pos++;
                }

                if (Digits().Length == 0)
                {
                    return Fail("an exponent must have digits (e.g. 1e5)");
                }
            }

            if (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '.' or '_'))
            {
                return Fail(Unexpected(_text[_pos], "the end of the number"));
            }

            return null;
        }

        private static string TrimZeros(string digits)
        {
            var negative = digits.StartsWith('-');
            var trimmed = digits.TrimStart('-').TrimStart('0');
            return (negative ? "-" : string.Empty) + (trimmed.Length == 0 ? "0" : trimmed);
        }

        private ReadOnlySpan<char> Digits()
        {
            var start = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            return _text[start.._pos];
        }

        private readonly bool Word(string word) =>
            _text[_pos..].StartsWith(word, StringComparison.Ordinal)
            && (_pos + word.Length >= _text.Length || !char.IsAsciiLetterOrDigit(_text[_pos + word.Length]));

        private Failure? Literal(string word)
        {
            if (Word(word))
            {
                _pos += word.Length;
                return null;
            }

            return Fail(Unexpected(_text[_pos], "a value"));
        }

        private void SkipWhiteSpace()
        {
            while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }
        }

        /// <summary>What stands at the current position, for "unexpected ..." messages.</summary>
        private readonly string Found() => _pos >= _text.Length ? "end of the case" : Describe(_text[_pos]);

        private static string Describe(char c) =>
            c < ' ' || c == '\u007F' || char.IsSurrogate(c) ? string.Create(CultureInfo.InvariantCulture, $"character U+{(int)c:X4}") : $"'{c}'";

        private readonly string Unexpected(char c, string expected)
        {
            var word = _text[_pos..];
            var length = 0;
            while (length < word.Length && length < 16 && (char.IsAsciiLetterOrDigit(word[length]) || word[length] == '_'))
            {
                length++;
            }

            var hint = word[..length] switch
            {
                "undefined" => "undefined is not JSON; leave the field out or write null",
                "NaN" => "NaN is not a JSON number; leave the field out or write null",
                "Infinity" => "Infinity is not a JSON number",
                "True" or "TRUE" or "False" or "FALSE" or "Null" or "NULL" => "true, false and null are written in lower case",
                _ => null,
            };
            if (hint is not null)
            {
                return hint;
            }

            if (length > 1)
            {
                return $"expected {expected} but found '{word[..length]}'";
            }

            return c switch
            {
                '\'' => "text is written in double quotes, not single quotes",
                '/' => "comments are not allowed in a case (JSON has none)",
                '+' => "a number is written without a leading '+'",
                '.' => "a number starts with a digit (write 0.5, not .5)",
                '\0' => "a NUL character (U+0000) is not JSON",
                _ when char.IsSurrogate(c) => LoneSurrogateMessage,
                _ => $"expected {expected} but found {Describe(c)}",
            };
        }

        private readonly Failure Fail(string message, bool fieldOnly = false)
        {
            // A byte order mark before the case is not one of its characters: the first line's columns start after it,
            // as they do when the case is given as bytes or a stream (whose reader takes the mark away).
            var line = 1;
            var lineStart = _text.Length > 0 && _text[0] == '\uFEFF' ? 1 : 0;
            var end = Math.Min(_pos, _text.Length);
            for (var i = 0; i < end; i++)
            {
                if (_text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            return new Failure(Path(fieldOnly), line, end - lineStart + 1, message, CaseId());
        }

        /// <summary>
        /// The path of the value being read ("sentences[0].type"); <paramref name="fieldOnly"/> stops at the last
        /// field name, so a list nested past the depth limit is named by its field, not by sixty-four indexes.
        /// </summary>
        private readonly string Path(bool fieldOnly)
        {
            var depth = Math.Min(_depth, frames.Length);
            var segments = new List<string>(depth);
            for (var i = 0; i < depth; i++)
            {
                var frame = frames[i];
                if (frame.IsObject)
                {
                    if (frame.NameStart < 0)
                    {
                        break;
                    }

                    var name = Unescape(_text.Slice(frame.NameStart, frame.NameLength));
                    segments.Add((segments.Count == 0 ? string.Empty : ".") + name);
                }
                else
                {
                    segments.Add(string.Create(CultureInfo.InvariantCulture, $"[{frame.Index}]"));
                }
            }

            if (fieldOnly)
            {
                while (segments.Count > 0 && segments[^1].StartsWith('['))
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }

            return segments.Count == 0 ? "$" : string.Concat(segments);
        }

        private readonly string? CaseId()
        {
            if (_idStart < 0)
            {
                return null;
            }

            var raw = _text.Slice(_idStart, _idLength);
            // A whole number as the case readers write it: within a long, its value's text ("-0" is "0").
            return _idIsText ? Unescape(raw[1..^1])
                : long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
                    ? id.ToString(CultureInfo.InvariantCulture) : raw.ToString();
        }
    }

    /// <summary>The characters a string can hold as they are: everything but the quote, the backslash, controls and surrogates.</summary>
    private static readonly SearchValues<char> PlainStringChars = SearchValues.Create(PlainChars());

    private static string PlainChars()
    {
        var chars = new StringBuilder();
        for (var c = ' '; c < '\uD800'; c++)
        {
            if (c is not '"' and not '\\')
            {
                chars.Append(c);
            }
        }

        for (var c = '\uE000'; c != '\0'; c++)
        {
            chars.Append(c);
        }

        return chars.ToString();
    }

    /// <summary>A field name or text as JSON writes it, escapes undone (the text has been checked).</summary>
    private static string Unescape(ReadOnlySpan<char> raw)
    {
        if (raw.IndexOf('\\') < 0)
        {
            return raw.ToString();
        }

        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i + 1 >= raw.Length)
            {
                text.Append(raw[i]);
                continue;
            }

            var e = raw[++i];
            switch (e)
            {
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'u' when i + 4 < raw.Length && int.TryParse(raw.Slice(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var unit):
                    text.Append((char)unit);
                    i += 4;
                    break;
                default: text.Append(e); break;
            }
        }

        return text.ToString();
    }
}
