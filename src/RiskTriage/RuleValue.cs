using System.Globalization;

namespace RiskTriage;

/// <summary>What kind of value a <see cref="RuleValue"/> holds.</summary>
public enum RuleValueKind
{
    /// <summary>No value: not known, not given, or not computable (e.g. division by zero).</summary>
    Missing = 0,

    /// <summary>true or false.</summary>
    Bool,

    /// <summary>A number (double precision).</summary>
    Number,

    /// <summary>Text.</summary>
    String,

    /// <summary>A calendar date.</summary>
    Date,

    /// <summary>A list of values.</summary>
    List,
}

/// <summary>
/// One value in a decision: an output or an operand in a trace. A small immutable struct (16 bytes), so numbers
/// and booleans are stored without boxing.
/// </summary>
public readonly struct RuleValue : IEquatable<RuleValue>
{
    // The reference says what kind of value this is: null when missing, the text or the item array itself
    // for text and lists, and one of three shared tags for booleans, numbers and dates, whose value is in
    // _number. A decision holds one of these per output, so the kind is not given a field of its own.
    private static readonly KindTag BoolTag = new(RuleValueKind.Bool);
    private static readonly KindTag NumberTag = new(RuleValueKind.Number);
    private static readonly KindTag DateTag = new(RuleValueKind.Date);

    private readonly object? _reference;
    private readonly double _number;

    private RuleValue(object reference, double number)
    {
        _number = number;
        _reference = reference;
    }

    /// <summary>The missing value.</summary>
    public static RuleValue Missing => default;

    /// <summary>The kind of value held.</summary>
    public RuleValueKind Kind => _reference switch
    {
        null => RuleValueKind.Missing,
        KindTag tag => tag.Kind,
        string => RuleValueKind.String,
        _ => RuleValueKind.List,
    };

    /// <summary>True when no value is held.</summary>
    public bool IsMissing => _reference is null;

    /// <summary>The number, or <c>null</c> when this is not a number.</summary>
    public double? AsNumber => ReferenceEquals(_reference, NumberTag) ? _number : null;

    /// <summary>The boolean, or <c>null</c> when this is not a boolean.</summary>
    public bool? AsBool => ReferenceEquals(_reference, BoolTag) ? _number != 0 : null;

    /// <summary>The text, or <c>null</c> when this is not text.</summary>
    public string? AsString => _reference as string;

    /// <summary>The date, or <c>null</c> when this is not a date.</summary>
    public DateOnly? AsDate => ReferenceEquals(_reference, DateTag) ? DateOnly.FromDayNumber((int)_number) : null;

    /// <summary>The items, or <c>null</c> when this is not a list: a read-only list, through which neither a decision's
    /// output nor a rule set's parameter can be changed.</summary>
    public IReadOnlyList<RuleValue>? AsList => _reference is RuleValue[] items ? Array.AsReadOnly(items) : null;

    /// <summary>The items as the value holds them (never to be changed), or <c>null</c> when this is not a list.</summary>
    internal RuleValue[]? ListItems => _reference as RuleValue[];

    /// <summary>Creates a number value; a non-finite number (NaN, infinity) becomes <see cref="Missing"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static RuleValue FromNumber(double value) => double.IsFinite(value) ? new(NumberTag, value) : default;

    /// <summary>Creates a number value, or <see cref="Missing"/> for <c>null</c> or a non-finite number.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static RuleValue FromNumber(double? value) => value is { } v ? FromNumber(v) : default;

    /// <summary>Creates a boolean value.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static RuleValue FromBool(bool value) => new(BoolTag, value ? 1 : 0);

    /// <summary>Creates a boolean value, or <see cref="Missing"/> for <c>null</c>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static RuleValue FromBool(bool? value) => value is { } v ? FromBool(v) : default;

    /// <summary>Creates a text value, or <see cref="Missing"/> for <c>null</c>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static RuleValue FromString(string? value) => value is null ? default : new(value, 0);

    /// <summary>Creates a date value.</summary>
    public static RuleValue FromDate(DateOnly value) => new(DateTag, value.DayNumber);

    /// <summary>Creates a date value, or <see cref="Missing"/> for <c>null</c>.</summary>
    public static RuleValue FromDate(DateOnly? value) => value is { } v ? FromDate(v) : default;

    /// <summary>Creates a list value (the items are copied).</summary>
    public static RuleValue FromList(IEnumerable<RuleValue>? items) =>
        items is null ? default : new(items.ToArray(), 0);

    internal static RuleValue FromListOwned(RuleValue[] items) => new(items, 0);

    /// <summary>The text or the item array; null for other kinds.</summary>
    internal object? Reference => _reference is KindTag ? null : _reference;

    internal double RawNumber => _number;

    internal double? NumberOrNull() => AsNumber;

    internal bool? BoolOrNull() => AsBool;

    internal string? StringOrNull() => AsString;

    internal DateOnly? DateOrNull() => AsDate;

    /// <summary>Converts a plain CLR value (as produced by the evaluator) to a rule value.</summary>
    internal static RuleValue FromObject(object? value) => value switch
    {
        null => default,
        bool b => FromBool(b),
        double d => FromNumber(d),
        int i => FromNumber(i),
        string s => FromString(s),
        DateOnly date => FromDate(date),
        RuleValue v => v,
        System.Collections.IEnumerable e => FromListOwned(e.Cast<object?>().Select(FromObject).ToArray()),
        _ => throw new ArgumentException($"cannot represent {value.GetType().Name} as a rule value"),
    };

    /// <summary>The value as a plain CLR object: bool, double, string, DateOnly, a list of those, or null.</summary>
    public object? ToObject() => Kind switch
    {
        RuleValueKind.Bool => _number != 0,
        RuleValueKind.Number => _number,
        RuleValueKind.String => _reference,
        RuleValueKind.Date => DateOnly.FromDayNumber((int)_number),
        RuleValueKind.List => ((RuleValue[])_reference!).Select(v => v.ToObject()).ToArray(),
        _ => null,
    };

    /// <inheritdoc />
    public bool Equals(RuleValue other)
    {
        var kind = Kind;
        if (kind != other.Kind)
        {
            return false;
        }

        return kind switch
        {
            RuleValueKind.Missing => true,
            RuleValueKind.String => string.Equals((string?)_reference, (string?)other._reference, StringComparison.Ordinal),
            RuleValueKind.List => ((RuleValue[])_reference!).AsSpan().SequenceEqual((RuleValue[])other._reference!),
            _ => _number.Equals(other._number),
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RuleValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Kind switch
    {
        RuleValueKind.String => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode((string)_reference!)),
        RuleValueKind.List => HashCode.Combine(Kind, ((RuleValue[])_reference!).Length),
        _ => HashCode.Combine(Kind, _number),
    };

    /// <summary>Equality of kind and value.</summary>
    public static bool operator ==(RuleValue left, RuleValue right) => left.Equals(right);

    /// <summary>Inequality of kind or value.</summary>
    public static bool operator !=(RuleValue left, RuleValue right) => !left.Equals(right);

    /// <summary>The value as canonical JSON, exactly as it appears in a decision (<c>"B2"</c>, <c>20</c>, <c>null</c>, <c>["a","b"]</c>).</summary>
    public string ToJson()
    {
        var sb = new System.Text.StringBuilder();
        Evaluation.CanonicalJson.Value(sb, this);
        return sb.ToString();
    }

    /// <summary>The value as plain text: text without quotes, numbers in invariant round-trip form, <c>null</c> when missing.</summary>
    public override string ToString() => Kind switch
    {
        RuleValueKind.Missing => "null",
        RuleValueKind.Bool => _number != 0 ? "true" : "false",
        RuleValueKind.Number => _number.ToString("R", CultureInfo.InvariantCulture),
        RuleValueKind.String => (string)_reference!,
        RuleValueKind.Date => DateOnly.FromDayNumber((int)_number).ToString(Runtime.IsoDate.Format, CultureInfo.InvariantCulture),
        _ => "[" + string.Join(", ", ((RuleValue[])_reference!).Select(v => v.ToString())) + "]",
    };

    /// <summary>Marks a boolean, number or date; shared by every value of that kind.</summary>
    private sealed class KindTag(RuleValueKind kind)
    {
        public RuleValueKind Kind { get; } = kind;
    }
}
