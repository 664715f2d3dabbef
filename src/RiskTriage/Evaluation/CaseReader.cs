using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using Newtonsoft.Json;
using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Evaluation;

/// <summary>
/// Reads a JSON case straight from a <see cref="JsonReader"/> into a <see cref="CaseRecord"/> shaped by the
/// declared inputs, without building a JSON tree. Every value of the wrong type is recorded as a
/// <see cref="CaseError"/> with its path; nothing is coerced (a number written as text is an error), and
/// reading goes on so all errors are reported at once.
/// </summary>
internal sealed class CaseReader
{
    private readonly ObjectType _schema;
    private readonly string _caseIdField;
    private readonly RuleSetOptions _options;
    private readonly Decision _decision;

    // The places of the objects and lists being read, outermost first. Paths are text only for errors: a case read
    // without errors makes none.
    private readonly List<ValuePath> _containers = [];

    // The items of the lists being read, innermost last.
    private readonly List<FieldValue> _items = [];

    // Items read so far in all the case's lists, held to RuleSetLimits.MaxCaseItems.
    private int _caseItems;
    private bool _tooManyItems;

    private CaseReader(ObjectType schema, string caseIdField, RuleSetOptions options, Decision decision)
    {
        _schema = schema;
        _caseIdField = caseIdField;
        _options = options;
        _decision = decision;
    }

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

    /// <summary>Reads one case; errors go to the decision. Returns null when the JSON itself cannot be read.</summary>
    public static CaseRecord? Read(JsonReader reader, ObjectType schema, string caseIdField, RuleSetOptions options, Decision decision, bool wholeDocument = true)
    {
        reader.MaxDepth = options.Limits.MaxJsonDepth;
        reader.DateParseHandling = DateParseHandling.None;
        reader.FloatParseHandling = FloatParseHandling.Double;
        var caseReader = new CaseReader(schema, caseIdField, options, decision);
        try
        {
            // A caller stepping through an array may already stand on the case's opening brace.
            var onObject = !wholeDocument && reader.TokenType == JsonToken.StartObject;
            if (!onObject && !ReadSkippingComments(reader))
            {
                decision.AddError("$", "the case is empty; a case is one JSON object { ... }");
                return null;
            }

            if (reader.TokenType != JsonToken.StartObject)
            {
                decision.AddError("$", $"a case must be a JSON object {{ ... }}, not {Describe(reader.TokenType)}");
                return null;
            }

            var record = caseReader.ReadObject(reader, schema, isRoot: true);
            if (wholeDocument && reader.Read())
            {
                decision.AddError("$", $"unexpected {Describe(reader.TokenType)} after the end of the case (line {LineOf(reader)})");
                return null;
            }

            return record;
        }
        catch (InsufficientExecutionStackException)
        {
            // Objects nest no deeper than MaxJsonDepth, but the evaluating thread's stack may be small.
            decision.AddError("$", "the case nests objects and lists more deeply than the stack of the evaluating thread allows; the case was not triaged");
            return null;
        }
        catch (JsonReaderException e)
        {
            // Newtonsoft's LinePosition counts the characters before the offending one; columns are 1-based.
            decision.AddError(string.IsNullOrEmpty(e.Path) ? "$" : e.Path,
                string.Create(CultureInfo.InvariantCulture, $"the case is not valid JSON at line {e.LineNumber}, column {e.LinePosition + 1}: {Loading.RuleFileReader.CleanJsonMessage(e.Message)}"));
            return null;
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

    private void Error(string path, string message) => _decision.AddError(path.Length == 0 ? "$" : path, message);

    private void Error(ValuePath path, string message)
    {
        // Past the listed errors only the count grows: composing the path is wasted work.
        if (_decision.ListsMoreErrors)
        {
            Error(PathOf(path), message);
        }
        else
        {
            _decision.AddError("$", string.Empty);
        }
    }

    /// <summary>A value's place inside the object or list being read: a field name, or a list index.</summary>
    private readonly struct ValuePath(string? name, int index)
    {
        public string? Name => name;

        public int Index => index;

        public static ValuePath Field(string name) => new(name, -1);

        public static ValuePath Item(int index) => new(null, index);
    }

    /// <summary>The path of the value at <paramref name="place"/> in the current container, as errors give it ("sentences[0].type").</summary>
    private string PathOf(ValuePath place) => PathOf(_containers.Count, place);

    /// <summary>The path of the current container itself ("" at the root).</summary>
    private string ContainerPath() => _containers.Count == 0 ? string.Empty : PathOf(_containers.Count - 1, _containers[^1]);

    private string PathOf(int depth, ValuePath place)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            Append(_containers[i]);
        }

        Append(place);
        return text.ToString();

        void Append(ValuePath segment)
        {
            if (segment.Name is { } name)
            {
                text.Append(text.Length == 0 ? string.Empty : ".").Append(name);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"[{segment.Index}]");
            }
        }
    }

    private CaseRecord ReadObject(JsonReader reader, ObjectType type, bool isRoot)
    {
        // Cases are read on the caller's thread, whatever its stack (the check wants a margin a small thread's whole
        // stack may not have): only deep nesting checks the stack left.
        if (_containers.Count > 32)
        {
            Expressions.StackGuard.Checked(type);
        }
        var fields = new FieldValue[type.Properties.Count];
        var next = 0;

        // The declared fields already read (a bit each; a wider object keeps an array), and the other names: a name
        // given twice is an error, as in rule files, never last-wins.
        var seen = 0UL;
        var seenWide = type.Properties.Count > 64 ? new bool[type.Properties.Count] : null;
        HashSet<string>? otherNames = null;
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
            var duplicate = false;
            if (property is not null)
            {
                next = property.Index + 1;
                if (seenWide is null)
                {
                    var bit = 1UL << property.Index;
                    duplicate = (seen & bit) != 0;
                    seen |= bit;
                }
                else
                {
                    duplicate = seenWide[property.Index];
                    seenWide[property.Index] = true;
                }
            }
            else
            {
                duplicate = !(otherNames ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
            }

            if (!ReadValueToken(reader))
            {
                throw Unterminated(reader);
            }

            if (duplicate)
            {
                Error(ValuePath.Field(name), $"the field '{name}' is given twice in the same object; JSON readers disagree on which one counts, so give it once");
                SkipChecked(reader);
                continue;
            }

            if (property is not null)
            {
                fields[property.Index] = ReadValue(reader, property.Type, ValuePath.Field(name));
                if (isRoot && name == _caseIdField)
                {
                    _decision.CaseId = fields[property.Index].AsString() ?? (fields[property.Index].AsNumber() is { } n ? n.ToString(CultureInfo.InvariantCulture) : null);
                }
            }
            else if (isRoot && name == _caseIdField)
            {
                ReadCaseId(reader);
            }
            else
            {
                if (_options.UnknownFields == UnknownFieldHandling.Reject)
                {
                    Error(ValuePath.Field(name), _decision.ListsMoreErrors
                        ? $"'{name}' is not a field of the rule set's cases{Diagnostics.NameSuggester.Hint(name, type.Properties.Select(p => p.Name))}"
                        : string.Empty);
                }

                SkipChecked(reader);
            }
        }

        foreach (var property in type.WithDefaults)
        {
            if (!fields[property.Index].HasValue)
            {
                fields[property.Index] = FromDefault(property.Default!, property.Type);
            }
        }

        return new CaseRecord(fields);
    }

    private static FieldValue FromDefault(object value, DataType type) => value switch
    {
        double d => FieldValue.OfNumber(d),
        bool b => FieldValue.OfBool(b),
        DateOnly date => FieldValue.OfDate(date),

        // A list default is held as object?[]; records hold lists as typed arrays (string?[], double?[], ...).
        object?[] items => FieldValue.OfReference(ToTypedArray(items.Select(i => i is null ? default : FromDefault(i, type.Element!)).ToArray(), type.Element!)),
        _ => FieldValue.OfReference(value),
    };

    private void ReadCaseId(JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonToken.String:
                var id = (string)reader.Value!;
                if (id.Length > _options.Limits.MaxCaseStringLength)
                {
                    // An undeclared id is held to the same limit as declared text: it is copied into the decision.
                    Error(_caseIdField, TooLong(id));
                    break;
                }

                if (StrictJsonScanner.HasLoneSurrogate(id))
                {
                    Error(_caseIdField, StrictJsonScanner.LoneSurrogateMessage);
                    break;
                }

                _decision.CaseId = id;
                break;
            case JsonToken.Integer:
                _decision.CaseId = Convert.ToString(reader.Value, CultureInfo.InvariantCulture);
                break;
            case JsonToken.Null:
                break;
            default:
                Error(_caseIdField, $"the case id must be text or a whole number, not {Describe(reader.TokenType)}");
                SkipChecked(reader);
                break;
        }
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
                var number = reader.Value switch
                {
                    double d => d,
                    long l => l,
                    BigInteger big => (double)big,
                    var other => Convert.ToDouble(other, CultureInfo.InvariantCulture),
                };
                if (!double.IsFinite(number))
                {
                    Error(path, "the number is too large (or not a number)");
                    return default;
                }

                return FieldValue.OfNumber(number);

            case TypeKind.Bool when token == JsonToken.Boolean:
                return FieldValue.OfBool((bool)reader.Value!);

            case TypeKind.String when token == JsonToken.String:
                return ReadString((string)reader.Value!, type, path);

            case TypeKind.Date when token == JsonToken.String:
                var text = (string)reader.Value!;
                if (IsoDate.TryParse(text, out var date))
                {
                    return FieldValue.OfDate(date);
                }

                Error(path, $"\"{Truncate(text)}\" is not a valid date; write dates as YYYY-MM-DD, e.g. 2026-06-09");
                return default;

            case TypeKind.Object when token == JsonToken.StartObject:
                _containers.Add(path);
                var record = ReadObject(reader, type.ObjectType!, isRoot: false);
                _containers.RemoveAt(_containers.Count - 1);
                return FieldValue.OfReference(record);

            case TypeKind.List when token == JsonToken.StartArray:
                _containers.Add(path);
                var list = ReadList(reader, type.Element!);
                _containers.RemoveAt(_containers.Count - 1);
                return list;
        }

        var found = token switch
        {
            JsonToken.String => $"text \"{Truncate((string)reader.Value!)}\"",
            // A JObject parsed with Newtonsoft's defaults holds "2026-06-10T00:30:00+09:00" (and "2026-06-09") as a
            // DateTime, shifted into the machine's time zone: taken as a date, the day would depend on the machine.
            JsonToken.Date => "a date/time that Newtonsoft parsed from text (its day can depend on the machine's time zone); parse the JSON with DateParseHandling.None so that text stays text, and write dates as YYYY-MM-DD",
            _ => Describe(token),
        };
        Error(path, $"expected {type} but found {found}");
        // A constructor (new Date(1)), which Newtonsoft reads, is skipped like an object: left unread, its
        // arguments would be taken for the next field names.
        if (token is JsonToken.StartObject or JsonToken.StartArray or JsonToken.StartConstructor)
        {
            SkipChecked(reader);
        }

        return default;
    }

    private FieldValue ReadString(string text, DataType type, ValuePath path)
    {
        if (text.Length > _options.Limits.MaxCaseStringLength)
        {
            Error(path, TooLong(text));
            return default;
        }

        if (StrictJsonScanner.HasLoneSurrogate(text))
        {
            Error(path, StrictJsonScanner.LoneSurrogateMessage);
            return default;
        }

        if (type.EnumValues is { } values)
        {
            // The declared instance, so compiled comparisons with literals hit the reference-equality fast path.
            if (type.FindEnumValue(text) is { } value)
            {
                return FieldValue.OfReference(value);
            }

            Error(path, _decision.ListsMoreErrors
                ? $"\"{Truncate(text)}\" is not one of the allowed values ({DataType.ListValues(values)}){Diagnostics.NameSuggester.Hint(text, values)}"
                : string.Empty);
            return default;
        }

        return FieldValue.OfReference(text);
    }

    private FieldValue ReadList(JsonReader reader, DataType element)
    {
        // Items go on one list shared by every list of the case (a list inside an item goes on above its parent's
        // items, and is taken off again), and only the typed array is made per list.
        var start = _items.Count;
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

            if (_items.Count - start >= _options.Limits.MaxCollectionItems)
            {
                // Once, not once per extra item: a hostile list must not turn into millions of errors.
                if (!tooLong)
                {
                    Error(ContainerPath(), string.Create(CultureInfo.InvariantCulture, $"the list has more than {_options.Limits.MaxCollectionItems:N0} items"));
                    tooLong = true;
                }

                SkipChecked(reader);
                continue;
            }

            if (_caseItems >= _options.Limits.MaxCaseItems)
            {
                // Once per case: the items past the limit are skipped unread, whichever lists they are in.
                if (!_tooManyItems)
                {
                    Error(ContainerPath(), string.Create(CultureInfo.InvariantCulture,
                        $"the case has more than {_options.Limits.MaxCaseItems:N0} list items in all (counting every list in it); the limit is {_options.Limits.MaxCaseItems:N0}"));
                    _tooManyItems = true;
                }

                reader.Skip();
                continue;
            }

            _caseItems++;
            var item = ReadValue(reader, element, ValuePath.Item(index++));
            _items.Add(item);
        }

        var array = ToTypedArray(CollectionsMarshal.AsSpan(_items)[start..], element);
        _items.RemoveRange(start, _items.Count - start);
        return FieldValue.OfReference(array);
    }

    private static object ToTypedArray(ReadOnlySpan<FieldValue> items, DataType element) => element.Kind switch
    {
        TypeKind.Number => Items(items, static i => i.AsNumber()),
        TypeKind.Bool => Items(items, static i => i.AsBool()),
        TypeKind.Date => Items(items, static i => i.AsDate()),
        TypeKind.String => Items(items, static i => i.AsString()),
        _ => Items(items, static i => i.As<CaseRecord>()),
    };

    private static T[] Items<T>(ReadOnlySpan<FieldValue> items, Func<FieldValue, T> read)
    {
        var array = new T[items.Length];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = read(items[i]);
        }

        return array;
    }

    private string TooLong(string text) =>
        string.Create(CultureInfo.InvariantCulture, $"the text is {text.Length:N0} characters long; the limit is {_options.Limits.MaxCaseStringLength:N0}");

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
