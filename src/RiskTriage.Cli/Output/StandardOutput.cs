using Microsoft.Win32.SafeHandles;

namespace RiskTriage.Cli;

/// <summary>
/// The process's standard output as a stream that reports a reader that went away. .NET's console stream
/// drops writes to a closed pipe without a word (so <c>risktriage eval ... | head -1</c> would evaluate the
/// whole batch for nobody); this one throws <see cref="OutputClosedException"/>, which stops the command.
/// </summary>
internal sealed class StandardOutput(Stream inner) : Stream
{
    /// <summary>Standard output: file descriptor 1 on Unix (errors reported), the console stream elsewhere.</summary>
    public static Stream Open() =>
        new StandardOutput(OperatingSystem.IsWindows()
            ? Console.OpenStandardOutput()
            : new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0));

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (IOException e) when (OutputClosedException.IsBrokenPipe(e))
        {
            throw new OutputClosedException(e);
        }
    }

    public override void Flush()
    {
        try
        {
            inner.Flush();
        }
        catch (IOException e) when (OutputClosedException.IsBrokenPipe(e))
        {
            throw new OutputClosedException(e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Standard output's reader went away (a closed pipe): the command stops quietly.</summary>
public sealed class OutputClosedException(IOException inner) : IOException("standard output was closed by its reader", inner)
{
    private const int BrokenPipe = 32; // EPIPE on Linux and macOS
    private const int WindowsBrokenPipe = unchecked((int)0x8007006D); // ERROR_BROKEN_PIPE
    private const int WindowsNoData = unchecked((int)0x800700E8); // ERROR_NO_DATA: the pipe is being closed

    /// <summary>True when the exception is a write to a pipe whose reader has gone.</summary>
    public static bool IsBrokenPipe(IOException e) => e is OutputClosedException || e.HResult is BrokenPipe or WindowsBrokenPipe or WindowsNoData;
}
