namespace RiskTriage.Checking;

/// <summary>
/// Finds the pairs of rows of a UNIQUE table that can both match one case, without comparing every row with every
/// other, which grows with the square of the rows (see benchmarks/RESULTS.md). One column, the one with the fewest cells that can match anything,
/// sorts the rows: rows whose cells there share a value (a hash of the values) or whose ranges and numbers touch (a
/// sweep over the cells sorted by their low end) are compared in full; any other pair differs in that column, so it
/// is disjoint. A column of wildcards in every row still makes every pair a candidate: the comparisons are then
/// bounded by <see cref="MaxPairChecks"/>, and the table is left to the check made when a case matches two rows.
/// </summary>
internal static class TableOverlaps
{
    /// <summary>The most row pairs compared in full for one table.</summary>
    public const int MaxPairChecks = 2_000_000;

    /// <summary>The most overlapping pairs reported for one table; the load fails on the first anyway.</summary>
    public const int MaxReported = 100;

    /// <summary>What the search found.</summary>
    /// <param name="Overlaps">The pairs (earlier row, later row) that can both match, by earlier then later row, at most <see cref="MaxReported"/>.</param>
    /// <param name="MoreOverlaps">More pairs overlap than are listed.</param>
    /// <param name="ProvenDisjoint">Every pair of rows differs, provably, in some column: no case can match two rows.</param>
    /// <param name="Incomplete">The candidate pairs went over <see cref="MaxPairChecks"/>; the pairs beyond were not compared.</param>
    public sealed record Result(IReadOnlyList<(int First, int Second)> Overlaps, bool MoreOverlaps, bool ProvenDisjoint, bool Incomplete);

    /// <summary>
    /// Compares the candidate pairs of <paramref name="rows"/>; <paramref name="intersects"/> tells whether two cells can
    /// both match one value (null when it cannot be decided).
    /// </summary>
    public static Result Find(IReadOnlyList<CheckedTableRow> rows, int columns, Func<CellShape, CellShape, bool?> intersects)
    {
        var n = rows.Count;
        var candidates = Candidates(rows, columns, out var incomplete);
        var overlaps = new List<(int, int)>();
        var more = false;
        var provenDisjoint = !incomplete;
        for (var i = 0; i < n && !more; i++)
        {
            if (candidates[i] is not { } later)
            {
                continue;
            }

            later.Sort();
            var last = -1;
            foreach (var j in later)
            {
                if (j == last)
                {
                    continue;
                }

                last = j;
                var overlap = true;
                var disjoint = false;
                for (var c = 0; c < columns; c++)
                {
                    var result = intersects(rows[i].Cells[c].Shape, rows[j].Cells[c].Shape);
                    overlap &= result == true;
                    disjoint |= result == false;
                }

                provenDisjoint &= disjoint;
                if (overlap)
                {
                    if (overlaps.Count == MaxReported)
                    {
                        more = true;
                        break;
                    }

                    overlaps.Add((i, j));
                }
            }
        }

        return new Result(overlaps, more, provenDisjoint && overlaps.Count == 0, incomplete);
    }

    /// <summary>For each row, the later rows it must be compared with (unsorted, possibly repeated), or null for none.</summary>
    private static List<int>?[] Candidates(IReadOnlyList<CheckedTableRow> rows, int columns, out bool incomplete)
    {
        var n = rows.Count;
        var candidates = new List<int>?[n];
        var budget = MaxPairChecks;
        incomplete = false;
        if (n < 2)
        {
            return candidates;
        }

        if (columns == 0)
        {
            // No column: every row matches every case.
            incomplete = !AddAllPairs(candidates, Enumerable.Range(0, n).ToList(), n, ref budget);
            return candidates;
        }

        var key = KeyColumn(rows, columns);
        var wild = new List<int>();
        var byValue = new Dictionary<object, List<int>>();
        var spans = new List<KeySpan>();
        for (var r = 0; r < n; r++)
        {
            switch (rows[r].Cells[key].Shape)
            {
                case CellShape.OneOf oneOf:
                    foreach (var value in oneOf.Values)
                    {
                        var hashKey = value ?? NullKey;
                        if (!byValue.TryGetValue(hashKey, out var list))
                        {
                            byValue[hashKey] = list = [];
                        }

                        if (list.Count == 0 || list[^1] != r)
                        {
                            list.Add(r);
                        }

                        if (Number(value) is { } number && !double.IsNaN(number))
                        {
                            spans.Add(new KeySpan(number, number, r));
                        }
                    }

                    break;
                case CellShape.Range range when !double.IsNaN(range.Low) && !double.IsNaN(range.High):
                    spans.Add(new KeySpan(range.Low, range.High, r));
                    break;
                default:
                    wild.Add(r);
                    break;
            }
        }

        // A wildcard in the key column can meet any row there.
        var complete = true;
        foreach (var w in wild)
        {
            for (var r = 0; r < n && complete; r++)
            {
                if (r != w && !(IsWild(rows[r].Cells[key].Shape) && r < w))
                {
                    complete = Add(candidates, w, r, ref budget);
                }
            }
        }

        foreach (var list in byValue.Values)
        {
            if (!complete)
            {
                break;
            }

            complete = AddAllPairs(candidates, list, list.Count, ref budget);
        }

        // A range meets the numbers and ranges whose low end lies within it (ends touching count: the full
        // comparison decides whether an end is included).
        spans.Sort((a, b) => a.Low != b.Low ? a.Low.CompareTo(b.Low) : a.Row.CompareTo(b.Row));
        for (var a = 0; a < spans.Count && complete; a++)
        {
            for (var b = a + 1; b < spans.Count && spans[b].Low <= spans[a].High && complete; b++)
            {
                if (spans[a].Row != spans[b].Row)
                {
                    complete = Add(candidates, spans[a].Row, spans[b].Row, ref budget);
                }
            }
        }

        incomplete = !complete;
        return candidates;
    }

    private static readonly object NullKey = new();

    private static bool IsWild(CellShape shape) => shape is not (CellShape.OneOf or CellShape.Range);

    private static double? Number(object? value) => value switch
    {
        double d => d,
        DateOnly date => date.DayNumber,
        _ => null,
    };

    /// <summary>The column with the fewest cells that are not values or ranges (the first such, on a tie).</summary>
    private static int KeyColumn(IReadOnlyList<CheckedTableRow> rows, int columns)
    {
        var best = 0;
        var bestWild = int.MaxValue;
        for (var c = 0; c < columns; c++)
        {
            var wild = 0;
            foreach (var row in rows)
            {
                wild += IsWild(row.Cells[c].Shape) ? 1 : 0;
            }

            if (wild < bestWild)
            {
                (best, bestWild) = (c, wild);
            }
        }

        return best;
    }

    private static bool AddAllPairs(List<int>?[] candidates, List<int> rows, int count, ref int budget)
    {
        for (var a = 0; a < count; a++)
        {
            for (var b = a + 1; b < count; b++)
            {
                if (!Add(candidates, rows[a], rows[b], ref budget))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool Add(List<int>?[] candidates, int x, int y, ref int budget)
    {
        if (budget-- <= 0)
        {
            return false;
        }

        var (first, second) = x < y ? (x, y) : (y, x);
        (candidates[first] ??= []).Add(second);
        return true;
    }

    // A class, not a tuple: the framework's list and sort over a reference type are precompiled (ReadyToRun), over a
    // value type of ours they are compiled at run time, on the path to the first decision.
    private sealed record KeySpan(double Low, double High, int Row);
}
