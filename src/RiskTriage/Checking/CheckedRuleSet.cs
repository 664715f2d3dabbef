using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;
using RiskTriage.Loading;

namespace RiskTriage.Checking;

/// <summary>A named element of the rule set in evaluation order: it reads some names and produces others.</summary>
internal abstract class CheckedNode(string name, RuleFile file, SourceRef source)
{
    public string Name { get; } = name;

    public RuleFile File { get; } = file;

    /// <summary>Where the element is declared (its name), for diagnostics.</summary>
    public SourceRef Source { get; } = source;

    /// <summary>Names this node reads (values, scores, bands, table outputs, outputs, rules).</summary>
    public HashSet<string> Uses { get; } = new(StringComparer.Ordinal);

    /// <summary>The kind as shown in messages and traces: value, scorecard, bands, table, rule, output.</summary>
    public abstract string Kind { get; }

    /// <summary>Position in declaration order, used to keep the evaluation order stable.</summary>
    public int DeclarationIndex { get; set; }
}

internal sealed class ValueNode(string name, RuleFile file, SourceRef source) : CheckedNode(name, file, source)
{
    public override string Kind => "value";

    public BoundExpression? Expression { get; set; }

    public ValueSymbol? Symbol { get; set; }

    public string? Description { get; init; }
}

internal sealed record CheckedScoreRow(string Id, BoundExpression? When, BoundExpression Points, string? Reason, IReadOnlyList<Operand> Operands);

internal sealed class ScorecardNode(string name, RuleFile file, SourceRef source) : CheckedNode(name, file, source)
{
    public override string Kind => "scorecard";

    public List<CheckedScoreRow> Rows { get; } = [];

    public ValueSymbol? Symbol { get; set; }
}

internal sealed record CheckedBand(string Label, double? Min, double? Max, bool MinInclusive, bool MaxInclusive);

internal sealed class BandNode(string name, RuleFile file, SourceRef source) : CheckedNode(name, file, source)
{
    public override string Kind => "bands";

    public BoundExpression? Value { get; set; }

    public List<CheckedBand> Bands { get; } = [];

    public ValueSymbol? Symbol { get; set; }

    public IReadOnlyList<Operand> Operands { get; set; } = [];
}

/// <summary>What a decision-table cell tests, as far as the checker can tell (for overlap analysis).</summary>
internal abstract record CellShape
{
    public sealed record AnyValue : CellShape;

    public sealed record OneOf(IReadOnlyList<object?> Values) : CellShape;

    public sealed record Range(double Low, bool LowInclusive, double High, bool HighInclusive) : CellShape;

    /// <summary>An expression the checker cannot reason about.</summary>
    public sealed record Opaque : CellShape;
}

internal sealed record CheckedCell(BoundExpression? Condition, CellShape Shape);

internal sealed record CheckedTableRow(string Id, IReadOnlyList<CheckedCell> Cells, IReadOnlyList<BoundExpression> Outputs, int Rank);

internal sealed record CheckedTableOutput(string Name, DataType DeclaredType, ValueSymbol Symbol, BoundExpression? Default);

internal sealed class TableNode(string name, RuleFile file, SourceRef source) : CheckedNode(name, file, source)
{
    public override string Kind => "table";

    public HitPolicy HitPolicy { get; set; }

    public Aggregation Aggregation { get; set; }

    public List<BoundExpression> Inputs { get; } = [];

    public List<ValueSymbol> Columns { get; } = [];

    public List<string> ColumnLabels { get; } = [];

    public List<CheckedTableOutput> Outputs { get; } = [];

    public List<CheckedTableRow> Rows { get; } = [];

    /// <summary>No two rows can match the same case (checked at load), so evaluation may stop at the first match.</summary>
    public bool RowsProvenDisjoint { get; set; }
}

internal sealed record CheckedSetter(RuleNode Rule, BoundExpression Value);

internal sealed record CheckedReview(string Code, string Message);

internal sealed class RuleNode(string name, RuleFile file, SourceRef source) : CheckedNode(name, file, source)
{
    public override string Kind => "rule";

    public string Id { get; init; } = name;

    public BoundExpression? When { get; set; }

    public bool Enabled { get; init; }

    public int Priority { get; init; }

    public ValueSymbol Fired { get; } = new ValueSymbol("rule:" + name, DataType.Bool, "rule");

    public List<CheckedReview> Reviews { get; } = [];

    public IReadOnlyList<Operand> Operands { get; set; } = [];

    public string? Description { get; init; }
}

internal sealed class OutputNode(string name, RuleFile file, SourceRef source) : CheckedNode(name, file, source)
{
    public override string Kind => "output";

    public DataType Type { get; set; } = DataType.Error;

    public BoundExpression? Value { get; set; }

    public List<CheckedSetter> Setters { get; } = [];

    public ValueSymbol? Symbol { get; set; }

    public string? Description { get; init; }

    /// <summary>True when the output shares its name with an element it exports (so the name in expressions means the element).</summary>
    public bool Exports { get; init; }

    public int Slot { get; set; }
}

/// <summary>A leaf a condition reads (an input path or a named value), recorded with its value in a full trace.</summary>
internal sealed record Operand(string Name, BoundExpression Expression);

/// <summary>The rule set after checking: every expression bound, every name typed, the nodes in evaluation order.</summary>
internal sealed class CheckedRuleSet
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public required string CaseIdField { get; init; }

    /// <summary>The rule files as read (for the rule set's source texts and diagnostics' lines).</summary>
    public required IReadOnlyList<RuleFile> Files { get; init; }

    /// <summary>The public rule-level form; <c>null</c> when checking found errors. Built on first use.</summary>
    public RiskTriage.Definitions.RuleSetDefinition? Definition => DefinitionBuilder?.Value;

    /// <summary>
    /// Builds <see cref="Definition"/> when it is first read (thread-safe): neither checking nor evaluation needs it,
    /// and it is a sizeable part of a load's work (written properties and source locations of every element).
    /// </summary>
    public required Lazy<RiskTriage.Definitions.RuleSetDefinition>? DefinitionBuilder { get; init; }

    public required ObjectType Inputs { get; init; }

    public required IReadOnlyList<CheckedNode> Order { get; init; }

    public required IReadOnlyList<OutputNode> Outputs { get; init; }

    public required IReadOnlyList<RuleNode> Rules { get; init; }

    public required string Hash { get; init; }

    /// <summary>What the check reported, without the table coverage warnings when they were deferred (<see cref="PendingCoverage"/>).</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>
    /// The decision tables' coverage analysis when the check left it for later (<c>deferCoverage</c> and no error):
    /// its warnings are reported when first asked for, off the path to the first decision. <c>null</c> otherwise.
    /// </summary>
    public DeferredCoverage? PendingCoverage { get; init; }

    public required IReadOnlyDictionary<string, object?> Parameters { get; init; }
}
