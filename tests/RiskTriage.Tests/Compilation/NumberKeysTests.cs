using System.Globalization;
using RiskTriage.Checking;
using RiskTriage.Compilation;

namespace RiskTriage.Tests.Compilation;

/// <summary>
/// Tables of at least <see cref="TableIndex.MinRowsForNumberKeys"/> rows whose number column is tested against
/// literals and compared with literals find their row through an index (a binary search among the numbers the cells
/// name). The index must find the rows that testing row by row finds: the same random tables written with the same
/// tests as expressions (which are tested row by row) give the same outputs on every value, at and beside every
/// bound, for infinities, NaN, both zeros and the missing value, typed and as JSON.
/// </summary>
public sealed class NumberKeysTests
{
    private static readonly double[] Bounds = [-3, -1, 0, 0.5, 1, 2, 2.5, 7, 10, 1e9];

    private static readonly string?[] Kinds = ["A", "B", "C", null];

    public sealed class NumberCase
    {
        public double? N { get; init; }

        public string? Kind { get; init; }
    }

    private static string Num(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A random cell of the number column: as the table's literal cell and as the same test written as an expression.</summary>
    private static (string Literal, string Test) NumberCell(Random random)
    {
        double Bound() => Bounds[random.Next(Bounds.Length)];
        var a = Bound();
        var b = Bound();
        var (low, high) = (Math.Min(a, b), Math.Max(a, b));
        switch (random.Next(12))
        {
            case 0 or 1:
                return ("\"-\"", "\"-\"");
            case 2:
                return (Num(a), Test($"n == {Num(a)}"));
            case 3:
                return ($"[{Num(a)}, {Num(b)}]", Test($"n == {Num(a)} || n == {Num(b)}"));
            case 4:
                return ("null", Test("n == null"));
            case 5:
                return ($"[null, {Num(a)}]", Test($"n == null || n == {Num(a)}"));
            case 6:
                return ($"\"< {Num(a)}\"", Test($"n < {Num(a)}"));
            case 7:
                return ($"\"<= {Num(a)}\"", Test($"n <= {Num(a)}"));
            case 8:
                return ($"\"> {Num(a)}\"", Test($"n > {Num(a)}"));
            case 9:
                return ($"\">= {Num(a)}\"", Test($"n >= {Num(a)}"));
            default:
                var lowInclusive = random.Next(2) == 0;
                var highInclusive = random.Next(2) == 0;
                var range = $"{(lowInclusive ? "[" : "(")}{Num(low)}..{Num(high)}{(highInclusive ? "]" : ")")}";
                return ($"\"{range}\"", Test($"n {(lowInclusive ? ">=" : ">")} {Num(low)} && n {(highInclusive ? "<=" : "<")} {Num(high)}"));
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
            var (numberLiteral, numberTest) = NumberCell(random);
            while (kind == "\"-\"" && numberLiteral == "\"-\"")
            {
                (numberLiteral, numberTest) = NumberCell(random);
            }

            literal.Add($"{{ \"id\": \"r{r}\", \"when\": [{numberLiteral}, {kind}], \"then\": {{ \"o\": \"row {r}\" }} }}");
            tests.Add($"{{ \"id\": \"r{r}\", \"when\": [{numberTest}, {kind}], \"then\": {{ \"o\": \"row {r}\" }} }}");
        }

        return (Load(literal), Load(tests));

        static RuleSet Load(List<string> rows) => RuleSetSources.Load("{" + RuleSetSources.Header + $$"""
            "inputs": { "n": "number", "kind": { "type": "string", "enum": ["A", "B", "C"] } },
            "tables": { "t": { "hitPolicy": "FIRST", "inputs": ["n", "kind"], "outputs": { "o": "string" }, "rows": [ {{string.Join(", ", rows)}} ] } },
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

    private static TableIndex? IndexOf(RuleSet ruleSet)
    {
        var table = ruleSet.Checked.Order.OfType<TableNode>().Single();
        return TableIndex.TryBuild(table.Rows, table.Columns.Select(c => c.Type).ToList());
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
        Assert.IsType<NumberKeys>(IndexOf(indexed)!.Columns[0]);
        Assert.Null(IndexOf(rowByRow));

        var matched = 0;
        foreach (var n in Values())
        {
            foreach (var kind in Kinds)
            {
                var @case = new NumberCase { N = n, Kind = kind };
                var expected = rowByRow.Evaluate(@case);
                Assert.Equal(expected.Outputs, indexed.Evaluate(@case).Outputs);
                matched += expected["o"].IsMissing ? 0 : 1;

                // Infinities and NaN cannot be written in JSON.
                if (n is not { } value || double.IsFinite(value))
                {
                    var json = $$"""{ "n": {{(n is { } v ? Num(v) : "null")}}, "kind": {{(kind is null ? "null" : $"\"{kind}\"")}} }""";
                    Assert.Equal(expected.Outputs, indexed.Evaluate(json, TraceDetail.Full).Outputs);
                }
            }
        }

        // The random tables match some cases and not others, so both kinds of answer are compared.
        Assert.InRange(matched, 1, (Values().Count() * Kinds.Length) - 1);
    }

    [Fact]
    public void Short_tables_and_comparisons_with_other_values_are_tested_row_by_row()
    {
        var (indexed, _) = RandomTables(1);
        var table = indexed.Checked.Order.OfType<TableNode>().Single();
        var types = table.Columns.Select(c => c.Type).ToList();
        Assert.Null(TableIndex.TryBuild(table.Rows.Take(TableIndex.MinRowsForNumberKeys - 1).ToList(), types));
        Assert.NotNull(TableIndex.TryBuild(table.Rows.Take(TableIndex.MinRowsForNumberKeys).ToList(), types));

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
            Assert.Equal("band " + Math.Floor(n).ToString(CultureInfo.InvariantCulture), ruleSet.Evaluate(new NumberCase { N = n })["o"].AsString);
        }

        Assert.True(ruleSet.Evaluate(new NumberCase { N = -0.5 })["o"].IsMissing);
        Assert.True(ruleSet.Evaluate(new NumberCase { N = bands })["o"].IsMissing);
        Assert.True(ruleSet.Evaluate(new NumberCase { N = null })["o"].IsMissing);
    }
}
