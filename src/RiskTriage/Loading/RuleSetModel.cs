namespace RiskTriage.Loading;

/// <summary>
/// An expression written in a rule file: its text, the JSON string it came from, and where in that string
/// it starts (non-zero for a part of a table cell such as the bounds of "[50..75)").
/// </summary>
internal sealed record ExpressionText(string Text, SourceRef Source, int Offset = 0)
{
    public RuleFile File => Source.File!;

    // Two identical expressions in different places are different expressions.
    public bool Equals(ExpressionText? other) =>
        other is not null && ReferenceEquals(Source, other.Source) && Offset == other.Offset && Text == other.Text;

    public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Source), Offset);
}

/// <summary>The declared shape of a field: <c>number</c>, <c>bool</c>, <c>string</c> (optionally an enumeration), <c>date</c>, <c>object</c>, <c>list</c>.</summary>
internal sealed record TypeDecl(string Kind, IReadOnlyList<string>? Enum, IReadOnlyList<FieldDecl>? Properties, TypeDecl? Items, SourceRef Source);

internal sealed record FieldDecl(string Name, TypeDecl Type, bool Required, LiteralValue? Default, string? Description, RuleFile File, SourceRef Source, RangeDecl? Range = null);

/// <summary>An input's declared valid range, as written (the checker validates it against the input's type).</summary>
internal sealed record RangeDecl(LiteralProperty? Min, LiteralProperty? Max, LiteralProperty? Integer, LiteralProperty? OutOfRange);

internal sealed record ParameterDecl(string Name, LiteralValue Value, string? Type, string? Description, RuleFile File, SourceRef Source);

internal sealed record ValueDecl(string Name, ExpressionText Expression, string? Type, string? Description, RuleFile File, SourceRef Source);

internal sealed record ScoreRowDecl(string Id, ExpressionText? When, LiteralValue Points, string? Reason, SourceRef Source);

internal sealed record ScorecardDecl(string Name, IReadOnlyList<ScoreRowDecl> Rows, string? Description, RuleFile File, SourceRef Source);

/// <summary>A band; <c>BadBound</c> when a bound was written but is not a number (already reported), so the band's extent is unknown.</summary>
internal sealed record BandRowDecl(string Label, double? Min, double? Max, bool MinInclusive, bool MaxInclusive, SourceRef Source, bool BadBound = false);

internal sealed record BandDecl(string Name, ExpressionText Value, IReadOnlyList<BandRowDecl> Bands, string? Description, RuleFile File, SourceRef Source);

internal enum HitPolicy
{
    Unique,
    First,
    Priority,
    Any,
    Collect,
}

internal enum Aggregation
{
    None,
    Sum,
    Min,
    Max,
    Count,
}

internal sealed record TableInputDecl(ExpressionText Expression, string? Label, SourceRef Source);

internal sealed record TableOutputDecl(string Name, TypeDecl Type, LiteralValue? Default, SourceRef Source);

internal sealed record TableRowDecl(string Id, IReadOnlyList<LiteralValue> Cells, IReadOnlyDictionary<string, LiteralProperty> Then, string? Description, SourceRef Source, SourceRef CellsSource);

internal sealed record TableDecl(string Name, HitPolicy HitPolicy, Aggregation Aggregation, IReadOnlyList<TableInputDecl> Inputs,
    IReadOnlyList<TableOutputDecl> Outputs, IReadOnlyList<TableRowDecl> Rows, string? Description, RuleFile File, SourceRef Source);

internal enum EffectKind
{
    Set,
    Review,
}

internal sealed record EffectDecl(EffectKind Kind, string? Output, LiteralValue? Value, string? ReviewCode, string? Message, SourceRef Source);

internal sealed record RuleDecl(string Id, ExpressionText When, int Priority, bool Enabled, IReadOnlyList<EffectDecl> Effects, string? Description, RuleFile File, SourceRef Source);

/// <summary>A declared output; <c>OrderedValues</c> is its enumeration from lowest to highest when it declares an <c>"order"</c>, null otherwise.</summary>
internal sealed record OutputDecl(string Name, TypeDecl Type, ExpressionText? Value, string? Description, RuleFile File, SourceRef Source,
    IReadOnlyList<string>? OrderedValues = null);

/// <summary>Everything the files of a rule set declare, with where each thing was written.</summary>
internal sealed class RuleSetModel
{
    public string? Name { get; set; }

    public string? Version { get; set; }

    public string? Description { get; set; }

    public string CaseIdField { get; set; } = "caseId";

    /// <summary>Where the first <c>"ruleSet"</c> declaration is written, or null when no file has one.</summary>
    public SourceRef? DeclarationSource { get; set; }

    public List<RuleFile> Files { get; } = [];

    public List<FieldDecl> Inputs { get; } = [];

    public List<ParameterDecl> Parameters { get; } = [];

    public List<ValueDecl> Values { get; } = [];

    public List<ScorecardDecl> Scorecards { get; } = [];

    public List<BandDecl> Bands { get; } = [];

    public List<TableDecl> Tables { get; } = [];

    public List<RuleDecl> Rules { get; } = [];

    public List<OutputDecl> Outputs { get; } = [];
}
