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
    [InlineData(31, 2)]
    [InlineData(32, 2)]
    [InlineData(33, 3)]
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

    [Theory]
    [InlineData(0, 2, 32)]
    [InlineData(1, 2, 32)]
    [InlineData(31, 2, 32)]
    [InlineData(32, 2, 32)]
    [InlineData(33, 3, 32)]
    [InlineData(257, 3, 32)]
    [InlineData(5_000, 2, 32)]
    [InlineData(10_000, 2, 1)]
    [InlineData(10_000, 3, 7)]
    [InlineData(10_000, 2, 4_096)]
    [InlineData(20_000, 8, 32)]
    public void Decisions_for_an_array_come_in_input_order(int count, int workers, int blockSize)
    {
        // An array is read by index where its blocks are evaluated, not copied into blocks by the caller.
        var cases = Enumerable.Range(0, count).ToArray();
        var decisions = OrderedBatch<int>.Run(cases, i =>
        {
            if (i % 97 == 0)
            {
                Thread.SpinWait(20_000);
            }

            return Tagged(i);
        }, workers, null, blockSize).ToList();

        Assert.Equal(cases.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), decisions.Select(d => d.CaseId));
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
    public void The_caller_evaluates_later_blocks_while_a_helper_holds_the_next_one()
    {
        var caller = Environment.CurrentManagedThreadId;
        var helperBlock = -1;
        var overlaps = 0;
        var byHelpers = 0;
        var block = OrderedBatch<int>.BlockSize;
        var cases = 320 * block;

        // Helpers are slow, the caller fast: the caller soon waits for a block a helper holds, and must take a later
        // block meanwhile rather than sleep.
        var count = OrderedBatch<int>.Run(Enumerable.Range(0, cases), i =>
        {
            if (Environment.CurrentManagedThreadId == caller)
            {
                // A helper is a thread-pool task: under a busy test runner it may start late (until then the caller
                // evaluates every block itself, which is the point of the design). Wait for it once.
                if (i % block == 0 && Volatile.Read(ref byHelpers) == 0)
                {
                    Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref byHelpers) > 0, TimeSpan.FromSeconds(30)), "no helper started");
                }

                var held = Volatile.Read(ref helperBlock);
                if (held >= 0 && i / block > held)
                {
                    Interlocked.Increment(ref overlaps);
                }

                // Long enough in all for a helper task to start.
                Thread.SpinWait(300);
            }
            else
            {
                Interlocked.Increment(ref byHelpers);
                Volatile.Write(ref helperBlock, i / block);
                Thread.SpinWait(3_000);
                if (i % block == block - 1)
                {
                    Volatile.Write(ref helperBlock, -1);
                }
            }

            return Tagged(i);
        }, 2).Count();

        Assert.Equal(cases, count);
        Assert.True(overlaps > 0, $"the caller never evaluated a later block while a helper held the next one (helpers evaluated {byHelpers} cases)");
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(4, false)]
    [InlineData(2, true)]
    [InlineData(4, true)]
    public void An_exception_is_thrown_after_every_earlier_decision_and_before_any_later_one(int workers, bool array)
    {
        // An array is read by index where its blocks are evaluated; any other source is read into blocks by the caller.
        var cases = array ? Enumerable.Range(0, 5_000).ToArray() : Enumerable.Range(0, 5_000);
        var yielded = new List<string?>();
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var decision in OrderedBatch<int>.Run(cases, i => i == 3_000 ? throw new InvalidOperationException("case 3000") : Tagged(i), workers))
            {
                yielded.Add(decision.CaseId);
            }
        });

        Assert.Equal("case 3000", error.Message);
        Assert.Equal(Enumerable.Range(0, 3_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), yielded);
    }

    [Fact]
    public void A_failed_case_comes_before_a_later_failure_of_the_source_as_in_a_sequential_batch()
    {
        var yielded = 0;
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var decision in OrderedBatch<int>.Run(BreaksAfter(1_100), i => i == 300 ? throw new InvalidOperationException("case 300") : Tagged(i), 2))
            {
                yielded++;
            }
        });

        Assert.Equal("case 300", error.Message);
        Assert.Equal(300, yielded);
    }

    [Fact]
    public void An_exception_from_the_source_reaches_the_caller()
    {
        var yielded = 0;
        var error = Assert.Throws<IOException>(() =>
        {
            foreach (var decision in OrderedBatch<int>.Run(BreaksAfter(1_000), Tagged, 2))
            {
                yielded++;
            }
        });

        Assert.Equal("source broke", error.Message);

        // Every case read before the source failed is evaluated and yielded first.
        Assert.Equal(1_000, yielded);
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

        // Only the window was read, so at most that is ever evaluated, however late the helpers finish their current block.
        var window = OrderedBatch<int>.CasesInFlight(2);
        Assert.InRange(read, 10, window);
        Assert.True(Settles(() => Volatile.Read(ref evaluated)), "evaluation went on after the caller stopped");
        Assert.InRange(Volatile.Read(ref evaluated), 10, window);
        Assert.Equal(window, read);
    }

    [Fact]
    public void Stopping_early_stops_evaluating_an_array()
    {
        var evaluated = 0;
        var first = OrderedBatch<int>.Run(Enumerable.Range(0, 1_000_000).ToArray(), i =>
        {
            Interlocked.Increment(ref evaluated);
            return Tagged(i);
        }, 2).Take(10).ToList();

        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), first.Select(d => d.CaseId));
        Assert.True(Settles(() => Volatile.Read(ref evaluated)), "evaluation went on after the caller stopped");
        Assert.InRange(Volatile.Read(ref evaluated), 10, OrderedBatch<int>.CasesInFlight(2));
    }

    [Fact]
    public void A_slow_consumer_holds_only_a_small_window_of_decisions()
    {
        // Every decision evaluated and not yet yielded is alive at a gen-0 collection and gets promoted: with the
        // consumer slower than the helper, the helper runs ahead until the window is full, and no further.
        var evaluated = 0;
        var most = 0;
        var yielded = 0;
        foreach (var decision in OrderedBatch<int>.Run(Enumerable.Range(0, 20_000), i =>
        {
            var ahead = Interlocked.Increment(ref evaluated) - Volatile.Read(ref yielded);
            InterlockedMax(ref most, ahead);
            return Tagged(i);
        }, 2))
        {
            Thread.SpinWait(500);
            Volatile.Write(ref yielded, yielded + 1);
        }

        Assert.Equal(20_000, yielded);

        // 256 decisions of the probation rule set are about 150 KB, beside a gen 0 of a few MB.
        Assert.InRange(most, 1, 256);
        Assert.Equal(256, OrderedBatch<int>.CasesInFlight(2));
    }

    [Fact]
    public void Each_enumeration_of_the_result_is_a_batch_of_its_own()
    {
        var evaluated = 0;
        var batch = OrderedBatch<int>.Run(Enumerable.Range(0, 1_000), i =>
        {
            Interlocked.Increment(ref evaluated);
            return Tagged(i);
        }, 4);

        var first = batch.Select(d => d.CaseId).ToList();
        var second = batch.Select(d => d.CaseId).ToList();

        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), first);
        Assert.Equal(first, second);
        Assert.Equal(2_000, evaluated);

        // Two enumerators side by side do not share anything either.
        using var a = batch.GetEnumerator();
        using var b = batch.GetEnumerator();
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(a.MoveNext() && b.MoveNext());
            Assert.Equal(a.Current.CaseId, b.Current.CaseId);
        }
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1 << 30)]
    [InlineData(0)]
    [InlineData(-5)]
    public void Any_number_of_workers_is_taken_within_bounds(int workers)
    {
        var decisions = OrderedBatch<int>.Run(Enumerable.Range(0, 3_000), Tagged, workers).ToList();

        Assert.Equal(Enumerable.Range(0, 3_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), decisions.Select(d => d.CaseId));
    }

    /// <summary>The counters the batch benchmark's report reads: every block is counted once, by the thread that evaluated it.</summary>
    [Theory]
    [InlineData(1, 2)]
    [InlineData(10_000, 2)]
    [InlineData(10_001, 3)]
    [InlineData(5_000, 1)]
    public void The_counters_account_for_every_block_once(int count, int workers)
    {
        var counters = new BatchCounters();
        var evaluatedBy = new ConcurrentDictionary<int, int>();
        var decisions = OrderedBatch<int>.Run(Enumerable.Range(0, count), i =>
        {
            evaluatedBy.AddOrUpdate(Environment.CurrentManagedThreadId, 1, (_, n) => n + 1);
            return Tagged(i);
        }, workers, counters).Count();

        Assert.Equal(count, decisions);
        Assert.True(SpinWait.SpinUntil(() => counters.Settled, TimeSpan.FromSeconds(30)), "a helper never ended");
        var blocks = (count + OrderedBatch<int>.BlockSize - 1) / OrderedBatch<int>.BlockSize;
        Assert.Equal(blocks, counters.CallerBlocks + counters.HelperBlocks);
        if (workers == 1)
        {
            Assert.Equal(0, counters.HelperStarts);
            Assert.Equal(0, counters.HelperBlocks);
        }
        else
        {
            Assert.InRange(counters.HelperStarts, 1, blocks);
        }

        // Blocks evaluated by the caller are the cases evaluated on the enumerating thread, give or take the last block.
        var caller = evaluatedBy.GetValueOrDefault(Environment.CurrentManagedThreadId);
        Assert.InRange(caller, (counters.CallerBlocks - 1) * OrderedBatch<int>.BlockSize, counters.CallerBlocks * OrderedBatch<int>.BlockSize);
        Assert.True(counters.CallerWaitTicks >= 0 && counters.HelperIdleTicks >= 0);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(7, 3)]
    [InlineData(4_096, 2)]
    public void Decisions_come_in_input_order_with_any_block_size(int blockSize, int workers)
    {
        var decisions = OrderedBatch<int>.Run(Enumerable.Range(0, 10_000), i =>
        {
            if (i % 89 == 0)
            {
                Thread.SpinWait(5_000);
            }

            return Tagged(i);
        }, workers, null, blockSize).ToList();

        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), decisions.Select(d => d.CaseId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4_097)]
    public void A_block_size_out_of_range_is_refused_when_the_batch_is_asked_for(int blockSize)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OrderedBatch<int>.Run(Enumerable.Range(0, 10), Tagged, 2, null, blockSize));
        Assert.Equal("blockSize", error.ParamName);
    }

    /// <summary>
    /// The caller blocks in the kernel only when the next block in order is held by a helper and nothing is left to
    /// take; whoever finishes a block then wakes it. Helpers that are often slow make the caller block many times: a
    /// lost wake would hang the batch (the guard fails it instead). On a loaded machine the caller itself can be off its
    /// core for every one of a helper's slow blocks in one batch (seen: 7 helper blocks, no wait), so the batch is run
    /// again, up to five times, until the caller has blocked at least once.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_caller_blocked_for_the_next_block_is_woken_every_time(int workers)
    {
        long helperBlocks = 0, callerWaits = 0;
        for (var batchRun = 0; batchRun < 5 && (helperBlocks == 0 || callerWaits == 0); batchRun++)
        {
            var counters = new BatchCounters();
            var batch = Task.Run(() =>
            {
                var caller = Environment.CurrentManagedThreadId;
                return OrderedBatch<int>.Run(Enumerable.Range(0, 20_000), i =>
                {
                    if (i % 50 == 0 && Environment.CurrentManagedThreadId != caller)
                    {
                        Thread.Sleep(1);
                    }

                    return Tagged(i);
                }, workers, counters).Select(d => d.CaseId).ToList();
            });

            Assert.True(await Task.WhenAny(batch, Task.Delay(TimeSpan.FromMinutes(2))) == batch, "the batch hung: a caller blocked for the next block was not woken");
            var decisions = await batch;
            Assert.Equal(Enumerable.Range(0, 20_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), decisions);
            Assert.True(SpinWait.SpinUntil(() => counters.Settled, TimeSpan.FromSeconds(30)), "a helper never ended");
            helperBlocks += counters.HelperBlocks;
            callerWaits += counters.CallerWaits;
        }

        Assert.True(helperBlocks == 0 || callerWaits > 0, $"helpers evaluated {helperBlocks} blocks in five batches, sleeping in them, and the caller never blocked");
    }

    /// <summary>
    /// The race a lost wake would need (the caller announces it will block while the block it waits for is being
    /// finished) is nanoseconds wide: blocks of one trivial case, several helpers and many hand-offs give it as many
    /// chances as a test can afford. Probabilistic by nature; a hang fails the guard rather than the test runner.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Many_tiny_blocks_never_lose_a_wake(int workers)
    {
        var batch = Task.Run(() =>
        {
            for (var run = 0; run < 5; run++)
            {
                var next = 0;
                foreach (var decision in OrderedBatch<int>.Run(Enumerable.Range(0, 50_000), Tagged, workers, null, blockSize: 1))
                {
                    Assert.Equal(next++.ToString(System.Globalization.CultureInfo.InvariantCulture), decision.CaseId);
                }

                Assert.Equal(50_000, next);
            }
        });

        Assert.True(await Task.WhenAny(batch, Task.Delay(TimeSpan.FromMinutes(2))) == batch, "the batch hung: a wake was lost");
        await batch;
    }

    /// <summary>
    /// A helper throws while the caller is blocked for that very block: the caller is woken, yields every decision
    /// before the failed case and then throws its exception, as a sequential batch would.
    /// </summary>
    [Fact]
    public async Task A_helper_that_throws_while_the_caller_waits_for_its_block_wakes_the_caller_with_the_exception()
    {
        var counters = new BatchCounters();
        var failed = -1;
        var helperStarted = 0;
        var yielded = new List<string?>();
        var batch = Task.Run(() =>
        {
            var caller = Environment.CurrentManagedThreadId;
            foreach (var decision in OrderedBatch<int>.Run(Enumerable.Range(0, 100_000), i =>
            {
                if (Environment.CurrentManagedThreadId == caller)
                {
                    // A helper is a thread-pool task that may start late under a busy test runner: wait for it once.
                    if (i == 0)
                    {
                        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref helperStarted) > 0, TimeSpan.FromSeconds(30)), "no helper started");
                    }

                    return Tagged(i);
                }

                if (Interlocked.Exchange(ref helperStarted, 1) == 0)
                {
                    // The first case a helper takes: long enough for the caller to run out of other blocks and block.
                    Thread.Sleep(300);
                    Volatile.Write(ref failed, i);
                    throw new InvalidOperationException($"case {i}");
                }

                return Tagged(i);
            }, 2, counters))
            {
                yielded.Add(decision.CaseId);
            }
        });

        Assert.True(await Task.WhenAny(batch, Task.Delay(TimeSpan.FromMinutes(2))) == batch, "the batch hung after a helper threw");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => batch);
        Assert.Equal($"case {failed}", error.Message);
        Assert.Equal(Enumerable.Range(0, failed).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), yielded);
        Assert.True(counters.CallerWaits > 0, "the caller never blocked for the helper's block");
    }

    /// <summary>A caller that stops after it was woken from a wait stops the helpers too: nothing beyond the window is read or evaluated.</summary>
    [Fact]
    public void A_caller_that_stops_after_a_wait_stops_reading_and_evaluating()
    {
        var read = 0;
        var evaluated = 0;
        var helperStarted = 0;
        var counters = new BatchCounters();

        IEnumerable<int> Source()
        {
            for (var i = 0; i < 1_000_000; i++)
            {
                Interlocked.Increment(ref read);
                yield return i;
            }
        }

        var caller = Environment.CurrentManagedThreadId;
        var taken = 0;
        foreach (var decision in OrderedBatch<int>.Run(Source(), i =>
        {
            Interlocked.Increment(ref evaluated);
            if (Environment.CurrentManagedThreadId == caller)
            {
                if (i == 0)
                {
                    Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref helperStarted) > 0, TimeSpan.FromSeconds(30)), "no helper started");
                }
            }
            else if (Interlocked.Exchange(ref helperStarted, 1) == 0)
            {
                Thread.Sleep(200);
            }

            return Tagged(i);
        }, 2, counters))
        {
            // Stop at the first decision that needed the caller to block for a helper.
            taken++;
            if (counters.CallerWaits > 0)
            {
                break;
            }
        }

        Assert.True(counters.CallerWaits > 0, "the caller never blocked for the helper's block");
        var window = OrderedBatch<int>.CasesInFlight(2);
        Assert.True(Settles(() => Volatile.Read(ref evaluated)), "evaluation went on after the caller stopped");
        Assert.InRange(Volatile.Read(ref read), taken, taken + window);
        Assert.InRange(Volatile.Read(ref evaluated), taken, Volatile.Read(ref read));
        Assert.True(SpinWait.SpinUntil(() => counters.Settled, TimeSpan.FromSeconds(30)), "a helper went on after the caller stopped");
    }

    /// <summary>Whether <paramref name="evaluated"/> stops changing (for 50 ms) within 30 seconds.</summary>
    private static bool Settles(Func<int> evaluated) => SpinWait.SpinUntil(() =>
    {
        var before = evaluated();
        Thread.Sleep(50);
        return evaluated() == before;
    }, TimeSpan.FromSeconds(30));

    /// <summary>A source of <paramref name="count"/> cases that then throws.</summary>
    private static IEnumerable<int> BreaksAfter(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return i;
        }

        throw new IOException("source broke");
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
