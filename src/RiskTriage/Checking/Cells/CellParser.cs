using RiskTriage.Definitions;
using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Checking.Cells;

/// <summary>
/// Reads the text of a decision-table cell (rules/README.md, "`tables`: decision tables"):
/// <code>
/// cell       = blank | "-" | range | comparison | value
/// range      = ws* ( "[" | "(" | "]" ) low ".." high ( "]" | ")" | "[" ) ws*     low: up to the first ".."
/// comparison = ws* ( "&lt;=" | "&gt;=" | "==" | "!=" | "&lt;" | "&gt;" ) operand            operand: the rest of the text
/// value      = anything else (a text value, or an expression the column equals)
/// </code>
/// The bounds and the operand are not read here: they are expressions, and the checker parses them with the
/// expression parser at their spans, so an error inside one points at its characters in the file. Whitespace is
/// what <see cref="char.IsWhiteSpace(char)"/> says it is.
/// </summary>
internal static class CellParser
{
    public static CellSyntax Parse(string text)
    {
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        var end = text.Length - 1;
        while (end >= start && char.IsWhiteSpace(text[end]))
        {
            end--;
        }

        if (end < start || (end == start && text[start] == '-'))
        {
            return new CellSyntax.AnyValue();
        }

        return (CellSyntax?)ReadRange(text, start, end) ?? (CellSyntax?)ReadComparison(text, start) ?? new CellSyntax.Value();
    }

    /// <summary>Whether <paramref name="text"/> is a plain name (letters, digits and _, not starting with a digit), which may name an element.</summary>
    public static bool IsName(string text)
    {
        if (text.Length == 0 || !(char.IsAsciiLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A range: opening bracket first, closing bracket last, the first ".." between them splitting the bounds.</summary>
    private static CellSyntax.Range? ReadRange(string text, int start, int end)
    {
        var open = text[start];
        var close = text[end];
        if (open is not ('[' or '(' or ']') || close is not (']' or ')' or '[') || end == start)
        {
            return null;
        }

        var dots = text.IndexOf("..", start + 1, end - start - 1, StringComparison.Ordinal);
        if (dots < 0)
        {
            return null;
        }

        var low = new TextSpan(start + 1, dots - start - 1);
        var high = new TextSpan(dots + 2, end - dots - 2);
        return new CellSyntax.Range(open == '[', low, high, close == ']');
    }

    /// <summary>A comparison: an operator first (two-character operators before one-character ones), the rest its operand.</summary>
    private static CellSyntax.Comparison? ReadComparison(string text, int start)
    {
        var first = text[start];
        var second = start + 1 < text.Length ? text[start + 1] : '\0';
        CellComparison? two = (first, second) switch
        {
            ('<', '=') => CellComparison.LessOrEqual,
            ('>', '=') => CellComparison.GreaterOrEqual,
            ('=', '=') => CellComparison.Equal,
            ('!', '=') => CellComparison.NotEqual,
            _ => null,
        };
        if (two is { } op)
        {
            return new CellSyntax.Comparison(op, new TextSpan(start + 2, text.Length - start - 2));
        }

        return first switch
        {
            '<' => new CellSyntax.Comparison(CellComparison.Less, new TextSpan(start + 1, text.Length - start - 1)),
            '>' => new CellSyntax.Comparison(CellComparison.Greater, new TextSpan(start + 1, text.Length - start - 1)),
            _ => null,
        };
    }
}
