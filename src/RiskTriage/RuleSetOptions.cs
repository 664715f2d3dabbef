namespace RiskTriage;

/// <summary>What a JSON case's fields that the rule set does not declare do to the decision.</summary>
public enum UnknownFieldHandling
{
    /// <summary>Undeclared fields are ignored (default): upstream systems often send more than the rules read.</summary>
    Ignore,

    /// <summary>An undeclared field makes the decision <c>Invalid</c>.</summary>
    Reject,
}

/// <summary>Options for loading a rule set.</summary>
public sealed record RuleSetOptions
{
    /// <summary>The options used when none are given.</summary>
    public static RuleSetOptions Default { get; } = new();

    /// <summary>
    /// Values that replace the rule set's declared parameters (by name) at load time, e.g. a threshold being
    /// trialled. Values are numbers, strings, booleans or lists of those. Overrides take part in the content hash.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Parameters { get; init; }

    /// <summary>Size and depth limits for rule files and cases.</summary>
    public RuleSetLimits Limits { get; init; } = RuleSetLimits.Default;

    /// <summary>What an undeclared field in a JSON case does. Default <see cref="UnknownFieldHandling.Ignore"/>.</summary>
    public UnknownFieldHandling UnknownFields { get; init; } = UnknownFieldHandling.Ignore;
}
