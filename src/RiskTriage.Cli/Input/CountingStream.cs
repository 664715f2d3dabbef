namespace RiskTriage.Cli.Input;

/// <summary>A read-only stream wrapper that counts the bytes read, readable from another thread (for progress).</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    private long _bytesRead;

    public long BytesRead => Volatile.Read(ref _bytesRead);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    /// <summary>Moves past bytes already looked at through another stream (they count as read), without reading them again.</summary>
    /// <exception cref="NotSupportedException">The stream under this one cannot seek.</exception>
    public void Skip(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!inner.CanSeek)
        {
            throw new NotSupportedException("cannot skip bytes of a stream that cannot seek");
        }

        inner.Seek(count, SeekOrigin.Current);
        Count(count);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        Volatile.Write(ref _bytesRead, _bytesRead + read);
        return read;
    }
}
