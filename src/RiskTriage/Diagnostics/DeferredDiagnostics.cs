using System.Collections;

namespace RiskTriage.Diagnostics;

/// <summary>
/// A read-only list of diagnostics built when it is first read (any member), once, whichever thread reads it first;
/// every reader sees the same list. A load returns its warnings this way so that analyses that only warn run when
/// somebody looks at the warnings rather than before the first decision.
/// </summary>
/// <param name="build">Builds the list; called at most once.</param>
internal sealed class DeferredDiagnostics(Func<IReadOnlyList<Diagnostic>> build) : IReadOnlyList<Diagnostic>
{
    private readonly Lazy<IReadOnlyList<Diagnostic>> _list = new(build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether the list has been built (for tests).</summary>
    internal bool IsBuilt => _list.IsValueCreated;

    public int Count => _list.Value.Count;

    public Diagnostic this[int index] => _list.Value[index];

    public IEnumerator<Diagnostic> GetEnumerator() => _list.Value.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
