namespace RiskTriage.Testing;

/// <summary>
/// Thrown by <see cref="DecisionSnapshots"/> when the decisions do not match the verified snapshot, or when there is
/// no verified snapshot yet. The received text has been written next to the verified file
/// (<see cref="ReceivedPath"/>); review it, then accept it by renaming it to <see cref="VerifiedPath"/> or by running
/// the tests again with <c>RISKTRIAGE_ACCEPT_SNAPSHOTS=1</c>.
/// </summary>
public sealed class SnapshotMismatchException : Exception
{
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

    /// <summary>The verified snapshot's path (<c>&lt;TestClass&gt;.&lt;TestName&gt;.verified.json</c>).</summary>
    public string VerifiedPath { get; }

    /// <summary>Where the received text was written (<c>&lt;TestClass&gt;.&lt;TestName&gt;.received.json</c>).</summary>
    public string ReceivedPath { get; }

    /// <summary>The unified line diff (<c>-</c> verified, <c>+</c> received); empty when <see cref="IsNewSnapshot"/>.</summary>
    public string Diff { get; }

    /// <summary>True when there was no verified snapshot: a new test's first run.</summary>
    public bool IsNewSnapshot { get; }
}
