using System.Buffers;
using System.Text;

namespace RiskTriage.Evaluation;

/// <summary>
/// Canonical JSON as text: properties in a fixed order, numbers in invariant shortest round-trip form (20, 6.95,
/// 1E+21), strings escaped minimally and identically everywhere, no whitespace. The one writer is
/// <see cref="CanonicalUtf8Json"/>; the text is its UTF-8 decoded, which is exact, as that writer never writes a lone
/// surrogate (it escapes them), so the text and the bytes cannot drift apart.
/// </summary>
internal static class CanonicalJson
{
    /// <summary>A buffer larger than this after a write is not kept for the thread's next (a decision with a large trace).</summary>
    private const int MaxKeptBuffer = 256 * 1024;

    // One buffer per thread, taken out while in use, so a write that runs another (a value's text made by a caller's
    // code) gets a buffer of its own instead of overwriting this one.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static string Write(Decision decision)
    {
        var buffer = Take();
        CanonicalUtf8Json.Write(buffer, decision);
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Return(buffer);
        return text;
    }

    public static void Value(StringBuilder sb, RuleValue value)
    {
        var buffer = Take();
        CanonicalUtf8Json.Value(buffer, value);
        Append(sb, buffer);
    }

    public static void Number(StringBuilder sb, double value)
    {
        var buffer = Take();
        CanonicalUtf8Json.Number(buffer, value);
        Append(sb, buffer);
    }

    public static void String(StringBuilder sb, string? text)
    {
        var buffer = Take();
        CanonicalUtf8Json.String(buffer, text);
        Append(sb, buffer);
    }

    private static ArrayBufferWriter<byte> Take()
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(1024);
        t_buffer = null;
        return buffer;
    }

    private static void Return(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity <= MaxKeptBuffer)
        {
            buffer.ResetWrittenCount();
            t_buffer = buffer;
        }
    }

    private static void Append(StringBuilder sb, ArrayBufferWriter<byte> buffer)
    {
        var bytes = buffer.WrittenSpan;
        // UTF-8 never decodes to more characters than it has bytes.
        var chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        sb.Append(chars, 0, Encoding.UTF8.GetChars(bytes, chars));
        ArrayPool<char>.Shared.Return(chars);
        Return(buffer);
    }
}
