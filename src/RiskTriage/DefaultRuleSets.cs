using System.Text;

namespace RiskTriage;

/// <summary>
/// The rule sets shipped inside the RiskTriage assembly, loaded without copying any files. Each is the same
/// rule set as the folder it was built from: the same files under the same relative names, so
/// <see cref="RuleSetIdentity.Hash"/> and every decision are identical to <see cref="RuleSet.Load"/> of that folder.
/// A rule set of your own still loads from disk with <see cref="RuleSet.Load"/>.
/// </summary>
public static class DefaultRuleSets
{
    /// <summary>The prefix of the embedded rule files' manifest resource names: <c>RiskTriage/rules/</c>, then the rule set's folder name and the file's relative path.</summary>
    internal const string ResourcePrefix = "RiskTriage/rules/";

    private static readonly Lazy<RuleSet> SharedProbation = new(() => RuleSet.LoadFromSources(ProbationSources()));

    /// <summary>
    /// The default probation rule set (<c>rules/probation</c> in the repository): risk scores, tier, programme
    /// eligibility and supervision. Without <paramref name="options"/> one shared, thread-safe instance is returned.
    /// </summary>
    /// <param name="options">Parameter overrides and limits; <c>null</c> for the defaults.</param>
    /// <exception cref="Diagnostics.RuleSetException">The overrides make the rule set invalid.</exception>
    public static RuleSet Probation(RuleSetOptions? options = null) =>
        options is null ? SharedProbation.Value : RuleSet.LoadFromSources(ProbationSources(), options);

    /// <summary>
    /// The default probation rule set's files as embedded, keyed by their path relative to the rule-set folder
    /// (e.g. <c>ruleset.json</c>), in ordinal order: to read them, or to copy them as the start of a rule set of your own.
    /// <see cref="RuleSet.LoadFromSources"/> of these files is <see cref="Probation"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ProbationSources() => Sources("probation");

    /// <summary>The embedded files of one rule set, keyed by relative path (always with <c>/</c>), in ordinal order.</summary>
    internal static IReadOnlyDictionary<string, string> Sources(string ruleSet)
    {
        var assembly = typeof(DefaultRuleSets).Assembly;
        var prefix = ResourcePrefix + ruleSet + "/";
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"the embedded rule file '{name}' cannot be opened");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            files.Add(name[prefix.Length..], utf8.GetString(memory.GetBuffer(), 0, (int)memory.Length));
        }

        if (files.Count == 0)
        {
            throw new InvalidOperationException($"the assembly holds no embedded rule files for the '{ruleSet}' rule set");
        }

        return files;
    }
}
