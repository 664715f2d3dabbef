using System.Buffers;

namespace RiskTriage.Evaluation;

/// <summary>
/// A case read asynchronously from a stream into a pooled buffer of at most a given number of characters, then
/// read back synchronously by the JSON reader. ASP.NET Core disallows synchronous reads of a request body; reading
/// the body this way first lets the one synchronous case reader serve both paths without blocking a thread on IO.
/// Dispose returns the buffer to the pool.
/// </summary>
internal sealed class BufferedCase : TextReader
{
    private const int FirstBufferLength = 4_096;

    private char[] _buffer;
    private readonly int _length;
    private int _position;

    private BufferedCase(char[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>
    /// Reads text in <paramref name="encoding"/> (a byte order mark is honoured, as <see cref="StreamReader"/> does) until the stream ends or
    /// <paramref name="maxChars"/> characters have been read; the rest of the stream is left unread.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="System.Text.DecoderFallbackException"><paramref name="encoding"/> throws on bytes it cannot decode, and the stream has some.</exception>
    public static async Task<BufferedCase> ReadAsync(Stream stream, System.Text.Encoding encoding, int maxChars, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var buffer = ArrayPool<char>.Shared.Rent(Math.Min(FirstBufferLength, maxChars));
        var length = 0;
        try
        {
            while (length < maxChars)
            {
                if (length == buffer.Length)
                {
                    // Grown by doubling, so a small case never costs a buffer of the limit's size.
                    var larger = ArrayPool<char>.Shared.Rent((int)Math.Min(2L * buffer.Length, maxChars));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<char>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await reader.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, maxChars) - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return new BufferedCase(buffer, length);
        }
        catch
        {
            ArrayPool<char>.Shared.Return(buffer);
            throw;
        }
    }

    public override int Peek() => _position < _length ? _buffer[_position] : -1;

    public override int Read() => _position < _length ? _buffer[_position++] : -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var count = Math.Min(buffer.Length, _length - _position);
        _buffer.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = [];
            _position = _length;
        }

        base.Dispose(disposing);
    }
}
