using RiskTriage.Diagnostics;

namespace RiskTriage.DependencyInjection;

/// <summary>The payload of <see cref="RuleSetProvider.Reloaded"/>: a new version of a watched rule set replaced the old one.</summary>
public sealed class RuleSetReloadedEventArgs : EventArgs
{
    /// <summary>Creates the payload.</summary>
    /// <param name="previous">The version that was serving.</param>
    /// <param name="current">The version now serving.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public RuleSetReloadedEventArgs(RuleSet previous, RuleSet current)
    {
        Previous = previous ?? throw new ArgumentNullException(nameof(previous));
        Current = current ?? throw new ArgumentNullException(nameof(current));
    }

    /// <summary>The version that was serving.</summary>
    public RuleSet Previous { get; }

    /// <summary>The version now serving.</summary>
    public RuleSet Current { get; }
}

/// <summary>The payload of <see cref="RuleSetProvider.ReloadFailed"/>: a changed rule set could not be loaded; the last good version keeps serving.</summary>
public sealed class RuleSetReloadFailedEventArgs : EventArgs
{
    /// <summary>Creates the payload.</summary>
    /// <param name="serving">The version still serving.</param>
    /// <param name="diagnostics">Why the new files were rejected.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public RuleSetReloadFailedEventArgs(RuleSet serving, IReadOnlyList<Diagnostic> diagnostics)
    {
        Serving = serving ?? throw new ArgumentNullException(nameof(serving));
        Diagnostics = diagnostics ?? throw new ArgumentNullException(nameof(diagnostics));
    }

    /// <summary>The version still serving.</summary>
    public RuleSet Serving { get; }

    /// <summary>Why the new files were rejected, errors and warnings, in source order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}

/// <summary>
/// The payload of <see cref="RuleSetProvider.ReloadUnchanged"/>: changed files were loaded again and gave the rule set
/// already serving (same name, version and hash).
/// </summary>
public sealed class RuleSetReloadUnchangedEventArgs : EventArgs
{
    /// <summary>Creates the payload.</summary>
    /// <param name="serving">The version serving, unchanged.</param>
    /// <exception cref="ArgumentNullException"><paramref name="serving"/> is null.</exception>
    public RuleSetReloadUnchangedEventArgs(RuleSet serving)
    {
        Serving = serving ?? throw new ArgumentNullException(nameof(serving));
    }

    /// <summary>The version serving, unchanged.</summary>
    public RuleSet Serving { get; }
}
