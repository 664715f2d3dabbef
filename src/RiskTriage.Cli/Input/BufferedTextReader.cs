using System.Text;

namespace RiskTriage.Cli.Input;

/// <summary>
/// A text reader with its own look-ahead buffer: it reads bounded lines (a line longer than the limit is skipped, not loaded), and show its buffered
/// characters to a scanner that consumes them in place.
/// </summary>
/// <remarks>
/// A line ends at a line feed, a carriage return followed by a line feed, or a carriage return alone: JSON
/// text cannot hold a raw line break inside a value, so each of the three ends a line of NDJSON.
/// </remarks>
internal sealed class BufferedTextReader(TextReader inner, int bufferSize = 1 << 16) : TextReader
{
    private readonly char[] _buffer = new char[bufferSize];
    private int _position;
    private int _length;
    private StringBuilder? _long;

    /// <summary>True when the last character consumed was a carriage return, so a line feed right after it ends no new line.</summary>
    private bool _afterCarriageReturn;

    /// <summary>Reads the next line without its line break; null at the end of the input.</summary>
    /// <param name="maxLength">Longer lines are consumed but not kept.</param>
    /// <param name="tooLong">True when the line was longer than <paramref name="maxLength"/> (the result is then empty).</param>
    public string? ReadLine(int maxLength, out bool tooLong)
    {
        tooLong = false;
        if (_afterCarriageReturn)
        {
            // The line feed of a CR LF pair that ended the previous line.
            _afterCarriageReturn = false;
            if (Fill() && _buffer[_position] == '\n')
            {
                _position++;
            }
        }

        if (!Fill())
        {
            return null;
        }

        var length = 0L;
        _long?.Clear();
        while (Fill())
        {
            var end = _buffer.AsSpan(_position, _length - _position).IndexOfAny('\n', '\r');
            var stop = end < 0 ? _length : _position + end;
            var count = stop - _position;
            length += count;
            if (end >= 0 && length == count && count <= maxLength)
            {
                // The whole line is in the buffer: the fast path.
                var text = new string(_buffer, _position, count);
                EndLine(stop);
                return text;
            }

            if (length > maxLength)
            {
                tooLong = true;
                _long?.Clear();
            }
            else
            {
                (_long ??= new StringBuilder()).Append(_buffer, _position, count);
            }

            _position = stop;
            if (end >= 0)
            {
                EndLine(stop);
                break;
            }
        }

        return tooLong ? string.Empty : _long?.ToString() ?? string.Empty;
    }

    /// <summary>The characters read ahead and not yet consumed, reading more when there are none; empty at the end of the input.</summary>
    public ReadOnlySpan<char> Window() => Fill() ? _buffer.AsSpan(_position, _length - _position) : default;

    /// <summary>Consumes the first <paramref name="count"/> characters of the <see cref="Window"/>.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _length - _position);
        _position += count;
    }

    public override int Peek() => Fill() ? _buffer[_position] : -1;

    public override int Read() => Fill() ? _buffer[_position++] : -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (_position < _length)
        {
            var count = Math.Min(buffer.Length, _length - _position);
            _buffer.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        return inner.Read(buffer);
    }

    /// <summary>Consumes the line break at <paramref name="index"/> (a CR LF pair's LF may still be unread).</summary>
    private void EndLine(int index)
    {
        _position = index + 1;
        _afterCarriageReturn = _buffer[index] == '\r';
        if (_afterCarriageReturn && _position < _length && _buffer[_position] == '\n')
        {
            _position++;
            _afterCarriageReturn = false;
        }
    }

    private bool Fill()
    {
        if (_position < _length)
        {
            return true;
        }

        _position = 0;
        _length = inner.Read(_buffer, 0, _buffer.Length);
        return _length > 0;
    }
}
