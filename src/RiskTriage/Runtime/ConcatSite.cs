namespace RiskTriage.Runtime;

/// <summary>
/// The joins made by one <c>+</c> of texts in a rule set, remembered by the identity of their parts. A rule set
/// joins short labels drawn from a few shared instances (table values, small numbers as text), so one site sees
/// few distinct pairs; looking them up here costs two reference compares, where the shared cache of
/// <see cref="RuntimeFunctions.Concat(string?, string?)"/> hashes and compares through a comparer. Thread-safe: an entry is
/// immutable and replaced whole, so a reader sees a complete entry or misses.
/// </summary>
internal sealed class ConcatSite(string? element = null)
{
    private const int SlotBits = 6;
    private const int Slots = 1 << SlotBits;
    private const int Probes = 8;

    private readonly Entry?[] _entries = new Entry?[Slots];

    /// <summary>How many joins were not found here (for tests; not exact when threads share the site).</summary>
    internal int Misses { get; private set; }

    /// <summary>Joins <paramref name="a"/> and <paramref name="b"/> exactly as <see cref="RuntimeFunctions.Concat(string?, string?, string?)"/> does.</summary>
    /// <exception cref="EvaluationLimitException">The join would be too long; the error names the element the site belongs to.</exception>
    public string? Concat(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        // Open addressing over a few neighbouring slots, so two pairs sharing a home slot do not evict each
        // other on every evaluation (a shared cache written on every call would also be fought over by threads).
        var home = Slot(a, b);
        for (var probe = 0; probe < Probes; probe++)
        {
            var entry = _entries[(home + probe) & (Slots - 1)];
            if (entry is null)
            {
                break;
            }

            if (ReferenceEquals(entry.A, a) && ReferenceEquals(entry.B, b))
            {
                return entry.Joined;
            }
        }

        Misses++;
        var joined = RuntimeFunctions.Concat(a, b, element)!;
        if (a.Length + b.Length <= 32)
        {
            // A join that spells a literal of the rule set is kept as the literal's interned instance (as the shared
            // cache does while it has room), so comparisons and table lookups find it by reference.
            joined = string.IsInterned(joined) ?? joined;
            Remember(home, new Entry(a, b, joined));
        }

        return joined;
    }

    private void Remember(int home, Entry entry)
    {
        for (var probe = 0; probe < Probes; probe++)
        {
            var slot = (home + probe) & (Slots - 1);
            if (_entries[slot] is null)
            {
                _entries[slot] = entry;
                return;
            }
        }

        // Full around its home: the pair replaces the one there (the site sees more pairs than it keeps).
        _entries[home] = entry;
    }

    // From the lengths and the end characters, mixed by a multiplication so that neighbouring labels ("A1", "B2")
    // spread over the slots.
    private static int Slot(string a, string b)
    {
        var key = (uint)((a.Length << 8) ^ b.Length);
        if (a.Length > 0)
        {
            key = (key * 31) ^ a[0] ^ ((uint)a[^1] << 16);
        }

        if (b.Length > 0)
        {
            key = (key * 31) ^ b[0] ^ ((uint)b[^1] << 16);
        }

        return (int)((key * 0x9E3779B1u) >> (32 - SlotBits));
    }

    private sealed record Entry(string A, string B, string Joined);
}
