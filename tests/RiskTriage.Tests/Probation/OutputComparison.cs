namespace RiskTriage.Tests.Probation;

/// <summary>Compares an output of the hand-written baseline with the rule set's, recording a difference in words.</summary>
internal static class OutputComparison
{
    /// <summary>Records a difference unless the rule set's value is the baseline's.</summary>
    /// <param name="differences">Where a difference is recorded.</param>
    /// <param name="baseline">What the expected value comes from, as the difference names it.</param>
    /// <param name="id">The case.</param>
    /// <param name="name">The output.</param>
    /// <param name="expected">The baseline's value: text, number, true/false or null.</param>
    /// <param name="actual">The rule set's value.</param>
    public static void Compare(List<string> differences, string baseline, string id, string name, object? expected, RuleValue actual)
    {
        var same = expected switch
        {
            null => actual.IsMissing,
            string s => actual.AsString == s,
            double d => actual.AsNumber == d,
            bool b => actual.AsBool == b,
            _ => false,
        };
        if (!same)
        {
            differences.Add($"{id} {name}: {baseline} {expected ?? "null"}, rule set {actual}");
        }
    }
}
