namespace RiskTriage;

/// <summary>Options and bounds of a fail-safe audit (<see cref="RuleSet.AuditFailSafe(IEnumerable{string}, FailSafeAuditOptions?)"/>).</summary>
public sealed record FailSafeAuditOptions
{
    /// <summary>
    /// Also audit the inputs each case has: each is removed in turn and probed as if it were missing. Default
    /// <c>false</c> (only the inputs the case lacks).
    /// </summary>
    public bool RemovePresentInputs { get; init; }

    /// <summary>
    /// The most probe values tried for one input (default 64). Probes come in a fixed order (the values the rule
    /// set compares that input with first, then the other constants it names), so a bound leaves out the least
    /// specific ones.
    /// </summary>
    public int MaxProbesPerInput { get; init; } = 64;

    /// <summary>
    /// The most list items of one case whose missing fields are audited (default 8); items after them are not
    /// looked at. A missing list is always probed.
    /// </summary>
    public int MaxListItems { get; init; } = 8;

    /// <summary>
    /// The most evaluations the whole audit makes (default 2,000,000). When it is reached the audit stops and its
    /// result says so (<see cref="FailSafeAuditResult.Truncated"/>); the findings up to then are kept.
    /// </summary>
    public long MaxEvaluations { get; init; } = 2_000_000;
}

/// <summary>
/// A hole in a rule set's fail-safe promise: with <see cref="Input"/> missing the decision is complete (or asks for
/// review without naming that input), yet some value of that input would change <see cref="Output"/>, for an
/// ordered output to a higher value.
/// </summary>
/// <param name="CaseId">The case's <c>caseId</c>, when it has one.</param>
/// <param name="CaseIndex">The case's position among the audited cases (0-based).</param>
/// <param name="Input">The input path, e.g. <c>saraPartner</c>, <c>ogrs3.totalSanctions</c> or <c>sentences[0].type</c>.</param>
/// <param name="Output">The output that moves.</param>
/// <param name="MissingStatus">The decision's status with the input missing.</param>
/// <param name="MissingValue">The output's value with the input missing.</param>
/// <param name="WorstValue">
/// The output's value under the probe that gives the worst outcome: the highest for an ordered output, the first
/// different value (in probe order) for an unordered one.
/// </param>
/// <param name="Probe">The probe value that gives <see cref="WorstValue"/>, as JSON.</param>
/// <param name="Ordered">Whether the output is ordered, so <see cref="WorstValue"/> is higher than <see cref="MissingValue"/> rather than only different.</param>
public sealed record FailSafeFinding(
    string? CaseId, int CaseIndex, string Input, string Output, DecisionStatus MissingStatus, RuleValue MissingValue, RuleValue WorstValue, string Probe, bool Ordered)
{
    /// <summary>The case as a finding names it: its id, or its position when it has none.</summary>
    public string CaseName => CaseId ?? $"#{CaseIndex + 1}";

    /// <summary>One line: case, input, output, the value with the input missing and the worst probe's value.</summary>
    public override string ToString() =>
        $"case {CaseName}: with '{Input}' missing, {Output} is {Text(MissingValue)} ({(MissingStatus == DecisionStatus.Complete ? "complete" : "review not naming it")}); "
        + $"{Input} = {Probe} gives {Text(WorstValue)}{(Ordered ? " (could be higher)" : " (could differ)")}";

    private static string Text(RuleValue value) => value.IsMissing ? "null" : value.ToString();
}

/// <summary>A case the audit could not use: the case itself is invalid.</summary>
/// <param name="CaseIndex">The case's position among the audited cases (0-based).</param>
/// <param name="CaseId">The case's <c>caseId</c>, when it could be read.</param>
/// <param name="Message">Why it was skipped.</param>
public sealed record FailSafeSkippedCase(int CaseIndex, string? CaseId, string Message);

/// <summary>The result of a fail-safe audit: the holes found, and how much was audited.</summary>
public sealed class FailSafeAuditResult
{
    internal FailSafeAuditResult(IReadOnlyList<FailSafeFinding> findings, IReadOnlyList<FailSafeSkippedCase> skipped, int cases, long evaluations, bool truncated)
    {
        Findings = findings;
        SkippedCases = skipped;
        Cases = cases;
        Evaluations = evaluations;
        Truncated = truncated;
    }

    /// <summary>The holes found, in case order, then input, then output.</summary>
    public IReadOnlyList<FailSafeFinding> Findings { get; }

    /// <summary>Cases that could not be audited because they are invalid.</summary>
    public IReadOnlyList<FailSafeSkippedCase> SkippedCases { get; }

    /// <summary>How many cases were read.</summary>
    public int Cases { get; }

    /// <summary>How many evaluations the audit made.</summary>
    public long Evaluations { get; }

    /// <summary>
    /// True when <see cref="FailSafeAuditOptions.MaxEvaluations"/> stopped the audit before every case and input was
    /// probed: no findings then does not mean no holes.
    /// </summary>
    public bool Truncated { get; }

    /// <summary>True when the audit ran to the end, found no holes and skipped no case.</summary>
    public bool Passed => Findings.Count == 0 && SkippedCases.Count == 0 && !Truncated;
}
