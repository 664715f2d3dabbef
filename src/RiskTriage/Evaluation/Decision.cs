using System.Buffers;
using System.Globalization;
using System.Numerics;
using RiskTriage.Evaluation;

namespace RiskTriage;

/// <summary>
/// The result of evaluating one case: which rule set made it, the outputs, the reasons for review, and
/// (on request) the trace that explains it. Immutable once returned; safe to share across threads.
/// <see cref="ToJson"/> gives canonical JSON, byte-identical for the same case and rule set on any machine.
/// </summary>
public sealed class Decision
{
    private readonly OutputLayout _layout;

    // The outputs, where the layout places them: numbers, true/false and dates in cells (see OutputCells), enumerated
    // texts as one-byte codes in the cells after those, other texts and lists as their references (null: missing).
    // Written by the compiled code; read through Output, and by the JSON writers straight from the cells and codes.
    private readonly long[] _cells;

    // The references are an object?[] of them (empty for none), but when the layout keeps exactly one
    // (OutputLayout.OneReference) this field is that one reference itself: no array to allocate for a rule set with a
    // single free text or list (see Reference, SetOnlyReference).
    private object? _references;

    // The listed review reasons are the first _reviewCount items. A decision's rule reasons are reserved in one step
    // (see ReserveReviews), so the array is usually exactly as long as the list, and ReviewReasons wraps it as it is.
    private ReviewReason[]? _reviews;
    private int _reviewCount;

    // Past the limit a review reason is only counted: one case must not grow a decision without bound.
    private int _moreReviews;

    // The rules' review reasons of a decision that had none before them (the usual case), kept as which rules fired:
    // bit i of _ruleMask for _ruleReasons[i] (a rule set of at most 64 rules' reasons). They come before the listed
    // reasons of _reviews, which were all added after them, and are listed in full (within the limit when set). An
    // array of them is made only when ReviewReasons is read; the JSON writer walks them where they are.
    private ulong _ruleMask;
    private ReviewReason[]? _ruleReasons;

    // What most decisions never have (errors, a trace, the outputs' view), kept apart so that every decision is
    // smaller: a decision is allocated per case, and this only for a case that needs it.
    private DecisionExtras? _extras;

    internal Decision(RuleSetIdentity ruleSet, OutputLayout layout, string? caseId, TraceDetail trace)
    {
        RuleSet = ruleSet;
        _layout = layout;
        CaseId = caseId;
        _cells = layout.CellCount == 0 ? [] : new long[layout.CellCount];
        _references = layout.OneReference ? null : layout.ReferenceCount == 0 ? Array.Empty<object?>() : new object?[layout.ReferenceCount];
        if (trace != TraceDetail.None)
        {
            _extras = new DecisionExtras { Tracer = new TraceBuilder(trace, layout) };
        }
    }

    /// <summary>The rule set (name, version, content hash) that made this decision.</summary>
    public RuleSetIdentity RuleSet { get; }

    /// <summary>The case's id, as given in the case (its <c>caseId</c> field by default).</summary>
    public string? CaseId { get; internal set; }

    /// <summary><see cref="DecisionStatus.Invalid"/> when the case could not be read; <see cref="DecisionStatus.ReviewRequired"/> when there is any review reason; otherwise <see cref="DecisionStatus.Complete"/>.</summary>
    public DecisionStatus Status => HasErrors
        ? DecisionStatus.Invalid
        : _reviewCount > 0 || _ruleMask != 0 ? DecisionStatus.ReviewRequired : DecisionStatus.Complete;

    /// <summary>
    /// The outputs by name, in the order the rule set declares them (the order of <see cref="ToJson"/>). Empty values
    /// are <see cref="RuleValue.Missing"/>. A view over the decision: every access returns the same instance.
    /// </summary>
    public DecisionOutputs Outputs
    {
        get
        {
            // Readers on several threads get the view published first.
            var extras = ExtrasOf();
            return Volatile.Read(ref extras.Outputs) ?? Interlocked.CompareExchange(ref extras.Outputs, new DecisionOutputs(_layout, this), null) ?? extras.Outputs;
        }
    }

    /// <summary>The output named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The rule set declares no such output.</exception>
    public RuleValue this[string name] => Output(_layout.SlotOf(name));

    /// <summary>Reasons a practitioner must look at this decision, in the order they arose.</summary>
    /// <remarks>
    /// At most <see cref="RuleSetLimits.MaxCaseErrors"/> reasons are listed; when there are more, a last reason with the
    /// code <c>MORE_REVIEW_REASONS</c> says how many were left out. The list is read-only, made on the first reading and
    /// kept: readers on several threads get the one published first, and none can change the decision through it.
    /// </remarks>
    public IReadOnlyList<ReviewReason> ReviewReasons
    {
        get
        {
            if (_ruleMask == 0 && _reviewCount == 0)
            {
                return [];
            }

            // The array as it is when it holds exactly the list (the usual case without a mask).
            var list = _ruleMask == 0 && _moreReviews == 0 && _reviews!.Length == _reviewCount ? _reviews : AllReviews();
            var extras = ExtrasOf();
            return Volatile.Read(ref extras.ReviewReasons)
                ?? Interlocked.CompareExchange(ref extras.ReviewReasons, Array.AsReadOnly(list), null)
                ?? extras.ReviewReasons;
        }
    }

    /// <summary>Why the case is invalid (empty unless <see cref="Status"/> is <see cref="DecisionStatus.Invalid"/>).</summary>
    /// <remarks>
    /// At most <see cref="RuleSetLimits.MaxCaseErrors"/> errors are listed; when there are more, a last error at the
    /// path <c>$</c> says how many were left out. The list is read-only, made on the first reading and kept, as
    /// <see cref="ReviewReasons"/> is.
    /// </remarks>
    public IReadOnlyList<CaseError> Errors
    {
        get
        {
            if (_extras is not { Errors.Count: > 0 } extras)
            {
                return [];
            }

            return Volatile.Read(ref extras.ErrorView)
                ?? Interlocked.CompareExchange(ref extras.ErrorView, extras.MoreErrors == 0 ? extras.Errors.AsReadOnly()
                    : Array.AsReadOnly<CaseError>([.. extras.Errors, MoreErrorsError()!]), null)
                ?? extras.ErrorView;
        }
    }

    /// <summary>The listed errors, for the JSON writer (which then writes <see cref="MoreErrorsError"/> if any): no view is made.</summary>
    internal List<CaseError>? ListedErrors => _extras?.Errors;

    /// <summary>The last error, counting the errors not listed; null when all are listed.</summary>
    internal CaseError? MoreErrorsError() => _extras is { MoreErrors: > 0 } extras
        ? new CaseError("$", string.Create(CultureInfo.InvariantCulture, $"and {extras.MoreErrors:N0} more errors, not listed"))
        : null;

    /// <summary>Whether more review reasons were given than are listed (the last of <see cref="ReviewReasons"/> then counts them).</summary>
    internal bool HasMoreReviews => _moreReviews != 0;

    /// <summary>The last review reason when more were given than are listed: it says how many were left out.</summary>
    internal ReviewReason MoreReviewsReason() =>
        new(MoreReviewReasonsCode, string.Create(CultureInfo.InvariantCulture, $"and {_moreReviews:N0} more review reasons, not listed"), null);

    /// <summary>The code of the last review reason when more were given than are listed.</summary>
    internal const string MoreReviewReasonsCode = "MORE_REVIEW_REASONS";

    /// <summary>The explanation, or <c>null</c> when evaluated with <see cref="TraceDetail.None"/>.</summary>
    public IReadOnlyList<TraceEntry>? Trace => Tracer?.Entries;

    /// <summary>The output in <paramref name="slot"/>.</summary>
    internal RuleValue Output(int slot)
    {
        var place = _layout.Places[slot];
        return place < 0 ? FromReference(Reference(~place))
            : _layout.Texts[slot] is { } texts ? RuleValue.FromString(TextOf(slot, texts, OutputCells.Code(_cells, place)))
            : OutputCells.Read(_cells[place], _layout.Kinds[slot]);
    }

    /// <summary>The text of an enumerated text output in <paramref name="slot"/> whose code is <paramref name="code"/> (null: missing).</summary>
    private string? TextOf(int slot, string[] texts, byte code) => code switch
    {
        0 => null,
        OutputCells.OtherText => _extras?.OtherTexts?[slot],
        _ => texts[code - 1],
    };

    /// <summary>
    /// Sets the output in <paramref name="slot"/> (the interpreter, and the compiled code for a value it does not
    /// write straight into its place).
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is neither missing nor of the output's declared kind (a defect of the back end).</exception>
    internal void SetOutput(int slot, RuleValue value)
    {
        var place = _layout.Places[slot];
        if (place >= 0 && _layout.Texts[slot] is { } texts)
        {
            SetCode(slot, place, texts, value);
        }
        else if (place >= 0)
        {
            _cells[place] = OutputCells.Of(value, _layout.Kinds[slot], _layout.Names[slot]);
        }
        else
        {
            // A text or a list is kept as its reference, as a rule value holds it; any other value (a layout that does
            // not know the outputs' types) boxed.
            SetReference(~place, value.Kind is RuleValueKind.String or RuleValueKind.List or RuleValueKind.Missing ? value.Reference : value);
        }
    }

    /// <summary>The reference at <paramref name="index"/> among the decision's references (see <see cref="OutputLayout.PlacesOf"/>).</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is not the place of a reference of the layout.</exception>
    internal object? Reference(int index)
    {
        if (!_layout.OneReference)
        {
            return ((object?[])_references!)[index];
        }

        return index == 0 ? _references : throw ReferenceOutside(index);
    }

    private void SetReference(int index, object? value)
    {
        if (!_layout.OneReference)
        {
            ((object?[])_references!)[index] = value;
        }
        else
        {
            _references = index == 0 ? value : throw ReferenceOutside(index);
        }
    }

    /// <summary>
    /// Stores <paramref name="value"/> as the decision's one reference (the compiled code's store of a text output
    /// when the layout keeps exactly one reference: <see cref="OutputLayout.OneReference"/>): a field store, no array.
    /// </summary>
    /// <exception cref="InvalidOperationException">The layout does not keep exactly one reference (a defect of the back end).</exception>
    internal void SetOnlyReference(object? value)
    {
        if (!_layout.OneReference)
        {
            NotOneReference();
        }

        _references = value;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void NotOneReference() =>
        throw new InvalidOperationException($"the decision keeps {_layout.ReferenceCount} references in an array, not one in a field");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void OneReferenceInField() =>
        throw new InvalidOperationException("the decision keeps its one reference in a field, not in an array");

    private IndexOutOfRangeException ReferenceOutside(int index) =>
        new($"the output reference {index} is outside the decision's {_layout.ReferenceCount} references");

    /// <summary>Empties the references (every text and list output missing).</summary>
    private void ClearReferences()
    {
        if (_layout.OneReference)
        {
            _references = null;
        }
        else
        {
            Array.Clear((object?[])_references!);
        }
    }

    /// <summary>Keeps the text <paramref name="value"/> of an enumerated text output as its code; a text that is none of its texts in the extras.</summary>
    private void SetCode(int slot, int place, string[] texts, RuleValue value)
    {
        var code = value.Kind switch
        {
            RuleValueKind.Missing => (byte)0,
            RuleValueKind.String => OutputCells.CodeOf(texts, value.AsString!),
            var k => throw new InvalidOperationException($"the output '{_layout.Names[slot]}' is declared String but was given a {k} value"),
        };
        if (code == OutputCells.OtherText)
        {
            (ExtrasOf().OtherTexts ??= new string?[_layout.Names.Length])[slot] = value.AsString;
        }

        OutputCells.Code(_cells, place) = code;
    }

    private static RuleValue FromReference(object? reference) => reference switch
    {
        null => default,
        string text => RuleValue.FromString(text),
        RuleValue[] items => RuleValue.FromListOwned(items),
        _ => (RuleValue)reference,
    };

    /// <summary>The cells of the decision's number, true/false and date outputs, and the codes of its enumerated texts (see <see cref="OutputLayout.PlacesOf"/>).</summary>
    internal long[] Cells => _cells;

    /// <summary>The layout of the outputs: their names, kinds and places among <see cref="Cells"/> and <see cref="References"/>.</summary>
    internal OutputLayout Layout => _layout;

    /// <summary>
    /// The array of the references of the decision's other outputs (see <see cref="OutputLayout.PlacesOf"/>), of a
    /// layout that keeps none or more than one; one is kept in a field (see <see cref="SetOnlyReference"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The layout keeps exactly one reference, in a field (a defect of the back end).</exception>
    internal object?[] References
    {
        get
        {
            if (_layout.OneReference)
            {
                OneReferenceInField();
            }

            return (object?[])_references!;
        }
    }

    internal TraceBuilder? Tracer => _extras?.Tracer;

    // Not inlined: the compiled rule set calls it from many places, and each inlined copy would grow its code.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    internal void AddReview(string code, string message, string? source) => AddReview(new ReviewReason(code, message, source));

    // Review reasons known when the rule set is compiled (a rule's reason, a missing required input) are made
    // once then and shared by every decision that gives them: a reason is immutable.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    internal void AddReview(ReviewReason reason)
    {
        var reviews = _reviews;
        var count = _reviewCount;

        // The room left in the list once the rules' reasons kept as a mask are counted.
        var room = _layout.MaxListed - BitOperations.PopCount(_ruleMask);
        if (count >= room)
        {
            _moreReviews++;
        }
        else if (reviews is not null && (uint)count < (uint)reviews.Length)
        {
            reviews[count] = reason;
            _reviewCount = count + 1;
        }
        else
        {
            Resize(Math.Min(Math.Max(4, count * 2), room))[count] = reason;
            _reviewCount = count + 1;
        }
    }

    /// <summary>
    /// Makes room for <paramref name="count"/> more review reasons (up to the listed limit), growing the array at most
    /// once and then to exactly the size needed: a decision's rule reasons, whose number is known before they are added
    /// and which come last but for rare ones (a non-finite output), so that the array usually ends exactly as long as
    /// the list and ReviewReasons wraps it without a copy.
    /// </summary>
    private void ReserveReviews(int count)
    {
        if (count <= 0)
        {
            return;
        }

        var listed = (int)Math.Min((long)count + _reviewCount, _layout.MaxListed - BitOperations.PopCount(_ruleMask));
        if (_reviews is null || _reviews.Length < listed)
        {
            Resize(listed);
        }
    }

    /// <summary>
    /// Adds <c>reasons[i]</c> for every set bit i of <paramref name="mask"/> (bit i of word i / 64), in order;
    /// <paramref name="count"/> is the number of set bits. The rules' reasons of a decision that has none yet (the
    /// usual case) are kept as the mask itself when it is one word (nothing is allocated or copied: see
    /// <see cref="_ruleMask"/>), otherwise go straight into an array of exactly that length, without a call per
    /// reason; a decision with reasons already, or more than are listed, has each added as
    /// <see cref="AddReview(ReviewReason)"/> adds it (the listed limit, the count of the rest).
    /// </summary>
    internal void AddReviews(ReadOnlySpan<ulong> mask, ReviewReason[] reasons, int count)
    {
        if (_reviewCount != 0 || _ruleMask != 0 || count > _layout.MaxListed)
        {
            ReserveReviews(count);
            for (var word = 0; word < mask.Length; word++)
            {
                for (var bits = mask[word]; bits != 0; bits &= bits - 1)
                {
                    AddReview(reasons[(word << 6) + BitOperations.TrailingZeroCount(bits)]);
                }
            }

            return;
        }

        if (mask.Length == 1)
        {
            _ruleReasons = reasons;
            _ruleMask = mask[0];
            return;
        }

        // As ReserveReviews would: an array long enough is kept (a reset decision's), otherwise one of exactly count.
        var listed = _reviews is { } held && held.Length >= count ? held : _reviews = new ReviewReason[count];
        var at = 0;
        for (var word = 0; word < mask.Length; word++)
        {
            for (var bits = mask[word]; bits != 0; bits &= bits - 1)
            {
                listed[at++] = reasons[(word << 6) + BitOperations.TrailingZeroCount(bits)];
            }
        }

        _reviewCount = at;
    }

    private ReviewReason[] Resize(int length)
    {
        var grown = new ReviewReason[length];
        _reviews?.AsSpan(0, _reviewCount).CopyTo(grown);
        return _reviews = grown;
    }

    /// <summary>
    /// The rules' reasons kept as a mask, then the listed reasons added after them, then the one counting those not
    /// listed: a new array.
    /// </summary>
    private ReviewReason[] AllReviews()
    {
        var list = new ReviewReason[BitOperations.PopCount(_ruleMask) + _reviewCount + (_moreReviews == 0 ? 0 : 1)];
        var at = 0;
        foreach (var reason in EnumerateListedReviews())
        {
            list[at++] = reason;
        }

        if (_moreReviews != 0)
        {
            list[at] = MoreReviewsReason();
        }

        return list;
    }

    /// <summary>
    /// The listed review reasons in order, without making a list of them (the JSON writers): the rules' reasons kept
    /// as a mask, then the others. Not the last reason that counts the ones not listed (see <see cref="ReviewReasons"/>).
    /// </summary>
    internal ListedReviewEnumerator EnumerateListedReviews() => new(this);

    /// <summary>Walks a decision's listed review reasons (see <see cref="EnumerateListedReviews"/>).</summary>
    internal struct ListedReviewEnumerator
    {
        private readonly Decision _decision;
        private ulong _bits;
        private int _next;

        public ListedReviewEnumerator(Decision decision)
        {
            _decision = decision;
            _bits = decision._ruleMask;
            Current = null!;
        }

        public ReviewReason Current { get; private set; }

        public readonly ListedReviewEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_bits != 0)
            {
                Current = _decision._ruleReasons![BitOperations.TrailingZeroCount(_bits)];
                _bits &= _bits - 1;
                return true;
            }

            if (_next < _decision._reviewCount)
            {
                Current = _decision._reviews![_next++];
                return true;
            }

            return false;
        }
    }

    internal void AddError(string path, string message)
    {
        var extras = ExtrasOf();
        if (ListsMoreErrors)
        {
            (extras.Errors ??= []).Add(new CaseError(path, message));
        }
        else
        {
            extras.MoreErrors++;
        }
    }

    /// <summary>Whether another error would be listed: when not, a caller can skip composing its path and message.</summary>
    internal bool ListsMoreErrors => _extras?.Errors is not { } errors || errors.Count < _layout.MaxListed;

    internal bool HasErrors => _extras?.Errors is { Count: > 0 };

    private DecisionExtras ExtrasOf() => Volatile.Read(ref _extras) ?? Interlocked.CompareExchange(ref _extras, new DecisionExtras(), null) ?? _extras;

    /// <summary>Lets the next traced decisions of the rule set start with room for as many steps as this one took.</summary>
    internal void RememberTraceSize()
    {
        Tracer?.RememberSize(_layout);
    }

    /// <summary>An invalid case has no outputs and no review reasons: nothing about it was decided.</summary>
    internal void ClearOutputs()
    {
        Array.Clear(_cells);
        ClearReferences();
        _reviews = null;
        _reviewCount = 0;
        _moreReviews = 0;
        _ruleMask = 0;
        _ruleReasons = null;
        if (_extras is { } extras)
        {
            extras.ReviewReasons = null;
            extras.ErrorView = null;
            extras.OtherTexts = null;
        }
    }

    /// <summary>The decision as canonical JSON: fixed property order, invariant round-trip numbers, no timestamps, no whitespace.</summary>
    public string ToJson() => CanonicalJson.Write(this);

    /// <summary>
    /// Writes the decision's canonical JSON (exactly the text of <see cref="ToJson"/>) as UTF-8, without making a string
    /// of it: for a writer of many decisions, such as a file of one decision per line or a response body.
    /// </summary>
    /// <param name="utf8">Where the bytes go; nothing else is written (no line break).</param>
    /// <exception cref="ArgumentNullException"><paramref name="utf8"/> is null.</exception>
    public void WriteJson(IBufferWriter<byte> utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        CanonicalUtf8Json.Write(utf8, this);
    }

    /// <summary>
    /// Makes a decision new again (no outputs, errors, review reasons or case id) for a caller that evaluates into one
    /// decision per thread and never hands that decision out (the RulesEngine drop-in); an untraced decision only.
    /// </summary>
    internal void Reset()
    {
        Array.Clear(_cells);
        ClearReferences();
        CaseId = null;
        if (_reviews is not null)
        {
            Array.Clear(_reviews, 0, _reviewCount);
        }

        _reviewCount = 0;
        _ruleMask = 0;
        _ruleReasons = null;
        _extras?.Errors?.Clear();
        _moreReviews = 0;
        if (_extras is { } extras)
        {
            extras.MoreErrors = 0;
            extras.ReviewReasons = null;
            extras.ErrorView = null;
            extras.OtherTexts = null;
        }
    }
}

/// <summary>What a decision holds only when it needs it.</summary>
internal sealed class DecisionExtras
{
    public List<CaseError>? Errors;

    // Past the limit an error is only counted.
    public int MoreErrors;

    public TraceBuilder? Tracer;

    // Made on first access, not per evaluation: most callers read outputs by name or as JSON.
    public DecisionOutputs? Outputs;

    // The read-only views of the review reasons and errors, made on first reading.
    public IReadOnlyList<ReviewReason>? ReviewReasons;

    public IReadOnlyList<CaseError>? ErrorView;

    // The texts of enumerated text outputs that are none of their declared texts (see OutputCells.OtherText), by slot.
    public string?[]? OtherTexts;
}

/// <summary>The names of a rule set's outputs, their slots in a decision, and where a decision keeps each.</summary>
internal sealed class OutputLayout
{
    /// <summary>
    /// A layout of <paramref name="names"/>; <paramref name="kinds"/> are the outputs' declared kinds (none: each is
    /// kept as any value), <paramref name="texts"/> the declared texts of each enumerated text output (see
    /// <see cref="TextsOf"/>; none: every text is kept as its reference).
    /// </summary>
    /// <exception cref="ArgumentException">The kinds or texts are not one per output, or an output given texts is not a text output.</exception>
    public OutputLayout(string[] names, int maxListed = 100, RuleValueKind[]? kinds = null, string[]?[]? texts = null)
    {
        Names = names;
        MaxListed = Math.Max(1, maxListed);
        // A loop, not LINQ over (name, index) tuples: that was JIT-compiled at every load (10 methods, ReadyToRun).
        var index = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            index.Add(names[i], i);
        }

        Index = index;
        Kinds = kinds ?? new RuleValueKind[names.Length];
        if (Kinds.Length != names.Length)
        {
            throw new ArgumentException($"{Kinds.Length} kinds for {names.Length} outputs", nameof(kinds));
        }

        Texts = texts ?? new string[]?[names.Length];
        if (Texts.Length != names.Length)
        {
            throw new ArgumentException($"{Texts.Length} outputs' texts for {names.Length} outputs", nameof(texts));
        }

        for (var slot = 0; slot < names.Length; slot++)
        {
            if (Texts[slot] is { } coded && (Kinds[slot] != RuleValueKind.String || coded.Length is 0 or > MaxCodedTexts))
            {
                throw new ArgumentException($"the output '{names[slot]}' of kind {Kinds[slot]} cannot be kept as one of {coded.Length} texts", nameof(texts));
            }
        }

        Places = PlacesOf(Kinds, Texts, out var cells, out var references);
        CellCount = cells;
        ReferenceCount = references;
    }

    /// <summary>The most texts an enumerated text output kept as a code may have (a code is one byte; see <see cref="OutputCells.OtherText"/>).</summary>
    public const int MaxCodedTexts = 64;

    /// <summary>
    /// The texts a decision keeps an output of declared type <paramref name="type"/> as a code among (its declared
    /// enumeration, in declared order), or null when it keeps the output otherwise (not an enumerated text, or one of
    /// more than <see cref="MaxCodedTexts"/> texts). The rule set's layout and the compiled code's writes use it alike.
    /// </summary>
    public static string[]? TextsOf(Expressions.Binding.DataType type) =>
        type.Kind == Expressions.Binding.TypeKind.String && type.EnumValues is { Count: > 0 and <= MaxCodedTexts } values ? [.. values] : null;

    /// <summary>
    /// Where each output is kept in a decision: a number, true/false or date at its index among the decision's cells
    /// (<see cref="OutputCells"/>); an enumerated text (one given <paramref name="texts"/>) as a one-byte code
    /// (<see cref="OutputCells.Code"/>) at its index among the cells' bytes, in the cells after the others, eight codes
    /// a cell; any other at the complement (<c>~place</c>) of its index among its references; in slot order within
    /// each. The compiled code's writes use the same function of the same kinds and texts.
    /// </summary>
    public static int[] PlacesOf(IReadOnlyList<RuleValueKind> kinds, IReadOnlyList<string[]?> texts, out int cells, out int references)
    {
        var places = new int[kinds.Count];
        cells = 0;
        references = 0;
        var codes = 0;
        for (var slot = 0; slot < places.Length; slot++)
        {
            places[slot] = texts[slot] is not null ? 0 : OutputCells.InCell(kinds[slot]) ? cells++ : ~references++;
        }

        // The codes' bytes after the cells of numbers, true/false and dates.
        for (var slot = 0; slot < places.Length; slot++)
        {
            if (texts[slot] is not null)
            {
                places[slot] = (cells * sizeof(long)) + codes++;
            }
        }

        cells += (codes + sizeof(long) - 1) / sizeof(long);
        return places;
    }

    /// <summary>The kind a decision keeps an output of declared type <paramref name="type"/> as (Missing: any value).</summary>
    public static RuleValueKind KindOf(Expressions.Binding.DataType type) => type.Kind switch
    {
        Expressions.Binding.TypeKind.Number => RuleValueKind.Number,
        Expressions.Binding.TypeKind.Bool => RuleValueKind.Bool,
        Expressions.Binding.TypeKind.Date => RuleValueKind.Date,
        Expressions.Binding.TypeKind.String => RuleValueKind.String,
        Expressions.Binding.TypeKind.List => RuleValueKind.List,
        _ => RuleValueKind.Missing,
    };

    /// <summary>Each output's declared kind, by slot (Missing: not known, kept as any value).</summary>
    public RuleValueKind[] Kinds { get; }

    /// <summary>Each enumerated text output's texts, kept as a code among them (see <see cref="TextsOf"/>), by slot; null for any other output.</summary>
    public string[]?[] Texts { get; }

    /// <summary>Each output's place (see <see cref="PlacesOf"/>), by slot.</summary>
    public int[] Places { get; }

    /// <summary>How many cells (8-byte words) a decision has: one per number, true/false or date output, then the enumerated texts' codes, eight to a cell.</summary>
    public int CellCount { get; }

    /// <summary>How many outputs a decision keeps as references.</summary>
    public int ReferenceCount { get; }

    /// <summary>Whether a decision keeps exactly one output as a reference: then in a field of its own, with no array of them.</summary>
    public bool OneReference => KeepsOneReference(ReferenceCount);

    /// <summary>Whether a decision of <paramref name="references"/> references keeps its one reference in a field (the one rule every reader and writer of references follows).</summary>
    public static bool KeepsOneReference(int references) => references == 1;

    public string[] Names { get; }

    /// <summary>The most errors, and the most review reasons, a decision lists (<see cref="RuleSetLimits.MaxCaseErrors"/>).</summary>
    public int MaxListed { get; }

    public IReadOnlyDictionary<string, int> Index { get; }

    /// <summary>The slot of the output <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is no such output; the message lists the outputs.</exception>
    public int SlotOf(string name) => Index.TryGetValue(name, out var slot)
        ? slot
        : throw new KeyNotFoundException($"the rule set has no output '{name}'; its outputs are {string.Join(", ", Names)}");

    /// <summary>The most steps a summary-traced decision of the rule set has had, up to a bound (a hint; threads may race on it harmlessly).</summary>
    public int TraceEntries { get; set; } = 16;

    /// <summary>As <see cref="TraceEntries"/>, for a full trace (which has more steps: the named values).</summary>
    public int FullTraceEntries { get; set; } = 16;

    /// <summary>The most operand values a full-traced decision of the rule set has recorded, up to the same bound (a hint).</summary>
    public int FullTraceOperands { get; set; } = 16;

    public const int MaxTraceEntriesHint = 4096;
}
