namespace RiskTriage.Runtime;

/// <summary>
/// A case made a rule set compute something past the engine's bounds (a text of millions of characters). Thrown
/// from the rare slow path that would build it, before anything is allocated, and caught where the case is
/// evaluated: the case gets an error naming the element, the rest of a batch is unaffected.
/// </summary>
internal sealed class EvaluationLimitException(string message) : Exception(message)
{
    /// <summary>The longest text an expression may compute, in characters (a join of texts with <c>+</c>).</summary>
    public const int MaxTextLength = 1_000_000;

    /// <summary>The error for a join of <paramref name="length"/> characters computed by <paramref name="element"/>.</summary>
    public static EvaluationLimitException TextTooLong(long length, string? element) => new(string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{(element is null ? "an expression" : element)} would join texts into one of {length:N0} characters; the limit on a computed text is {MaxTextLength:N0} characters, so the case was not triaged (check the rule set's use of '+' on texts)"));
}
