using System.Globalization;
using System.Numerics;
using RiskTriage.Expressions.Binding;
using RiskTriage.Loading;

namespace RiskTriage.Checking;

/// <summary>
/// DMN-style checks of a decision table whose cells can be analysed (literals, lists of literals,
/// comparisons and ranges with literal bounds on number and date columns, '-', enumerations, true/false): which
/// rows of a FIRST or PRIORITY table can never match, or never match for some of the values their cells name (earlier
/// rows, or rows of higher priority, take those cases; a '-' cell names no values, so a catch-all last row is not
/// reported); and, for every hit policy but COLLECT, which cases no row matches while an output has no default (gaps).
/// A gap counts only valid values: not missing, NaN or text no cell names, and inside the declared range of an input
/// the column reads (directly, or through floor, ceil or round). Each column's values are cut into parts that every cell treats alike (each value a cell names, the
/// stretches between the numbers cells name, and the missing value); a case is one part per column, and the rows
/// matching each combination are found with bit sets, as <see cref="Lowering.TableIndex"/> does. A row with a
/// cell that is an arbitrary expression is treated as matching nothing (so it never hides another row) and is not
/// itself judged, and gaps are not reported for a table that has one: the checks say nothing they cannot prove.
/// Tables with more than <see cref="MaxCases"/> combinations are not checked.
/// </summary>
internal sealed partial class TableCoverage
{
    /// <summary>The most combinations of parts examined for one table.</summary>
    public const int MaxCases = 1 << 16;

    /// <summary>Bounds on the bit-set work (combinations times words of row bits times columns, and parts times words).</summary>
    private const long MaxWork = 1L << 25;

    /// <summary>The most warnings of each kind for one table.</summary>
    private const int MaxWarnings = 10;

    private readonly TableNode _node;
    private readonly TableDecl _decl;
    private readonly Column[] _columns;
    private readonly int[] _order;

    private TableCoverage(TableNode node, TableDecl decl, Column[] columns, int[] order)
    {
        _node = node;
        _decl = decl;
        _columns = columns;
        _order = order;
    }

    /// <summary>Warnings about the table's rows and gaps: where the row or cell is written, the code and the message.</summary>
    public static List<(Loading.SourceRef Source, string Code, string Message)> Check(TableNode node, TableDecl decl)
    {
        var warnings = new List<(Loading.SourceRef, string, string)>();
        if (node.Rows.Count == 0 || node.Rows.Count != decl.Rows.Count || node.Columns.Count == 0 || node.HitPolicy == HitPolicy.Collect)
        {
            return warnings;
        }

        var columns = new Column[node.Columns.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            if (Column.TryBuild(node.Columns[c].Type, node.Rows.Select(r => r.Cells[c]).ToList(), ValidRange(node.Inputs[c])) is not { } column)
            {
                return warnings;
            }

            columns[c] = column;
        }

        // The order in which rows take a case: written order, or for PRIORITY the first output's rank first.
        var order = Enumerable.Range(0, node.Rows.Count)
            .OrderBy(i => node.HitPolicy == HitPolicy.Priority ? node.Rows[i].Rank : 0).ThenBy(i => i).ToArray();
        new TableCoverage(node, decl, columns, order).Run(warnings);
        return warnings;
    }

    private void Run(List<(Loading.SourceRef, string, string)> warnings)
    {
        long cases = 1;
        foreach (var column in _columns)
        {
            cases *= column.Parts.Count;
            if (cases > MaxCases)
            {
                return;
            }
        }

        var rows = _node.Rows.Count;
        var words = (rows + 63) / 64;
        if (cases * words * _columns.Length > MaxWork || _columns.Sum(c => (long)c.Parts.Count) * words > MaxWork)
        {
            return;
        }

        // sets[c][part]: bit k for the k-th row in taking order when that row's cell in column c accepts the part.
        var sets = new ulong[_columns.Length][][];
        for (var c = 0; c < _columns.Length; c++)
        {
            sets[c] = _columns[c].RowSets(_order, words);
        }

        var winner = new int[cases];
        var parts = new int[_columns.Length];
        var matching = new ulong[words];
        var won = new bool[rows];
        var alive = new HashSet<(int Row, int Column, int Part)>();
        for (var key = 0; key < cases; key++)
        {
            Decompose(key, parts);
            winner[key] = -1;
            Array.Fill(matching, ulong.MaxValue);
            for (var c = 0; c < _columns.Length; c++)
            {
                var set = sets[c][parts[c]];
                for (var w = 0; w < words; w++)
                {
                    matching[w] &= set[w];
                }
            }

            for (var w = 0; w < words; w++)
            {
                if (matching[w] != 0)
                {
                    var row = _order[(w * 64) + BitOperations.TrailingZeroCount(matching[w])];
                    winner[key] = row;
                    won[row] = true;
                    for (var c = 0; c < _columns.Length; c++)
                    {
                        alive.Add((row, c, parts[c]));
                    }

                    break;
                }
            }
        }

        if (_node.HitPolicy is HitPolicy.First or HitPolicy.Priority)
        {
            ReportShadowedRows(warnings, winner, won, alive);
        }

        ReportGaps(warnings, winner);
    }

    /// <summary>
    /// The declared valid range of the input a column reads, when the column is that input (or a field of an input
    /// object), or floor, ceil or round of it (whole numbers then, the bounds widened to whole numbers); null otherwise.
    /// </summary>
    private static Compilation.InputRange? ValidRange(BoundExpression column) => column switch
    {
        BoundInput input => input.Symbol.Property.Range,
        BoundMember member => member.Property.Range,
        BoundCall { Function.Name: "floor" or "ceil" or "round", Arguments: [var argument] } when ValidRange(argument) is { IsDate: false } range =>
            new Compilation.InputRange(Math.Floor(range.Min), Math.Ceiling(range.Max), integer: true, range.Review, isDate: false),
        _ => null,
    };

    private void Decompose(int key, int[] parts)
    {
        for (var c = 0; c < _columns.Length; c++)
        {
            parts[c] = key % _columns[c].Parts.Count;
            key /= _columns[c].Parts.Count;
        }
    }

    private void ReportShadowedRows(List<(Loading.SourceRef, string, string)> warnings, int[] winner, bool[] won, HashSet<(int, int, int)> alive)
    {
        var policy = _node.HitPolicy.ToString().ToUpperInvariant();
        var count = 0;
        var parts = new int[_columns.Length];
        for (var r = 0; r < _node.Rows.Count && count < MaxWarnings; r++)
        {
            if (_columns.Any(c => c.Accepts[r] is null))
            {
                continue;
            }

            var row = _node.Rows[r];
            var empty = Array.FindIndex(_columns, c => c.Accepts[r]!.Count == 0);
            if (empty >= 0)
            {
                count++;
                warnings.Add((_decl.Rows[r].Cells[empty].Source, Diagnostics.DiagnosticCodes.ShadowedRow,
                    $"the row '{row.Id}' of the {policy} table '{_decl.Name}' can never match: its test of {_node.ColumnLabels[empty]} matches no value"));
                continue;
            }

            if (!won[r])
            {
                count++;
                var takers = Takers(r, null, -1, winner, parts);
                warnings.Add((_decl.Rows[r].Source, Diagnostics.DiagnosticCodes.ShadowedRow,
                    $"the row '{row.Id}' of the {policy} table '{_decl.Name}' can never match: {takers} every case it matches; remove it or change the order of the rows"));
                continue;
            }

            for (var c = 0; c < _columns.Length && count < MaxWarnings; c++)
            {
                if (row.Cells[c].Shape is CellShape.AnyValue)
                {
                    continue;
                }

                var dead = _columns[c].Reportable(r, _columns[c].Accepts[r]!.Where(p => !alive.Contains((r, c, p))).ToList());
                if (dead.Count == 0)
                {
                    continue;
                }

                count++;
                var takers = Takers(r, dead, c, winner, parts);
                warnings.Add((_decl.Rows[r].Cells[c].Source, Diagnostics.DiagnosticCodes.ShadowedRow,
                    $"the row '{row.Id}' of the {policy} table '{_decl.Name}' never matches when {_node.ColumnLabels[c]} is {_columns[c].Describe(dead)}: {takers} those cases; narrow this test or change the order of the rows"));
            }
        }
    }

    /// <summary>The rows that take the cases of row <paramref name="r"/> (only those with one of <paramref name="dead"/> in column <paramref name="column"/>, when given).</summary>
    private string Takers(int r, List<int>? dead, int column, int[] winner, int[] parts)
    {
        var takers = new SortedSet<int>();
        for (var key = 0; key < winner.Length && takers.Count < 4; key++)
        {
            if (winner[key] < 0 || winner[key] == r)
            {
                continue;
            }

            Decompose(key, parts);
            var inRow = true;
            for (var c = 0; c < _columns.Length && inRow; c++)
            {
                inRow = _columns[c].Accepts[r]!.Contains(parts[c]) && (c != column || dead!.Contains(parts[c]));
            }

            if (inRow)
            {
                takers.Add(winner[key]);
            }
        }

        var names = string.Join(", ", takers.Take(3).Select(t => $"'{_node.Rows[t].Id}'")) + (takers.Count > 3 ? ", ..." : string.Empty);
        var priority = _node.HitPolicy == HitPolicy.Priority;
        return takers.Count == 1
            ? $"the {(priority ? "row of higher priority" : "earlier row")} {names} takes"
            : $"the {(priority ? "rows of higher priority" : "earlier rows")} {names} take";
    }

    private void ReportGaps(List<(Loading.SourceRef, string, string)> warnings, int[] winner)
    {
        // "default": null says that a missing output is intended.
        var missing = _decl.Outputs.Where(o => o.Default is null).Select(o => $"'{o.Name}'").ToList();
        if (missing.Count == 0 || _columns.Any(c => c.Accepts.Any(a => a is null)))
        {
            return;
        }

        var parts = new int[_columns.Length];
        var gaps = new List<int[]>();
        for (var key = 0; key < winner.Length; key++)
        {
            if (winner[key] >= 0)
            {
                continue;
            }

            Decompose(key, parts);
            if (Enumerable.Range(0, _columns.Length).All(c => _columns[c].Counts(parts[c])))
            {
                gaps.Add((int[])parts.Clone());
            }
        }

        if (gaps.Count == 0)
        {
            return;
        }

        // The gaps are grouped by the parts of every column but one, whose parts are merged ("band is LOW or HIGH and
        // score is 0"): the column that leaves the fewest groups, so the example reads as few cases as it can.
        List<IGrouping<string, int[]>> GroupsMerging(int merged) =>
            gaps.GroupBy(g => string.Join(",", g.Where((_, c) => c != merged))).ToList();
        var merged = Enumerable.Range(0, _columns.Length).MinBy(c => GroupsMerging(c).Count);
        var groups = GroupsMerging(merged);
        var text = string.Join("; ", groups.Take(3).Select(group => string.Join(" and ", Enumerable.Range(0, _columns.Length)
            .Select(c => $"{_node.ColumnLabels[c]} is {(c == merged ? FirstRuns(group.Select(g => g[c]).ToList(), c) : _columns[c].Describe([group.First()[c]]))}"))))
            + (groups.Count > 3 ? string.Create(CultureInfo.InvariantCulture, $" (and {groups.Count - 3} more)") : string.Empty);

        warnings.Add((_decl.Source, Diagnostics.DiagnosticCodes.TableGap,
            $"no row of the table '{_decl.Name}' matches when {text}, and {string.Join(", ", missing)} {(missing.Count == 1 ? "has" : "have")} no default, so {(missing.Count == 1 ? "it is" : "they are")} missing then; add a row, or a default (\"default\": null if missing is intended)"));
    }

    /// <summary>The description of the first few runs of parts of a column, then "or ..." (a message stays short however many gaps).</summary>
    private string FirstRuns(List<int> parts, int column)
    {
        const int MaxRuns = 5;
        parts.Sort();
        var runs = 0;
        var end = 0;
        while (end < parts.Count && (end == 0 || parts[end] == parts[end - 1] + 1 || ++runs < MaxRuns))
        {
            end++;
        }

        var text = _columns[column].Describe(parts.GetRange(0, end));
        return end < parts.Count ? text + " or ..." : text;
    }
}
