using Newtonsoft.Json;

namespace RiskTriage.Evaluation;

/// <summary>
/// The field names of a case schema, for <see cref="JsonTextReader.PropertyNameTable"/>: the reader hands back the
/// declared name (no string allocated per field per case), and the case reader can then match a field to its
/// declaration by reference. Names are found by their length and end characters, then compared as spans, which
/// costs less per field than hashing every character. Only read once built, so one table serves every thread.
/// </summary>
internal sealed class SchemaNameTable : JsonNameTable
{
    private const int Buckets = 256;

    private readonly string[]?[] _buckets = new string[]?[Buckets];

    public SchemaNameTable(IEnumerable<string> names)
    {
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            var bucket = Bucket(name.Length, name.Length == 0 ? '\0' : name[0], name.Length == 0 ? '\0' : name[^1]);
            _buckets[bucket] = [.. _buckets[bucket] ?? [], name];
        }
    }

    /// <inheritdoc />
    public override string? Get(char[] key, int start, int length)
    {
        if ((uint)start > (uint)key.Length || (uint)length > (uint)(key.Length - start))
        {
            return null;
        }

        return length == 0 ? Find(key, start, 0, '\0', '\0') : Find(key, start, length, key[start], key[start + length - 1]);
    }

    private string? Find(char[] key, int start, int length, char first, char last)
    {
        var candidates = _buckets[Bucket(length, first, last)];
        if (candidates is null)
        {
            return null;
        }

        var sought = new ReadOnlySpan<char>(key, start, length);
        foreach (var candidate in candidates)
        {
            if (sought.SequenceEqual(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static int Bucket(int length, char first, char last) => ((length * 31) + (first * 7) + last) & (Buckets - 1);
}
