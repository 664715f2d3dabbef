using Newtonsoft.Json.Linq;

namespace RiskTriage.Loading;

/// <summary>The JSON kind of a literal written in a rule file.</summary>
internal enum LiteralKind
{
    Null,
    Bool,
    Integer,
    Float,
    String,
    Array,
    Object,

    /// <summary>A value strict JSON does not have (a constructor, an undefined value); never valid where a literal is expected.</summary>
    Other,
}

/// <summary>A property of an object literal: its key, where the key was written, and its value.</summary>
internal sealed record LiteralProperty(string Name, SourceRef Key, LiteralValue Value);

/// <summary>
/// A literal as written in a rule file (a parameter, a default, a table cell, a "then" value, a range bound): its JSON
/// kind, its value, its items or properties, and where it was written. This is what the checker reads instead of JSON.
/// </summary>
internal sealed class LiteralValue
{
    private static readonly IReadOnlyList<LiteralValue> NoItems = [];
    private static readonly IReadOnlyList<LiteralProperty> NoProperties = [];

    private LiteralValue(LiteralKind kind, SourceRef source)
    {
        Kind = kind;
        Source = source;
    }

    public LiteralKind Kind { get; }

    public SourceRef Source { get; }

    /// <summary>The value of a <see cref="LiteralKind.Bool"/>.</summary>
    public bool Bool { get; private init; }

    /// <summary>The value of an <see cref="LiteralKind.Integer"/> or a <see cref="LiteralKind.Float"/> as a double.</summary>
    public double Number { get; private init; }

    /// <summary>The text of a <see cref="LiteralKind.String"/>; null for other kinds.</summary>
    public string? Text { get; private init; }

    /// <summary>The items of an <see cref="LiteralKind.Array"/>; empty for other kinds.</summary>
    public IReadOnlyList<LiteralValue> Items { get; private init; } = NoItems;

    /// <summary>The properties of an <see cref="LiteralKind.Object"/> in written order; empty for other kinds.</summary>
    public IReadOnlyList<LiteralProperty> Properties { get; private init; } = NoProperties;

    public bool IsString => Kind == LiteralKind.String;

    public bool IsNumber => Kind is LiteralKind.Integer or LiteralKind.Float;

    /// <summary>The value as compact JSON text, e.g. <c>"high"</c> or <c>[1,2]</c> (for messages).</summary>
    public string Json => Source.Json;

    /// <summary>The value of the property <paramref name="name"/> of an object literal, if it has one.</summary>
    public LiteralValue? Property(string name)
    {
        foreach (var property in Properties)
        {
            if (property.Name == name)
            {
                return property.Value;
            }
        }

        return null;
    }

    /// <summary>A string shows without its quotes, as Newtonsoft shows a token in text (the messages quote values so).</summary>
    public override string ToString() => Source.Display;

    /// <summary>Reads the JSON value <paramref name="token"/> of <paramref name="file"/>, with its items and properties.</summary>
    internal static LiteralValue Read(JToken token, RuleFile? file)
    {
        var source = new SourceRef(file, token);
        switch (token.Type)
        {
            case JTokenType.Null:
                return new LiteralValue(LiteralKind.Null, source);
            case JTokenType.Boolean:
                return new LiteralValue(LiteralKind.Bool, source) { Bool = (bool)token };
            case JTokenType.Integer:
                return new LiteralValue(LiteralKind.Integer, source) { Number = (double)token };
            case JTokenType.Float:
                return new LiteralValue(LiteralKind.Float, source) { Number = (double)token };
            case JTokenType.String:
                return new LiteralValue(LiteralKind.String, source) { Text = (string)token! };
            case JTokenType.Array:
                var array = (JArray)token;
                var items = new LiteralValue[array.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Read(array[i], file);
                }

                return new LiteralValue(LiteralKind.Array, source) { Items = items };
            case JTokenType.Object:
                var properties = new List<LiteralProperty>();
                foreach (var property in ((JObject)token).Properties())
                {
                    properties.Add(new LiteralProperty(property.Name, new SourceRef(file, property), Read(property.Value, file)));
                }

                return new LiteralValue(LiteralKind.Object, source) { Properties = properties };
            default:
                return new LiteralValue(LiteralKind.Other, source);
        }
    }

    /// <summary>A value given in code (a parameter override: number, text, bool, a list of those, or null), as if written in JSON.</summary>
    internal static LiteralValue FromObject(object? value) =>
        Read(value is null ? JValue.CreateNull() : JToken.FromObject(value), null);
}
