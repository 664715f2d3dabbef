using System.Buffers;
using System.Globalization;
using System.Text;

namespace RiskTriage.Cli.Input;

/// <summary>
/// Cuts UTF-8 NDJSON into lines as byte ranges, without decoding them: each case is a slice of a block of the file,
/// decoded (if ever) by the worker that evaluates it, so reading is one vectorized search for line breaks per block.
/// Lines break as <see cref="BufferedTextReader"/> breaks them (<c>\n</c>, <c>\r\n</c> or <c>\r</c>), lines of
/// white space only are skipped, and a line longer than the limit in bytes is decoded as the text reader decodes it
/// (<see cref="Utf8Text.Reading"/>) and kept only while it is within the limit in characters, so the cases, their
/// line numbers and their errors are those the text reader gives.
/// </summary>
/// <remarks>
/// With <c>pooled</c>, blocks given back through <see cref="Release"/> once every case cut from them is done with are
/// read into again: a batch's blocks are then as many reused arrays as are in use at once, where fresh blocks (the
/// default) are the largest part of what a batch allocates, kept alive across collections by the chunks of cases
/// waiting to be evaluated and written. Only blocks of the usual size are reused (a long line's larger block is left
/// to the collector). A block no case was cut from as bytes (blank lines, a long line, lines decoded to text) is
/// held by nothing and is reused as soon as it is read past, so input without cases holds no more blocks than one.
/// </remarks>
internal sealed class Utf8LineReader(Stream stream, int maxLineLength, int blockSize = 1 << 16, bool pooled = false)
{
    /// <summary>The ASCII characters <see cref="char.IsWhiteSpace(char)"/> calls white space.</summary>
    private static readonly SearchValues<byte> AsciiWhiteSpace =
        SearchValues.Create([.. Enumerable.Range(0, 0x80).Where(b => char.IsWhiteSpace((char)b)).Select(b => (byte)b)]);

    // Pooled: the blocks cases were cut from as bytes and not yet released, oldest first, and the released blocks of
    // the usual size, to be read into again. Shared by the reading thread and the releasing one, under the first's lock.
    private readonly Queue<byte[]> _rented = new();
    private readonly Stack<byte[]> _free = new();
    private byte[] _block = pooled ? [] : new byte[blockSize];

    // Pooled: whether a case was cut from the block being read as bytes (it is then in _rented until released).
    private bool _blockHasCases;
    private int _start;
    private int _end;
    private bool _atEnd;
    private bool _afterCarriageReturn;

    /// <summary>
    /// Whether a file can be read as bytes with the result of the text reader: it starts (after a UTF-8 byte order mark)
    /// with ASCII white space and then an ASCII character, so that the text reader's skipping of leading white space is
    /// known. Anything else (a UTF-16 or UTF-32 byte order mark, non-ASCII white space, a file of white space) is left to it.
    /// </summary>
    /// <returns>The bytes to skip (mark and white space) and where the first case starts; null when the file must be read as text.</returns>
    public static (int Skip, long Line, long Column)? Start(ReadOnlySpan<byte> head)
    {
        var skip = head.StartsWith("\uFEFF"u8) ? 3 : 0;
        var first = head[skip..].IndexOfAnyExcept(AsciiWhiteSpace);
        if (first < 0 || head[skip + first] is 0 or >= 0x80)
        {
            return null;
        }

        long line = 1, column = 1;
        var white = head.Slice(skip, first);
        for (var i = 0; i < white.Length; i++)
        {
            if (white[i] == '\r' || (white[i] == '\n' && (i == 0 || white[i - 1] != '\r')))
            {
                line++;
                column = 1;
            }
            else if (white[i] != '\n')
            {
                column++;
            }
        }

        return (skip + first, line, column);
    }

    /// <summary>Reads the cases, the first on <paramref name="firstLine"/> at <paramref name="firstColumn"/> (the stream is there).</summary>
    public IEnumerable<RawCase> Read(long firstLine, long firstColumn)
    {
        var line = firstLine - 1;
        var column = firstColumn;
        while (true)
        {
            if (_afterCarriageReturn)
            {
                _afterCarriageReturn = false;
                if (Fill() && _block[_start] == '\n')
                {
                    _start++;
                }
            }

            if (!Fill())
            {
                yield break;
            }

            line++;
            var found = FindLineEnd(out var end);
            RawCase? raw;
            if (end - _start <= maxLineLength)
            {
                raw = Case(line, column, _block.AsMemory(_start, end - _start));
                if (pooled && !_blockHasCases && raw is { Utf8.IsEmpty: false })
                {
                    lock (_rented)
                    {
                        _rented.Enqueue(_block);
                    }

                    _blockHasCases = true;
                }

                _start = end;
                if (found)
                {
                    _afterCarriageReturn = _block[_start] == '\r';
                    _start++;
                }
            }
            else
            {
                raw = LongLine(line, column);
            }

            column = 1;
            if (raw is { } value)
            {
                yield return value;
            }
        }
    }

    /// <summary>The case on one line; null for a line of white space.</summary>
    private static RawCase? Case(long line, long column, ReadOnlyMemory<byte> bytes)
    {
        var first = bytes.Span.IndexOfAnyExcept(AsciiWhiteSpace);
        if (first < 0)
        {
            return null;
        }

        if (bytes.Span[first] < 0x80)
        {
            return new RawCase(line, null, null, Column: column) { Utf8 = bytes };
        }

        // Non-ASCII after ASCII white space: only the decoded text tells white space (U+00A0, U+2028, ...) from a case.
        var text = Utf8Text.Reading.GetString(bytes.Span);
        return string.IsNullOrWhiteSpace(text) ? null : CaseSource.Checked(new RawCase(line, text, null, Column: column));
    }

    /// <summary>
    /// A line longer than the limit in bytes: decoded piece by piece, kept while it is within the limit in characters
    /// (a line of many-byte characters can be), else counted to its end and reported.
    /// </summary>
    private RawCase? LongLine(long line, long column)
    {
        var decoder = Utf8Text.Reading.GetDecoder();
        var text = new StringBuilder();
        var chars = new char[Math.Min(blockSize, 1 << 16)];
        var length = 0L;
        while (true)
        {
            var found = FindLineEnd(out var end);
            var bytes = _block.AsSpan(_start, end - _start);
            while (true)
            {
                decoder.Convert(bytes, chars, flush: found || _atEnd, out var used, out var made, out var completed);
                length += made;
                if (length <= maxLineLength)
                {
                    text.Append(chars, 0, made);
                }

                bytes = bytes[used..];
                if (completed && bytes.IsEmpty)
                {
                    break;
                }
            }

            _start = end;
            if (found)
            {
                _afterCarriageReturn = _block[_start] == '\r';
                _start++;
                break;
            }

            if (!Fill())
            {
                // The input ends inside the line: a character it cuts off is still held by the decoder, and is decoded
                // (as U+FFFD) as the text reader decodes it.
                decoder.Convert(ReadOnlySpan<byte>.Empty, chars, flush: true, out _, out var last, out _);
                length += last;
                if (length <= maxLineLength)
                {
                    text.Append(chars, 0, last);
                }

                break;
            }
        }

        if (length > maxLineLength)
        {
            return new RawCase(line, null,
                string.Create(CultureInfo.InvariantCulture, $"line {line} is longer than the limit of {maxLineLength:N0} characters for one case"));
        }

        var value = text.ToString();
        return string.IsNullOrWhiteSpace(value) ? null : CaseSource.Checked(new RawCase(line, value, null, Column: column));
    }

    /// <summary>
    /// Finds the end of the line that starts at <c>_start</c>, reading more while there is none and the line is within
    /// the limit; <paramref name="end"/> is the line break's index, or the end of what is read.
    /// </summary>
    private bool FindLineEnd(out int end)
    {
        var searched = _start;
        while (true)
        {
            var at = _block.AsSpan(searched, _end - searched).IndexOfAny((byte)'\n', (byte)'\r');
            if (at >= 0)
            {
                end = searched + at;
                return true;
            }

            if (_atEnd || _end - _start > maxLineLength)
            {
                end = _end;
                return false;
            }

            // ReadMore moves the bytes not yet consumed to the start of a new block: what was searched ends at their count.
            searched = _end - _start;
            ReadMore();
        }
    }

    /// <summary>True when there are unread bytes, reading a block when there are none.</summary>
    private bool Fill()
    {
        if (_start < _end)
        {
            return true;
        }

        if (_atEnd)
        {
            return false;
        }

        ReadMore();
        return _start < _end;
    }

    /// <summary>
    /// Reads more into a new block that starts with the bytes not yet consumed. The old block is not written again while
    /// a case cut from it may still be evaluated: a pooled reader reuses it once <see cref="Release"/> says so, or at
    /// once when no case was cut from it as bytes.
    /// </summary>
    private void ReadMore()
    {
        var kept = _end - _start;
        var size = kept < blockSize / 2 ? blockSize : 2 * kept;
        byte[] block;
        if (pooled)
        {
            lock (_rented)
            {
                // Not zeroed: only the bytes read into it are ever looked at.
                block = size == blockSize && _free.TryPop(out var reused) ? reused : GC.AllocateUninitializedArray<byte>(size);
            }
        }
        else
        {
            block = new byte[size];
        }

        _block.AsSpan(_start, kept).CopyTo(block);
        if (pooled && !_blockHasCases && _block.Length == blockSize)
        {
            lock (_rented)
            {
                _free.Push(_block);
            }
        }

        _blockHasCases = false;
        _block = block;
        _start = 0;
        _end = kept;
        while (_end < _block.Length)
        {
            var read = stream.Read(_block, _end, Math.Min(blockSize, _block.Length - _end));
            if (read == 0)
            {
                _atEnd = true;
                break;
            }

            _end += read;
            if (_end - kept >= blockSize / 2)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Takes back, to be read into again, the pooled blocks that hold nothing at or after <paramref name="lastDone"/>: called, in input order,
    /// with the bytes of the last case of a run of cases that are done with (and every case before them), so the blocks
    /// before the one holding it are no longer read. Does nothing for a reader that is not pooled, or for bytes it did
    /// not cut. Thread-safe against the reading thread.
    /// </summary>
    public void Release(ReadOnlyMemory<byte> lastDone)
    {
        if (!pooled || !System.Runtime.InteropServices.MemoryMarshal.TryGetArray(lastDone, out var segment) || segment.Array is not { } holder)
        {
            return;
        }

        lock (_rented)
        {
            if (!_rented.Contains(holder))
            {
                return;
            }

            while (_rented.Peek() != holder)
            {
                var block = _rented.Dequeue();
                if (block.Length == blockSize)
                {
                    _free.Push(block);
                }
            }
        }
    }

    /// <summary>How many blocks cases were cut from and are not yet released (for tests of the pool's bound).</summary>
    internal int HeldBlocks
    {
        get
        {
            lock (_rented)
            {
                return _rented.Count;
            }
        }
    }

    /// <summary>
    /// Lets every block go, once reading has ended and no case cut from them is read any more: a case's bytes must not
    /// be used after this.
    /// </summary>
    public void ReleaseAll()
    {
        lock (_rented)
        {
            _rented.Clear();
            _free.Clear();
            _block = [];
            _blockHasCases = false;
            _start = _end = 0;
        }
    }
}
