using RiskTriage.Expressions.Binding;

namespace RiskTriage.Lowering.Passes;

/// <summary>
/// Groups the elements, in evaluation order, into parts of about <see cref="DefaultBudget"/> bound-tree nodes, and
/// works out each part's exports (the symbols read after the part that computes them). A back end that compiles
/// each part to a method of its own keeps each method within what the JIT optimises fully, yet large enough to keep
/// values in registers across many rules. Without the pass the form is one part, which means the same.
/// </summary>
internal static class Partitioning
{
    /// <summary>The budget of a part, in bound-tree nodes (<see cref="LoweredElement.Size"/>).</summary>
    public const int DefaultBudget = 400;

    public static LoweredRuleSet Run(LoweredRuleSet form, int budget = DefaultBudget)
    {
        var chunks = new List<List<LoweredElement>>();
        var current = new List<LoweredElement>();
        var weight = 0;
        foreach (var element in form.Elements)
        {
            if (current.Count > 0 && weight + element.Size > budget)
            {
                chunks.Add(current);
                current = [];
                weight = 0;
            }

            current.Add(element);
            weight += element.Size;
        }

        if (current.Count > 0)
        {
            chunks.Add(current);
        }

        var exported = Exports(form, chunks);
        return form.WithParts([.. chunks.Select(chunk => new LoweredPart(chunk, chunk.SelectMany(e => e.Produces).Where(exported.Contains).ToHashSet()))]);
    }

    /// <summary>Every symbol read by a part other than the one computing it, the rules' flags the reviews read, and the outputs.</summary>
    private static HashSet<ValueSymbol> Exports(LoweredRuleSet form, List<List<LoweredElement>> chunks)
    {
        var chunkOf = new Dictionary<LoweredElement, int>(ReferenceEqualityComparer.Instance);
        var producers = new Dictionary<string, (LoweredElement Element, ValueSymbol Symbol)>(StringComparer.Ordinal);
        for (var c = 0; c < chunks.Count; c++)
        {
            foreach (var element in chunks[c])
            {
                chunkOf[element] = c;

                // An output that exports an element of the same name leaves the name to that element.
                if (element.ExportsOwnName)
                {
                    continue;
                }

                foreach (var symbol in element.Produces)
                {
                    producers[symbol.Name] = (element, symbol);
                }
            }
        }

        var exported = new HashSet<ValueSymbol>();
        foreach (var (element, c) in chunkOf)
        {
            foreach (var name in element.Uses)
            {
                if (producers.TryGetValue(name, out var producer) && chunkOf[producer.Element] != c)
                {
                    exported.Add(producer.Symbol);
                }
            }
        }

        exported.UnionWith(form.Reviews.Reviews.Select(r => r.Flag));
        exported.UnionWith(form.Outputs.Select(o => o.Value));
        return exported;
    }
}
