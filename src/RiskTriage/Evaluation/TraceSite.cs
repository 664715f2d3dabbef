namespace RiskTriage.Evaluation;

/// <summary>
/// A trace step as the rule set was compiled with it: what every entry the step records shares (its kind, element,
/// item, detail and the names of its operands, in the order a full trace records their values). Made once when the
/// rule set is compiled, so recording an entry stores only this reference and the values read at evaluation time.
/// </summary>
internal sealed record TraceSite(TraceEntryKind Kind, string Element, string? Item, string? Detail, string[] OperandNames);
