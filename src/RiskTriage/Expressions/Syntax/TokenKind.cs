namespace RiskTriage.Expressions.Syntax;

internal enum TokenKind
{
    EndOfText,
    Bad,
    Number,
    String,
    Identifier,

    // Keywords.
    TrueKeyword,
    FalseKeyword,
    NullKeyword,
    AndKeyword,
    OrKeyword,
    NotKeyword,
    InKeyword,

    // Words of C# that have no meaning here; recognised so the message can say why.
    ReservedKeyword,

    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    Less,
    LessEquals,
    Greater,
    GreaterEquals,
    EqualsEquals,
    BangEquals,
    AmpersandAmpersand,
    BarBar,
    Question,
    QuestionQuestion,
    QuestionDot,
    QuestionOpenBracket,
    Colon,
    Dot,
    Comma,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    Arrow,
}

internal static class TokenKindFacts
{
    public static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.EndOfText => "the end of the expression",
        TokenKind.Bad => "an unreadable character",
        TokenKind.Number => "a number",
        TokenKind.String => "a text value",
        TokenKind.Identifier => "a name",
        TokenKind.TrueKeyword => "'true'",
        TokenKind.FalseKeyword => "'false'",
        TokenKind.NullKeyword => "'null'",
        TokenKind.AndKeyword => "'and'",
        TokenKind.OrKeyword => "'or'",
        TokenKind.NotKeyword => "'not'",
        TokenKind.InKeyword => "'in'",
        TokenKind.ReservedKeyword => "a reserved word",
        _ => "'" + Text(kind) + "'",
    };

    public static string Text(TokenKind kind) => kind switch
    {
        TokenKind.Plus => "+",
        TokenKind.Minus => "-",
        TokenKind.Star => "*",
        TokenKind.Slash => "/",
        TokenKind.Percent => "%",
        TokenKind.Bang => "!",
        TokenKind.Less => "<",
        TokenKind.LessEquals => "<=",
        TokenKind.Greater => ">",
        TokenKind.GreaterEquals => ">=",
        TokenKind.EqualsEquals => "==",
        TokenKind.BangEquals => "!=",
        TokenKind.AmpersandAmpersand => "&&",
        TokenKind.BarBar => "||",
        TokenKind.Question => "?",
        TokenKind.QuestionQuestion => "??",
        TokenKind.QuestionDot => "?.",
        TokenKind.QuestionOpenBracket => "?[",
        TokenKind.Colon => ":",
        TokenKind.Dot => ".",
        TokenKind.Comma => ",",
        TokenKind.OpenParen => "(",
        TokenKind.CloseParen => ")",
        TokenKind.OpenBracket => "[",
        TokenKind.CloseBracket => "]",
        TokenKind.Arrow => "=>",
        TokenKind.TrueKeyword => "true",
        TokenKind.FalseKeyword => "false",
        TokenKind.NullKeyword => "null",
        TokenKind.AndKeyword => "and",
        TokenKind.OrKeyword => "or",
        TokenKind.NotKeyword => "not",
        TokenKind.InKeyword => "in",
        _ => kind.ToString(),
    };
}
