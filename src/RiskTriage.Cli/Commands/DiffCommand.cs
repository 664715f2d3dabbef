using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
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
/// <param name="By">An input field (a top-level input, or a dotted path into one) to group the impact by; null for none.</param>
public sealed record DiffOptions(string OldRuleSet, string NewRuleSet, string Cases, string? Html, IReadOnlyList<string>? Outputs, int Limit, int Parallelism,
    string? By = null)
{
    /// <summary>How the cases are laid out; null to tell from the file's name and first character (see <see cref="CaseFormat"/>).</summary>
    public CaseFormat? Format { get; init; }
}

/// <summary>
/// <c>risktriage diff</c>: impact analysis of a rule change. Lists what changed in the rules (parameters, bands,
/// table rows, rules, outputs, ...), evaluates every case with both rule sets and reports how many decisions change,
/// whether each ordered output was raised or lowered, a from→to matrix per output, the impact per value of an input
/// field (<c>--by</c>), and the changed cases.
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

        var by = options.By is { } field ? ByPath(field, oldSet, newSet) : null;
        var oldSlots = outputs.Select(o => IndexOf(oldSet.OutputNames, o)).ToArray();
        var newSlots = outputs.Select(o => IndexOf(newSet.OutputNames, o)).ToArray();
        var ranks = outputs.Select(o => Ranks(oldSet, newSet, o)).ToArray();
        var stats = new DiffStats(outputs, chosen, chosen is null ? DefaultMaxDistinct : ChosenMaxDistinct, options.Limit,
            ranks.Select(r => r is not null).ToArray(), options.By?.Trim());
        var ruleChanges = RuleLevelDiff.Compare(RuleElements.Read(oldSet), RuleElements.Read(newSet));
        using var input = CaseInput.Open(options.Cases, console, options.Format);
        using var htmlFile = options.Html is null ? null
            : OutputFile.Create(options.Html, "HTML report", (options.Cases, "cases file"), (options.OldRuleSet, "rule file"), (options.NewRuleSet, "rule file"));
        OrderedPipeline.Run(
            input.Source.Read(),
            raw => Compare(oldSet, newSet, raw, oldSlots, newSlots, ranks, by),
            stats.Add,
            options.Parallelism,
            RawCase.Weight);

        if (input.Source.FatalError is { } fatal)
        {
            console.Error.WriteLine(fatal);
        }

        var cases = InputFiles.IsStdin(options.Cases) ? "<stdin>" : Path.GetFileName(options.Cases);
        var report = new DiffReport(oldSet.Identity, newSet.Identity, cases, stats, ruleChanges);
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

    private static DiffCase Compare(RuleSet oldSet, RuleSet newSet, RawCase raw, int[] oldSlots, int[] newSlots,
        Dictionary<string, int>?[] ranks, string[]? by)
    {
        var numeric = new bool[oldSlots.Length];
        var directions = new Direction[oldSlots.Length];
        if (raw.Text is null)
        {
            var invalid = Enumerable.Repeat(DiffStats.Invalid, oldSlots.Length).ToArray();
            return new DiffCase(raw.Line, null, DiffStats.Invalid, DiffStats.Invalid, invalid, invalid, numeric, directions, by is null ? null : Unreadable);
        }

        var before = oldSet.Evaluate(raw.Text);
        var after = newSet.Evaluate(raw.Text);
        var old = Values(before, oldSlots, numeric);
        var now = Values(after, newSlots, numeric);
        for (var i = 0; i < directions.Length; i++)
        {
            directions[i] = string.Equals(old[i], now[i], StringComparison.Ordinal) ? Direction.Same
                : oldSlots[i] < 0 || newSlots[i] < 0 || before.Status == DecisionStatus.Invalid || after.Status == DecisionStatus.Invalid ? Direction.Changed
                : DirectionOf(before.Outputs[oldSlots[i]].Value, after.Outputs[newSlots[i]].Value, ranks[i]);
        }

        return new DiffCase(raw.Line, before.CaseId ?? after.CaseId, before.Status.ToString(), after.Status.ToString(),
            old, now, numeric, directions, by is null ? null : GroupOf(raw.Text, by));
    }

    /// <summary>Up or down when both values are numbers, or both are values of the output's declared order; otherwise just changed.</summary>
    internal static Direction DirectionOf(RuleValue before, RuleValue after, Dictionary<string, int>? ranks)
    {
        int order;
        if (before.AsNumber is { } a && after.AsNumber is { } b)
        {
            order = a.CompareTo(b);
        }
        else if (ranks is not null && before.AsString is { } x && after.AsString is { } y
            && ranks.TryGetValue(x, out var rx) && ranks.TryGetValue(y, out var ry))
        {
            order = rx.CompareTo(ry);
        }
        else
        {
            return Direction.Changed;
        }

        return order < 0 ? Direction.Raised : order > 0 ? Direction.Lowered : Direction.Same;
    }

    /// <summary>
    /// Value → rank for an output with a declared order. When only one side declares it, that order is used (the values
    /// are the same strings); when both declare different orders, there is no order to trust.
    /// </summary>
    private static Dictionary<string, int>? Ranks(RuleSet oldSet, RuleSet newSet, string output)
    {
        var before = oldSet.OutputNames.Contains(output) ? oldSet.OrderedValues(output) : null;
        var after = newSet.OutputNames.Contains(output) ? newSet.OrderedValues(output) : null;
        var order = before is null ? after : after is null ? before : before.SequenceEqual(after) ? after : null;
        return order?.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
    }

    internal const string MissingGroup = "(missing)";
    internal const string Unreadable = "(unreadable)";

    /// <summary>Checks <c>--by</c> names an input of either rule set and splits it into its path.</summary>
    private static string[] ByPath(string field, RuleSet oldSet, RuleSet newSet)
    {
        var path = field.Trim().Split('.');
        if (path.Any(p => p.Length == 0))
        {
            throw new CliException($"--by needs an input field, e.g. --by gender or --by predictors.arpType (got '{field}')");
        }

        if (!oldSet.InputNames.Contains(path[0]) && !newSet.InputNames.Contains(path[0]))
        {
            var inputs = oldSet.InputNames.Union(newSet.InputNames).ToList();
            throw new CliException($"--by '{field}': '{path[0]}' is not an input of either rule set; the inputs are {string.Join(", ", inputs)}");
        }

        return path;
    }

    /// <summary>The case's value of the --by field as displayed; <see cref="MissingGroup"/> when absent or null.</summary>
    private static string GroupOf(string text, string[] path)
    {
        JToken? token;
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, MaxDepth = 256 };
            token = JToken.ReadFrom(reader);
        }
        catch (JsonException)
        {
            return Unreadable;
        }

        foreach (var part in path)
        {
            token = token is JObject obj ? obj[part] : null;
        }

        return token is null || token.Type == JTokenType.Null ? MissingGroup
            : token.Type == JTokenType.String ? (string)token!
            : token.ToString(Formatting.None);
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
