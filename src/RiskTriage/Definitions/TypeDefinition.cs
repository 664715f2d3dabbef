using RiskTriage.Diagnostics;

namespace RiskTriage.Definitions;

/// <summary>The kind of a declared or computed type in a <see cref="RuleSetDefinition"/>.</summary>
public enum ValueTypeKind
{
    /// <summary>Only ever missing: the type of the literal <c>null</c>.</summary>
    Null = 0,

    /// <summary>true or false.</summary>
    Bool,

    /// <summary>A number (double precision).</summary>
    Number,

    /// <summary>Text, possibly limited to an enumeration (<see cref="TypeDefinition.EnumValues"/>).</summary>
    String,

    /// <summary>A calendar date.</summary>
    Date,

    /// <summary>A list; its items' type is <see cref="TypeDefinition.Items"/>.</summary>
    List,

    /// <summary>An object with named fields (<see cref="TypeDefinition.Fields"/>); only inputs have objects.</summary>
    Object,
}

/// <summary>The type of an input, output, value or expression, as the checker established it.</summary>
public sealed class TypeDefinition
{
    internal TypeDefinition(ValueTypeKind kind, IReadOnlyList<string>? enumValues = null, TypeDefinition? items = null, IReadOnlyList<InputDefinition>? fields = null)
    {
        Kind = kind;
        EnumValues = enumValues;
        Items = items;
        Fields = fields ?? [];
    }

    /// <summary>What kind of value this is.</summary>
    public ValueTypeKind Kind { get; }

    /// <summary>For text limited to an enumeration, its values as declared; otherwise <c>null</c>.</summary>
    public IReadOnlyList<string>? EnumValues { get; }

    /// <summary>For a list, the type of its items; otherwise <c>null</c>.</summary>
    public TypeDefinition? Items { get; }

    /// <summary>For an object, its fields in declaration order; otherwise empty.</summary>
    public IReadOnlyList<InputDefinition> Fields { get; }

    /// <summary>The type as rule files write it: <c>number</c>, <c>string</c>, <c>list of date</c>, ...</summary>
    public override string ToString() => Kind switch
    {
        ValueTypeKind.List => "list of " + Items,
        ValueTypeKind.Null => "null",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>A declared input of the case (or a field of an object input).</summary>
public sealed class InputDefinition
{
    internal InputDefinition(string name, TypeDefinition type, bool required, RuleValue defaultValue, string? description, SourceLocation location)
    {
        Name = name;
        Type = type;
        Required = required;
        Default = defaultValue;
        Description = description;
        Location = location;
    }

    /// <summary>The field's name in the case.</summary>
    public string Name { get; }

    /// <summary>Its declared type.</summary>
    public TypeDefinition Type { get; }

    /// <summary>Whether a case without it is invalid.</summary>
    public bool Required { get; }

    /// <summary>The value used when a case lacks it; <see cref="RuleValue.Missing"/> when none is declared.</summary>
    public RuleValue Default { get; }

    /// <summary>The declared description, if any.</summary>
    public string? Description { get; }

    /// <summary>Where it is declared.</summary>
    public SourceLocation Location { get; }

    /// <summary>
    /// The properties as written in the rule file, name → value as compact JSON, in written order (a short form such
    /// as <c>"age": "number"</c> under the property it stands for, here <c>type</c>): for tools that compare or show
    /// versions of a rule set as written. Evaluation never reads it.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> WrittenProperties { get; internal init; } = [];
}

/// <summary>A named constant of the rule set, with its value already worked out.</summary>
public sealed class ParameterDefinition
{
    internal ParameterDefinition(string name, RuleValue value, string? description, SourceLocation location)
    {
        Name = name;
        Value = value;
        Description = description;
        Location = location;
    }

    /// <summary>The name expressions use.</summary>
    public string Name { get; }

    /// <summary>Its value (a parameter written as an expression of other parameters is folded to its value).</summary>
    public RuleValue Value { get; }

    /// <summary>The declared description, if any.</summary>
    public string? Description { get; }

    /// <summary>Where it is declared.</summary>
    public SourceLocation Location { get; }

    /// <summary>
    /// The properties as written in the rule file, name → value as compact JSON, in written order (a short form such
    /// as <c>"age": "number"</c> under the property it stands for, here <c>type</c>): for tools that compare or show
    /// versions of a rule set as written. Evaluation never reads it.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> WrittenProperties { get; internal init; } = [];
}
