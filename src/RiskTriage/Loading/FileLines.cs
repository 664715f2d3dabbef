using RiskTriage.Diagnostics;

namespace RiskTriage.Loading;

/// <summary>
/// The lines of a file that may not have parsed, split on first use: most files that fail have a diagnostic or two,
/// and a file that loads is served by its <see cref="RuleFile"/> instead. Invalid UTF-8 is shown as U+FFFD.
/// </summary>
internal sealed class FileLines(Func<string> text) : ISourceLines
{
    private string[]? _lines;

    public string? GetLine(int line)
    {
        _lines ??= text().TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        return line >= 1 && line <= _lines.Length ? _lines[line - 1] : null;
    }
}
