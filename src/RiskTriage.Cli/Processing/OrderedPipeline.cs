using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace RiskTriage.Cli.Processing;

/// <summary>
/// Maps a stream of items in parallel while keeping their order: a reader thread cuts the input into
/// chunks, up to <c>parallelism</c> chunks are mapped at once on the thread pool, and the calling thread
/// consumes the results chunk by chunk in input order. At most about three chunks per worker are alive at
/// any time, and a chunk is cut at <see cref="DefaultChunkSize"/> items or, when the items are weighed (a case by its
/// text's length), at <see cref="MaxChunkWeight"/>, so memory stays flat however long the input is and however large
/// its items.
/// </summary>
internal static class OrderedPipeline
{
    public const int DefaultChunkSize = 512;

    /// <summary>
    /// The most weight (for cases: characters of text) one chunk holds: a chunk of 512 cases near the 4 Mi-character
    /// case limit would otherwise hold 4 GiB of text.
    /// </summary>
    public const long MaxChunkWeight = 8L * 1024 * 1024;

    /// <summary>The most chunks mapped at once (<c>--parallel</c>): far more than any machine has cores, few enough to bound the queue.</summary>
    public const int MaxParallelism = 1024;

    /// <summary>Checks a <c>--parallel</c> value.</summary>
    /// <exception cref="CliException">The value is below 1 or above <see cref="MaxParallelism"/>.</exception>
    public static void CheckParallelism(int parallelism)
    {
        if (parallelism is < 1 or > MaxParallelism)
        {
            throw new CliException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"--parallel must be between 1 and {MaxParallelism:N0} (got {parallelism:N0}); it is how many cores to use"));
        }
    }

    /// <summary>Maps <paramref name="source"/> with <paramref name="map"/> on up to <paramref name="parallelism"/> threads and consumes the results in input order.</summary>
    /// <param name="weigh">An item's weight towards <see cref="MaxChunkWeight"/> (e.g. a case's length); null to cut chunks by count alone.</param>
    /// <param name="onChunk">Called on the reader thread with each chunk's item count as it is cut (for tests).</param>
    public static void Run<TIn, TOut>(IEnumerable<TIn> source, Func<TIn, TOut> map, Action<TOut> consume, int parallelism,
        Func<TIn, long>? weigh = null, int chunkSize = DefaultChunkSize, Action<int>? onChunk = null) =>
        RunChunks(
            source,
            items =>
            {
                var results = new TOut[items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    results[i] = map(items[i]);
                }

                return results;
            },
            results =>
            {
                foreach (var result in results)
                {
                    consume(result);
                }
            },
            parallelism,
            weigh,
            chunkSize,
            onChunk);

    /// <summary>
    /// Maps <paramref name="source"/> a whole chunk at a time with <paramref name="mapChunk"/> on up to
    /// <paramref name="parallelism"/> threads and consumes the chunks' results in input order: for a consumer that
    /// does better with one result per chunk (e.g. one write of a chunk's output) than with one per item.
    /// </summary>
    /// <param name="mapChunk">Maps the items of one chunk, in order; runs on the thread pool, several chunks at once.</param>
    /// <param name="consume">Takes each chunk's result, in input order, on the calling thread.</param>
    /// <param name="weigh">An item's weight towards <see cref="MaxChunkWeight"/> (e.g. a case's length); null to cut chunks by count alone.</param>
    /// <param name="onChunk">Called on the reader thread with each chunk's item count as it is cut (for tests).</param>
    /// <param name="stages">Where the reader thread's time goes (<see cref="Stage.Cut"/>, <see cref="Stage.HandOff"/>); null to measure nothing.</param>
    public static void RunChunks<TIn, TChunk>(IEnumerable<TIn> source, Func<TIn[], TChunk> mapChunk, Action<TChunk> consume, int parallelism,
        Func<TIn, long>? weigh = null, int chunkSize = DefaultChunkSize, Action<int>? onChunk = null, StageTimes? stages = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parallelism, MaxParallelism);
        var queue = new BlockingCollection<Task<TChunk>>(boundedCapacity: parallelism + 1);
        var slots = new SemaphoreSlim(parallelism);
        var cancel = new CancellationTokenSource();
        Exception? readError = null;

        var reader = Task.Factory.StartNew(() =>
        {
            StageTimes.Section? section = null;
            try
            {
                section = stages?.Begin("reader thread", Stage.HandOff);
                var chunk = new List<TIn>(chunkSize);
                var weight = 0L;
                foreach (var item in source)
                {
                    section?.Lap(Stage.Cut);
                    chunk.Add(item);
                    weight += weigh?.Invoke(item) ?? 0;
                    if (chunk.Count == chunkSize || weight >= MaxChunkWeight)
                    {
                        section?.Mark(Stage.Cut);
                        Submit(chunk.ToArray());
                        section?.Mark(Stage.HandOff);
                        chunk.Clear();
                        weight = 0;
                    }

                    section?.Lap(Stage.HandOff);
                }

                if (chunk.Count > 0)
                {
                    Submit(chunk.ToArray());
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // The consumer stopped; nothing more to read.
            }
            catch (Exception e)
            {
                readError = e;
            }
            finally
            {
                // First: whatever happens after, the consumer must see the end of the chunks or it waits for ever.
                queue.CompleteAdding();
                section?.End();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        void Submit(TIn[] items)
        {
            onChunk?.Invoke(items.Length);
            slots.Wait(cancel.Token);
            var task = Task.Run(() =>
            {
                try
                {
                    return mapChunk(items);
                }
                finally
                {
                    slots.Release();
                }
            });
            queue.Add(task, cancel.Token);
        }

        try
        {
            foreach (var task in queue.GetConsumingEnumerable())
            {
                consume(task.GetAwaiter().GetResult());
            }
        }
        catch
        {
            // The consumer stopped (e.g. its output was closed): no more chunks are read or mapped. The reader is not
            // waited for, as it may be blocked on input that never comes; it ends at its next chunk.
            cancel.Cancel();
            throw;
        }

        reader.Wait();

        if (readError is not null)
        {
            ExceptionDispatchInfo.Throw(readError);
        }
    }
}
