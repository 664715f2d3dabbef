using System.Linq.Expressions;
using RiskTriage.Compilation;
using RiskTriage.Probation;
using RiskTriage.Tests.Lowering;
using RiskTriage.Tests.Probation;

namespace RiskTriage.Tests.Compilation;

/// <summary>
/// A small table of ints looked up as shifts of a 64-bit immediate gives what the array gives, for every index, and
/// throws where the array throws; a table too wide for 64 bits stays an array.
/// </summary>
public sealed class PackedLookupTests
{
    /// <summary>Tables, and whether their values fit in 64 bits.</summary>
    public static TheoryData<int[], bool> Tables => new()
    {
        { [-1, 0, 1, 2, 3], true },
        { [7], true },
        { [0, 0, 0], true },
        { [-5, 100, 3, -5], true },
        { [int.MinValue, int.MaxValue], true },
        { [.. Enumerable.Range(0, 64).Select(i => i % 3 == 0 ? 1 : 0)], true },
        { [.. Enumerable.Range(0, 21).Select(i => i % 7)], true },
        { [.. Enumerable.Range(0, 65).Select(i => i % 2)], false },
        { [0, 1 << 20, 5, 7], false },
        { [int.MinValue, int.MaxValue, 0], false },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void A_table_that_fits_in_64_bits_is_an_immediate_and_gives_the_arrays_values(int[] table, bool fits)
    {
        var index = Expression.Parameter(typeof(int), "index");
        var lookup = PackedLookup.At(table, index);

        Assert.Equal(fits ? 0 : 1, ArrayConstants(lookup));
        AssertSameAsArray(table, Expression.Lambda<Func<int, int>>(lookup, index).Compile());
    }

    [Fact]
    public void A_computed_index_is_evaluated_once()
    {
        // The packed form reads its index twice (range check, shift): a computed index goes through a local.
        var counter = Expression.Parameter(typeof(int[]), "counter");
        var index = Expression.Block(
            Expression.PostIncrementAssign(Expression.ArrayAccess(counter, Expression.Constant(0))),
            Expression.Constant(2));
        var lookup = Expression.Lambda<Func<int[], int>>(PackedLookup.At([10, 11, 12, 13], index), counter).Compile();

        var count = new int[1];
        Assert.Equal(12, lookup(count));
        Assert.Equal(1, count[0]);
    }

    [Fact]
    public void No_part_of_the_default_rule_set_looks_up_an_int_table_that_fits_in_64_bits()
    {
        var parts = LoweringTestKit.Parts<ProbationCase>(RuleSet.Load(ProbationRuleSetTests.ProbationPath));

        var tables = new IntTables();
        foreach (var part in parts)
        {
            tables.Visit(part.Body);
        }

        Assert.All(tables.Found, table => Assert.Null(PackedLookup.Pack(table)));
    }

    private static void AssertSameAsArray(int[] table, Func<int, int> lookup)
    {
        for (var i = 0; i < table.Length; i++)
        {
            Assert.Equal(table[i], lookup(i));
        }

        Assert.Throws<IndexOutOfRangeException>(() => lookup(-1));
        Assert.Throws<IndexOutOfRangeException>(() => lookup(table.Length));
        Assert.Throws<IndexOutOfRangeException>(() => lookup(int.MaxValue));
    }

    private static int ArrayConstants(Expression expression)
    {
        var tables = new IntTables();
        tables.Visit(expression);
        return tables.Found.Count;
    }

    /// <summary>The int arrays held as constants, nested lambdas included.</summary>
    private sealed class IntTables : ExpressionVisitor
    {
        public List<int[]> Found { get; } = [];

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (node.Value is int[] table)
            {
                Found.Add(table);
            }

            return node;
        }
    }
}
