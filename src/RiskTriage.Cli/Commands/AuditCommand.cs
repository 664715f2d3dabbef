using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Cli.Input;

namespace RiskTriage.Cli.Commands;

/// <summary>
/// <c>risktriage audit &lt;ruleset&gt; [cases] [--json] [--remove-present] [--format ...]</c>: the fail-safe audit of a
/// rule set over a batch of cases (<see cref="RuleSet.AuditFailSafe"/>), one line per finding, like a diagnostic.
/// </summary>
public static class AuditCommand
{
    // From this command's range of codes: a hole, and a case that could not be audited.
    private const string HoleCode = "RT0383";
    private const string NotAuditedCode = "RT0384";

    /// <summary>Runs the command.</summary>
    /// <returns>0 when the audit ran to the end with no findings; 1 when there are findings, skipped cases, or it was cut short.</returns>
    public static int Run(string ruleSetPath, string? casesPath, bool json, bool removePresent, CaseFormat? format, CliConsole console)
    {
        var ruleSet = RuleSetLoading.Load(ruleSetPath, console);
        using var input = CaseInput.Open(casesPath, console, format);
        var lines = new List<long>();
        var readErrors = new Dictionary<int, string>();
        IEnumerable<string> Cases()
        {
            foreach (var raw in input.Source.Read())
            {
                if (raw.Error is { } error)
                {
                    readErrors[lines.Count] = error;
                }

                lines.Add(raw.Line);

                // An unreadable case still takes its place, so the indexes of the others match their lines.
                yield return raw.Text ?? "";
            }
        }

        var result = ruleSet.AuditFailSafe(Cases(), new FailSafeAuditOptions { RemovePresentInputs = removePresent });
        if (input.Source.FatalError is { } fatal)
        {
            console.Error.WriteLine(fatal);
        }

        var name = InputFiles.IsStdin(casesPath) ? "<stdin>" : casesPath!;
        string Skipped(FailSafeSkippedCase s) => readErrors.TryGetValue(s.CaseIndex, out var e) ? e : s.Message;
        if (json)
        {
            WriteJson(console.Out, result, lines, Skipped);
        }
        else
        {
            var w = console.Out;
            foreach (var f in result.Findings)
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}({lines[f.CaseIndex]}): error {HoleCode}: {f}"));
            }

            foreach (var s in result.SkippedCases)
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}({lines[s.CaseIndex]}): error {NotAuditedCode}: case {s.CaseId ?? $"#{s.CaseIndex + 1}"} not audited: {Skipped(s)}"));
            }

            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ruleSet.Identity.Name} {ruleSet.Identity.Version}: {result.Findings.Count} fail-safe finding{(result.Findings.Count == 1 ? "" : "s")} in {result.Cases} case{(result.Cases == 1 ? "" : "s")}"
                + $"{(result.SkippedCases.Count > 0 ? $", {result.SkippedCases.Count} not audited" : "")} ({result.Evaluations} evaluations)"));
            if (result.Truncated)
            {
                w.WriteLine("the audit stopped at its evaluation bound before every case and input was probed: no finding past that point means nothing");
            }
        }

        return result.Passed && input.Source.FatalError is null ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void WriteJson(TextWriter output, FailSafeAuditResult result, List<long> lines, Func<FailSafeSkippedCase, string> skipped)
    {
        var document = new JObject
        {
            ["findings"] = new JArray(result.Findings.Select(f => new JObject
            {
                ["caseId"] = f.CaseId,
                ["case"] = f.CaseIndex + 1,
                ["line"] = lines[f.CaseIndex],
                ["input"] = f.Input,
                ["output"] = f.Output,
                ["missingStatus"] = f.MissingStatus.ToString(),
                ["missingValue"] = JToken.Parse(f.MissingValue.ToJson()),
                ["worstValue"] = JToken.Parse(f.WorstValue.ToJson()),
                ["probe"] = JToken.Parse(f.Probe),
                ["ordered"] = f.Ordered,
            })),
            ["notAudited"] = new JArray(result.SkippedCases.Select(s => new JObject
            {
                ["caseId"] = s.CaseId,
                ["case"] = s.CaseIndex + 1,
                ["line"] = lines[s.CaseIndex],
                ["message"] = skipped(s),
            })),
            ["cases"] = result.Cases,
            ["evaluations"] = result.Evaluations,
            ["truncated"] = result.Truncated,
        };
        output.WriteLine(document.ToString(Formatting.Indented));
    }
}
