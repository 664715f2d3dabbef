using RiskTriage.Runtime;

namespace RiskTriage.Tests.Runtime;

/// <summary>A per-site cache of joined texts gives exactly what joining gives, from any thread, whatever the pairs.</summary>
public sealed class ConcatSiteTests
{
    [Theory]
    [InlineData("A", "1", "A1")]
    [InlineData("A1", "S", "A1S")]
    [InlineData("", "x", "x")]
    [InlineData("x", "", "x")]
    [InlineData("", "", "")]
    public void Joins_as_the_runtime_function_does(string a, string b, string expected)
    {
        var site = new ConcatSite();
        Assert.Equal(expected, site.Concat(a, b));
        Assert.Equal(expected, site.Concat(a, b));
        Assert.Equal(RuntimeFunctions.Concat(a, b), site.Concat(a, b));
    }

    [Fact]
    public void A_missing_part_gives_a_missing_result()
    {
        var site = new ConcatSite();
        Assert.Null(site.Concat(null, "x"));
        Assert.Null(site.Concat("x", null));
        Assert.Null(site.Concat(null, null));
    }

    [Fact]
    public void Equal_texts_of_other_instances_and_colliding_pairs_give_the_right_join()
    {
        var site = new ConcatSite();

        // Many pairs share slots (64 of them): every answer must still be the join of its own parts.
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var a = new string((char)('A' + random.Next(26)), random.Next(1, 4)) + random.Next(100);
            var b = random.Next(3) == 0 ? "S" : random.Next(40).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(a + b, site.Concat(a, b));
            Assert.Equal(a + b, site.Concat(new string(a.AsSpan()), new string(b.AsSpan())));
        }
    }

    [Fact]
    public void Every_pair_of_a_tier_table_is_kept_so_repeated_joins_are_the_same_instance()
    {
        // Protect letter + change digit, then + "S": 16 pairs at each of two sites, seen over and over. A pair
        // evicted by another would be missed again on every round.
        var letterDigit = new ConcatSite();
        var suffix = new ConcatSite();
        string[] letters = ["A", "B", "C", "D"];
        string[] digits = ["0", "1", "2", "3"];
        var first = new Dictionary<string, string>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var letter in letters)
            {
                foreach (var digit in digits)
                {
                    var tier = letterDigit.Concat(letter, digit)!;
                    var unsupervised = suffix.Concat(tier, "S")!;
                    if (round == 0)
                    {
                        first[tier] = tier;
                        first[unsupervised] = unsupervised;
                    }
                    else
                    {
                        Assert.Same(first[tier], tier);
                        Assert.Same(first[unsupervised], unsupervised);
                    }
                }
            }
        }

        Assert.Equal(16, letterDigit.Misses);
        Assert.Equal(16, suffix.Misses);
    }

    [Fact]
    public void Long_texts_are_joined_but_not_kept()
    {
        var site = new ConcatSite();
        var a = new string('a', 30);
        var b = new string('b', 30);
        var first = site.Concat(a, b);
        var second = site.Concat(a, b);
        Assert.Equal(a + b, first);
        Assert.Equal(a + b, second);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Threads_sharing_a_site_each_get_their_own_joins()
    {
        var site = new ConcatSite();
        string[] letters = ["A", "B", "C", "D"];
        string[] digits = ["0", "1", "2", "3"];
        var failures = 0;
        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                var a = letters[(i + worker) % 4];
                var b = digits[(i / 4) % 4];
                if (site.Concat(a, b) != a + b)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void A_join_that_spells_an_interned_literal_is_that_literal_and_any_other_join_is_new_text()
    {
        // C# literals are interned, as a rule set's literals are when it is compiled. A site interns its own joins,
        // whether or not the shared cache behind it is full (other tests fill it).
        var tier = new ConcatSite().Concat("B", new string('2', 1));
        Assert.Same("B2", tier);

        var unusual = new ConcatSite().Concat("qz", new string('w', 3) + Guid.NewGuid().ToString("N")[..4]);
        Assert.StartsWith("qzwww", unusual, StringComparison.Ordinal);
        Assert.Null(string.IsInterned(unusual!));
    }
}
