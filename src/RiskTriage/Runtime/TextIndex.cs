using System.Runtime.CompilerServices;

namespace RiskTriage.Runtime;

/// <summary>
/// Finds a text among a few distinct texts known when a rule set is compiled (a table column's literals, a list
/// of codes). The text's length and its first and last characters choose a bucket, and only the texts in that
/// bucket are compared, by reference first (literals and enumeration values are interned), then by characters. A
/// text that is not there, the common case for a column testing one or two values, usually costs one empty bucket.
/// </summary>
internal sealed class TextIndex
{
    private readonly string[] _texts;
    private readonly int[] _heads;
    private readonly int[] _next;
    private readonly int _shift;

    /// <summary>Indexes <paramref name="texts"/>, which must be distinct; <see cref="IndexOf"/> gives their positions.</summary>
    public TextIndex(IReadOnlyList<string> texts)
    {
        if (texts.Distinct(StringComparer.Ordinal).Count() != texts.Count)
        {
            throw new ArgumentException("the texts of an index must be distinct", nameof(texts));
        }

        _texts = [.. texts];
        var bits = 4;
        while ((1 << bits) < 4 * texts.Count && bits < 16)
        {
            bits++;
        }

        _shift = 32 - bits;
        _heads = new int[1 << bits];
        _next = new int[texts.Count];

        // Chains are built from the last text back, so each bucket lists its texts in their given order.
        for (var i = texts.Count - 1; i >= 0; i--)
        {
            var bucket = Bucket(texts[i]);
            _next[i] = _heads[bucket];
            _heads[bucket] = i + 1;
        }
    }

    /// <summary>The position of <paramref name="text"/> among the indexed texts, or -1.</summary>
    public int IndexOf(string text)
    {
        var texts = _texts;
        var next = _next;
        var i = _heads[Bucket(text)] - 1;
        while ((uint)i < (uint)texts.Length && (uint)i < (uint)next.Length)
        {
            var candidate = texts[i];
            if (ReferenceEquals(candidate, text) || string.Equals(candidate, text, StringComparison.Ordinal))
            {
                return i;
            }

            i = next[i] - 1;
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(string text)
    {
        var length = text.Length;
        var key = length == 0 ? 0u : (uint)length | ((uint)text[0] << 8) | ((uint)text[length - 1] << 20);
        return (int)((key * 0x9E3779B1u) >> _shift);
    }
}
