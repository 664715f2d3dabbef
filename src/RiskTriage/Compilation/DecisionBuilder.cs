using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>The cells of the decision's number, true/false and date outputs (<see cref="OutputCells"/>) and its enumerated texts' codes, at their places in the layout.</summary>
    public static long[] Cells(Decision decision) => decision.Cells;

    /// <summary>The references of the decision's text and list outputs, at their places in the layout, of a layout that does not keep exactly one (see <see cref="SetOnlyReference"/>).</summary>
    /// <exception cref="InvalidOperationException">The layout keeps exactly one reference, in a field (a defect of the back end).</exception>
    public static object?[] References(Decision decision) => decision.References;

    /// <summary>
    /// Stores <paramref name="value"/> (a text or a list's items) as the one reference of a decision whose layout keeps
    /// exactly one (<see cref="OutputLayout.OneReference"/>): a field of the decision, so that it has no array of
    /// references to allocate and the store needs neither a bounds nor a type check.
    /// </summary>
    /// <exception cref="InvalidOperationException">The layout does not keep exactly one reference (a defect of the back end).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetOnlyReference(Decision decision, object? value) => decision.SetOnlyReference(value);

    /// <summary>
    /// Stores <paramref name="value"/> (a text or a list's items) at <paramref name="place"/> among a decision's
    /// <see cref="References"/>. That array is always a decision's own <c>object?[]</c>, never an array of a narrower
    /// element type seen as one, so the store needs no covariance check: a plain reference store, where an array
    /// element's assignment calls the runtime's checked store helper.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="place"/> is outside the array (a defect of the back end).</exception>
    /// <exception cref="ArrayTypeMismatchException">the array is not exactly an <c>object?[]</c> (a defect of the back end).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetReference(object?[] references, int place, object? value)
    {
        if ((uint)place >= (uint)references.Length)
        {
            PlaceOutside(references, place);
        }

        // What makes the plain store sound, checked: one compare of the array's type with object[]'s, not the checked
        // store's call.
        if (references.GetType() != typeof(object[]))
        {
            NotObjectArray(references);
        }

        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(references), place) = value;
    }

    /// <summary>
    /// Stores the code <paramref name="code"/> of an enumerated text output (<see cref="OutputCells.Code"/>: 0 to the
    /// number of its texts) at the byte <paramref name="place"/> of a decision's <see cref="Cells"/>: a byte store, no
    /// reference and no write barrier.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="place"/> is outside the cells (a defect of the back end).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetCode(long[] cells, int place, int code)
    {
        // The cell's range check, which the part's check of its highest cell makes the JIT drop (a place is a constant).
        if ((uint)(place >> 3) >= (uint)cells.Length)
        {
            PlaceOutsideCells(cells, place);
        }

        Unsafe.Add(ref Unsafe.As<long, byte>(ref MemoryMarshal.GetArrayDataReference(cells)), place) = (byte)code;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PlaceOutsideCells(long[] cells, int place) =>
        throw new IndexOutOfRangeException($"the code's place {place} is outside the decision's {cells.Length} cells");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NotObjectArray(object?[] references) =>
        throw new ArrayTypeMismatchException($"the decision's references are a {references.GetType()}, not an object[]");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PlaceOutside(object?[] references, int place) =>
        throw new IndexOutOfRangeException($"the output place {place} is outside the decision's {references.Length} references");

    /// <summary>Sets the output in <paramref name="slot"/> to a value the compiled code does not write into its place itself.</summary>
    public static void SetOutput(Decision decision, int slot, RuleValue value) => decision.SetOutput(slot, value);

    /// <summary>The decision's trace; the emitter reads it only in code lowered with trace steps, which runs only for traced decisions.</summary>
    public static TraceBuilder Tracer(Decision decision) => decision.Tracer!;
}
