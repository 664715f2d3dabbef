using System.Globalization;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Parsing;
using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Tests.Expressions.Parsing;

public sealed class LexerTests
{
    private static (Token[] Tokens, List<Diagnostic> Diagnostics) Lex(string text)
    {
        var bag = new DiagnosticBag();
        var tokens = Lexer.Tokenize(new SourceText(text), bag);
        return (tokens, bag.Diagnostics.ToList());
    }

    private static TokenKind[] Kinds(string text) => Lex(text).Tokens.Select(t => t.Kind).ToArray();

    [Fact]
    public void Every_operator_is_recognised_with_its_longest_form()
    {
        var (tokens, diagnostics) = Lex("+ - * / % ! < <= > >= == != && || ? ?? ?. ?[ : . , ( ) [ ] =>");
        Assert.Empty(diagnostics);
        Assert.Equal(
            [
                TokenKind.Plus, TokenKind.Minus, TokenKind.Star, TokenKind.Slash, TokenKind.Percent, TokenKind.Bang,
                TokenKind.Less, TokenKind.LessEquals, TokenKind.Greater, TokenKind.GreaterEquals, TokenKind.EqualsEquals,
                TokenKind.BangEquals, TokenKind.AmpersandAmpersand, TokenKind.BarBar, TokenKind.Question, TokenKind.QuestionQuestion,
                TokenKind.QuestionDot, TokenKind.QuestionOpenBracket, TokenKind.Colon, TokenKind.Dot, TokenKind.Comma,
                TokenKind.OpenParen, TokenKind.CloseParen, TokenKind.OpenBracket, TokenKind.CloseBracket, TokenKind.Arrow,
                TokenKind.EndOfText,
            ],
            tokens.Select(t => t.Kind));
    }

    [Fact]
    public void Keywords_are_recognised_and_case_sensitive()
    {
        Assert.Equal(
            [
                TokenKind.TrueKeyword, TokenKind.FalseKeyword, TokenKind.NullKeyword, TokenKind.AndKeyword, TokenKind.OrKeyword,
                TokenKind.NotKeyword, TokenKind.InKeyword, TokenKind.Identifier, TokenKind.Identifier, TokenKind.EndOfText,
            ],
            Kinds("true false null and or not in True AND"));
    }

    [Theory]
    [InlineData("new")]
    [InlineData("typeof")]
    [InlineData("this")]
    [InlineData("default")]
    [InlineData("using")]
    [InlineData("static")]
    [InlineData("eval")]
    public void CSharp_words_that_reach_the_CLR_are_reserved(string word)
    {
        var (tokens, diagnostics) = Lex(word);
        Assert.Empty(diagnostics);
        Assert.Equal(TokenKind.ReservedKeyword, tokens[0].Kind);
    }

    [Theory]
    [InlineData("42", 42d)]
    [InlineData("6.95", 6.95)]
    [InlineData(".5", 0.5)]
    [InlineData("007", 7d)]
    [InlineData("1e3", 1000d)]
    [InlineData("1.5E-3", 0.0015)]
    [InlineData("2e+2", 200d)]
    [InlineData("1e-400", 0d)]
    public void Numbers_are_read_in_the_invariant_culture(string text, double expected)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
        try
        {
            var (tokens, diagnostics) = Lex(text);
            Assert.Empty(diagnostics);
            Assert.Equal(TokenKind.Number, tokens[0].Kind);
            Assert.Equal(expected, (double)tokens[0].Value!);
            Assert.Equal(new TextSpan(0, text.Length), tokens[0].Span);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_comma_is_not_a_decimal_separator()
    {
        Assert.Equal([TokenKind.Number, TokenKind.Comma, TokenKind.Number, TokenKind.EndOfText], Kinds("6,95"));
    }

    [Fact]
    public void An_exponent_without_digits_is_glued_letters_and_reported()
    {
        var (tokens, diagnostics) = Lex("1e");
        Assert.Equal(DiagnosticCodes.InvalidNumber, Assert.Single(diagnostics).Code);
        Assert.Equal(new TextSpan(0, 2), tokens[0].Span);
    }

    [Theory]
    [InlineData("12abc", "12abc")]
    [InlineData("0x1F", "0x1F")]
    [InlineData("1_000", "1_000")]
    public void A_number_glued_to_letters_is_one_invalid_number(string text, string shown)
    {
        var (tokens, diagnostics) = Lex(text);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidNumber, diagnostic.Code);
        Assert.Contains($"'{shown}' is not a number", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal([TokenKind.Number, TokenKind.EndOfText], tokens.Select(t => t.Kind));
    }

    [Fact]
    public void A_number_too_large_for_a_double_is_reported()
    {
        var (_, diagnostics) = Lex("1e400");
        Assert.Equal(DiagnosticCodes.InvalidNumber, Assert.Single(diagnostics).Code);
    }

    [Theory]
    [InlineData("\"abc\"", "abc")]
    [InlineData("'abc'", "abc")]
    [InlineData("\"it's\"", "it's")]
    [InlineData("'say \"hi\"'", "say \"hi\"")]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("'a\\'b'", "a'b")]
    [InlineData("\"a\\\\b\"", "a\\b")]
    [InlineData("\"a\\/b\"", "a/b")]
    [InlineData("\"\\n\\r\\t\\0\"", "\n\r\t\0")]
    [InlineData("\"caf\\u00e9\\u00C9\"", "caféÉ")]
    [InlineData("\"東京\"", "東京")]
    public void Text_escapes_are_decoded(string text, string expected)
    {
        var (tokens, diagnostics) = Lex(text);
        Assert.Empty(diagnostics);
        Assert.Equal(TokenKind.String, tokens[0].Kind);
        Assert.Equal(expected, tokens[0].Value);
        Assert.Equal(text, tokens[0].Text);
    }

    [Theory]
    [InlineData("\"a\\qb\"")]
    [InlineData("\"\\u12\"")]
    [InlineData("\"\\u12G4\"")]
    [InlineData("\"\\x41\"")]
    public void An_invalid_escape_is_reported_at_the_escape(string text)
    {
        var (_, diagnostics) = Lex(text);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidEscape, diagnostic.Code);
        Assert.Equal(text.IndexOf('\\', StringComparison.Ordinal) + 1, diagnostic.Location.Column);
    }

    [Fact]
    public void Unterminated_text_is_reported_and_still_gives_a_token()
    {
        var (tokens, diagnostics) = Lex("rosh == \"HIGH");
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.UnterminatedString, diagnostic.Code);
        Assert.Equal(9, diagnostic.Location.Column);
        Assert.Equal("HIGH", tokens[2].Value);
    }

    [Fact]
    public void Text_does_not_run_over_a_line_break()
    {
        var (tokens, diagnostics) = Lex("\"abc\n\"");
        Assert.Equal(DiagnosticCodes.UnterminatedString, diagnostics[0].Code);
        Assert.Equal(1, diagnostics[0].Location.Line);
        Assert.Equal("abc", tokens[0].Value);
    }

    [Theory]
    [InlineData("\"abc\\")]
    [InlineData("'\\")]
    [InlineData("\"abc\\\u0001")]
    public void Text_ending_in_a_backslash_is_unterminated_and_spans_stay_inside_the_text(string text)
    {
        var (tokens, diagnostics) = Lex(text);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.UnterminatedString);
        Assert.All(tokens, t => Assert.True(t.Span.End <= text.Length, $"{t.Kind} {t.Span} is outside a text of length {text.Length}"));
        Assert.All(diagnostics, d => Assert.DoesNotContain('\0', d.Message));
    }

    [Theory]
    [InlineData("=", DiagnosticCodes.AssignmentNotAllowed)]
    [InlineData("&", DiagnosticCodes.SingleAmpersandOrBar)]
    [InlineData("|", DiagnosticCodes.SingleAmpersandOrBar)]
    [InlineData("#", DiagnosticCodes.UnexpectedCharacter)]
    [InlineData("@", DiagnosticCodes.UnexpectedCharacter)]
    [InlineData(";", DiagnosticCodes.UnexpectedCharacter)]
    [InlineData("$", DiagnosticCodes.UnexpectedCharacter)]
    [InlineData("`", DiagnosticCodes.UnexpectedCharacter)]
    [InlineData("{", DiagnosticCodes.UnexpectedCharacter)]
    [InlineData("\\", DiagnosticCodes.UnexpectedCharacter)]
    public void Characters_that_are_not_operators_are_reported(string text, string code)
    {
        var (_, diagnostics) = Lex("a " + text + " b");
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(3, diagnostic.Location.Column);
        Assert.Equal(1, diagnostic.Location.Length);
    }

    [Fact]
    public void A_single_ampersand_suggests_the_double_form_and_the_keyword()
    {
        var (tokens, diagnostics) = Lex("a & b");
        Assert.Contains("'&&' (or 'and')", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
        Assert.Equal(TokenKind.AmpersandAmpersand, tokens[1].Kind);
    }

    [Fact]
    public void Control_characters_are_shown_escaped_in_messages()
    {
        var (_, diagnostics) = Lex("a\u0001");
        Assert.Contains("'\\u0001'", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_characters_are_dropped_from_the_tokens()
    {
        var (tokens, diagnostics) = Lex("a # b");
        Assert.Single(diagnostics);
        Assert.Equal([TokenKind.Identifier, TokenKind.Identifier, TokenKind.EndOfText], tokens.Select(t => t.Kind));
    }

    [Fact]
    public void Question_dot_before_a_digit_is_a_conditional_and_a_number()
    {
        Assert.Equal(
            [TokenKind.Identifier, TokenKind.Question, TokenKind.Number, TokenKind.Colon, TokenKind.Number, TokenKind.EndOfText],
            Kinds("c?.5:1"));
    }

    [Fact]
    public void Identifiers_may_hold_unicode_letters_digits_and_underscores()
    {
        var (tokens, diagnostics) = Lex("_âge2 naïve_x");
        Assert.Empty(diagnostics);
        Assert.Equal(["_âge2", "naïve_x"], tokens.Where(t => t.Kind == TokenKind.Identifier).Select(t => t.Text));
    }

    [Fact]
    public void Spans_are_offsets_into_the_text()
    {
        var (tokens, _) = Lex("  age >= 18");
        Assert.Equal(new TextSpan(2, 3), tokens[0].Span);
        Assert.Equal(new TextSpan(6, 2), tokens[1].Span);
        Assert.Equal(new TextSpan(9, 2), tokens[2].Span);
        Assert.Equal(new TextSpan(11, 0), tokens[3].Span);
    }

    [Fact]
    public void Diagnostics_carry_line_and_column_across_lines()
    {
        var (_, diagnostics) = Lex("a\r\n  && b # c");
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal((2, 8), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void The_end_of_text_token_is_always_last()
    {
        Assert.Equal([TokenKind.EndOfText], Kinds(string.Empty));
        Assert.Equal([TokenKind.EndOfText], Kinds(" \t\r\n "));
    }
}
