using System.Numerics;

namespace RiskTriage.Compilation;

/// <summary>The review reasons of a rule set's rules, each with the frame slot of its rule's "fired" flag, in rule order.</summary>
internal sealed class RuleReviews
{
    // Up to this many rules, the fired flags are gathered into a bit mask on the stack (one ulong per 64 rules).
    private const int MaskedRules = 64 * 16;

    private readonly int[] _slots;
    private readonly ReviewReason[] _reasons;

    public RuleReviews(int[] slots, ReviewReason[] reasons)
    {
        if (slots.Length != reasons.Length)
        {
            throw new ArgumentException("every reason needs the slot of its rule's flag", nameof(reasons));
        }

        _slots = slots;
        _reasons = reasons;
    }

    /// <summary>Adds the reason of every rule whose flag is set in <paramref name="fired"/>, in order.</summary>
    public void AddTo(Decision decision, bool[] fired)
    {
        var slots = _slots;
        var reasons = _reasons;
        if (slots.Length > MaskedRules)
        {
            AddEach(decision, fired);
            return;
        }

        // Which rules fired varies from case to case, so a branch per rule is mispredicted often: the flags are
        // gathered into a mask without branching (the JIT makes the conditional a zero-extension or a set-on-condition),
        // and only the rules that fired are visited.
        Span<ulong> mask = stackalloc ulong[(slots.Length + 63) >> 6];
        mask.Clear();
        var count = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            var bit = fired[slots[i]] ? 1UL : 0UL;
            mask[i >> 6] |= bit << (i & 63);
            count += (int)bit;
        }

        if (count == 0)
        {
            return;
        }

        decision.ReserveReviews(count);
        for (var word = 0; word < mask.Length; word++)
        {
            var bits = mask[word];
            while (bits != 0)
            {
                decision.AddReview(reasons[(word << 6) + BitOperations.TrailingZeroCount(bits)]);
                bits &= bits - 1;
            }
        }
    }

    private void AddEach(Decision decision, bool[] fired)
    {
        var slots = _slots;
        var reasons = _reasons;
        // Both lengths bound the loop (they are equal) so the JIT drops the range checks on both arrays.
        for (var i = 0; i < slots.Length && i < reasons.Length; i++)
        {
            if (fired[slots[i]])
            {
                decision.AddReview(reasons[i]);
            }
        }
    }
}
