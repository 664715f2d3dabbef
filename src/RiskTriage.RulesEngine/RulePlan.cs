using RiskTriage.RulesEngine.Lowering;
using RulesEngine.Models;

namespace RiskTriage.RulesEngine;

/// <summary>
/// Where one rule's results are in a compiled workflow's outputs, as output positions resolved once when the workflow
/// is compiled: building a <see cref="RuleResultTree"/> then reads the decision by index, with no name lookup per call.
/// </summary>
internal sealed class RulePlan
{
    private RulePlan(LoweredRule lowered, IReadOnlyDictionary<string, int> positions)
    {
        Rule = lowered.Rule;
        SuccessSlot = positions[lowered.Key];
        ErrorSlot = Slot(lowered.ErrorOutput, positions);
        OnSuccess = ActionPlan.For(lowered.SuccessActionOutput, lowered.SuccessActionError, lowered.SuccessActionType, positions);
        OnFailure = ActionPlan.For(lowered.FailureActionOutput, lowered.FailureActionError, lowered.FailureActionType, positions);
        if (lowered.Children is { } children)
        {
            And = lowered.Rule.Operator is "And" or "AndAlso";
            Children = new RulePlan[children.Count];
            for (var i = 0; i < children.Count; i++)
            {
                Children[i] = new RulePlan(children[i], positions);
            }
        }
    }

    public Rule Rule { get; }

    /// <summary>The position of the rule's success (a bool).</summary>
    public int SuccessSlot { get; }

    /// <summary>The position of the rule's error code, or -1 when it cannot fail.</summary>
    public int ErrorSlot { get; }

    /// <summary>The rule's <c>OutputExpression</c> action on success, if it has one.</summary>
    public ActionPlan? OnSuccess { get; }

    /// <summary>The rule's <c>OutputExpression</c> action on failure, if it has one.</summary>
    public ActionPlan? OnFailure { get; }

    /// <summary>The enabled child rules of a nested rule; null for a rule with an expression.</summary>
    public RulePlan[]? Children { get; }

    /// <summary>Whether a nested rule's operator is And/AndAlso (otherwise Or/OrElse).</summary>
    public bool And { get; }

    public static RulePlan[] For(IReadOnlyList<LoweredRule> rules, IReadOnlyDictionary<string, int> positions)
    {
        var plans = new RulePlan[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            plans[i] = new RulePlan(rules[i], positions);
        }

        return plans;
    }

    private static int Slot(string? output, IReadOnlyDictionary<string, int> positions) => output is null ? -1 : positions[output];

    /// <summary>Where an <c>OutputExpression</c> action's value (and its error code, if it can fail) are, and the value's type.</summary>
    internal sealed class ActionPlan(int valueSlot, int errorSlot, DlType type)
    {
        public int ValueSlot { get; } = valueSlot;

        public int ErrorSlot { get; } = errorSlot;

        public DlType Type { get; } = type;

        public static ActionPlan? For(string? output, string? error, DlType? type, IReadOnlyDictionary<string, int> positions) =>
            output is null ? null : new ActionPlan(positions[output], Slot(error, positions), type!);
    }
}
