using System.Globalization;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Expressions.Parsing;

/// <summary>
/// Recursive-descent parser with one method per precedence level, lowest first (C# precedence).
/// It never throws for bad input: it reports a diagnostic, recovers and goes on, so one pass finds
/// several errors. Recursion is bounded by <see cref="RuleSetLimits.MaxExpressionDepth"/>.
/// </summary>
/// <remarks>One file on purpose (over 500 lines): the precedence levels read top to bottom as the grammar does.</remarks>
internal sealed class Parser
{
    private readonly SourceText _source;
    private readonly Token[] _tokens;
    private readonly DiagnosticBag _diagnostics;
    private readonly int _maxDepth;
    private int _position;
    private int _depth;
    private bool _depthReported;

    private Parser(SourceText source, Token[] tokens, DiagnosticBag diagnostics, int maxDepth)
    {
        _source = source;
        _tokens = tokens;
        _diagnostics = diagnostics;
        _maxDepth = maxDepth;
    }

    /// <summary>Reads a whole expression. Returns an <see cref="ErrorSyntax"/> when nothing usable could be read.</summary>
    public static ExpressionSyntax Parse(SourceText source, DiagnosticBag diagnostics, RuleSetLimits limits)
    {
        if (source.Length > limits.MaxExpressionLength)
        {
            diagnostics.Error(source, new TextSpan(0, Math.Min(source.Length, 1)), DiagnosticCodes.ExpressionTooLong,
                string.Create(CultureInfo.InvariantCulture, $"the expression is {source.Length:N0} characters long; the limit is {limits.MaxExpressionLength:N0}. Split it into named values"));
            return new ErrorSyntax(new TextSpan(0, 0));
        }

        var tokens = Lexer.Tokenize(source, diagnostics);
        var parser = new Parser(source, tokens, diagnostics, limits.MaxExpressionDepth);
        if (parser.Current.Kind == TokenKind.EndOfText)
        {
            diagnostics.Error(source, new TextSpan(0, source.Length), DiagnosticCodes.EmptyExpression,
                "the expression is empty; write a value or a condition");
            return new ErrorSyntax(new TextSpan(0, 0));
        }

        var expression = parser.ParseExpression();
        if (parser.Current.Kind != TokenKind.EndOfText && !parser._depthReported)
        {
            var token = parser.Current;
            var extra = TextSpan.FromBounds(token.Span.Start, source.Length);
            diagnostics.Error(source, extra, DiagnosticCodes.TrailingTokens,
                $"{TokenKindFacts.Describe(token.Kind)} was not expected after the end of the expression; is an operator such as && or + missing?");
        }

        // A tree deeper than the limit (a + a + ... or a.b.b...) is not handed on: the binder and other
        // phases walk trees recursively, so binding it could overflow the stack.
        return parser._depthReported ? new ErrorSyntax(expression.Span) : expression;
    }

    private Token Current => _tokens[Math.Min(_position, _tokens.Length - 1)];

    private Token PeekToken(int offset) => _tokens[Math.Min(_position + offset, _tokens.Length - 1)];

    private Token NextToken()
    {
        var token = Current;
        if (_position < _tokens.Length - 1)
        {
            _position++;
        }

        return token;
    }

    private Token Expect(TokenKind kind, string context)
    {
        if (Current.Kind == kind)
        {
            return NextToken();
        }

        if (!_depthReported)
        {
            _diagnostics.Error(_source, Current.Span.Length == 0 ? new TextSpan(Math.Max(0, Current.Span.Start - 1), 1) : Current.Span,
                DiagnosticCodes.UnexpectedToken,
                $"expected {TokenKindFacts.Describe(kind)} {context} but found {TokenKindFacts.Describe(Current.Kind)}");
        }

        return new Token(kind, new TextSpan(Current.Span.Start, 0), string.Empty, null);
    }

    private bool EnterNesting()
    {
        _depth++;

        // The depth limit keeps the recursion within any usual thread's stack; the check guards a host thread with a
        // small stack or a deep caller, where an overflow would end the process.
        var stackLeft = System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack();
        if (_depth <= _maxDepth && stackLeft)
        {
            return true;
        }

        if (!_depthReported)
        {
            _depthReported = true;
            _diagnostics.Error(_source, Current.Span, DiagnosticCodes.NestedTooDeeply, stackLeft
                ? $"the expression is nested more than {_maxDepth} levels deep; split it into named values"
                : $"the expression is nested {_depth} levels deep, more than the stack of the loading thread allows; split it into named values");
        }

        return false;
    }

    private ExpressionSyntax Bail()
    {
        // Too deep: give up on the rest of the text so that nothing recurses further.
        var start = Current.Span.Start;
        _position = _tokens.Length - 1;
        return new ErrorSyntax(TextSpan.FromBounds(start, _source.Length));
    }

    private T CheckHeight<T>(T node)
        where T : ExpressionSyntax
    {
        // Left-associative chains (a + a + a ...) build deep trees without deep recursion here,
        // but later phases walk the tree recursively, so its height is limited too.
        if (node.Height > _maxDepth && !_depthReported)
        {
            _depthReported = true;
            _diagnostics.Error(_source, node.Span, DiagnosticCodes.NestedTooDeeply,
                $"the expression is nested more than {_maxDepth} levels deep; split it into named values");
        }

        return node;
    }

    public ExpressionSyntax ParseExpression()
    {
        if (!EnterNesting())
        {
            _depth--;
            return Bail();
        }

        try
        {
            return ParseConditional();
        }
        finally
        {
            _depth--;
        }
    }

    // condition ? whenTrue : whenFalse (right-associative)
    private ExpressionSyntax ParseConditional()
    {
        var condition = ParseCoalesce();
        if (Current.Kind != TokenKind.Question)
        {
            return condition;
        }

        NextToken();
        var whenTrue = ParseExpression();
        Expect(TokenKind.Colon, "between the two branches of '? :'");
        var whenFalse = ParseExpression();
        return CheckHeight(new ConditionalSyntax(condition, whenTrue, whenFalse));
    }

    // a ?? b (right-associative)
    private ExpressionSyntax ParseCoalesce()
    {
        var left = ParseOr();
        if (Current.Kind != TokenKind.QuestionQuestion)
        {
            return left;
        }

        var op = NextToken();
        if (!EnterNesting())
        {
            _depth--;
            return Bail();
        }

        try
        {
            var right = ParseCoalesce();
            return CheckHeight(new BinarySyntax(left, op, right));
        }
        finally
        {
            _depth--;
        }
    }

    // a || b, a or b
    private ExpressionSyntax ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind is TokenKind.BarBar or TokenKind.OrKeyword)
        {
            var op = NextToken() with { Kind = TokenKind.BarBar };
            left = CheckHeight(new BinarySyntax(left, op, ParseAnd()));
        }

        return left;
    }

    // a && b, a and b
    private ExpressionSyntax ParseAnd()
    {
        var left = ParseEquality();
        while (Current.Kind is TokenKind.AmpersandAmpersand or TokenKind.AndKeyword)
        {
            var op = NextToken() with { Kind = TokenKind.AmpersandAmpersand };
            left = CheckHeight(new BinarySyntax(left, op, ParseEquality()));
        }

        return left;
    }

    // a == b, a != b
    private ExpressionSyntax ParseEquality()
    {
        var left = ParseRelational();
        while (Current.Kind is TokenKind.EqualsEquals or TokenKind.BangEquals)
        {
            var op = NextToken();
            left = CheckHeight(new BinarySyntax(left, op, ParseRelational()));
        }

        return left;
    }

    // a < b, a <= b, a > b, a >= b, a in list, a not in list
    private ExpressionSyntax ParseRelational()
    {
        var left = ParseAdditive();
        while (true)
        {
            if (Current.Kind is TokenKind.Less or TokenKind.LessEquals or TokenKind.Greater or TokenKind.GreaterEquals or TokenKind.InKeyword)
            {
                var op = NextToken();
                left = CheckHeight(new BinarySyntax(left, op, ParseAdditive()));
            }
            else if (Current.Kind == TokenKind.NotKeyword && PeekToken(1).Kind == TokenKind.InKeyword)
            {
                var notToken = NextToken();
                var inToken = NextToken();
                var op = inToken with { Span = notToken.Span.Cover(inToken.Span), Text = "not in" };
                left = CheckHeight(new BinarySyntax(left, op, ParseAdditive(), negated: true));
            }
            else
            {
                return left;
            }
        }
    }

    // a + b, a - b
    private ExpressionSyntax ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = NextToken();
            left = CheckHeight(new BinarySyntax(left, op, ParseMultiplicative()));
        }

        return left;
    }

    // a * b, a / b, a % b
    private ExpressionSyntax ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = NextToken();
            left = CheckHeight(new BinarySyntax(left, op, ParseUnary()));
        }

        return left;
    }

    // -a, +a, !a, not a
    private ExpressionSyntax ParseUnary()
    {
        if (Current.Kind is TokenKind.Minus or TokenKind.Plus or TokenKind.Bang or TokenKind.NotKeyword)
        {
            var op = NextToken();
            if (op.Kind == TokenKind.NotKeyword)
            {
                op = op with { Kind = TokenKind.Bang };
            }

            if (!EnterNesting())
            {
                _depth--;
                return Bail();
            }

            try
            {
                return CheckHeight(new UnarySyntax(op, ParseUnary()));
            }
            finally
            {
                _depth--;
            }
        }

        return ParsePostfix();
    }

    // a.b, a?.b, a[i], a?[i], a.Method(args)
    private ExpressionSyntax ParsePostfix()
    {
        var expression = ParsePrimary();
        while (true)
        {
            switch (Current.Kind)
            {
                case TokenKind.Dot:
                case TokenKind.QuestionDot:
                {
                    var nullConditional = NextToken().Kind == TokenKind.QuestionDot;
                    var name = Current.Kind is TokenKind.Identifier or TokenKind.ReservedKeyword
                        ? NextToken()
                        : Expect(TokenKind.Identifier, "after '.'");
                    if (Current.Kind == TokenKind.OpenParen)
                    {
                        var arguments = ParseArguments(out var close);
                        expression = CheckHeight(new CallSyntax(expression, name, arguments, nullConditional,
                            TextSpan.FromBounds(expression.Span.Start, close.Span.End)));
                    }
                    else
                    {
                        expression = CheckHeight(new MemberAccessSyntax(expression, name, nullConditional));
                    }

                    break;
                }

                case TokenKind.OpenBracket:
                case TokenKind.QuestionOpenBracket:
                {
                    var nullConditional = NextToken().Kind == TokenKind.QuestionOpenBracket;
                    var index = ParseExpression();
                    var close = Expect(TokenKind.CloseBracket, "to close the index");
                    expression = CheckHeight(new IndexSyntax(expression, index, nullConditional,
                        TextSpan.FromBounds(expression.Span.Start, Math.Max(close.Span.End, index.Span.End))));
                    break;
                }

                default:
                    return expression;
            }
        }
    }

    private ExpressionSyntax ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
            case TokenKind.String:
            case TokenKind.TrueKeyword:
            case TokenKind.FalseKeyword:
            case TokenKind.NullKeyword:
                return new LiteralSyntax(NextToken());

            case TokenKind.Identifier:
                if (PeekToken(1).Kind == TokenKind.Arrow)
                {
                    var lambda = ParseLambda();
                    _diagnostics.Error(_source, lambda.Span, DiagnosticCodes.LambdaNotAllowed,
                        "'x => ...' can only be used inside a list method such as sentences.Any(s => ...)");
                    return new ErrorSyntax(lambda.Span);
                }

                NextToken();
                if (Current.Kind == TokenKind.OpenParen)
                {
                    var arguments = ParseArguments(out var close);
                    return CheckHeight(new CallSyntax(null, token, arguments, false, TextSpan.FromBounds(token.Span.Start, close.Span.End)));
                }

                return new NameSyntax(token);

            case TokenKind.OpenParen:
            {
                NextToken();
                var inner = ParseExpression();
                Expect(TokenKind.CloseParen, "to close '('");
                return inner;
            }

            case TokenKind.OpenBracket:
            {
                var open = NextToken();
                var items = new List<ExpressionSyntax>();
                if (!EnterNesting())
                {
                    _depth--;
                    return Bail();
                }

                try
                {
                    if (Current.Kind != TokenKind.CloseBracket)
                    {
                        items.Add(ParseExpression());
                        while (Current.Kind == TokenKind.Comma)
                        {
                            NextToken();
                            items.Add(ParseExpression());
                        }
                    }
                }
                finally
                {
                    _depth--;
                }

                var close = Expect(TokenKind.CloseBracket, "to close the list");
                return CheckHeight(new ListSyntax(items, TextSpan.FromBounds(open.Span.Start, Math.Max(close.Span.End, open.Span.End))));
            }

            case TokenKind.ReservedKeyword:
                NextToken();
                _diagnostics.Error(_source, token.Span, DiagnosticCodes.ReservedWord,
                    $"'{token.Text}' is not allowed in rule expressions: they can only read the case's inputs, parameters, named values and the listed functions");
                return SkipOperand(token);

            default:
                if (!_depthReported)
                {
                    var span = token.Span.Length == 0 ? new TextSpan(Math.Max(0, token.Span.Start - 1), 1) : token.Span;
                    _diagnostics.Error(_source, span, DiagnosticCodes.UnexpectedToken,
                        $"expected a value but found {TokenKindFacts.Describe(token.Kind)}");
                }

                if (token.Kind is not (TokenKind.EndOfText or TokenKind.CloseParen or TokenKind.CloseBracket or TokenKind.Comma or TokenKind.Colon))
                {
                    NextToken();
                }

                return new ErrorSyntax(token.Span);
        }
    }

    private ErrorSyntax SkipOperand(Token start)
    {
        // After a reserved word (e.g. 'new System.Net.WebClient()'), skip the rest of its operand so only one error shows.
        var end = start.Span.End;
        var nesting = 0;
        while (Current.Kind != TokenKind.EndOfText)
        {
            var kind = Current.Kind;
            if (nesting == 0 && kind is TokenKind.Comma or TokenKind.CloseParen or TokenKind.CloseBracket or TokenKind.AmpersandAmpersand
                    or TokenKind.BarBar or TokenKind.Colon or TokenKind.Question or TokenKind.QuestionQuestion)
            {
                break;
            }

            if (kind is TokenKind.OpenParen or TokenKind.OpenBracket)
            {
                nesting++;
            }
            else if (kind is TokenKind.CloseParen or TokenKind.CloseBracket)
            {
                nesting--;
            }

            end = NextToken().Span.End;
        }

        return new ErrorSyntax(TextSpan.FromBounds(start.Span.Start, end));
    }

    private List<ExpressionSyntax> ParseArguments(out Token close)
    {
        Expect(TokenKind.OpenParen, "to start the arguments");
        var arguments = new List<ExpressionSyntax>();
        if (!EnterNesting())
        {
            _depth--;
            Bail();
            close = Current;
            return arguments;
        }

        try
        {
            if (Current.Kind != TokenKind.CloseParen)
            {
                arguments.Add(ParseArgument());
                while (Current.Kind == TokenKind.Comma)
                {
                    NextToken();
                    arguments.Add(ParseArgument());
                }
            }
        }
        finally
        {
            _depth--;
        }

        close = Expect(TokenKind.CloseParen, "to close the arguments");
        if (close.Span.Length == 0 && arguments.Count > 0)
        {
            close = close with { Span = new TextSpan(arguments[^1].Span.End, 0) };
        }

        return arguments;
    }

    private ExpressionSyntax ParseArgument() =>
        Current.Kind == TokenKind.Identifier && PeekToken(1).Kind == TokenKind.Arrow ? ParseLambda() : ParseExpression();

    private LambdaSyntax ParseLambda()
    {
        var parameter = NextToken();
        NextToken();
        var body = ParseExpression();
        return CheckHeight(new LambdaSyntax(parameter, body));
    }
}
