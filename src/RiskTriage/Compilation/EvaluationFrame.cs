namespace RiskTriage.Compilation;

/// <summary>How many slots of each kind a compiled rule set needs to pass values between its compiled parts.</summary>
internal sealed record FrameLayout(int Doubles, int NullableDoubles, int Bools, int NullableBools, int Strings, int Dates, int Objects, int Codes = 0);

/// <summary>
/// Typed slots for the values one compiled part of a rule set hands to a later part. Rule sets are compiled in
/// parts because the JIT stops optimising very large methods; the frame keeps values unboxed between parts.
/// One frame is cached per thread and reused, so evaluating does not allocate it.
/// </summary>
internal sealed class EvaluationFrame
{
    [ThreadStatic]
    private static EvaluationFrame? t_cached;

    public double[] Doubles = [];
    public double?[] NullableDoubles = [];
    public bool[] Bools = [];
    public bool?[] NullableBools = [];
    public string?[] Strings = [];
    public DateOnly?[] Dates = [];
    public object?[] Objects = [];

    /// <summary>The codes of enumerated inputs (see <see cref="Lowering.EnumCode"/>), written by the input checks.</summary>
    public int[] Codes = [];

    private bool _inUse;

    private bool Fits(FrameLayout layout) =>
        Doubles.Length >= layout.Doubles && NullableDoubles.Length >= layout.NullableDoubles && Bools.Length >= layout.Bools
        && NullableBools.Length >= layout.NullableBools && Strings.Length >= layout.Strings && Dates.Length >= layout.Dates
        && Objects.Length >= layout.Objects && Codes.Length >= layout.Codes;

    /// <summary>A frame of its own, not this thread's cached one: for a caller that keeps one frame per case (the breakdown benchmarks).</summary>
    internal static EvaluationFrame Create(FrameLayout layout) => Create(layout, null);

    private static EvaluationFrame Create(FrameLayout layout, EvaluationFrame? previous) => new()
    {
        Doubles = new double[Math.Max(layout.Doubles, previous?.Doubles.Length ?? 0)],
        NullableDoubles = new double?[Math.Max(layout.NullableDoubles, previous?.NullableDoubles.Length ?? 0)],
        Bools = new bool[Math.Max(layout.Bools, previous?.Bools.Length ?? 0)],
        NullableBools = new bool?[Math.Max(layout.NullableBools, previous?.NullableBools.Length ?? 0)],
        Strings = new string?[Math.Max(layout.Strings, previous?.Strings.Length ?? 0)],
        Dates = new DateOnly?[Math.Max(layout.Dates, previous?.Dates.Length ?? 0)],
        Objects = new object?[Math.Max(layout.Objects, previous?.Objects.Length ?? 0)],
        Codes = new int[Math.Max(layout.Codes, previous?.Codes.Length ?? 0)],
    };

    /// <summary>
    /// This thread's frame, grown to fit; a fresh one when it is already in use (an evaluation started from
    /// inside another, e.g. by a property getter of a typed case).
    /// </summary>
    public static EvaluationFrame Rent(FrameLayout layout)
    {
        var frame = t_cached;
        if (frame is null || (!frame._inUse && !frame.Fits(layout)))
        {
            frame = t_cached = Create(layout, frame);
        }
        else if (frame._inUse)
        {
            frame = Create(layout, null);
        }

        frame._inUse = true;
        return frame;
    }

    /// <summary>Hands the frame back. Slots keep their values: every part writes a slot before any part reads it.</summary>
    public void Return()
    {
        // Objects would otherwise keep the last case's lists alive until the next evaluation on this thread.
        Array.Clear(Objects);
        _inUse = false;
    }
}
