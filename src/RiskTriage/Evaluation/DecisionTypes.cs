using RiskTriage.Evaluation;

namespace RiskTriage;

/// <summary>The outcome of evaluating one case.</summary>
public enum DecisionStatus
{
    /// <summary>Every output was computed from complete data; no reason for review.</summary>
    Complete,

    /// <summary>Outputs were computed, but a practitioner must look: data was missing or contradictory, or a rule asked for review.</summary>
    ReviewRequired,

    /// <summary>The case data could not be read (wrong types, malformed JSON); no outputs were computed.</summary>
    Invalid,
}

/// <summary>How much explanation a decision carries.</summary>
public enum TraceDetail
{
    /// <summary>No trace (the fastest; the decision is the only allocation).</summary>
    None,

    /// <summary>Which scorecard rows scored, bands and table rows matched, rules fired, and where each output came from.</summary>
    Summary,

    /// <summary>As <see cref="Summary"/>, plus the values of the operands each condition read.</summary>
    Full,
}

/// <summary>Why a decision needs a practitioner to look at it.</summary>
/// <param name="Code">A stable code, e.g. <c>MISSING_INPUT</c> or a rule set's own code such as <c>NO_ROSH</c>.</param>
/// <param name="Message">What to look at, in plain words.</param>
/// <param name="Source">The input path, rule id or table it comes from.</param>
public sealed record ReviewReason(string Code, string Message, string? Source);

/// <summary>Why a case is invalid: the field and what is wrong with it.</summary>
/// <param name="Path">The JSON path of the field, e.g. <c>ogrs3.totalSanctions</c> or <c>sentences[1].type</c>.</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record CaseError(string Path, string Message);

/// <summary>Identifies the rule set that made a decision.</summary>
/// <param name="Name">The rule set's name.</param>
/// <param name="Version">The version its authors gave it.</param>
/// <param name="Hash">SHA-256 over the normalised rule files and parameter overrides, as <c>sha256:hex</c>.</param>
public sealed record RuleSetIdentity(string Name, string Version, string Hash);

/// <summary>A value a condition read, as recorded in a full trace.</summary>
/// <param name="Name">The input path or named value, e.g. <c>rsrScore</c> or <c>ogrs3.totalSanctions</c>.</param>
/// <param name="Value">Its value at evaluation time.</param>
public sealed record TraceOperand(string Name, RuleValue Value);

/// <summary>What a <see cref="TraceEntry"/> records. Its name in a decision's JSON is in brackets.</summary>
public enum TraceEntryKind
{
    /// <summary>A scorecard row that scored (<c>scorecard-row</c>).</summary>
    ScorecardRow,

    /// <summary>The band a value fell in (<c>band</c>).</summary>
    Band,

    /// <summary>A decision-table row that matched (<c>table-row</c>).</summary>
    TableRow,

    /// <summary>A rule that fired (<c>rule</c>).</summary>
    Rule,

    /// <summary>Where an output's value came from (<c>output</c>).</summary>
    Output,

    /// <summary>A named value and what it came to (<c>value</c>; full trace only).</summary>
    Value,
}

/// <summary>One step of a decision's explanation.</summary>
public sealed class TraceEntry
{
    private static readonly IReadOnlyList<TraceOperand> NoOperands = Array.AsReadOnly(Array.Empty<TraceOperand>());

    // What the step shares with every entry of it (kind, element, item, detail), made when the rule set was compiled.
    private readonly TraceSite _site;

    // Sized when the entry is made: the compiled rule set knows how many operands each step reads.
    private TraceOperand[]? _operands;
    private int _count;
    private IReadOnlyList<TraceOperand>? _view;

    // The kinds' names in canonical JSON, indexed by TraceEntryKind.
    private static readonly string[] JsonNames = ["scorecard-row", "band", "table-row", "rule", "output", "value"];

    internal TraceEntry(TraceEntryKind kind, string element, string? item, string? detail, RuleValue value, int operands = 0)
    {
        _site = new TraceSite(kind, element, item, detail, []);
        Value = value;
        _operands = operands > 0 ? new TraceOperand[operands] : null;
    }

    /// <summary>An entry of <paramref name="site"/> whose operands are <paramref name="operands"/>, all of them (the entry keeps the array).</summary>
    internal TraceEntry(TraceSite site, RuleValue value, TraceOperand[]? operands)
    {
        _site = site;
        Value = value;
        _operands = operands;
        _count = operands?.Length ?? 0;
    }

    /// <summary>What the step records: a scorecard row that scored, a band, a table row that matched, a rule that fired, where an output came from, or a named value.</summary>
    public TraceEntryKind Kind => _site.Kind;

    /// <summary>The kind's name in a decision's JSON, e.g. <c>scorecard-row</c>.</summary>
    internal string KindName => JsonNames[(int)Kind];

    /// <summary>The kind named <paramref name="name"/> in a decision's JSON.</summary>
    /// <exception cref="ArgumentException">No kind has that name.</exception>
    internal static TraceEntryKind KindOf(string name) => name switch
    {
        "scorecard-row" => TraceEntryKind.ScorecardRow,
        "band" => TraceEntryKind.Band,
        "table-row" => TraceEntryKind.TableRow,
        "rule" => TraceEntryKind.Rule,
        "output" => TraceEntryKind.Output,
        "value" => TraceEntryKind.Value,
        _ => throw new ArgumentException($"'{name}' is not a trace entry kind", nameof(name)),
    };

    /// <summary>The scorecard, band set, table or output name; <c>rules</c> for a rule.</summary>
    public string Element => _site.Element;

    /// <summary>The row id, band label or rule id.</summary>
    public string? Item => _site.Item;

    /// <summary>The row's reason, the threshold crossed, the rule's description, or what set an output.</summary>
    public string? Detail => _site.Detail;

    /// <summary>The points scored, the value banded, or the output's value.</summary>
    public RuleValue Value { get; }

    /// <summary>The operands the condition read (full trace only).</summary>
    public IReadOnlyList<TraceOperand> Operands => Volatile.Read(ref _view) ?? PublishOperands();

    // Readers on several threads get the one list published first: a decision shares its trace unchanged.
    private IReadOnlyList<TraceOperand> PublishOperands()
    {
        var made = _operands is null || _count == 0 ? NoOperands : Array.AsReadOnly(_count == _operands.Length ? _operands : _operands[.._count]);
        return Interlocked.CompareExchange(ref _view, made, null) ?? made;
    }

    internal void AddOperand(TraceOperand operand)
    {
        // More operands than the step was made for would be a defect of the compiler: keep them all regardless.
        if (_operands is null || _count == _operands.Length)
        {
            Array.Resize(ref _operands, Math.Max(4, _count * 2));
        }

        _operands[_count++] = operand;
        _view = null;
    }
}
