using System.Text;
using RiskTriage.Expressions.Binding;

namespace RiskTriage.Evaluation;

/// <summary>
/// A case schema as the <see cref="Utf8CaseReader"/> matches it: each object's field names in UTF-8, so a field is
/// found by comparing bytes (no string is made for a declared name), and the values of small enumerations in UTF-8,
/// so an enumerated value is matched to its declared instance without making a string either. Built once per rule
/// set and only read afterwards, so one schema serves every thread.
/// </summary>
internal sealed class Utf8CaseSchema
{
    // Past this many values an enumeration is looked up by its hashed set (DataType.FindEnumValue) instead, from its
    // text decoded on the stack.
    private const int MaxScannedEnumValues = 16;

    private Utf8CaseSchema(ObjectType type)
    {
        Type = type;
        Names = new byte[type.Properties.Count][];
        QuotedNames = new byte[type.Properties.Count][];
        FieldNames = new string[type.Properties.Count];
        Fields = new Utf8FieldShape[type.Properties.Count];
    }

    public ObjectType Type { get; }

    /// <summary>The declared field names in UTF-8, in declaration order.</summary>
    public byte[][] Names { get; }

    /// <summary>
    /// Each declared field name in UTF-8 followed by its closing quote, or null for a name whose bytes hold a quote, a
    /// backslash or a control character (see <see cref="Quoted"/>), in declaration order.
    /// </summary>
    public byte[]?[] QuotedNames { get; }

    /// <summary>The declared field names, in declaration order.</summary>
    public string[] FieldNames { get; }

    /// <summary>How each declared field is read, in declaration order.</summary>
    public Utf8FieldShape[] Fields { get; }

    /// <summary>The index of the declared field holding the case id, or -1.</summary>
    public int CaseIdIndex { get; private set; } = -1;

    /// <summary>The case-id field name in UTF-8 (meaningful at the root only).</summary>
    public byte[] CaseIdName { get; private set; } = [];

    public static Utf8CaseSchema Build(ObjectType root, string caseIdField)
    {
        var built = new Dictionary<ObjectType, Utf8CaseSchema>();
        var schema = Object(root, built);
        schema.CaseIdName = Encoding.UTF8.GetBytes(caseIdField);
        schema.CaseIdIndex = root.Find(caseIdField)?.Index ?? -1;
        return schema;
    }

    /// <summary>
    /// The index of the declared field named by the reader's current property name, or -1. Cases usually give their
    /// fields in declaration order, some left out: the search starts at the expected one and goes on forward, so such
    /// a case costs one comparison a field. An unescaped name (nearly all) is compared as raw bytes.
    /// </summary>
    public int Find(ref System.Text.Json.Utf8JsonReader reader, int expected)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return Find(reader.ValueSpan, expected);
        }

        var names = Names;
        for (var i = 0; i < names.Length; i++)
        {
            if (reader.ValueTextEquals(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the declared field whose UTF-8 name is <paramref name="name"/> (unescaped), or -1; see <see cref="Find(ref System.Text.Json.Utf8JsonReader, int)"/>.</summary>
    public int Find(ReadOnlySpan<byte> name, int expected)
    {
        var names = Names;
        var start = (uint)expected < (uint)names.Length ? expected : 0;
        for (var i = start; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        for (var i = 0; i < start; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static Utf8CaseSchema Object(ObjectType type, Dictionary<ObjectType, Utf8CaseSchema> built)
    {
        if (built.TryGetValue(type, out var existing))
        {
            return existing;
        }

        var schema = new Utf8CaseSchema(type);
        built.Add(type, schema);
        foreach (var property in type.Properties)
        {
            schema.Names[property.Index] = Encoding.UTF8.GetBytes(property.Name);
            schema.QuotedNames[property.Index] = Quoted(schema.Names[property.Index]);
            schema.FieldNames[property.Index] = property.Name;
            schema.Fields[property.Index] = Shape(property.Type, built);
        }

        return schema;
    }

    /// <summary>
    /// A text's UTF-8 bytes and a closing quote: bytes that start the rest of a string (after its opening quote) are then
    /// the whole string, with no escape in it, so the direct path matches it without searching for its end. Null when
    /// the bytes themselves hold a quote, a backslash or a control character, which would end or escape the string in
    /// JSON: such a text is only found by the search.
    /// </summary>
    internal static byte[]? Quoted(byte[] utf8) =>
        utf8.AsSpan().IndexOfAny(StringStops) >= 0 ? null : [.. utf8, (byte)'"'];

    /// <summary>What ends the plain run of a JSON string's bytes: its closing quote, an escape, or a control character (which JSON requires escaped).</summary>
    internal static readonly System.Buffers.SearchValues<byte> StringStops = System.Buffers.SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'"', (byte)'\\']);

    private static Utf8FieldShape Shape(DataType type, Dictionary<ObjectType, Utf8CaseSchema> built)
    {
        var values = type.EnumValues is { Count: <= MaxScannedEnumValues } enumValues
            ? enumValues.Select(v => type.FindEnumValue(v)!).ToArray()
            : null;
        return new Utf8FieldShape(
            type,
            type.Kind == TypeKind.Object ? Object(type.ObjectType!, built) : null,
            type.Kind == TypeKind.List ? Shape(type.Element!, built) : null,
            values,
            values?.Select(Encoding.UTF8.GetBytes).ToArray());
    }
}

/// <summary>How one value is read: its type, its object's schema or its list's item shape, and a small enumeration's values.</summary>
/// <param name="Type">The declared type.</param>
/// <param name="Object">The schema of an object value.</param>
/// <param name="Element">The shape of a list's items.</param>
/// <param name="EnumValues">The declared instances of a small enumeration's values.</param>
/// <param name="EnumUtf8">The same values in UTF-8.</param>
internal sealed record Utf8FieldShape(DataType Type, Utf8CaseSchema? Object, Utf8FieldShape? Element, string[]? EnumValues, byte[][]? EnumUtf8)
{
    /// <summary>A small enumeration's values in UTF-8 each followed by its closing quote (see <see cref="Utf8CaseSchema.Quoted"/>), in the order of <see cref="EnumValues"/>.</summary>
    /// <remarks>Made from <see cref="EnumUtf8"/> when the shape is made: a shape is never copied with <c>with</c>, which would keep the old one.</remarks>
    public byte[]?[]? EnumQuoted { get; } = EnumUtf8?.Select(Utf8CaseSchema.Quoted).ToArray();

    // The longest text of a large enumeration's value looked up without a string (decoded on the stack); a longer
    // one is left to the caller, which looks its string up.
    private const int MaxDecodedBytes = 256;

    /// <summary>
    /// Whether the value is enumerated, so that its declared instance is looked up from its UTF-8 text: among
    /// <see cref="EnumUtf8"/> when the enumeration is small, else (no <see cref="EnumUtf8"/>) in its type's hashed set.
    /// </summary>
    public bool IsEnum => Type.EnumValues is not null;

    /// <summary>
    /// The declared instance of the reader's current text among the enumeration's values, or null: not one of them,
    /// or (a large enumeration's escaped or long text) left to the caller, whose lookup of its string then decides.
    /// </summary>
    public string? FindEnumValue(ref System.Text.Json.Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return FindEnumValue(reader.ValueSpan);
        }

        if (EnumUtf8 is null)
        {
            return null;
        }

        var values = EnumUtf8;
        for (var i = 0; i < values.Length; i++)
        {
            if (reader.ValueTextEquals(values[i]))
            {
                return EnumValues![i];
            }
        }

        return null;
    }

    /// <summary>
    /// The declared instance of the enumeration's value whose UTF-8 text is <paramref name="text"/> (unescaped), or
    /// null: not one of them, or (a large enumeration's text of more than 256 bytes) left to the caller's lookup.
    /// </summary>
    public string? FindEnumValue(ReadOnlySpan<byte> text)
    {
        if (EnumUtf8 is not { } values)
        {
            return text.Length <= MaxDecodedBytes ? FindLargeEnumValue(text) : null;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (text.SequenceEqual(values[i]))
            {
                return EnumValues![i];
            }
        }

        return null;
    }

    /// <summary>A large enumeration's value looked up by its text decoded on the stack (UTF-8 has at most one character a byte): no string is made.</summary>
    private string? FindLargeEnumValue(ReadOnlySpan<byte> utf8)
    {
        Span<char> text = stackalloc char[MaxDecodedBytes];
        return System.Text.Unicode.Utf8.ToUtf16(utf8, text, out _, out var length, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done
            ? Type.FindEnumValue(text[..length])
            : null;
    }
}
