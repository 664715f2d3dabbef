namespace RiskTriage.Expressions.Binding;

internal enum TypeKind
{
    Error,
    Null,
    Bool,
    Number,
    String,
    Date,
    List,
    Object,
}

/// <summary>
/// The type of an expression or schema field. Text may carry an enumeration (the allowed values),
/// which lets the binder catch misspelt literals such as <c>rosh == "VERY_HGH"</c>.
/// </summary>
internal sealed class DataType : IEquatable<DataType>
{
    public static readonly DataType Error = new(TypeKind.Error);
    public static readonly DataType Null = new(TypeKind.Null);
    public static readonly DataType Bool = new(TypeKind.Bool);
    public static readonly DataType Number = new(TypeKind.Number);
    public static readonly DataType String = new(TypeKind.String);
    public static readonly DataType Date = new(TypeKind.Date);

    private DataType(TypeKind kind, DataType? element = null, ObjectType? objectType = null, IReadOnlyList<string>? enumValues = null)
    {
        Kind = kind;
        Element = element;
        ObjectType = objectType;
        EnumValues = enumValues;
        if (enumValues is { Count: > SmallEnumeration })
        {
            _enumSet = EnumSet(enumValues);
        }
    }

    // Up to this many values, an enumeration is searched in order; beyond it, through a set (an enumeration of
    // 400,000 values searched once per cell, literal and case value made loading and reading quadratic).
    private const int SmallEnumeration = 8;

    // An open-addressed table of the values by their ordinal hash (a power of two at least twice as many slots as
    // values; the first of equal values kept, as a set keeps it). Not a HashSet with an alternate lookup for spans:
    // ReadyToRun does not precompile that lookup over ReadOnlySpan<char>, so every fresh process JIT-compiled it.
    private readonly string?[]? _enumSet;

    public TypeKind Kind { get; }

    public DataType? Element { get; }

    public ObjectType? ObjectType { get; }

    public IReadOnlyList<string>? EnumValues { get; }

    private static string?[] EnumSet(IReadOnlyList<string> values)
    {
        var slots = new string?[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)values.Count * 2)];
        var mask = slots.Length - 1;
        foreach (var value in values)
        {
            var slot = string.GetHashCode(value.AsSpan()) & mask;
            while (slots[slot] is { } taken && !string.Equals(taken, value, StringComparison.Ordinal))
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] ??= value;
        }

        return slots;
    }

    /// <summary>
    /// The values of an enumeration for a message: all of a short one, the first few and the count of a long one
    /// (a message naming each of 400,000 values would be megabytes, repeated for every wrong value).
    /// </summary>
    public static string ListValues(IReadOnlyList<string> values) =>
        values.Count <= 64
            ? string.Join(", ", values)
            : string.Join(", ", values.Take(10)) + string.Create(System.Globalization.CultureInfo.InvariantCulture, $", ... ({values.Count:N0} values in all)");

    /// <summary>The declared instance of <paramref name="text"/> among the enumeration's values, or null when it is not one of them.</summary>
    public string? FindEnumValue(string text) => FindEnumValue(text.AsSpan());

    /// <summary>
    /// The declared instance of the text <paramref name="text"/> among the enumeration's values, or null when it is not
    /// one of them; no string is made for the text.
    /// </summary>
    public string? FindEnumValue(ReadOnlySpan<char> text)
    {
        if (_enumSet is not null)
        {
            var mask = _enumSet.Length - 1;
            for (var slot = string.GetHashCode(text) & mask; _enumSet[slot] is { } value; slot = (slot + 1) & mask)
            {
                if (text.SequenceEqual(value))
                {
                    return value;
                }
            }

            return null;
        }

        if (EnumValues is { } values)
        {
            foreach (var value in values)
            {
                if (text.SequenceEqual(value))
                {
                    return value;
                }
            }
        }

        return null;
    }

    public bool IsError => Kind == TypeKind.Error;

    public bool IsScalar => Kind is TypeKind.Bool or TypeKind.Number or TypeKind.String or TypeKind.Date;

    public static DataType ListOf(DataType element) => new(TypeKind.List, element);

    public static DataType Of(ObjectType objectType) => new(TypeKind.Object, objectType: objectType);

    public static DataType Enumeration(IReadOnlyList<string> values) => new(TypeKind.String, enumValues: values);

    /// <summary>The common type of two branches (null unifies with anything), or <c>null</c> when there is none.</summary>
    public static DataType? Unify(DataType a, DataType b)
    {
        if (a.IsError || b.IsError)
        {
            return Error;
        }

        if (a.Kind == TypeKind.Null)
        {
            return b;
        }

        if (b.Kind == TypeKind.Null)
        {
            return a;
        }

        if (a.Kind != b.Kind)
        {
            return null;
        }

        switch (a.Kind)
        {
            case TypeKind.String:
                if (a.EnumValues is null || b.EnumValues is null)
                {
                    return String;
                }

                return Enumeration(a.EnumValues.Union(b.EnumValues, StringComparer.Ordinal).ToArray());
            case TypeKind.List:
                var element = Unify(a.Element!, b.Element!);
                return element is null ? null : ListOf(element);
            case TypeKind.Object:
                return ReferenceEquals(a.ObjectType, b.ObjectType) ? a : null;
            default:
                return a;
        }
    }

    /// <summary>Whether a value of this type can be used where <paramref name="target"/> is expected.</summary>
    public bool IsAssignableTo(DataType target)
    {
        if (IsError || target.IsError || Kind == TypeKind.Null)
        {
            return true;
        }

        if (Kind != target.Kind)
        {
            return false;
        }

        return Kind switch
        {
            TypeKind.String => target.EnumValues is null || (EnumValues is not null && EnumValues.All(v => target.FindEnumValue(v) is not null)),
            TypeKind.List => Element!.IsAssignableTo(target.Element!),
            TypeKind.Object => ReferenceEquals(ObjectType, target.ObjectType),
            _ => true,
        };
    }

    public bool Equals(DataType? other) =>
        other is not null && Kind == other.Kind && ReferenceEquals(ObjectType, other.ObjectType) &&
        (Element is null ? other.Element is null : Element.Equals(other.Element)) &&
        (EnumValues is null ? other.EnumValues is null : other.EnumValues is not null && EnumValues.SequenceEqual(other.EnumValues));

    public override bool Equals(object? obj) => Equals(obj as DataType);

    public override int GetHashCode() => HashCode.Combine(Kind, Element, ObjectType);

    /// <summary>The name a policy author reads in messages.</summary>
    public override string ToString() => Kind switch
    {
        TypeKind.Error => "unknown",
        TypeKind.Null => "null",
        TypeKind.Bool => "true/false",
        TypeKind.Number => "number",
        TypeKind.String when EnumValues is { Count: 1 } => "text \"" + EnumValues[0] + "\"",
        TypeKind.String when EnumValues is { Count: <= 6 } => "text (one of " + string.Join(", ", EnumValues) + ")",
        TypeKind.String when EnumValues is not null => "text (one of " + string.Join(", ", EnumValues.Take(5)) + ", ...)",
        TypeKind.String => "text",
        TypeKind.Date => "date",
        TypeKind.List => "list of " + Element,
        TypeKind.Object => "object '" + ObjectType!.Name + "'",
        _ => Kind.ToString(),
    };

    /// <summary>The name used in the schema (<c>number</c>, <c>string</c>, ...), e.g. for golden files.</summary>
    public string SchemaName => Kind switch
    {
        TypeKind.Bool => "bool",
        TypeKind.Number => "number",
        TypeKind.String => EnumValues is null ? "string" : "enum",
        TypeKind.Date => "date",
        TypeKind.List => "list<" + Element!.SchemaName + ">",
        TypeKind.Object => ObjectType!.Name,
        TypeKind.Null => "null",
        _ => "error",
    };
}

/// <summary>A declared object shape: the case's inputs, or a nested object or list item inside it.</summary>
internal sealed class ObjectType
{
    private readonly Dictionary<string, PropertyDef> _byName = new(StringComparer.Ordinal);
    private readonly List<PropertyDef> _properties = [];
    private PropertyDef[]? _withDefaults;

    public ObjectType(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public IReadOnlyList<PropertyDef> Properties => _properties;

    public PropertyDef Add(string name, DataType type, bool required = false, string? description = null)
    {
        var property = new PropertyDef(this, name, type, required, description, _properties.Count);
        _properties.Add(property);
        _byName[name] = property;
        _withDefaults = null;
        return property;
    }

    public PropertyDef? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The fields with a default, in declaration order.</summary>
    public PropertyDef[] WithDefaults => _withDefaults ??= _properties.Where(p => p.Default is not null).ToArray();

    internal void DefaultsChanged() => _withDefaults = null;

    /// <summary>
    /// The field whose name is the very instance <paramref name="name"/> (not merely equal text), looking from
    /// field <paramref name="from"/> on and then from the start: fields of a JSON case mostly come in an order
    /// that is the same from case to case, so a reader that passes the field after the last one it read finds
    /// most fields in one compare. Null when no declared name is that instance.
    /// </summary>
    public PropertyDef? FindInstance(string name, int from)
    {
        var count = _properties.Count;
        for (var i = from; i < count; i++)
        {
            if (ReferenceEquals(_properties[i].Name, name))
            {
                return _properties[i];
            }
        }

        for (var i = 0; i < from && i < count; i++)
        {
            if (ReferenceEquals(_properties[i].Name, name))
            {
                return _properties[i];
            }
        }

        return null;
    }

    public override string ToString() => Name;
}

/// <summary>One declared field of an object: its name, type, whether it is required and its slot index.</summary>
internal sealed class PropertyDef(ObjectType owner, string name, DataType type, bool required, string? description, int index)
{
    public ObjectType Owner { get; } = owner;

    public string Name { get; } = name;

    public DataType Type { get; } = type;

    public bool Required { get; } = required;

    public string? Description { get; } = description;

    public int Index { get; } = index;

    /// <summary>The valid range the rule set declares for the value (numbers and dates), if any.</summary>
    public global::RiskTriage.Compilation.InputRange? Range { get; set; }

    /// <summary>The default the rule set declares for a missing value, if any.</summary>
    public object? Default
    {
        get;
        set
        {
            field = value;
            Owner.DefaultsChanged();
        }
    }

    public override string ToString() => Name;
}
