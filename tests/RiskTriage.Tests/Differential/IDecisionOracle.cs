namespace RiskTriage.Tests.Differential;

/// <summary>
/// An evaluation of a loaded rule set that does not go through its compiled delegates: the differential tests and the
/// documentation tests hold the compiled back end to every oracle listed in <see cref="DecisionOracles.All"/>.
/// </summary>
internal interface IDecisionOracle
{
    /// <summary>Shown in failure messages and in the counts the tests print.</summary>
    string Name { get; }

    /// <summary>The decision for the JSON case <paramref name="json"/>, untraced, as the compiled rule set would make it.</summary>
    Decision Evaluate(RuleSet ruleSet, string json);
}

/// <summary>The oracles the compiled back end is compared with.</summary>
internal static class DecisionOracles
{
    /// <summary>
    /// The test-side rule-set evaluator over <see cref="Expressions.Evaluation.ReferenceEvaluator"/>, and the
    /// interpreter (<see cref="InterpretedOracle"/>), written independently of <c>RuntimeFunctions</c>: only it can
    /// catch a bug inside them.
    /// </summary>
    public static IReadOnlyList<IDecisionOracle> All { get; } = [new ReferenceRuleSetEvaluator(), new InterpretedOracle()];
}
