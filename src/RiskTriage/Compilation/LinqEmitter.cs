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
    private static readonly MethodInfo OutputsMethod = typeof(DecisionBuilder).GetMethod(nameof(DecisionBuilder.Outputs))!;
    private static readonly MethodInfo TracerMethod = typeof(DecisionBuilder).GetMethod(nameof(DecisionBuilder.Tracer))!;
    private static readonly MethodInfo RuleReviewsAddMethod = typeof(RuleReviews).GetMethod(nameof(RuleReviews.AddTo))!;

    private readonly LoweredRuleSet _form;
    private readonly DataBinding _binding;
    private readonly ParameterExpression _case;
    private readonly ParameterExpression _decision = Expression.Parameter(typeof(Decision), "decision");
    private readonly ParameterExpression _frame = Expression.Parameter(typeof(EvaluationFrame), "frame");
    private readonly Dictionary<ValueSymbol, Expression> _locals = [];
    private readonly Dictionary<ValueSymbol, Expression> _slots = [];
    private readonly Dictionary<ValueSymbol, int> _boolSlots = [];

    // Symbols of the current part holding an enumerated input unchanged (a table's column), with the input's code.
    private readonly Dictionary<ValueSymbol, ExpressionCompiler.EnumCodeRead> _symbolCodes = [];
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
    }

    /// <summary>The delegate evaluating a case of <typeparamref name="TRoot"/> by <paramref name="form"/>.</summary>
    public static Action<TRoot, Decision> Emit<TRoot>(LoweredRuleSet form, DataBinding binding)
    {
        var emitter = new LinqEmitter(form, binding);
        var parts = MethodSplitting.CompileAll(emitter.Parts<TRoot>());
        var c = emitter._slotCounts;
        return new PartedEvaluator<TRoot>(parts, new FrameLayout(c[0], c[1], c[2], c[3], c[4], c[5], c[6], form.EnumCodes.Count)).Evaluate;
    }

    private List<Expression<Action<TRoot, Decision, EvaluationFrame>>> Parts<TRoot>()
    {
        var parts = new List<Expression<Action<TRoot, Decision, EvaluationFrame>>>();
        StartPart();
        _body.AddRange(new CheckEmitter(this, _case, null, null).Checks(_form.Checks));
        parts.Add(FinishPart<TRoot>("Checks"));

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

            parts.Add(FinishPart<TRoot>("Part" + (p + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        StartPart();
        _body.AddRange(_ops.Visit(_form.Reviews));
        foreach (var output in _form.Outputs)
        {
            _body.AddRange(_ops.Visit(output));
        }

        parts.Add(FinishPart<TRoot>("Outputs"));
        return parts;
    }

    private Expression Resolve(ValueSymbol symbol) =>
        _locals.TryGetValue(symbol, out var local) ? local
        : _slots.TryGetValue(symbol, out var slot) ? slot
        : throw new InvalidOperationException($"'{symbol.Name}' is read before it is computed");

    /// <summary>
    /// The code of an enumerated input (see <see cref="LoweredRuleSet.EnumCodes"/>) that <paramref name="node"/> reads
    /// unchanged, read from the frame once per part; null when it reads no coded input.
    /// </summary>
    private ExpressionCompiler.EnumCodeRead? CodeOf(BoundExpression node)
    {
        if (node is BoundValueReference reference)
        {
            return _symbolCodes.TryGetValue(reference.Symbol, out var held) ? held : null;
        }

        if (_form.EnumCodes.Count == 0 || PathOf(node) is not { } path || !_form.EnumCodes.TryGetValue(path, out var code))
        {
            return null;
        }

        var read = _reads.Get(null, "#code " + path, () => CodeSlot(code));
        return new ExpressionCompiler.EnumCodeRead(read, code.Values);
    }

    /// <summary>The path of the input field <paramref name="node"/> reads (as input checks name it), or null when it reads something else.</summary>
    private static string? PathOf(BoundExpression node) => node switch
    {
        BoundInput input => input.Symbol.Property.Name,
        BoundMember member when PathOf(member.Target) is { } parent => parent + "." + member.Property.Name,
        _ => null,
    };

    private Expression CodeSlot(EnumCode code) => Expression.ArrayAccess(Expression.Field(_frame, nameof(EvaluationFrame.Codes)), Expression.Constant(code.Slot));

    private Expression OutputSlots => Expression.Call(OutputsMethod, _decision);

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
    }

    private Expression<Action<TRoot, Decision, EvaluationFrame>> FinishPart<TRoot>(string name)
    {
        _body.Add(Expression.Empty());
        var start = new List<Expression>(_reads.Assignments);
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
        var body = Expression.Block(_variables, MethodSplitting.Split(_body));
        return Expression.Lambda<Action<TRoot, Decision, EvaluationFrame>>(body, $"{_form.Name}_{name}", [_case, _decision, _frame]);
    }

    /// <summary>Copies a computed value into its frame slot and records how later parts read it.</summary>
    private Expression Store(ValueSymbol symbol)
    {
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

    /// <summary>Adds the review reasons of the rules whose flags (all in the frame) are set: one call walks a table of flags and reasons.</summary>
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

        var table = new RuleReviews([.. op.Reviews.Select(r => _boolSlots[r.Flag])], [.. op.Reviews.Select(r => r.Reason)]);
        return [Expression.Call(Expression.Constant(table), RuleReviewsAddMethod, _decision, Expression.Field(_frame, nameof(EvaluationFrame.Bools)))];
    }
}
