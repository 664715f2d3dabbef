using RiskTriage.Compilation;
using RiskTriage.Evaluation;
using RiskTriage.Expressions.Binding;

namespace RiskTriage.Lowering;

/// <summary>
/// The kinds of input check, one for each sealed record (<c>RequiredCheck</c> is <see cref="Required"/>, and so on):
/// <see cref="InputCheckVisitor{TResult}"/> dispatches with a switch over them (see <see cref="LoweredOpKind"/>).
/// </summary>
internal enum InputCheckKind
{
    Required,
    Enum,
    NumberRange,
    DateRange,
    Text,
    Object,
    List,
}

/// <summary>
/// A check of one input field of the case (or, with a null <see cref="Field"/>, of a list item itself), run before
/// anything is evaluated. Checks at the top level name their field by <see cref="Path"/>; checks inside a list item
/// (under <see cref="ListChecks"/>) name it by the list's path, the item's index and <see cref="Path"/> within the
/// item (empty for the item itself). A check that finds a problem adds an error to the decision (the case is invalid
/// and nothing more is evaluated) or a review reason, as each kind says. A field the case representation cannot
/// leave missing (a typed case's non-nullable member) is present.
/// </summary>
internal abstract record InputCheck(PropertyDef? Field, string Path)
{
    /// <summary>Which kind this is: <see cref="InputCheckVisitor{TResult}"/> dispatches on it.</summary>
    internal abstract InputCheckKind Kind { get; }

    /// <summary>Calls the visitor's method for this kind.</summary>
    public TResult Accept<TResult>(InputCheckVisitor<TResult> visitor) => visitor.Dispatch(this);
}

/// <summary>
/// A required field without a default: when it is missing, the review reason <c>MISSING_INPUT</c> (source: the
/// path; inside a list item the path <c>list[i].field</c>).
/// </summary>
internal sealed record RequiredCheck(PropertyDef Field, string Path) : InputCheck(Field, Path)
{
    /// <summary>
    /// The review reason of a missing top-level field, made once: every decision that gives it, from the compiled checks
    /// or the interpreter, gives this instance (the decision's JSON writer keeps the bytes of such shared reasons).
    /// </summary>
    public ReviewReason Reason { get; } = SharedReviewReasons.Shared(RuntimeHelpers.MissingInputReason(Path));

    internal override InputCheckKind Kind => InputCheckKind.Required;
}

/// <summary>A text present and not one of <see cref="Values"/> (compared ordinally): an error naming the value and the allowed ones.</summary>
internal sealed record EnumCheck(PropertyDef? Field, string Path, IReadOnlyList<string> Values) : InputCheck(Field, Path)
{
    internal override InputCheckKind Kind => InputCheckKind.Enum;
}

/// <summary>
/// A number present and outside <see cref="Range"/> (below its minimum, above its maximum, not whole when it must be,
/// or NaN): an error, or a review reason when the range says so (<see cref="InputRange.Review"/>).
/// </summary>
internal sealed record NumberRangeCheck(PropertyDef? Field, string Path, InputRange Range) : InputCheck(Field, Path)
{
    internal override InputCheckKind Kind => InputCheckKind.NumberRange;
}

/// <summary>A date present and outside <see cref="Range"/> (day numbers, inclusive): an error or review reason as the range says.</summary>
internal sealed record DateRangeCheck(PropertyDef Field, string Path, InputRange Range) : InputCheck(Field, Path)
{
    internal override InputCheckKind Kind => InputCheckKind.DateRange;
}

/// <summary>A typed case's text present and longer than <see cref="MaxLength"/> or not whole UTF-16 (a lone surrogate): an error.</summary>
internal sealed record TextCheck(PropertyDef? Field, string Path, int MaxLength) : InputCheck(Field, Path)
{
    internal override InputCheckKind Kind => InputCheckKind.Text;
}

/// <summary>An object field: when present, <see cref="Inner"/> runs on its fields (paths already prefixed).</summary>
internal sealed record ObjectChecks(PropertyDef Field, string Path, IReadOnlyList<InputCheck> Inner) : InputCheck(Field, Path)
{
    internal override InputCheckKind Kind => InputCheckKind.Object;
}

/// <summary>
/// A list field, when present: with <see cref="MaxItems"/>, more items than that is an error and no item is checked;
/// otherwise <see cref="ItemChecks"/> run on each item in order (on an object item only when it is present). A list
/// inside a list item is checked the same way; its problems are located by the outer list's path and index, then
/// <see cref="InputCheck.Path"/> within the outer item (<c>sentences[1].requirements[0].mainCategory</c>).
/// </summary>
internal sealed record ListChecks(PropertyDef Field, string Path, int? MaxItems, IReadOnlyList<InputCheck> ItemChecks) : InputCheck(Field, Path)
{
    internal override InputCheckKind Kind => InputCheckKind.List;
}

/// <summary>The one switch over input check kinds (see <see cref="LoweredOpVisitor{TResult}"/>).</summary>
internal abstract class InputCheckVisitor<TResult>
{
    public TResult Visit(InputCheck check) => Dispatch(check);

    /// <summary>Calls the method for the check's kind (<see cref="InputCheck.Accept{TResult}"/> comes here).</summary>
    internal TResult Dispatch(InputCheck check)
    {
        // CS8524 asks for an arm for numbers that name no kind: a check's kind is always one of its named values.
#pragma warning disable CS8524
        return check.Kind switch
        {
            InputCheckKind.Required => VisitRequired((RequiredCheck)check),
            InputCheckKind.Enum => VisitEnum((EnumCheck)check),
            InputCheckKind.NumberRange => VisitNumberRange((NumberRangeCheck)check),
            InputCheckKind.DateRange => VisitDateRange((DateRangeCheck)check),
            InputCheckKind.Text => VisitText((TextCheck)check),
            InputCheckKind.Object => VisitObject((ObjectChecks)check),
            InputCheckKind.List => VisitList((ListChecks)check),
        };
#pragma warning restore CS8524
    }

    public abstract TResult VisitRequired(RequiredCheck check);

    public abstract TResult VisitEnum(EnumCheck check);

    public abstract TResult VisitNumberRange(NumberRangeCheck check);

    public abstract TResult VisitDateRange(DateRangeCheck check);

    public abstract TResult VisitText(TextCheck check);

    public abstract TResult VisitObject(ObjectChecks check);

    public abstract TResult VisitList(ListChecks check);
}
