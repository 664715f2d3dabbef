using RiskTriage.Diagnostics;

namespace RiskTriage.Cli;

/// <summary>
/// Prints diagnostics as <c>file(line,col): error RTxxxx: message</c> with the offending source line and a caret.
/// File names are shown as the user would open them: joined to the rule-set folder given on the command line.
/// </summary>
internal sealed class DiagnosticPrinter(string ruleSetPath)
{
    /// <summary>The path of the diagnostic's file as the user gave the rule set (e.g. <c>rules/probation/tiering.json</c>).</summary>
    public string? DisplayFile(Diagnostic diagnostic) => DisplayFile(diagnostic.Location.File);

    private string? DisplayFile(string? file)
    {
        if (file is null)
        {
            return null;
        }

        if (Directory.Exists(ruleSetPath) && IsEntry(Path.Combine(ruleSetPath, file)))
        {
            return Path.Join(ruleSetPath, file).Replace('\\', '/');
        }

        if (File.Exists(ruleSetPath) && string.Equals(Path.GetFileName(ruleSetPath), file, StringComparison.Ordinal))
        {
            return ruleSetPath.Replace('\\', '/');
        }

        return file;
    }

    /// <summary>A file, folder or link (even a broken one) in the rule-set folder; looked up, never opened.</summary>
    private static bool IsEntry(string path) => Path.Exists(path) || new FileInfo(path).LinkTarget is not null;

    /// <summary>
    /// The diagnostic, its source line and a caret under the span. The line is the one the loader read
    /// (<see cref="Diagnostic.SourceLine"/>): the printer never opens a rule file, which may have changed since, may
    /// never end (a device) or block (a pipe), or may not be a rule file at all.
    /// </summary>
    public string Render(Diagnostic diagnostic)
    {
        var rendered = diagnostic.Render();
        var file = diagnostic.Location.File;
        var display = DisplayFile(file);
        return file is not null && display != file && rendered.StartsWith(file, StringComparison.Ordinal)
            ? display + rendered[file.Length..]
            : rendered;
    }

    /// <summary>"2 errors, 1 warning".</summary>
    public static string Count(IReadOnlyCollection<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        var warnings = diagnostics.Count - errors;
        return $"{errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}";
    }
}

/// <summary>Loads a rule set for a command, or reports its diagnostics and fails.</summary>
internal static class RuleSetLoading
{
    /// <param name="path">The rule set's file or folder, or a built-in set's name.</param>
    /// <param name="console">Where the diagnostics of a rule set that cannot be loaded are written.</param>
    /// <param name="backend">How the loaded rule set evaluates; <c>eval</c> asks for <see cref="RuleSetBackend.Tiered"/>
    /// so its first decision does not wait for the compiler, or for <see cref="RuleSetBackend.Interpreted"/> for a small
    /// cases file (<see cref="Commands.EvalCommand.BackendFor"/>).</param>
    /// <exception cref="CliException">The rule set cannot be loaded; its diagnostics have been written to standard error.</exception>
    public static RuleSet Load(string path, CliConsole console, RuleSetBackend backend = RuleSetBackend.Compiled)
    {
        var options = new RuleSetOptions { Backend = backend };
        if (Input.BuiltInRuleSets.IsBuiltIn(path))
        {
            return Input.BuiltInRuleSets.Load(path, options);
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new CliException($"cannot read rule set '{path}': no such file or folder");
        }

        if (RuleSet.TryLoad(path, options, out var ruleSet, out var diagnostics))
        {
            return ruleSet!;
        }

        var printer = new DiagnosticPrinter(path);
        foreach (var diagnostic in diagnostics.Where(d => d.IsError))
        {
            console.Error.WriteLine(printer.Render(diagnostic));
        }

        throw new CliException($"the rule set '{path}' has {DiagnosticPrinter.Count(diagnostics)}; run 'risktriage validate {path}' for details");
    }
}
