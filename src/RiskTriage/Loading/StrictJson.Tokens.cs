using System.Globalization;

namespace RiskTriage.Loading;

/// <summary>The scanner under the structural check: strings, numbers, words (true, false, null) and comments, each read once.</summary>
internal sealed partial class StrictJson
{
    // ---- Tokens -----------------------------------------------------------------------------------------

    private Token Next()
    {
        while (true)
        {
            SkipSpaceAndComments();
            if (_position >= _text.Length)
            {
                return new Token(Kind.End, _text.Length, _text.Length);
            }

            var start = _position;
            var c = _text[_position];
            switch (c)
            {
                case '{':
                    _position++;
                    return new Token(Kind.BeginObject, start, _position);
                case '}':
                    _position++;
                    return new Token(Kind.EndObject, start, _position);
                case '[':
                    _position++;
                    return new Token(Kind.BeginArray, start, _position);
                case ']':
                    _position++;
                    return new Token(Kind.EndArray, start, _position);
                case ':':
                    _position++;
                    return new Token(Kind.Colon, start, _position);
                case ',':
                    _position++;
                    return new Token(Kind.Comma, start, _position);
                case '"':
                    return ReadString('"');
                case '\'':
                    Report(start, "text must be in double quotes \"...\"; JSON has no single quotes");
                    return ReadString('\'');
                case '-' or '+' or '.' or (>= '0' and <= '9'):
                    return ReadNumber();
            }

            if (char.IsLetter(c) || c is '_' or '$')
            {
                return ReadWord();
            }

            Report(start, c == '\0'
                ? "a NUL character (U+0000) is not allowed in a rule file; remove it"
                : char.IsControl(c) || char.IsWhiteSpace(c)
                    ? string.Create(CultureInfo.InvariantCulture, $"the character U+{(int)c:X4} is not allowed here; JSON allows spaces, tabs and line breaks between values")
                    : $"unexpected character '{c}'");
            _position++;
        }
    }

    private void SkipSpaceAndComments()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                _position++;
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] is '/' or '*')
            {
                var start = _position;
                if (!_allowComments)
                {
                    Report(start, "comments are not allowed here");
                }

                if (_text[_position + 1] == '/')
                {
                    var end = _text.IndexOf('\n', _position);
                    _position = end < 0 ? _text.Length : end;
                }
                else
                {
                    var end = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        Report(start, "this comment is not closed: '*/' is missing");
                        _position = _text.Length;
                    }
                    else
                    {
                        _position = end + 2;
                    }
                }
            }
            else
            {
                return;
            }
        }
    }

    private Token ReadString(char quote)
    {
        var start = _position;
        _position++;
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == quote)
            {
                _position++;
                return new Token(Kind.String, start, _position);
            }

            if (c is '\n' or '\r')
            {
                Report(start, $"this text has no closing quote before the end of line {LineOf(start)}: add {quote}");
                return new Token(Kind.String, start, _position);
            }

            if (c == '\\')
            {
                var escape = _position + 1 < _text.Length ? _text[_position + 1] : '\0';
                if (escape == 'u')
                {
                    var hex = _position + 6 <= _text.Length ? _text.AsSpan(_position + 2, 4) : [];
                    if (hex.Length != 4 || !int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _))
                    {
                        Report(_position, "\\u must be followed by four hexadecimal digits, e.g. \\u00e9");
                    }

                    _position += hex.Length == 4 ? 6 : 2;
                    continue;
                }

                if (escape is not ('"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't') && !(quote == '\'' && escape == '\''))
                {
                    Report(_position, $"'\\{escape}' is not an escape JSON knows; write \\\\ for a backslash (the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                }

                _position += 2;
                continue;
            }

            if (c < ' ')
            {
                Report(_position, string.Create(CultureInfo.InvariantCulture,
                    $"the control character U+{(int)c:X4} cannot appear in text as it is; write it as \\u{(int)c:x4}{(c == '\t' ? " or \\t" : string.Empty)}"));
            }

            _position++;
        }

        Report(start, "this text has no closing quote before the end of the file");
        return new Token(Kind.String, start, _position);
    }

    private Token ReadNumber()
    {
        var start = _position;
        var end = start;
        while (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] is '.' or '+' or '-'))
        {
            // A sign inside a number only follows an exponent's e.
            if (_text[end] is '+' or '-' && end > start && _text[end - 1] is not ('e' or 'E'))
            {
                break;
            }

            end++;
        }

        _position = end;
        var text = _text[start..end];
        var body = text.TrimStart('-', '+');
        string? problem = null;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            problem = long.TryParse(body.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
                ? string.Create(CultureInfo.InvariantCulture, $"JSON has no hexadecimal numbers: write {(text[0] == '-' ? "-" : string.Empty)}{value} instead of {text}")
                : $"'{text}' is not a number";
        }
        else if (body.Length > 1 && body[0] == '0' && char.IsAsciiDigit(body[1]))
        {
            problem = $"a number cannot start with 0 ({text}): write {text[..(text.Length - body.Length)]}{body.TrimStart('0').PadLeft(1, '0')} (JSON has no octal numbers)";
        }
        else if (text[0] == '+')
        {
            problem = $"a number cannot start with '+': write {text[1..]}";
        }
        else if (body.StartsWith('.'))
        {
            problem = $"a number needs a digit before its point: write {text[..(text.Length - body.Length)]}0{body}";
        }
        else if (body.Contains(".e", StringComparison.OrdinalIgnoreCase) || body.EndsWith('.'))
        {
            problem = $"a number needs a digit after its point ({text})";
        }
        else if (!IsJsonNumber(text))
        {
            problem = body.Length == 0 ? $"'{text}' is not a number" : $"'{text}' is not a JSON number (write numbers like 12, -3.5 or 1e6)";
        }

        if (problem is not null)
        {
            Report(start, problem);
        }

        return new Token(Kind.Number, start, end);
    }

    private static bool IsJsonNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
        {
            return false;
        }

        i = text[i] == '0' ? i + 1 : Digits(text, i);
        if (i < text.Length && text[i] == '.')
        {
            var after = Digits(text, i + 1);
            if (after == i + 1)
            {
                return false;
            }

            i = after;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            var after = Digits(text, i);
            if (after == i)
            {
                return false;
            }

            i = after;
        }

        return i == text.Length;
    }

    private static int Digits(string text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i;
    }

    private Token ReadWord()
    {
        var start = _position;
        while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] is '_' or '$'))
        {
            _position++;
        }

        var word = _text[start.._position];
        switch (word)
        {
            case "true" or "false" or "null":
                return new Token(Kind.Literal, start, _position, word);
            case "undefined":
                Report(start, "'undefined' is not JSON: write null");
                return new Token(Kind.Literal, start, _position, word);
            case "NaN" or "Infinity":
                Report(start, $"'{word}' is not a JSON number; rule files hold finite numbers");
                return new Token(Kind.Number, start, _position, word);
            case "new":
                // new Date(1) and the like: skip to the closing parenthesis so the rest of the file is read in step.
                var close = _text.IndexOf(')', _position);
                var line = _text.IndexOf('\n', _position);
                _position = close >= 0 && (line < 0 || close < line) ? close + 1 : _position;
                Report(start, "'new ...' is JavaScript, not JSON: write the value itself (a date as text \"YYYY-MM-DD\")");
                return new Token(Kind.Literal, start, _position, word);
        }

        // An unquoted word: a key in an object, or text.
        var after = _position;
        while (after < _text.Length && _text[after] is ' ' or '\t')
        {
            after++;
        }

        Report(start, after < _text.Length && _text[after] == ':'
            ? $"a key must be in double quotes: \"{word}\""
            : $"text must be in double quotes: \"{word}\"");
        return new Token(Kind.String, start, _position, word);
    }
}
