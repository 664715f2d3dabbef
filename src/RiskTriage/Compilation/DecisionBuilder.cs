using RiskTriage.Evaluation;

namespace RiskTriage.Compilation;

/// <summary>
/// What compiled rule-set code may do to the decision it fills: add review reasons, write outputs, reach the trace.
/// Public members of an internal class, so the emitter finds them with <c>typeof(DecisionBuilder).GetMethod</c>
/// rather than reaching <see cref="Decision"/>'s non-public members by reflection. Each is small enough for the JIT
/// to inline into the compiled code.
/// </summary>
internal static class DecisionBuilder
{
    /// <summary>Adds a review reason made when the rule set was compiled (a rule's reason, a missing input).</summary>
    public static void AddReview(Decision decision, ReviewReason reason) => decision.AddReview(reason);

    /// <summary>The decision's output slots, written by the compiled code in the layout's order.</summary>
    public static RuleValue[] Outputs(Decision decision) => decision.Values;

    /// <summary>The decision's trace; the emitter reads it only in code lowered with trace steps, which runs only for traced decisions.</summary>
    public static TraceBuilder Tracer(Decision decision) => decision.Tracer!;
}
