using System.Text;
using System.Text.RegularExpressions;
using RiskTriage.Checking.Cells;
using RiskTriage.Definitions;
using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Tests.Checking.Cells;

/// <summary>The text of a decision-table cell read into any-value, a range, a comparison or a plain value, with the spans of its expressions.</summary>
public sealed class CellParserTests
{
    [Theory]
    [InlineData("-")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" - ")]
    [InlineData("\u00a0-\n")]
    public void A_dash_or_blank_cell_matches_any_value(string text) =>
        Assert.IsType<CellSyntax.AnyValue>(CellParser.Parse(text));

    [Theory]
    [InlineData("[50..75)", true, "50", "75", false)]
    [InlineData("  (1 .. 2]  ", false, "1 ", " 2", true)]
    [InlineData("]0..10[", false, "0", "10", false)]
    [InlineData("[..]", true, "", "", true)]
    [InlineData("[1...5]", true, "1", ".5", true)]
    [InlineData("[a..b..c)", true, "a", "b..c", false)]
    [InlineData("[date('2020-01-01')..asOfDate]", true, "date('2020-01-01')", "asOfDate", true)]
    public void A_bracketed_cell_is_a_range_split_at_its_first_two_dots(string text, bool lowInclusive, string low, string high, bool highInclusive)
    {
        var range = Assert.IsType<CellSyntax.Range>(CellParser.Parse(text));

        Assert.Equal((lowInclusive, low, high, highInclusive), (range.LowInclusive, Slice(text, range.Low), Slice(text, range.High), range.HighInclusive));
    }

    [Theory]
    [InlineData("<= 40", CellComparison.LessOrEqual, " 40")]
    [InlineData(">=40", CellComparison.GreaterOrEqual, "40")]
    [InlineData("  == 'x'", CellComparison.Equal, " 'x'")]
    [InlineData("!= \"low\"", CellComparison.NotEqual, " \"low\"")]
    [InlineData("<3", CellComparison.Less, "3")]
    [InlineData("> 3 ", CellComparison.Greater, " 3 ")]
    [InlineData("<", CellComparison.Less, "")]
    [InlineData("<=\n1", CellComparison.LessOrEqual, "\n1")]
    public void A_cell_starting_with_an_operator_is_a_comparison_with_the_rest_as_operand(string text, CellComparison op, string operand)
    {
        var comparison = Assert.IsType<CellSyntax.Comparison>(CellParser.Parse(text));

        Assert.Equal((op, operand), (comparison.Operator, Slice(text, comparison.Operand)));
    }

    [Theory]
    [InlineData("high")]
    [InlineData("[50..75")]       // no closing bracket: not a range
    [InlineData("[50, 75]")]      // no "..": not a range
    [InlineData("50..75")]        // no opening bracket
    [InlineData("= 3")]           // a single '=' is not an operator
    [InlineData("--")]
    [InlineData("x < 3")]
    public void Anything_else_is_a_plain_value(string text) =>
        Assert.IsType<CellSyntax.Value>(CellParser.Parse(text));

    [Theory]
    [InlineData("rsr", true)]
    [InlineData("_x1", true)]
    [InlineData("1x", false)]
    [InlineData("a-b", false)]
    [InlineData("é", false)]
    [InlineData("", false)]
    public void A_name_is_ascii_letters_digits_and_underscores(string text, bool expected) =>
        Assert.Equal(expected, CellParser.IsName(text));

    /// <summary>
    /// The cell grammar as the checker used to read it, with regular expressions: the parser must read every cell the
    /// same way (same form, same spans), so that no rule set reads differently.
    /// </summary>
    [Fact]
    public void The_parser_reads_every_cell_as_the_former_patterns_did()
    {
        var range = new Regex(@"^(\s*)([\[\(\]])(.*?)\.\.(.*)([\]\)\[])\s*$", RegexOptions.Singleline);
        var comparison = new Regex(@"^(\s*)(<=|>=|==|!=|<|>)(.*)$", RegexOptions.Singleline);
        var name = new Regex(@"^[A-Za-z_][A-Za-z0-9_]*$");
        const string alphabet = "[]().. ..<>=!-- \t\n\u00a0\u2028ab_1é\"'";
        var random = new Random(20261206);
        for (var i = 0; i < 200_000; i++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(0, 9); n > 0; n--)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var cell = text.ToString();
            string expected;
            if (cell.Trim() is "-" or "")
            {
                expected = "any";
            }
            else if (range.Match(cell) is { Success: true } r)
            {
                expected = $"range {r.Groups[2].Value == "["} {r.Groups[3].Index}+{r.Groups[3].Length} {r.Groups[4].Index}+{r.Groups[4].Length} {r.Groups[5].Value == "]"}";
            }
            else if (comparison.Match(cell) is { Success: true } c)
            {
                expected = $"compare {c.Groups[2].Value} {c.Groups[3].Index}+{c.Groups[3].Length}";
            }
            else
            {
                expected = "value";
            }

            var actual = CellParser.Parse(cell) switch
            {
                CellSyntax.AnyValue => "any",
                CellSyntax.Range x => $"range {x.LowInclusive} {x.Low.Start}+{x.Low.Length} {x.High.Start}+{x.High.Length} {x.HighInclusive}",
                CellSyntax.Comparison x => $"compare {CellSyntax.Symbol(x.Operator)} {x.Operand.Start}+{x.Operand.Length}",
                _ => "value",
            };
            Assert.True(expected == actual, $"cell {System.Text.Json.JsonSerializer.Serialize(cell)}: expected {expected}, got {actual}");
            Assert.True(name.IsMatch(cell.Trim()) == CellParser.IsName(cell.Trim()), $"name {System.Text.Json.JsonSerializer.Serialize(cell)}");
        }
    }

    private static string Slice(string text, TextSpan span) => text.Substring(span.Start, span.Length);
}
