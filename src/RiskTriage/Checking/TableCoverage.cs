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
internal sealed class TableCoverage
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

    /// <summary>Warnings about the table's rows and gaps: the row or cell token and the message.</summary>
    public static List<(Newtonsoft.Json.Linq.JToken Token, string Code, string Message)> Check(TableNode node, TableDecl decl)
    {
        var warnings = new List<(Newtonsoft.Json.Linq.JToken, string, string)>();
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

    private void Run(List<(Newtonsoft.Json.Linq.JToken, string, string)> warnings)
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

    private void ReportShadowedRows(List<(Newtonsoft.Json.Linq.JToken, string, string)> warnings, int[] winner, bool[] won, HashSet<(int, int, int)> alive)
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
                warnings.Add((_decl.Rows[r].Cells[empty], Diagnostics.DiagnosticCodes.ShadowedRow,
                    $"the row '{row.Id}' of the {policy} table '{_decl.Name}' can never match: its test of {_node.ColumnLabels[empty]} matches no value"));
                continue;
            }

            if (!won[r])
            {
                count++;
                var takers = Takers(r, null, -1, winner, parts);
                warnings.Add((_decl.Rows[r].Token, Diagnostics.DiagnosticCodes.ShadowedRow,
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
                warnings.Add((_decl.Rows[r].Cells[c], Diagnostics.DiagnosticCodes.ShadowedRow,
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

    private void ReportGaps(List<(Newtonsoft.Json.Linq.JToken, string, string)> warnings, int[] winner)
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

        warnings.Add((_decl.Token, Diagnostics.DiagnosticCodes.TableGap,
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

    /// <summary>One column's values cut into parts, and the parts each row's cell accepts (null: the cell cannot be analysed).</summary>
    private sealed class Column
    {
        private readonly Func<int, string> _describe;
        private readonly Func<IReadOnlyList<int>, string>? _describeRun;
        private readonly Func<int, bool> _counts;

        private Column(List<object?> parts, List<List<int>?> accepts, Func<int, string> describe, Func<int, bool> counts, Func<IReadOnlyList<int>, string>? describeRun)
        {
            Parts = parts;
            Accepts = accepts;
            _describe = describe;
            _counts = counts;
            _describeRun = describeRun;
        }

        public List<object?> Parts { get; }

        /// <summary>For each row of a number or date column, whether its cell writes a lower and an upper bound (null: literals or '-').</summary>
        private List<(bool Low, bool High)?>? Bounds { get; init; }

        /// <summary>
        /// The lost parts worth a warning: every named value, but of a comparison only the runs that reach a bound the
        /// cell writes. A run at an open end or in the middle is what FIRST is for (">= 50" after ">= 80", or a wide
        /// range after the exception carved out of it); a run that reaches a written bound makes that bound mean
        /// nothing ("[3..6.99]" after "[4.5..99.99)").
        /// </summary>
        public List<int> Reportable(int row, List<int> dead)
        {
            if (Bounds?[row] is not { } bounds || dead.Count == 0)
            {
                return dead;
            }

            var accepted = Accepts[row]!;
            var (first, last) = (accepted.Min(), accepted.Max());
            var kept = new List<int>();
            var i = 0;
            while (i < dead.Count)
            {
                var j = i;
                while (j + 1 < dead.Count && dead[j + 1] == dead[j] + 1)
                {
                    j++;
                }

                if ((bounds.Low && dead[i] == first) || (bounds.High && dead[j] == last))
                {
                    kept.AddRange(dead.Skip(i).Take(j - i + 1));
                }

                i = j + 1;
            }

            return kept;
        }

        /// <summary>For each row (in written order), the parts its cell accepts, or null when it cannot be analysed.</summary>
        public List<List<int>?> Accepts { get; }

        /// <summary>Whether a part holds values a case can validly have that are worth reporting as a gap (not missing, NaN, unknown text or outside the declared range).</summary>
        public bool Counts(int part) => _counts(part);

        public string Describe(List<int> parts)
        {
            parts.Sort();
            return _describeRun is not null ? _describeRun(parts) : string.Join(" or ", parts.Select(_describe));
        }

        public ulong[][] RowSets(int[] order, int words)
        {
            var sets = new ulong[Parts.Count][];
            for (var p = 0; p < sets.Length; p++)
            {
                sets[p] = new ulong[words];
            }

            for (var k = 0; k < order.Length; k++)
            {
                foreach (var part in Accepts[order[k]] ?? [])
                {
                    sets[part][k / 64] |= 1UL << (k % 64);
                }
            }

            return sets;
        }

        public static Column? TryBuild(DataType type, List<CheckedCell> cells, Compilation.InputRange? range) => type.Kind switch
        {
            TypeKind.Bool => Literals(cells, [false, true], "true/false"),
            TypeKind.String when type.EnumValues is { } values => Literals(cells, [.. values], null),
            TypeKind.String => Literals(cells, [.. cells.SelectMany(c => c.Shape is CellShape.OneOf o ? o.Values.OfType<string>() : []).Distinct()], "text"),
            TypeKind.Number or TypeKind.Date => Ordered(cells, type.Kind == TypeKind.Date, range),
            _ => null,
        };

        /// <summary>A column of named values: each value, then (for plain text) any other text, then missing.</summary>
        private static Column Literals(List<CheckedCell> cells, List<object?> values, string? other)
        {
            var parts = new List<object?>(values);
            var otherPart = other == "text" ? parts.Count : -1;
            if (otherPart >= 0)
            {
                parts.Add(Other);
            }

            var missingPart = parts.Count;
            parts.Add(null);
            var accepts = cells.Select(cell => cell.Shape switch
            {
                CellShape.AnyValue => Enumerable.Range(0, parts.Count).ToList(),
                CellShape.OneOf oneOf when oneOf.Values.All(v => v is null || values.Contains(v)) =>
                    oneOf.Values.Select(v => v is null ? missingPart : values.IndexOf(v)).Distinct().ToList(),
                _ => null,
            }).ToList();
            return new Column(parts, accepts,
                p => p == missingPart ? "missing" : p == otherPart ? "other text" : parts[p] is string s ? $"\"{s}\"" : parts[p] is true ? "true" : "false",
                p => p != missingPart && p != otherPart,
                null);
        }

        private static readonly object Other = new();

        /// <summary>
        /// A number or date column: the values its cells name (with both infinities for numbers, the first and last
        /// date for dates) cut the line into points and the stretches between them; then missing (and NaN for numbers).
        /// </summary>
        private static Column? Ordered(List<CheckedCell> cells, bool dates, Compilation.InputRange? range)
        {
            var bounds = new SortedSet<double>();
            if (dates)
            {
                bounds.Add(DateOnly.MinValue.DayNumber);
                bounds.Add(DateOnly.MaxValue.DayNumber);
            }
            else
            {
                bounds.Add(double.NegativeInfinity);
                bounds.Add(double.PositiveInfinity);
            }

            var tests = new List<List<(BoundBinaryOperator Op, double Bound)>?>();
            foreach (var cell in cells)
            {
                List<(BoundBinaryOperator, double)>? test = null;
                if (cell.Shape is CellShape.OneOf oneOf && oneOf.Values.All(v => v is null || Number(v) is not null))
                {
                    test = [.. oneOf.Values.Select(v => (BoundBinaryOperator.Equal, Number(v) ?? double.NaN))];
                }
                else if (cell.Shape is CellShape.Range && cell.Condition is not null && Comparisons(cell.Condition) is { } comparisons)
                {
                    test = comparisons;
                }
                else if (cell.Shape is not CellShape.AnyValue)
                {
                    tests.Add(null);
                    continue;
                }

                foreach (var (_, bound) in test ?? [])
                {
                    if (!double.IsNaN(bound) && (!dates || (bound >= DateOnly.MinValue.DayNumber && bound <= DateOnly.MaxValue.DayNumber)))
                    {
                        bounds.Add(bound);
                    }
                }

                tests.Add(test);
            }

            // Parts: each bound, and each non-empty stretch strictly between two bounds; then missing, then NaN.
            var values = bounds.ToArray();
            var parts = new List<object?>();
            var representatives = new List<double>();
            for (var i = 0; i < values.Length; i++)
            {
                parts.Add((values[i], values[i]));
                representatives.Add(values[i]);
                if (i + 1 < values.Length)
                {
                    var inside = dates ? values[i] + 1 : Math.BitIncrement(values[i]);
                    if (inside < values[i + 1])
                    {
                        parts.Add((values[i], values[i + 1]));
                        representatives.Add(inside);
                    }
                }
            }

            var ordered = parts.Count;
            parts.Add(null);
            if (!dates)
            {
                parts.Add(double.NaN);
            }

            var accepts = new List<List<int>?>();
            for (var r = 0; r < cells.Count; r++)
            {
                if (cells[r].Shape is CellShape.AnyValue)
                {
                    accepts.Add(Enumerable.Range(0, parts.Count).ToList());
                    continue;
                }

                if (tests[r] is not { } test)
                {
                    accepts.Add(null);
                    continue;
                }

                if (cells[r].Shape is CellShape.OneOf oneOf)
                {
                    var list = new List<int>();
                    foreach (var value in oneOf.Values)
                    {
                        var at = Number(value) is { } n ? representatives.BinarySearch(n) : ordered;
                        if (at >= 0 && (value is null || parts[at] is (double, double) && representatives[at] == Number(value)) && !list.Contains(at))
                        {
                            list.Add(at);
                        }
                    }

                    accepts.Add(list);
                    continue;
                }

                // A conjunction of comparisons accepts one run of the ordered parts: from the first part all its
                // lower bounds accept to the last part all its upper bounds accept.
                int low = 0, high = ordered - 1;
                foreach (var (op, bound) in test)
                {
                    if (op is BoundBinaryOperator.Greater or BoundBinaryOperator.GreaterOrEqual)
                    {
                        low = Math.Max(low, FirstWhere(representatives, ordered, v => op == BoundBinaryOperator.Greater ? v > bound : v >= bound));
                    }
                    else
                    {
                        high = Math.Min(high, FirstWhere(representatives, ordered, v => op == BoundBinaryOperator.Less ? v >= bound : v > bound) - 1);
                    }
                }

                accepts.Add(low <= high ? Enumerable.Range(low, high - low + 1).ToList() : []);
            }

            return new Column(parts, accepts,
                p => parts[p] is null ? "missing" : "not a number",
                p => p < ordered && Valid(((double, double))parts[p]!, dates, range),
                run => DescribeRuns(run, parts, ordered, dates))
            {
                Bounds = cells.Select((cell, r) => cell.Shape is CellShape.Range && tests[r] is { } comparisons
                    ? ((bool Low, bool High)?)(comparisons.Exists(t => t.Op is BoundBinaryOperator.Greater or BoundBinaryOperator.GreaterOrEqual),
                        comparisons.Exists(t => t.Op is BoundBinaryOperator.Less or BoundBinaryOperator.LessOrEqual))
                    : null).ToList(),
            };
        }

        /// <summary>
        /// Whether a part (a point, or the stretch strictly between two bounds) holds a value inside the declared range:
        /// a whole one for whole-number inputs and for dates (whole days).
        /// </summary>
        private static bool Valid((double Low, double High) part, bool dates, Compilation.InputRange? range)
        {
            var (min, max) = range is null ? (double.NegativeInfinity, double.PositiveInfinity) : (range.Min, range.Max);
            var whole = dates || range is { Integer: true };
            if (part.Low == part.High)
            {
                return part.Low >= min && part.Low <= max && (!whole || part.Low == Math.Floor(part.Low)) && double.IsFinite(part.Low);
            }

            if (!whole)
            {
                return part.Low < max && min < part.High;
            }

            var first = Math.Max(Math.Floor(part.Low) + 1, Math.Ceiling(min));
            var last = Math.Min(Math.Ceiling(part.High) - 1, Math.Floor(max));
            return first <= last;
        }

        /// <summary>The first of the ordered parts whose representative satisfies a test that holds from some point on.</summary>
        private static int FirstWhere(List<double> representatives, int count, Func<double, bool> test)
        {
            int low = 0, high = count;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                if (test(representatives[middle]))
                {
                    high = middle;
                }
                else
                {
                    low = middle + 1;
                }
            }

            return low;
        }

        private static string DescribeRuns(IReadOnlyList<int> run, List<object?> parts, int ordered, bool dates)
        {
            var pieces = new List<string>();
            var i = 0;
            while (i < run.Count)
            {
                if (run[i] >= ordered)
                {
                    pieces.Add(parts[run[i]] is null ? "missing" : "not a number");
                    i++;
                    continue;
                }

                var j = i;
                while (j + 1 < run.Count && run[j + 1] == run[j] + 1 && run[j + 1] < ordered)
                {
                    j++;
                }

                var (firstLow, firstHigh) = ((double, double))parts[run[i]]!;
                var (lastLow, lastHigh) = ((double, double))parts[run[j]]!;
                pieces.Add(Interval(firstLow, firstLow == firstHigh, lastHigh, lastLow == lastHigh, dates));
                i = j + 1;
            }

            return string.Join(" or ", pieces);
        }

        private static string Interval(double low, bool lowInclusive, double high, bool highInclusive, bool dates)
        {
            if (dates)
            {
                // Dates are whole days: an open end is the day next to it.
                var first = lowInclusive ? low : low + 1;
                var last = highInclusive ? high : high - 1;
                return first == last ? Format(first, dates) : $"{Format(first, dates)} to {Format(last, dates)}";
            }

            if (low == high)
            {
                return Format(low, dates);
            }

            if (double.IsNegativeInfinity(low) && !double.IsInfinity(high))
            {
                return (highInclusive ? "<= " : "< ") + Format(high, dates);
            }

            if (double.IsPositiveInfinity(high) && !double.IsInfinity(low))
            {
                return (lowInclusive ? ">= " : "> ") + Format(low, dates);
            }

            return $"{(lowInclusive ? '[' : '(')}{Format(low, dates)}..{Format(high, dates)}{(highInclusive ? ']' : ')')}";
        }

        private static string Format(double value, bool dates) =>
            dates ? DateOnly.FromDayNumber((int)value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : double.IsInfinity(value) ? (value > 0 ? "+infinity" : "-infinity")
            : value.ToString("R", CultureInfo.InvariantCulture);

        private static double? Number(object? value) => value switch
        {
            double d when !double.IsNaN(d) => d,
            DateOnly date => date.DayNumber,
            _ => null,
        };

        /// <summary>The comparisons <c>column op literal</c> joined by <c>&amp;&amp;</c> that make a range or compare cell's condition.</summary>
        private static List<(BoundBinaryOperator Op, double Bound)>? Comparisons(BoundExpression condition)
        {
            switch (condition)
            {
                case BoundBinary { Operator: BoundBinaryOperator.And } and:
                    return Comparisons(and.Left) is { } left && Comparisons(and.Right) is { } right ? [.. left, .. right] : null;
                case BoundBinary { Operator: BoundBinaryOperator.Less or BoundBinaryOperator.LessOrEqual or BoundBinaryOperator.Greater or BoundBinaryOperator.GreaterOrEqual } compare
                    when compare.Left is BoundValueReference && compare.Right is BoundLiteral { Value: var literal } && Number(literal) is { } bound:
                    return [(compare.Operator, bound)];
                default:
                    return null;
            }
        }
    }
}
