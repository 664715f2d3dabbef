using RiskTriage.Definitions;
using RiskTriage.Diagnostics;

namespace RiskTriage.Cli.Diff;

/// <summary>
/// One comparable piece of a rule set: an element (a parameter, an input, a value, a scorecard, a band set, a table,
/// a rule, an output, the rule-set declaration) or a part of one (a scorecard row, a band, a table row), with its
/// properties as compact JSON and where it is written.
/// </summary>
/// <param name="Kind">What the element is: "parameter", "table", "rule", ...</param>
/// <param name="Name">The element's name (a rule's id).</param>
/// <param name="PartKind">What the part is ("row", "band"), or null for the element itself.</param>
/// <param name="Part">The part's id (a row id, a band label), or null for the element itself.</param>
/// <param name="Properties">Property name → its JSON text (compact), in written order.</param>
/// <param name="File">The file, relative to the rule-set folder.</param>
/// <param name="Line">The 1-based line the piece starts on.</param>
internal sealed record RuleElement(string Kind, string Name, string? PartKind, string? Part, IReadOnlyList<KeyValuePair<string, string>> Properties, string File, int Line)
{
    public (string Kind, string Name, string? PartKind, string? Part) Key => (Kind, Name, PartKind, Part);

    /// <summary>"table tierTable row a3", "parameter rsrHighMin".</summary>
    public string Label => Part is null ? $"{Kind} {Name}" : $"{Kind} {Name} {PartKind} {Part}";

    public string Where => $"{File}:{Line}";
}

/// <summary>
/// Reads a rule set into <see cref="RuleElement"/>s for the rule-level diff, from its checked
/// <see cref="RuleSet.Definition"/> (each element's and part's properties as written), never from the rule files.
/// </summary>
internal static class RuleElements
{
    /// <summary>The pieces file by file (in the rule set's file order), each file's in section order then written order.</summary>
    public static IReadOnlyList<RuleElement> Read(RuleSet ruleSet)
    {
        var definition = ruleSet.Definition;
        var elements = new List<RuleElement> { Piece("rule set", "declaration", null, null, definition.DeclarationProperties, definition.DeclarationLocation) };
        elements.AddRange(definition.Inputs.Select(i => Piece("input", i.Name, null, null, i.WrittenProperties, i.Location)));
        elements.AddRange(definition.Parameters.Select(p => Piece("parameter", p.Name, null, null, p.WrittenProperties, p.Location)));
        var parts = new PartsOf();
        foreach (var element in definition.Elements)
        {
            var (kind, partList, pieces) = parts.Visit(element);
            elements.Add(Piece(kind, element.Name, null, null, element.WrittenProperties.Where(p => p.Key != partList).ToArray(), element.Location));
            elements.AddRange(pieces.Select(p => Piece(kind, element.Name, p.PartKind, p.Id, p.Properties, p.Location)));
        }

        // A stable sort: within a file the section order above, which is the order the report lists changes in.
        var fileOrder = ruleSet.SourceFiles.Keys.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        return elements.OrderBy(e => fileOrder.GetValueOrDefault(e.File, int.MaxValue)).ToList();
    }

    private static RuleElement Piece(string kind, string name, string? partKind, string? part, IReadOnlyList<KeyValuePair<string, string>> properties, SourceLocation at) =>
        new(kind, name, partKind, part, properties, at.File ?? string.Empty, at.Line);

    private readonly record struct Part(string PartKind, string Id, IReadOnlyList<KeyValuePair<string, string>> Properties, SourceLocation Location);

    /// <summary>What each element kind is called, which written property lists its parts, and the parts.</summary>
    private sealed class PartsOf : RuleSetDefinitionVisitor<(string Kind, string? PartList, IReadOnlyList<Part> Parts)>
    {
        public override (string, string?, IReadOnlyList<Part>) VisitValue(ValueDefinition value) => ("value", null, []);

        public override (string, string?, IReadOnlyList<Part>) VisitScorecard(ScorecardDefinition scorecard) =>
            ("scorecard", "rows", scorecard.Rows.Select(r => new Part("row", r.Id, r.WrittenProperties, r.Location)).ToArray());

        public override (string, string?, IReadOnlyList<Part>) VisitBandSet(BandSetDefinition bandSet) =>
            ("band set", "bands", bandSet.Bands.Select(b => new Part("band", b.Label, b.WrittenProperties, b.Location)).ToArray());

        public override (string, string?, IReadOnlyList<Part>) VisitTable(TableDefinition table) =>
            ("table", "rows", table.Rows.Select(r => new Part("row", r.Id, r.WrittenProperties, r.Location)).ToArray());

        public override (string, string?, IReadOnlyList<Part>) VisitRule(RuleDefinition rule) => ("rule", null, []);

        public override (string, string?, IReadOnlyList<Part>) VisitOutput(OutputDefinition output) => ("output", null, []);
    }
}
