using System.Globalization;
using System.Text;

namespace RiskTriage.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
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
    internal Diagnostic(string code, DiagnosticSeverity severity, string message, SourceLocation location, string? jsonPath)
    {
        Code = code;
        Severity = severity;
        Message = message;
        Location = location;
        JsonPath = jsonPath;
    }

    /// <summary>The stable code, e.g. <c>RT0201</c>. Tests and tooling should match on this, not on the message.</summary>
    public string Code { get; }

    /// <summary>Error or warning.</summary>
    public DiagnosticSeverity Severity { get; }

    /// <summary>What is wrong and, where possible, how to fix it.</summary>
    public string Message { get; }

    /// <summary>Where the problem is.</summary>
    public SourceLocation Location { get; }

    /// <summary>The JSON path of the offending value in a rule file (e.g. <c>scorecards.protect.rows[2].when</c>), when known.</summary>
    public string? JsonPath { get; }

    /// <summary>True for <see cref="DiagnosticSeverity.Error"/>.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    internal Diagnostic WithLocation(SourceLocation location, string? jsonPath) =>
        new(Code, Severity, Message, location, jsonPath ?? JsonPath);

    /// <summary>Formats as <c>file(line,col): error RT0201: message</c>, the form compilers and editors understand.</summary>
    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return string.Create(CultureInfo.InvariantCulture, $"{Location}: {severity} {Code}: {Message}");
    }

    /// <summary>
    /// Formats the diagnostic followed by the offending source line and a caret under the span.
    /// </summary>
    /// <param name="sourceLine">The text of the line the diagnostic points into, or <c>null</c> to print the message alone.</param>
    public string Render(string? sourceLine)
    {
        var sb = new StringBuilder(ToString());
        if (sourceLine is null)
        {
            return sb.ToString();
        }

        sb.Append('\n').Append(sourceLine.Replace('\t', ' ')).Append('\n');
        var column = Math.Clamp(Location.Column, 1, sourceLine.Length + 1);
        var width = Math.Max(1, Math.Min(Location.Length, sourceLine.Length - column + 1));
        sb.Append(' ', column - 1).Append('^', width);
        return sb.ToString();
    }
}
