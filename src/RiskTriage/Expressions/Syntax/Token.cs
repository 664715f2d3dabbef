namespace RiskTriage.Expressions.Syntax;

/// <summary>One token: its kind, where it is, its text and (for literals) its value.</summary>
internal readonly record struct Token(TokenKind Kind, TextSpan Span, string Text, object? Value)
{
    public override string ToString() => Value is null ? $"{Kind} {Span} '{Text}'" : $"{Kind} {Span} '{Text}' = {Value}";
}
