using System.Collections;
using System.Reflection;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Runtime;

namespace RiskTriage.Interpretation;

/// <summary>
/// Reads a typed CLR case into the record the interpreter evaluates, property by property as the typed binding
/// matched them (<see cref="ClrDataBinding"/> has already refused a type it cannot bind): numbers widened to double,
/// enumeration members as their declared text, <see cref="DateTime"/>s as their date. Checks on the values (the
/// limits a JSON case is read with) are the interpreter's, made on the record.
/// </summary>
/// <remarks>
/// A list's items are read only within the limits the checks then hold the case to, counted in the checks' order (a
/// list's count, then its items' fields): a list longer than <see cref="RuleSetLimits.MaxCollectionItems"/>, and every
/// list from the one that takes the case past <see cref="RuleSetLimits.MaxCaseItems"/>, is kept as its count alone
/// (<see cref="CountedList"/>), which the checks report as the compiled checks do. Without this a typed case whose
/// lists share one long list would be copied item by item, many times over, before being refused.
/// </remarks>
internal sealed class TypedCaseRecords
{
    private readonly ObjectType _inputs;
    private readonly RuleSetLimits _limits;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, PropertyDef), PropertyInfo> _properties = new();

    /// <summary>Prepares reading <paramref name="rootType"/>, whose binding to <paramref name="inputs"/> has been checked.</summary>
    public TypedCaseRecords(ObjectType inputs, Type rootType, RuleSetLimits limits)
    {
        _inputs = inputs;
        _limits = limits;
        Prepare(inputs, rootType, []);
    }

    /// <summary>The record of <paramref name="case"/>.</summary>
    public CaseRecord Read(object @case)
    {
        var itemsLeft = _limits.MaxCaseItems;
        return ReadObject(@case, _inputs, ref itemsLeft);
    }

    private void Prepare(ObjectType schema, Type clr, HashSet<(ObjectType, Type)> seen)
    {
        if (!seen.Add((schema, clr)))
        {
            return;
        }

        foreach (var field in schema.Properties)
        {
            var property = FindProperty(clr, field.Name);
            _properties[(clr, field)] = property;
            var type = field.Type;
            var propertyType = property.PropertyType;
            while (type.Kind == TypeKind.List && ClrDataBinding.ListElementType(propertyType) is { } element)
            {
                type = type.Element!;
                propertyType = element;
            }

            if (type.Kind == TypeKind.Object)
            {
                Prepare(type.ObjectType!, propertyType, seen);
            }
        }
    }

    private CaseRecord ReadObject(object instance, ObjectType schema, ref int itemsLeft)
    {
        var fields = new FieldValue[schema.Properties.Count];
        var clr = instance.GetType();
        foreach (var field in schema.Properties)
        {
            // A derived instance of the declared type has its property found the same way.
            var property = _properties.GetOrAdd((clr, field), key => FindProperty(key.Item1, key.Item2.Name));
            fields[field.Index] = Store(Convert(Get(property, instance), field.Type, ref itemsLeft));
        }

        return new CaseRecord(fields);
    }

    private static object? Get(PropertyInfo property, object instance)
    {
        try
        {
            return property.GetValue(instance);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // The getter's own exception, as the compiled code, calling the getter directly, would see it.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>The property bound to a field: the one whose <c>[JsonProperty]</c> name it is, else the one named like it (ignoring case and underscores).</summary>
    private static PropertyInfo FindProperty(Type clr, string name)
    {
        var properties = clr.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();
        static string? Declared(PropertyInfo p) => p.GetCustomAttribute<Newtonsoft.Json.JsonPropertyAttribute>()?.PropertyName;
        static string Loose(string text) => text.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        return properties.FirstOrDefault(p => Declared(p) == name)
            ?? properties.FirstOrDefault(p => Declared(p) is null && Loose(p.Name) == Loose(name))
            ?? throw new InvalidOperationException($"{clr.Name} has no property for '{name}'");
    }

    /// <summary>An enumeration member as the declared value it matches (ignoring case and underscores), or its own name; an undefined member is missing.</summary>
    private static string? EnumText(Enum member, DataType type)
    {
        if (!Enum.IsDefined(member.GetType(), member))
        {
            return null;
        }

        var name = member.ToString();
        var loose = name.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        return type.EnumValues?.FirstOrDefault(v => v.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant() == loose) ?? name;
    }

    private static FieldValue Store(object? value) => value switch
    {
        null => default,
        double number => FieldValue.OfNumber(number),
        bool flag => FieldValue.OfBool(flag),
        DateOnly date => FieldValue.OfDate(date),
        _ => FieldValue.OfReference(value),
    };

    private object? Convert(object? value, DataType type, ref int itemsLeft)
    {
        if (value is null)
        {
            return null;
        }

        switch (type.Kind)
        {
            case TypeKind.Number:
                return System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            case TypeKind.Date:
                return value is DateTime moment ? DateOnly.FromDateTime(moment) : value;
            case TypeKind.String when value is Enum member:
                return EnumText(member, type);
            case TypeKind.Object:
                return ReadObject(value, type.ObjectType!, ref itemsLeft);
            case TypeKind.List:
                var items = (IEnumerable)value;
                var count = items is ICollection collection ? collection.Count : Count(items);
                if (count > _limits.MaxCollectionItems || count > itemsLeft)
                {
                    // Refused by the checks (too many items, or the case's items in all from here on): not read.
                    itemsLeft = count > _limits.MaxCollectionItems ? itemsLeft : -1;
                    return new CountedList(count);
                }

                itemsLeft -= count;
                var list = new object?[count];
                var at = 0;
                foreach (var item in items)
                {
                    if (at == count)
                    {
                        break;
                    }

                    list[at++] = Convert(item, type.Element!, ref itemsLeft);
                }

                return at == count ? list : list[..at];
            default:
                return value;
        }
    }

    private static int Count(IEnumerable items)
    {
        var count = 0;
        foreach (var unused in items)
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// A list the checks refuse, kept as its number of items only: the checks read its count and report it; nothing
    /// reads its items, as the case is then invalid and nothing is evaluated.
    /// </summary>
    internal sealed class CountedList(int count) : IList
    {
        public int Count { get; } = count;

        public bool IsFixedSize => true;

        public bool IsReadOnly => true;

        public bool IsSynchronized => false;

        public object SyncRoot => this;

        public object? this[int index]
        {
            get => throw new InvalidOperationException("a list past the case limits is not read");
            set => throw new NotSupportedException();
        }

        public int Add(object? value) => throw new NotSupportedException();

        public void Clear() => throw new NotSupportedException();

        public bool Contains(object? value) => throw new InvalidOperationException("a list past the case limits is not read");

        public int IndexOf(object? value) => throw new InvalidOperationException("a list past the case limits is not read");

        public void Insert(int index, object? value) => throw new NotSupportedException();

        public void Remove(object? value) => throw new NotSupportedException();

        public void RemoveAt(int index) => throw new NotSupportedException();

        public void CopyTo(Array array, int index) => throw new InvalidOperationException("a list past the case limits is not read");

        public IEnumerator GetEnumerator() => throw new InvalidOperationException("a list past the case limits is not read");
    }
}
