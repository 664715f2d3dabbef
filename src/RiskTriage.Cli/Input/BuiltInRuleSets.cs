namespace RiskTriage.Cli.Input;

/// <summary>
/// The rule sets built into the RiskTriage assembly, named on the command line as <c>builtin:&lt;name&gt;</c> wherever
/// a rule-set folder or file is expected, so an installed tool works without a copy of the rule files.
/// </summary>
internal static class BuiltInRuleSets
{
    /// <summary>The prefix that names a built-in rule set instead of a path.</summary>
    public const string Prefix = "builtin:";

    private static readonly SortedDictionary<string, (Func<RuleSetOptions, RuleSet> Load, Func<IReadOnlyDictionary<string, string>> Files)> Sets =
        new(StringComparer.Ordinal)
        {
            ["probation"] = (options => DefaultRuleSets.Probation(options), DefaultRuleSets.ProbationSources),
        };

    /// <summary>Every built-in rule set's command-line name, e.g. <c>builtin:probation</c>.</summary>
    public static IEnumerable<string> Names => Sets.Keys.Select(k => Prefix + k);

    /// <summary>Whether <paramref name="argument"/> names a built-in rule set rather than a path.</summary>
    public static bool IsBuiltIn(string argument) => argument.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The built-in rule set <paramref name="argument"/> names.</summary>
    /// <exception cref="CliException">No built-in rule set has that name.</exception>
    public static RuleSet Load(string argument, RuleSetOptions? options = null) => Find(argument).Load(options ?? RuleSetOptions.Default);

    /// <summary>The rule files of the built-in rule set <paramref name="argument"/> names, keyed by relative path.</summary>
    /// <exception cref="CliException">No built-in rule set has that name.</exception>
    public static IReadOnlyDictionary<string, string> Files(string argument) => Find(argument).Files();

    private static (Func<RuleSetOptions, RuleSet> Load, Func<IReadOnlyDictionary<string, string>> Files) Find(string argument) =>
        Sets.TryGetValue(argument[Prefix.Length..], out var set)
            ? set
            : throw new CliException($"there is no built-in rule set '{argument}'; the built-in rule sets are: {string.Join(", ", Names)}");
}
