using System.Buffers;
using System.Text;
using RiskTriage.Cli.Input;

namespace RiskTriage.Cli;

/// <summary>
/// A growable byte buffer from the shared pool, for one chunk's output: written by a worker, handed to the
/// writing thread, returned to the pool once written.
/// </summary>
internal sealed class PooledBufferWriter(int initialCapacity = 64 * 1024) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int WrittenCount { get; private set; }

    /// <summary>How many times the buffer was replaced by a larger one (its bytes copied over).</summary>
    public int Regrowths { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, WrittenCount);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - WrittenCount);
        WrittenCount += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Reserve(sizeHint).AsMemory(WrittenCount);

    public Span<byte> GetSpan(int sizeHint = 0) => Reserve(sizeHint).AsSpan(WrittenCount);

    /// <summary>Writes text as the CLI writes all text (<see cref="Utf8Text.Encoding"/>: a lone surrogate becomes its JSON escape).</summary>
    public void Write(string text)
    {
        var span = GetSpan(Utf8Text.Encoding.GetMaxByteCount(text.Length));
        Advance(Utf8Text.Encoding.GetBytes(text, span));
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Reserve(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        var needed = WrittenCount + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _buffer.Length)));
            WrittenSpan.CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
            Regrowths++;
        }

        return _buffer;
    }
}

/// <summary>
/// Writes UTF-8 made elsewhere to a command's text output, as if its text were written through the writer: straight
/// to the stream under a <see cref="StreamWriter"/> that writes <see cref="Utf8Text.Encoding"/> (the process's
/// standard output, an output file), in one write; through the writer otherwise (a console under test). Under a
/// <see cref="TerminalSafeWriter"/>, bytes that hold a character it escapes go through it, so the escaping stays.
/// </summary>
internal sealed class Utf8Output
{
    // The first byte of every UTF-8 sequence of a character the terminal-safe writer may escape: C0 controls but tab
    // and line feed, DEL, C1 controls (C2 80-9F) and the bidirectional controls (E2 80 AA-AE, E2 81 A6-A9).
    private static readonly SearchValues<byte> _suspect = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(b => b is not '\t' and not '\n').Select(b => (byte)b), 0x7F, 0xC2, 0xE2]);

    private readonly Stream? _stream;
    private readonly bool _terminalSafe;

    public Utf8Output(TextWriter writer)
    {
        Writer = writer;
        _terminalSafe = writer is TerminalSafeWriter;
        var inner = writer is TerminalSafeWriter safe ? safe.Inner : writer;
        _stream = inner is StreamWriter { Encoding: var encoding } stream && ReferenceEquals(encoding, Utf8Text.Encoding)
            ? stream.BaseStream
            : null;
    }

    public TextWriter Writer { get; }

    public void Write(ReadOnlySpan<byte> utf8)
    {
        if (_stream is null || (_terminalSafe && MayNeedEscaping(utf8)))
        {
            Writer.Write(Encoding.UTF8.GetString(utf8));
            return;
        }

        // Whatever the writer holds goes first, so text and bytes stay in the order they were written.
        Writer.Flush();
        _stream.Write(utf8);
    }

    /// <summary>True when the bytes hold a character the terminal-safe writer escapes (or may, given what follows it).</summary>
    internal static bool MayNeedEscaping(ReadOnlySpan<byte> utf8)
    {
        var at = utf8.IndexOfAny(_suspect);
        while (at >= 0)
        {
            var rest = utf8[at..];
            var escaped = rest[0] switch
            {
                // A lead byte at the end may be completed by the next write's first bytes: suspect until known.
                0xC2 => rest.Length < 2 || rest[1] is >= 0x80 and <= 0x9F,
                0xE2 => rest.Length < 2 || (rest[1] is 0x80 or 0x81 && (rest.Length < 3
                    || (rest[1] == 0x80 && rest[2] is >= 0xAA and <= 0xAE) || (rest[1] == 0x81 && rest[2] is >= 0xA6 and <= 0xA9))),
                _ => true,
            };
            if (escaped)
            {
                return true;
            }

            var next = utf8[(at + 1)..].IndexOfAny(_suspect);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }
}
