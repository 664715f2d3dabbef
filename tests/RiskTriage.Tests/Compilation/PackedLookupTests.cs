using System.Linq.Expressions;
using RiskTriage.Compilation;
using RiskTriage.Lowering;
using RiskTriage.Probation;
using RiskTriage.Tests.Lowering;
using RiskTriage.Tests.Probation;

namespace RiskTriage.Tests.Compilation;

/// <summary>
/// A small table of ints looked up as shifts of a 64-bit immediate gives what the array gives, for every index, and
/// throws where the array throws; a table too wide for 64 bits stays an array. A table's column of small whole numbers
/// or flags, missing included, likewise.
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
    public void No_part_of_the_default_rule_set_looks_up_an_int_table_that_fits_in_64_bits() =>
        Assert.All(DefaultRuleSetConstants().Found, table => Assert.Null(PackedLookup.Pack(table)));

    /// <summary>Table columns (numbers or flags, missing allowed), and whether they pack.</summary>
    public static TheoryData<Array, bool> Columns => new()
    {
        { new double?[] { null, 0, 2, 3, 2, 1 }, true },
        { new double?[] { 0, 150, 20, 10 }, true },
        { new double?[] { null, -3, 4, null, -1 }, true },
        { new double?[] { null, null }, true },
        { new double[] { 5, -5, 0 }, true },
        { new bool?[] { false, false, true, null }, true },
        { new bool[] { true, false }, true },
        { new double?[] { null, int.MinValue, int.MinValue }, true },
        { new double?[] { null, int.MinValue, 0 }, false },
        { new double?[] { null, 0.5, 1 }, false },
        { new double?[] { null, -0d, 1 }, false },
        { new double?[] { 1, double.NaN }, false },
        { new double?[] { 1, double.PositiveInfinity }, false },
        { new double?[] { 1, int.MaxValue }, false },
        { new double?[] { 1, 1e10 }, false },
        { new double?[] { null, 219, 175, 163, 0, 161, 132, 119, 0, 77 }, false },
        { new string?[] { null, "A" }, false },
    };

    [Theory]
    [MemberData(nameof(Columns))]
    public void A_column_of_small_whole_numbers_or_flags_is_an_immediate_and_gives_the_arrays_values(Array column, bool fits)
    {
        var type = column.GetType().GetElementType()!;
        var index = Expression.Parameter(typeof(int), "index");
        var lookup = PackedLookup.AtColumn(column, index);

        Assert.Equal(fits, lookup is not null);
        if (lookup is null)
        {
            return;
        }

        Assert.Equal(type, lookup.Type);
        Assert.Equal(0, ArrayConstants(lookup));
        var read = Expression.Lambda<Func<int, object?>>(Expression.Convert(lookup, typeof(object)), index).Compile();
        for (var i = 0; i < column.Length; i++)
        {
            // Bit for bit: a number column's -0 or a fraction is never packed, so equal values are the same bits.
            Assert.Equal(column.GetValue(i), read(i));
            if (column.GetValue(i) is double expected)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits((double)read(i)!));
            }
        }

        Assert.Throws<IndexOutOfRangeException>(() => read(-1));
        Assert.Throws<IndexOutOfRangeException>(() => read(column.Length));
    }

    [Fact]
    public void No_part_of_the_default_rule_set_reads_first_rows_that_would_pack_through_their_index() =>
        Assert.All(DefaultRuleSetConstants().Indexes, index => Assert.Null(PackedLookup.Pack(index.FirstRows())));

    [Fact]
    public void No_part_of_the_default_rule_set_reads_a_table_column_that_would_pack() =>
        Assert.All(DefaultRuleSetConstants().Columns, column => Assert.Null(PackedLookup.AtColumn(column, Expression.Parameter(typeof(int), "index"))));

    private static IntTables DefaultRuleSetConstants()
    {
        var tables = new IntTables();
        foreach (var part in LoweringTestKit.Parts<ProbationCase>(RuleSet.Load(ProbationRuleSetTests.ProbationPath)))
        {
            tables.Visit(part.Body);
        }

        return tables;
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

        public List<TableIndex> Indexes { get; } = [];

        public List<Array> Columns { get; } = [];

        protected override Expression VisitConstant(ConstantExpression node)
        {
            switch (node.Value)
            {
                case int[] table:
                    Found.Add(table);
                    break;
                case TableIndex index:
                    Indexes.Add(index);
                    break;
                case double?[] or double[] or bool?[] or bool[]:
                    Columns.Add((Array)node.Value);
                    break;
            }

            return node;
        }
    }
}
