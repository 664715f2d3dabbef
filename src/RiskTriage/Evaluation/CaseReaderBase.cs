using System.Globalization;
using System.Runtime.InteropServices;
using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Evaluation;

/// <summary>
/// What the two case readers share: the UTF-8 reader (<see cref="Utf8CaseReader"/>, for text and bytes) and the
/// reader of Newtonsoft tokens (<see cref="CaseReader"/>, for <c>JObject</c>s and <c>JsonReader</c>s). Each reads
/// tokens its own way; the decisions about a value (its type, its limits, its default) and every error message are
/// made here, once, so the two cannot drift apart. Errors are collected, not written into a decision.
/// </summary>
internal abstract class CaseReaderBase
{
    // The places of the objects and lists being read, outermost first. Paths are text only for errors: a case read
    // without errors makes none.
    private readonly List<ValuePath> _containers = [];

    // The items of the lists being read, innermost last.
    private readonly List<FieldValue> _items = [];

    private CaseErrors? _errors;

    // Items read so far in all the case's lists, held to RuleSetLimits.MaxCaseItems.
    private int _caseItems;
    private bool _tooManyItems;

    protected RuleSetOptions Options { get; private set; } = RuleSetOptions.Default;

    protected string CaseIdField { get; private set; } = string.Empty;

    /// <summary>The case id read so far.</summary>
    protected string? CaseId { get; set; }

    /// <summary>Whether another error would be listed: when not, composing its message is wasted work.</summary>
    protected bool ListsMoreErrors => _errors is null || _errors.ListsMore;

    /// <summary>Whether an error was found in the case so far.</summary>
    protected bool HasErrors => _errors is not null;

    /// <summary>How many objects and lists around the value being read.</summary>
    protected int Depth => _containers.Count;

    /// <summary>Readies the reader for a case (a reader may be used for one case after another).</summary>
    protected void Start(RuleSetOptions options, string caseIdField)
    {
        Options = options;
        CaseIdField = caseIdField;
        CaseId = null;
        _errors = null;
        _caseItems = 0;
        _tooManyItems = false;
        _containers.Clear();
        _items.Clear();
    }

    protected CaseReadResult Result(CaseRecord? record) => new(record, CaseId, _errors);

    protected void Error(string path, string message) =>
        (_errors ??= new CaseErrors(Options.Limits.MaxCaseErrors)).Add(path.Length == 0 ? "$" : path, message);

    protected void Error(ValuePath path, string message) =>
        // Past the listed errors only the count grows: composing the path is wasted work.
        Error(ListsMoreErrors ? PathOf(path) : "$", ListsMoreErrors ? message : string.Empty);

    /// <summary>A value's place inside the object or list being read: a field name, or a list index.</summary>
    protected readonly struct ValuePath(string? name, int index)
    {
        public string? Name => name;

        public int Index => index;

        public static ValuePath Field(string name) => new(name, -1);

        public static ValuePath Item(int index) => new(null, index);
    }

    protected void Enter(ValuePath container) => _containers.Add(container);

    protected void Leave() => _containers.RemoveAt(_containers.Count - 1);

    /// <summary>The path of the value at <paramref name="place"/> in the current container, as errors give it ("sentences[0].type").</summary>
    protected string PathOf(ValuePath place) => PathOf(_containers.Count, place);

    /// <summary>The path of the current container itself ("" at the root).</summary>
    protected string ContainerPath() => _containers.Count == 0 ? string.Empty : PathOf(_containers.Count - 1, _containers[^1]);

    private string PathOf(int depth, ValuePath place)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            Append(_containers[i]);
        }

        Append(place);
        return text.ToString();

        void Append(ValuePath segment)
        {
            if (segment.Name is { } name)
            {
                text.Append(text.Length == 0 ? string.Empty : ".").Append(name);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"[{segment.Index}]");
            }
        }
    }

    /// <summary>
    /// Cases are read on the caller's thread, whatever its stack (the check wants a margin a small thread's whole
    /// stack may not have): only deep nesting checks the stack left.
    /// </summary>
    protected void GuardStack(ObjectType type)
    {
        if (_containers.Count > 32)
        {
            Expressions.StackGuard.Checked(type);
        }
    }

    /// <summary>
    /// The fields of one object already read (a bit each; a wider object keeps an array), and its other names: a name
    /// given twice is an error, as in rule files, never last-wins.
    /// </summary>
    protected struct FieldsSeen(int count)
    {
        private ulong _seen;
        private readonly bool[]? _seenWide = count > 64 ? new bool[count] : null;
        private HashSet<string>? _otherNames;

        /// <summary>Marks a declared field read; true when it was read before.</summary>
        public bool Declared(int index)
        {
            if (_seenWide is null)
            {
                var bit = 1UL << index;
                var duplicate = (_seen & bit) != 0;
                _seen |= bit;
                return duplicate;
            }

            var seen = _seenWide[index];
            _seenWide[index] = true;
            return seen;
        }

        /// <summary>Marks an undeclared name read; true when it was read before.</summary>
        public bool Other(string name) => !(_otherNames ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
    }

    protected void DuplicateField(string name) =>
        Error(ValuePath.Field(name), $"the field '{name}' is given twice in the same object; JSON readers disagree on which one counts, so give it once");

    protected void UnknownField(string name, ObjectType type)
    {
        if (Options.UnknownFields == UnknownFieldHandling.Reject)
        {
            Error(ValuePath.Field(name), ListsMoreErrors
                ? $"'{name}' is not a field of the rule set's cases{Diagnostics.NameSuggester.Hint(name, type.Properties.Select(p => p.Name))}"
                : string.Empty);
        }
    }

    /// <summary>A declared case-id field at the root names the case by its text or number.</summary>
    protected void DeclaredCaseId(FieldValue value) =>
        CaseId = value.AsString() ?? (value.AsNumber() is { } n ? n.ToString(CultureInfo.InvariantCulture) : null);

    /// <summary>An undeclared case id given as text: held to the same limit as declared text, since it is copied into the decision.</summary>
    protected void TextCaseId(string id)
    {
        if (id.Length > Options.Limits.MaxCaseStringLength)
        {
            Error(CaseIdField, TooLong(id));
        }
        else if (StrictJsonScanner.HasLoneSurrogate(id))
        {
            Error(CaseIdField, StrictJsonScanner.LoneSurrogateMessage);
        }
        else
        {
            CaseId = id;
        }
    }

    /// <summary>
    /// An undeclared case id given as a whole number, as text: held to the same limit as a text id, since it is copied
    /// into the decision too.
    /// </summary>
    protected void NumberCaseId(string id)
    {
        if (id.Length > Options.Limits.MaxCaseStringLength)
        {
            CaseIdTooLong(id.Length);
        }
        else
        {
            CaseId = id;
        }
    }

    /// <summary>An undeclared whole-number case id of <paramref name="length"/> characters, past the limit of a case's texts.</summary>
    protected void CaseIdTooLong(int length) => Error(CaseIdField, string.Create(CultureInfo.InvariantCulture,
        $"the case id is a number {length:N0} characters long; the limit is {Options.Limits.MaxCaseStringLength:N0}"));

    protected void CaseIdOfWrongType(string found) => Error(CaseIdField, $"the case id must be text or a whole number, not {found}");

    /// <summary>The fields a case leaves out that have a default take it; returns the record.</summary>
    protected static CaseRecord Complete(FieldValue[] fields, ObjectType type)
    {
        foreach (var property in type.WithDefaults)
        {
            if (!fields[property.Index].HasValue)
            {
                fields[property.Index] = FromDefault(property.Default!, property.Type);
            }
        }

        return new CaseRecord(fields);
    }

    private static FieldValue FromDefault(object value, DataType type) => value switch
    {
        double d => FieldValue.OfNumber(d),
        bool b => FieldValue.OfBool(b),
        DateOnly date => FieldValue.OfDate(date),

        // A list default is held as object?[]; records hold lists as typed arrays (string?[], double?[], ...).
        object?[] items => FieldValue.OfReference(ToTypedArray(items.Select(i => i is null ? default : FromDefault(i, type.Element!)).ToArray(), type.Element!)),
        _ => FieldValue.OfReference(value),
    };

    protected FieldValue Number(double number, ValuePath path)
    {
        if (!double.IsFinite(number))
        {
            Error(path, "the number is too large (or not a number)");
            return default;
        }

        return FieldValue.OfNumber(number);
    }

    /// <param name="text">The text read.</param>
    /// <param name="type">The declared type.</param>
    /// <param name="path">Where the text is.</param>
    /// <param name="mayHaveLoneSurrogate">False when the reader has ruled out lone surrogates already (UTF-8 cannot hold one).</param>
    protected FieldValue Text(string text, DataType type, ValuePath path, bool mayHaveLoneSurrogate = true)
    {
        if (text.Length > Options.Limits.MaxCaseStringLength)
        {
            Error(path, TooLong(text));
            return default;
        }

        if (mayHaveLoneSurrogate && StrictJsonScanner.HasLoneSurrogate(text))
        {
            Error(path, StrictJsonScanner.LoneSurrogateMessage);
            return default;
        }

        if (type.EnumValues is { } values)
        {
            // The declared instance, so compiled comparisons with literals hit the reference-equality fast path.
            if (type.FindEnumValue(text) is { } value)
            {
                return FieldValue.OfReference(value);
            }

            Error(path, ListsMoreErrors
                ? CaseErrors.NotAllowed(text, values)
                : string.Empty);
            return default;
        }

        return FieldValue.OfReference(text);
    }

    protected FieldValue Date(string text, ValuePath path)
    {
        if (IsoDate.TryParse(text, out var date))
        {
            return FieldValue.OfDate(date);
        }

        Error(path, $"\"{CaseErrors.Truncate(text)}\" is not a valid date; write dates as YYYY-MM-DD, e.g. 2026-06-09");
        return default;
    }

    protected void WrongType(DataType type, string found, ValuePath path) => Error(path, $"expected {type} but found {found}");

    protected static string FoundText(string text) => $"text \"{CaseErrors.Truncate(text)}\"";

    /// <summary>What to do with the next item of a list.</summary>
    protected enum NextItem
    {
        Read,

        /// <summary>The list is over its own limit: skip the item, still held to JSON.</summary>
        SkipChecked,

        /// <summary>The case is over its limit of items in all: skip the item unread.</summary>
        SkipUnread,
    }

    /// <summary>Items go on one list shared by every list of the case; returns where this list's items start.</summary>
    protected int StartList() => _items.Count;

    /// <summary>Holds the next item of the list started at <paramref name="start"/> to the limits (each error once).</summary>
    protected NextItem Admit(int start, ref bool tooLong)
    {
        if (_items.Count - start >= Options.Limits.MaxCollectionItems)
        {
            // Once, not once per extra item: a hostile list must not turn into millions of errors.
            if (!tooLong)
            {
                Error(ContainerPath(), string.Create(CultureInfo.InvariantCulture, $"the list has more than {Options.Limits.MaxCollectionItems:N0} items"));
                tooLong = true;
            }

            return NextItem.SkipChecked;
        }

        if (_caseItems >= Options.Limits.MaxCaseItems)
        {
            // Once per case: the items past the limit are skipped unread, whichever lists they are in.
            if (!_tooManyItems)
            {
                Error(ContainerPath(), Compilation.CaseLimitChecks.TooManyCaseItemsMessage(Options.Limits.MaxCaseItems));
                _tooManyItems = true;
            }

            return NextItem.SkipUnread;
        }

        _caseItems++;
        return NextItem.Read;
    }

    protected void AddItem(FieldValue item) => _items.Add(item);

    /// <summary>The list's items as a typed array (a list inside an item went on above its parent's items, and is off again).</summary>
    protected FieldValue EndList(int start, DataType element)
    {
        var array = ToTypedArray(CollectionsMarshal.AsSpan(_items)[start..], element);
        _items.RemoveRange(start, _items.Count - start);
        return FieldValue.OfReference(array);
    }

    private static object ToTypedArray(ReadOnlySpan<FieldValue> items, DataType element) => element.Kind switch
    {
        TypeKind.Number => Items(items, static i => i.AsNumber()),
        TypeKind.Bool => Items(items, static i => i.AsBool()),
        TypeKind.Date => Items(items, static i => i.AsDate()),
        TypeKind.String => Items(items, static i => i.AsString()),
        _ => Items(items, static i => i.As<CaseRecord>()),
    };

    private static T[] Items<T>(ReadOnlySpan<FieldValue> items, Func<FieldValue, T> read)
    {
        var array = new T[items.Length];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = read(items[i]);
        }

        return array;
    }

    protected const string DeepStackMessage =
        "the case nests objects and lists more deeply than the stack of the evaluating thread allows; the case was not triaged";

    protected static string NotAnObject(string found) => $"a case must be a JSON object {{ ... }}, not {found}";

    private string TooLong(string text) =>
        string.Create(CultureInfo.InvariantCulture, $"the text is {text.Length:N0} characters long; the limit is {Options.Limits.MaxCaseStringLength:N0}");
}
