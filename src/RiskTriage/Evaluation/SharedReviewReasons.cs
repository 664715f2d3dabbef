using System.Runtime.CompilerServices;

namespace RiskTriage.Evaluation;

/// <summary>
/// The review reasons a rule set makes once, when it is lowered (a rule's reason, a missing top-level input's), and
/// gives decision after decision as the same instance. The decision's JSON writer keeps the bytes of these only: a
/// reason made for one decision (a value out of range, an item's missing field, a value in no band) is written as it
/// comes and never takes a place. Held weakly: a rule set no longer used takes its reasons with it.
/// </summary>
internal static class SharedReviewReasons
{
    private static readonly ConditionalWeakTable<ReviewReason, object> _shared = [];
    private static readonly object _marker = new();

    /// <summary>Marks <paramref name="reason"/> as made once by a rule set and shared by its decisions; returns it.</summary>
    public static ReviewReason Shared(ReviewReason reason)
    {
        _shared.TryAdd(reason, _marker);
        return reason;
    }

    /// <summary>Whether <paramref name="reason"/> (this instance) was made once by a rule set.</summary>
    public static bool IsShared(ReviewReason reason) => _shared.TryGetValue(reason, out _);
}
