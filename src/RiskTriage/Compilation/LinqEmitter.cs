using System.Linq.Expressions;
using System.Reflection;
using RiskTriage.Evaluation;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Lowering;

namespace RiskTriage.Compilation;

/// <summary>
/// Emits a lowered rule set (<see cref="LoweredRuleSet"/>) as System.Linq.Expressions: one method per part, named
/// values as typed locals, values read by a later part handed over in the <see cref="EvaluationFrame"/>. The
/// meaning of every op is the form's (see its XML docs); this class decides only the CLR representation. The ops
/// are emitted by <see cref="LinqEmitter.Ops"/>, tables in LinqEmitter.Tables.cs, input checks by
/// <see cref="CheckEmitter"/>.
/// </summary>
internal sealed partial class LinqEmitter
{
    private static readonly MethodInfo CellsMethod = typeof(DecisionBuilder).GetMethod(nameof(DecisionBuilder.Cells))!;
    private static readonly MethodInfo ReferencesMethod = typeof(DecisionBuilder).GetMethod(nameof(DecisionBuilder.References))!;
    private static readonly MethodInfo SetOutputMethod = typeof(DecisionBuilder).GetMethod(nameof(DecisionBuilder.SetOutput))!;
    private static readonly MethodInfo SetReferenceMethod = typeof(DecisionBuilder).GetMethod(nameof(DecisionBuilder.SetReference))!;
    private static readonly MethodInfo SetOnlyReferenceMethod = typeof(DecisionBuilder).GetMethod(nameof(DecisionBuilder.SetOnlyReference))!;
    private static readonly MethodInfo SetCodeMethod = typeof(DecisionBuilder).GetMethod(nameof(DecisionBuilder.SetCode))!;
    private static readonly MethodInfo TracerMethod = typeof(DecisionBuilder).GetMethod(nameof(DecisionBuilder.Tracer))!;
    private static readonly MethodInfo RuleReviewsAddMethod = typeof(RuleReviews).GetMethod(nameof(RuleReviews.AddTo))!;

    private readonly LoweredRuleSet _form;
    private readonly DataBinding _binding;
    private readonly ParameterExpression _case;
    private readonly ParameterExpression _decision = Expression.Parameter(typeof(Decision), "decision");
    private readonly ParameterExpression _frame = Expression.Parameter(typeof(EvaluationFrame), "frame");

    // A typed case's checks: how many more list items the case may hold (RuleSetLimits.MaxCaseItems less those of the
    // lists checked so far), or -1 once it holds more.
    private readonly ParameterExpression _caseItemsLeft = Expression.Variable(typeof(int), "caseItemsLeft");
    private readonly Dictionary<ValueSymbol, Expression> _locals = [];
    private readonly Dictionary<ValueSymbol, Expression> _slots = [];
    private readonly Dictionary<ValueSymbol, int> _boolSlots = [];

    // The rules' flags the review reasons read: flag of reason i in bool slot i (see RuleReviews); a flag read by
    // several reasons is stored in each of their slots.
    private readonly Dictionary<ValueSymbol, List<int>> _reviewSlots = [];

    // Symbols of the current part held as codes (see LoweredRuleSet.CodedSymbols), or holding an enumerated input
    // unchanged (a table's column), with their codes.
    private readonly Dictionary<ValueSymbol, ExpressionCompiler.EnumCodeRead> _symbolCodes = [];

    // Coded symbols handed to later parts: their code slots in the frame, numbered after the coded inputs'.
    private readonly Dictionary<ValueSymbol, (int Slot, IReadOnlyList<string> Texts)> _slotCodes = [];
    private readonly Dictionary<IReadOnlyList<string>, string?[]> _textArrays = new(ReferenceEqualityComparer.Instance);
    private int _codeSlots;
    private readonly int[] _slotCounts = new int[7];
    private readonly List<ParameterExpression> _variables = [];
    private readonly List<Expression> _body = [];
    private readonly ExpressionCompiler _compiler;
    private readonly InputReads _reads = new();
    private readonly Ops _ops;

    // The part's trace and whether it is full, read at the part's start on first use (only code lowered with trace steps uses them).
    private ParameterExpression? _tracer;
    private ParameterExpression? _isFull;

    private LinqEmitter(LoweredRuleSet form, DataBinding binding)
    {
        _form = form;
        _binding = binding;
        _case = Expression.Parameter(binding.RootType, "case");
        _compiler = new ExpressionCompiler(binding, _case, Resolve, _reads) { Codes = CodeOf };
        _ops = new Ops(this);
        _codeSlots = form.EnumCodes.Count;
        for (var i = 0; i < form.Reviews.Reviews.Count; i++)
        {
            var flag = form.Reviews.Reviews[i].Flag;
            if (!_reviewSlots.TryGetValue(flag, out var slots))
            {
                _reviewSlots[flag] = slots = [];
            }

            slots.Add(i);
        }

        _slotCounts[2] = RuleReviews.Slots(form.Reviews.Reviews.Count);
    }

    /// <summary>The delegate evaluating a case of <typeparamref name="TRoot"/> by <paramref name="form"/>.</summary>
    public static Action<TRoot, Decision> Emit<TRoot>(LoweredRuleSet form, DataBinding binding)
    {
        var emitter = new LinqEmitter(form, binding);
        // Each part is compiled on another core as soon as it is emitted, while the next ones are (PartCompilation).
        var compilation = new PartCompilation<TRoot>();
        try
        {
            emitter.Parts<TRoot>(compilation.Add);
        }
        catch
        {
            compilation.Abandon();
            throw;
        }

        var parts = compilation.Finish();
        var c = emitter._slotCounts;
        return new PartedEvaluator<TRoot>(parts, new FrameLayout(c[0], c[1], c[2], c[3], c[4], c[5], c[6], emitter._codeSlots)).Evaluate;
    }

    /// <summary>The parts' expressions as <see cref="Emit{TRoot}"/> compiles them (for tests of their shape).</summary>
    internal static List<Expression<Action<TRoot, Decision, EvaluationFrame>>> PartExpressions<TRoot>(LoweredRuleSet form, DataBinding binding)
    {
        var parts = new List<Expression<Action<TRoot, Decision, EvaluationFrame>>>();
        new LinqEmitter(form, binding).Parts<TRoot>(parts.Add);
        return parts;
    }

    /// <summary>Emits the parts in order, each handed to <paramref name="add"/> as soon as it is finished (nothing emitted later changes it).</summary>
    private void Parts<TRoot>(Action<Expression<Action<TRoot, Decision, EvaluationFrame>>> add)
    {
        StartPart();
        if (_form.Options.CaseLimits is { } limits)
        {
            _variables.Add(_caseItemsLeft);
            _body.Add(Expression.Assign(_caseItemsLeft, Expression.Constant(limits.MaxCaseItems)));
        }

        _body.AddRange(new CheckEmitter(this, _case, null, null).Checks(_form.Checks));
        add(FinishPart<TRoot>("Checks"));

        for (var p = 0; p < _form.Parts.Count; p++)
        {
            var part = _form.Parts[p];
            StartPart();
            foreach (var element in part.Elements)
            {
                _compiler.Element = element.Description;
                foreach (var op in element.Ops)
                {
                    _body.AddRange(_ops.Visit(op));
                }

                foreach (var symbol in element.Produces.Where(part.Exports.Contains))
                {
                    _body.Add(Store(symbol));
                }
            }

            add(FinishPart<TRoot>("Part" + (p + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        StartPart();
        _body.AddRange(_ops.Visit(_form.Reviews));
        foreach (var output in _form.Outputs)
        {
            _body.AddRange(_ops.Visit(output));
        }

        add(FinishPart<TRoot>("Outputs"));
    }

    /// <summary>
    /// <paramref name="node"/> compiled by <paramref name="compile"/>, each sum it computes more than once (see
    /// <see cref="SharedSubexpressions"/>) computed once into a local first.
    /// </summary>
    private Expression CompileShared(BoundExpression node, Func<BoundExpression, Expression> compile)
    {
        var (shared, value) = SharedSubexpressions.Rewrite(node);
        if (shared.Count == 0)
        {
            return compile(node);
        }

        var locals = new List<ParameterExpression>(shared.Count);
        var statements = new List<Expression>(shared.Count + 1);
        foreach (var (symbol, sum) in shared)
        {
            var computed = _compiler.Compile(sum);
            var local = Expression.Variable(computed.Type, symbol.Name);
            locals.Add(local);
            statements.Add(Expression.Assign(local, computed));
            _locals[symbol] = local;
        }

        statements.Add(compile(value));
        return Expression.Block(locals, statements);
    }

    private Expression Resolve(ValueSymbol symbol) =>
        _locals.TryGetValue(symbol, out var local) ? local
        : _slotCodes.TryGetValue(symbol, out var coded) ? TextOf(SlotCode(coded.Slot), coded.Texts)
        : _slots.TryGetValue(symbol, out var slot) ? slot
        : throw new InvalidOperationException($"'{symbol.Name}' is read before it is computed");

    /// <summary>
    /// The code of what <paramref name="node"/> reads unchanged: a coded symbol (see <see cref="LoweredRuleSet.CodedSymbols"/>),
    /// or a coded enumerated input (see <see cref="LoweredRuleSet.EnumCodes"/>) read from the frame once per part; null
    /// when it reads neither.
    /// </summary>
    private ExpressionCompiler.EnumCodeRead? CodeOf(BoundExpression node)
    {
        if (node is BoundValueReference reference)
        {
            return CodeOf(reference.Symbol);
        }

        if (_form.EnumCodes.Count == 0 || Lowering.Passes.EnumCodes.PathOf(node) is not { } path || !_form.EnumCodes.TryGetValue(path, out var code))
        {
            return null;
        }

        var read = _reads.Get(null, "#code " + path, () => CodeSlot(code));
        return new ExpressionCompiler.EnumCodeRead(read, code.Values);
    }

    /// <summary>The code of <paramref name="symbol"/> when it is coded (see <see cref="LoweredRuleSet.CodedSymbols"/>) and computed; null otherwise.</summary>
    private ExpressionCompiler.EnumCodeRead? CodeOf(ValueSymbol symbol) =>
        _symbolCodes.TryGetValue(symbol, out var held) ? held
        : _slotCodes.TryGetValue(symbol, out var slot) ? new ExpressionCompiler.EnumCodeRead(SlotCode(slot.Slot), slot.Texts)
        : null;

    private Expression CodeSlot(EnumCode code) => CodeSlot(code.Slot);

    private Expression CodeSlot(int slot) => Expression.ArrayAccess(Expression.Field(_frame, nameof(EvaluationFrame.Codes)), Expression.Constant(slot));

    /// <summary>The code of a coded symbol an earlier part computed, read from the frame once per part.</summary>
    private Expression SlotCode(int slot) => _reads.Get(null, "#slot " + slot.ToString(System.Globalization.CultureInfo.InvariantCulture), () => CodeSlot(slot));

    /// <summary>The text a code stands for: an element of an array of the (interned) texts, missing first.</summary>
    private Expression TextOf(Expression code, IReadOnlyList<string> texts)
    {
        if (!_textArrays.TryGetValue(texts, out var array))
        {
            _textArrays[texts] = array = [null, .. texts.Select(string.Intern)];
        }

        return Expression.ArrayIndex(Expression.Constant(array), Expression.Add(code, Expression.Constant(1)));
    }

    /// <summary>
    /// A local holding <paramref name="symbol"/>'s code when the form codes it (its text, where something needs it, is
    /// <see cref="TextOf"/> the code); null when it does not.
    /// </summary>
    private ParameterExpression? DeclareCode(ValueSymbol symbol)
    {
        if (!_form.CodedSymbols.TryGetValue(symbol, out var texts))
        {
            return null;
        }

        var code = Variable(typeof(int), symbol.Name + "#code");
        _locals[symbol] = TextOf(code, texts);
        _symbolCodes[symbol] = new ExpressionCompiler.EnumCodeRead(code, texts);
        return code;
    }

    /// <summary>
    /// The code among <paramref name="texts"/> of a value the enumeration-codes pass found to take only those texts
    /// (or be missing): literals, <c>c ? a : b</c>, <c>a ?? b</c>, coded inputs and symbols.
    /// </summary>
    private Expression CodeIn(BoundExpression node, IReadOnlyList<string> texts)
    {
        switch (node)
        {
            case BoundLiteral { Value: null }:
                return Expression.Constant(-1);
            case BoundLiteral { Value: string text }:
                return Expression.Constant(IndexOfText(texts, text));
            case BoundConditional conditional:
                var condition = conditional.Condition is BoundLiteral { Value: null } ? Expression.Constant(false) : _compiler.CompileCondition(conditional.Condition);
                return Expression.Condition(condition, CodeIn(conditional.WhenTrue, texts), CodeIn(conditional.WhenFalse, texts));
            case BoundBinary { Operator: BoundBinaryOperator.Coalesce } coalesce:
                var left = Expression.Variable(typeof(int), "left");
                return Expression.Block([left],
                    Expression.Assign(left, CodeIn(coalesce.Left, texts)),
                    Expression.Condition(Expression.GreaterThanOrEqual(left, Expression.Constant(0)), left, CodeIn(coalesce.Right, texts)));
            default:
                var read = CodeOf(node) ?? throw new InvalidOperationException($"{_compiler.Element}: a value the enumeration-codes pass coded has no code here");
                if (read.Values.SequenceEqual(texts, StringComparer.Ordinal))
                {
                    return read.Code;
                }

                var map = read.Values.Select(v => IndexOfText(texts, v)).Prepend(-1).ToArray();
                return PackedLookup.At(map, Expression.Add(read.Code, Expression.Constant(1)));
        }
    }

    /// <summary>
    /// The code an enumerated text output keeps (<see cref="OutputCells.Code"/>: 0 missing, <c>i + 1</c> for
    /// <c>texts[i]</c>) of a value held as <paramref name="read"/>'s code (-1 missing, <c>j</c> for its <c>j</c>th
    /// text); null when a text the value can take is not one of <paramref name="texts"/> (it is then written as text).
    /// </summary>
    private static Expression? OutputCode(ExpressionCompiler.EnumCodeRead read, string[] texts)
    {
        var map = new int[read.Values.Count + 1];
        var same = true;
        for (var j = 0; j < read.Values.Count; j++)
        {
            var at = ExpressionCompiler.IndexOfText(texts, read.Values[j]);
            if (at < 0)
            {
                return null;
            }

            map[j + 1] = at + 1;
            same &= at == j;
        }

        // The same texts in the same order (or a prefix of them): the code plus one, no lookup.
        var index = Expression.Add(read.Code, Expression.Constant(1));
        return same ? index : PackedLookup.At(map, index);
    }

    private static int IndexOfText(IReadOnlyList<string> texts, string text) =>
        ExpressionCompiler.IndexOfText(texts, text) is >= 0 and var at ? at
        : throw new InvalidOperationException($"'{text}' is not among the texts the enumeration-codes pass found");

    // The decision's cells and references, read once at the start of a part that writes outputs (a decision never
    // replaces its arrays), and the highest place the part writes in each: touched once there, that range check
    // dominates the part's other constant places, whose checks the JIT then drops (as PartInvariants does for the
    // frame's slots).
    private ParameterExpression? _cells;
    private ParameterExpression? _references;
    private int _highestCell = -1;
    private int _highestReference = -1;

    /// <summary>The cell at <paramref name="place"/> of the decision's outputs.</summary>
    private Expression OutputCell(int place)
    {
        _highestCell = Math.Max(_highestCell, place);
        return Expression.ArrayAccess(_cells ??= Variable(typeof(long[]), "cells"), Expression.Constant(place));
    }

    /// <summary>The decision's cells, where the part stores an enumerated text's code at the byte <paramref name="place"/>.</summary>
    private ParameterExpression OutputCodes(int place)
    {
        _highestCell = Math.Max(_highestCell, place / sizeof(long));
        return _cells ??= Variable(typeof(long[]), "cells");
    }

    /// <summary>
    /// The store of the text <paramref name="value"/> as the decision's output reference at <paramref name="index"/>:
    /// into its one reference field when the layout keeps only one (<see cref="OutputLayout.OneReference"/>: no array
    /// to read), otherwise into its element of the references' array.
    /// </summary>
    private Expression StoreReference(int index, Expression value)
    {
        var reference = Expression.Convert(value, typeof(object));
        if (OutputLayout.KeepsOneReference(OutputPlaces().References))
        {
            return index == 0 ? Expression.Call(SetOnlyReferenceMethod, _decision, reference)
                : throw new InvalidOperationException($"the output reference {index} is outside a layout of one reference");
        }

        _highestReference = Math.Max(_highestReference, index);
        return Expression.Call(SetReferenceMethod, _references ??= Variable(typeof(object[]), "references"), Expression.Constant(index), reference);
    }

    /// <summary>The statements reading the decision's output arrays at a part's start, if the part writes outputs.</summary>
    private IEnumerable<Expression> ReadOutputArrays()
    {
        if (_cells is not null)
        {
            yield return Expression.Assign(_cells, Expression.Call(CellsMethod, _decision));
            yield return Expression.ArrayIndex(_cells, Expression.Constant(_highestCell));
        }

        if (_references is not null)
        {
            yield return Expression.Assign(_references, Expression.Call(ReferencesMethod, _decision));
            yield return Expression.ArrayIndex(_references, Expression.Constant(_highestReference));
        }
    }

    // The outputs' places in a decision, made from their declared kinds and texts as the rule set's layout makes them.
    private (RuleValueKind[] Kinds, string[]?[] Texts, int[] Places, int References)? _outputPlaces;

    /// <summary>
    /// The declared kind of the output in <paramref name="slot"/>, the texts it is kept as a code among (null: not
    /// coded), and its place in a decision (<see cref="OutputLayout.PlacesOf"/>).
    /// </summary>
    private (RuleValueKind Kind, string[]? Texts, int Place) OutputPlace(int slot)
    {
        var layout = OutputPlaces();
        return (layout.Kinds[slot], layout.Texts[slot], layout.Places[slot]);
    }

    /// <summary>The outputs' declared kinds, texts and places by slot, and how many a decision keeps as references.</summary>
    private (RuleValueKind[] Kinds, string[]?[] Texts, int[] Places, int References) OutputPlaces()
    {
        if (_outputPlaces is not { } layout)
        {
            var kinds = new RuleValueKind[_form.Outputs.Count];
            var texts = new string[]?[kinds.Length];
            var written = new bool[kinds.Length];
            foreach (var output in _form.Outputs)
            {
                // The layout places every output of the rule set: the form writes each, in slots 0 to n-1.
                if ((uint)output.Slot >= (uint)kinds.Length || written[output.Slot])
                {
                    throw new InvalidOperationException($"the outputs' slots are not 0 to {kinds.Length - 1}, each once: the output '{output.Name}' has slot {output.Slot}");
                }

                written[output.Slot] = true;
                kinds[output.Slot] = OutputLayout.KindOf(output.Value.Type);
                texts[output.Slot] = OutputLayout.TextsOf(output.Value.Type);
            }

            var places = OutputLayout.PlacesOf(kinds, texts, out _, out var references);
            layout = (kinds, texts, places, references);
            _outputPlaces = layout;
        }

        return layout;
    }

    private ParameterExpression Tracer => _tracer ??= Variable(typeof(TraceBuilder), "tracer");

    private ParameterExpression IsFull => _isFull ??= Variable(typeof(bool), "full");

    private void StartPart()
    {
        _body.Clear();
        _variables.Clear();
        _locals.Clear();
        _symbolCodes.Clear();
        _reads.Clear();
        _tracer = null;
        _isFull = null;
        _cells = null;
        _references = null;
        _highestCell = -1;
        _highestReference = -1;
    }

    private Expression<Action<TRoot, Decision, EvaluationFrame>> FinishPart<TRoot>(string name)
    {
        _body.Add(Expression.Empty());
        var start = new List<Expression>(_reads.Assignments);
        start.AddRange(ReadOutputArrays());
        if (_tracer is not null)
        {
            start.Add(Expression.Assign(_tracer, Expression.Call(TracerMethod, _decision)));
        }

        if (_isFull is not null)
        {
            start.Add(Expression.Assign(_isFull, Expression.Property(Tracer, nameof(TraceBuilder.IsFull))));
        }

        _body.InsertRange(0, start);
        _variables.AddRange(_reads.Variables);
        var statements = PartInvariants.Hoist(_frame, MethodSplitting.Split(_body), _variables);
        var body = Expression.Block(_variables, statements);
        return Expression.Lambda<Action<TRoot, Decision, EvaluationFrame>>(body, $"{_form.Name}_{name}", [_case, _decision, _frame]);
    }

    /// <summary>Copies a computed value into its frame slot and records how later parts read it.</summary>
    private Expression Store(ValueSymbol symbol)
    {
        if (_form.CodedSymbols.TryGetValue(symbol, out var texts) && _symbolCodes.TryGetValue(symbol, out var code))
        {
            // An int in the frame: no boxing and no write barrier, where a text slot is a reference store.
            var codeSlot = _codeSlots++;
            _slotCodes[symbol] = (codeSlot, texts);
            return Expression.Assign(CodeSlot(codeSlot), code.Code);
        }

        var local = _locals[symbol];
        var type = local.Type;
        (int Kind, Type Storage, string Field) target =
            type == typeof(double) ? (0, typeof(double), nameof(EvaluationFrame.Doubles))
            : type == typeof(double?) ? (1, typeof(double?), nameof(EvaluationFrame.NullableDoubles))
            : type == typeof(bool) ? (2, typeof(bool), nameof(EvaluationFrame.Bools))
            : type == typeof(bool?) ? (3, typeof(bool?), nameof(EvaluationFrame.NullableBools))
            : type == typeof(string) ? (4, typeof(string), nameof(EvaluationFrame.Strings))
            : type == typeof(DateOnly?) || type == typeof(DateOnly) ? (5, typeof(DateOnly?), nameof(EvaluationFrame.Dates))
            : (6, typeof(object), nameof(EvaluationFrame.Objects));
        if (target.Kind == 2 && _reviewSlots.TryGetValue(symbol, out var reviewSlots))
        {
            _boolSlots[symbol] = reviewSlots[0];
            var flagSlots = reviewSlots.Select(s => Expression.ArrayAccess(Expression.Field(_frame, target.Field), Expression.Constant(s))).ToList();
            _slots[symbol] = flagSlots[0];
            return Expression.Block(flagSlots.Select(s => Expression.Assign(s, local)));
        }

        if (target.Kind == 2)
        {
            _boolSlots[symbol] = _slotCounts[target.Kind];
        }

        var slot = Expression.ArrayAccess(Expression.Field(_frame, target.Field), Expression.Constant(_slotCounts[target.Kind]++));
        _slots[symbol] = target.Storage == type ? slot : Expression.Convert(slot, type);
        return Expression.Assign(slot, target.Storage == type ? local : Expression.Convert(local, target.Storage));
    }

    /// <summary>A new local for <paramref name="symbol"/> holding <paramref name="value"/>, and the statement assigning it.</summary>
    private (ParameterExpression Local, Expression Statement) Assign(ValueSymbol symbol, Expression value)
    {
        var local = Declare(symbol, value.Type);
        return (local, Expression.Assign(local, value));
    }

    private ParameterExpression Declare(ValueSymbol symbol, Type type)
    {
        var local = Variable(type, symbol.Name);
        _locals[symbol] = local;
        return local;
    }

    private ParameterExpression Variable(Type type, string name)
    {
        var local = Expression.Variable(type, name);
        _variables.Add(local);
        return local;
    }

    /// <summary>Adds the review reasons of the rules whose flags (all in the frame, in the reasons' order from its first bool slot) are set: one call.</summary>
    private List<Expression> AddReviews(AddReviews op)
    {
        if (op.Reviews.Count == 0)
        {
            return [];
        }

        var missing = op.Reviews.FirstOrDefault(r => !_boolSlots.ContainsKey(r.Flag));
        if (missing is not null)
        {
            throw new InvalidOperationException($"the flag of rule '{missing.Reason.Source}' is not in the frame");
        }

        if (!ReferenceEquals(op, _form.Reviews))
        {
            throw new InvalidOperationException("only the rule set's own reviews have their flags laid out in the frame");
        }

        var table = new RuleReviews([.. op.Reviews.Select(r => r.Reason)]);
        return [Expression.Call(Expression.Constant(table), RuleReviewsAddMethod, _decision, Expression.Field(_frame, nameof(EvaluationFrame.Bools)))];
    }
}
