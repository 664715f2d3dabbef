using RiskTriage.Checking;
using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Lowering;

/// <summary>
/// A decision table whose every cell tests its column against literals (<c>"HIGH"</c>, <c>["M2", "M3"]</c>,
/// <c>true</c>, <c>3</c>), compares a number column with a literal (<c>"&gt;= 10"</c>, <c>"[0..5)"</c>) or is
/// <c>-</c>, compiled to an index: each column's value becomes a small number (which of the column's literals it
/// is, or for a number column which stretch between the numbers its cells name), the numbers make one key, and the
/// key gives the first matching row from an array worked out when the rule set is compiled. Only tables that take
/// their first matching row are indexed (FIRST, PRIORITY, and UNIQUE tables whose rows the checker proved disjoint;
/// a UNIQUE table whose rows provably overlap is rejected when the rule set is loaded). Finding the row then costs a
/// few compares per column (a binary search for a number column) whatever the number of rows, and none of the
/// row-by-row branches that the processor mispredicts when the matching row changes from case to case.
/// </summary>
internal sealed class TableIndex
{
    /// <summary>The most keys a table may have (the product of its columns' key counts, each plus one).</summary>
    public const int MaxKeys = 16_384;

    // Bounds on the work of building an index: the bit sets of which rows each column's key accepts, and the
    // words ANDed to find the first row of every key.
    private const long MaxBitWords = 1L << 21;
    private const long MaxKeyWords = 1L << 25;

    /// <summary>
    /// Tables with fewer rows than this keep testing a number column row by row: for a short table a few compares
    /// cost less than a binary search.
    /// </summary>
    public const int MinRowsForNumberKeys = 32;

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

    /// <summary>A copy of the first matching row of every key (-1 for none), for a back end that builds its own lookup.</summary>
    public int[] FirstRows() => (int[])_first.Clone();

    /// <summary>The index of a table, or null when a cell is not a literal test or the table has too many keys.</summary>
    public static TableIndex? TryBuild(IReadOnlyList<MatchRow> rows, IReadOnlyList<DataType> columnTypes)
    {
        if (rows.Count == 0 || columnTypes.Count == 0)
        {
            return null;
        }

        var columns = new ColumnKeys[columnTypes.Count];
        for (var c = 0; c < columnTypes.Count; c++)
        {
            // A cell other than '-' without a condition is one the checker reported; such a rule set does not load.
            var cells = rows.Select(r => r.Cells[c]).Where(cell => cell.Shape is not CellShape.AnyValue).ToList();
            if (cells.Exists(cell => cell.Condition is null))
            {
                return null;
            }

            ColumnKeys? keys = columnTypes[c].Kind switch
            {
                TypeKind.String => TextKeys.TryBuild(cells),
                TypeKind.Bool => BoolKeys.TryBuild(cells),
                TypeKind.Number when rows.Count >= MinRowsForNumberKeys => NumberKeys.TryBuild(cells),
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

        var words = (rows.Count + 63) / 64;
        if (columns.Sum(k => (long)(k.Count + 1)) * words > MaxBitWords || count * words * columns.Length > MaxKeyWords)
        {
            return null;
        }

        // accepts[c][part]: the rows whose cell in column c matches a value with that part, one bit per row.
        var accepts = new ulong[columns.Length][][];
        for (var c = 0; c < columns.Length; c++)
        {
            accepts[c] = columns[c].RowSets(rows.Select(r => r.Cells[c]).ToList(), words);
        }

        var first = new int[count];
        var keyParts = new ulong[columns.Length][];
        for (var key = 0; key < count; key++)
        {
            var rest = key;
            for (var c = columns.Length - 1; c >= 0; c--)
            {
                keyParts[c] = accepts[c][rest / strides[c]];
                rest %= strides[c];
            }

            first[key] = -1;
            for (var w = 0; w < words; w++)
            {
                var matching = ulong.MaxValue;
                for (var c = 0; c < columns.Length; c++)
                {
                    matching &= keyParts[c][w];
                }

                if (matching != 0)
                {
                    first[key] = (w * 64) + System.Numerics.BitOperations.TrailingZeroCount(matching);
                    break;
                }
            }
        }

        return new TableIndex(columns, strides, first);
    }
}

/// <summary>How one column's value becomes its part of a table key: a number from 0 to <see cref="Count"/>.</summary>
internal abstract class ColumnKeys
{
    /// <summary>The highest part (so there are <c>Count + 1</c> parts, 0 included).</summary>
    public abstract int Count { get; }

    /// <summary>
    /// Which rows match a value of each part: element <c>part</c> is a set of rows, bit <c>r % 64</c> of word
    /// <c>r / 64</c> for row <c>r</c> (whose cell in this column is <c>cells[r]</c>).
    /// </summary>
    public abstract ulong[][] RowSets(IReadOnlyList<CheckedCell> cells, int words);

    /// <summary>The row sets of a column of literal tests, <paramref name="partOf"/> giving each literal's part.</summary>
    protected ulong[][] LiteralRowSets(IReadOnlyList<CheckedCell> cells, int words, Func<object?, int> partOf)
    {
        var sets = NewRowSets(Count + 1, words);
        for (var r = 0; r < cells.Count; r++)
        {
            var parts = cells[r].Shape is CellShape.OneOf oneOf ? oneOf.Values.Select(partOf) : Enumerable.Range(0, Count + 1);
            foreach (var part in parts)
            {
                sets[part][r / 64] |= 1UL << (r % 64);
            }
        }

        return sets;
    }

    protected static ulong[][] NewRowSets(int parts, int words)
    {
        var sets = new ulong[parts][];
        for (var part = 0; part < parts; part++)
        {
            sets[part] = new ulong[words];
        }

        return sets;
    }
}

/// <summary>
/// The literals of a text column, found through a <see cref="TextIndex"/> (by reference, then by characters): part 0 is
/// none of them, part k the k-th.
/// </summary>
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

    /// <summary>The keys of a column whose cells (none of them '-') all test literals of text or null; otherwise null.</summary>
    public static TextKeys? TryBuild(IReadOnlyList<CheckedCell> cells) =>
        Literals(cells) is { } literals && literals.TrueForAll(l => l is null or string) ? new TextKeys(literals.Select(l => (string?)l).ToArray()) : null;

    /// <summary>Literal <paramref name="index"/> (0-based; null for the missing value when a cell tests for it).</summary>
    public object? Literal(int index) => index < _literals.Length ? _literals[index] : null;

    public override ulong[][] RowSets(IReadOnlyList<CheckedCell> cells, int words) => LiteralRowSets(cells, words, v => v is string text ? Of(text) : _nullKey);

    /// <summary>The key part of <paramref name="value"/>.</summary>
    public int Of(string? value) => value is null ? _nullKey : _index.IndexOf(value) + 1;

    /// <summary>The distinct literals of cells that are all literal tests, in order of first appearance; null when one is not.</summary>
    internal static List<object?>? Literals(IReadOnlyList<CheckedCell> cells)
    {
        var literals = new List<object?>();
        foreach (var cell in cells)
        {
            if (cell.Shape is not CellShape.OneOf oneOf)
            {
                return null;
            }

            foreach (var value in oneOf.Values)
            {
                if (!literals.Contains(value))
                {
                    literals.Add(value);
                }
            }
        }

        return literals;
    }
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

    /// <summary>The keys of a column whose cells (none of them '-') all test true, false or null; otherwise null.</summary>
    public static BoolKeys? TryBuild(IReadOnlyList<CheckedCell> cells) =>
        TextKeys.Literals(cells) is { } literals && literals.TrueForAll(l => l is null or bool) ? new BoolKeys(literals.Select(l => (bool?)l).ToArray()) : null;

    /// <summary>Literal <paramref name="index"/> (0-based).</summary>
    public object? Literal(int index) => _literals[index];

    public override ulong[][] RowSets(IReadOnlyList<CheckedCell> cells, int words) => LiteralRowSets(cells, words, v => Of((bool?)v));

    /// <summary>The key part of <paramref name="value"/>.</summary>
    public int Of(bool? value) => value is not { } v ? _nullKey : v ? _trueKey : _falseKey;
}

/// <summary>
/// A number column whose cells test literals (<c>3</c>, <c>[1, 2]</c>, <c>null</c>) or compare the column with
/// literals (<c>"&lt; 5"</c>, <c>"[0..5)"</c>). The numbers the cells name, with minus and plus infinity, cut the
/// line into stretches: each of them exactly, and each open stretch between two of them. Every cell gives the same
/// answer for every value of a stretch, so a value's part is its stretch (found by a binary search). Part 0 is NaN,
/// which only '-' matches, and also the missing value unless a cell tests for it (then it has a part of its own).
/// </summary>
internal sealed class NumberKeys : ColumnKeys
{
    // Sorted, distinct; the first is minus infinity and the last plus infinity, so every number but NaN is in a
    // stretch (empty when no cell names a number: the column has no parts but 0). Stretch 2i (part 2i + 1) is exactly
    // _bounds[i]; stretch 2i + 1 lies strictly between _bounds[i] and _bounds[i + 1]. Stretches are in the order of
    // the numbers in them.
    private readonly double[] _bounds;
    private readonly int _nullKey;

    private NumberKeys(double[] bounds, bool testsNull)
    {
        _bounds = bounds;
        var stretches = Stretches;
        _nullKey = testsNull ? stretches + 1 : 0;
        Count = stretches + (testsNull ? 1 : 0);
    }

    public override int Count { get; }

    private int Stretches => _bounds.Length == 0 ? 0 : (2 * _bounds.Length) - 1;

    /// <summary>The keys of a column whose cells (none of them '-') are all literal tests or comparisons with literals; otherwise null.</summary>
    public static NumberKeys? TryBuild(IReadOnlyList<CheckedCell> cells)
    {
        if (cells.Count == 0)
        {
            return new NumberKeys([], testsNull: false);
        }

        var bounds = new HashSet<double> { double.NegativeInfinity, double.PositiveInfinity };
        var testsNull = false;
        foreach (var cell in cells)
        {
            if (cell.Shape is CellShape.OneOf oneOf)
            {
                foreach (var value in oneOf.Values)
                {
                    switch (value)
                    {
                        case null:
                            testsNull = true;
                            break;
                        case double d when !double.IsNaN(d):
                            bounds.Add(d);
                            break;
                        default:
                            return null;
                    }
                }

                continue;
            }

            // What the cell compares is read from its condition, not its shape: a shape has an infinite bound for a
            // side it does not test.
            if (cell.Shape is not CellShape.Range || Comparisons(cell.Condition!) is not { } comparisons)
            {
                return null;
            }

            foreach (var (_, bound) in comparisons)
            {
                bounds.Add(bound);
            }
        }

        var sorted = bounds.ToArray();
        Array.Sort(sorted);
        return new NumberKeys(sorted, testsNull);
    }

    /// <summary>The comparisons <c>column op literal</c> joined by <c>&amp;&amp;</c> that make a range or compare cell's condition.</summary>
    private static List<(BoundBinaryOperator Operator, double Bound)>? Comparisons(BoundExpression condition)
    {
        switch (condition)
        {
            case BoundBinary { Operator: BoundBinaryOperator.And } and:
                return Comparisons(and.Left) is { } left && Comparisons(and.Right) is { } right ? [.. left, .. right] : null;
            case BoundBinary { Operator: BoundBinaryOperator.Less or BoundBinaryOperator.LessOrEqual or BoundBinaryOperator.Greater or BoundBinaryOperator.GreaterOrEqual } compare
                when compare.Left is BoundValueReference && compare.Right is BoundLiteral { Value: double bound } && !double.IsNaN(bound):
                return [(compare.Operator, bound)];
            default:
                return null;
        }
    }

    /// <summary>
    /// A comparison cell matches a run of stretches, so the row sets are made in one sweep along the stretches, adding
    /// each row where its run starts and removing it after its run ends: rows plus stretches times words, where
    /// marking every stretch of every run would cost rows times stretches.
    /// </summary>
    public override ulong[][] RowSets(IReadOnlyList<CheckedCell> cells, int words)
    {
        var sets = NewRowSets(Count + 1, words);
        var any = new ulong[words];
        var starts = new List<int>?[Stretches + 1];
        var ends = new List<int>?[Stretches + 1];
        for (var r = 0; r < cells.Count; r++)
        {
            switch (cells[r].Shape)
            {
                case CellShape.AnyValue:
                    any[r / 64] |= 1UL << (r % 64);
                    break;
                case CellShape.OneOf oneOf:
                    foreach (var value in oneOf.Values)
                    {
                        sets[value is double d ? 1 + Stretch(d) : _nullKey][r / 64] |= 1UL << (r % 64);
                    }

                    break;
                default:
                    var (low, high) = Run(cells[r]);
                    if (low <= high)
                    {
                        (starts[low] ??= []).Add(r);
                        (ends[high + 1] ??= []).Add(r);
                    }

                    break;
            }
        }

        var current = new ulong[words];
        for (var stretch = 0; stretch < Stretches; stretch++)
        {
            foreach (var r in ends[stretch] ?? [])
            {
                current[r / 64] &= ~(1UL << (r % 64));
            }

            foreach (var r in starts[stretch] ?? [])
            {
                current[r / 64] |= 1UL << (r % 64);
            }

            var set = sets[1 + stretch];
            for (var w = 0; w < words; w++)
            {
                set[w] |= current[w];
            }
        }

        foreach (var set in sets)
        {
            for (var w = 0; w < words; w++)
            {
                set[w] |= any[w];
            }
        }

        return sets;
    }

    /// <summary>The stretches a comparison cell matches: from the highest lower bound to the lowest upper (empty when high &lt; low).</summary>
    private (int Low, int High) Run(CheckedCell cell)
    {
        int low = 0, high = Stretches - 1;
        foreach (var (op, bound) in Comparisons(cell.Condition!)!)
        {
            var at = 2 * Array.BinarySearch(_bounds, bound);
            (low, high) = op switch
            {
                BoundBinaryOperator.Less => (low, Math.Min(high, at - 1)),
                BoundBinaryOperator.LessOrEqual => (low, Math.Min(high, at)),
                BoundBinaryOperator.Greater => (Math.Max(low, at + 1), high),
                _ => (Math.Max(low, at), high),
            };
        }

        return (low, high);
    }

    /// <summary>The key part of <paramref name="value"/>.</summary>
    public int Of(double? value) => value is not { } v ? _nullKey : double.IsNaN(v) || _bounds.Length == 0 ? 0 : 1 + Stretch(v);

    private int Stretch(double v)
    {
        // The number of bounds below v (v is not NaN, and the first bound is minus infinity).
        int low = 0, high = _bounds.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_bounds[middle] < v)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low < _bounds.Length && _bounds[low] == v ? 2 * low : (2 * low) - 1;
    }
}
