using System.Text;
using RiskTriage.Diagnostics;

namespace RiskTriage.Tests;

/// <summary>
/// Builds rule sets from text held in the tests and renders their diagnostics the way a policy author sees them:
/// <c>file(line,col): error RTxxxx: message</c>, the source line, and a caret under the span.
/// </summary>
internal static class RuleSetSources
{
    /// <summary>The usual opening of a one-file test rule set (the "ruleSet" declaration and a comma).</summary>
    public const string Header = "\"ruleSet\": { \"name\": \"test\", \"version\": \"1\" },";

    /// <summary>One file called <c>rules.json</c>.</summary>
    public static Dictionary<string, string> One(string json) => new(StringComparer.Ordinal) { ["rules.json"] = json };

    /// <summary>Loads a one-file rule set that must load (the exception lists the diagnostics when it does not).</summary>
    public static RuleSet Load(string json, RuleSetOptions? options = null) => RuleSet.LoadFromSources(One(json), options);

    /// <summary>The diagnostics of a rule set that must fail to load.</summary>
    public static IReadOnlyList<Diagnostic> Errors(IReadOnlyDictionary<string, string> files, RuleSetOptions? options = null)
    {
        var exception = Assert.Throws<RuleSetException>(() => RuleSet.LoadFromSources(files, options));
        return exception.Diagnostics;
    }

    /// <summary>The diagnostics of a one-file rule set that must fail to load.</summary>
    public static IReadOnlyList<Diagnostic> Errors(string json, RuleSetOptions? options = null) => Errors(One(json), options);

    /// <summary>The top-level .json files of a folder, keyed by file name, as <see cref="RuleSet.LoadFromSources"/> takes them.</summary>
    public static Dictionary<string, string> ReadFolder(string folder) =>
        Directory.GetFiles(folder, "*.json", SearchOption.TopDirectoryOnly)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToDictionary(p => Path.GetFileName(p), File.ReadAllText, StringComparer.Ordinal);

    /// <summary>The text of line <paramref name="line"/> (1-based) of a file, or null.</summary>
    public static string? Line(IReadOnlyDictionary<string, string> files, string? file, int line)
    {
        if (file is null || !files.TryGetValue(file, out var text))
        {
            return null;
        }

        var lines = text.Split('\n');
        return line >= 1 && line <= lines.Length ? lines[line - 1].TrimEnd('\r') : null;
    }

    /// <summary>Every diagnostic rendered with its source line and caret, separated by blank lines; "" when there are none.</summary>
    public static string Render(IEnumerable<Diagnostic> diagnostics, IReadOnlyDictionary<string, string> files)
    {
        var sb = new StringBuilder();
        foreach (var diagnostic in diagnostics)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(diagnostic.Render(Line(files, diagnostic.Location.File, diagnostic.Location.Line))).Append('\n');
        }

        return sb.ToString();
    }
}
