using System.Numerics;

namespace RiskTriage.Runtime;

/// <summary>
/// A constant list of at most 64 texts (a rule set's list of codes), where each position is a bit. A case's
/// list is matched against it in one pass: <c>codes.Count(c => factors.Contains(c))</c> is the number of bits set
/// by the factors, not a search of the factors for every code. Texts are found through a <see cref="TextIndex"/>.
/// </summary>
internal sealed class TextSet
{
    /// <summary>The most positions a set can have (one bit each).</summary>
    public const int MaxPositions = 64;

    private readonly TextIndex _index;
    private readonly ulong[] _masks;

    private TextSet(string[] texts, ulong[] masks)
    {
        _index = new TextIndex(texts);
        _masks = masks;
    }

    /// <summary>The set of <paramref name="list"/>, or null when it has a missing item or more than <see cref="MaxPositions"/> items.</summary>
    public static TextSet? TryCreate(IReadOnlyList<string?> list)
    {
        if (list.Count > MaxPositions || list.Any(t => t is null))
        {
            return null;
        }

        // A text listed twice has both positions' bits, so it counts twice, as it does in the list.
        var masks = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < list.Count; i++)
        {
            var text = string.Intern(list[i]!);
            if (!masks.TryGetValue(text, out var mask))
            {
                order.Add(text);
            }

            masks[text] = mask | (1UL << i);
        }

        return new TextSet([.. order], [.. order.Select(t => masks[t])]);
    }

    /// <summary>The bits of the positions holding <paramref name="value"/> (0 when it is not in the list).</summary>
    public ulong MaskOf(string? value) =>
        value is not null && _index.IndexOf(value) is var i and >= 0 && i < _masks.Length ? _masks[i] : 0;

    /// <summary>How many positions <paramref name="mask"/> holds (its bits set).</summary>
    public static double PositionsIn(ulong mask) => BitOperations.PopCount(mask);
}
