using System.Text;
using RiskTriage.Runtime;

namespace RiskTriage.Evaluation;

// The direct path: the bytes of a well-formed case read straight against the schema, without a token reader.
internal sealed partial class Utf8CaseReader
{
    /// <summary>Thrown to leave a case to the token reader (<see cref="TryReadWithTokens"/>).</summary>
    private sealed class DirectPathLeft : Exception;

    // Thrown from one place, so that the steps that throw stay small enough to be inlined.
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void LeaveToTokens() => throw new DirectPathLeft();

    /// <summary>
    /// Reads a case the way nearly every case is written (strict JSON with no escapes, declared fields each once and
    /// undeclared ones of one token, values of their declared types within the limits) straight from its bytes, the
    /// values decided by the same calls as on the token path (<see cref="CaseReaderBase"/>), so the record, the case id
    /// and every value are the ones <see cref="TryReadWithTokens"/> gives. Anything else (an escape, a repeated name, an
    /// undeclared field of many tokens or where they are rejected, a value of another type, any error, deep nesting,
    /// text that is not JSON) leaves the case to the token path, which reads it from its start: false. The text must be
    /// UTF-8 (both callers check it), as for the token path, whose
    /// <see cref="System.Text.Json.Utf8JsonReader.GetString"/> throws on bytes that are not.
    /// </summary>
    internal static bool TryReadDirect(ReadOnlySpan<byte> utf8, Utf8CaseSchema schema, string caseIdField, RuleSetOptions options, out CaseReadResult result) =>
        (t_reader ??= new Utf8CaseReader()).ReadDirect(utf8, schema, caseIdField, options, out result);

    private bool ReadDirect(ReadOnlySpan<byte> utf8, Utf8CaseSchema schema, string caseIdField, RuleSetOptions options, out CaseReadResult result)
    {
        Start(options, caseIdField);
        var text = new Utf8Cursor(utf8);
        try
        {
            text.SkipWhiteSpace();
            if (text.Peek() != '{')
            {
                LeaveToTokens();
            }

            var record = ReadObjectDirect(ref text, schema, isRoot: true);
            text.SkipWhiteSpace();
            if (!text.AtEnd || HasErrors)
            {
                LeaveToTokens();
            }

            result = Result(record);
            return true;
        }
        catch (Exception e) when (e is DirectPathLeft or StrictPathNeeded)
        {
            result = default;
            return false;
        }
    }

    /// <summary>Reads an object at its '{' (and through its '}').</summary>
    private CaseRecord ReadObjectDirect(ref Utf8Cursor text, Utf8CaseSchema schema, bool isRoot)
    {
        EnterDirect();
        text.Pos++;
        var fields = new FieldValue[schema.Fields.Length];
        var next = 0;
        var seen = new FieldsSeen(fields.Length);
        var quotedNames = schema.QuotedNames;
        text.SkipWhiteSpace();
        if (text.Peek() == '}')
        {
            text.Pos++;
            return Complete(fields, schema.Type);
        }

        while (true)
        {
            if (text.Peek() != '"')
            {
                LeaveToTokens();
            }

            text.Pos++;

            // Fields mostly come in declaration order: the expected name and its closing quote are matched in place,
            // without searching for the end of the name first.
            var index = (uint)next < (uint)quotedNames.Length && text.SkipText(quotedNames[next]) ? next : -1;
            ReadOnlySpan<byte> name = default;
            if (index < 0)
            {
                name = text.StringBody();
                index = schema.Find(name, next);
            }

            if (index < 0)
            {
                ReadOtherFieldDirect(ref text, Encoding.UTF8.GetString(name), ref seen, isRoot);
            }
            else
            {
                if (seen.Declared(index))
                {
                    LeaveToTokens();
                }

                next = index + 1;
                text.SkipWhiteSpace();
                text.Expect((byte)':');
                text.SkipWhiteSpace();
                fields[index] = ReadValueDirect(ref text, schema.Fields[index], ValuePath.Field(schema.FieldNames[index]));
                if (isRoot && index == schema.CaseIdIndex)
                {
                    DeclaredCaseId(fields[index]);
                }
            }

            // A case with an error is the token path's to word: leave at the first one, not after reading it all.
            if (HasErrors)
            {
                LeaveToTokens();
            }

            if (text.EndOfItem((byte)'}'))
            {
                return Complete(fields, schema.Type);
            }
        }
    }

    /// <summary>
    /// A field the schema does not declare, from after its name, as <see cref="ReadObject"/> reads it: an undeclared case
    /// id given as text (or null) at the root, or, where undeclared fields are ignored, a text, number, true, false or
    /// null stepped over. Anything else (a case id given as a number, a value of many tokens, a name given twice, an
    /// undeclared field where they are rejected) is left to the token path.
    /// </summary>
    private void ReadOtherFieldDirect(ref Utf8Cursor text, string name, ref FieldsSeen seen, bool isRoot)
    {
        if (seen.Other(name))
        {
            LeaveToTokens();
        }

        text.SkipWhiteSpace();
        text.Expect((byte)':');
        text.SkipWhiteSpace();
        var first = text.Peek();
        if (isRoot && name == CaseIdField)
        {
            if (first == '"')
            {
                text.Pos++;
                TextCaseId(Encoding.UTF8.GetString(text.StringBody()));
            }
            else
            {
                text.Literal("null"u8);
            }

            return;
        }

        if (Options.UnknownFields == UnknownFieldHandling.Reject)
        {
            LeaveToTokens();
        }

        switch (first)
        {
            case (byte)'"':
                text.Pos++;
                text.StringBody();
                break;
            case (byte)'t':
                text.Literal("true"u8);
                break;
            case (byte)'f':
                text.Literal("false"u8);
                break;
            case (byte)'n':
                text.Literal("null"u8);
                break;
            default:
                text.Number();
                break;
        }
    }

    /// <summary>Reads a value at its first byte, as <see cref="ReadValue"/> reads the same token.</summary>
    private FieldValue ReadValueDirect(ref Utf8Cursor text, Utf8FieldShape shape, ValuePath path)
    {
        var first = text.Peek();
        if (first == 'n')
        {
            text.Literal("null"u8);
            return default;
        }

        var type = shape.Type;
        switch (type.Kind)
        {
            case Expressions.Binding.TypeKind.Number when first == '-' || char.IsAsciiDigit((char)first):
                return Number(text.NumberValue(), path);

            case Expressions.Binding.TypeKind.Bool when first == 't':
                text.Literal("true"u8);
                return FieldValue.OfBool(true);

            case Expressions.Binding.TypeKind.Bool when first == 'f':
                text.Literal("false"u8);
                return FieldValue.OfBool(false);

            case Expressions.Binding.TypeKind.String when first == '"':
                text.Pos++;

                // A small enumeration's value matched in place with its closing quote (as FindEnumValue would match it).
                if (shape.EnumQuoted is { } quoted && text.SkipOneOf(quoted) is var k and >= 0)
                {
                    if (shape.EnumValues![k].Length <= Options.Limits.MaxCaseStringLength)
                    {
                        return FieldValue.OfReference(shape.EnumValues[k]);
                    }

                    text.Pos -= quoted[k]!.Length;
                }

                var body = text.StringBody();
                if (shape.IsEnum && shape.FindEnumValue(body) is { } value && value.Length <= Options.Limits.MaxCaseStringLength)
                {
                    return FieldValue.OfReference(value);
                }

                return Text(Encoding.UTF8.GetString(body), type, path, mayHaveLoneSurrogate: false);

            case Expressions.Binding.TypeKind.Date when first == '"':
                text.Pos++;
                if (text.DateText(out var direct))
                {
                    return FieldValue.OfDate(direct);
                }

                var date = text.StringBody();
                return IsoDate.TryReadDirect(date, out var day) ? FieldValue.OfDate(day) : Date(Encoding.UTF8.GetString(date), path);

            case Expressions.Binding.TypeKind.Object when first == '{':
                Enter(path);
                var record = ReadObjectDirect(ref text, shape.Object!, isRoot: false);
                Leave();
                return FieldValue.OfReference(record);

            case Expressions.Binding.TypeKind.List when first == '[':
                Enter(path);
                var list = ReadListDirect(ref text, shape.Element!);
                Leave();
                return list;
        }

        // A value of another type is an error: the token path words it.
        LeaveToTokens();
        return default;
    }

    /// <summary>Reads a list at its '[' (and through its ']'), as <see cref="ReadList"/> reads it.</summary>
    private FieldValue ReadListDirect(ref Utf8Cursor text, Utf8FieldShape element)
    {
        EnterDirect();
        text.Pos++;
        var start = StartList();
        var index = 0;
        var tooLong = false;
        text.SkipWhiteSpace();
        if (text.Peek() == ']')
        {
            text.Pos++;
            return EndList(start, element.Type);
        }

        while (true)
        {
            // A list past a limit is an error: the token path words it.
            if (Admit(start, ref tooLong) != NextItem.Read)
            {
                LeaveToTokens();
            }

            AddItem(ReadValueDirect(ref text, element, ValuePath.Item(index++)));
            if (HasErrors)
            {
                LeaveToTokens();
            }

            if (text.EndOfItem((byte)']'))
            {
                return EndList(start, element.Type);
            }
        }
    }

    /// <summary>
    /// Before an object or list is read: nesting near the depth limit (or deep enough for the token path to check the
    /// stack) is left to the token path, which holds it to the limit.
    /// </summary>
    private void EnterDirect()
    {
        if (Depth + 1 >= Math.Min(Options.Limits.MaxJsonDepth, 32))
        {
            LeaveToTokens();
        }
    }

    /// <summary>A position in a case's bytes, and the steps of RFC 8259's grammar the direct path takes.</summary>
    private ref struct Utf8Cursor(ReadOnlySpan<byte> text)
    {
        private readonly ReadOnlySpan<byte> _text = text;

        public int Pos;

        public readonly bool AtEnd => Pos == _text.Length;

        /// <summary>The byte at the position, or 0 past the end (which no step takes).</summary>
        public readonly byte Peek() => (uint)Pos < (uint)_text.Length ? _text[Pos] : (byte)0;

        public void SkipWhiteSpace()
        {
            while ((uint)Pos < (uint)_text.Length && _text[Pos] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                Pos++;
            }
        }

        public void Expect(byte b)
        {
            if (Peek() != b)
            {
                LeaveToTokens();
            }

            Pos++;
        }

        /// <summary>After an item: true at the container's closing byte, false at a comma (both stepped over).</summary>
        public bool EndOfItem(byte close)
        {
            SkipWhiteSpace();
            var b = Peek();
            Pos++;
            if (b == close)
            {
                return true;
            }

            if (b != ',')
            {
                LeaveToTokens();
            }

            SkipWhiteSpace();
            return false;
        }

        public void Literal(ReadOnlySpan<byte> word)
        {
            if (!_text[Pos..].StartsWith(word))
            {
                LeaveToTokens();
            }

            Pos += word.Length;
        }

        /// <summary>
        /// Whether the rest of a string, from after its opening quote, is <paramref name="quoted"/> (a text with no quote,
        /// escape or control character, and its closing quote: <see cref="Utf8CaseSchema.Quoted"/>); if so the position
        /// moves past it, as <see cref="StringBody"/> would have moved for the same text.
        /// </summary>
        public bool SkipText(byte[]? quoted)
        {
            if (quoted is null || !_text[Pos..].StartsWith(quoted))
            {
                return false;
            }

            Pos += quoted.Length;
            return true;
        }

        /// <summary>The index of the one of <paramref name="quoted"/> the rest of a string is (see <see cref="SkipText"/>), or -1.</summary>
        public int SkipOneOf(byte[]?[] quoted)
        {
            for (var i = 0; i < quoted.Length; i++)
            {
                if (SkipText(quoted[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// A date written as <see cref="IsoDate.TryReadDirect"/> reads it (ten digits and dashes, so nothing JSON escapes)
        /// and closed by its quote, from after its opening quote; the position moves past the quote. False (the position
        /// unmoved) for any other text, which <see cref="StringBody"/> then reads.
        /// </summary>
        public bool DateText(out DateOnly date)
        {
            var rest = _text[Pos..];
            if (rest.Length > 10 && rest[10] == '"' && IsoDate.TryReadDirect(rest[..10], out date))
            {
                Pos += 11;
                return true;
            }

            date = default;
            return false;
        }

        /// <summary>The bytes of a string without escapes, from after its opening quote; the position moves past its closing quote.</summary>
        public ReadOnlySpan<byte> StringBody()
        {
            var rest = _text[Pos..];
            var end = rest.IndexOfAny(Utf8CaseSchema.StringStops);
            if (end < 0 || rest[end] != '"')
            {
                LeaveToTokens();
            }

            Pos += end + 1;
            return rest[..end];
        }

        /// <summary>A number as RFC 8259 writes it (<c>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</c>); what follows it is checked by the next step.</summary>
        public ReadOnlySpan<byte> Number()
        {
            var start = Pos;
            if (Peek() == '-')
            {
                Pos++;
            }

            if (Peek() == '0')
            {
                Pos++;
            }
            else
            {
                Digits();
            }

            if (Peek() == '.')
            {
                Pos++;
                Digits();
            }

            if (Peek() is (byte)'e' or (byte)'E')
            {
                Pos++;
                if (Peek() is (byte)'+' or (byte)'-')
                {
                    Pos++;
                }

                Digits();
            }

            return _text[start..Pos];
        }

        /// <summary>
        /// A number as <see cref="Number"/> steps over it, read as <see cref="ReadNumber"/> reads its bytes: the numbers
        /// cases are made of (at most 15 digits, no exponent) from the digits as they are stepped over, in the same
        /// arithmetic as <see cref="TryReadShortNumber"/> (so to the bit the same value), any other by <see cref="ReadNumber"/>.
        /// </summary>
        public double NumberValue()
        {
            var start = Pos;
            var negative = Peek() == '-';
            if (negative)
            {
                Pos++;
            }

            long digits = 0;
            int count;
            if (Peek() == '0')
            {
                Pos++;
                count = 1;
            }
            else
            {
                count = Digits(ref digits);
            }

            var fraction = -1;
            if (Peek() == '.')
            {
                Pos++;
                fraction = Digits(ref digits);
                count += fraction;
            }

            if (count > 15 || Peek() is (byte)'e' or (byte)'E')
            {
                Pos = start;
                return ReadNumber(Number());
            }

            if (fraction < 0)
            {
                return negative ? -digits : digits;
            }

            var number = digits / s_exactPowersOfTen[fraction];
            return negative ? -number : number;
        }

        /// <summary>One digit or more.</summary>
        private void Digits()
        {
            long ignored = 0;
            Digits(ref ignored);
        }

        /// <summary>One digit or more, added to <paramref name="value"/> (which may wrap past 18 digits); returns how many.</summary>
        private int Digits(ref long value)
        {
            if (!char.IsAsciiDigit((char)Peek()))
            {
                LeaveToTokens();
            }

            var start = Pos;
            do
            {
                value = (value * 10) + (_text[Pos] - '0');
                Pos++;
            }
            while (char.IsAsciiDigit((char)Peek()));
            return Pos - start;
        }
    }
}
