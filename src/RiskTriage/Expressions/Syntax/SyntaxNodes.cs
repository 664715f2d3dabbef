namespace RiskTriage.Expressions.Syntax;

/// <summary>A node of the expression syntax tree. Every node knows its span and its height (for depth limits).</summary>
internal abstract class ExpressionSyntax
{
    protected ExpressionSyntax(TextSpan span, int height)
    {
        Span = span;
        Height = height;
    }

    public TextSpan Span { get; }

    public int Height { get; }

    protected static int HeightOf(params ExpressionSyntax?[] children)
    {
        var max = 0;
        foreach (var child in children)
        {
            if (child is not null && child.Height > max)
            {
                max = child.Height;
            }
        }

        return max + 1;
    }
}

/// <summary>A number, text, true/false or null written in the expression.</summary>
internal sealed class LiteralSyntax(Token token) : ExpressionSyntax(token.Span, 1)
{
    public Token Token { get; } = token;

    public object? Value => Token.Value;
}

/// <summary>A name: an input, parameter, named value or lambda parameter.</summary>
internal sealed class NameSyntax(Token identifier) : ExpressionSyntax(identifier.Span, 1)
{
    public Token Identifier { get; } = identifier;

    public string Name => Identifier.Text;
}

/// <summary><c>target.name</c> or <c>target?.name</c>.</summary>
internal sealed class MemberAccessSyntax(ExpressionSyntax target, Token name, bool nullConditional)
    : ExpressionSyntax(target.Span.Cover(name.Span), HeightOf(target))
{
    public ExpressionSyntax Target { get; } = target;

    public Token Name { get; } = name;

    public bool NullConditional { get; } = nullConditional;
}

/// <summary><c>target[index]</c> or <c>target?[index]</c>.</summary>
internal sealed class IndexSyntax(ExpressionSyntax target, ExpressionSyntax index, bool nullConditional, TextSpan span)
    : ExpressionSyntax(span, HeightOf(target, index))
{
    public ExpressionSyntax Target { get; } = target;

    public ExpressionSyntax Index { get; } = index;

    public bool NullConditional { get; } = nullConditional;
}

/// <summary>A function call <c>name(args)</c>, or a method call <c>target.Name(args)</c> when <see cref="Target"/> is set.</summary>
internal sealed class CallSyntax(ExpressionSyntax? target, Token name, IReadOnlyList<ExpressionSyntax> arguments, bool nullConditional, TextSpan span)
    : ExpressionSyntax(span, Math.Max(HeightOf(target), HeightOf([.. arguments])))
{
    public ExpressionSyntax? Target { get; } = target;

    public Token Name { get; } = name;

    public IReadOnlyList<ExpressionSyntax> Arguments { get; } = arguments;

    public bool NullConditional { get; } = nullConditional;
}

/// <summary><c>x => body</c>, only allowed as the argument of a collection method.</summary>
internal sealed class LambdaSyntax(Token parameter, ExpressionSyntax body)
    : ExpressionSyntax(parameter.Span.Cover(body.Span), HeightOf(body))
{
    public Token Parameter { get; } = parameter;

    public ExpressionSyntax Body { get; } = body;
}

/// <summary><c>-x</c>, <c>!x</c>, <c>not x</c>.</summary>
internal sealed class UnarySyntax(Token op, ExpressionSyntax operand)
    : ExpressionSyntax(op.Span.Cover(operand.Span), HeightOf(operand))
{
    public Token Operator { get; } = op;

    public ExpressionSyntax Operand { get; } = operand;
}

/// <summary>A binary operator; <see cref="Negated"/> marks <c>not in</c>.</summary>
internal sealed class BinarySyntax(ExpressionSyntax left, Token op, ExpressionSyntax right, bool negated = false)
    : ExpressionSyntax(left.Span.Cover(right.Span), HeightOf(left, right))
{
    public ExpressionSyntax Left { get; } = left;

    public Token Operator { get; } = op;

    public ExpressionSyntax Right { get; } = right;

    public bool Negated { get; } = negated;
}

/// <summary><c>condition ? whenTrue : whenFalse</c>.</summary>
internal sealed class ConditionalSyntax(ExpressionSyntax condition, ExpressionSyntax whenTrue, ExpressionSyntax whenFalse)
    : ExpressionSyntax(condition.Span.Cover(whenFalse.Span), HeightOf(condition, whenTrue, whenFalse))
{
    public ExpressionSyntax Condition { get; } = condition;

    public ExpressionSyntax WhenTrue { get; } = whenTrue;

    public ExpressionSyntax WhenFalse { get; } = whenFalse;
}

/// <summary><c>[a, b, c]</c>.</summary>
internal sealed class ListSyntax(IReadOnlyList<ExpressionSyntax> items, TextSpan span)
    : ExpressionSyntax(span, HeightOf([.. items]))
{
    public IReadOnlyList<ExpressionSyntax> Items { get; } = items;
}

/// <summary>Stands where the parser could not read an expression; a diagnostic was already reported.</summary>
internal sealed class ErrorSyntax(TextSpan span) : ExpressionSyntax(span, 1);
