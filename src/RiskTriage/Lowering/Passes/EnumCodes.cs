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
/// </remarks>
internal static class EnumCodes
{
    public static LoweredRuleSet Run(LoweredRuleSet form) => form.WithEnumCodes(Codes(form.Checks));

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
                        string text => values.IndexOf(text),
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
