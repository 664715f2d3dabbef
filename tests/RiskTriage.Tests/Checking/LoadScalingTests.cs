using RiskTriage.Checking;
using RiskTriage.Diagnostics;
using RiskTriage.Tests.Reliability;

namespace RiskTriage.Tests.Checking;

/// <summary>
/// Loading must stay near-linear in the size of the rule file. Each shape here loaded in minutes before (an
/// 85,000-row UNIQUE table in 441 s, a 400,000-value enumeration in 848 s, 20,000 unknown names in 181 s, a chain of
/// 180,000 values in 153 s); each now loads within the guarded time limit, and where the work can be counted the
/// count is asserted rather than the time.
/// </summary>
public sealed class LoadScalingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(300);

    private static string Join(int count, Func<int, string> item) => string.Join(",", Enumerable.Range(0, count).Select(item));

    private static Dictionary<string, string> File(string body) => RuleSetSources.One("{" + RuleSetSources.Header + body + "}");

    [Fact]
    public void An_85000_row_unique_table_loads()
    {
        var files = File("\"inputs\": { \"a\": \"number\" }, \"tables\": { \"t\": { \"inputs\": [\"a\"], \"outputs\": { \"o\": \"number\" }, \"rows\": ["
            + Join(85_000, i => $"{{\"id\":\"r{i}\",\"when\":[{i}],\"then\":{{\"o\":{i % 7}}}}}") + "] } }, \"outputs\": { \"o\": \"number\" }");
        Assert.True(files["rules.json"].Length < RuleSetLimits.Default.MaxFileBytes);
        var outcome = Guarded.Load(files, limit: Limit, stack: Guarded.SmallStack);
        Assert.True(outcome.RuleSet is not null, outcome.Describe());
        Assert.Equal(84_321 % 7, Guarded.Evaluate(outcome.RuleSet!, "{ \"a\": 84321 }", limit: Limit)["o"].AsNumber);
    }

    [Fact]
    public void Overlaps_of_distinct_rows_are_found_without_comparing_every_pair()
    {
        const int n = 85_000;
        var rows = Enumerable.Range(0, n).Select(i => Row(i, new CellShape.OneOf([(double)i]), i % 2 == 0 ? new CellShape.AnyValue() : new CellShape.Range(i, true, i + 1, false))).ToList();
        var (found, comparisons) = FindCounting(rows, 2);

        Assert.Empty(found.Overlaps);
        Assert.True(found.ProvenDisjoint);
        Assert.False(found.Incomplete);
        Assert.True(comparisons <= 4 * n, $"{comparisons:N0} cell comparisons for {n:N0} rows");
    }

    [Fact]
    public void A_table_whose_rows_all_may_overlap_is_compared_up_to_the_budget_then_left_to_evaluation()
    {
        const int n = 3_000;
        var rows = Enumerable.Range(0, n).Select(i => Row(i, new CellShape.Opaque())).ToList();
        var (found, comparisons) = FindCounting(rows, 1);

        Assert.True(found.Incomplete);
        Assert.False(found.ProvenDisjoint);
        Assert.Empty(found.Overlaps);
        Assert.True(comparisons <= TableOverlaps.MaxPairChecks, $"{comparisons:N0}");
    }

    /// <summary>Finds the overlaps, counting the cell comparisons made.</summary>
    private static (TableOverlaps.Result Found, long Comparisons) FindCounting(List<CheckedTableRow> rows, int columns)
    {
        var comparisons = 0L;
        var found = TableOverlaps.Find(rows, columns, (a, b) =>
        {
            comparisons++;
            return RuleSetChecker.Intersects(a, b);
        });
        return (found, comparisons);
    }

    /// <summary>The indexed search finds exactly the pairs, in the order, and the disjointness that comparing every pair finds.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Overlaps_agree_with_comparing_every_pair(int seed)
    {
        var random = new Random(seed);
        for (var table = 0; table < 200; table++)
        {
            var columns = random.Next(0, 4);
            var rows = Enumerable.Range(0, random.Next(0, 30)).Select(i => Row(i, Enumerable.Range(0, columns).Select(_ => RandomShape(random)).ToArray())).ToList();
            var expected = new List<(int, int)>();
            var disjoint = true;
            for (var i = 0; i < rows.Count; i++)
            {
                for (var j = i + 1; j < rows.Count; j++)
                {
                    var results = Enumerable.Range(0, columns).Select(c => RuleSetChecker.Intersects(rows[i].Cells[c].Shape, rows[j].Cells[c].Shape)).ToList();
                    disjoint &= results.Contains(false);
                    if (results.All(r => r == true))
                    {
                        expected.Add((i, j));
                    }
                }
            }

            var found = TableOverlaps.Find(rows, columns, RuleSetChecker.Intersects);
            Assert.Equal(expected.Take(TableOverlaps.MaxReported), found.Overlaps);
            Assert.Equal(disjoint, found.ProvenDisjoint);
        }
    }

    private static CellShape RandomShape(Random random)
    {
        var low = random.Next(0, 8);
        return random.Next(0, 7) switch
        {
            0 => new CellShape.AnyValue(),
            1 => new CellShape.Opaque(),
            2 => new CellShape.OneOf([(object?)(double)random.Next(0, 8)]),
            3 => new CellShape.OneOf([random.Next(0, 3) switch { 0 => "A", 1 => "B", _ => null }, (double)random.Next(0, 8)]),
            4 => new CellShape.OneOf([random.Next(0, 2) == 0, DateOnly.FromDayNumber(random.Next(0, 8))]),
            _ => new CellShape.Range(low, random.Next(0, 2) == 0, low + random.Next(0, 4), random.Next(0, 2) == 0),
        };
    }

    private static CheckedTableRow Row(int i, params CellShape[] cells) =>
        new("r" + i, cells.Select(c => new CheckedCell(null, c)).ToList(), [], 0);

    [Fact]
    public void A_400000_value_enumeration_loads_and_reads_a_case()
    {
        var files = File("\"inputs\": { \"e\": { \"type\": \"string\", \"enum\": [" + Join(400_000, i => $"\"E{i}\"") + "] } }, "
            + "\"outputs\": { \"hit\": { \"type\": \"bool\", \"value\": \"e == 'E399999'\" } }");
        var outcome = Guarded.Load(files, limit: Limit);
        Assert.True(outcome.RuleSet is not null, outcome.Describe());
        Assert.Equal(true, Guarded.Evaluate(outcome.RuleSet!, "{ \"e\": \"E399999\" }")["hit"].AsBool);
        var wrong = Guarded.Evaluate(outcome.RuleSet!, "{ \"e\": \"E400000\" }");
        Assert.Equal(DecisionStatus.Invalid, wrong.Status);
        Assert.Contains("(400,000 values in all)", wrong.Errors[0].Message, StringComparison.Ordinal);
        Assert.True(wrong.Errors[0].Message.Length < 1_000);
    }

    [Fact]
    public void Twenty_thousand_unknown_names_are_reported_and_only_the_first_are_searched_for_a_hint()
    {
        var files = File("\"inputs\": { \"a\": \"number\" }, \"values\": {" + Join(20_000, i => $"\"v{i}\": \"w{i} + 1\"") + "}, \"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"1\" } }");
        var (diagnostics, searches) = Guarded.Run("load", () =>
        {
            var exception = Assert.Throws<RuleSetException>(() => RuleSet.LoadFromSources(files));
            return (exception.Diagnostics, NameSuggester.Searches);
        }, Limit);

        Assert.Equal(20_000, diagnostics.Count(d => d.Code == DiagnosticCodes.UnknownName));
        Assert.Equal(NameSuggester.MaxSearchesPerLoad, searches);

        // The first names still get their hint.
        Assert.Contains("did you mean 'v0'", diagnostics.First(d => d.Message.Contains("'w0'", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_of_30000_values_loads()
    {
        const int n = 30_000;
        var files = File("\"inputs\": { \"a\": \"number\" }, \"values\": {" + Join(n, i => i == n - 1 ? $"\"v{i}\": \"a\"" : $"\"v{i}\": \"v{i + 1} + 1\"") + "}, \"outputs\": { \"v0\": \"number\" }");
        var outcome = Guarded.Load(files, limit: Limit, stack: Guarded.SmallStack);
        Assert.True(outcome.RuleSet is not null, outcome.Describe());
        Assert.Equal(n - 1 + 5, Guarded.Evaluate(outcome.RuleSet!, "{ \"a\": 5 }", limit: Limit)["v0"].AsNumber);
    }
}
