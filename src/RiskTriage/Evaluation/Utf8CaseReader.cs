using System.Globalization;
using System.Numerics;
using System.Text.Json;
using RiskTriage.Runtime;

namespace RiskTriage.Evaluation;

/// <summary>
/// Reads a case from UTF-8 JSON with <see cref="Utf8JsonReader"/> into a <see cref="CaseRecord"/>, checking the text
/// and reading it in one pass: the reader itself holds the text to RFC 8259 (no comments, trailing commas, single
/// quotes, leading zeros, NaN, <c>undefined</c>, trailing content; nesting to the depth limit), field names and small
/// enumerations are matched as bytes, and the values' types, limits and defaults are decided as the other reader
/// decides them (<see cref="CaseReaderBase"/>).
/// </summary>
/// <remarks>
/// A case this reader does not word itself is left to the strict path (<see cref="StrictJsonScanner"/>, then the
/// Newtonsoft <see cref="CaseReader"/>), which words it as cases always have been: text that is not JSON, a lone
/// surrogate (which <see cref="Utf8JsonReader"/> lets through), a name given twice inside a skipped value (whose path
/// is Newtonsoft's), and a thread stack too small for the nesting. <see cref="TryRead"/> then returns false. The
/// whole text is read before any result is given, so a fault late in the text is never hidden by an earlier error.
/// A case written as nearly every case is (no escapes, declared fields only, no errors) is first read straight from
/// its bytes, without the token reader (<see cref="TryReadDirect"/>, in Utf8CaseReader.Direct.cs); any other is read
/// token by token from its start.
/// </remarks>
internal sealed partial class Utf8CaseReader : CaseReaderBase
{
    // One reader per thread, readied for each case: reading a case allocates only what the record holds.
    [ThreadStatic]
    private static Utf8CaseReader? t_reader;

    private List<HashSet<string>?>? _skippedNames;

    /// <summary>
    /// Reads one case: straight from its bytes when it is written as nearly every case is (<see cref="TryReadDirect"/>),
    /// token by token otherwise; false when it is left to the strict path (see the remarks on the type).
    /// </summary>
    /// <remarks>
    /// A case with a backslash anywhere (an escape, which the direct path leaves at the first one it meets) goes to the
    /// token path at once: leaving the direct path part way costs the part read and a thrown exception, and a writer
    /// that escapes by default (System.Text.Json escapes an apostrophe, <c>+</c>, <c>&lt;</c> and every non-ASCII
    /// letter) would make every such case pay it. One vectorised search of the bytes is far cheaper.
    /// </remarks>
    public static bool TryRead(ReadOnlySpan<byte> utf8, Utf8CaseSchema schema, string caseIdField, RuleSetOptions options, out CaseReadResult result) =>
        (!utf8.Contains((byte)'\\') && TryReadDirect(utf8, schema, caseIdField, options, out result))
        || TryReadWithTokens(utf8, schema, caseIdField, options, out result);

    /// <summary>
    /// Reads one case token by token with <see cref="Utf8JsonReader"/>, as every case was read before the direct path
    /// (<see cref="TryReadDirect"/>): the path for every case the direct one leaves. False when it is left to the strict
    /// path (see the remarks on the type).
    /// </summary>
    internal static bool TryReadWithTokens(ReadOnlySpan<byte> utf8, Utf8CaseSchema schema, string caseIdField, RuleSetOptions options, out CaseReadResult result) =>
        (t_reader ??= new Utf8CaseReader()).TryReadTokens(utf8, schema, caseIdField, options, out result);

    private bool TryReadTokens(ReadOnlySpan<byte> utf8, Utf8CaseSchema schema, string caseIdField, RuleSetOptions options, out CaseReadResult result)
    {
        Start(options, caseIdField);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = options.Limits.MaxJsonDepth });
        try
        {
            Next(ref reader);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var found = Describe(reader.TokenType);
                Skip(ref reader, checkNames: false);
                End(ref reader);
                Error("$", NotAnObject(found));
                result = Result(null);
                return true;
            }

            var record = ReadObject(ref reader, schema, isRoot: true);
            End(ref reader);
            result = Result(record);
            return true;
        }
        catch (Exception e) when (e is JsonException or InsufficientExecutionStackException or StrictPathNeeded)
        {
            result = default;
            return false;
        }
    }

    /// <summary>Thrown (rarely) to leave the case to the strict path.</summary>
    private sealed class StrictPathNeeded : Exception;

    private static void Next(ref Utf8JsonReader reader)
    {
        // The reader is given the whole text: it ends only after the case, or throws on a case cut off.
        if (!reader.Read())
        {
            throw new StrictPathNeeded();
        }
    }

    /// <summary>After the case only white space may follow (the reader throws on anything else).</summary>
    private static void End(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new StrictPathNeeded();
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.String => "text",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "true/false",
        _ => "null",
    };

    private CaseRecord ReadObject(ref Utf8JsonReader reader, Utf8CaseSchema schema, bool isRoot)
    {
        var type = schema.Type;
        GuardStack(type);
        var fields = new FieldValue[schema.Fields.Length];
        var next = 0;
        var seen = new FieldsSeen(fields.Length);
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            CheckEscapes(ref reader);
            var index = schema.Find(ref reader, next);
            string name;
            bool duplicate;
            if (index >= 0)
            {
                next = index + 1;
                name = schema.FieldNames[index];
                duplicate = seen.Declared(index);
            }
            else
            {
                name = reader.GetString()!;
                duplicate = seen.Other(name);
            }

            Next(ref reader);
            if (duplicate)
            {
                DuplicateField(name);
                Skip(ref reader, checkNames: true);
            }
            else if (index >= 0)
            {
                fields[index] = ReadValue(ref reader, schema.Fields[index], ValuePath.Field(name));
                if (isRoot && index == schema.CaseIdIndex)
                {
                    DeclaredCaseId(fields[index]);
                }
            }
            else if (isRoot && name == CaseIdField)
            {
                ReadCaseId(ref reader);
            }
            else
            {
                UnknownField(name, type);
                Skip(ref reader, checkNames: true);
            }
        }

        return Complete(fields, type);
    }

    private void ReadCaseId(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                CheckEscapes(ref reader);
                TextCaseId(reader.GetString()!);
                break;
            case JsonTokenType.Number when IsWhole(reader.ValueSpan):
                // As Newtonsoft writes the whole number it reads (a long, or a BigInteger past one): -0 is "0".
                // Past a long, JSON's whole number (no leading zeros, no '+', not -0) is its own BigInteger text; BigInteger's
                // round trip of a number megabytes long would take minutes.
                if (long.TryParse(reader.ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
                {
                    NumberCaseId(id.ToString(CultureInfo.InvariantCulture));
                }
                else if (reader.ValueSpan.Length > Options.Limits.MaxCaseStringLength)
                {
                    CaseIdTooLong(reader.ValueSpan.Length);
                }
                else
                {
                    CaseId = System.Text.Encoding.ASCII.GetString(reader.ValueSpan);
                }

                break;
            case JsonTokenType.Null:
                break;
            default:
                CaseIdOfWrongType(Describe(reader.TokenType));
                Skip(ref reader, checkNames: true);
                break;
        }
    }

    private FieldValue ReadValue(ref Utf8JsonReader reader, Utf8FieldShape shape, ValuePath path)
    {
        var token = reader.TokenType;
        if (token == JsonTokenType.Null)
        {
            return default;
        }

        var type = shape.Type;
        switch (type.Kind)
        {
            case Expressions.Binding.TypeKind.Number when token == JsonTokenType.Number:
                return Number(ReadNumber(reader.ValueSpan), path);

            case Expressions.Binding.TypeKind.Bool when token is JsonTokenType.True or JsonTokenType.False:
                return FieldValue.OfBool(token == JsonTokenType.True);

            case Expressions.Binding.TypeKind.String when token == JsonTokenType.String:
                CheckEscapes(ref reader);
                if (shape.IsEnum && shape.FindEnumValue(ref reader) is { } value && value.Length <= Options.Limits.MaxCaseStringLength)
                {
                    return FieldValue.OfReference(value);
                }

                // Escapes were checked above: text read from UTF-8 holds no lone surrogate.
                return Text(reader.GetString()!, type, path, mayHaveLoneSurrogate: false);

            case Expressions.Binding.TypeKind.Date when token == JsonTokenType.String:
                CheckEscapes(ref reader);
                return !reader.ValueIsEscaped && IsoDate.TryReadDirect(reader.ValueSpan, out var date)
                    ? FieldValue.OfDate(date)
                    : Date(reader.GetString()!, path);

            case Expressions.Binding.TypeKind.Object when token == JsonTokenType.StartObject:
                Enter(path);
                var record = ReadObject(ref reader, shape.Object!, isRoot: false);
                Leave();
                return FieldValue.OfReference(record);

            case Expressions.Binding.TypeKind.List when token == JsonTokenType.StartArray:
                Enter(path);
                var list = ReadList(ref reader, shape.Element!);
                Leave();
                return list;
        }

        if (token == JsonTokenType.String)
        {
            CheckEscapes(ref reader);
            WrongType(type, FoundText(reader.GetString()!), path);
        }
        else
        {
            WrongType(type, Describe(token), path);
            Skip(ref reader, checkNames: true);
        }

        return default;
    }

    private FieldValue ReadList(ref Utf8JsonReader reader, Utf8FieldShape element)
    {
        var start = StartList();
        var index = 0;
        var tooLong = false;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                break;
            }

            switch (Admit(start, ref tooLong))
            {
                case NextItem.SkipChecked:
                    Skip(ref reader, checkNames: true);
                    continue;
                case NextItem.SkipUnread:
                    Skip(ref reader, checkNames: false);
                    continue;
            }

            AddItem(ReadValue(ref reader, element, ValuePath.Item(index++)));
        }

        return EndList(start, element.Type);
    }

    /// <summary>
    /// Steps over a value the case does not use, still holding it to JSON: its text is checked for lone surrogates,
    /// and (<paramref name="checkNames"/>) a name given twice in one of its objects leaves the case to the strict path.
    /// </summary>
    private void Skip(ref Utf8JsonReader reader, bool checkNames)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            CheckEscapes(ref reader);
            return;
        }

        var depth = reader.CurrentDepth;
        var names = _skippedNames ??= [];
        names.Clear();
        names.Add(null);
        while (true)
        {
            Next(ref reader);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    names.Add(null);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    names.RemoveAt(names.Count - 1);
                    if (reader.CurrentDepth == depth)
                    {
                        return;
                    }

                    break;
                case JsonTokenType.PropertyName:
                    CheckEscapes(ref reader);
                    if (checkNames && !(names[^1] ??= new HashSet<string>(StringComparer.Ordinal)).Add(reader.GetString()!))
                    {
                        throw new StrictPathNeeded();
                    }

                    break;
                case JsonTokenType.String:
                    CheckEscapes(ref reader);
                    break;
            }
        }
    }

    /// <summary>
    /// Leaves the case to the strict path when the current text or name escapes half of a surrogate pair (<c>\uD800</c>
    /// alone), which <see cref="Utf8JsonReader"/> accepts; raw UTF-8 cannot hold one.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void CheckEscapes(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            CheckEscaped(ref reader);
        }
    }

    private static void CheckEscaped(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        for (var i = raw.IndexOf((byte)'\\'); i >= 0 && i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                continue;
            }

            if (raw[i + 1] != 'u')
            {
                i++;
                continue;
            }

            var unit = Hex(raw, i + 2);
            if (char.IsHighSurrogate(unit) && i + 11 < raw.Length && raw[i + 6] == '\\' && raw[i + 7] == 'u' && char.IsLowSurrogate(Hex(raw, i + 8)))
            {
                i += 11;
            }
            else if (char.IsSurrogate(unit))
            {
                throw new StrictPathNeeded();
            }
            else
            {
                i += 5;
            }
        }
    }

    /// <summary>The UTF-16 unit of four hexadecimal digits (the reader has checked them).</summary>
    private static char Hex(ReadOnlySpan<byte> raw, int at)
    {
        var value = 0;
        for (var i = at; i < at + 4; i++)
        {
            var c = raw[i] | 0x20;
            value = (value << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
        }

        return (char)value;
    }

    // The longest text of a whole number that may be finite as a double: a sign and 309 digits.
    private const int MaxFiniteWholeLength = 310;

    /// <summary>
    /// A JSON number as Newtonsoft reads it: a whole number as a long (so <c>-0</c> is 0) or, past a long, a
    /// BigInteger; any other as <see cref="double.Parse(string, NumberStyles, IFormatProvider?)"/> reads it.
    /// </summary>
    private static double ReadNumber(ReadOnlySpan<byte> text)
    {
        if (TryReadShortNumber(text, out var number))
        {
            return number;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            throw new StrictPathNeeded();
        }

        // Up to 15 digits a whole number is exact either way; only a zero's sign can differ. Past 309 digits (JSON has no
        // leading zeros) it is at least 1e309, past double.MaxValue: infinite both ways, and BigInteger's parse of a
        // number megabytes long would take seconds (it grows faster than the length).
        if ((number == 0 || text.Length > 15) && text.Length <= MaxFiniteWholeLength && IsWhole(text))
        {
            number = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
                ? whole
                : (double)BigInteger.Parse(System.Text.Encoding.ASCII.GetString(text), CultureInfo.InvariantCulture);
        }

        return number;
    }

    // The powers of ten a double holds exactly.
    private static readonly double[] s_exactPowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>
    /// Reads the numbers cases are made of (at most 15 digits, no exponent: <c>7</c>, <c>-3</c>, <c>56.69</c>) without
    /// the general parser; false for any other, which <see cref="ReadNumber"/> reads the general way. The digits
    /// make an integer below 2^53 and the point a power of ten a double holds exactly, so one division gives the
    /// correctly rounded value, bit for bit the one <see cref="double.Parse(string)"/> gives (Clinger's fast path).
    /// A whole number is the long Newtonsoft reads, so <c>-0</c> is 0 while <c>-0.0</c> keeps its sign.
    /// </summary>
    private static bool TryReadShortNumber(ReadOnlySpan<byte> text, out double number)
    {
        var negative = text.Length > 0 && text[0] == '-';
        var i = negative ? 1 : 0;
        long digits = 0;
        var count = 0;
        var point = -1;
        for (; i < text.Length; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit <= 9)
            {
                digits = (digits * 10) + digit;
                count++;
            }
            else if (text[i] == '.' && point < 0)
            {
                point = count;
            }
            else
            {
                // An exponent.
                number = 0;
                return false;
            }
        }

        if (count is 0 or > 15)
        {
            number = 0;
            return false;
        }

        if (point < 0)
        {
            number = negative ? -digits : digits;
            return true;
        }

        number = digits / s_exactPowersOfTen[count - point];
        number = negative ? -number : number;
        return true;
    }

    private static bool IsWhole(ReadOnlySpan<byte> number) => number.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
}
