namespace RiskTriage.Diagnostics;

/// <summary>
/// Thrown at the API boundary when a rule set (or a typed binding to it) has errors. It carries every
/// diagnostic found in one pass, so a policy author can fix them all at once.
/// </summary>
public sealed class RuleSetException : Exception
{
    /// <summary>Creates the exception from the diagnostics found.</summary>
    public RuleSetException(IReadOnlyList<Diagnostic> diagnostics)
        : base(BuildMessage(diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Every diagnostic found, errors and warnings, in source order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    private static string BuildMessage(IReadOnlyList<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        var lines = diagnostics.Where(d => d.IsError).Take(20).Select(d => "  " + d);
        var more = errors > 20 ? $"\n  ... and {errors - 20} more" : string.Empty;
        return $"The rule set has {errors} error(s):\n{string.Join('\n', lines)}{more}";
    }
}
