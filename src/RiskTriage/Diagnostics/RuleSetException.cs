namespace RiskTriage.Diagnostics;

/// <summary>
/// Thrown at the API boundary when a rule set (or a typed binding to it) has errors. It carries every
/// diagnostic found in one pass, so a policy author can fix them all at once.
/// </summary>
public sealed class RuleSetException : Exception
{
    /// <summary>Creates the exception from the diagnostics found.</summary>
    /// <param name="diagnostics">Every diagnostic found; the message lists the first errors.</param>
    /// <exception cref="ArgumentNullException"><paramref name="diagnostics"/> is null.</exception>
    public RuleSetException(IReadOnlyList<Diagnostic> diagnostics)
        : base(BuildMessage(diagnostics ?? throw new ArgumentNullException(nameof(diagnostics))))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Creates the exception with a generic message and no diagnostics.</summary>
    public RuleSetException()
        : this("The rule set has errors.")
    {
    }

    /// <summary>Creates the exception with a message and no diagnostics.</summary>
    /// <param name="message">What went wrong.</param>
    public RuleSetException(string message)
        : base(message)
    {
        Diagnostics = [];
    }

    /// <summary>Creates the exception with a message, the exception that caused it, and no diagnostics.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public RuleSetException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostics = [];
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
