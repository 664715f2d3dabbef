using System.Globalization;
using RiskTriage.Expressions.Binding;

namespace RiskTriage.Checking;

/// <summary>One column of a table under coverage analysis: how its values are cut into parts and which parts each row accepts.</summary>
internal sealed partial class TableCoverage
{
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
