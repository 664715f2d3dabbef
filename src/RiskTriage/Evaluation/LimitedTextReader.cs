namespace RiskTriage.Evaluation;

/// <summary>
/// Reads from another reader, but throws <see cref="LimitExceededException"/> once more than a limit of characters
/// has been read: a case given as a stream is held to <see cref="RuleSetLimits.MaxCaseLength"/> as one given as text is.
/// </summary>
internal sealed class LimitedTextReader(TextReader inner, int limit) : TextReader
{
    private long _read;

    public override int Peek() => inner.Peek();

    public override int Read()
    {
        var c = inner.Read();
        Count(c >= 0 ? 1 : 0);
        return c;
    }

    public override int Read(char[] buffer, int index, int count) => Count(inner.Read(buffer, index, count));

    public override int Read(Span<char> buffer) => Count(inner.Read(buffer));

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
        _read += read;
        return _read > limit ? throw new LimitExceededException() : read;
    }

    /// <summary>The reader has given more characters than the limit.</summary>
    internal sealed class LimitExceededException : Exception
    {
    }
}
