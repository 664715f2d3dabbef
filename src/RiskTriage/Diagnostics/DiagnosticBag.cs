using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Diagnostics;

/// <summary>
/// Collects diagnostics while a phase runs; phases never throw for bad input, they report here.
/// Expression diagnostics are first located inside the expression text and later mapped to the rule file.
/// </summary>
internal sealed class DiagnosticBag
{
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<string, ISourceLines> _sources = new(StringComparer.Ordinal);

    // Counted as they come: phases ask HasErrors after each element, and scanning the list each time was quadratic.
    private int _errors;

    public int Count => _entries.Count;

    public bool HasErrors => _errors > 0;

    public int ErrorCount => _errors;

    public IEnumerable<Diagnostic> Diagnostics => _entries.Select(e => e.Diagnostic);

    internal IReadOnlyList<Entry> Entries => _entries;

    /// <summary>Reports a diagnostic at a span of an expression's text.</summary>
    public void Report(SourceText source, TextSpan span, string code, DiagnosticSeverity severity, string message)
    {
        var (line, column) = source.GetLineColumn(span.Start);
        var location = new SourceLocation(null, line + 1, column + 1, Math.Max(1, span.Length));
        Add(new Entry(new Diagnostic(code, severity, message, location, null), span));
    }

    public void Error(SourceText source, TextSpan span, string code, string message) =>
        Report(source, span, code, DiagnosticSeverity.Error, message);

    /// <summary>Reports a diagnostic that already has its file location (rule-file level), with its source line when the file was read.</summary>
    public void Add(Diagnostic diagnostic)
    {
        if (diagnostic.SourceLine is null && diagnostic.Location.File is { } file && _sources.TryGetValue(file, out var source))
        {
            diagnostic = diagnostic.WithSourceLine(source.GetLine(diagnostic.Location.Line));
        }

        Add(new Entry(diagnostic, null));
    }

    /// <summary>
    /// Keeps the text of a file as read, so that its diagnostics carry their source line and nobody has to read the
    /// file a second time to show it. A later call for the same file replaces the earlier one.
    /// </summary>
    public void AddSource(string file, ISourceLines lines) => _sources[file] = lines;

    private void Add(Entry entry)
    {
        _entries.Add(entry);
        if (entry.Diagnostic.IsError)
        {
            _errors++;
        }
    }

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            Add(d);
        }
    }

    // A class, not a struct: the framework's lists and LINQ over a reference type are precompiled (ReadyToRun), over a
    // value type of ours they are compiled at run time, on the path to the first decision.
    internal sealed record Entry(Diagnostic Diagnostic, TextSpan? Span);
}

/// <summary>The lines of a file as it was read, by 1-based number.</summary>
internal interface ISourceLines
{
    /// <summary>The text of line <paramref name="line"/> without its line break, or null past the end.</summary>
    string? GetLine(int line);
}
