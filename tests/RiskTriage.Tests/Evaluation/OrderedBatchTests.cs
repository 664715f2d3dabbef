using System.Collections.Concurrent;
using RiskTriage.Evaluation;
using RiskTriage.Tests.RuleSets;

namespace RiskTriage.Tests.Evaluation;

/// <summary>
/// The parallel batch: decisions in input order whatever thread evaluated them, the source read on the caller's
/// thread only, never more evaluating threads than asked for, and failures and early stops at the right place.
/// </summary>
public sealed class OrderedBatchTests
{
    private static readonly RuleSet RuleSet = ExampleCases.RuleSet;

    private static Decision Tagged(int i) => RuleSet.NewDecision(i.ToString(System.Globalization.CultureInfo.InvariantCulture), TraceDetail.None);

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(255, 2)]
    [InlineData(256, 2)]
    [InlineData(257, 3)]
    [InlineData(5_000, 2)]
    [InlineData(20_000, 8)]
    public void Decisions_come_in_input_order(int count, int workers)
    {
        // Uneven work, so that blocks finish out of order.
        var decisions = OrderedBatch<int>.Run(Enumerable.Range(0, count), i =>
        {
            if (i % 97 == 0)
            {
                Thread.SpinWait(20_000);
            }

            return Tagged(i);
        }, workers).ToList();

        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), decisions.Select(d => d.CaseId));
    }

    [Fact]
    public void The_source_is_read_only_on_the_callers_thread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var readers = new ConcurrentBag<int>();

        IEnumerable<int> Source()
        {
            for (var i = 0; i < 10_000; i++)
            {
                readers.Add(Environment.CurrentManagedThreadId);
                yield return i;
            }
        }

        Assert.Equal(10_000, OrderedBatch<int>.Run(Source(), Tagged, 4).Count());
        Assert.Equal([caller], readers.Distinct());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void At_most_the_given_number_of_threads_evaluate_at_once(int workers)
    {
        var now = 0;
        var most = 0;
        var count = OrderedBatch<int>.Run(Enumerable.Range(0, 20_000), i =>
        {
            var at = Interlocked.Increment(ref now);
            InterlockedMax(ref most, at);
            Thread.SpinWait(200);
            Interlocked.Decrement(ref now);
            return Tagged(i);
        }, workers).Count();

        Assert.Equal(20_000, count);
        Assert.InRange(most, 1, workers);
    }

    [Fact]
    public void The_caller_evaluates_blocks_while_it_waits()
    {
        var caller = Environment.CurrentManagedThreadId;
        var byCaller = 0;

        // A slow first block keeps a helper busy; the caller must not sit idle meanwhile.
        var count = OrderedBatch<int>.Run(Enumerable.Range(0, 4_000), i =>
        {
            if (Environment.CurrentManagedThreadId == caller)
            {
                Interlocked.Increment(ref byCaller);
            }
            else if (i < 256)
            {
                Thread.Sleep(1);
            }

            return Tagged(i);
        }, 2).Count();

        Assert.Equal(4_000, count);
        Assert.True(byCaller > 0, "the caller evaluated no case");
    }

    [Fact]
    public void An_exception_is_thrown_at_its_cases_place_after_every_earlier_decision()
    {
        var yielded = new List<string?>();
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var decision in OrderedBatch<int>.Run(Enumerable.Range(0, 5_000), i => i == 3_000 ? throw new InvalidOperationException("case 3000") : Tagged(i), 2))
            {
                yielded.Add(decision.CaseId);
            }
        });

        Assert.Equal("case 3000", error.Message);

        // The block holding the failed case is not yielded in part: every block before it is.
        Assert.Equal(Enumerable.Range(0, 2_816).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), yielded);
    }

    [Fact]
    public void An_exception_from_the_source_reaches_the_caller()
    {
        IEnumerable<int> Source()
        {
            for (var i = 0; i < 1_000; i++)
            {
                yield return i;
            }

            throw new IOException("source broke");
        }

        var error = Assert.Throws<IOException>(() => OrderedBatch<int>.Run(Source(), Tagged, 2).Count());
        Assert.Equal("source broke", error.Message);
    }

    [Fact]
    public void Stopping_early_stops_reading_and_evaluating()
    {
        var read = 0;
        var evaluated = 0;

        IEnumerable<int> Source()
        {
            for (var i = 0; i < 1_000_000; i++)
            {
                Interlocked.Increment(ref read);
                yield return i;
            }
        }

        var first = OrderedBatch<int>.Run(Source(), i =>
        {
            Interlocked.Increment(ref evaluated);
            return Tagged(i);
        }, 2).Take(10).ToList();

        Assert.Equal(10, first.Count);

        // At most the window of blocks ahead (2 x workers blocks of 256) is read, and evaluation ends with it.
        Thread.Sleep(200);
        var evaluatedAfterStop = Volatile.Read(ref evaluated);
        Thread.Sleep(200);
        Assert.InRange(read, 10, 4 * 256);
        Assert.Equal(evaluatedAfterStop, Volatile.Read(ref evaluated));
        Assert.InRange(evaluatedAfterStop, 10, 4 * 256);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
