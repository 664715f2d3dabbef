namespace RiskTriage.Compilation;

/// <summary>The review reasons of a rule set's rules, each with the frame slot of its rule's "fired" flag, in rule order.</summary>
internal sealed class RuleReviews
{
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
