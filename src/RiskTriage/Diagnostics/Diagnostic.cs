using System.Globalization;
using System.Text;

namespace RiskTriage.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>For information only: nothing needs fixing (also the value of an unset severity).</summary>
    Info = 0,

    /// <summary>Worth a look; the rule set still loads.</summary>
    Warning = 1,

    /// <summary>The rule set cannot be compiled until this is fixed.</summary>
    Error = 2,
}

/// <summary>
/// A place in a source: a rule file (or an expression on its own), with 1-based line and column.
/// </summary>
/// <param name="File">The file path as given to the loader, or <c>null</c> for an expression on its own.</param>
/// <param name="Line">1-based line of the first character.</param>
/// <param name="Column">1-based column of the first character.</param>
/// <param name="Length">How many characters the span covers on that line (at least 1 when rendered).</param>
public readonly record struct SourceLocation(string? File, int Line, int Column, int Length)
{
    /// <summary>Formats the location as <c>file(line,col)</c>, or <c>(line,col)</c> without a file.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{File}({Line},{Column})");
}

/// <summary>
/// One problem found while reading, checking or compiling rules or cases. Every diagnostic has a stable
/// code (<c>RTxxxx</c>), a message written for policy authors, and a location.
/// </summary>
public sealed class Diagnostic
{
    /// <summary>Longest source line <see cref="Render()"/> shows whole; a longer one is cut to a window around the span.</summary>
    private const int MaxShownLine = 160;

    /// <summary>How much of a long line is shown before the span's first character.</summary>
    private const int ShownBeforeSpan = 40;

    internal Diagnostic(string code, DiagnosticSeverity severity, string message, SourceLocation location, string? jsonPath, string? sourceLine = null)
    {
        Code = code;
        Severity = severity;
        Message = message;
        Location = location;
        JsonPath = jsonPath;
        SourceLine = sourceLine;
    }

    /// <summary>The stable code, e.g. <c>RT0201</c>. Tests and tooling should match on this, not on the message.</summary>
    public string Code { get; }

    /// <summary>Error, warning or information.</summary>
    public DiagnosticSeverity Severity { get; }

    /// <summary>What is wrong and, where possible, how to fix it.</summary>
    public string Message { get; }

    /// <summary>Where the problem is.</summary>
    public SourceLocation Location { get; }

    /// <summary>The JSON path of the offending value in a rule file (e.g. <c>scorecards.protect.rows[2].when</c>), when known.</summary>
    public string? JsonPath { get; }

    /// <summary>True for <see cref="DiagnosticSeverity.Error"/>.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>
    /// The text of the line <see cref="Location"/> points into, as the loader read it (without its line break), or
    /// <c>null</c> when there is none: the file could not be read, or it was never read because it is not a rule file.
    /// Tools show it with <see cref="Render()"/> instead of opening the file again, which may have changed or may not be safe to read.
    /// </summary>
    public string? SourceLine { get; }

    internal Diagnostic WithLocation(SourceLocation location, string? jsonPath) =>
        new(Code, Severity, Message, location, jsonPath ?? JsonPath);

    internal Diagnostic WithSourceLine(string? sourceLine) =>
        new(Code, Severity, Message, Location, JsonPath, sourceLine);

    /// <summary>Formats as <c>file(line,col): error RT0201: message</c>, the form compilers and editors understand.</summary>
    public override string ToString()
    {
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{Location}: {severity} {Code}: {Message}");
    }

    /// <summary>Formats the diagnostic followed by its <see cref="SourceLine"/> and a caret under the span, as <see cref="Render(string?)"/> does.</summary>
    public string Render() => Render(SourceLine);

    /// <summary>
    /// Formats the diagnostic followed by the offending source line and a caret under the span. Control characters
    /// in the line are shown escaped (<c>\u001B</c>) and tabs as spaces, so the line cannot drive a terminal and the
    /// caret stays under its character. A line longer than 160 characters is cut to a window around the span, with
    /// <c>…</c> where text was left out.
    /// </summary>
    /// <param name="sourceLine">The text of the line the diagnostic points into, or <c>null</c> to print the message alone.</param>
    public string Render(string? sourceLine)
    {
        var sb = new StringBuilder(ToString());
        if (sourceLine is null)
        {
            return sb.ToString();
        }

        var start = Math.Clamp(Location.Column, 1, sourceLine.Length + 1) - 1;
        var end = Math.Min(sourceLine.Length, start + Math.Max(1, Location.Length));

        // Only the shown window is measured: a diagnostic costs the same on a 100 KB line as on a short one.
        var from = 0;
        var to = sourceLine.Length;
        if (sourceLine.Length > MaxShownLine || ShownWidth(sourceLine, 0, sourceLine.Length) > MaxShownLine)
        {
            // Show the span with some text before it; a span wider than the window is cut at the window's end.
            from = start;
            for (var before = 0; from > 0 && before + ShownWidth(sourceLine[from - 1]) <= ShownBeforeSpan; from--)
            {
                before += ShownWidth(sourceLine[from - 1]);
            }

            to = from;
            for (var width = 0; to < sourceLine.Length && width + ShownWidth(sourceLine[to]) <= MaxShownLine; to++)
            {
                width += ShownWidth(sourceLine[to]);
            }
        }

        sb.Append('\n');
        var lead = 0;
        if (from > 0)
        {
            sb.Append('…');
            lead = 1;
        }

        for (var i = from; i < to; i++)
        {
            AppendShown(sb, sourceLine[i]);
        }

        if (to < sourceLine.Length)
        {
            sb.Append('…');
        }

        var caretStart = Math.Clamp(start, from, to);
        var caretEnd = Math.Clamp(end, caretStart, to);
        sb.Append('\n').Append(' ', lead + ShownWidth(sourceLine, from, caretStart)).Append('^', Math.Max(1, ShownWidth(sourceLine, caretStart, caretEnd)));
        return sb.ToString();
    }

    private static int ShownWidth(string text, int from, int to)
    {
        var width = 0;
        for (var i = from; i < to; i++)
        {
            width += ShownWidth(text[i]);
        }

        return width;
    }

    /// <summary>
    /// True for characters that must not reach a terminal as they are: C0 and C1 controls (ESC starts ANSI sequences),
    /// DEL, and the bidirectional overrides and isolates that make text display in another order than it is read.
    /// </summary>
    internal static bool IsUnsafeForTerminal(char c) =>
        c < ' ' || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    private static int ShownWidth(char c) => c != '\t' && IsUnsafeForTerminal(c) ? 6 : 1;

    private static void AppendShown(StringBuilder sb, char c)
    {
        if (c == '\t')
        {
            sb.Append(' ');
        }
        else if (IsUnsafeForTerminal(c))
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
        }
        else
        {
            sb.Append(c);
        }
    }
}
