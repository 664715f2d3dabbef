using System.Text;
using RiskTriage.Cli.Input;

namespace RiskTriage.Cli.Tests;

/// <summary>
/// NDJSON cut as bytes gives the cases the text reader gives: the same lines, line numbers, first column, texts (once
/// decoded) and errors, over line breaks of every kind, blank and white-space lines, bytes that are not UTF-8, a byte
/// order mark, lines across block boundaries, and lines over the limit in bytes but not in characters.
/// </summary>
public sealed class Utf8LineReaderTests
{
    private static readonly byte[][] Pieces =
    [
        "{\"a\":1}"u8.ToArray(), "{\"caseId\":\"é中😀\"}"u8.ToArray(), "   "u8.ToArray(), "\t"u8.ToArray(), "\n"u8.ToArray(), "\r"u8.ToArray(),
        "\r\n"u8.ToArray(), [0xC2, 0xA0], [0xE2, 0x80, 0xA8], [0xFF], [0xE2, 0x80], [0xED, 0xA0, 0x80], "{\"x\":\"ééééééééé\"}"u8.ToArray(),
        "\u000b\f"u8.ToArray(), [0xEF, 0xBB, 0xBF], "not json"u8.ToArray(), "{\"long\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}"u8.ToArray(),
    ];

    /// <summary>The cases as the text reader gives them.</summary>
    private static List<RawCase> AsText(byte[] input, int maxLength)
    {
        using var reader = new StreamReader(new MemoryStream(input), Utf8Text.Reading, detectEncodingFromByteOrderMarks: true);
        return new CaseSource(reader, "cases", maxLength, CaseFormat.Ndjson).Read().ToList();
    }

    /// <summary>The cases as bytes, decoded and checked as the eval command decodes them; null when the input is left to the text reader.</summary>
    private static List<RawCase>? AsBytes(byte[] input, int maxLength, int blockSize)
    {
        if (Utf8LineReader.Start(input) is not var (skip, line, column))
        {
            return null;
        }

        var reader = new Utf8LineReader(new MemoryStream(input, skip, input.Length - skip), maxLength, blockSize);
        return reader.Read(line, column)
            .Select(raw => raw.Text is null && raw.Error is null ? CaseSource.Decoded(raw) : raw)
            .ToList();
    }

    /// <summary>
    /// The cases as bytes from a pooled reader, each decoded only once <paramref name="lag"/> later cases have been cut,
    /// and its block then released as the eval command releases a chunk's: a block given back too soon is rented again
    /// for the next reads and overwrites the cases still waiting.
    /// </summary>
    private static List<RawCase> AsPooledBytes(byte[] input, int maxLength, int blockSize, int lag)
    {
        var (skip, line, column) = Utf8LineReader.Start(input)!.Value;
        var reader = new Utf8LineReader(new MemoryStream(input, skip, input.Length - skip), maxLength, blockSize, pooled: true);
        var waiting = new Queue<RawCase>();
        var done = new List<RawCase>();
        void Finish()
        {
            var raw = waiting.Dequeue();
            done.Add(raw.Text is null && raw.Error is null ? CaseSource.Decoded(raw) : raw);
            reader.Release(raw.Utf8);
        }

        foreach (var raw in reader.Read(line, column))
        {
            waiting.Enqueue(raw);
            if (waiting.Count > lag)
            {
                Finish();
            }
        }

        while (waiting.Count > 0)
        {
            Finish();
        }

        reader.ReleaseAll();
        return done;
    }

    private static void AssertSame(byte[] input, int maxLength, int blockSize)
    {
        var expected = AsText(input, maxLength);
        var actual = AsBytes(input, maxLength, blockSize);
        Assert.NotNull(actual);
        Assert.Equal(expected.Select(c => (c.Line, c.Column, c.Text, c.Error, c.Fatal)), actual.Select(c => (c.Line, c.Column, c.Text, c.Error, c.Fatal)));
    }

    [Theory]
    [InlineData("{\"a\":1}\n{\"a\":2}")]
    [InlineData("\r\n\r\n{\"a\":1}\r\n\r\n{\"a\":2}\r\n   \r\n{\"a\":3}\r")]
    [InlineData("\uFEFF  \n \r {\"a\":1}\r\r\n\n{bad\n")]
    [InlineData("{\"a\":1}\n\u00a0\n\u2028\n  \u00a0{\"a\":2}\n")]
    [InlineData("  {\"a\":1}")]
    public void Text_cases_are_cut_as_the_text_reader_cuts_them(string text) => AssertSame(Encoding.UTF8.GetBytes(text), 1000, 16);

    [Fact]
    public void Bytes_that_are_not_UTF8_give_the_text_readers_error()
    {
        AssertSame([.. "{\"a\":\"x"u8, 0xFF, 0xFE, .. "\"}\n{\"a\":\"\"}\n{\"b\":\""u8, 0xED, 0xA0, 0x80, .. "\"}\r{\"c\":\""u8, 0xE2, 0x80, .. "\n"u8], 1000, 8);
    }

    [Fact]
    public void A_line_over_the_limit_in_bytes_but_not_in_characters_is_a_case_and_one_over_it_in_characters_an_error()
    {
        var fits = Encoding.UTF8.GetBytes("{\"a\":\"" + new string('é', 40) + "\"}");
        var over = Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 60) + "\"}");
        AssertSame([.. fits, .. "\n"u8, .. over, .. "\r\n"u8, .. fits, .. "\r"u8, .. over, .. fits], 50, 16);
        Assert.Contains(AsBytes([.. over, .. "\n"u8], 50, 16)!, c => c.Error is { } e && e.Contains("longer than the limit", StringComparison.Ordinal));
    }

    [Fact]
    public void Random_inputs_give_the_cases_of_the_text_reader()
    {
        var random = new Random(19);
        var compared = 0;
        for (var n = 0; n < 3_000; n++)
        {
            var input = new List<byte>();
            if (random.Next(4) == 0)
            {
                input.AddRange(" \r\n\t"u8.ToArray().Take(random.Next(1, 5)));
            }

            input.AddRange("{\"a\":0}"u8.ToArray());
            for (var i = random.Next(0, 30); i > 0; i--)
            {
                input.AddRange(Pieces[random.Next(Pieces.Length)]);
            }

            var bytes = input.ToArray();
            var maxLength = random.Next(2) == 0 ? 1000 : random.Next(5, 60);
            if (Utf8LineReader.Start(bytes) is not null)
            {
                var blockSize = random.Next(1, 5) * 8;
                AssertSame(bytes, maxLength, blockSize);
                Assert.Equal(
                    AsText(bytes, maxLength).Select(c => (c.Line, c.Column, c.Text, c.Error, c.Fatal)),
                    AsPooledBytes(bytes, maxLength, blockSize, lag: n % 6).Select(c => (c.Line, c.Column, c.Text, c.Error, c.Fatal)));
                compared++;
            }
        }

        Assert.True(compared > 2_500, $"only {compared} inputs were read as bytes");
    }

    [Fact]
    public void Bytes_are_text_as_they_are_exactly_when_their_decoded_text_has_nothing_invalid()
    {
        byte[][] pieces = [.. Pieces, [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF], [0xF0, 0x9F], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80]];
        var random = new Random(19);
        var (text, notText) = (0, 0);
        for (var n = 0; n < 3_000; n++)
        {
            var bytes = Enumerable.Range(0, random.Next(0, 8)).SelectMany(_ => pieces[random.Next(pieces.Length)]).ToArray();
            var valid = Utf8Text.InvalidAt(Utf8Text.Reading.GetString(bytes)) < 0;
            Assert.Equal(valid, Utf8Text.IsText(bytes));
            _ = valid ? text++ : notText++;
        }

        Assert.True(text > 300 && notText > 300, $"{text} inputs were text and {notText} were not");
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x7B, 0x00 })]
    [InlineData(new byte[] { 0xFE, 0xFF, 0x00, 0x7B })]
    [InlineData(new byte[] { 0x00, 0x00, 0xFE, 0xFF })]
    [InlineData(new byte[] { 0xC2, 0xA0, 0x7B, 0x7D })]
    [InlineData(new byte[] { 0x20, 0x0A, 0x09 })]
    [InlineData(new byte[0])]
    public void Input_whose_start_only_the_text_reader_knows_is_left_to_it(byte[] input) => Assert.Null(Utf8LineReader.Start(input));

    [Fact]
    public void A_pooled_reader_reuses_its_blocks_once_released_so_reading_allocates_next_to_nothing()
    {
        // 16 MB of 1.5 KB cases, released 512 at a time as eval releases its chunks: the blocks are rented again
        // instead of allocated, so far less than the file is allocated (fresh blocks would allocate all of it).
        var line = Encoding.UTF8.GetBytes("{\"caseId\":\"" + new string('x', 1_500) + "\"}\n");
        var input = Enumerable.Repeat(line, 16 * 1024 * 1024 / line.Length).SelectMany(b => b).ToArray();
        var reader = new Utf8LineReader(new MemoryStream(input), 4096, 1 << 16, pooled: true);
        var (count, whole) = (0, 0);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        foreach (var raw in reader.Read(1, 1))
        {
            // No assertion in the loop: an assertion allocates.
            whole += raw.Utf8.Span.SequenceEqual(line.AsSpan(0, line.Length - 1)) ? 1 : 0;
            if (++count % 512 == 0)
            {
                reader.Release(raw.Utf8);
            }
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        reader.ReleaseAll();
        Assert.Equal((input.Length / line.Length, input.Length / line.Length), (count, whole));
        Assert.True(allocated < input.Length / 8, $"reading {input.Length:N0} bytes allocated {allocated:N0} bytes");
    }

    [Theory]
    [InlineData("long line")]
    [InlineData("blank lines")]
    [InlineData("text lines")]
    public void A_pooled_reader_holds_no_block_that_no_case_was_cut_from_so_input_without_cases_keeps_memory_flat(string kind)
    {
        // One case cut as bytes, then 4 MB (64 blocks) with no case cut from it as bytes, and nothing released (as when
        // eval has no chunk to write): the blocks read past hold nothing a case reads, so they are read into again.
        const int BlockSize = 1 << 16;
        byte[] rest = kind switch
        {
            "long line" => [.. Enumerable.Repeat((byte)'x', 64 * BlockSize), (byte)'\n'],
            "blank lines" => [.. Enumerable.Repeat((byte)'\n', 64 * BlockSize)],
            _ => [.. Enumerable.Repeat("\u00e9\n"u8.ToArray(), 16 * BlockSize).SelectMany(b => b)],
        };
        byte[] input = [.. "{}\n"u8, .. rest];
        var reader = new Utf8LineReader(new MemoryStream(input), 4096, BlockSize, pooled: true);
        var (cases, held) = (0, 0);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        foreach (var raw in reader.Read(1, 1))
        {
            cases++;
            held = Math.Max(held, reader.HeldBlocks);
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        reader.ReleaseAll();
        Assert.True(held <= 1, $"{kind}: the reader held {held} blocks after {cases:N0} cases");
        if (kind != "text lines")
        {
            // The text lines' cases are strings, allocated per case; the others are 2 cases in all.
            Assert.True(allocated < 8 * BlockSize, $"{kind}: reading {input.Length:N0} bytes allocated {allocated:N0} bytes");
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    public void A_line_over_the_limit_in_bytes_that_ends_the_input_inside_a_character_gives_the_text_readers_error(int blockSize)
    {
        // 18 bytes, 13 characters once the cut-off character at the end of the input is decoded (as U+FFFD, which the
        // text reader reports): the long-line path must flush its decoder at the end of the input, not only at a line break.
        byte[] input = [.. "{\"a\":\"éééé\"}"u8, 0xE2, 0x80];
        AssertSame(input, 16, blockSize);
        AssertSame([.. "{\"a\":1}\n"u8, .. input], 16, blockSize);
    }
}
