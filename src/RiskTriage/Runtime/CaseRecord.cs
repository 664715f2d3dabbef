using System.Runtime.CompilerServices;

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

/// <summary>
/// One slot of a <see cref="CaseRecord"/> (16 bytes). A text, object or list is held in <see cref="Reference"/>; a
/// number, boolean or date in <see cref="Number"/>, with <see cref="Reference"/> set to a shared marker so that a
/// slot holds a value exactly when its reference is not null. Compiled rules read the two fields directly
/// (<see cref="Expressions.Compilation.RecordDataBinding"/>); the readers here serve the reader and the tools.
/// </summary>
internal readonly struct FieldValue
{
    private static readonly object ValueMarker = new();

    public readonly object? Reference;
    public readonly double Number;

    private FieldValue(double number, object reference)
    {
        Number = number;
        Reference = reference;
    }

    public bool HasValue => Reference is not null;

    public static FieldValue OfNumber(double value) => new(value, ValueMarker);

    public static FieldValue OfBool(bool value) => new(value ? 1 : 0, ValueMarker);

    public static FieldValue OfDate(DateOnly value) => new(value.DayNumber, ValueMarker);

    public static FieldValue OfReference(object value) => new(0, value);

    public double? AsNumber() => Reference is not null ? Number : null;

    public bool? AsBool() => Reference is not null ? Number != 0 : null;

    // Dates are still read through this call by compiled rules: inlined even where a large part's budget is spent.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DateOnly? AsDate() => Reference is not null ? DateOnly.FromDayNumber((int)Number) : null;

    public string? AsString() => Reference as string;

    public T? As<T>()
        where T : class => Reference as T;
}
