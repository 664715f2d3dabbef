using System.Runtime.CompilerServices;

namespace RiskTriage.Tests.Differential;

/// <summary>
/// The interpreter, through the public tier: the same rule files loaded with <see cref="RuleSetBackend.Interpreted"/>
/// (kept beside the compiled rule set for as long as it lives), so what is compared is what a host choosing the
/// interpreter gets, typed and traced cases included.
/// </summary>
internal sealed class InterpretedOracle : IDecisionOracle
{
    private static readonly ConditionalWeakTable<RuleSet, RuleSet> Interpreted = [];

    public string Name => "interpreted";

    public Decision Evaluate(RuleSet ruleSet, string json) => For(ruleSet).Evaluate(json);

    /// <summary>The rule set loaded from the same files and options, interpreted.</summary>
    public static RuleSet For(RuleSet compiled) =>
        Interpreted.GetValue(compiled, c => RuleSet.LoadFromSources(c.SourceFiles, c.Options with { Backend = RuleSetBackend.Interpreted }));
}
