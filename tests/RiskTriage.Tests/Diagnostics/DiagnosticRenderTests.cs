using RiskTriage.Diagnostics;

namespace RiskTriage.Tests.Diagnostics;

/// <summary>How a diagnostic shows its source line: whole when short, a window around the span when long, never raw control characters.</summary>
public sealed class DiagnosticRenderTests
{
    private static Diagnostic At(int column, int length) =>
        new(DiagnosticCodes.JsonSyntax, DiagnosticSeverity.Error, "m", new SourceLocation("f.json", 1, column, length), null);

    private static (string Line, string Caret) Shown(Diagnostic diagnostic, string line)
    {
        var parts = diagnostic.Render(line).Split('\n');
        Assert.Equal(3, parts.Length);
        return (parts[1], parts[2]);
    }

    /// <summary>A 161 KB line with 5,000 errors printed 1.36 GB: every diagnostic echoed the whole line.</summary>
    [Fact]
    public void A_long_line_is_cut_to_a_window_around_the_span_with_the_caret_under_it()
    {
        var line = new string('x', 100_000) + "WRONG" + new string('y', 100_000);

        var (shown, caret) = Shown(At(100_001, 5), line);

        Assert.True(shown.Length <= 162, $"{shown.Length} characters shown");
        Assert.StartsWith("…", shown, StringComparison.Ordinal);
        Assert.EndsWith("…", shown, StringComparison.Ordinal);
        Assert.Equal("WRONG", shown.Substring(caret.IndexOf('^'), 5));
        Assert.Equal("^^^^^", caret.TrimStart());
    }

    [Fact]
    public void The_start_and_the_end_of_a_long_line_are_cut_only_on_the_side_that_is_long()
    {
        var line = "BAD" + new string('x', 1_000) + "END";

        var (start, startCaret) = Shown(At(1, 3), line);
        var (end, endCaret) = Shown(At(1_004, 3), line);

        Assert.Equal(("BAD", "^^^"), (start[..3], startCaret));
        Assert.EndsWith("x…", start, StringComparison.Ordinal);
        Assert.StartsWith("…x", end, StringComparison.Ordinal);
        Assert.EndsWith("END", end, StringComparison.Ordinal);
        Assert.Equal("END", end.Substring(endCaret.IndexOf('^'), 3));
    }

    [Fact]
    public void A_span_wider_than_the_window_is_underlined_to_the_window_s_end()
    {
        var (shown, caret) = Shown(At(1, 5_000), new string('x', 5_000));

        Assert.EndsWith("…", shown, StringComparison.Ordinal);
        Assert.Equal(new string('^', shown.Length - 1), caret);
    }

    [Fact]
    public void A_short_line_is_shown_whole()
    {
        var line = new string('x', 160);

        Assert.Equal((line, new string(' ', 150) + "^"), Shown(At(151, 1), line));
    }

    /// <summary>ANSI escape sequences in a rule file reached the terminal as they were.</summary>
    [Fact]
    public void Control_characters_are_escaped_and_the_caret_stays_under_its_character()
    {
        var (shown, caret) = Shown(At(8, 1), "\"\u001b[2J\u009b\"B\u202e\"");

        Assert.Equal("\"\\u001B[2J\\u009B\"B\\u202E\"", shown);
        Assert.Equal('B', shown[caret.IndexOf('^')]);
        Assert.DoesNotContain(shown, Diagnostic.IsUnsafeForTerminal);
    }

    [Fact]
    public void Render_without_an_argument_shows_the_line_the_loader_kept()
    {
        var diagnostics = RuleSetSources.Errors("{\n  \"inputs\": { \"age\": numbr }\n}");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("  \"inputs\": { \"age\": numbr }", diagnostic.SourceLine);
        Assert.Equal(diagnostic.Render(diagnostic.SourceLine), diagnostic.Render());
    }
}
