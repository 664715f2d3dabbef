namespace RiskTriage.Runtime;

/// <summary>
/// A case (or a nested object of a case) read from JSON against the declared schema: one typed slot per
/// declared field, in declaration order, so compiled rules read a field by index with no lookup and no boxing.
/// Lists are typed arrays: <c>CaseRecord?[]</c>, <c>double?[]</c>, <c>string?[]</c>, <c>bool?[]</c>, <c>DateOnly?[]</c>.
/// </summary>
internal sealed class CaseRecord(FieldValue[] fields)
{
    public readonly FieldValue[] Fields = fields;
}

/// <summary>One slot of a <see cref="CaseRecord"/>.</summary>
internal readonly struct FieldValue
{
    public readonly object? Reference;
    public readonly double Number;
    public readonly bool HasValue;

    private FieldValue(double number, object? reference)
    {
        Number = number;
        Reference = reference;
        HasValue = true;
    }

    public static FieldValue OfNumber(double value) => new(value, null);

    public static FieldValue OfBool(bool value) => new(value ? 1 : 0, null);

    public static FieldValue OfDate(DateOnly value) => new(value.DayNumber, null);

    public static FieldValue OfReference(object value) => new(0, value);

    public double? AsNumber() => HasValue ? Number : null;

    public bool? AsBool() => HasValue ? Number != 0 : null;

    public DateOnly? AsDate() => HasValue ? DateOnly.FromDayNumber((int)Number) : null;

    public string? AsString() => Reference as string;

    public T? As<T>()
        where T : class => Reference as T;
}
