using System.Runtime.CompilerServices;
using System.Text;
using Newtonsoft.Json.Linq;
using RiskTriage.DependencyInjection;
using RiskTriage.Diagnostics;
using RiskTriage.Probation;
using RiskTriage.Tests.Reliability;

namespace RiskTriage.Tests.RuleSets;

/// <summary>
/// The asynchronous path: EvaluateAsync, EvaluateManyAsync and LoadAsync never read synchronously, give the
/// decisions the synchronous path gives byte for byte, keep the same limits, and stop when cancelled.
/// </summary>
public sealed class AsyncEvaluationTests
{
    private static RuleSet Probation => ProbationData.RuleSet;

    private static readonly RuleSetOptions SmallCases = new() { Limits = new RuleSetLimits { MaxCaseLength = 300 } };

    private static readonly Lazy<RuleSet> ProbationSmallCases = new(() => RuleSet.Load(ProbationData.Folder, SmallCases));

    /// <summary>Valid, broken and odd single cases, each as the text a client sends.</summary>
    public static TheoryData<string> SingleCases()
    {
        var data = new TheoryData<string>();
        foreach (var example in ProbationData.Examples().Take(6))
        {
            data.Add(example.ToString(Newtonsoft.Json.Formatting.Indented));
        }

        data.Add("""{"caseId":"broken","asOfDate":"2026-06-09","gender":""");
        data.Add("""[{"caseId":"array"}]""");
        data.Add("""{"caseId":"trailing","asOfDate":"2026-06-09"} {"caseId":"second"}""");
        data.Add("""{"caseId":"wrong-type","asOfDate":"2026-06-09","rsrScore":"high"}""");
        data.Add("\uFEFF{\"caseId\":\"bom\",\"asOfDate\":\"2026-06-09\",\"gender\":\"Female\",\"rsrScore\":1.5}");
        data.Add("""{"caseId":"non-ascii é ü 😀","asOfDate":"2026-06-09"}""");
        data.Add(string.Empty);
        data.Add("   \n  ");
        return data;
    }

    [Theory]
    [MemberData(nameof(SingleCases))]
    public async Task EvaluateAsync_gives_the_decision_of_the_synchronous_stream_path_byte_for_byte_without_reading_synchronously(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        foreach (var trace in new[] { TraceDetail.None, TraceDetail.Full })
        {
            var expected = Probation.Evaluate(new MemoryStream(bytes), trace).ToJson();

            // Three bytes at a time splits multi-byte characters and the byte order mark across reads.
            var decision = await Probation.EvaluateAsync(new AsyncOnlyStream(bytes, chunk: 3), trace);

            Assert.Equal(expected, decision.ToJson());
            Assert.Equal(Probation.Evaluate(json.TrimStart('\uFEFF'), trace).ToJson(), decision.ToJson());
        }
    }

    [Fact]
    public async Task A_case_of_many_chunks_grows_the_buffer_and_is_read_whole()
    {
        // Over the first buffer's 4,096 characters, with the padding inside the case so every character counts.
        var json = "{\"caseId\":\"" + new string('x', 20_000) + "\",\"asOfDate\":\"2026-06-09\",\"gender\":\"Male\",\"rsrScore\":7.1}";
        var bytes = Encoding.UTF8.GetBytes(json);

        var decision = await Probation.EvaluateAsync(new AsyncOnlyStream(bytes, chunk: 1_000));

        Assert.Equal(Probation.Evaluate(json).ToJson(), decision.ToJson());
        Assert.Equal(new string('x', 20_000), decision.CaseId);
    }

    [Fact]
    public async Task The_case_size_limit_applies_on_the_asynchronous_path_exactly_as_on_the_synchronous_one()
    {
        var ruleSet = ProbationSmallCases.Value;
        var atLimit = """{"caseId":"c","asOfDate":"2026-06-09","gender":"Male"}""".PadRight(300);
        var overLimit = atLimit + " ";

        foreach (var json in new[] { atLimit, overLimit, overLimit + new string(' ', 5_000) })
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var decision = await ruleSet.EvaluateAsync(new AsyncOnlyStream(bytes, chunk: 7));
            Assert.Equal(ruleSet.Evaluate(new MemoryStream(bytes)).ToJson(), decision.ToJson());
        }

        var over = await ruleSet.EvaluateAsync(new AsyncOnlyStream(Encoding.UTF8.GetBytes(overLimit), chunk: 7));
        Assert.Equal(DecisionStatus.Invalid, over.Status);
        Assert.Equal("the case is more than 300 characters long; the limit is 300", Assert.Single(over.Errors).Message);
        Assert.NotEqual(DecisionStatus.Invalid, (await ruleSet.EvaluateAsync(new AsyncOnlyStream(Encoding.UTF8.GetBytes(atLimit), chunk: 7))).Status);
    }

    [Fact]
    public async Task A_stream_that_never_ends_is_read_only_to_the_limit_and_gives_an_invalid_decision()
    {
        var endless = new AsyncOnlyStream(Encoding.UTF8.GetBytes("{\"caseId\":\"c\",\"notes\":\"" + new string('a', 1_000)), chunk: 4_096, repeat: true);

        var decision = await ProbationSmallCases.Value.EvaluateAsync(endless).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Contains("the limit is 300", Assert.Single(decision.Errors).Message, StringComparison.Ordinal);
        Assert.True(endless.BytesRead <= 2 * 4_096, $"read {endless.BytesRead} bytes of a stream to find a case over 300 characters");
    }

    [Fact]
    public async Task A_cancelled_read_throws_OperationCanceledException()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var stream = new AsyncOnlyStream(Encoding.UTF8.GetBytes("""{"caseId":"c"}"""), chunk: 4);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Probation.EvaluateAsync(stream, cancellationToken: cancellation.Token));
    }

    private static List<string> NdjsonLines() =>
    [
        .. ProbationData.Examples().Take(5).Select(e => e.ToString(Newtonsoft.Json.Formatting.None)),
        """{"caseId":"broken","asOfDate":""",
        """[1, 2, 3]""",
        """{"caseId":"wrong-type","asOfDate":"2026-06-09","rsrScore":"high"}""",
        .. ProbationData.Examples().Skip(5).Take(3).Select(e => e.ToString(Newtonsoft.Json.Formatting.None)),
        """{"caseId":"last","asOfDate":"2026-06-09","gender":"Female"}""",
    ];

    [Theory]
    [InlineData("\n", 1)]
    [InlineData("\r\n", 1)]
    [InlineData("\r\n", 2)]
    [InlineData("\r", 5)]
    [InlineData("\n\n  \t\n", 16_384)]
    public async Task A_bad_line_in_an_NDJSON_batch_is_one_invalid_decision_in_order_and_no_other_case_is_lost(string lineBreak, int chunk)
    {
        var lines = NdjsonLines();
        var bytes = Encoding.UTF8.GetBytes("\uFEFF" + string.Join(lineBreak, lines));

        var decisions = await Collect(Probation.EvaluateManyAsync(new AsyncOnlyStream(bytes, chunk), TraceDetail.Summary));

        Assert.Equal(Probation.EvaluateMany(lines, new BatchOptions { Trace = TraceDetail.Summary }).Select(d => d.ToJson()), decisions.Select(d => d.ToJson()));
        Assert.Equal(lines.Count, decisions.Count);
        Assert.Equal([DecisionStatus.Invalid, DecisionStatus.Invalid, DecisionStatus.Invalid], decisions.Skip(5).Take(3).Select(d => d.Status));
        Assert.Contains("not valid JSON", decisions[5].Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("wrong-type", decisions[7].CaseId);
        Assert.All(decisions.Take(5).Concat(decisions.Skip(8)), d => Assert.NotEqual(DecisionStatus.Invalid, d.Status));
        Assert.Equal("last", decisions[^1].CaseId);
    }

    [Fact]
    public async Task An_NDJSON_line_over_the_case_size_limit_is_one_invalid_decision_and_the_batch_goes_on()
    {
        var ruleSet = ProbationSmallCases.Value;
        var longLine = """{"caseId":"long","notes":" """ + new string('a', 100_000) + "\"}";
        string[] lines = ["""{"caseId":"a","asOfDate":"2026-06-09","gender":"Male"}""", longLine, """{"caseId":"b","asOfDate":"2026-06-09","gender":"Female"}"""];

        var decisions = await Collect(ruleSet.EvaluateManyAsync(new AsyncOnlyStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"), chunk: 1_000)));

        Assert.Equal(ruleSet.EvaluateMany(lines).Select(d => d.ToJson()), decisions.Select(d => d.ToJson()));
        Assert.Equal(["a", null, "b"], decisions.Select(d => d.CaseId));
        Assert.Equal($"the case is {longLine.Length:N0} characters long; the limit is 300", Assert.Single(decisions[1].Errors).Message);
    }

    [Fact]
    public async Task Cancelling_an_NDJSON_batch_stops_it_between_cases()
    {
        var line = Encoding.UTF8.GetBytes("""{"caseId":"again","asOfDate":"2026-06-09","gender":"Male","rsrScore":3}""" + "\n");
        var endless = new AsyncOnlyStream(line, chunk: 64, repeat: true);
        using var cancellation = new CancellationTokenSource();
        var received = 0;

        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var decision in Probation.EvaluateManyAsync(endless, cancellationToken: cancellation.Token))
            {
                Assert.Equal("again", decision.CaseId);
                if (++received == 5)
                {
                    await cancellation.CancelAsync();
                }
            }
        }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(5, received);
        var readAtCancel = endless.BytesRead;
        await Task.Delay(50);
        Assert.Equal(readAtCancel, endless.BytesRead);
    }

    [Fact]
    public async Task Cancelling_a_batch_of_an_asynchronous_source_stops_it_even_if_the_source_ignores_the_token()
    {
        using var cancellation = new CancellationTokenSource();
        var produced = 0;

        async IAsyncEnumerable<string> Endless()
        {
            while (true)
            {
                await Task.Yield();
                produced++;
                yield return """{"caseId":"x","asOfDate":"2026-06-09"}""";
            }
        }

        var received = 0;
        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var _ in Probation.EvaluateManyAsync(Endless()).WithCancellation(cancellation.Token))
            {
                if (++received == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(3, received);
        Assert.Equal(4, produced);
    }

    [Fact]
    public async Task Batches_of_asynchronous_sources_match_the_synchronous_batches()
    {
        var lines = NdjsonLines();
        lines.Insert(2, null!);
        var typed = ProbationData.Generated(50, seed: 15);

        var fromStrings = await Collect(Probation.EvaluateManyAsync(AsAsync(lines), TraceDetail.Full));
        var fromTyped = await Collect(Probation.EvaluateManyAsync(AsAsync(typed)));

        Assert.Equal(Probation.EvaluateMany(lines, new BatchOptions { Trace = TraceDetail.Full }).Select(d => d.ToJson()), fromStrings.Select(d => d.ToJson()));
        Assert.Equal("the case is null", Assert.Single(fromStrings[2].Errors).Message);
        Assert.Equal(Probation.EvaluateMany(typed).Select(d => d.ToJson()), fromTyped.Select(d => d.ToJson()));
    }

    [Fact]
    public async Task Null_arguments_are_refused_with_ArgumentNullException()
    {
        // The batches refuse them at the call, not at the first MoveNextAsync.
        Assert.Throws<ArgumentNullException>(() => Probation.EvaluateManyAsync((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => Probation.EvaluateManyAsync((IAsyncEnumerable<string>)null!));
        Assert.Throws<ArgumentNullException>(() => Probation.EvaluateManyAsync((IAsyncEnumerable<ProbationCase>)null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Probation.EvaluateAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => RuleSet.LoadAsync(null!));
    }

    [Fact]
    public async Task LoadAsync_gives_the_rule_set_Load_gives()
    {
        var loaded = await RuleSet.LoadAsync(ProbationData.Folder);

        Assert.Equal(Probation.Identity, loaded.Identity);
        Assert.Equal(Probation.OutputNames, loaded.OutputNames);
        var json = ProbationData.Examples()[0].ToString();
        Assert.Equal(Probation.Evaluate(json, TraceDetail.Full).ToJson(), loaded.Evaluate(json, TraceDetail.Full).ToJson());

        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "one.json");
        File.WriteAllText(file, """
            { "ruleSet": { "name": "one-file", "version": "2" }, "inputs": { "score": "number" }, "outputs": { "doubled": { "type": "number", "value": "score * 2" } } }
            """);
        var fromFile = await RuleSet.LoadAsync(file);
        Assert.Equal(RuleSet.Load(file).Identity, fromFile.Identity);
        Assert.Equal(8, fromFile.Evaluate("""{"score":4}""")["doubled"].AsNumber);
    }

    [Fact]
    public async Task LoadAsync_reports_the_diagnostics_TryLoad_reports()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "a.json"), """{ "ruleSet": { "name": "bad", "version": "1" }, "outputs": { "x": { "type": "number", "value": "rosch + 1" } } }""");
        File.WriteAllText(Path.Combine(folder.Path, "b.json"), "{ \"broken\": ");
        Assert.False(RuleSet.TryLoad(folder.Path, out _, out var expected));

        var error = await Assert.ThrowsAsync<RuleSetException>(() => RuleSet.LoadAsync(folder.Path));

        Assert.Equal(expected.Select(d => d.ToString()), error.Diagnostics.Select(d => d.ToString()));
        Assert.NotEmpty(expected);
        await Assert.ThrowsAsync<RuleSetException>(() => RuleSet.LoadAsync(Path.Combine(folder.Path, "missing")));
    }

    [Fact]
    public async Task LoadAsync_stops_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RuleSet.LoadAsync(ProbationData.Folder, cancellationToken: cancellation.Token));
    }

    [Fact]
    public async Task TriageService_EvaluateAsync_uses_its_default_trace()
    {
        var service = new TriageService(Probation, TraceDetail.Summary);
        var json = ProbationData.Examples()[1].ToString();

        var decision = await service.EvaluateAsync(new AsyncOnlyStream(Encoding.UTF8.GetBytes(json), chunk: 100));

        Assert.Equal(Probation.Evaluate(json, TraceDetail.Summary).ToJson(), decision.ToJson());
        Assert.NotNull(decision.Trace);
    }

    private static async Task<List<Decision>> Collect(IAsyncEnumerable<Decision> decisions)
    {
        var list = new List<Decision>();
        await foreach (var decision in decisions)
        {
            list.Add(decision);
        }

        return list;
    }

    private static async IAsyncEnumerable<T> AsAsync<T>(IEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("risktriage-async-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

/// <summary>
/// A stream like an ASP.NET Core request body with AllowSynchronousIO off: a synchronous read throws, and an
/// asynchronous read yields and then gives at most <c>chunk</c> bytes. With <c>repeat</c> it never ends.
/// </summary>
internal sealed class AsyncOnlyStream(byte[] data, int chunk, bool repeat = false) : Stream
{
    private long _position;

    public long BytesRead => Interlocked.Read(ref _position);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new InvalidOperationException("Synchronous operations are disallowed. Call ReadAsync or set AllowSynchronousIO to true instead.");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Task.Yield();
        if (data.Length == 0 || (!repeat && _position >= data.Length))
        {
            return 0;
        }

        var offset = (int)(_position % data.Length);
        var count = Math.Min(Math.Min(buffer.Length, chunk), data.Length - offset);
        data.AsSpan(offset, count).CopyTo(buffer.Span);
        Interlocked.Add(ref _position, count);
        return count;
    }

    public override void Flush() => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
