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

    /// <summary>
    /// Whether symbolic links in a rule-set folder may lead outside it. Default false: such a link is reported as an
    /// error and its target is never read, so a link cannot pull another file (say <c>/etc/passwd</c> named
    /// <c>p.json</c>) or folder into the rule set or into a diagnostic. Links inside the folder (a Kubernetes ConfigMap
    /// mount's <c>x.json -&gt; ..data/x.json</c>) are always followed.
    /// </summary>
    public bool AllowLinksOutsideRuleSet { get; init; }
}
