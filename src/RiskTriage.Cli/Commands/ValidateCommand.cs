using Newtonsoft.Json;
using RiskTriage.Cli.Input;
using RiskTriage.Diagnostics;

namespace RiskTriage.Cli.Commands;

/// <summary><c>risktriage validate &lt;ruleset&gt; [--format text|json]</c>: loads and checks a rule set and lists every diagnostic.</summary>
public static class ValidateCommand
{
    /// <summary>Runs the command.</summary>
    /// <returns>0 when the rule set has no errors (warnings allowed), 1 otherwise.</returns>
    public static int Run(string ruleSetPath, string format, CliConsole console)
    {
        RuleSet? ruleSet;
        IReadOnlyList<Diagnostic> diagnostics;
        bool loaded;
        if (BuiltInRuleSets.IsBuiltIn(ruleSetPath))
        {
            // A built-in rule set cannot have errors (it would not have been built); its warnings are still listed.
            ruleSet = BuiltInRuleSets.Load(ruleSetPath);
            diagnostics = ruleSet.Warnings;
            loaded = true;
        }
        else if (!File.Exists(ruleSetPath) && !Directory.Exists(ruleSetPath))
        {
            throw new CliException($"cannot read rule set '{ruleSetPath}': no such file or folder");
        }
        else
        {
            loaded = RuleSet.TryLoad(ruleSetPath, out ruleSet, out diagnostics);
        }

        var printer = new DiagnosticPrinter(ruleSetPath);
        if (format == "json")
        {
            using var json = new JsonTextWriter(console.Out) { Formatting = Formatting.Indented, CloseOutput = false };
            json.WriteStartArray();
            foreach (var d in diagnostics)
            {
                json.WriteStartObject();
                json.WritePropertyName("file");
                json.WriteValue(printer.DisplayFile(d));
                json.WritePropertyName("line");
                json.WriteValue(d.Location.Line);
                json.WritePropertyName("column");
                json.WriteValue(d.Location.Column);
                json.WritePropertyName("length");
                json.WriteValue(d.Location.Length);
                json.WritePropertyName("severity");
                json.WriteValue(d.Severity.ToString().ToLowerInvariant());
                json.WritePropertyName("code");
                json.WriteValue(d.Code);
                json.WritePropertyName("message");
                json.WriteValue(d.Message);
                json.WritePropertyName("jsonPath");
                json.WriteValue(d.JsonPath);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.Flush();
            console.Out.Write('\n');
        }
        else
        {
            foreach (var d in diagnostics)
            {
                console.Out.WriteLine(printer.Render(d));
                console.Out.WriteLine();
            }

            var summary = DiagnosticPrinter.Count(diagnostics);
            console.Out.WriteLine(loaded
                ? $"{ruleSet!.Identity.Name} {ruleSet.Identity.Version}: {summary}"
                : $"{summary}: the rule set cannot be used until the errors are fixed");
        }

        return loaded ? ExitCodes.Success : ExitCodes.Failure;
    }
}
