using System.Text;

namespace RiskTriage.Cli.Input;

/// <summary>
/// A text reader with its own look-ahead buffer: it can peek at the start of the input to tell its format,
/// read bounded lines (a line longer than the limit is skipped, not loaded), and then serve the rest as a
/// plain <see cref="TextReader"/> to a JSON reader.
/// </summary>
internal sealed class BufferedTextReader(TextReader inner, int bufferSize = 1 << 16) : TextReader
{
    private readonly char[] _buffer = new char[bufferSize];
    private int _position;
    private int _length;
    private StringBuilder? _long;

    /// <summary>Skips white space (and a stray byte-order mark), counting the line breaks skipped.</summary>
    public int SkipWhiteSpace()
    {
        var lines = 0;
        while (Fill())
        {
            var c = _buffer[_position];
            if (c == '\n')
            {
                lines++;
            }
            else if (!char.IsWhiteSpace(c) && c != '\uFEFF')
            {
                break;
            }

            _position++;
        }

        return lines;
    }

    /// <summary>The text from the current position to the first line break (or as much of it as fits the buffer), without consuming it.</summary>
    public string PeekFirstLine()
    {
        if (_position > 0)
        {
            Array.Copy(_buffer, _position, _buffer, 0, _length - _position);
            _length -= _position;
            _position = 0;
        }

        while (_length < _buffer.Length && Array.IndexOf(_buffer, '\n', 0, _length) < 0)
        {
            var read = inner.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0)
            {
                break;
            }

            _length += read;
        }

        var end = Array.IndexOf(_buffer, '\n', 0, _length);
        return new string(_buffer, 0, end < 0 ? _length : end);
    }

    /// <summary>Reads the next line without its line break; null at the end of the input.</summary>
    /// <param name="maxLength">Longer lines are consumed but not kept.</param>
    /// <param name="tooLong">True when the line was longer than <paramref name="maxLength"/> (the result is then empty).</param>
    public string? ReadLine(int maxLength, out bool tooLong)
    {
        tooLong = false;
        if (!Fill())
        {
            return null;
        }

        var length = 0L;
        _long?.Clear();
        while (Fill())
        {
            var end = Array.IndexOf(_buffer, '\n', _position, _length - _position);
            var stop = end < 0 ? _length : end;
            var count = stop - _position;
            length += count;
            if (end >= 0 && length == count && count <= maxLength)
            {
                // The whole line is in the buffer: the fast path.
                var text = new string(_buffer, _position, TrimCarriageReturn(_position, count));
                _position = end + 1;
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
                _position++;
                break;
            }
        }

        if (tooLong)
        {
            return string.Empty;
        }

        var line = _long!.ToString();
        return line.EndsWith('\r') ? line[..^1] : line;
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

    private int TrimCarriageReturn(int start, int count) => count > 0 && _buffer[start + count - 1] == '\r' ? count - 1 : count;

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
