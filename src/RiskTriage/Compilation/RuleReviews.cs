using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RiskTriage.Compilation;

/// <summary>
/// The review reasons of a rule set's rules, in rule order. The rules' "fired" flags are the first slots of the
/// frame's <see cref="EvaluationFrame.Bools"/>, one per reason in the same order (the emitter lays them out so), so
/// that the flags are read sixteen at a time rather than one slot at a time through a table.
/// </summary>
internal sealed class RuleReviews
{
    // Up to this many rules, the fired flags are gathered into a bit mask: one word up to 64 rules, beyond that on
    // the stack (one ulong per 64 rules).
    private const int MaskedRules = 64 * 16;

    private readonly ReviewReason[] _reasons;

    public RuleReviews(ReviewReason[] reasons) => _reasons = reasons;

    /// <summary>
    /// The bool slots the flags of <paramref name="reasons"/> reasons take at the frame's start: their count rounded
    /// up to a multiple of 16, so that they are read in whole groups of sixteen.
    /// </summary>
    public static int Slots(int reasons) => (reasons + 15) & ~15;

    /// <summary>Adds the reason of every rule whose flag (slot i of <paramref name="fired"/> for reason i) is set, in order.</summary>
    public void AddTo(Decision decision, bool[] fired)
    {
        var reasons = _reasons;

        // As bytes, so that any non-zero byte counts as set, as it does for a bool.
        var flags = MemoryMarshal.AsBytes(fired.AsSpan(0, Slots(reasons.Length)));
        if (reasons.Length > MaskedRules)
        {
            AddEach(decision, flags);
            return;
        }

        // Which rules fired varies from case to case, so a branch per rule is mispredicted often: the flags are
        // gathered into a mask without branching, sixteen by one vector compare, and only the rules that fired are
        // visited. Each group of sixteen starts at a multiple of 16, so it falls within one mask word.
        if (reasons.Length <= 64)
        {
            // One word: no stack buffer to make and clear (a variable-length stackalloc, kept to AddMasked, is a loop
            // of pushes, a call to clear it and a stack cookie check, which cost as much as the gathering itself).
            ulong word = 0;
            for (var i = 0; i < reasons.Length; i += 16)
            {
                word |= (ulong)Fired(flags, i, reasons.Length) << i;
            }

            if (word != 0)
            {
                decision.AddReviews(new ReadOnlySpan<ulong>(in word), reasons, BitOperations.PopCount(word));
            }

            return;
        }

        AddMasked(decision, flags);
    }

    /// <summary>As <see cref="AddTo"/>, for more than 64 rules: a mask word per 64 on the stack.</summary>
    private void AddMasked(Decision decision, ReadOnlySpan<byte> flags)
    {
        var reasons = _reasons;
        Span<ulong> mask = stackalloc ulong[(reasons.Length + 63) >> 6];
        mask.Clear();
        for (var i = 0; i < reasons.Length; i += 16)
        {
            mask[i >> 6] |= (ulong)Fired(flags, i, reasons.Length) << (i & 63);
        }

        var count = 0;
        foreach (var word in mask)
        {
            count += BitOperations.PopCount(word);
        }

        if (count == 0)
        {
            return;
        }

        decision.AddReviews(mask, reasons, count);
    }

    /// <summary>The fired flags of the sixteen slots from <paramref name="start"/> as bits, none past the last of <paramref name="reasons"/> reasons.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static uint Fired(ReadOnlySpan<byte> flags, int start, int reasons)
    {
        var set = (~Vector128.Equals(Vector128.Create(flags.Slice(start, 16)), Vector128<byte>.Zero)).ExtractMostSignificantBits();

        // The slots after the last reason's are padding: whatever they hold (the frame is shared), no flag.
        var left = reasons - start;
        return left < 16 ? set & ((1u << left) - 1) : set;
    }

    private void AddEach(Decision decision, ReadOnlySpan<byte> flags)
    {
        var reasons = _reasons;
        for (var i = 0; i < flags.Length && i < reasons.Length; i++)
        {
            if (flags[i] != 0)
            {
                decision.AddReview(reasons[i]);
            }
        }
    }
}
