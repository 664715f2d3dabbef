using RiskTriage.Checking;
using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Compilation;

/// <summary>
/// A decision table whose every cell tests its column against literals (<c>"HIGH"</c>, <c>["M2", "M3"]</c>,
/// <c>true</c>) or is <c>-</c>, compiled to an index: each column's value becomes a small number (which of the
/// column's literals it is, or none of them), the numbers make one key, and the key gives the first matching
/// row from an array worked out when the rule set is compiled. Only tables that take their first matching row
/// are indexed (FIRST, PRIORITY, and UNIQUE tables whose rows the checker proved disjoint; a UNIQUE table of
/// literal tests whose rows overlap is rejected when the rule set is loaded). Finding the row then costs a few
/// compares per column whatever the number of rows, and none of the row-by-row branches that the processor
/// mispredicts when the matching row changes from case to case.
/// </summary>
internal sealed class TableIndex
{
    /// <summary>The most keys a table may have (the product of its columns' literal counts, each plus one).</summary>
    public const int MaxKeys = 4096;

    private readonly int[] _first;

    private TableIndex(ColumnKeys[] columns, int[] strides, int[] first)
    {
        Columns = columns;
        Strides = strides;
        _first = first;
    }

    /// <summary>How each column's value becomes its part of the key.</summary>
    public ColumnKeys[] Columns { get; }

    /// <summary>What each column's number is multiplied by in the key.</summary>
    public int[] Strides { get; }

    /// <summary>The first matching row (in the order given) for a key, or -1 (a method, so compiled code reads the array without casting it).</summary>
    public int FirstRow(int key) => _first[key];

    /// <summary>The index of a table, or null when a cell is not a literal test or the table has too many keys.</summary>
    public static TableIndex? TryBuild(IReadOnlyList<CheckedTableRow> rows, IReadOnlyList<DataType> columnTypes)
    {
        if (rows.Count == 0 || columnTypes.Count == 0)
        {
            return null;
        }

        var columns = new ColumnKeys[columnTypes.Count];
        for (var c = 0; c < columnTypes.Count; c++)
        {
            var literals = new List<object?>();
            foreach (var row in rows)
            {
                switch (row.Cells[c].Shape)
                {
                    case CellShape.AnyValue:
                        break;
                    case CellShape.OneOf oneOf when row.Cells[c].Condition is not null:
                        foreach (var value in oneOf.Values)
                        {
                            if (!literals.Contains(value))
                            {
                                literals.Add(value);
                            }
                        }

                        break;
                    default:
                        return null;
                }
            }

            ColumnKeys? keys = columnTypes[c].Kind switch
            {
                TypeKind.String when literals.TrueForAll(l => l is null or string) => new TextKeys(literals.Select(l => (string?)l).ToArray()),
                TypeKind.Bool when literals.TrueForAll(l => l is null or bool) => new BoolKeys(literals.Select(l => (bool?)l).ToArray()),
                _ => null,
            };
            if (keys is null)
            {
                return null;
            }

            columns[c] = keys;
        }

        var strides = new int[columns.Length];
        long count = 1;
        for (var c = 0; c < columns.Length; c++)
        {
            strides[c] = (int)count;
            count *= columns[c].Count + 1;
            if (count > MaxKeys)
            {
                return null;
            }
        }

        var first = new int[count];
        var parts = new int[columns.Length];
        for (var key = 0; key < count; key++)
        {
            var rest = key;
            for (var c = columns.Length - 1; c >= 0; c--)
            {
                parts[c] = rest / strides[c];
                rest %= strides[c];
            }

            first[key] = -1;
            for (var r = 0; r < rows.Count; r++)
            {
                if (Matches(rows[r], columns, parts))
                {
                    first[key] = r;
                    break;
                }
            }
        }

        return new TableIndex(columns, strides, first);
    }

    // Part 0 is "none of the column's literals"; part k is its k-th literal.
    private static bool Matches(CheckedTableRow row, ColumnKeys[] columns, int[] parts)
    {
        for (var c = 0; c < columns.Length; c++)
        {
            if (row.Cells[c].Shape is CellShape.OneOf oneOf && (parts[c] == 0 || !oneOf.Values.Contains(columns[c].Literal(parts[c] - 1))))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>How one column's value becomes its part of a table key: 0 for none of the literals, k for the k-th.</summary>
internal abstract class ColumnKeys
{
    /// <summary>How many literals the column's cells test.</summary>
    public abstract int Count { get; }

    /// <summary>Literal <paramref name="index"/> (0-based).</summary>
    public abstract object? Literal(int index);
}

/// <summary>The literals of a text column, found through a <see cref="TextIndex"/> (by reference, then by characters).</summary>
internal sealed class TextKeys : ColumnKeys
{
    private readonly string[] _literals;
    private readonly TextIndex _index;
    private readonly int _nullKey;

    public TextKeys(string?[] literals)
    {
        _literals = literals.Where(l => l is not null).Select(l => string.Intern(l!)).ToArray();
        _index = new TextIndex(_literals);
        var nullAt = Array.IndexOf(literals, null);
        _nullKey = nullAt < 0 ? 0 : _literals.Length + 1;
        Count = _literals.Length + (nullAt < 0 ? 0 : 1);
    }

    public override int Count { get; }

    public override object? Literal(int index) => index < _literals.Length ? _literals[index] : null;

    /// <summary>The key part of <paramref name="value"/>.</summary>
    public int Of(string? value) => value is null ? _nullKey : _index.IndexOf(value) + 1;
}

/// <summary>The literals of a true/false column (true, false, and null when a cell tests for a missing value).</summary>
internal sealed class BoolKeys : ColumnKeys
{
    private readonly bool?[] _literals;
    private readonly int _falseKey;
    private readonly int _trueKey;
    private readonly int _nullKey;

    public BoolKeys(bool?[] literals)
    {
        _literals = literals;
        _falseKey = Array.IndexOf(literals, false) + 1;
        _trueKey = Array.IndexOf(literals, true) + 1;
        _nullKey = Array.IndexOf(literals, null) + 1;
    }

    public override int Count => _literals.Length;

    public override object? Literal(int index) => _literals[index];

    /// <summary>The key part of <paramref name="value"/>.</summary>
    public int Of(bool? value) => value is not { } v ? _nullKey : v ? _trueKey : _falseKey;
}
