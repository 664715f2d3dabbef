namespace RiskTriage.Runtime;

/// <summary>
/// The joins made by one <c>+</c> of texts in a rule set, remembered by the identity of their parts. A rule set
/// joins short labels drawn from a few shared instances (table values, small numbers as text), so one site sees
/// few distinct pairs; looking them up here costs two reference compares, where the shared cache of
/// <see cref="RuntimeFunctions.Concat"/> hashes and compares through a comparer. Thread-safe: an entry is
/// immutable and replaced whole, so a reader sees a complete entry or misses.
/// </summary>
internal sealed class ConcatSite
{
    private const int Slots = 64;

    private readonly Entry?[] _entries = new Entry?[Slots];

    /// <summary>Joins <paramref name="a"/> and <paramref name="b"/> exactly as <see cref="RuntimeFunctions.Concat"/> does.</summary>
    public string? Concat(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        var slot = Slot(a, b);
        var entry = _entries[slot];
        if (entry is not null && ReferenceEquals(entry.A, a) && ReferenceEquals(entry.B, b))
        {
            return entry.Joined;
        }

        var joined = RuntimeFunctions.Concat(a, b)!;
        if (a.Length + b.Length <= 32)
        {
            _entries[slot] = new Entry(a, b, joined);
        }

        return joined;
    }

    // From the lengths and the end characters: cheap, and different for the labels a rule set joins.
    private static int Slot(string a, string b)
    {
        var hash = (a.Length * 7) + (b.Length * 13);
        if (a.Length > 0)
        {
            hash = (hash * 31) + a[0] + (a[^1] * 3);
        }

        if (b.Length > 0)
        {
            hash = (hash * 31) + b[0] + (b[^1] * 5);
        }

        return hash & (Slots - 1);
    }

    private sealed record Entry(string A, string B, string Joined);
}
