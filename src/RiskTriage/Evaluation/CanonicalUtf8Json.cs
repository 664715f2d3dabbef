using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
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
/// go through its raw-value path anyway. A decision is written into the span the output hands out (<see cref="Sink"/>),
/// not through a call to the output per piece, and what is the same for every decision of a rule set (the rule-set
/// identity, the output names with their quotes and colons) is encoded once per rule set (<see cref="Fragments"/>).
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

    // Keyed by the layout, which a rule set makes once with its identity: weak, so a rule set that is dropped takes its
    // fragments with it.
    private static readonly ConditionalWeakTable<OutputLayout, Fragments> _fragments = [];

    /// <summary>
    /// Integral numbers below this magnitude have no exponent in the round-trip form (it switches to <c>E+15</c> at
    /// 10^15), so they are written as the integer they are, which is the same text without the floating-point formatter.
    /// </summary>
    private const double PlainIntegerLimit = 1e15;

    /// <summary>Writes <paramref name="decision"/>, its outputs read by its own layout (the places of its cells).</summary>
    public static void Write(IBufferWriter<byte> output, Decision decision)
    {
        var layout = decision.Layout;
        var fragments = _fragments.GetValue(layout, static l => new Fragments(l));
        var sink = new Sink(output, fragments.SizeHint);
        var identity = decision.RuleSet;
        var head = fragments.Head ?? fragments.Claim(identity);
        if (ReferenceEquals(identity, head.Identity))
        {
            sink.Write(head.Bytes);
        }
        else
        {
            // A layout written with another identity than the first it was written with (not one rule set's own
            // decisions): written in full.
            Identity(ref sink, identity);
        }

        String(ref sink, decision.CaseId);
        switch (decision.Status)
        {
            case DecisionStatus.Complete: sink.Write(",\"status\":\"Complete\",\"outputs\":{"u8); break;
            case DecisionStatus.ReviewRequired: sink.Write(",\"status\":\"ReviewRequired\",\"outputs\":{"u8); break;
            default:
                sink.Write(",\"status\":"u8);
                String(ref sink, decision.Status.ToString());
                sink.Write(",\"outputs\":{"u8);
                break;
        }

        // Each output written from where the decision keeps it: a cell's number, true/false or date, or a text, as its
        // rule value would be written but without making one (Decision.Output's work); any other value as a rule value.
        var keys = fragments.Keys;
        var places = layout.Places;
        var kinds = layout.Kinds;
        var textBytes = fragments.Texts;
        var cells = decision.Cells;
        for (var i = 0; i < keys.Length; i++)
        {
            sink.Write(keys[i]);
            var place = places[i];
            if (place >= 0 && textBytes[i] is { } coded)
            {
                // An enumerated text's code: the text's bytes, encoded once.
                var code = OutputCells.Code(cells, place);
                if (code == 0)
                {
                    sink.Write("null"u8);
                }
                else if (code != OutputCells.OtherText)
                {
                    sink.Write(coded[code - 1]);
                }
                else
                {
                    Value(ref sink, decision.Output(i));
                }
            }
            else if (place >= 0)
            {
                Cell(ref sink, cells[place], kinds[i]);
            }
            else if (decision.Reference(~place) is string text)
            {
                String(ref sink, text);
            }
            else
            {
                Value(ref sink, decision.Output(i));
            }
        }

        sink.Write("},\"reviewReasons\":["u8);
        // Walked where the decision keeps them (no list is made of the rules' reasons kept as a mask); the reason
        // counting those not listed, rare, last. A reason the rule set made once (a rule's, a missing input's) is
        // written from its bytes, made once too.
        var first = true;
        foreach (var reason in decision.EnumerateListedReviews())
        {
            if (fragments.Reason(reason) is { } bytes)
            {
                sink.Write(first ? bytes.AsSpan(1) : bytes);
            }
            else
            {
                Reason(ref sink, reason, first);
            }

            first = false;
        }

        if (decision.HasMoreReviews)
        {
            Reason(ref sink, decision.MoreReviewsReason(), first);
        }

        sink.Write("]"u8);
        // Walked where the decision keeps them (no read-only view is made); the error counting those not listed last.
        if (decision.ListedErrors is { Count: > 0 } errors)
        {
            sink.Write(",\"errors\":["u8);
            for (var i = 0; i < errors.Count; i++)
            {
                Error(ref sink, errors[i], first: i == 0);
            }

            if (decision.MoreErrorsError() is { } more)
            {
                Error(ref sink, more, first: false);
            }

            sink.Write("]"u8);
        }

        if (decision.Trace is { } trace)
        {
            Trace(ref sink, trace);
        }

        sink.Write("}"u8);
        sink.Done();
    }

    /// <summary>
    /// How many review reasons' bytes are kept for one layout's decisions at most. Only a rule set's own reasons (a
    /// rule's review, a missing input's: <see cref="SharedReviewReasons"/>) are kept, so the bound is reached only by
    /// a layout shared by rule sets with that many reasons between them; a reason past it is written as it comes.
    /// </summary>
    internal const int MaxKeptReasons = 512;

    /// <summary>How many review reasons' bytes are kept for <paramref name="layout"/>'s decisions (at most <see cref="MaxKeptReasons"/>).</summary>
    internal static int KeptReasons(OutputLayout layout) => _fragments.TryGetValue(layout, out var fragments) ? fragments.KeptReasons : 0;

    public static void Value(IBufferWriter<byte> output, RuleValue value)
    {
        var sink = new Sink(output, 32);
        Value(ref sink, value);
        sink.Done();
    }

    public static void Number(IBufferWriter<byte> output, double value)
    {
        var sink = new Sink(output, 32);
        Number(ref sink, value);
        sink.Done();
    }

    public static void String(IBufferWriter<byte> output, string? text)
    {
        var sink = new Sink(output, text is null ? 4 : text.Length + 2);
        String(ref sink, text);
        sink.Done();
    }

    /// <summary>A review reason as an item of <c>reviewReasons</c>, after a comma unless it is the <paramref name="first"/>.</summary>
    private static void Reason(ref Sink sink, ReviewReason reason, bool first)
    {
        sink.Write(first ? "{\"code\":"u8 : ",{\"code\":"u8);
        String(ref sink, reason.Code);
        sink.Write(",\"message\":"u8);
        String(ref sink, reason.Message);
        sink.Write(",\"source\":"u8);
        String(ref sink, reason.Source);
        sink.Write("}"u8);
    }

    private static void Error(ref Sink sink, CaseError error, bool first)
    {
        sink.Write(first ? "{\"path\":"u8 : ",{\"path\":"u8);
        String(ref sink, error.Path);
        sink.Write(",\"message\":"u8);
        String(ref sink, error.Message);
        sink.Write("}"u8);
    }

    private static void Identity(ref Sink sink, RuleSetIdentity identity)
    {
        sink.Write("{\"ruleSet\":{\"name\":"u8);
        String(ref sink, identity.Name);
        sink.Write(",\"version\":"u8);
        String(ref sink, identity.Version);
        sink.Write(",\"hash\":"u8);
        String(ref sink, identity.Hash);
        sink.Write("},\"caseId\":"u8);
    }

    private static void Trace(ref Sink sink, IReadOnlyList<TraceEntry> trace)
    {
        sink.Write(",\"trace\":["u8);
        for (var n = 0; n < trace.Count; n++)
        {
            var entry = trace[n];
            sink.Write(n == 0 ? "{\"kind\":"u8 : ",{\"kind\":"u8);
            String(ref sink, entry.KindName);
            sink.Write(",\"element\":"u8);
            String(ref sink, entry.Element);
            sink.Write(",\"item\":"u8);
            String(ref sink, entry.Item);
            sink.Write(",\"detail\":"u8);
            String(ref sink, entry.Detail);
            sink.Write(",\"value\":"u8);
            Value(ref sink, entry.Value);
            var operands = entry.Operands;
            if (operands.Count > 0)
            {
                sink.Write(",\"operands\":{"u8);
                for (var i = 0; i < operands.Count; i++)
                {
                    if (i > 0)
                    {
                        sink.Write(","u8);
                    }

                    String(ref sink, operands[i].Name);
                    sink.Write(":"u8);
                    Value(ref sink, operands[i].Value);
                }

                sink.Write("}"u8);
            }

            sink.Write("}"u8);
        }

        sink.Write("]"u8);
    }

    /// <summary>An output's cell (see <see cref="OutputCells"/>) of <paramref name="kind"/>, as <see cref="OutputCells.Read"/>'s value is written.</summary>
    private static void Cell(ref Sink sink, long cell, RuleValueKind kind)
    {
        if (cell == OutputCells.Missing)
        {
            sink.Write("null"u8);
            return;
        }

        var value = OutputCells.ValueOf(cell);
        switch (kind)
        {
            case RuleValueKind.Number:
                // A cell holds no non-finite number (one is left missing); were it to, it would read as missing.
                if (double.IsFinite(value))
                {
                    Number(ref sink, value);
                }
                else
                {
                    sink.Write("null"u8);
                }

                break;
            case RuleValueKind.Bool:
                sink.Write(value != 0 ? "true"u8 : "false"u8);
                break;
            default:
                Date(ref sink, (int)value);
                break;
        }
    }

    private static void Date(ref Sink sink, int dayNumber)
    {
        // "yyyy-MM-dd": ASCII digits and dashes, nothing to escape (a year past 9999 cannot be a DateOnly).
        var span = sink.Room(12);
        span[0] = (byte)'"';
        if (!DateOnly.FromDayNumber(dayNumber).TryFormat(span[1..], out var written, Runtime.IsoDate.Format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("a date's ISO form did not fit in 10 bytes");
        }

        span[written + 1] = (byte)'"';
        sink.Advance(written + 2);
    }

    private static void Value(ref Sink sink, RuleValue value)
    {
        switch (value.Kind)
        {
            case RuleValueKind.Missing:
                sink.Write("null"u8);
                break;
            case RuleValueKind.Bool:
                sink.Write(value.AsBool == true ? "true"u8 : "false"u8);
                break;
            case RuleValueKind.Number:
                Number(ref sink, value.RawNumber);
                break;
            case RuleValueKind.Date:
                Date(ref sink, (int)value.RawNumber);
                break;

            case RuleValueKind.List:
                sink.Write("["u8);
                var items = value.ListItems!;
                for (var i = 0; i < items.Length; i++)
                {
                    if (i > 0)
                    {
                        sink.Write(","u8);
                    }

                    Value(ref sink, items[i]);
                }

                sink.Write("]"u8);
                break;
            default:
                String(ref sink, value.ToString());
                break;
        }
    }

    private static void Number(ref Sink sink, double value)
    {
        // -0 and 0 are the same number to a reader; write both as 0 so equal decisions are equal bytes.
        if (value == 0)
        {
            sink.Write("0"u8);
            return;
        }

        // "R" needs at most 25 bytes ("-1.7976931348623157E+308" is 24); a long at most 20.
        var span = sink.Room(32);
        int written;
        if (Math.Abs(value) < PlainIntegerLimit && value == Math.Truncate(value))
        {
            ((long)value).TryFormat(span, out written, default, CultureInfo.InvariantCulture);
        }
        else if (!value.TryFormat(span, out written, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("a double's round-trip form did not fit in 32 bytes");
        }

        sink.Advance(written);
    }

    private static void String(ref Sink sink, string? text)
    {
        if (text is null)
        {
            sink.Write("null"u8);
            return;
        }

        var chars = text.AsSpan();
        var at = chars.IndexOfAnyExcept(_plainAscii);
        if (at < 0)
        {
            var ascii = sink.Room(chars.Length + 2);
            ascii[0] = (byte)'"';
            Ascii.FromUtf16(chars, ascii[1..], out _);
            ascii[chars.Length + 1] = (byte)'"';
            sink.Advance(chars.Length + 2);
            return;
        }

        // What comes before the first character that is not plain ASCII needs no escape either.
        var special = chars[at..].IndexOfAny(_special);
        at = special < 0 ? -1 : at + special;
        if (at < 0)
        {
            // The common case: nothing to escape, no surrogate, so the UTF-8 encoding is exact.
            var span = sink.Room(Encoding.UTF8.GetMaxByteCount(chars.Length) + 2);
            span[0] = (byte)'"';
            var length = Encoding.UTF8.GetBytes(chars, span[1..]);
            span[length + 1] = (byte)'"';
            sink.Advance(length + 2);
            return;
        }

        sink.Write("\""u8);
        while (at >= 0)
        {
            Plain(ref sink, chars[..at]);
            var c = chars[at];
            var next = at + 1;
            switch (c)
            {
                case '"': sink.Write("\\\""u8); break;
                case '\\': sink.Write("\\\\"u8); break;
                case '\n': sink.Write("\\n"u8); break;
                case '\r': sink.Write("\\r"u8); break;
                case '\t': sink.Write("\\t"u8); break;
                case '\b': sink.Write("\\b"u8); break;
                case '\f': sink.Write("\\f"u8); break;
                default:
                    if (char.IsHighSurrogate(c) && next < chars.Length && char.IsLowSurrogate(chars[next]))
                    {
                        Plain(ref sink, chars.Slice(at, 2));
                        next++;
                    }
                    else
                    {
                        // Control characters, U+2028, U+2029 and lone surrogates (which UTF-8 cannot hold).
                        var span = sink.Room(6);
                        "\\u"u8.CopyTo(span);
                        ((int)c).TryFormat(span[2..], out _, "x4", CultureInfo.InvariantCulture);
                        sink.Advance(6);
                    }

                    break;
            }

            chars = chars[next..];
            at = chars.IndexOfAny(_special);
        }

        Plain(ref sink, chars);
        sink.Write("\""u8);
    }

    /// <summary>Text with nothing to escape and no lone surrogate.</summary>
    private static void Plain(ref Sink sink, ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return;
        }

        var span = sink.Room(Encoding.UTF8.GetMaxByteCount(chars.Length));
        sink.Advance(Encoding.UTF8.GetBytes(chars, span));
    }

    /// <summary>
    /// A span of the output written piece by piece and handed back once (<see cref="Done"/>): one call to the output
    /// for a whole decision of usual size instead of a call (and a span) per piece.
    /// </summary>
    private ref struct Sink
    {
        private readonly IBufferWriter<byte> _output;
        private Span<byte> _span;
        private int _at;

        public Sink(IBufferWriter<byte> output, int sizeHint)
        {
            _output = output;
            _span = output.GetSpan(sizeHint);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Write(ReadOnlySpan<byte> bytes)
        {
            if (bytes.TryCopyTo(_span[_at..]))
            {
                _at += bytes.Length;
                return;
            }

            Room(bytes.Length);
            bytes.CopyTo(_span[_at..]);
            _at += bytes.Length;
        }

        /// <summary>At least <paramref name="length"/> bytes to write into from the current position.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Span<byte> Room(int length)
        {
            if (_span.Length - _at < length)
            {
                Renew(length);
            }

            return _span[_at..];
        }

        public void Advance(int count) => _at += count;

        /// <summary>Hands what was written to the output.</summary>
        public void Done()
        {
            _output.Advance(_at);
            _at = 0;
            _span = default;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Renew(int length)
        {
            _output.Advance(_at);
            _at = 0;
            // Ask for more than this piece needs, so a long decision does not come back for every piece.
            _span = _output.GetSpan(Math.Max(length, 4096));
            if (_span.Length < length)
            {
                throw new InvalidOperationException($"the output gave a span of {_span.Length} bytes when {length} were asked for");
            }
        }
    }

    /// <summary>Everything a decision writes before its case id: <c>{"ruleSet":{...},"caseId":</c>.</summary>
    private sealed record HeadBytes(RuleSetIdentity Identity, byte[] Bytes);

    /// <summary>The bytes every decision of one rule set writes alike, encoded once.</summary>
    private sealed class Fragments
    {
        // Keyed by the instance: a reason is immutable, and two equal reasons made apart are simply encoded twice.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<ReviewReason, byte[]> _reasons = new(ReferenceEqualityComparer.Instance);
        private int _keptReasons;
        private HeadBytes? _head;

        public Fragments(OutputLayout layout)
        {
            Keys = new byte[layout.Names.Length][];
            var buffer = new ArrayBufferWriter<byte>();
            for (var i = 0; i < Keys.Length; i++)
            {
                buffer.ResetWrittenCount();
                if (i > 0)
                {
                    buffer.Write(","u8);
                }

                String(buffer, layout.Names[i]);
                buffer.Write(":"u8);
                Keys[i] = buffer.WrittenSpan.ToArray();
            }

            Texts = new byte[][]?[layout.Names.Length];
            for (var i = 0; i < Texts.Length; i++)
            {
                if (layout.Texts[i] is { } texts)
                {
                    Texts[i] = new byte[texts.Length][];
                    for (var t = 0; t < texts.Length; t++)
                    {
                        buffer.ResetWrittenCount();
                        String(buffer, texts[t]);
                        Texts[i]![t] = buffer.WrittenSpan.ToArray();
                    }
                }
            }

            // Room for the usual decision in the first span the output hands out: the names and about 16 bytes a value.
            SizeHint = Math.Min(1024 + Keys.Sum(k => k.Length + 16), 64 * 1024);
        }

        /// <summary>The head of the identity the layout was first written with, or <c>null</c> before that.</summary>
        public HeadBytes? Head => Volatile.Read(ref _head);

        /// <summary>Each output's name as a property key: <c>"name":</c>, after a comma for all but the first.</summary>
        public byte[][] Keys { get; }

        /// <summary>Each enumerated text output's texts (see <see cref="OutputLayout.Texts"/>) as JSON strings, by slot; null for any other output.</summary>
        public byte[][]?[] Texts { get; }

        public int SizeHint { get; }

        public int KeptReasons => _reasons.Count;

        /// <summary>
        /// The bytes of <paramref name="reason"/> as a later item of <c>reviewReasons</c> (after a comma), encoded on
        /// its first use; null for a reason made for one decision (not <see cref="SharedReviewReasons.IsShared"/>),
        /// and once <see cref="MaxKeptReasons"/> others are kept and it is not one of them.
        /// </summary>
        public byte[]? Reason(ReviewReason reason)
        {
            if (_reasons.TryGetValue(reason, out var bytes))
            {
                return bytes;
            }

            if (!SharedReviewReasons.IsShared(reason)
                || Volatile.Read(ref _keptReasons) >= MaxKeptReasons || Interlocked.Increment(ref _keptReasons) > MaxKeptReasons)
            {
                return null;
            }

            var buffer = new ArrayBufferWriter<byte>();
            var sink = new Sink(buffer, 256);
            CanonicalUtf8Json.Reason(ref sink, reason, first: false);
            sink.Done();
            return _reasons.GetOrAdd(reason, buffer.WrittenSpan.ToArray());
        }

        /// <summary>Makes the head of <paramref name="identity"/> the layout's, unless another thread made one first; returns the layout's.</summary>
        public HeadBytes Claim(RuleSetIdentity identity)
        {
            var buffer = new ArrayBufferWriter<byte>();
            var sink = new Sink(buffer, 256);
            Identity(ref sink, identity);
            sink.Done();
            var made = new HeadBytes(identity, buffer.WrittenSpan.ToArray());
            return Interlocked.CompareExchange(ref _head, made, null) ?? made;
        }
    }
}
