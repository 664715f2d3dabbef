using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Tests.Expressions;

/// <summary>How expression diagnostics are located and rendered with a caret under the offending text.</summary>
public sealed class DiagnosticTests
{
    [Fact]
    public void Render_prints_the_message_the_line_and_a_caret_under_the_span()
    {
        var result = TestSchema.Check("age > 1 && rosch == \"HIGH\"");
        var diagnostic = Assert.Single(result.Diagnostics.Diagnostics);
        Assert.Equal(
            "(1,12): error RT0201: unknown input 'rosch'; did you mean 'rosh'?\n" +
            "age > 1 && rosch == \"HIGH\"\n" +
            "           ^^^^^",
            diagnostic.Render(result.Source.GetLine(0)));
    }

    [Fact]
    public void Render_points_into_the_right_line_of_a_multi_line_expression()
    {
        var result = TestSchema.Check("age > 1\r\n  && agee < 3");
        var diagnostic = Assert.Single(result.Diagnostics.Diagnostics);
        Assert.Equal((2, 6), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal(
            "(2,6): error RT0201: unknown input 'agee'; did you mean 'age'?\n" +
            "  && agee < 3\n" +
            "     ^^^^",
            diagnostic.Render(result.Source.GetLine(diagnostic.Location.Line - 1)));
    }

    [Fact]
    public void Render_replaces_tabs_so_the_caret_lines_up()
    {
        var result = TestSchema.Check("\tagee");
        var diagnostic = Assert.Single(result.Diagnostics.Diagnostics);
        Assert.Equal(" agee\n ^^^^", diagnostic.Render(result.Source.GetLine(0)).Split('\n', 2)[1]);
    }

    [Fact]
    public void Render_keeps_the_caret_on_the_line_for_a_span_at_the_end()
    {
        var result = TestSchema.Check("age +");
        var diagnostic = Assert.Single(result.Diagnostics.Diagnostics);
        Assert.EndsWith("age +\n    ^", diagnostic.Render(result.Source.GetLine(0)), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_clamps_a_span_that_runs_past_its_line()
    {
        var diagnostic = new Diagnostic(DiagnosticCodes.UnexpectedToken, DiagnosticSeverity.Error, "m", new SourceLocation(null, 1, 3, 50), null);
        Assert.Equal("(1,3): error RT0101: m\nabcd\n  ^^", diagnostic.Render("abcd"));
        var beyond = new Diagnostic(DiagnosticCodes.UnexpectedToken, DiagnosticSeverity.Error, "m", new SourceLocation(null, 1, 40, 1), null);
        Assert.Equal("(1,40): error RT0101: m\nab\n  ^", beyond.Render("ab"));
    }

    [Fact]
    public void Render_without_a_line_prints_the_message_only()
    {
        var diagnostic = TestSchema.Single("agee");
        Assert.Equal(diagnostic.ToString(), diagnostic.Render(null));
    }

    [Fact]
    public void ToString_uses_the_compiler_form_with_the_file_when_known()
    {
        var withFile = new Diagnostic(DiagnosticCodes.UnknownName, DiagnosticSeverity.Warning, "careful", new SourceLocation("rules/a.json", 3, 7, 2), "values.x");
        Assert.Equal("rules/a.json(3,7): warning RT0201: careful", withFile.ToString());
        Assert.False(withFile.IsError);
        Assert.Equal("values.x", withFile.JsonPath);
    }

    [Fact]
    public void Diagnostics_of_an_expression_have_no_file_and_a_span_of_at_least_one_character()
    {
        var result = TestSchema.Check(string.Empty);
        var diagnostic = Assert.Single(result.Diagnostics.Diagnostics);
        Assert.Equal(new SourceLocation(null, 1, 1, 1), diagnostic.Location);
        Assert.Equal("(1,1): error RT0105: the expression is empty; write a value or a condition\n\n^", diagnostic.Render(result.Source.GetLine(0)));
    }

    [Fact]
    public void Bag_keeps_the_expression_span_of_each_diagnostic()
    {
        var result = TestSchema.Check("agee + scroe");
        var entries = result.Diagnostics.Entries;
        Assert.Equal([new TextSpan(0, 4), new TextSpan(7, 5)], entries.Select(e => e.Span!.Value));
        Assert.Equal(2, result.Diagnostics.ErrorCount);
    }

    [Fact]
    public void Source_text_maps_offsets_to_lines_and_columns()
    {
        var source = new SourceText("ab\r\ncd\nef");
        Assert.Equal((0, 0), source.GetLineColumn(0));
        Assert.Equal((1, 1), source.GetLineColumn(5));
        Assert.Equal((2, 2), source.GetLineColumn(9));
        Assert.Equal((2, 2), source.GetLineColumn(99));
        Assert.Equal("ab", source.GetLine(0));
        Assert.Equal("cd", source.GetLine(1));
        Assert.Equal("ef", source.GetLine(2));
    }

    [Fact]
    public void Name_suggestions_allow_more_typos_in_longer_names()
    {
        string[] names = ["rosh", "age", "yearsSinceRelease", "ogrs3"];
        Assert.Equal("rosh", NameSuggester.Suggest("rosch", names));
        Assert.Equal("age", NameSuggester.Suggest("aeg", names));
        Assert.Null(NameSuggester.Suggest("xyz", names));
        Assert.Equal("yearsSinceRelease", NameSuggester.Suggest("yaersSinceReleas", names));
        Assert.Equal("ogrs3", NameSuggester.Suggest("OGRS3", names));
        Assert.Null(NameSuggester.Suggest(new string('a', 100), names));
        Assert.Equal(string.Empty, NameSuggester.Hint("completelyDifferent", names));
        Assert.Equal("; did you mean 'rosh'?", NameSuggester.Hint("rsoh", names));
    }
}
