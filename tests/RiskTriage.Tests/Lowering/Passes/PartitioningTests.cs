using RiskTriage.Lowering;
using RiskTriage.Lowering.Passes;

namespace RiskTriage.Tests.Lowering.Passes;

/// <summary>How the partitioning pass groups elements into parts and which symbols it exports.</summary>
public sealed class PartitioningTests
{
    private static readonly RuleSet Rules = RuleSetSources.Load(LowererTests.Everything);

    [Fact]
    public void Without_the_pass_the_form_is_one_part_exporting_what_the_reviews_and_outputs_read()
    {
        var form = LoweringTestKit.Lower(Rules);

        var part = Assert.Single(form.Parts);
        Assert.Equal(form.Outputs.Select(o => o.Value).Concat(form.Reviews.Reviews.Select(r => r.Flag)).ToHashSet(), part.Exports.ToHashSet());
    }

    [Fact]
    public void Parts_keep_the_evaluation_order_and_stay_within_the_budget_unless_one_element_exceeds_it()
    {
        var lowered = LoweringTestKit.Lower(Rules);
        var form = Partitioning.Run(lowered, budget: 12);

        Assert.True(form.Parts.Count > 3);
        Assert.Equal(lowered.Elements, form.Elements);
        Assert.All(form.Parts, p => Assert.True(p.Elements.Count == 1 || p.Elements.Sum(e => e.Size) <= 12));
    }

    [Fact]
    public void A_symbol_read_in_a_later_part_is_exported_and_one_read_only_in_its_own_part_is_not()
    {
        var form = Partitioning.Run(LoweringTestKit.Lower(Rules), budget: 12);
        var partOf = form.Parts.SelectMany((p, i) => p.Elements.Select(e => (Element: e, Part: i))).ToList();

        foreach (var (element, part) in partOf)
        {
            foreach (var symbol in element.Produces)
            {
                var readLater = partOf.Exists(x => x.Part != part && x.Element.Uses.Contains(symbol.Name) && !ReferenceEquals(x.Element, element));
                var readAtEnd = form.Outputs.Any(o => o.Value == symbol) || form.Reviews.Reviews.Any(r => r.Flag == symbol);
                Assert.Equal(readLater || readAtEnd, form.Parts[part].Exports.Contains(symbol));
            }
        }

        // The table's columns are read only inside the table's own element.
        var columns = LoweringTestKit.Element(form, "unique").Ops.OfType<Compute>().Select(c => c.Target);
        Assert.DoesNotContain(form.Parts.SelectMany(p => p.Exports), columns.Contains);
    }
}
