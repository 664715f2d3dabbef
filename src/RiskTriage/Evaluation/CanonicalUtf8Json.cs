using System.Buffers;
using System.Globalization;
using System.Text;

namespace RiskTriage.Evaluation;

/// <summary>
/// Writes decisions as canonical JSON (see <see cref="CanonicalJson"/>, which decodes what this writes) straight to
/// UTF-8: no string of the decision is made and then encoded (a batch writer's largest cost per case after the
/// evaluation).
/// </summary>
/// <remarks>
/// Hand-written rather than over <c>System.Text.Json.Utf8JsonWriter</c>: that writer escapes and formats numbers its
/// own way (non-ASCII text and <c>+</c> escaped, upper-case hex), so every canonical string and number would have to
/// go through its raw-value path anyway.
/// </remarks>
internal static class CanonicalUtf8Json
{
    // Characters a canonical string cannot hold as they are: the JSON escapes, control characters, the two line
    // separators JavaScript reads as line breaks, and surrogates (written as they are only in a valid pair).
    private static readonly SearchValues<char> _special = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u2028\u2029"
        + new string(Enumerable.Range(0xD800, 0x800).Select(c => (char)c).ToArray()));

    // Printable ASCII but the two JSON escapes: one byte a character, as it is. Most of a decision's strings are only
    // these, and an ASCII set is searched faster than the set above (which holds the surrogates).
    private static readonly SearchValues<char> _plainAscii = SearchValues.Create(
        new string([.. Enumerable.Range(0x20, 0x7F - 0x20).Where(c => c is not '"' and not '\\').Select(c => (char)c)]));

    public static void Write(IBufferWriter<byte> output, Decision decision, OutputLayout layout)
    {
        output.Write("{\"ruleSet\":{\"name\":"u8);
        String(output, decision.RuleSet.Name);
        output.Write(",\"version\":"u8);
        String(output, decision.RuleSet.Version);
        output.Write(",\"hash\":"u8);
        String(output, decision.RuleSet.Hash);
        output.Write("},\"caseId\":"u8);
        String(output, decision.CaseId);
        output.Write(",\"status\":"u8);
        switch (decision.Status)
        {
            case DecisionStatus.Complete: output.Write("\"Complete\""u8); break;
            case DecisionStatus.ReviewRequired: output.Write("\"ReviewRequired\""u8); break;
            default: String(output, decision.Status.ToString()); break;
        }

        output.Write(",\"outputs\":{"u8);
        for (var i = 0; i < layout.Names.Length; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            String(output, layout.Names[i]);
            output.Write(":"u8);
            Value(output, decision.Values[i]);
        }

        output.Write("},\"reviewReasons\":["u8);
        var first = true;
        foreach (var reason in decision.ReviewReasons)
        {
            output.Write(first ? "{\"code\":"u8 : ",{\"code\":"u8);
            first = false;
            String(output, reason.Code);
            output.Write(",\"message\":"u8);
            String(output, reason.Message);
            output.Write(",\"source\":"u8);
            String(output, reason.Source);
            output.Write("}"u8);
        }

        output.Write("]"u8);
        if (decision.Errors.Count > 0)
        {
            output.Write(",\"errors\":["u8);
            first = true;
            foreach (var error in decision.Errors)
            {
                output.Write(first ? "{\"path\":"u8 : ",{\"path\":"u8);
                first = false;
                String(output, error.Path);
                output.Write(",\"message\":"u8);
                String(output, error.Message);
                output.Write("}"u8);
            }

            output.Write("]"u8);
        }

        if (decision.Trace is { } trace)
        {
            output.Write(",\"trace\":["u8);
            first = true;
            foreach (var entry in trace)
            {
                output.Write(first ? "{\"kind\":"u8 : ",{\"kind\":"u8);
                first = false;
                String(output, entry.KindName);
                output.Write(",\"element\":"u8);
                String(output, entry.Element);
                output.Write(",\"item\":"u8);
                String(output, entry.Item);
                output.Write(",\"detail\":"u8);
                String(output, entry.Detail);
                output.Write(",\"value\":"u8);
                Value(output, entry.Value);
                if (entry.Operands.Count > 0)
                {
                    output.Write(",\"operands\":{"u8);
                    for (var i = 0; i < entry.Operands.Count; i++)
                    {
                        if (i > 0)
                        {
                            output.Write(","u8);
                        }

                        String(output, entry.Operands[i].Name);
                        output.Write(":"u8);
                        Value(output, entry.Operands[i].Value);
                    }

                    output.Write("}"u8);
                }

                output.Write("}"u8);
            }

            output.Write("]"u8);
        }

        output.Write("}"u8);
    }

    public static void Value(IBufferWriter<byte> output, RuleValue value)
    {
        switch (value.Kind)
        {
            case RuleValueKind.Missing:
                output.Write("null"u8);
                break;
            case RuleValueKind.Bool:
                output.Write(value.AsBool == true ? "true"u8 : "false"u8);
                break;
            case RuleValueKind.Number:
                Number(output, value.RawNumber);
                break;
            case RuleValueKind.List:
                output.Write("["u8);
                var items = value.AsList!;
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Write(","u8);
                    }

                    Value(output, items[i]);
                }

                output.Write("]"u8);
                break;
            default:
                String(output, value.ToString());
                break;
        }
    }

    public static void Number(IBufferWriter<byte> output, double value)
    {
        // -0 and 0 are the same number to a reader; write both as 0 so equal decisions are equal bytes.
        if (value == 0)
        {
            output.Write("0"u8);
            return;
        }

        // "R" needs at most 25 bytes ("-1.7976931348623157E+308" is 24).
        var span = output.GetSpan(32);
        if (!value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("a double's round-trip form did not fit in 32 bytes");
        }

        output.Advance(written);
    }

    public static void String(IBufferWriter<byte> output, string? text)
    {
        if (text is null)
        {
            output.Write("null"u8);
            return;
        }

        var chars = text.AsSpan();
        var at = chars.IndexOfAnyExcept(_plainAscii);
        if (at < 0)
        {
            var ascii = output.GetSpan(chars.Length + 2);
            ascii[0] = (byte)'"';
            Ascii.FromUtf16(chars, ascii[1..], out _);
            ascii[chars.Length + 1] = (byte)'"';
            output.Advance(chars.Length + 2);
            return;
        }

        // What comes before the first character that is not plain ASCII needs no escape either.
        var special = chars[at..].IndexOfAny(_special);
        at = special < 0 ? -1 : at + special;
        if (at < 0)
        {
            // The common case: nothing to escape, no surrogate, so the UTF-8 encoding is exact.
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(chars.Length) + 2);
            span[0] = (byte)'"';
            var length = Encoding.UTF8.GetBytes(chars, span[1..]);
            span[length + 1] = (byte)'"';
            output.Advance(length + 2);
            return;
        }

        output.Write("\""u8);
        while (at >= 0)
        {
            Plain(output, chars[..at]);
            var c = chars[at];
            var next = at + 1;
            switch (c)
            {
                case '"': output.Write("\\\""u8); break;
                case '\\': output.Write("\\\\"u8); break;
                case '\n': output.Write("\\n"u8); break;
                case '\r': output.Write("\\r"u8); break;
                case '\t': output.Write("\\t"u8); break;
                case '\b': output.Write("\\b"u8); break;
                case '\f': output.Write("\\f"u8); break;
                default:
                    if (char.IsHighSurrogate(c) && next < chars.Length && char.IsLowSurrogate(chars[next]))
                    {
                        Plain(output, chars.Slice(at, 2));
                        next++;
                    }
                    else
                    {
                        // Control characters, U+2028, U+2029 and lone surrogates (which UTF-8 cannot hold).
                        var span = output.GetSpan(6);
                        "\\u"u8.CopyTo(span);
                        ((int)c).TryFormat(span[2..], out _, "x4", CultureInfo.InvariantCulture);
                        output.Advance(6);
                    }

                    break;
            }

            chars = chars[next..];
            at = chars.IndexOfAny(_special);
        }

        Plain(output, chars);
        output.Write("\""u8);
    }

    /// <summary>Text with nothing to escape and no lone surrogate.</summary>
    private static void Plain(IBufferWriter<byte> output, ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(chars.Length));
        output.Advance(Encoding.UTF8.GetBytes(chars, span));
    }
}
