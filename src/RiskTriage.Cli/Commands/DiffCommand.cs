using System.Globalization;
using RiskTriage.Cli.Diff;
using RiskTriage.Cli.Input;
using RiskTriage.Cli.Processing;

namespace RiskTriage.Cli.Commands;

/// <summary>Options of <c>risktriage diff</c>.</summary>
/// <param name="OldRuleSet">The rule set in force.</param>
/// <param name="NewRuleSet">The proposed rule set.</param>
/// <param name="Cases">The cases to compare on (JSON array or NDJSON; <c>-</c> for standard input).</param>
/// <param name="Html">Where to write a self-contained HTML report; null for none.</param>
/// <param name="Outputs">The outputs to tabulate; null for every text or true/false output with few values.</param>
/// <param name="Limit">How many changed cases to list.</param>
/// <param name="Parallelism">How many chunks of cases are evaluated at once.</param>
public sealed record DiffOptions(string OldRuleSet, string NewRuleSet, string Cases, string? Html, IReadOnlyList<string>? Outputs, int Limit, int Parallelism)
{
    /// <summary>How the cases are laid out; null to tell from the file's name and first character (see <see cref="CaseFormat"/>).</summary>
    public CaseFormat? Format { get; init; }
}

/// <summary>
/// <c>risktriage diff</c>: impact analysis of a rule change. Evaluates every case with both rule sets and reports
/// how many decisions change, a from→to matrix per output, and the changed cases.
/// </summary>
public static class DiffCommand
{
    /// <summary>The most distinct values an output may have to be tabulated by default.</summary>
    public const int DefaultMaxDistinct = 32;

    private const int ChosenMaxDistinct = 200;

    /// <summary>Runs the command.</summary>
    /// <returns>0 when the comparison ran, 2 when some cases were invalid, 1 for usage or file errors.</returns>
    public static int Run(DiffOptions options, CliConsole console)
    {
        OrderedPipeline.CheckParallelism(options.Parallelism);

        if (options.Limit < 0)
        {
            throw new CliException($"--limit must be 0 or more (got {options.Limit})");
        }

        var oldSet = RuleSetLoading.Load(options.OldRuleSet, console);
        var newSet = RuleSetLoading.Load(options.NewRuleSet, console);
        var outputs = oldSet.OutputNames.Concat(newSet.OutputNames.Where(n => !oldSet.OutputNames.Contains(n))).ToList();
        HashSet<string>? chosen = null;
        if (options.Outputs is { } requested)
        {
            chosen = requested.Select(o => o.Trim()).Where(o => o.Length > 0).ToHashSet(StringComparer.Ordinal);
            var unknown = chosen.Where(o => !outputs.Contains(o)).ToList();
            if (unknown.Count > 0 || chosen.Count == 0)
            {
                throw new CliException(chosen.Count == 0
                    ? "--outputs needs at least one output name"
                    : $"unknown output{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(u => $"'{u}'"))} in --outputs; the outputs are {string.Join(", ", outputs)}");
            }
        }

        var oldSlots = outputs.Select(o => IndexOf(oldSet.OutputNames, o)).ToArray();
        var newSlots = outputs.Select(o => IndexOf(newSet.OutputNames, o)).ToArray();
        var stats = new DiffStats(outputs, chosen, chosen is null ? DefaultMaxDistinct : ChosenMaxDistinct, options.Limit);
        using var input = CaseInput.Open(options.Cases, console, options.Format);
        using var htmlFile = options.Html is null ? null
            : OutputFile.Create(options.Html, "HTML report", (options.Cases, "cases file"), (options.OldRuleSet, "rule file"), (options.NewRuleSet, "rule file"));
        OrderedPipeline.Run(
            input.Source.Read(),
            raw => Compare(oldSet, newSet, raw, oldSlots, newSlots),
            stats.Add,
            options.Parallelism);

        if (input.Source.FatalError is { } fatal)
        {
            console.Error.WriteLine(fatal);
        }

        var cases = InputFiles.IsStdin(options.Cases) ? "<stdin>" : Path.GetFileName(options.Cases);
        var report = new DiffReport(oldSet.Identity, newSet.Identity, cases, stats);
        report.WriteText(console.Out);
        if (options.Html is { } html)
        {
            report.WriteHtml(htmlFile!.Writer);
            htmlFile.Commit();
            console.Error.WriteLine($"HTML report written to {html}");
        }

        return input.Source.FatalError is not null ? ExitCodes.Failure
            : stats.OldInvalid + stats.NewInvalid > 0 ? ExitCodes.InvalidCases
            : ExitCodes.Success;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static DiffCase Compare(RuleSet oldSet, RuleSet newSet, RawCase raw, int[] oldSlots, int[] newSlots)
    {
        var numeric = new bool[oldSlots.Length];
        if (raw.Text is null)
        {
            var invalid = Enumerable.Repeat(DiffStats.Invalid, oldSlots.Length).ToArray();
            return new DiffCase(raw.Line, null, DiffStats.Invalid, DiffStats.Invalid, invalid, invalid, numeric);
        }

        var before = oldSet.Evaluate(raw.Text);
        var after = newSet.Evaluate(raw.Text);
        return new DiffCase(raw.Line, before.CaseId ?? after.CaseId, before.Status.ToString(), after.Status.ToString(),
            Values(before, oldSlots, numeric), Values(after, newSlots, numeric), numeric);
    }

    private static string[] Values(Decision decision, int[] slots, bool[] numeric)
    {
        var values = new string[slots.Length];
        var outputs = decision.Outputs;
        for (var i = 0; i < slots.Length; i++)
        {
            if (decision.Status == DecisionStatus.Invalid)
            {
                values[i] = DiffStats.Invalid;
            }
            else if (slots[i] < 0)
            {
                values[i] = "(no such output)";
            }
            else
            {
                var value = outputs[slots[i]].Value;
                numeric[i] |= value.Kind is RuleValueKind.Number or RuleValueKind.List or RuleValueKind.Date;
                values[i] = JsonText.Display(value);
            }
        }

        return values;
    }

    internal static string Percent(long part, long whole) =>
        whole == 0 ? "0%" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0.#}%");
}
