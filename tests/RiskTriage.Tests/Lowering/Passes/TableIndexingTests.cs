using RiskTriage.Lowering;
using RiskTriage.Lowering.Passes;

namespace RiskTriage.Tests.Lowering.Passes;

/// <summary>Which tables the indexing pass indexes, and that it changes nothing else.</summary>
public sealed class TableIndexingTests
{
    private static readonly RuleSet Rules = RuleSetSources.Load(LowererTests.Everything);

    [Fact]
    public void Tables_that_stop_at_their_first_match_and_test_literals_get_an_index()
    {
        var form = TableIndexing.Run(LoweringTestKit.Lower(Rules));

        Assert.NotNull(Match(form, "first").Index);

        // PRIORITY tests a number column with fewer rows than a number index pays for.
        Assert.Null(Match(form, "priority").Index);

        // UNIQUE with rows that may overlap, and ANY, test every row for a second match.
        Assert.Null(Match(form, "unique").Index);
        Assert.Null(Match(form, "any").Index);
    }

    [Fact]
    public void The_index_finds_the_row_testing_in_order_would()
    {
        var first = Match(TableIndexing.Run(LoweringTestKit.Lower(Rules)), "first");
        var index = first.Index!;
        var keys = (TextKeys)index.Columns[0];

        Assert.Equal(0, index.FirstRow(keys.Of("A")));
        Assert.Equal(1, index.FirstRow(keys.Of("B")));
        Assert.Equal(1, index.FirstRow(keys.Of(null)));
    }

    [Fact]
    public void The_pass_leaves_every_other_op_and_the_parts_as_they_were()
    {
        var before = LoweringTestKit.Lower(Rules);
        var after = TableIndexing.Run(before);

        Assert.Equal(before.Parts.Count, after.Parts.Count);
        var pairs = before.Elements.SelectMany(e => e.Ops).Zip(after.Elements.SelectMany(e => e.Ops)).ToList();
        Assert.All(pairs.Where(p => p.First is not FirstMatch), p => Assert.Same(p.First, p.Second));
        Assert.All(pairs.Where(p => p.First is FirstMatch), p => Assert.Equal(((FirstMatch)p.First) with { Index = null }, ((FirstMatch)p.Second) with { Index = null }));
    }

    [Fact]
    public void A_table_with_a_date_column_is_not_indexed()
    {
        var form = TableIndexing.Run(LoweringTestKit.Lower("{" + RuleSetSources.Header + """
            "inputs": { "d": "date" },
            "tables": { "t": { "hitPolicy": "FIRST", "inputs": ["d"], "outputs": { "o": "string" },
              "rows": [ { "id": "r", "when": ["-"], "then": { "o": "X" } } ] } },
            "outputs": { "o": "string" }
            }
            """));

        Assert.Null(Match(form, "t").Index);
    }

    private static FirstMatch Match(LoweredRuleSet form, string table) => LoweringTestKit.Element(form, table).Ops.OfType<FirstMatch>().Single();
}
