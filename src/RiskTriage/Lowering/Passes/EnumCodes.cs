using RiskTriage.Expressions.Binding;
using RiskTriage.Loading;

namespace RiskTriage.Lowering.Passes;

/// <summary>
/// Finds the enumerated input fields whose values the input checks hold to their declared values, and records them
/// as <see cref="LoweredRuleSet.EnumCodes"/>, so that a back end can read such a field once as an integer code (its
/// value's position among the declared values) and compare codes where the rules compare the field with text (the
/// LINQ emitter: <c>rosh == "HIGH"</c> is an integer compare, <c>rosh in [...]</c> one bit test, a table keyed by the
/// field a lookup by the code). Only an annotation: the ops and their meaning are unchanged.
/// </summary>
/// <remarks>
/// <para>A field qualifies when an <see cref="EnumCheck"/> checks it at the top level or inside objects (a value
/// outside the declared ones makes the case invalid, and nothing after the checks runs), and its declared default,
/// if any, is one of the declared values. Fields of list items do not: one code per field cannot stand for every
/// item. Without enumeration checks (a case whose reader holds it to its enumerations) there is nothing to code.</para>
/// <para>Text symbols are coded too (<see cref="LoweredRuleSet.CodedSymbols"/>) when every value they can take is a
/// text known here: a <see cref="Compute"/> or <see cref="Choose"/> whose values are text literals, <c>null</c>,
/// coded inputs or coded symbols, combined by <c>c ? a : b</c> and <c>a ?? b</c>; a <see cref="SelectBand"/>'s
/// labels; a <see cref="FirstMatch"/> output that only literals set, in a table that takes its first matching row
/// (the other policies may void their outputs). At most <see cref="MaxTexts"/> texts each.</para>
/// </remarks>
internal static class EnumCodes
{
    /// <summary>Most texts a coded symbol may take: a test of a list of them is one bit test of a 64-bit mask (bit 0: missing).</summary>
    public const int MaxTexts = 62;

    public static LoweredRuleSet Run(LoweredRuleSet form)
    {
        var codes = Codes(form.Checks);
        return form.WithEnumCodes(codes, Symbols(form, codes));
    }

    /// <summary>The coded text symbols of <paramref name="form"/> and their texts, given the coded inputs.</summary>
    public static Dictionary<ValueSymbol, IReadOnlyList<string>> Symbols(LoweredRuleSet form, IReadOnlyDictionary<string, EnumCode> inputs)
    {
        var symbols = new Dictionary<ValueSymbol, IReadOnlyList<string>>();
        foreach (var op in form.Elements.SelectMany(e => e.Ops))
        {
            switch (op)
            {
                case Compute compute when IsText(compute.Target.Type):
                    Add(symbols, compute.Target, Texts(compute.Value, inputs, symbols));
                    break;
                case SelectBand bands:
                    Add(symbols, bands.Target, [.. bands.Bands.Select(b => b.Label)]);
                    break;
                case FirstMatch { Check: MatchCheck.None } table:
                    for (var o = 0; o < table.Outputs.Count; o++)
                    {
                        var output = table.Outputs[o];
                        if (IsText(output.Target.Type))
                        {
                            Add(symbols, output.Target, Literals(table.Rows.Select(r => r.Outputs[o]).Prepend(output.Default)));
                        }
                    }

                    break;
                case Choose choose when IsText(choose.Type):
                    var parts = choose.Setters.Select(s => Texts(s.Value, inputs, symbols)).Append(choose.Fallback is null ? [] : Texts(choose.Fallback, inputs, symbols)).ToList();
                    Add(symbols, choose.Target, parts.Contains(null) ? null : [.. parts.SelectMany(p => p!)]);
                    break;
            }
        }

        return symbols;
    }

    private static bool IsText(DataType type) => type.Kind == TypeKind.String;

    private static void Add(Dictionary<ValueSymbol, IReadOnlyList<string>> symbols, ValueSymbol symbol, List<string>? texts)
    {
        if (texts is not null)
        {
            var distinct = texts.Distinct(StringComparer.Ordinal).ToList();
            if (distinct.Count <= MaxTexts)
            {
                symbols[symbol] = distinct;
            }
        }
    }

    /// <summary>The texts of values that are all text literals or <c>null</c> (a missing default); null when one is not.</summary>
    private static List<string>? Literals(IEnumerable<BoundExpression?> values)
    {
        var texts = new List<string>();
        foreach (var value in values)
        {
            switch (value)
            {
                case null or BoundLiteral { Value: null }:
                    break;
                case BoundLiteral { Value: string text }:
                    texts.Add(text);
                    break;
                default:
                    return null;
            }
        }

        return texts;
    }

    /// <summary>Every text <paramref name="node"/> can give (it may also be missing); null when that is not known here.</summary>
    private static List<string>? Texts(BoundExpression node, IReadOnlyDictionary<string, EnumCode> inputs, Dictionary<ValueSymbol, IReadOnlyList<string>> symbols) => node switch
    {
        BoundLiteral { Value: null } => [],
        BoundLiteral { Value: string text } => [text],
        BoundValueReference reference => symbols.TryGetValue(reference.Symbol, out var texts) ? [.. texts] : null,
        BoundConditional conditional => Union(Texts(conditional.WhenTrue, inputs, symbols), Texts(conditional.WhenFalse, inputs, symbols)),
        BoundBinary { Operator: BoundBinaryOperator.Coalesce } coalesce => Union(Texts(coalesce.Left, inputs, symbols), Texts(coalesce.Right, inputs, symbols)),
        _ => PathOf(node) is { } path && inputs.TryGetValue(path, out var code) ? [.. code.Values] : null,
    };

    private static List<string>? Union(List<string>? a, List<string>? b) => a is null || b is null ? null : [.. a, .. b];

    /// <summary>The path of the input field <paramref name="node"/> reads, as input checks name it (<c>object.field</c>); null when it reads something else.</summary>
    public static string? PathOf(BoundExpression node) => node switch
    {
        BoundInput input => input.Symbol.Property.Name,
        BoundMember member when PathOf(member.Target) is { } parent => parent + "." + member.Property.Name,
        _ => null,
    };

    /// <summary>The coded fields among <paramref name="checks"/>, by path, numbered in check order.</summary>
    public static Dictionary<string, EnumCode> Codes(IReadOnlyList<InputCheck> checks)
    {
        var codes = new Dictionary<string, EnumCode>(StringComparer.Ordinal);
        Collect(checks, codes);
        return codes;
    }

    private static void Collect(IReadOnlyList<InputCheck> checks, Dictionary<string, EnumCode> codes)
    {
        foreach (var check in checks)
        {
            switch (check)
            {
                case EnumCheck { Field: { } field } enumCheck:
                    var values = enumCheck.Values.Distinct(StringComparer.Ordinal).ToList();
                    var @default = field.Default switch
                    {
                        null => -1,
                        // A default outside the declared values (the checker refuses one) leaves the field as text.
                        string text => values.IndexOf(text) is var index and >= 0 ? index : -2,
                        _ => -2,
                    };
                    if (@default >= -1 && !codes.ContainsKey(enumCheck.Path))
                    {
                        codes.Add(enumCheck.Path, new EnumCode(codes.Count, values, @default));
                    }

                    break;
                case ObjectChecks objectChecks:
                    Collect(objectChecks.Inner, codes);
                    break;
            }
        }
    }
}
