using RiskTriage.Loading;

namespace RiskTriage.Checking;

/// <summary>
/// Finds an element's declaration and an expression's parsed text in constant time, so that loading grows in step
/// with the number of elements: searching the model's lists for each element would grow with its square (see
/// benchmarks/RESULTS.md).
/// </summary>
internal sealed partial class RuleSetChecker
{
    // The declaration each node was made from, recorded when the node is created.
    private readonly Dictionary<CheckedNode, object> _declarations = new(ReferenceEqualityComparer.Instance);

    // The first expression parsed from each JSON string (a table cell's range parts share their string's place).
    private readonly Dictionary<SourceRef, ExpressionText> _parsedBySource = new(ReferenceEqualityComparer.Instance);

    /// <summary>The declaration <paramref name="node"/> was made from.</summary>
    private T DeclarationOf<T>(CheckedNode node)
        where T : class => (T)_declarations[node];

    private void RememberParsed(ExpressionText text) => _parsedBySource.TryAdd(text.Source, text);

    /// <summary>The expression already parsed from the string written at <paramref name="source"/>, if any.</summary>
    private ExpressionText? ParsedAt(SourceRef source) => _parsedBySource.GetValueOrDefault(source);
}
