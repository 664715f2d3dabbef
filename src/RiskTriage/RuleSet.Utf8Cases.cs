using System.Buffers;
using System.Text;
using System.Text.Unicode;
using RiskTriage.Evaluation;

namespace RiskTriage;

// The entry points that read a JSON case as UTF-8 (the fast path for text and bytes), apart from RuleSet.cs.
public sealed partial class RuleSet
{
    /// <summary>
    /// Evaluates one case given as UTF-8 JSON (such as a request body or a line of a file read as bytes), without
    /// making a string of it first. The decision is the one <see cref="Evaluate(Stream, TraceDetail)"/> gives for the
    /// same bytes, byte for byte: strict JSON (RFC 8259), a UTF-8 byte order mark allowed, bytes that are not UTF-8 an error.
    /// </summary>
    /// <param name="utf8Json">The case's bytes.</param>
    /// <param name="trace">The trace detail of the decision.</param>
    /// <returns>The decision; bad case data gives an <see cref="DecisionStatus.Invalid"/> decision, never an exception.</returns>
    public Decision Evaluate(ReadOnlySpan<byte> utf8Json, TraceDetail trace = TraceDetail.None)
    {
        var text = utf8Json.StartsWith("\uFEFF"u8) ? utf8Json[3..] : utf8Json;

        // Bytes that are not UTF-8 (a UTF-16 or UTF-32 byte order mark, which the stream reader honours, is not UTF-8
        // either), or more characters than a case may have, are worded as the stream reader words them.
        if (!Utf8.IsValid(text)
            || (text.Length > _options.Limits.MaxCaseLength && Encoding.UTF8.GetCharCount(text) > _options.Limits.MaxCaseLength))
        {
            using var stream = new MemoryStream(utf8Json.ToArray(), writable: false);
            return Evaluate(stream, trace);
        }

        return Utf8CaseReader.TryRead(text, _utf8Schema, _checked.CaseIdField, _options, out var read)
            ? Decide(read, trace)
            // With its byte order mark, which the strict path takes away once, as for text: a second one is a character.
            : EvaluateStrict(Encoding.UTF8.GetString(utf8Json), trace);
    }

    /// <summary>
    /// Reads the case as UTF-8 with the <see cref="Utf8CaseReader"/>; null when the text has a lone surrogate or is
    /// left to the strict path for its wording.
    /// </summary>
    private Decision? TryEvaluateUtf16(string json, TraceDetail trace) =>
        TryReadCase(json, out var read) ? Decide(read, trace) : null;

    /// <summary>
    /// Reads a case given as text with the <see cref="Utf8CaseReader"/> (made UTF-8 in a pooled buffer first, which
    /// costs less than the reader it lets the text skip); false when the text has a lone surrogate or is left to the
    /// strict path for its wording.
    /// </summary>
    internal bool TryReadCase(string json, out CaseReadResult read)
    {
        // A byte order mark is allowed before the case (RFC 8259 §8.1).
        var text = HasByteOrderMark(json) ? json.AsSpan(1) : json.AsSpan();

        // A case past what one buffer can hold is left to the strict path.
        if (text.Length > Array.MaxLength / 3)
        {
            read = default;
            return false;
        }

        // At most three bytes a character: a small case is not counted first, a large one is (a lone surrogate counts
        // as the three bytes of U+FFFD, and is then rejected below).
        var utf8 = ArrayPool<byte>.Shared.Rent(text.Length <= 16_384 ? text.Length * 3 : Encoding.UTF8.GetByteCount(text));
        try
        {
            // A lone surrogate cannot be written as UTF-8: the strict path words it.
            if (Utf8.FromUtf16(text, utf8, out _, out var length, replaceInvalidSequences: false) == OperationStatus.Done
                && Utf8CaseReader.TryRead(utf8.AsSpan(0, length), _utf8Schema, _checked.CaseIdField, _options, out read))
            {
                return true;
            }

            read = default;
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }
}
