using RiskTriage.Cli.Processing;

namespace RiskTriage.Cli.Tests.Processing;

/// <summary>
/// The pipeline keeps input order and cuts its chunks by count and, for weighed items, by weight: a run of large cases
/// must not gather 512 of them (4 GiB of text near the case-size limit) into one chunk.
/// </summary>
public class OrderedPipelineTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Results_come_in_input_order(int parallelism)
    {
        var results = new List<int>();
        OrderedPipeline.Run(Enumerable.Range(0, 5_000), i => i * 2, results.Add, parallelism);

        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => i * 2), results);
    }

    [Fact]
    public void Light_items_are_cut_into_chunks_by_count()
    {
        var chunks = new List<int>();
        OrderedPipeline.Run(Enumerable.Range(0, 1_100), i => i, _ => { }, 1, weigh: _ => 10, onChunk: chunks.Add);

        Assert.Equal([OrderedPipeline.DefaultChunkSize, OrderedPipeline.DefaultChunkSize, 1_100 - (2 * OrderedPipeline.DefaultChunkSize)], chunks);
    }

    [Fact]
    public void Heavy_items_are_cut_into_chunks_by_weight()
    {
        // Cases of 3 Mi characters each: no chunk may hold more than MaxChunkWeight of them past the one that fills it.
        const long caseLength = 3L * 1024 * 1024;
        var chunks = new List<int>();
        var results = new List<int>();
        OrderedPipeline.Run(Enumerable.Range(0, 20), i => i, results.Add, 2, weigh: _ => caseLength, onChunk: chunks.Add);

        Assert.Equal(Enumerable.Range(0, 20), results);
        Assert.All(chunks, count => Assert.True(count * caseLength <= OrderedPipeline.MaxChunkWeight + caseLength, $"a chunk of {count} cases"));
        Assert.Equal(20, chunks.Sum());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Whole_chunks_are_mapped_on_workers_and_consumed_in_input_order(int parallelism)
    {
        var chunks = new List<int[]>();
        var consumer = Environment.CurrentManagedThreadId;
        var mappedOnConsumer = false;
        OrderedPipeline.RunChunks(
            Enumerable.Range(0, 2_000),
            items =>
            {
                mappedOnConsumer |= Environment.CurrentManagedThreadId == consumer;
                return items.Select(i => i * 3).ToArray();
            },
            chunks.Add,
            parallelism,
            chunkSize: 100);

        Assert.False(mappedOnConsumer);
        Assert.All(chunks, chunk => Assert.Equal(100, chunk.Length));
        Assert.Equal(Enumerable.Range(0, 2_000).Select(i => i * 3), chunks.SelectMany(c => c));
    }
}
