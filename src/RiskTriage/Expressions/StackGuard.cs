namespace RiskTriage.Expressions;

/// <summary>
/// Called on entry to each recursive walk of a tree (syntax, bound expression, JSON type declaration): the depth
/// limits keep trees shallow enough, but a host thread with a small stack, or a deep caller, could still run out.
/// Running out throws <see cref="InsufficientExecutionStackException"/>, which a load reports as a diagnostic,
/// instead of a stack overflow, which ends the process.
/// </summary>
internal static class StackGuard
{
    /// <summary>Throws <see cref="InsufficientExecutionStackException"/> when the stack is nearly used up; returns <paramref name="node"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static T Checked<T>(T node)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        return node;
    }
}
