namespace RiskTriage.Cli.Diff;

/// <summary>Which way an output moved between the old and the new decision.</summary>
internal enum Direction : byte
{
    /// <summary>The same value.</summary>
    Same,

    /// <summary>Higher: a larger number, or a later value of a declared order.</summary>
    Raised,

    /// <summary>Lower.</summary>
    Lowered,

    /// <summary>Different, with no order to say which way (no declared order, a value outside it, or missing on one side).</summary>
    Changed,
}

/// <summary>One case evaluated by the old and the new rule set, outputs aligned to <see cref="DiffStats.Outputs"/>.</summary>
/// <param name="Line">The line the case starts on.</param>
/// <param name="CaseId">The case id, when there is one.</param>
/// <param name="OldStatus">The old decision's status.</param>
/// <param name="NewStatus">The new decision's status.</param>
/// <param name="Old">The old outputs, as displayed.</param>
/// <param name="New">The new outputs, as displayed.</param>
/// <param name="Numeric">Per output: a number, date or list was seen (not tabulated by default).</param>
/// <param name="Directions">Per output: which way it moved.</param>
/// <param name="Group">The case's value of the <c>--by</c> field, or null without <c>--by</c>.</param>
internal sealed record DiffCase(long Line, string? CaseId, string OldStatus, string NewStatus, string[] Old, string[] New, bool[] Numeric,
    Direction[] Directions, string? Group = null);

/// <summary>How many cases changed, and how many of those went up or down (for an output: it rose or fell; for a group: some ordered output rose and none fell, or the reverse).</summary>
internal abstract class ChangeCounts
{
    public long Changed { get; set; }

    public long Raised { get; set; }

    public long Lowered { get; set; }
}

/// <summary>The impact on the cases of one value of the <c>--by</c> field.</summary>
internal sealed class GroupStats(string value) : ChangeCounts
{
    public string Value { get; } = value;

    public long Cases { get; set; }
}

/// <summary>A changed case, kept for the report: which outputs went from what to what.</summary>
internal sealed record ChangedCase(string Label, IReadOnlyList<(string Output, string From, string To)> Changes);

/// <summary>Counts for one output: how often it changed, its before/after distribution and its transitions.</summary>
internal sealed class OutputStats(string name) : ChangeCounts
{
    public string Name { get; } = name;

    /// <summary>True when the output has an order (a declared one, or numbers were compared), so raised and lowered mean something.</summary>
    public bool Ordered { get; set; }

    /// <summary>False once the output showed more distinct values than a matrix can show (or numbers, for the default choice).</summary>
    public bool Tabulated { get; set; } = true;

    public bool SawNumbers { get; set; }

    public Dictionary<string, long> Before { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> After { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string From, string To), long> Transitions { get; } = [];

    /// <summary>Every value seen before or after, in ordinal order.</summary>
    public IReadOnlyList<string> Values => Before.Keys.Union(After.Keys).Order(StringComparer.Ordinal).ToList();
}

/// <summary>The impact of a rule change over a batch of cases.</summary>
internal sealed class DiffStats
{
    public const string Invalid = "(invalid)";

    private readonly int _maxDistinct;
    private readonly int _limit;

    /// <summary>The most distinct values of the <c>--by</c> field counted apart; the rest are counted together.</summary>
    public const int MaxGroups = 100;

    /// <summary>The group of the cases beyond <see cref="MaxGroups"/> distinct values.</summary>
    public const string OtherGroup = "(other values)";

    public DiffStats(IReadOnlyList<string> outputs, IReadOnlySet<string>? chosen, int maxDistinct, int limit, bool[]? ordered = null, string? by = null)
    {
        By = by;
        Outputs = outputs;
        Chosen = chosen;
        _maxDistinct = maxDistinct;
        _limit = limit;
        PerOutput = outputs.Select((o, i) => new OutputStats(o) { Ordered = ordered?[i] ?? false }).ToArray();
        Status = new OutputStats("status");
    }

    /// <summary>The union of both rule sets' outputs, old order first.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The outputs the user chose with --outputs, or null for the default choice.</summary>
    public IReadOnlySet<string>? Chosen { get; }

    public OutputStats[] PerOutput { get; }

    public OutputStats Status { get; }

    /// <summary>The input field the impact is grouped by, or null.</summary>
    public string? By { get; }

    /// <summary>The impact per value of <see cref="By"/>, in the order the values were first seen.</summary>
    public Dictionary<string, GroupStats> Groups { get; } = new(StringComparer.Ordinal);

    public long Cases { get; private set; }

    public long ChangedCases { get; private set; }

    public long OldInvalid { get; private set; }

    public long NewInvalid { get; private set; }

    public List<ChangedCase> Examples { get; } = [];

    public void Add(DiffCase c)
    {
        Cases++;
        if (c.OldStatus == nameof(DecisionStatus.Invalid))
        {
            OldInvalid++;
        }

        if (c.NewStatus == nameof(DecisionStatus.Invalid))
        {
            NewInvalid++;
        }

        Count(Status, c.OldStatus, c.NewStatus, isNumber: false);
        List<(string, string, string)>? changes = null;
        if (c.OldStatus != c.NewStatus)
        {
            (changes ??= []).Add(("status", c.OldStatus, c.NewStatus));
        }

        bool rose = false, fell = false;
        for (var i = 0; i < PerOutput.Length; i++)
        {
            var stats = PerOutput[i];
            var from = c.Old[i];
            var to = c.New[i];
            if (!string.Equals(from, to, StringComparison.Ordinal))
            {
                stats.Changed++;
                (changes ??= []).Add((stats.Name, from, to));
            }

            switch (c.Directions[i])
            {
                case Direction.Raised: stats.Raised++; stats.Ordered = rose = true; break;
                case Direction.Lowered: stats.Lowered++; stats.Ordered = fell = true; break;
            }

            if (stats.Tabulated)
            {
                Count(stats, from, to, c.Numeric[i]);
            }
        }

        if (c.Group is { } value)
        {
            var group = Groups.GetValueOrDefault(value) ?? (Groups.Count < MaxGroups ? Groups[value] = new GroupStats(value)
                : Groups.GetValueOrDefault(OtherGroup) ?? (Groups[OtherGroup] = new GroupStats(OtherGroup)));
            group.Cases++;
            if (changes is not null)
            {
                group.Changed++;
                group.Raised += rose && !fell ? 1 : 0;
                group.Lowered += fell && !rose ? 1 : 0;
            }
        }

        if (changes is not null)
        {
            ChangedCases++;
            if (Examples.Count < _limit)
            {
                var label = c.CaseId ?? $"line {c.Line}";
                Examples.Add(new ChangedCase(label, changes));
            }
        }
    }

    /// <summary>The outputs to show as matrices and charts: the chosen ones, or every text/boolean output with few values.</summary>
    public IReadOnlyList<OutputStats> Shown() => Chosen is not null
        ? PerOutput.Where(s => Chosen.Contains(s.Name)).ToList()
        : PerOutput.Where(s => s.Tabulated && !s.SawNumbers).ToList();

    private void Count(OutputStats stats, string from, string to, bool isNumber)
    {
        stats.SawNumbers |= isNumber;
        if (Chosen is null && stats.SawNumbers && stats.Name != "status")
        {
            // Numbers are not tabulated by default (choose them with --outputs); stop spending memory on them.
            Drop(stats);
            return;
        }

        Increment(stats.Before, from);
        Increment(stats.After, to);
        stats.Transitions[(from, to)] = stats.Transitions.GetValueOrDefault((from, to)) + 1;
        if (stats.Before.Count > _maxDistinct || stats.After.Count > _maxDistinct)
        {
            Drop(stats);
        }
    }

    private static void Drop(OutputStats stats)
    {
        stats.Tabulated = false;
        stats.Before.Clear();
        stats.After.Clear();
        stats.Transitions.Clear();
    }

    private static void Increment(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
