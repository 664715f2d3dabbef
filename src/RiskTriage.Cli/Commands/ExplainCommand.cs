using Newtonsoft.Json.Linq;
using RiskTriage.Cli.Explain;
using RiskTriage.Cli.Input;

namespace RiskTriage.Cli.Commands;

/// <summary><c>risktriage explain &lt;ruleset&gt; &lt;case-file&gt;</c>: a readable account of one decision, from its full trace.</summary>
public static class ExplainCommand
{
    /// <summary>Runs the command.</summary>
    /// <returns>0 when the case was decided, 2 when it is invalid, 1 for usage or file errors.</returns>
    public static int Run(string ruleSetPath, string casePath, CliConsole console)
    {
        var ruleSet = RuleSetLoading.Load(ruleSetPath, console);
        var stdin = InputFiles.IsStdin(casePath);
        var name = stdin ? "<stdin>" : casePath;
        var text = InputFiles.ReadAtMost(casePath, "case file", console.In, RuleSetLimits.Default.MaxCaseLength);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw CliException.At(name, 1, 1, "the case file is empty; it must hold one JSON case { ... }");
        }

        if (JsonText.SyntaxError(text) is { } syntax)
        {
            throw CliException.At(name, syntax.Line, syntax.Column, "not valid JSON: " + syntax.Message);
        }

        var caseJson = TryParseObject(text);
        if (caseJson is null && text.TrimStart().StartsWith('['))
        {
            throw CliException.At(name, 1, 1, "explain takes one case { ... }, but the file holds a list; use 'risktriage eval' for a batch");
        }

        var decision = ruleSet.Evaluate(text, TraceDetail.Full);
        var outline = RuleSetOutline.Read(ruleSet);
        new Explainer(ruleSet, decision, outline, caseJson).Write(console.Out);
        return decision.Status == DecisionStatus.Invalid ? ExitCodes.InvalidCases : ExitCodes.Success;
    }

    private static JObject? TryParseObject(string text)
    {
        try
        {
            using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(text)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
            return JToken.ReadFrom(reader, new JsonLoadSettings { CommentHandling = CommentHandling.Ignore }) as JObject;
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }
}
