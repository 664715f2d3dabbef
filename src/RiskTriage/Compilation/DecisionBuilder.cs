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

    /// <summary>The cells of the decision's number, true/false and date outputs (<see cref="OutputCells"/>), at their places in the layout.</summary>
    public static long[] Cells(Decision decision) => decision.Cells;

    /// <summary>The references of the decision's text and list outputs, at their places in the layout.</summary>
    public static object?[] References(Decision decision) => decision.References;

    /// <summary>Sets the output in <paramref name="slot"/> to a value the compiled code does not write into its place itself.</summary>
    public static void SetOutput(Decision decision, int slot, RuleValue value) => decision.SetOutput(slot, value);

    /// <summary>The decision's trace; the emitter reads it only in code lowered with trace steps, which runs only for traced decisions.</summary>
    public static TraceBuilder Tracer(Decision decision) => decision.Tracer!;
}
