using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace RiskTriage.Evaluation;

/// <summary>One line of NDJSON: its text, or only its length when it is longer than the limit.</summary>
/// <param name="Text">The line without its line break; null when the line is longer than the limit.</param>
/// <param name="Length">The line's length in characters (counted in full even when it is too long to keep).</param>
internal readonly record struct NdjsonLine(string? Text, long Length);

/// <summary>
/// Reads the lines of UTF-8 NDJSON asynchronously. A line ends at <c>\n</c>, <c>\r\n</c> or <c>\r</c>, as
/// <see cref="TextReader.ReadLine"/> has it; lines of white space only are skipped. No line is held beyond
/// the limit: a longer one is read to its end, counted and given without its text, so one huge line costs no memory
/// and does not end the batch.
/// </summary>
internal static class NdjsonLines
{
    private const int ChunkLength = 16_384;

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async IAsyncEnumerable<NdjsonLine> ReadAsync(Stream stream, int maxLineLength, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        var chunk = ArrayPool<char>.Shared.Rent(ChunkLength);
        try
        {
            var line = new StringBuilder();
            long length = 0;

            int read;
            while ((read = await reader.ReadAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                var start = 0;
                while (start < read)
                {
                    var end = chunk.AsSpan(start, read - start).IndexOfAny('\r', '\n');
                    var segment = end < 0 ? read - start : end;
                    if (length + segment <= maxLineLength)
                    {
                        line.Append(chunk, start, segment);
                    }

                    length += segment;
                    if (end < 0)
                    {
                        break;
                    }

                    // '\r' and '\n' each end a line: the empty line between the two of a "\r\n" is skipped as blank.
                    start += end + 1;
                    if (Complete(line, length, maxLineLength) is { } complete)
                    {
                        yield return complete;
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    line.Clear();
                    length = 0;
                }
            }

            if (Complete(line, length, maxLineLength) is { } last)
            {
                yield return last;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chunk);
        }
    }

    private static NdjsonLine? Complete(StringBuilder line, long length, int maxLineLength)
    {
        if (length > maxLineLength)
        {
            return new NdjsonLine(null, length);
        }

        for (var i = 0; i < line.Length; i++)
        {
            if (!char.IsWhiteSpace(line[i]))
            {
                return new NdjsonLine(line.ToString(), length);
            }
        }

        return null;
    }
}
