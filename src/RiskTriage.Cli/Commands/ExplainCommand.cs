using System.Globalization;
using RiskTriage.Cli.Explain;
using RiskTriage.Cli.Input;

namespace RiskTriage.Cli.Commands;

/// <summary>
/// <c>risktriage explain &lt;ruleset&gt; &lt;case-file&gt; [--case id]</c>: a readable account of one decision, from its
/// full trace. The case is the file's only case, or the one with the given id in a batch file.
/// </summary>
public static class ExplainCommand
{
    /// <summary>How many of a batch's case ids an error message names when the one asked for is not there.</summary>
    internal const int IdsNamed = 8;

    /// <summary>Runs the command.</summary>
    /// <param name="ruleSetPath">The rule-set folder or file.</param>
    /// <param name="casePath">The case file; <c>-</c> for standard input.</param>
    /// <param name="console">Where to read and write.</param>
    /// <param name="caseId">The id of the case to pick out of a batch (JSON array or NDJSON); null when the file holds one case.</param>
    /// <returns>0 when the case was decided, 2 when it is invalid, 1 for usage or file errors.</returns>
    public static int Run(string ruleSetPath, string casePath, CliConsole console, string? caseId = null)
    {
        var ruleSet = RuleSetLoading.Load(ruleSetPath, console);
        if (caseId is not null)
        {
            var picked = Pick(ruleSet, casePath, caseId, console);
            return Explain(ruleSet, ruleSetPath, picked, console);
        }

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

        if (CaseFields.TryParse(text) is null && text.TrimStart().StartsWith('['))
        {
            throw CliException.At(name, 1, 1, "explain takes one case { ... }, but the file holds a list; pick one with --case <caseId>, or use 'risktriage eval' for the batch");
        }

        return Explain(ruleSet, ruleSetPath, text, console);
    }

    private static int Explain(RuleSet ruleSet, string ruleSetPath, string text, CliConsole console)
    {
        var decision = ruleSet.Evaluate(text, TraceDetail.Full);
        var outline = RuleSetOutline.Read(ruleSet);
        new Explainer(ruleSet, decision, outline, CaseFields.TryParse(text)).Write(console.Out);
        return decision.Status == DecisionStatus.Invalid ? ExitCodes.InvalidCases : ExitCodes.Success;
    }

    /// <summary>
    /// Streams the batch (through the same bounded case source as <c>eval</c>) and returns the one case whose id is
    /// <paramref name="caseId"/>. The whole batch is read, so an id given twice is reported rather than the first taken.
    /// </summary>
    /// <exception cref="CliException">The id is not there, appears more than once, or the batch cannot be read.</exception>
    private static string Pick(RuleSet ruleSet, string casePath, string caseId, CliConsole console)
    {
        if (string.IsNullOrWhiteSpace(caseId))
        {
            throw new CliException("--case needs the id of a case (its \"caseId\")");
        }

        using var input = CaseInput.Open(casePath, console);
        var name = input.Source.Name;
        string? found = null;
        var foundLines = new List<long>();
        var otherIds = new List<string>();
        long cases = 0, withoutId = 0, unreadable = 0;
        foreach (var raw in input.Source.Read())
        {
            cases++;
            if (raw.Text is null)
            {
                unreadable++;
                continue;
            }

            // The rule set knows which field holds the id; reading it is one evaluation without a trace.
            var id = ruleSet.Evaluate(raw.Text).CaseId;
            if (id is null)
            {
                // A line that is not JSON has no id to read; say so apart from cases that simply lack one.
                if (JsonText.SyntaxError(raw.Text) is null)
                {
                    withoutId++;
                }
                else
                {
                    unreadable++;
                }
            }
            else if (string.Equals(id, caseId, StringComparison.Ordinal))
            {
                found ??= raw.Text;
                foundLines.Add(raw.Line);
            }
            else if (otherIds.Count < IdsNamed)
            {
                otherIds.Add(id);
            }
        }

        if (input.Source.FatalError is { } fatal)
        {
            throw CliException.Preformatted(fatal);
        }

        if (foundLines.Count > 1)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"the case id '{caseId}' appears {foundLines.Count:N0} times in {name} (lines {JoinLines(foundLines)}); explain needs one case: make the ids unique, or keep one of the cases in a file of its own"));
        }

        if (found is null)
        {
            throw new CliException($"no case with the id '{caseId}' in {name}; {DescribeIds(cases, otherIds, withoutId, unreadable)}");
        }

        return found;
    }

    private static string JoinLines(List<long> lines) =>
        lines.Count <= IdsNamed
            ? string.Join(", ", lines.Select(l => l.ToString(CultureInfo.InvariantCulture)))
            : string.Join(", ", lines.Take(IdsNamed).Select(l => l.ToString(CultureInfo.InvariantCulture))) + ", ...";

    private static string DescribeIds(long cases, List<string> ids, long withoutId, long unreadable)
    {
        if (cases == 0)
        {
            return "the file holds no cases";
        }

        var withId = cases - withoutId - unreadable;
        var sb = new System.Text.StringBuilder();
        sb.Append(string.Create(CultureInfo.InvariantCulture, $"it holds {cases:N0} case{(cases == 1 ? "" : "s")}"));
        if (withId > 0)
        {
            sb.Append(withId > ids.Count
                ? string.Create(CultureInfo.InvariantCulture, $"; the first {ids.Count:N0} of {withId:N0} ids are ")
                : ids.Count == 1 ? "; the only id is " : "; their ids are ");
            sb.Append(string.Join(", ", ids.Select(i => $"'{i}'")));
        }

        if (withoutId > 0)
        {
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"; {withoutId:N0} ha{(withoutId == 1 ? "s" : "ve")} no id"));
        }

        if (unreadable > 0)
        {
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"; {unreadable:N0} could not be read"));
        }

        return sb.ToString();
    }
}
