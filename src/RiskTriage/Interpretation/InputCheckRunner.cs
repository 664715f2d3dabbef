using System.Collections;
using RiskTriage.Compilation;
using RiskTriage.Expressions.Binding;
using RiskTriage.Lowering;
using RiskTriage.Runtime;

namespace RiskTriage.Interpretation;

/// <summary>
/// Runs the lowered form's input checks (<see cref="InputCheck"/>) on one case, as each kind's documentation says:
/// a missing required field asks for review; a value outside its enumeration or range, or past a typed case's limits,
/// makes the case invalid. One runner per case and per object or list item it descends into.
/// </summary>
internal sealed class InputCheckRunner : InputCheckVisitor<bool>
{
    private readonly Decision _decision;
    private readonly CaseRecord? _record;
    private readonly object? _item;
    private readonly string? _list;
    private readonly InputCheckRunner? _outer;
    private readonly int _index;
    private readonly CaseItems? _caseItems;

    /// <param name="decision">Where problems are reported.</param>
    /// <param name="record">The object whose fields the checks read (null for a list's scalar item).</param>
    /// <param name="item">A list's scalar item, which checks without a field read.</param>
    /// <param name="list">Inside a list item: the list's path (within <paramref name="outer"/>'s item when there is one).</param>
    /// <param name="outer">Inside an item of a list held by a list item: the runner of that outer item.</param>
    /// <param name="index">Inside a list item: the item's position.</param>
    /// <param name="caseItems">For a typed case, the list items it may still hold.</param>
    private InputCheckRunner(Decision decision, CaseRecord? record, object? item, string? list, InputCheckRunner? outer, int index, CaseItems? caseItems)
    {
        _decision = decision;
        _record = record;
        _item = item;
        _list = list;
        _outer = outer;
        _index = index;
        _caseItems = caseItems;
    }

    /// <summary>Runs <paramref name="checks"/> on the whole case; a typed case's lists are held to <paramref name="limits"/>' items in all.</summary>
    public static void Run(IReadOnlyList<InputCheck> checks, CaseRecord @case, Decision decision, RuleSetLimits? limits) =>
        new InputCheckRunner(decision, @case, null, null, null, -1, limits is null ? null : new CaseItems(limits.MaxCaseItems)).RunAll(checks);

    /// <summary>The list items a typed case may still hold (-1 once it holds more), shared by the runners of one case.</summary>
    private sealed class CaseItems(int limit)
    {
        public readonly int Limit = limit;
        public int Left = limit;
    }

    private void RunAll(IReadOnlyList<InputCheck> checks)
    {
        foreach (var check in checks)
        {
            Visit(check);
        }
    }

    private bool InItem => _list is not null;

    /// <summary>
    /// Inside a list item: the list's whole path (<c>sentences[1].requirements</c> for a list held by an item), made
    /// only when a problem is reported.
    /// </summary>
    private string ListPath => _outer is null ? _list! : CaseLimitChecks.ItemPath(_outer.ListPath, _outer._index, _list!);

    /// <summary>The value a check reads: its field of the current object, or the current item itself. Null when missing.</summary>
    private object? Value(PropertyDef? field)
    {
        if (field is null)
        {
            return _item;
        }

        var slot = _record!.Fields[field.Index];
        if (slot.Reference is null)
        {
            return null;
        }

        return field.Type.Kind switch
        {
            TypeKind.Number => slot.Number,
            TypeKind.Date => DateOnly.FromDayNumber((int)slot.Number),
            TypeKind.Bool => slot.Number != 0,
            _ => slot.Reference,
        };
    }

    public override bool VisitRequired(RequiredCheck check)
    {
        if (Value(check.Field) is null)
        {
            if (InItem)
            {
                RuntimeHelpers.MissingItemField(_decision, ListPath, _index, check.Path);
            }
            else
            {
                _decision.AddReview(check.Reason);
            }
        }

        return true;
    }

    public override bool VisitEnum(EnumCheck check)
    {
        if (Value(check.Field) is string text && !check.Values.Contains(text))
        {
            // Worded as the compiled checks word it (EnumValues.Invalid); the message and path made only while the
            // decision lists more errors (a case of many bad items would otherwise search for a hint for each).
            if (!_decision.ListsMoreErrors)
            {
                _decision.AddError(string.Empty, string.Empty);
            }
            else
            {
                _decision.AddError(InItem ? CaseLimitChecks.ItemPath(ListPath, _index, check.Path) : check.Path, Evaluation.CaseErrors.NotAllowed(text, check.Values));
            }
        }

        return true;
    }

    public override bool VisitNumberRange(NumberRangeCheck check)
    {
        var range = check.Range;
        if (Value(check.Field) is double number && !(number >= range.Min && number <= range.Max && (!range.Integer || number == Math.Floor(number))))
        {
            if (InItem)
            {
                range.OutsideItem(_decision, ListPath, _index, check.Path, number);
            }
            else
            {
                range.Outside(_decision, check.Path, number);
            }
        }

        return true;
    }

    public override bool VisitDateRange(DateRangeCheck check)
    {
        if (Value(check.Field) is DateOnly date && (date.DayNumber < check.Range.MinDay || date.DayNumber > check.Range.MaxDay))
        {
            if (InItem)
            {
                check.Range.OutsideDateItem(_decision, ListPath, _index, check.Path, date);
            }
            else
            {
                check.Range.OutsideDate(_decision, check.Path, date);
            }
        }

        return true;
    }

    public override bool VisitText(TextCheck check)
    {
        if (Value(check.Field) is string text)
        {
            if (InItem)
            {
                if (CaseLimitChecks.Refused(text, check.MaxLength))
                {
                    CaseLimitChecks.TextItem(_decision, ListPath, _index, check.Path, text, check.MaxLength);
                }
            }
            else
            {
                CaseLimitChecks.Text(_decision, check.Path, text, check.MaxLength);
            }
        }

        return true;
    }

    public override bool VisitObject(ObjectChecks check)
    {
        if (Value(check.Field) is CaseRecord inner)
        {
            new InputCheckRunner(_decision, inner, null, _list, _outer, _index, _caseItems).RunAll(check.Inner);
        }

        return true;
    }

    public override bool VisitList(ListChecks check)
    {
        if (Value(check.Field) is not IList items)
        {
            return true;
        }

        // A list held by a list item: its items' runners locate problems through this item.
        var outer = InItem ? this : null;
        string Path() => outer is null ? check.Path : CaseLimitChecks.ItemPath(ListPath, _index, check.Path);
        if (check.MaxItems is { } max && items.Count > max)
        {
            CaseLimitChecks.TooManyItems(_decision, Path(), items.Count, max);
            return true;
        }

        // Once the case holds more items in all than a JSON case may, no later list's items are checked (a JSON
        // case's are then not read).
        if (_caseItems is { } all)
        {
            if (items.Count > all.Left)
            {
                if (all.Left >= 0)
                {
                    CaseLimitChecks.TooManyCaseItems(_decision, Path(), all.Limit);
                }

                all.Left = -1;
                return true;
            }

            all.Left -= items.Count;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is CaseRecord record)
            {
                new InputCheckRunner(_decision, record, null, check.Path, outer, i, _caseItems).RunAll(check.ItemChecks);
            }
            else if (check.Field!.Type.Element!.Kind != TypeKind.Object)
            {
                new InputCheckRunner(_decision, null, item, check.Path, outer, i, _caseItems).RunAll(check.ItemChecks);
            }
        }

        return true;
    }
}
