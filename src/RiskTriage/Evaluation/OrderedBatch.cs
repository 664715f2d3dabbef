using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace RiskTriage.Evaluation;

/// <summary>
/// Evaluates a batch on several threads and yields the decisions in input order.
/// <para>
/// The calling thread reads the cases into blocks (only it ever enumerates the source, so a source that is not
/// thread-safe is safe; an array is not enumerated, see <see cref="_array"/>), keeps a window of blocks ahead of the
/// one it yields, and evaluates blocks itself whenever the next block in order is not done yet; <c>workers - 1</c>
/// helper tasks evaluate the other blocks. So at most <c>workers</c> threads evaluate at once, the caller is never a
/// third thread asleep while two others work (on two cores it was woken once per block, and decisions waited for it),
/// and no block is handed to a scheduler. Handing a block over is a flag on a cache line of its own: the caller spins a
/// little for the next block in order only when nothing else is left to take, and blocks in the kernel (to be woken by
/// whoever finishes a block) only after that.
/// </para>
/// <para>
/// Only the blocks in the window are held, so memory stays flat on any batch size. An exception from evaluating a
/// case, or from the source, reaches the caller where a sequential batch would throw it: after every decision before
/// it, and before any after it. A caller that stops enumerating early stops the helpers after their current block.
/// Each enumeration of the result is a batch of its own.
/// </para>
/// </summary>
internal sealed class OrderedBatch<T>
{
    // Every decision evaluated and not yet yielded is alive when a gen-0 collection runs, and is promoted: the cases in
    // flight (the window) must stay small beside gen 0 (a few MB on a small cache: 300 collections for 1,000,000
    // decisions of 600 bytes). With 2 workers, a window of 4 blocks of 256 cases (600 KB in flight) made a quarter of
    // the collections gen-1 and held the parallel batch to 1.3-1.5x sequential. Small blocks keep the window small in
    // cases yet many blocks deep, so a thread that finds the next block in order taken still has later blocks to take.
    internal const int BlockSize = 32;

    private readonly int _blockSize;

    /// <summary>Blocks in the window per worker (32 cases each: 128 cases, about 75 KB of decisions, per worker).</summary>
    private const int BlocksPerWorker = 4;

    private readonly Func<T, Decision> _evaluate;

    /// <summary>
    /// The source when it is an array (else null): its blocks are then ranges of indexes, and whoever evaluates a block
    /// reads its cases from the array (reading an array is thread-safe). The cases never pass through the caller, whose
    /// core otherwise writes each case's reference into the block for the other core to read, a cache line moved per 8
    /// cases each way.
    /// </summary>
    private readonly T[]? _array;

    private readonly int _helpers;
    private readonly Block?[] _window;
    private readonly BatchCounters? _counters;

    // Blocks read from the source so far (written by the caller only) and blocks claimed for evaluation so far (by
    // the caller or a helper). Block n lives in _window[n % _window.Length] until it is yielded. Each counter the
    // threads write once per block has a cache line of its own, so writing one does not take the line holding the
    // other, or the fields every thread only reads, from another core.
    private PaddedCounter _filled;
    private PaddedCounter _claimed;

    // While the caller is blocked in the kernel for the next block in order (see WaitFor), that block's number + 1
    // (0 otherwise); whoever finishes that block wakes it, and no other block's end does. Otherwise finishing a block
    // is one write to its flag: no event is set or reset per block.
    private PaddedCounter _callerBlocked;
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private int _running;
    private volatile bool _stopped;

    /// <summary>How long an idle helper waits for a block before it ends (<see cref="SpinWait.SpinOnce(int)"/> calls).</summary>
    private const int IdleSpins = 30;

    /// <summary>
    /// How long the caller spins for the next block in order, with nothing else to take, before it blocks in the
    /// kernel (<see cref="SpinWait.SpinOnce(int)"/> calls that only spin: a few microseconds in all). A block takes tens
    /// of microseconds, so this catches only one about to finish; a kernel wait and wake costs both threads more.
    /// </summary>
    private const int CallerSpins = 10;

    /// <summary>More threads than this are not started, whatever is asked for (the window grows with the threads).</summary>
    internal const int MaxWorkers = 1_024;

    /// <summary>The most cases read and not yet yielded (so the most decisions held) with <paramref name="workers"/> threads.</summary>
    internal static int CasesInFlight(int workers) => BlocksPerWorker * BlockSize * Math.Clamp(workers, 1, MaxWorkers);

    private OrderedBatch(IEnumerable<T> cases, Func<T, Decision> evaluate, int workers, BatchCounters? counters, int blockSize)
    {
        _array = cases as T[];
        _evaluate = evaluate;
        _blockSize = blockSize;
        _helpers = workers - 1;
        _window = new Block?[BlocksPerWorker * workers];
        _counters = counters;
    }

    /// <summary>
    /// The decisions for <paramref name="cases"/>, in input order, evaluated by at most <paramref name="workers"/>
    /// threads (the caller's included); <paramref name="counters"/>, if given, is told who evaluated the blocks and
    /// how long each thread waited (the batch benchmark's report).
    /// </summary>
    public static IEnumerable<Decision> Run(IEnumerable<T> cases, Func<T, Decision> evaluate, int workers, BatchCounters? counters = null) =>
        Run(cases, evaluate, workers, counters, BlockSize);

    /// <summary>
    /// <see cref="Run(IEnumerable{T}, Func{T, Decision}, int, BatchCounters?)"/> with blocks of <paramref name="blockSize"/>
    /// cases (1 to 4,096) instead of <see cref="BlockSize"/>: for the batch report, which measures the cost of a block's
    /// hand-off from how the processor time changes with the number of blocks.
    /// </summary>
    internal static IEnumerable<Decision> Run(IEnumerable<T> cases, Func<T, Decision> evaluate, int workers, BatchCounters? counters, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSize, 4_096);
        return RunBatch(cases, evaluate, workers, counters, blockSize);
    }

    private static IEnumerable<Decision> RunBatch(IEnumerable<T> cases, Func<T, Decision> evaluate, int workers, BatchCounters? counters, int blockSize)
    {
        // A batch per enumeration: enumerating the result twice evaluates the cases twice, as a sequential batch does.
        foreach (var decision in new OrderedBatch<T>(cases, evaluate, Math.Clamp(workers, 1, MaxWorkers), counters, blockSize).Yield(cases))
        {
            yield return decision;
        }
    }

    private IEnumerable<Decision> Yield(IEnumerable<T> cases)
    {
        using var source = _array is null ? cases.GetEnumerator() : null;
        var more = true;
        ExceptionDispatchInfo? sourceError = null;
        long head = 0;
        try
        {
            while (true)
            {
                // Read ahead until the window is full, so helpers always have blocks to take.
                while (more && _filled.Value - head < _window.Length)
                {
                    var slot = (int)(_filled.Value % _window.Length);
                    var block = _window[slot] ??= new Block(_blockSize, _array is null);
                    var count = 0;
                    if (_array is null)
                    {
                        while (count < _blockSize && (more = TryRead(source!, ref sourceError, out var item)))
                        {
                            block.Items[count++].Case = item;
                        }
                    }
                    else
                    {
                        // Every block before this one is full.
                        block.Start = (int)(_filled.Value * _blockSize);
                        count = Math.Min(_blockSize, _array.Length - block.Start);
                        more = block.Start + count < _array.Length;
                    }

                    if (count == 0)
                    {
                        break;
                    }

                    block.Reset(count);
                    Interlocked.Increment(ref _filled.Value);
                    if (StartHelper() && _counters is not null)
                    {
                        _counters.HelperStarts++;
                    }
                }

                if (head == _filled.Value)
                {
                    // Every case read before the source failed has been yielded.
                    sourceError?.Throw();
                    yield break;
                }

                // While the next block in order is being evaluated elsewhere, evaluate a later one here.
                var current = _window[(int)(head % _window.Length)]!;
                var spin = default(SpinWait);
                while (!current.IsDone)
                {
                    if (TryClaim(out var n))
                    {
                        Evaluate(n);
                        spin.Reset();
                        if (_counters is not null)
                        {
                            _counters.CallerBlocks++;
                        }
                    }
                    else if (spin.Count < CallerSpins)
                    {
                        spin.SpinOnce(sleep1Threshold: -1);
                    }
                    else if (_counters is null)
                    {
                        WaitFor(current, head);
                    }
                    else
                    {
                        var start = Stopwatch.GetTimestamp();
                        WaitFor(current, head);
                        _counters.CallerWaits++;
                        _counters.CallerWaitTicks += Stopwatch.GetTimestamp() - start;
                    }
                }

                // A block that failed gives the decisions before the failed case, then the exception.
                var ready = current.Error is null ? current.Count : current.Failed;
                for (var i = 0; i < ready; i++)
                {
                    var decision = current.Results[i].Decision;

                    // Nothing yielded stays referenced by the window.
                    current.Results[i].Decision = null!;
                    if (_array is null)
                    {
                        current.Items[i].Case = default!;
                    }

                    yield return decision;
                }

                current.Error?.Throw();
                head++;
            }
        }
        finally
        {
            _stopped = true;
        }
    }

    /// <summary>The source's next case; an exception from the source ends the reading and is kept to be thrown in its place.</summary>
    private static bool TryRead(IEnumerator<T> source, ref ExceptionDispatchInfo? error, out T item)
    {
        try
        {
            if (source.MoveNext())
            {
                item = source.Current;
                return true;
            }
        }
        catch (Exception e)
        {
            error = ExceptionDispatchInfo.Capture(e);
        }

        item = default!;
        return false;
    }

    /// <summary>
    /// Blocks the caller in the kernel until <paramref name="block"/> (block number <paramref name="n"/>) may be done
    /// (a late wake from an earlier wait can end this one early: the caller looks again either way). The caller
    /// announces the block it waits for and then looks at it, the evaluating thread marks the block and then looks for
    /// a caller waiting for it (each with a full fence between), so one of them sees the other: the wake cannot be
    /// lost. With more than one helper, the ends of other blocks do not wake the caller, which could not go on.
    /// </summary>
    private void WaitFor(Block block, long n)
    {
        _wake.Reset();
        Interlocked.Exchange(ref _callerBlocked.Value, n + 1);
        if (!block.IsDone)
        {
            _wake.Wait();
        }

        Volatile.Write(ref _callerBlocked.Value, 0);
    }

    private bool TryClaim(out long n)
    {
        while (true)
        {
            n = Volatile.Read(ref _claimed.Value);
            if (n >= Volatile.Read(ref _filled.Value))
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _claimed.Value, n + 1, n) == n)
            {
                return true;
            }
        }
    }

    private void Evaluate(long n)
    {
        var block = _window[(int)(n % _window.Length)]!;
        var array = _array;
        var i = 0;
        try
        {
            for (; i < block.Count; i++)
            {
                block.Results[i].Decision = _evaluate(array is null ? block.Items[i].Case : array[block.Start + i]);
            }
        }
        catch (Exception e)
        {
            block.Error = ExceptionDispatchInfo.Capture(e);
            block.Failed = i;
        }

        block.MarkDone();
        if (Volatile.Read(ref _callerBlocked.Value) == n + 1)
        {
            _wake.Set();
        }
    }

    /// <summary>Starts a helper task if fewer than <c>workers - 1</c> are running; whether it started one.</summary>
    private bool StartHelper()
    {
        while (true)
        {
            var running = Volatile.Read(ref _running);
            if (running >= _helpers)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _running, running + 1, running) == running)
            {
                _counters?.HelperRunning();
                Task.Factory.StartNew(static state => ((OrderedBatch<T>)state!).Help(), this,
                    CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
                return true;
            }
        }
    }

    /// <summary>
    /// A helper takes blocks in order until none is left, then ends (the caller starts another when it reads more).
    /// Before it ends it spins and yields for about a block's work: when every block in the window is taken, the next
    /// one comes as soon as the caller has yielded the block in order, and a helper that waits for it here costs less
    /// than a new thread-pool task woken for every block.
    /// </summary>
    private void Help()
    {
        // Counted locally and added to the counters once, at the end: no shared write per block.
        long blocks = 0, idleTicks = 0, idleSince = 0, reclaims = 0;
        while (true)
        {
            var idle = default(SpinWait);
            while (!_stopped)
            {
                if (TryClaim(out var n))
                {
                    if (idleSince != 0)
                    {
                        idleTicks += Stopwatch.GetTimestamp() - idleSince;
                        idleSince = 0;
                    }

                    Evaluate(n);
                    idle.Reset();
                    blocks++;
                }
                else if (idle.Count < IdleSpins)
                {
                    if (_counters is not null && idleSince == 0)
                    {
                        idleSince = Stopwatch.GetTimestamp();
                    }

                    // Never Sleep(1): a millisecond is many blocks; Thread.Yield and Sleep(0) give the core away meanwhile.
                    idle.SpinOnce(sleep1Threshold: -1);
                }
                else
                {
                    break;
                }
            }

            if (idleSince != 0)
            {
                idleTicks += Stopwatch.GetTimestamp() - idleSince;
                idleSince = 0;
            }

            Interlocked.Decrement(ref _running);

            // The caller increments _filled and then reads _running; this decrements _running and then reads _filled
            // (both full fences). So a block read just now is seen either here (and taken) or by the caller, who
            // then starts a helper: no block waits for a helper that has gone.
            if (_stopped || Volatile.Read(ref _claimed.Value) >= Volatile.Read(ref _filled.Value))
            {
                break;
            }

            var running = Volatile.Read(ref _running);
            if (running >= _helpers || Interlocked.CompareExchange(ref _running, running + 1, running) != running)
            {
                break;
            }

            reclaims++;
        }

        _counters?.HelperEnded(blocks, idleTicks, reclaims);
    }

    /// <summary>
    /// A case in a block. Storing a reference into a <c>T[]</c> is checked against the array's element type, which reads
    /// the case's type from its header: on the caller's core, for a case that the other core then evaluates, a cache miss
    /// per case (3-4% of the parallel batch's processor time in <c>CastHelpers.StelemRef</c>, sampled). A struct's field
    /// takes the reference without looking at the object.
    /// </summary>
    private struct Item
    {
        public T Case;
    }

    /// <summary>
    /// A decision in a block, held in a struct's field for the same reason as <see cref="Item"/>: storing into a
    /// <c>Decision[]</c> goes through the covariant store's type check (<c>CastHelpers.StelemRef</c>, 1.2% of the
    /// parallel batch's samples beyond the sequential loop's, sampled); a struct's field is a plain store with its write barrier.
    /// </summary>
    private struct Result
    {
        public Decision Decision;
    }

    private sealed class Block
    {
        /// <summary>The block's cases, read from the source by the caller (none when the source is an array).</summary>
        public readonly Item[] Items;

        /// <summary>When the source is an array, the index of the block's first case in it.</summary>
        public int Start;

        public readonly Result[] Results;
        public int Count;
        public ExceptionDispatchInfo? Error;

        // The case whose evaluation threw (when Error is set).
        public int Failed;

        public Block(int size, bool copies)
        {
            Items = copies ? new Item[size] : [];
            Results = new Result[size];
        }

        // 1 once the block is evaluated (or failed): written by the evaluating thread, polled by the caller, on a cache
        // line of its own so that neither polling it nor writing a neighbouring block's takes another line away.
        private PaddedCounter _done;

        /// <summary>Whether the block is evaluated; its results (and <see cref="Error"/>) are then complete.</summary>
        public bool IsDone => Volatile.Read(ref _done.Value) != 0;

        /// <summary>Publishes the results; a full fence, so that the evaluating thread looks for a blocked caller only after.</summary>
        public void MarkDone() => Interlocked.Exchange(ref _done.Value, 1);

        /// <summary>Makes the block ready for <paramref name="count"/> newly read items; called before it is published.</summary>
        public void Reset(int count)
        {
            Count = count;
            Error = null;
            Volatile.Write(ref _done.Value, 0);
        }
    }
}

/// <summary>
/// A counter alone on its cache line: 64 bytes of padding before and after it, wherever the object holding it starts
/// (outside <see cref="OrderedBatch{T}"/>: a generic type cannot have an explicit layout).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedCounter
{
    [FieldOffset(64)]
    public long Value;
}

/// <summary>
/// What one parallel batch did, for the batch benchmark's report: which thread evaluated the blocks, and how long the
/// threads waited instead (wall time, <see cref="Stopwatch"/> ticks). Plain fields the caller writes, and totals each
/// helper adds once when it ends; read them after the batch's enumeration has ended and <see cref="Settled"/> is true.
/// </summary>
internal sealed class BatchCounters
{
    private long _helperBlocks;
    private long _helperIdleTicks;
    private long _helperRestarts;
    private int _helpersRunning;

    /// <summary>Blocks the enumerating thread evaluated itself while the next block in order was not done.</summary>
    public long CallerBlocks;

    /// <summary>Times the enumerating thread found the next block in order being evaluated elsewhere and nothing left to take, and blocked.</summary>
    public long CallerWaits;

    /// <summary>Wall time the enumerating thread was blocked so, in <see cref="Stopwatch"/> ticks.</summary>
    public long CallerWaitTicks;

    /// <summary>Helper tasks the enumerating thread started.</summary>
    public long HelperStarts;

    /// <summary>Blocks the helpers evaluated.</summary>
    public long HelperBlocks => Volatile.Read(ref _helperBlocks);

    /// <summary>Wall time the helpers spun and yielded with no block to take, in <see cref="Stopwatch"/> ticks.</summary>
    public long HelperIdleTicks => Volatile.Read(ref _helperIdleTicks);

    /// <summary>Times a helper that was about to end took a block read meanwhile instead.</summary>
    public long HelperRestarts => Volatile.Read(ref _helperRestarts);

    /// <summary>Whether every helper started has ended and added its totals.</summary>
    public bool Settled => Volatile.Read(ref _helpersRunning) == 0;

    internal void HelperRunning() => Interlocked.Increment(ref _helpersRunning);

    internal void HelperEnded(long blocks, long idleTicks, long restarts)
    {
        Interlocked.Add(ref _helperBlocks, blocks);
        Interlocked.Add(ref _helperIdleTicks, idleTicks);
        Interlocked.Add(ref _helperRestarts, restarts);
        Interlocked.Decrement(ref _helpersRunning);
    }
}
