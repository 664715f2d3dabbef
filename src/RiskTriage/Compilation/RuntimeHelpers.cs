using System.Globalization;

namespace RiskTriage.Compilation;

/// <summary>Calls the compiled rule-set delegate makes into the decision; kept out of line so the hot path stays small.</summary>
internal static class RuntimeHelpers
{
    public static void MissingInput(Decision decision, string path) => decision.AddReview(MissingInputReason(path));

    /// <summary>The review reason for a missing required input (made once per input when the rule set is compiled).</summary>
    public static ReviewReason MissingInputReason(string path) =>
        new("MISSING_INPUT", $"the required input '{path}' is missing; it must be known before this case can be triaged safely", path);

    public static void MissingItemField(Decision decision, string list, int index, string field) =>
        MissingInput(decision, CaseLimitChecks.ItemPath(list, index, field));

    public static void NoBand(Decision decision, string bands, double value) =>
        decision.AddReview("NO_BAND", string.Create(CultureInfo.InvariantCulture, $"the value {value:R} of '{bands}' falls in none of its bands"), bands);

    public static void HitPolicyViolation(Decision decision, string table, string policy, string[] ids, int first, int second) =>
        decision.AddReview("HIT_POLICY_VIOLATION",
            policy == "ANY"
                ? $"the rows '{ids[first]}' and '{ids[second]}' of the ANY table '{table}' both match but give different results; the table must be corrected, so its outputs are left missing"
                : $"the rows '{ids[first]}' and '{ids[second]}' of the UNIQUE table '{table}' both match; the table must be corrected, so its outputs are left missing",
            table);

    /// <summary>A number output; a non-finite number is left missing and asks for review. Small, so it is inlined at each output.</summary>
    public static RuleValue NumberOutput(Decision decision, string output, double? value) =>
        value is not { } v ? default
        : double.IsFinite(v) ? RuleValue.FromNumber(v)
        : NonFiniteOutput(decision, output);

    /// <summary>As <see cref="NumberOutput"/>, as the decision's cell of a number output (<see cref="Evaluation.OutputCells"/>).</summary>
    public static long NumberCell(Decision decision, string output, double? value) =>
        value is { } v ? NumberCell(decision, output, v) : Evaluation.OutputCells.Missing;

    /// <summary>As <see cref="NumberOutput"/>, as the cell of a number output known to be present.</summary>
    public static long NumberCell(Decision decision, string output, double value)
    {
        if (double.IsFinite(value))
        {
            return Evaluation.OutputCells.Number(value);
        }

        NonFiniteOutput(decision, output);
        return Evaluation.OutputCells.Missing;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static RuleValue NonFiniteOutput(Decision decision, string output)
    {
        decision.AddReview("NON_FINITE_OUTPUT", $"the output '{output}' is not a finite number (the calculation overflowed); it is left missing", output);
        return RuleValue.Missing;
    }

    /// <summary>
    /// A list output or a traced value as a rule value. A rule value holds no objects: an object, or a list holding
    /// objects (a named value such as "items" in a full trace), is traced as missing rather than failing the evaluation.
    /// </summary>
    public static RuleValue ListOutput(object? value) => Representable(value) ? RuleValue.FromObject(value) : RuleValue.Missing;

    private static bool Representable(object? value) => value switch
    {
        null or bool or double or int or string or DateOnly or RuleValue => true,
        System.Collections.IEnumerable items => items.Cast<object?>().All(Representable),
        _ => false,
    };
}
