using Newtonsoft.Json;

namespace RiskTriage;

/// <summary>What a JSON case's fields that the rule set does not declare do to the decision.</summary>
public enum UnknownFieldHandling
{
    /// <summary>Undeclared fields are ignored (default): upstream systems often send more than the rules read.</summary>
    Ignore,

    /// <summary>An undeclared field makes the decision <c>Invalid</c>.</summary>
    Reject,
}

/// <summary>How a loaded rule set evaluates cases. All make the same decisions, byte for byte.</summary>
public enum RuleSetBackend
{
    /// <summary>
    /// Compiled to delegates while the rule set loads (default): the fastest evaluation from the first case, after a
    /// load that spends most of its time compiling; a rule set the compiler cannot build is reported by the load
    /// (RT0399), and every case is evaluated by the same code.
    /// </summary>
    Compiled,

    /// <summary>
    /// Interpreted: nothing is compiled, so the rule set is ready as soon as it is checked, and each case is evaluated
    /// by walking the checked rule set, 15-55 times slower per case than compiled code. For a first decision soon after
    /// start-up, a rule set loaded to be evaluated a few times (a test, an editor's preview), or a second opinion.
    /// </summary>
    Interpreted,

    /// <summary>
    /// Interpreted at once, compiled in the background: for a fresh process that must answer soon (a command-line
    /// tool, a function that starts per request). The rule set is ready as soon as it is checked, the
    /// interpreter evaluates the first cases, and compiled code takes over when it is built (on the thread pool, at most
    /// one compilation per core), with the same decisions. <see cref="RuleSet.Backend"/> says which is in force;
    /// <see cref="RuleSet.WaitForCompiledAsync"/> waits for the switch. Traced decisions and typed cases
    /// (<see cref="RuleSet.For{TCase}"/>) switch over on their own, their compilation started by their first use. If
    /// compiling fails, the interpreter keeps answering and the failure is published through
    /// <see cref="Observability.RiskTriageTelemetry.CompileActivity"/> and
    /// <see cref="Observability.RiskTriageTelemetry.CompilationFailuresInstrument"/>.
    /// </summary>
    Tiered,
}

/// <summary>Options for loading a rule set.</summary>
public sealed record RuleSetOptions
{
    /// <summary>The options used when none are given.</summary>
    public static RuleSetOptions Default { get; } = new();

    /// <summary>
    /// Values that replace the rule set's declared parameters (by name) at load time, e.g. a threshold being
    /// trialled. Values are numbers, strings, booleans or lists of those. Overrides take part in the content hash,
    /// and in equality: two options are equal when their overrides have the same names and the same values as JSON.
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

    /// <summary>
    /// Whether cases are evaluated by compiled code, by the interpreter, or by the interpreter until compiled code is
    /// ready. Default <see cref="RuleSetBackend.Compiled"/>. Not part of the content hash: all back ends make the same decisions.
    /// </summary>
    public RuleSetBackend Backend { get; init; }

    /// <summary>
    /// Whether <paramref name="other"/> has the same options: the same limits and settings, and parameter overrides with
    /// the same names (ordinal) and the same values as JSON, whatever the dictionaries' types or order.
    /// </summary>
    /// <param name="other">The options to compare with.</param>
    public bool Equals(RuleSetOptions? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Limits == other.Limits
                && UnknownFields == other.UnknownFields
                && AllowLinksOutsideRuleSet == other.AllowLinksOutsideRuleSet
                && Backend == other.Backend
                && SameParameters(Parameters, other.Parameters)));

    /// <summary>A hash consistent with <see cref="Equals(RuleSetOptions?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Limits);
        hash.Add(UnknownFields);
        hash.Add(AllowLinksOutsideRuleSet);
        hash.Add(Backend);
        if (Parameters is { Count: > 0 } parameters)
        {
            // Order-independent: the sum of the names' hashes.
            var names = 0;
            foreach (var name in parameters.Keys)
            {
                names += StringComparer.Ordinal.GetHashCode(name);
            }

            hash.Add(parameters.Count);
            hash.Add(names);
        }

        return hash.ToHashCode();
    }

    /// <summary>An override's value as the content hash and equality see it: compact JSON.</summary>
    internal static string ParameterJson(object? value) => JsonConvert.SerializeObject(value, Formatting.None);

    /// <summary>No overrides and an empty set of overrides are the same thing.</summary>
    private static bool SameParameters(IReadOnlyDictionary<string, object?>? a, IReadOnlyDictionary<string, object?>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        var count = a?.Count ?? 0;
        if (count != (b?.Count ?? 0))
        {
            return false;
        }

        if (count == 0)
        {
            return true;
        }

        var byName = b!.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (name, value) in a!)
        {
            if (!byName.TryGetValue(name, out var otherValue) || ParameterJson(value) != ParameterJson(otherValue))
            {
                return false;
            }
        }

        return true;
    }
}
