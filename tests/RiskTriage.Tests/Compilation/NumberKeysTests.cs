using System.Globalization;
using RiskTriage.Checking;
using RiskTriage.Compilation;
using RiskTriage.Lowering;

namespace RiskTriage.Tests.Compilation;

/// <summary>
/// Tables of at least <see cref="TableIndex.MinRowsForNumberKeys"/> rows whose number columns are tested against
/// literals and compared with literals find their row through an index (a binary search among the numbers the cells
/// name). The index must find the rows that testing row by row finds: the same random tables (two number columns and
/// a text column, FIRST and PRIORITY) written with the same tests as expressions (which are tested row by row) give
/// the same outputs on every value, at and beside every bound, for infinities, NaN, both zeros and the missing value,
/// typed and as JSON.
/// </summary>
public sealed class NumberKeysTests
{
    private static readonly double[] Bounds = [-3, -1, 0, 0.5, 1, 2, 2.5, 7, 10, 1e9];

    private static readonly string?[] Kinds = ["A", "B", "C", null];

    public sealed class NumberCase
    {
        public double? N { get; init; }

        public double? M { get; init; }

        public string? Kind { get; init; }
    }

    private static string Num(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A random cell of number column <paramref name="x"/>: as the table's literal cell and as the same test written as an expression.</summary>
    private static (string Literal, string Test) NumberCell(Random random, string x)
    {
        double Bound() => Bounds[random.Next(Bounds.Length)];
        var a = Bound();
        var b = Bound();
        var (low, high) = (Math.Min(a, b), Math.Max(a, b));
        switch (random.Next(16))
        {
            case 0 or 1:
                return ("\"-\"", "\"-\"");
            case 2:
                return (Num(a), Test($"{x} == {Num(a)}"));
            case 3:
                return ($"[{Num(a)}, {Num(b)}]", Test($"{x} == {Num(a)} || {x} == {Num(b)}"));
            case 4:
                return ("null", Test($"{x} == null"));
            case 5:
                return ($"[null, {Num(a)}]", Test($"{x} == null || {x} == {Num(a)}"));
            case 6:
                return ($"\"< {Num(a)}\"", Test($"{x} < {Num(a)}"));
            case 7:
                return ($"\"<= {Num(a)}\"", Test($"{x} <= {Num(a)}"));
            case 8:
                return ($"\"> {Num(a)}\"", Test($"{x} > {Num(a)}"));
            case 9:
                return ($"\">= {Num(a)}\"", Test($"{x} >= {Num(a)}"));
            case 10:
                return ($"\"== {Num(a)}\"", Test($"{x} == {Num(a)}"));
            case 11:
                return ("-0", Test($"{x} == 0"));
            case 12:
                return ("[]", Test("false"));
            case 13:
                // A range written the wrong way round matches nothing.
                return ($"\"[{Num(high)}..{Num(low)}]\"", Test($"{x} >= {Num(high)} && {x} <= {Num(low)}"));
            default:
                var lowInclusive = random.Next(2) == 0;
                var highInclusive = random.Next(2) == 0;
                var range = $"{(lowInclusive ? "[" : "(")}{Num(low)}..{Num(high)}{(highInclusive ? "]" : ")")}";
                return ($"\"{range}\"", Test($"{x} {(lowInclusive ? ">=" : ">")} {Num(low)} && {x} {(highInclusive ? "<=" : "<")} {Num(high)}"));
        }

        static string Test(string expression) => $"{{ \"test\": \"{expression}\" }}";
    }

    private static (RuleSet Indexed, RuleSet RowByRow) RandomTables(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(TableIndex.MinRowsForNumberKeys, 70);
        var literal = new List<string>();
        var tests = new List<string>();
        for (var r = 0; r < rows; r++)
        {
            var kind = random.Next(3) switch { 0 => "\"A\"", 1 => "[\"B\", \"C\"]", _ => "\"-\"" };

            // No row matches every case (NaN with no kind matches none), so unmatched cases are compared too.
            var (n, nTest) = NumberCell(random, "n");
            var (m, mTest) = NumberCell(random, "m");
            while (kind == "\"-\"" && n == "\"-\"" && m == "\"-\"")
            {
                (n, nTest) = NumberCell(random, "n");
            }

            literal.Add($"{{ \"id\": \"r{r}\", \"when\": [{n}, {m}, {kind}], \"then\": {{ \"o\": \"row {r}\" }} }}");
            tests.Add($"{{ \"id\": \"r{r}\", \"when\": [{nTest}, {mTest}, {kind}], \"then\": {{ \"o\": \"row {r}\" }} }}");
        }

        // PRIORITY takes the matching row whose output comes first in the output's enumeration: here a shuffled order.
        var priority = random.Next(2) == 0;
        var ranks = Enumerable.Range(0, rows).Select(r => $"\"row {r}\"").OrderBy(_ => random.Next()).ToList();
        var (policy, output) = priority ? ("PRIORITY", $"{{ \"type\": \"string\", \"enum\": [{string.Join(", ", ranks)}] }}") : ("FIRST", "\"string\"");
        return (Load(literal), Load(tests));

        RuleSet Load(List<string> table) => RuleSetSources.Load("{" + RuleSetSources.Header + $$"""
            "inputs": { "n": "number", "m": "number", "kind": { "type": "string", "enum": ["A", "B", "C"] } },
            "tables": { "t": { "hitPolicy": "{{policy}}", "inputs": ["n", "m", "kind"], "outputs": { "o": {{output}} }, "rows": [ {{string.Join(", ", table)}} ] } },
            "outputs": { "o": "string" }
            }
            """);
    }

    private static IEnumerable<double?> Values()
    {
        yield return null;
        yield return double.NaN;
        yield return double.NegativeInfinity;
        yield return double.PositiveInfinity;
        yield return -0.0;
        yield return -1e300;
        yield return 1e300;
        foreach (var bound in Bounds)
        {
            yield return bound;
            yield return Math.BitDecrement(bound);
            yield return Math.BitIncrement(bound);
        }

        for (var i = 1; i < Bounds.Length; i++)
        {
            yield return (Bounds[i - 1] + Bounds[i]) / 2;
        }
    }

    /// <summary>Fewer values for the second column, so a table's cases stay a few thousand.</summary>
    private static IEnumerable<double?> SecondValues() =>
        new double?[] { null, double.NaN, double.NegativeInfinity, double.PositiveInfinity, -0.0 }.Concat(Bounds.SelectMany(b => new double?[] { b, Math.BitIncrement(b) }));

    private static TableIndex? IndexOf(RuleSet ruleSet)
    {
        var table = ruleSet.Checked.Order.OfType<TableNode>().Single();
        return TableIndex.TryBuild([.. table.Rows.Select(r => new MatchRow(r.Id, r.Cells, r.Outputs))], table.Columns.Select(c => c.Type).ToList());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    public void An_indexed_number_column_finds_the_rows_that_testing_row_by_row_finds(int seed)
    {
        var (indexed, rowByRow) = RandomTables(seed);
        var index = IndexOf(indexed)!;
        Assert.IsType<NumberKeys>(index.Columns[0]);
        Assert.IsType<NumberKeys>(index.Columns[1]);
        Assert.Null(IndexOf(rowByRow));

        var matched = 0;
        var compared = 0;
        foreach (var n in Values())
        {
            foreach (var m in SecondValues())
            {
                foreach (var kind in Kinds)
                {
                    var @case = new NumberCase { N = n, M = m, Kind = kind };
                    var expected = rowByRow.EvaluateTyped(@case);
                    Assert.Equal(expected.Outputs, indexed.EvaluateTyped(@case).Outputs);
                    matched += expected["o"].IsMissing ? 0 : 1;
                    compared++;

                    // Infinities and NaN cannot be written in JSON; one case in five is also compared as JSON.
                    if (compared % 5 == 0 && (n is not { } x || double.IsFinite(x)) && (m is not { } y || double.IsFinite(y)))
                    {
                        var json = $$"""{ "n": {{Json(n)}}, "m": {{Json(m)}}, "kind": {{(kind is null ? "null" : $"\"{kind}\"")}} }""";
                        Assert.Equal(expected.Outputs, indexed.Evaluate(json, TraceDetail.Full).Outputs);
                    }
                }
            }
        }

        // The random tables match some cases and not others, so both kinds of answer are compared.
        Assert.InRange(matched, 1, compared - 1);

        static string Json(double? value) => value is { } v ? Num(v) : "null";
    }

    [Fact]
    public void Short_tables_and_comparisons_with_other_values_are_tested_row_by_row()
    {
        var (indexed, _) = RandomTables(1);
        var table = indexed.Checked.Order.OfType<TableNode>().Single();
        var types = table.Columns.Select(c => c.Type).ToList();
        Assert.Null(TableIndex.TryBuild([.. table.Rows.Take(TableIndex.MinRowsForNumberKeys - 1).Select(r => new MatchRow(r.Id, r.Cells, r.Outputs))], types));
        Assert.NotNull(TableIndex.TryBuild([.. table.Rows.Take(TableIndex.MinRowsForNumberKeys).Select(r => new MatchRow(r.Id, r.Cells, r.Outputs))], types));

        var rows = string.Join(", ", Enumerable.Range(0, TableIndex.MinRowsForNumberKeys).Select(i => $$"""{ "id": "r{{i}}", "when": ["> limit"], "then": { "o": "x" } }"""));
        var compared = RuleSetSources.Load("{" + RuleSetSources.Header + $$"""
            "inputs": { "n": "number", "limit": "number" },
            "tables": { "t": { "hitPolicy": "FIRST", "inputs": ["n"], "outputs": { "o": "string" }, "rows": [ {{rows}} ] } },
            "outputs": { "o": "string" }
            }
            """);
        Assert.Null(IndexOf(compared));
        Assert.Equal("x", compared.Evaluate("""{ "n": 5, "limit": 4 }""")["o"].AsString);
        Assert.True(compared.Evaluate("""{ "n": 5, "limit": 6 }""")["o"].IsMissing);
    }

    [Fact]
    public void A_long_table_of_bands_is_indexed_and_finds_each_band()
    {
        const int bands = 5_000;
        var rows = string.Join(", ", Enumerable.Range(0, bands).Select(i => $$"""{ "id": "r{{i}}", "when": ["[{{i}}..{{i + 1}})"], "then": { "o": "band {{i}}" } }"""));
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + $$"""
            "inputs": { "n": "number" },
            "tables": { "t": { "hitPolicy": "FIRST", "inputs": ["n"], "outputs": { "o": "string" }, "rows": [ {{rows}} ] } },
            "outputs": { "o": "string" }
            }
            """);

        Assert.NotNull(IndexOf(ruleSet));
        foreach (var n in new[] { 0, 0.5, 1, 2_499.99, 4_999, 4_999.999 })
        {
            Assert.Equal("band " + Math.Floor(n).ToString(CultureInfo.InvariantCulture), ruleSet.EvaluateTyped(new NumberCase { N = n })["o"].AsString);
        }

        Assert.True(ruleSet.EvaluateTyped(new NumberCase { N = -0.5 })["o"].IsMissing);
        Assert.True(ruleSet.EvaluateTyped(new NumberCase { N = bands })["o"].IsMissing);
        Assert.True(ruleSet.EvaluateTyped(new NumberCase { N = null })["o"].IsMissing);
    }

    [Fact]
    public void A_table_with_more_keys_than_the_limit_is_tested_row_by_row_and_still_right()
    {
        // Two columns of 100 literals each: 204 parts each, 41,616 keys.
        var literal = Enumerable.Range(0, 100).Select(i => $$"""{ "id": "r{{i}}", "when": [{{i}}, {{99 - i}}], "then": { "o": "row {{i}}" } }""");
        var tests = Enumerable.Range(0, 100).Select(i => $$"""{ "id": "r{{i}}", "when": [{ "test": "n == {{i}}" }, { "test": "m == {{99 - i}}" }], "then": { "o": "row {{i}}" } }""");
        var big = Load(literal);
        var rowByRow = Load(tests);

        Assert.Null(IndexOf(big));
        foreach (var (n, m) in new (double?, double?)[] { (0, 99), (99, 0), (50, 49), (50, 50), (null, 99), (100, -1) })
        {
            var @case = new NumberCase { N = n, M = m };
            Assert.Equal(rowByRow.EvaluateTyped(@case).Outputs, big.EvaluateTyped(@case).Outputs);
        }

        Assert.Equal("row 50", big.EvaluateTyped(new NumberCase { N = 50, M = 49 })["o"].AsString);

        static RuleSet Load(IEnumerable<string> rows) => RuleSetSources.Load("{" + RuleSetSources.Header + $$"""
            "inputs": { "n": "number", "m": "number" },
            "tables": { "t": { "hitPolicy": "FIRST", "inputs": ["n", "m"], "outputs": { "o": "string" }, "rows": [ {{string.Join(", ", rows)}} ] } },
            "outputs": { "o": "string" }
            }
            """);
    }

    [Fact]
    public void A_number_column_of_dashes_only_adds_nothing_to_the_key()
    {
        var rows = string.Join(", ", Enumerable.Range(0, TableIndex.MinRowsForNumberKeys).Select(i => $$"""{ "id": "r{{i}}", "when": ["-", "{{(i % 3 == 0 ? "A" : "B")}}"], "then": { "o": "row {{i}}" } }"""));
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + $$"""
            "inputs": { "n": "number", "kind": { "type": "string", "enum": ["A", "B", "C"] } },
            "tables": { "t": { "hitPolicy": "FIRST", "inputs": ["n", "kind"], "outputs": { "o": "string" }, "rows": [ {{rows}} ] } },
            "outputs": { "o": "string" }
            }
            """);

        var index = IndexOf(ruleSet)!;
        Assert.Equal(0, index.Columns[0].Count);
        // Any number passes a dash (NaN too, but a typed NaN is now refused as input, as JSON cannot write it).
        Assert.Equal("row 0", ruleSet.EvaluateTyped(new NumberCase { N = double.MaxValue, Kind = "A" })["o"].AsString);
        Assert.Equal(DecisionStatus.Invalid, ruleSet.EvaluateTyped(new NumberCase { N = double.NaN, Kind = "A" }).Status);
        Assert.Equal("row 1", ruleSet.EvaluateTyped(new NumberCase { N = null, Kind = "B" })["o"].AsString);
        Assert.True(ruleSet.EvaluateTyped(new NumberCase { N = 1, Kind = "C" })["o"].IsMissing);
    }
}
