using RiskTriage.Diagnostics;
using RiskTriage.Expressions;
using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Tests.Expressions.Parsing;

public sealed class ParserTests
{
    private static (ExpressionSyntax Syntax, List<Diagnostic> Diagnostics) Parse(string text, RuleSetLimits? limits = null)
    {
        var bag = new DiagnosticBag();
        var syntax = RuleExpression.Parse(text, bag, limits);
        return (syntax, bag.Diagnostics.ToList());
    }

    /// <summary>A compact, fully parenthesised rendering of a tree, to check shape and precedence.</summary>
    private static string Shape(ExpressionSyntax node) => node switch
    {
        LiteralSyntax literal => literal.Token.Text,
        NameSyntax name => name.Name,
        MemberAccessSyntax member => Shape(member.Target) + (member.NullConditional ? "?." : ".") + member.Name.Text,
        IndexSyntax index => Shape(index.Target) + (index.NullConditional ? "?[" : "[") + Shape(index.Index) + "]",
        CallSyntax call => (call.Target is null ? string.Empty : Shape(call.Target) + (call.NullConditional ? "?." : "."))
                           + call.Name.Text + "(" + string.Join(", ", call.Arguments.Select(Shape)) + ")",
        LambdaSyntax lambda => lambda.Parameter.Text + " => " + Shape(lambda.Body),
        UnarySyntax unary => "(" + TokenKindFacts.Text(unary.Operator.Kind) + Shape(unary.Operand) + ")",
        BinarySyntax binary => "(" + Shape(binary.Left) + " " + (binary.Negated ? "not in" : TokenKindFacts.Text(binary.Operator.Kind)) + " " + Shape(binary.Right) + ")",
        ConditionalSyntax conditional => "(" + Shape(conditional.Condition) + " ? " + Shape(conditional.WhenTrue) + " : " + Shape(conditional.WhenFalse) + ")",
        ListSyntax list => "[" + string.Join(", ", list.Items.Select(Shape)) + "]",
        _ => "<error>",
    };

    private static string ShapeOf(string text)
    {
        var (syntax, diagnostics) = Parse(text);
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
        return Shape(syntax);
    }

    [Theory]
    [InlineData("1 + 2 * 3", "(1 + (2 * 3))")]
    [InlineData("1 * 2 + 3", "((1 * 2) + 3)")]
    [InlineData("10 - 4 - 3", "((10 - 4) - 3)")]
    [InlineData("24 / 4 / 2", "((24 / 4) / 2)")]
    [InlineData("2 * 3 % 4", "((2 * 3) % 4)")]
    [InlineData("-2 * 3", "((-2) * 3)")]
    [InlineData("- -a", "(-(-a))")]
    [InlineData("!a && b", "((!a) && b)")]
    [InlineData("not a and b", "((!a) && b)")]
    [InlineData("a || b && c", "(a || (b && c))")]
    [InlineData("a or b and c", "(a || (b && c))")]
    [InlineData("a && b || c", "((a && b) || c)")]
    [InlineData("a == b && c != d", "((a == b) && (c != d))")]
    [InlineData("a < b == c > d", "((a < b) == (c > d))")]
    [InlineData("a + 1 < b * 2", "((a + 1) < (b * 2))")]
    [InlineData("a in [1, 2] && b", "((a in [1, 2]) && b)")]
    [InlineData("a not in xs || b", "((a not in xs) || b)")]
    [InlineData("a + 1 in xs", "((a + 1) in xs)")]
    [InlineData("a ?? b || c", "(a ?? (b || c))")]
    [InlineData("a ?? b ?? c", "(a ?? (b ?? c))")]
    [InlineData("a ? b : c ? d : e", "(a ? b : (c ? d : e))")]
    [InlineData("a ? b ? c : d : e", "(a ? (b ? c : d) : e)")]
    [InlineData("a ?? b ? c : d", "((a ?? b) ? c : d)")]
    [InlineData("a || b ? 1 : 2", "((a || b) ? 1 : 2)")]
    [InlineData("(1 + 2) * 3", "((1 + 2) * 3)")]
    public void Operators_follow_CSharp_precedence_and_associativity(string text, string expected)
    {
        Assert.Equal(expected, ShapeOf(text));
    }

    [Theory]
    [InlineData("a.b.c", "a.b.c")]
    [InlineData("a?.b?.c", "a?.b?.c")]
    [InlineData("xs[0].type", "xs[0].type")]
    [InlineData("xs?[0]?.type", "xs?[0]?.type")]
    [InlineData("xs.Any(x => x.a > 1)", "xs.Any(x => (x.a > 1))")]
    [InlineData("xs.Any(x => x.ys.All(y => y.b))", "xs.Any(x => x.ys.All(y => y.b))")]
    [InlineData("xs.Distinct().Count()", "xs.Distinct().Count()")]
    [InlineData("min(a, b, 3)", "min(a, b, 3)")]
    [InlineData("-a.b", "(-a.b)")]
    [InlineData("!xs.Any()", "(!xs.Any())")]
    [InlineData("[1, [2, 3]][1][0]", "[1, [2, 3]][1][0]")]
    [InlineData("xs?.Count()", "xs?.Count()")]
    public void Postfix_forms_bind_tightest(string text, string expected)
    {
        Assert.Equal(expected, ShapeOf(text));
    }

    [Fact]
    public void Nodes_carry_spans_covering_their_text()
    {
        var (syntax, _) = Parse("  a.b + f(1, 2)");
        var binary = Assert.IsType<BinarySyntax>(syntax);
        Assert.Equal(new TextSpan(2, 13), binary.Span);
        Assert.Equal(new TextSpan(2, 3), binary.Left.Span);
        Assert.Equal(new TextSpan(8, 7), binary.Right.Span);
    }

    [Fact]
    public void Not_in_is_one_operator_with_a_span_over_both_words()
    {
        var (syntax, _) = Parse("a not  in xs");
        var binary = Assert.IsType<BinarySyntax>(syntax);
        Assert.True(binary.Negated);
        Assert.Equal(new TextSpan(2, 7), binary.Operator.Span);
    }

    [Fact]
    public void Parentheses_do_not_make_nodes_but_keep_the_inner_span()
    {
        var (syntax, _) = Parse("((a))");
        Assert.Equal(new TextSpan(2, 1), Assert.IsType<NameSyntax>(syntax).Span);
    }

    [Theory]
    [InlineData("", DiagnosticCodes.EmptyExpression)]
    [InlineData("   ", DiagnosticCodes.EmptyExpression)]
    [InlineData("a +", DiagnosticCodes.UnexpectedToken)]
    [InlineData("(a", DiagnosticCodes.UnexpectedToken)]
    [InlineData("a b", DiagnosticCodes.TrailingTokens)]
    [InlineData("a)", DiagnosticCodes.TrailingTokens)]
    [InlineData("x => x", DiagnosticCodes.LambdaNotAllowed)]
    [InlineData("typeof(a)", DiagnosticCodes.ReservedWord)]
    [InlineData("a ? b", DiagnosticCodes.UnexpectedToken)]
    [InlineData("a.", DiagnosticCodes.UnexpectedToken)]
    [InlineData("a[]", DiagnosticCodes.UnexpectedToken)]
    [InlineData("f(1", DiagnosticCodes.UnexpectedToken)]
    [InlineData("[1, 2", DiagnosticCodes.UnexpectedToken)]
    public void Grammar_errors_have_stable_codes(string text, string code)
    {
        var (_, diagnostics) = Parse(text);
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.Equal(code, d.Code));
    }

    [Fact]
    public void Missing_closing_parenthesis_points_at_the_last_character()
    {
        var (_, diagnostics) = Parse("(age + 1");
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal((1, 8, 1), (diagnostic.Location.Line, diagnostic.Location.Column, diagnostic.Location.Length));
        Assert.Contains("expected ')'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_tokens_are_reported_once_with_a_span_to_the_end()
    {
        var (_, diagnostics) = Parse("age 1 2 3");
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.TrailingTokens, diagnostic.Code);
        Assert.Equal((5, 5), (diagnostic.Location.Column, diagnostic.Location.Length));
    }

    [Fact]
    public void Parsing_recovers_and_reports_several_errors()
    {
        var (_, diagnostics) = Parse("(1 + ) * (2 + ) * (3 +)");
        Assert.True(diagnostics.Count >= 3, string.Join("\n", diagnostics));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticCodes.UnexpectedToken, d.Code));
        Assert.Equal(diagnostics.Count, diagnostics.Select(d => d.Location.Column).Distinct().Count());
    }

    [Fact]
    public void A_reserved_word_skips_its_operand_so_only_one_error_shows()
    {
        var (syntax, diagnostics) = Parse("new System.Net.WebClient().DownloadString(\"x\")");
        Assert.Equal(DiagnosticCodes.ReservedWord, Assert.Single(diagnostics).Code);
        Assert.IsType<ErrorSyntax>(syntax);
    }

    [Fact]
    public void A_reserved_word_stops_skipping_at_a_logical_operator()
    {
        var (syntax, diagnostics) = Parse("new Foo() && a");
        Assert.Equal(DiagnosticCodes.ReservedWord, Assert.Single(diagnostics).Code);
        var binary = Assert.IsType<BinarySyntax>(syntax);
        Assert.IsType<NameSyntax>(binary.Right);
    }

    [Fact]
    public void Lambdas_are_only_parsed_as_arguments()
    {
        var (syntax, diagnostics) = Parse("xs.Any(x => x > 1) && (y => y)");
        Assert.Equal(DiagnosticCodes.LambdaNotAllowed, Assert.Single(diagnostics).Code);
        var binary = Assert.IsType<BinarySyntax>(syntax);
        Assert.IsType<LambdaSyntax>(Assert.IsType<CallSyntax>(binary.Left).Arguments[0]);
    }

    [Fact]
    public void Nesting_up_to_the_depth_limit_parses()
    {
        var limits = new RuleSetLimits { MaxExpressionDepth = 10 };
        var (_, ok) = Parse(new string('(', 9) + "1" + new string(')', 9), limits);
        Assert.Empty(ok);
        var (_, tooDeep) = Parse(new string('(', 10) + "1" + new string(')', 10), limits);
        Assert.Equal(DiagnosticCodes.NestedTooDeeply, Assert.Single(tooDeep).Code);
    }

    [Fact]
    public void Tree_height_is_limited_for_left_associative_chains()
    {
        var limits = new RuleSetLimits { MaxExpressionDepth = 10 };
        var (_, ok) = Parse(string.Join(" + ", Enumerable.Repeat("a", 10)), limits);
        Assert.Empty(ok);
        var (_, tooDeep) = Parse(string.Join(" + ", Enumerable.Repeat("a", 11)), limits);
        Assert.Equal(DiagnosticCodes.NestedTooDeeply, Assert.Single(tooDeep).Code);
    }

    [Fact]
    public void Over_long_expressions_are_rejected_before_lexing()
    {
        var (syntax, diagnostics) = Parse("a + b + c", new RuleSetLimits { MaxExpressionLength = 5 });
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.ExpressionTooLong, diagnostic.Code);
        Assert.Contains("9 characters long; the limit is 5", diagnostic.Message, StringComparison.Ordinal);
        Assert.IsType<ErrorSyntax>(syntax);
    }

    [Fact]
    public void Syntax_printer_prints_every_node_with_its_span()
    {
        var (syntax, _) = Parse("xs?[0].a + f(-1)");
        Assert.Equal(
            """
            Binary + [0..16)
              MemberAccess a [0..8)
                Index?[] [0..6)
                  Name xs [0..2)
                  Literal 0 [4..5)
              Call f [11..16)
                Unary - [13..15)
                  Literal 1 [14..15)

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            SyntaxPrinter.Print(syntax));
    }
}
