using System.Collections;
using RiskTriage.Compilation;
using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Interpretation;

/// <summary>
/// What a case must satisfy before the rules see it, checked field by field at every depth: a required field that is
/// missing asks for review; a number or date outside its declared range makes the case invalid (or asks for review,
/// as the rule set declares). A typed case is also held to what a JSON case is held to as it is read: declared
/// enumeration values, finite numbers, the text and list limits.
/// </summary>
/// <param name="typedLimits">For a typed case, the limits its text and lists are held to; null for a case the reader has already held to them.</param>
internal sealed class InputChecks(RuleSetLimits? typedLimits)
{
    private readonly Dictionary<PropertyDef, EnumValues> _enums = [];

    /// <summary>Checks <paramref name="record"/>, the whole case, against <paramref name="inputs"/>.</summary>
    public void Check(CaseRecord record, ObjectType inputs, Decision decision) => CheckObject(record, inputs, string.Empty, null, -1, decision);

    private bool Typed => typedLimits is not null;

    /// <summary>The fields of one object; inside a list's item, <paramref name="list"/> and <paramref name="index"/> locate it.</summary>
    private void CheckObject(CaseRecord record, ObjectType type, string prefix, string? list, int index, Decision decision)
    {
        foreach (var property in type.Properties)
        {
            var path = prefix + property.Name;
            var field = record.Fields[property.Index];
            var present = field.Reference is not null;
            if (property.Required && property.Default is null && !present)
            {
                if (list is null)
                {
                    decision.AddReview(RuntimeHelpers.MissingInputReason(path));
                }
                else
                {
                    RuntimeHelpers.MissingItemField(decision, list, index, path);
                }
            }

            if (!present)
            {
                continue;
            }

            CheckValue(property, field, path, list, index, decision);
            if (property.Type.Kind == TypeKind.Object && field.Reference is CaseRecord inner)
            {
                CheckObject(inner, property.Type.ObjectType!, path + ".", list, index, decision);
            }
            else if (property.Type.Kind == TypeKind.List && list is null && field.Reference is IList items)
            {
                CheckItems(items, property.Type.Element!, path, decision);
            }
        }
    }

    /// <summary>A present value against its enumeration, its range and, for a typed case, the reader's limits.</summary>
    private void CheckValue(PropertyDef property, FieldValue field, string path, string? list, int index, Decision decision)
    {
        var type = property.Type;
        if (Typed && type.EnumValues is not null && field.Reference is string value && !type.EnumValues.Contains(value))
        {
            var values = Enum(property);
            if (list is null)
            {
                values.Invalid(decision, path, value);
            }
            else
            {
                values.InvalidItem(decision, list, index, path, value);
            }
        }

        switch (type.Kind)
        {
            case TypeKind.Number when (property.Range ?? (Typed ? InputRange.Finite : null)) is { } range:
                var number = field.Number;
                if (!(number >= range.Min && number <= range.Max && (!range.Integer || number == Math.Floor(number))))
                {
                    if (list is null)
                    {
                        range.Outside(decision, path, number);
                    }
                    else
                    {
                        range.OutsideItem(decision, list, index, path, number);
                    }
                }

                break;
            case TypeKind.Date when property.Range is { } dates:
                var day = (int)field.Number;
                if (day < dates.MinDay || day > dates.MaxDay)
                {
                    var date = DateOnly.FromDayNumber(day);
                    if (list is null)
                    {
                        dates.OutsideDate(decision, path, date);
                    }
                    else
                    {
                        dates.OutsideDateItem(decision, list, index, path, date);
                    }
                }

                break;
            case TypeKind.String when Typed && type.EnumValues is null && field.Reference is string text:
                if (list is null)
                {
                    CaseLimitChecks.Text(decision, path, text, typedLimits!.MaxCaseStringLength);
                }
                else
                {
                    CaseLimitChecks.TextItem(decision, list, index, path, text, typedLimits!.MaxCaseStringLength);
                }

                break;
            case TypeKind.List when Typed && list is not null && field.Reference is IList inner && inner.Count > typedLimits!.MaxCollectionItems:
                CaseLimitChecks.TooManyItemsInItem(decision, list, index, path, inner.Count, typedLimits.MaxCollectionItems);
                break;
        }
    }

    /// <summary>The items of a top-level list: objects field by field, and for a typed case every scalar item.</summary>
    private void CheckItems(IList items, DataType element, string path, Decision decision)
    {
        var count = items.Count;
        if (Typed && count > typedLimits!.MaxCollectionItems)
        {
            CaseLimitChecks.TooManyItems(decision, path, count, typedLimits.MaxCollectionItems);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            var item = items[i];
            if (item is null)
            {
                continue;
            }

            if (element.Kind == TypeKind.Object)
            {
                CheckObject((CaseRecord)item, element.ObjectType!, string.Empty, path, i, decision);
            }
            else if (Typed && element.EnumValues is { } values && item is string value && !values.Contains(value))
            {
                new EnumValues(values).InvalidItem(decision, path, i, string.Empty, value);
            }
            else if (Typed && element.EnumValues is null && item is string text)
            {
                CaseLimitChecks.TextItem(decision, path, i, string.Empty, text, typedLimits!.MaxCaseStringLength);
            }
            else if (Typed && item is double number && !double.IsFinite(number))
            {
                InputRange.Finite.OutsideItem(decision, path, i, string.Empty, number);
            }
        }
    }

    private EnumValues Enum(PropertyDef property)
    {
        lock (_enums)
        {
            if (!_enums.TryGetValue(property, out var values))
            {
                _enums[property] = values = new EnumValues(property.Type.EnumValues!);
            }

            return values;
        }
    }
}
