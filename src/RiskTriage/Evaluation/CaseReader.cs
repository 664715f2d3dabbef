using System.Globalization;
using System.Numerics;
using Newtonsoft.Json;
using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Evaluation;

/// <summary>
/// Reads a JSON case from a Newtonsoft <see cref="JsonReader"/> (a <c>JObject</c>, a caller's reader, and text the
/// <see cref="Utf8CaseReader"/> leaves to the strict path) into a <see cref="CaseRecord"/> shaped by the declared
/// inputs, without building a JSON tree. Every value of the wrong type is an error with its path; nothing is coerced
/// (a number written as text is an error), and reading goes on so all errors are reported at once.
/// </summary>
internal sealed class CaseReader : CaseReaderBase
{
    /// <summary>The field names of a schema (every nested object's too), as a name table for the JSON reader.</summary>
    public static JsonNameTable NameTable(ObjectType schema)
    {
        var names = new List<string>();
        var seen = new HashSet<ObjectType>();
        Add(schema);
        return new SchemaNameTable(names);

        void Add(ObjectType type)
        {
            if (!seen.Add(type))
            {
                return;
            }

            foreach (var property in type.Properties)
            {
                names.Add(property.Name);
                var nested = property.Type.Kind == TypeKind.List ? property.Type.Element : property.Type;
                if (nested?.Kind == TypeKind.Object)
                {
                    Add(nested.ObjectType!);
                }
            }
        }
    }

    /// <summary>Reads one case. The record is null when the JSON itself cannot be read; the errors say why.</summary>
    public static CaseReadResult Read(JsonReader reader, ObjectType schema, string caseIdField, RuleSetOptions options, bool wholeDocument = true)
    {
        reader.MaxDepth = options.Limits.MaxJsonDepth;
        reader.DateParseHandling = DateParseHandling.None;
        reader.FloatParseHandling = FloatParseHandling.Double;
        var caseReader = new CaseReader();
        caseReader.Start(options, caseIdField);
        try
        {
            // A caller stepping through an array may already stand on the case's opening brace.
            var onObject = !wholeDocument && reader.TokenType == JsonToken.StartObject;
            if (!onObject && !ReadSkippingComments(reader))
            {
                caseReader.Error("$", "the case is empty; a case is one JSON object { ... }");
                return caseReader.Result(null);
            }

            if (reader.TokenType != JsonToken.StartObject)
            {
                caseReader.Error("$", NotAnObject(Describe(reader.TokenType)));
                return caseReader.Result(null);
            }

            var record = caseReader.ReadObject(reader, schema, isRoot: true);
            if (wholeDocument && reader.Read())
            {
                caseReader.Error("$", $"unexpected {Describe(reader.TokenType)} after the end of the case (line {LineOf(reader)})");
                return caseReader.Result(null);
            }

            return caseReader.Result(record);
        }
        catch (InsufficientExecutionStackException)
        {
            // Objects nest no deeper than MaxJsonDepth, but the evaluating thread's stack may be small.
            caseReader.Error("$", DeepStackMessage);
            return caseReader.Result(null);
        }
        catch (JsonReaderException e)
        {
            // Newtonsoft's LinePosition counts the characters before the offending one; columns are 1-based.
            caseReader.Error(string.IsNullOrEmpty(e.Path) ? "$" : e.Path,
                string.Create(CultureInfo.InvariantCulture, $"the case is not valid JSON at line {e.LineNumber}, column {e.LinePosition + 1}: {Loading.RuleFileReader.CleanJsonMessage(e.Message)}"));
            return caseReader.Result(null);
        }
    }

    private static bool ReadSkippingComments(JsonReader reader)
    {
        while (reader.Read())
        {
            if (reader.TokenType != JsonToken.Comment)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the token after a field name; a comment there is an error, as anywhere inside a case.</summary>
    private bool ReadValueToken(JsonReader reader)
    {
        while (reader.Read())
        {
            if (reader.TokenType != JsonToken.Comment)
            {
                return true;
            }

            Error(reader.Path, CommentMessage(reader));
        }

        return false;
    }

    private static string CommentMessage(JsonReader reader) =>
        $"a comment (line {LineOf(reader)}) is not JSON; cases are strict JSON, so remove it";

    /// <summary>
    /// Steps over a value the case does not use (an unknown field, a value of the wrong type) while still holding it
    /// to JSON: a name given twice in one of its objects, a comment, a constructor or undefined is an error there too.
    /// </summary>
    private void SkipChecked(JsonReader reader)
    {
        if (reader.TokenType is not (JsonToken.StartObject or JsonToken.StartArray or JsonToken.StartConstructor))
        {
            if (reader.TokenType is JsonToken.Undefined or JsonToken.Comment)
            {
                Error(reader.Path, $"{Describe(reader.TokenType)} is not a JSON value");
            }

            return;
        }

        // One set of names per open object, made only when an object is skipped.
        var names = new Stack<HashSet<string>?>();
        var depth = reader.Depth;
        do
        {
            switch (reader.TokenType)
            {
                case JsonToken.StartObject:
                    names.Push(null);
                    break;
                case JsonToken.StartArray:
                    names.Push(null);
                    break;
                case JsonToken.StartConstructor:
                    Error(reader.Path, $"{Describe(reader.TokenType)} is not a JSON value");
                    names.Push(null);
                    break;
                case JsonToken.EndObject or JsonToken.EndArray or JsonToken.EndConstructor:
                    names.Pop();
                    break;
                case JsonToken.PropertyName:
                    var set = names.Pop() ?? new HashSet<string>(StringComparer.Ordinal);
                    if (!set.Add((string)reader.Value!))
                    {
                        Error(reader.Path, $"the field '{reader.Value}' is given twice in the same object; give it once");
                    }

                    names.Push(set);
                    break;
                case JsonToken.Undefined or JsonToken.Comment:
                    Error(reader.Path, $"{Describe(reader.TokenType)} is not a JSON value");
                    break;
            }

            if (!reader.Read())
            {
                throw Unterminated(reader);
            }
        }
        while (reader.Depth > depth || reader.TokenType is not (JsonToken.EndObject or JsonToken.EndArray or JsonToken.EndConstructor));
    }

    /// <summary>Newtonsoft's reader just stops at the end of the text inside an object or list; a cut-off case must not pass as complete.</summary>
    private static JsonReaderException Unterminated(JsonReader reader)
    {
        var info = reader as IJsonLineInfo;
        return new JsonReaderException("Unexpected end of the case: an object or list is not closed", reader.Path,
            info?.LineNumber ?? 0, info?.LinePosition ?? 0, null);
    }

    private static string LineOf(JsonReader reader) =>
        reader is IJsonLineInfo info && info.HasLineInfo() ? $"{info.LineNumber}, column {info.LinePosition}" : "?";

    private static string Describe(JsonToken token) => token switch
    {
        JsonToken.StartObject => "an object",
        JsonToken.StartArray => "a list",
        JsonToken.String => "text",
        JsonToken.Integer or JsonToken.Float => "a number",
        JsonToken.Boolean => "true/false",
        JsonToken.Null => "null",
        JsonToken.Undefined => "undefined (not JSON)",
        JsonToken.StartConstructor => "a constructor such as new Date(1) (not JSON)",
        JsonToken.Comment => "a comment (JSON has none)",
        JsonToken.Date => "a date read by Newtonsoft from text",
        _ => token.ToString(),
    };

    private CaseRecord ReadObject(JsonReader reader, ObjectType type, bool isRoot)
    {
        GuardStack(type);
        var fields = new FieldValue[type.Properties.Count];
        var next = 0;
        var seen = new FieldsSeen(type.Properties.Count);
        while (true)
        {
            if (!reader.Read())
            {
                throw Unterminated(reader);
            }

            if (reader.TokenType == JsonToken.EndObject)
            {
                break;
            }

            if (reader.TokenType == JsonToken.Comment)
            {
                Error(ContainerPath(), CommentMessage(reader));
                continue;
            }

            var name = (string)reader.Value!;

            // The name table hands back declared names: usually the field is found by reference, in one compare.
            var property = type.FindInstance(name, next) ?? type.Find(name);
            bool duplicate;
            if (property is not null)
            {
                next = property.Index + 1;
                duplicate = seen.Declared(property.Index);
            }
            else
            {
                duplicate = seen.Other(name);
            }

            if (!ReadValueToken(reader))
            {
                throw Unterminated(reader);
            }

            if (duplicate)
            {
                DuplicateField(name);
                SkipChecked(reader);
                continue;
            }

            if (property is not null)
            {
                fields[property.Index] = ReadValue(reader, property.Type, ValuePath.Field(name));
                if (isRoot && name == CaseIdField)
                {
                    DeclaredCaseId(fields[property.Index]);
                }
            }
            else if (isRoot && name == CaseIdField)
            {
                ReadCaseId(reader);
            }
            else
            {
                UnknownField(name, type);
                SkipChecked(reader);
            }
        }

        return Complete(fields, type);
    }

    private void ReadCaseId(JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonToken.String:
                TextCaseId((string)reader.Value!);
                break;
            case JsonToken.Integer when reader.Value is BigInteger big && LengthPastLimit(big, Options.Limits.MaxCaseStringLength) is { } length:
                // Only a JObject built in code holds so long a number (JSON text's integers stop far shorter); its text
                // is not made, since BigInteger's conversion grows with the square of its digits (4.2 s for 300,000).
                CaseIdTooLong(length);
                break;
            case JsonToken.Integer:
                NumberCaseId(Convert.ToString(reader.Value, CultureInfo.InvariantCulture)!);
                break;
            case JsonToken.Null:
                break;
            default:
                CaseIdOfWrongType(Describe(reader.TokenType));
                SkipChecked(reader);
                break;
        }
    }

    /// <summary>
    /// The length of <paramref name="value"/>'s text (its digits and sign) when it is surely past
    /// <paramref name="limit"/>, found without making the text; null when it may be within the limit (it is then short
    /// enough to convert).
    /// </summary>
    internal static int? LengthPastLimit(BigInteger value, int limit)
    {
        var sign = value.Sign < 0 ? 1 : 0;
        var magnitude = BigInteger.Abs(value);
        var bits = magnitude.GetBitLength();

        // At least 2^(bits - 1), so at least this many digits.
        var fewest = (long)Math.Floor((bits - 1) * Math.Log10(2)) + 1;
        if (fewest + sign <= (long)limit + 1)
        {
            return null;
        }

        // floor(log10) + 1 digits. The logarithm's error grows with its size (a double's relative precision); within
        // a generous bound of it from a whole number the value is next to a power of ten, which is compared exactly.
        var log = BigInteger.Log10(magnitude);
        var digits = (long)Math.Floor(log) + 1;
        var fraction = log - Math.Floor(log);
        var tolerance = 1e-9 + (log * 1e-13);
        if (fraction < tolerance || fraction > 1 - tolerance)
        {
            var power = BigInteger.Pow(10, (int)(digits - 1));
            digits += magnitude < power ? -1 : magnitude >= power * 10 ? 1 : 0;
        }

        return (int)Math.Min(digits + sign, int.MaxValue);
    }

    private FieldValue ReadValue(JsonReader reader, DataType type, ValuePath path)
    {
        var token = reader.TokenType;
        if (token == JsonToken.Null)
        {
            return default;
        }

        // Newtonsoft reads a value left out ({"age": , ...}, [1, , 2]) or written undefined as Undefined: broken
        // JSON, not null (taken as null, it would silently take the field's default).
        if (token == JsonToken.Undefined)
        {
            Error(path, "a value is missing here (or written undefined): the case is not valid JSON");
            return default;
        }

        switch (type.Kind)
        {
            case TypeKind.Number when token is JsonToken.Integer or JsonToken.Float:
                return Number(reader.Value switch
                {
                    double d => d,
                    long l => l,
                    BigInteger big => (double)big,
                    var other => Convert.ToDouble(other, CultureInfo.InvariantCulture),
                }, path);

            case TypeKind.Bool when token == JsonToken.Boolean:
                return FieldValue.OfBool((bool)reader.Value!);

            case TypeKind.String when token == JsonToken.String:
                return Text((string)reader.Value!, type, path);

            case TypeKind.Date when token == JsonToken.String:
                return Date((string)reader.Value!, path);

            case TypeKind.Object when token == JsonToken.StartObject:
                Enter(path);
                var record = ReadObject(reader, type.ObjectType!, isRoot: false);
                Leave();
                return FieldValue.OfReference(record);

            case TypeKind.List when token == JsonToken.StartArray:
                Enter(path);
                var list = ReadList(reader, type.Element!);
                Leave();
                return list;
        }

        WrongType(type, token switch
        {
            JsonToken.String => FoundText((string)reader.Value!),
            // A JObject parsed with Newtonsoft's defaults holds "2026-06-10T00:30:00+09:00" (and "2026-06-09") as a
            // DateTime, shifted into the machine's time zone: taken as a date, the day would depend on the machine.
            JsonToken.Date => "a date/time that Newtonsoft parsed from text (its day can depend on the machine's time zone); parse the JSON with DateParseHandling.None so that text stays text, and write dates as YYYY-MM-DD",
            _ => Describe(token),
        }, path);

        // A constructor (new Date(1)), which Newtonsoft reads, is skipped like an object: left unread, its
        // arguments would be taken for the next field names.
        if (token is JsonToken.StartObject or JsonToken.StartArray or JsonToken.StartConstructor)
        {
            SkipChecked(reader);
        }

        return default;
    }

    private FieldValue ReadList(JsonReader reader, DataType element)
    {
        var start = StartList();
        var index = 0;
        var tooLong = false;
        while (true)
        {
            if (!reader.Read())
            {
                throw Unterminated(reader);
            }

            if (reader.TokenType == JsonToken.EndArray)
            {
                break;
            }

            if (reader.TokenType == JsonToken.Comment)
            {
                Error(ContainerPath(), CommentMessage(reader));
                continue;
            }

            switch (Admit(start, ref tooLong))
            {
                case NextItem.SkipChecked:
                    SkipChecked(reader);
                    continue;
                case NextItem.SkipUnread:
                    reader.Skip();
                    continue;
            }

            AddItem(ReadValue(reader, element, ValuePath.Item(index++)));
        }

        return EndList(start, element);
    }
}
