namespace RiskTriage.Testing;

/// <summary>
/// Thrown by <see cref="DecisionSnapshots"/> when the decisions do not match the verified snapshot, or when there is
/// no verified snapshot yet. The received text has been written next to the verified file
/// (<see cref="ReceivedPath"/>); review it, then accept it by renaming it to <see cref="VerifiedPath"/> or by running
/// the tests again with <c>RISKTRIAGE_ACCEPT_SNAPSHOTS=1</c>.
/// </summary>
public sealed class SnapshotMismatchException : Exception
{
    /// <summary>Creates the exception with a generic message and no paths.</summary>
    public SnapshotMismatchException()
        : this("The decisions do not match the verified snapshot.")
    {
    }

    /// <summary>Creates the exception with a message and no paths.</summary>
    /// <param name="message">What did not match.</param>
    public SnapshotMismatchException(string message)
        : this(message, string.Empty, string.Empty, string.Empty, isNewSnapshot: false)
    {
    }

    /// <summary>Creates the exception with a message, the exception that caused it, and no paths.</summary>
    /// <param name="message">What did not match.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SnapshotMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        VerifiedPath = string.Empty;
        ReceivedPath = string.Empty;
        Diff = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message, including the diff.</param>
    /// <param name="verifiedPath">The verified snapshot's path.</param>
    /// <param name="receivedPath">The path the received text was written to.</param>
    /// <param name="diff">The unified line diff from the verified to the received text; empty for a new snapshot.</param>
    /// <param name="isNewSnapshot">True when there was no verified snapshot.</param>
    public SnapshotMismatchException(string message, string verifiedPath, string receivedPath, string diff, bool isNewSnapshot)
        : base(message)
    {
        VerifiedPath = verifiedPath;
        ReceivedPath = receivedPath;
        Diff = diff;
        IsNewSnapshot = isNewSnapshot;
    }

    /// <summary>The verified snapshot's path, empty when not given (<c>&lt;TestClass&gt;.&lt;TestName&gt;.verified.json</c>).</summary>
    public string VerifiedPath { get; }

    /// <summary>Where the received text was written (<c>&lt;TestClass&gt;.&lt;TestName&gt;.received.json</c>).</summary>
    public string ReceivedPath { get; }

    /// <summary>The unified line diff (<c>-</c> verified, <c>+</c> received); empty when <see cref="IsNewSnapshot"/>.</summary>
    public string Diff { get; }

    /// <summary>True when there was no verified snapshot: a new test's first run.</summary>
    public bool IsNewSnapshot { get; }
}
