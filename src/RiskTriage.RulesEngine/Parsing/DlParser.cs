using System.Globalization;
using System.Text;

namespace RiskTriage.RulesEngine.Parsing;

/// <summary>
/// Parses the subset of System.Linq.Dynamic.Core expressions that RulesEngine workflows use into a syntax tree.
/// Anything outside the subset (projections with <c>new</c>, <c>Select</c>, <c>OrderBy</c>, <c>DateTime</c>, regular
/// expressions, casts, ...) is a <see cref="DlParseException"/> naming the construct, never a silent reinterpretation.
/// Precedence follows Dynamic LINQ: <c>?:</c>, <c>??</c>, <c>||</c>, <c>&amp;&amp;</c>, <c>in</c>, comparison, additive,
/// multiplicative, unary, primary.
/// </summary>
/// <remarks>One file on purpose (over 500 lines): the precedence levels read top to bottom as the grammar does.</remarks>
internal sealed class DlParser
{
    private const int MaxDepth = 100;

    private static readonly HashSet<string> UnsupportedMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "Select", "SelectMany", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "GroupBy", "Join",
        "Take", "Skip", "First", "FirstOrDefault", "Last", "LastOrDefault", "Single", "SingleOrDefault", "ToList",
        "ToArray", "Aggregate", "Average", "Distinct", "Reverse", "Concat", "Union", "Intersect", "Except",
        "ElementAt", "Cast", "OfType", "GetType", "ToString", "Equals", "CompareTo", "Substring", "Replace",
        "Split", "IndexOf", "PadLeft", "PadRight", "Format",
    };

    private readonly string _text;
    private int _pos;
    private int _depth;

    private DlParser(string text) => _text = text;

    /// <summary>Parses a whole expression; throws <see cref="DlParseException"/> on the first problem.</summary>
    public static DlNode Parse(string text)
    {
        var parser = new DlParser(text);
        parser.SkipSpace();
        if (parser._pos >= text.Length)
        {
            throw new DlParseException("the expression is empty", 0);
        }

        var node = parser.ParseConditional();
        parser.SkipSpace();
        if (parser._pos < text.Length)
        {
            throw new DlParseException($"unexpected '{text[parser._pos]}' after a complete expression", parser._pos);
        }

        return node;
    }

    // ?: and iif: lowest, right to left.
    private DlNode ParseConditional()
    {
        Enter();
        var start = Here();
        var condition = ParseCoalesce();
        if (TryOperator("?"))
        {
            var whenTrue = ParseConditional();
            Expect(":");
            var whenFalse = ParseConditional();
            condition = new DlConditional(start, _pos - start, condition, whenTrue, whenFalse);
        }

        _depth--;
        return condition;
    }

    // ??
    private DlNode ParseCoalesce()
    {
        var start = Here();
        var left = ParseOr();
        if (TryOperator("??"))
        {
            var right = ParseCoalesce();
            left = new DlBinary(start, _pos - start, "??", left, right);
        }

        return left;
    }

    // || or OR
    private DlNode ParseOr()
    {
        var start = Here();
        var left = ParseAnd();
        while (TryOperator("||") || TryWord("or"))
        {
            var right = ParseAnd();
            left = new DlBinary(start, _pos - start, "||", left, right);
        }

        return left;
    }

    // && and AND
    private DlNode ParseAnd()
    {
        var start = Here();
        var left = ParseIn();
        while (TryOperator("&&") || TryWord("and"))
        {
            var right = ParseIn();
            left = new DlBinary(start, _pos - start, "&&", left, right);
        }

        return left;
    }

    // x in (a, b, c)
    private DlNode ParseIn()
    {
        var start = Here();
        var left = ParseComparison();
        while (TryWord("in"))
        {
            Expect("(");
            var items = new List<DlNode>();
            if (!TryOperator(")"))
            {
                do
                {
                    items.Add(ParseConditional());
                }
                while (TryOperator(","));
                Expect(")");
            }

            left = new DlIn(start, _pos - start, left, items);
        }

        return left;
    }

    // == != <> < <= > >= (also = for equality, as Dynamic LINQ reads it)
    private DlNode ParseComparison()
    {
        var start = Here();
        var left = ParseAdditive();
        while (true)
        {
            string? op = TryOperator("==") ? "==" : TryOperator("!=") || TryOperator("<>") ? "!="
                : TryOperator("<=") ? "<=" : TryOperator(">=") ? ">=" : PeekLambdaArrow() ? null
                : TryOperator("<") ? "<" : TryOperator(">") ? ">" : TryOperator("=") ? "==" : null;
            if (op is null)
            {
                return left;
            }

            var right = ParseAdditive();
            left = new DlBinary(start, _pos - start, op, left, right);
        }
    }

    // + -
    private DlNode ParseAdditive()
    {
        var start = Here();
        var left = ParseMultiplicative();
        while (true)
        {
            string? op = TryOperator("+") ? "+" : TryOperator("-") ? "-" : null;
            if (op is null)
            {
                return left;
            }

            var right = ParseMultiplicative();
            left = new DlBinary(start, _pos - start, op, left, right);
        }
    }

    // * / % mod
    private DlNode ParseMultiplicative()
    {
        var start = Here();
        var left = ParseUnary();
        while (true)
        {
            string? op = TryOperator("*") ? "*" : TryOperator("/") ? "/" : TryOperator("%") || TryWord("mod") ? "%" : null;
            if (op is null)
            {
                return left;
            }

            var right = ParseUnary();
            left = new DlBinary(start, _pos - start, op, left, right);
        }
    }

    // - ! not
    private DlNode ParseUnary()
    {
        var start = Here();
        if (TryOperator("!") || TryWord("not"))
        {
            Enter();
            var operand = ParseUnary();
            _depth--;
            return new DlUnary(start, _pos - start, "!", operand);
        }

        if (Peek() == '-')
        {
            _pos++;
            Enter();
            var operand = ParseUnary();
            _depth--;
            return new DlUnary(start, _pos - start, "-", operand);
        }

        return ParsePostfix();
    }

    // primary, then .member, .Method(...), [index]
    private DlNode ParsePostfix()
    {
        var start = Here();
        var node = ParsePrimary();
        while (true)
        {
            if (TryOperator(".") || TryOperator("?."))
            {
                SkipSpace();
                var nameStart = _pos;
                var name = ReadIdentifier() ?? throw new DlParseException("a member name was expected after '.'", _pos);
                SkipSpace();
                if (Peek() == '(')
                {
                    if (UnsupportedMethods.Contains(name))
                    {
                        throw new DlParseException($"the method '{name}' is not supported (supported: Any, All, Count, Sum, Min, Max, Where, Contains, StartsWith, EndsWith, ToLower, ToUpper, Trim)", nameStart);
                    }

                    var arguments = ParseArguments();
                    node = new DlCall(start, _pos - start, node, name, arguments);
                }
                else
                {
                    node = new DlMember(start, _pos - start, node, name);
                }
            }
            else if (TryOperator("["))
            {
                var index = ParseConditional();
                Expect("]");
                node = new DlIndex(start, _pos - start, node, index);
            }
            else
            {
                return node;
            }
        }
    }

    private DlNode ParsePrimary()
    {
        SkipSpace();
        var start = _pos;
        var c = Peek();
        if (c == '(')
        {
            _pos++;
            Enter();
            var inner = ParseConditional();
            _depth--;
            Expect(")");
            return inner;
        }

        if (c == '"' || c == '\'')
        {
            return new DlLiteral(start, 0, DlLiteralKind.String, ReadString(c)) with { Length = _pos - start };
        }

        if (char.IsDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsDigit(_text[_pos + 1])))
        {
            return ReadNumber();
        }

        var name = ReadIdentifier();
        if (name is null)
        {
            throw new DlParseException(c == '\0' ? "the expression ends where a value was expected" : $"unexpected '{c}' where a value was expected", start);
        }

        switch (name)
        {
            case "true" or "True":
                return new DlLiteral(start, _pos - start, DlLiteralKind.Bool, true);
            case "false" or "False":
                return new DlLiteral(start, _pos - start, DlLiteralKind.Bool, false);
            case "null":
                return new DlLiteral(start, _pos - start, DlLiteralKind.Null, null);
            case "new":
                throw new DlParseException("projections with 'new' are not supported: RiskTriage rules give single values", start);
        }

        if (name is "DateTime" or "DateTimeOffset" or "DateOnly" or "TimeSpan" or "Guid" or "Convert" or "Regex" or "Enumerable" or "Environment" or "Activator")
        {
            throw new DlParseException($"'{name}' is not supported: the current time, conversions and regular expressions are outside the supported subset", start);
        }

        SkipSpace();
        if (PeekLambdaArrow())
        {
            TryOperator("=>");
            Enter();
            var body = ParseConditional();
            _depth--;
            return new DlLambda(start, _pos - start, name, body);
        }

        if (Peek() == '(')
        {
            if (name is "iif" or "np")
            {
                var arguments = ParseArguments();
                return new DlCall(start, _pos - start, null, name, arguments);
            }

            throw new DlParseException($"'{name}(...)' is not a supported function (CustomTypes methods and casts are outside the supported subset)", start);
        }

        return new DlName(start, _pos - start, name);
    }

    private List<DlNode> ParseArguments()
    {
        Expect("(");
        var arguments = new List<DlNode>();
        if (TryOperator(")"))
        {
            return arguments;
        }

        do
        {
            arguments.Add(ParseConditional());
        }
        while (TryOperator(","));
        Expect(")");
        return arguments;
    }

    private DlLiteral ReadNumber()
    {
        var start = _pos;
        while (_pos < _text.Length && char.IsDigit(_text[_pos]))
        {
            _pos++;
        }

        var real = false;
        if (_pos + 1 < _text.Length && _text[_pos] == '.' && char.IsDigit(_text[_pos + 1]))
        {
            real = true;
            _pos++;
            while (_pos < _text.Length && char.IsDigit(_text[_pos]))
            {
                _pos++;
            }
        }

        if (_pos < _text.Length && (_text[_pos] is 'e' or 'E'))
        {
            real = true;
            _pos++;
            if (_pos < _text.Length && _text[_pos] is '+' or '-')
            {
                _pos++;
            }

            while (_pos < _text.Length && char.IsDigit(_text[_pos]))
            {
                _pos++;
            }
        }

        var digits = _text[start.._pos];
        if (_pos < _text.Length && char.IsLetter(_text[_pos]))
        {
            var suffix = char.ToLowerInvariant(_text[_pos]);
            if (suffix is 'd' or 'f' or 'm')
            {
                _pos++;
                real = true;
            }
            else if (suffix is 'l' or 'u')
            {
                _pos++;
            }
            else
            {
                throw new DlParseException($"'{digits}{_text[_pos]}' is not a number", start);
            }
        }

        if (real)
        {
            return new DlLiteral(start, _pos - start, DlLiteralKind.Real, double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > int.MaxValue)
        {
            throw new DlParseException($"the number '{digits}' is outside the supported integer range", start);
        }

        return new DlLiteral(start, _pos - start, DlLiteralKind.Integer, (int)value);
    }

    private string ReadString(char quote)
    {
        var start = _pos;
        _pos++;
        var builder = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            var ch = _text[_pos++];
            if (ch == '\\' && _pos < _text.Length)
            {
                var escape = _text[_pos++];
                builder.Append(escape switch
                {
                    'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', '\\' => '\\', '"' => '"', '\'' => '\'',
                    _ => throw new DlParseException($"the escape '\\{escape}' is not supported", _pos - 2),
                });
            }
            else
            {
                builder.Append(ch);
            }
        }

        if (_pos >= _text.Length)
        {
            throw new DlParseException("the text is not closed", start);
        }

        _pos++;
        return builder.ToString();
    }

    private string? ReadIdentifier()
    {
        var start = _pos;
        if (_pos < _text.Length && (char.IsLetter(_text[_pos]) || _text[_pos] == '_' || _text[_pos] == '@'))
        {
            _pos++;
            while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }

            return _text[start.._pos].TrimStart('@');
        }

        return null;
    }

    private bool TryOperator(string op)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, op, 0, op.Length) != 0)
        {
            return false;
        }

        // "=" must not swallow "==" or "=>", "?" not "??" or "?.", "<" not "<=", and so on: callers try longer first.
        if (op == "=" && _pos + 1 < _text.Length && _text[_pos + 1] is '>' or '=')
        {
            return false;
        }

        if (op == "?" && _pos + 1 < _text.Length && _text[_pos + 1] is '?' or '.')
        {
            return false;
        }

        if ((op is "&" or "|") && _pos + 1 < _text.Length && _text[_pos + 1] == op[0])
        {
            return false;
        }

        _pos += op.Length;
        return true;
    }

    private bool TryWord(string word)
    {
        SkipSpace();
        if (_pos + word.Length > _text.Length || string.Compare(_text, _pos, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        var end = _pos + word.Length;
        if (end < _text.Length && (char.IsLetterOrDigit(_text[end]) || _text[end] == '_'))
        {
            return false;
        }

        _pos = end;
        return true;
    }

    private bool PeekLambdaArrow()
    {
        SkipSpace();
        return _pos + 1 < _text.Length && _text[_pos] == '=' && _text[_pos + 1] == '>';
    }

    private void Expect(string op)
    {
        if (!TryOperator(op))
        {
            SkipSpace();
            throw new DlParseException(_pos < _text.Length ? $"'{op}' was expected, not '{_text[_pos]}'" : $"'{op}' was expected at the end", _pos);
        }
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new DlParseException($"the expression is nested more than {MaxDepth} levels deep", _pos);
        }
    }

    private char Peek()
    {
        SkipSpace();
        return _pos < _text.Length ? _text[_pos] : '\0';
    }

    private int Here()
    {
        SkipSpace();
        return _pos;
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }
}
