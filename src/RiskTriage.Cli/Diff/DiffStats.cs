namespace RiskTriage.Cli.Diff;

/// <summary>One case evaluated by the old and the new rule set, outputs aligned to <see cref="DiffStats.Outputs"/>.</summary>
internal sealed record DiffCase(long Line, string? CaseId, string OldStatus, string NewStatus, string[] Old, string[] New, bool[] Numeric);

/// <summary>A changed case, kept for the report: which outputs went from what to what.</summary>
internal sealed record ChangedCase(string Label, IReadOnlyList<(string Output, string From, string To)> Changes);

/// <summary>Counts for one output: how often it changed, its before/after distribution and its transitions.</summary>
internal sealed class OutputStats(string name)
{
    public string Name { get; } = name;

    public long Changed { get; set; }

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

    public DiffStats(IReadOnlyList<string> outputs, IReadOnlySet<string>? chosen, int maxDistinct, int limit)
    {
        Outputs = outputs;
        Chosen = chosen;
        _maxDistinct = maxDistinct;
        _limit = limit;
        PerOutput = outputs.Select(o => new OutputStats(o)).ToArray();
        Status = new OutputStats("status");
    }

    /// <summary>The union of both rule sets' outputs, old order first.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The outputs the user chose with --outputs, or null for the default choice.</summary>
    public IReadOnlySet<string>? Chosen { get; }

    public OutputStats[] PerOutput { get; }

    public OutputStats Status { get; }

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

            if (stats.Tabulated)
            {
                Count(stats, from, to, c.Numeric[i]);
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
