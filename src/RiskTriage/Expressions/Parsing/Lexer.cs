using System.Globalization;
using System.Text;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Expressions.Parsing;

/// <summary>Turns expression text into tokens with spans. Never throws: bad characters become diagnostics.</summary>
internal sealed class Lexer
{
    // C# words that would let an expression reach the CLR; they are reserved so the message can say so.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "new", "typeof", "sizeof", "nameof", "default", "class", "struct", "using", "namespace", "static",
        "var", "this", "base", "is", "as", "checked", "unchecked", "fixed", "unsafe", "stackalloc", "delegate",
        "await", "async", "throw", "return", "import", "eval", "function", "lambda",
    };

    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;
    private int _position;

    public Lexer(SourceText source, DiagnosticBag diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
    }

    /// <summary>
    /// The tokens of the text, the last <see cref="TokenKind.EndOfText"/>. An array grown by hand rather than a
    /// <c>List&lt;Token&gt;</c>: ReadyToRun does not precompile the framework's generic code over a struct of ours, so
    /// every fresh process JIT-compiled the list's methods.
    /// </summary>
    public static Token[] Tokenize(SourceText source, DiagnosticBag diagnostics)
    {
        var lexer = new Lexer(source, diagnostics);
        var tokens = new Token[16];
        var count = 0;
        Token token;
        do
        {
            token = lexer.Next();
            if (token.Kind != TokenKind.Bad)
            {
                if (count == tokens.Length)
                {
                    tokens = CopiedTo(tokens, new Token[tokens.Length * 2]);
                }

                tokens[count++] = token;
            }
        }
        while (token.Kind != TokenKind.EndOfText);

        return count == tokens.Length ? tokens : CopiedTo(tokens, new Token[count]);
    }

    /// <summary><paramref name="target"/> with as many of <paramref name="tokens"/> as it holds, from the first.</summary>
    private static Token[] CopiedTo(Token[] tokens, Token[] target)
    {
        for (var i = 0; i < target.Length && i < tokens.Length; i++)
        {
            target[i] = tokens[i];
        }

        return target;
    }

    private char Current => _source[_position];

    private char Peek(int offset) => _source[_position + offset];

    public Token Next()
    {
        while (_position < _source.Length && char.IsWhiteSpace(Current))
        {
            _position++;
        }

        var start = _position;
        if (_position >= _source.Length)
        {
            return new Token(TokenKind.EndOfText, new TextSpan(_source.Length, 0), string.Empty, null);
        }

        var c = Current;
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            return ReadNumber();
        }

        if (c == '"' || c == '\'')
        {
            return ReadString(c);
        }

        if (char.IsLetter(c) || c == '_')
        {
            return ReadWord();
        }

        TokenKind kind;
        var length = 1;
        switch (c)
        {
            case '+': kind = TokenKind.Plus; break;
            case '-': kind = TokenKind.Minus; break;
            case '*': kind = TokenKind.Star; break;
            case '/': kind = TokenKind.Slash; break;
            case '%': kind = TokenKind.Percent; break;
            case '(': kind = TokenKind.OpenParen; break;
            case ')': kind = TokenKind.CloseParen; break;
            case '[': kind = TokenKind.OpenBracket; break;
            case ']': kind = TokenKind.CloseBracket; break;
            case ',': kind = TokenKind.Comma; break;
            case ':': kind = TokenKind.Colon; break;
            case '.': kind = TokenKind.Dot; break;
            case '!':
                (kind, length) = Peek(1) == '=' ? (TokenKind.BangEquals, 2) : (TokenKind.Bang, 1);
                break;
            case '<':
                (kind, length) = Peek(1) == '=' ? (TokenKind.LessEquals, 2) : (TokenKind.Less, 1);
                break;
            case '>':
                (kind, length) = Peek(1) == '=' ? (TokenKind.GreaterEquals, 2) : (TokenKind.Greater, 1);
                break;
            case '=':
                if (Peek(1) == '=')
                {
                    (kind, length) = (TokenKind.EqualsEquals, 2);
                }
                else if (Peek(1) == '>')
                {
                    (kind, length) = (TokenKind.Arrow, 2);
                }
                else
                {
                    _diagnostics.Error(_source, new TextSpan(start, 1), DiagnosticCodes.AssignmentNotAllowed,
                        "'=' is not allowed: rule expressions cannot assign values; use '==' to compare");
                    (kind, length) = (TokenKind.EqualsEquals, 1);
                }

                break;
            case '&':
            case '|':
                if (Peek(1) == c)
                {
                    (kind, length) = (c == '&' ? TokenKind.AmpersandAmpersand : TokenKind.BarBar, 2);
                }
                else
                {
                    _diagnostics.Error(_source, new TextSpan(start, 1), DiagnosticCodes.SingleAmpersandOrBar,
                        $"a single '{c}' is not an operator; write '{c}{c}' (or '{(c == '&' ? "and" : "or")}')");
                    (kind, length) = (c == '&' ? TokenKind.AmpersandAmpersand : TokenKind.BarBar, 1);
                }

                break;
            case '?':
                if (Peek(1) == '?')
                {
                    (kind, length) = (TokenKind.QuestionQuestion, 2);
                }
                else if (Peek(1) == '.' && !char.IsAsciiDigit(Peek(2)))
                {
                    (kind, length) = (TokenKind.QuestionDot, 2);
                }
                else if (Peek(1) == '[')
                {
                    (kind, length) = (TokenKind.QuestionOpenBracket, 2);
                }
                else
                {
                    kind = TokenKind.Question;
                }

                break;
            default:
                _position++;
                var shown = char.IsControl(c) || char.IsSurrogate(c)
                    ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
                    : c.ToString();
                _diagnostics.Error(_source, new TextSpan(start, 1), DiagnosticCodes.UnexpectedCharacter,
                    $"the character '{shown}' cannot be used in an expression");
                return new Token(TokenKind.Bad, new TextSpan(start, 1), c.ToString(), null);
        }

        _position += length;
        return new Token(kind, new TextSpan(start, length), _source.Text.Substring(start, length), null);
    }

    private Token ReadNumber()
    {
        var start = _position;
        while (char.IsAsciiDigit(Current))
        {
            _position++;
        }

        if (Current == '.' && char.IsAsciiDigit(Peek(1)))
        {
            _position++;
            while (char.IsAsciiDigit(Current))
            {
                _position++;
            }
        }

        if ((Current == 'e' || Current == 'E') &&
            (char.IsAsciiDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && char.IsAsciiDigit(Peek(2)))))
        {
            _position += 2;
            while (char.IsAsciiDigit(Current))
            {
                _position++;
            }
        }

        var span = TextSpan.FromBounds(start, _position);
        var text = _source.ToString(span);

        // A number glued to letters (12abc) is a typo, not a number followed by a name.
        if (char.IsLetter(Current) || Current == '_')
        {
            while (char.IsLetterOrDigit(Current) || Current == '_')
            {
                _position++;
            }

            span = TextSpan.FromBounds(start, _position);
            _diagnostics.Error(_source, span, DiagnosticCodes.InvalidNumber,
                $"'{_source.ToString(span)}' is not a number; numbers are written like 7, 6.95 or 1e-3");
            return new Token(TokenKind.Number, span, _source.ToString(span), 0d);
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            _diagnostics.Error(_source, span, DiagnosticCodes.InvalidNumber,
                $"'{text}' is too large to be a number (the largest is about 1.8e308)");
            value = 0;
        }

        return new Token(TokenKind.Number, span, text, value);
    }

    private Token ReadString(char quote)
    {
        var start = _position;
        _position++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_position >= _source.Length || Current == '\n' || Current == '\r')
            {
                var span = TextSpan.FromBounds(start, _position);
                _diagnostics.Error(_source, span, DiagnosticCodes.UnterminatedString,
                    $"this text value is not closed; add {quote} at its end");
                return new Token(TokenKind.String, span, _source.ToString(span), sb.ToString());
            }

            var c = Current;
            if (c == quote)
            {
                _position++;
                break;
            }

            if (c == '\\')
            {
                if (_position + 1 >= _source.Length || Peek(1) is '\n' or '\r')
                {
                    // A backslash at the end of the text or line escapes nothing: the text is simply not closed.
                    _position++;
                    continue;
                }

                var escapeStart = _position;
                var e = Peek(1);
                _position += 2;
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\'': sb.Append('\''); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case '0': sb.Append('\0'); break;
                    case 'u':
                        var hex = _position + 4 <= _source.Length ? _source.Text.Substring(_position, 4) : string.Empty;
                        if (hex.Length == 4 && int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                        {
                            sb.Append((char)code);
                            _position += 4;
                        }
                        else
                        {
                            _diagnostics.Error(_source, TextSpan.FromBounds(escapeStart, Math.Min(_position, _source.Length)),
                                DiagnosticCodes.InvalidEscape, "'\\u' must be followed by four hexadecimal digits, e.g. \\u00e9");
                        }

                        break;
                    default:
                        _diagnostics.Error(_source, TextSpan.FromBounds(escapeStart, Math.Min(_position, _source.Length)),
                            DiagnosticCodes.InvalidEscape,
                            $"'\\{e}' is not a known escape; use \\\\ for a backslash, \\\" or \\' for a quote, \\n for a new line");
                        break;
                }

                continue;
            }

            sb.Append(c);
            _position++;
        }

        var whole = TextSpan.FromBounds(start, _position);
        return new Token(TokenKind.String, whole, _source.ToString(whole), sb.ToString());
    }

    private Token ReadWord()
    {
        var start = _position;
        while (char.IsLetterOrDigit(Current) || Current == '_')
        {
            _position++;
        }

        var span = TextSpan.FromBounds(start, _position);
        var text = _source.ToString(span);
        var kind = text switch
        {
            "true" => TokenKind.TrueKeyword,
            "false" => TokenKind.FalseKeyword,
            "null" => TokenKind.NullKeyword,
            "and" => TokenKind.AndKeyword,
            "or" => TokenKind.OrKeyword,
            "not" => TokenKind.NotKeyword,
            "in" => TokenKind.InKeyword,
            _ when Reserved.Contains(text) => TokenKind.ReservedKeyword,
            _ => TokenKind.Identifier,
        };
        object? value = kind switch
        {
            TokenKind.TrueKeyword => true,
            TokenKind.FalseKeyword => false,
            _ => null,
        };
        return new Token(kind, span, text, value);
    }
}
