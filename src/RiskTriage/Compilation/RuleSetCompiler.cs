using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using RiskTriage.Checking;
using RiskTriage.Evaluation;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Loading;

namespace RiskTriage.Compilation;

/// <summary>
/// Compiles a checked rule set into one delegate per case representation: every named value becomes a
/// typed local of a single lambda, tables become branches, and outputs are written straight into the
/// decision. A traced variant adds the trace calls; the untraced one has none.
/// </summary>
internal sealed class RuleSetCompiler
{
    private static readonly MethodInfo AddReviewMethod = typeof(Decision).GetMethod(nameof(Decision.AddReview), BindingFlags.NonPublic | BindingFlags.Instance, [typeof(ReviewReason)])!;
    private static readonly PropertyInfo ValuesProperty = typeof(Decision).GetProperty(nameof(Decision.Values), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly PropertyInfo TracerProperty = typeof(Decision).GetProperty(nameof(Decision.Tracer), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo RuleReviewsAddMethod = typeof(RuleReviews).GetMethod(nameof(RuleReviews.AddTo))!;
    private static readonly MethodInfo EntryMethod = typeof(TraceBuilder).GetMethod(nameof(TraceBuilder.Entry))!;
    private static readonly MethodInfo OperandMethod = typeof(TraceBuilder).GetMethod(nameof(TraceBuilder.Operand))!;

    // Nodes are compiled into parts of about this many bound-tree nodes: large enough to keep values in
    // registers across many rules, small enough for the JIT to optimise each part fully.
    private const int PartBudget = 400;

    private readonly CheckedRuleSet _ruleSet;
    private readonly DataBinding _binding;
    private readonly bool _trace;
    private readonly bool _validateEnums;

    // A typed case's limits (text length, list items): JSON is held to them as it is read; a typed case here.
    private readonly RuleSetLimits? _caseLimits;
    private readonly ParameterExpression _case;
    private readonly ParameterExpression _decision = Expression.Parameter(typeof(Decision), "decision");
    private readonly ParameterExpression _frame = Expression.Parameter(typeof(EvaluationFrame), "frame");
    private readonly ParameterExpression _tracer = Expression.Variable(typeof(TraceBuilder), "tracer");
    private readonly Dictionary<ValueSymbol, Expression> _locals = [];
    private readonly Dictionary<ValueSymbol, Expression> _slots = [];
    private readonly HashSet<ValueSymbol> _exported = [];
    private readonly Dictionary<ValueSymbol, int> _boolSlots = [];
    private readonly int[] _slotCounts = new int[7];
    private readonly List<ParameterExpression> _variables = [];
    private readonly List<Expression> _body = [];
    private readonly ExpressionCompiler _compiler;
    private readonly ParameterExpression _isFull = Expression.Variable(typeof(bool), "full");
    private readonly InputReads _reads = new();

    private RuleSetCompiler(CheckedRuleSet ruleSet, DataBinding binding, bool trace, bool validateEnums, RuleSetLimits? caseLimits)
    {
        _ruleSet = ruleSet;
        _binding = binding;
        _trace = trace;
        _validateEnums = validateEnums;
        _caseLimits = caseLimits;
        _case = Expression.Parameter(binding.RootType, "case");
        _compiler = new ExpressionCompiler(binding, _case, Resolve, _reads);
    }

    // caseLimits: for a typed case, the limits its text and lists are held to (and its numbers must be finite); null
    // for a case the reader has already held to them.
    public static Action<TRoot, Decision> Compile<TRoot>(CheckedRuleSet ruleSet, DataBinding binding, bool trace, bool validateEnums, RuleSetLimits? caseLimits = null)
    {
        var compiler = new RuleSetCompiler(ruleSet, binding, trace, validateEnums, caseLimits);
        var parts = compiler.BuildParts<TRoot>();
        var layout = new FrameLayout(compiler._slotCounts[0], compiler._slotCounts[1], compiler._slotCounts[2], compiler._slotCounts[3],
            compiler._slotCounts[4], compiler._slotCounts[5], compiler._slotCounts[6]);
        return new PartedEvaluator<TRoot>(parts, layout, stopOnErrors: true).Evaluate;
    }

    /// <summary>
    /// For the benchmarks: the work an evaluation by <paramref name="compiled"/> does besides computing the rule set's
    /// values (renting the frame, checking the inputs, adding the rules' review reasons and writing the outputs from
    /// whatever the frame holds). What this costs bounds how close to hand-written code a whole evaluation can come.
    /// Two differences from a whole evaluation, neither of which matters to the default rule set's benchmark: an
    /// invalid case still runs the outputs part (its outputs are cleared afterwards all the same), and a value kept
    /// in the frame's objects (a list) reads as missing, because returning a frame clears them.
    /// </summary>
    internal static Action<TRoot, Decision> FixedWork<TRoot>(Action<TRoot, Decision> compiled) =>
        compiled.Target is PartedEvaluator<TRoot> evaluator ? evaluator.FixedWork : throw new ArgumentException("not a compiled rule set", nameof(compiled));

    /// <summary>Runs the compiled parts in order over one frame; the first part checks the inputs.</summary>
    private sealed class PartedEvaluator<TRoot>(Action<TRoot, Decision, EvaluationFrame>[] parts, FrameLayout layout, bool stopOnErrors)
    {
        /// <summary>The first part (the checks) and the last (review reasons and outputs) only.</summary>
        public void FixedWork(TRoot input, Decision decision)
        {
            var frame = EvaluationFrame.Rent(layout);
            try
            {
                parts[0](input, decision, frame);
                parts[^1](input, decision, frame);
            }
            finally
            {
                frame.Return();
            }
        }

        public void Evaluate(TRoot input, Decision decision)
        {
            var frame = EvaluationFrame.Rent(layout);
            try
            {
                parts[0](input, decision, frame);

                // A case with a value outside an enumeration or a declared range is invalid: nothing is evaluated.
                if (stopOnErrors && decision.HasErrors)
                {
                    return;
                }

                for (var i = 1; i < parts.Length; i++)
                {
                    parts[i](input, decision, frame);
                }
            }
            finally
            {
                frame.Return();
            }
        }
    }

    /// <summary>
    /// Adds the review reasons of the rules that fired, in rule order. When every rule's flag is in the frame (it
    /// is: the reasons are added in a part of their own), one call walks a table of flags and reasons; an
    /// <c>if</c> per reason cost about 80 bytes of machine code each.
    /// </summary>
    private void AddReviews()
    {
        var reviews = _ruleSet.Rules.SelectMany(rule => rule.Reviews.Select(review => (Rule: rule, Reason: new ReviewReason(review.Code, review.Message, rule.Id)))).ToList();
        if (reviews.Count == 0)
        {
            return;
        }

        // Every rule with a review exports its flag (MarkExports), and a rule's flag is a plain bool.
        var missing = reviews.Find(r => !_boolSlots.ContainsKey(r.Rule.Fired));
        if (missing.Rule is not null)
        {
            throw new InvalidOperationException($"the flag of rule '{missing.Rule.Id}' is not in the frame");
        }

        var table = new RuleReviews([.. reviews.Select(r => _boolSlots[r.Rule.Fired])], [.. reviews.Select(r => r.Reason)]);
        _body.Add(Expression.Call(Expression.Constant(table), RuleReviewsAddMethod, _decision, Expression.Field(_frame, nameof(EvaluationFrame.Bools))));
    }

    private Expression Resolve(ValueSymbol symbol) =>
        _locals.TryGetValue(symbol, out var local) ? local
        : _slots.TryGetValue(symbol, out var slot) ? slot
        : throw new InvalidOperationException($"'{symbol.Name}' is read before it is computed");

    private Action<TRoot, Decision, EvaluationFrame>[] BuildParts<TRoot>()
    {
        var chunks = Chunk();
        MarkExports(chunks);
        var parts = new List<Expression<Action<TRoot, Decision, EvaluationFrame>>>();

        StartPart();
        Checks(_case, _ruleSet.Inputs, string.Empty);
        parts.Add(FinishPart<TRoot>("Checks"));

        for (var c = 0; c < chunks.Count; c++)
        {
            StartPart();
            foreach (var node in chunks[c])
            {
                CompileNode(node);
                foreach (var symbol in Produced(node).Where(_exported.Contains))
                {
                    _body.Add(Store(symbol));
                }
            }

            parts.Add(FinishPart<TRoot>("Part" + (c + 1).ToString(CultureInfo.InvariantCulture)));
        }

        StartPart();
        AddReviews();

        var values = Expression.Property(_decision, ValuesProperty);
        foreach (var output in _ruleSet.Outputs)
        {
            _body.Add(Expression.Assign(Expression.ArrayAccess(values, Expression.Constant(output.Slot)), ToOutputValue(Resolve(output.Symbol!), output.Name)));
        }

        parts.Add(FinishPart<TRoot>("Outputs"));
        return CompileAll(parts);
    }

    /// <summary>
    /// Compiles the parts. Most of the time spent loading a rule set is the JIT compiling these methods (a
    /// dynamic method is compiled when its delegate is created), and the parts are independent, so they are
    /// compiled on all cores.
    /// </summary>
    private static Action<TRoot, Decision, EvaluationFrame>[] CompileAll<TRoot>(List<Expression<Action<TRoot, Decision, EvaluationFrame>>> parts)
    {
        var compiled = new Action<TRoot, Decision, EvaluationFrame>[parts.Count];
        if (Environment.ProcessorCount == 1 || parts.Count == 1)
        {
            for (var i = 0; i < parts.Count; i++)
            {
                compiled[i] = parts[i].Compile();
            }

            return compiled;
        }

        // Largest first, so that one big part does not start last and leave the other cores idle.
        var order = Enumerable.Range(0, parts.Count).OrderByDescending(i => NodeCounter.Count(parts[i].Body)).ToArray();
        try
        {
            Parallel.For(0, order.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                k => compiled[order[k]] = parts[order[k]].Compile());
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Callers see the same exception as from a sequential compile.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return compiled;
    }

    private void StartPart()
    {
        _body.Clear();
        _variables.Clear();
        _locals.Clear();
        _reads.Clear();
        if (_trace)
        {
            _variables.Add(_tracer);
            _variables.Add(_isFull);
            _body.Add(Expression.Assign(_tracer, Expression.Property(_decision, TracerProperty)));
            _body.Add(Expression.Assign(_isFull, Expression.Property(_tracer, nameof(TraceBuilder.IsFull))));
        }
    }

    private Expression<Action<TRoot, Decision, EvaluationFrame>> FinishPart<TRoot>(string name)
    {
        _body.Add(Expression.Empty());
        _body.InsertRange(0, _reads.Assignments);
        _variables.AddRange(_reads.Variables);
        var body = Expression.Block(_variables, Split(_body));
        return Expression.Lambda<Action<TRoot, Decision, EvaluationFrame>>(body, $"{_ruleSet.Name}_{name}", [_case, _decision, _frame]);
    }

    // A part with very many statements (a scorecard or table with thousands of rows, thousands of outputs or
    // required inputs) would compile to one method whose stack frame grows with every statement, and a hostile
    // rule file could then overflow the stack of the thread that evaluates a case. Such a part runs its
    // statements in groups of about this many expression nodes, each group compiled to a method of its own.
    private const int NodesPerMethod = 4_000;

    private static List<Expression> Split(List<Expression> statements)
    {
        var sizes = statements.Select(NodeCounter.Count).ToList();
        if (sizes.Sum() <= NodesPerMethod)
        {
            return statements;
        }

        var groups = new List<Expression>();
        var group = new List<Expression>();
        var size = 0;
        for (var i = 0; i < statements.Count; i++)
        {
            if (group.Count > 0 && size + sizes[i] > NodesPerMethod)
            {
                groups.Add(ExpressionCompiler.Outline(Expression.Block(typeof(void), group)));
                group = [];
                size = 0;
            }

            group.Add(statements[i]);
            size += sizes[i];
        }

        groups.Add(ExpressionCompiler.Outline(Expression.Block(typeof(void), group)));
        return groups;
    }

    /// <summary>Counts the nodes of a compiled expression tree.</summary>
    private sealed class NodeCounter : ExpressionVisitor
    {
        private const int MaxDepth = 200;

        private int _count;
        private int _depth;

        public static int Count(Expression expression)
        {
            var counter = new NodeCounter();
            counter.Visit(expression);
            return counter._count;
        }

        public override Expression? Visit(Expression? node)
        {
            // A very deep tree (a band set with thousands of bands is a chain of if/else) is big: count it as a
            // whole method rather than recurse to its end.
            if (_depth >= MaxDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                _count += NodesPerMethod;
                return node;
            }

            _count++;
            _depth++;
            try
            {
                return base.Visit(node);
            }
            finally
            {
                _depth--;
            }
        }
    }

    private void CompileNode(CheckedNode node)
    {
        _compiler.Element = node switch
        {
            ValueNode => $"the value '{node.Name}'",
            ScorecardNode => $"the scorecard '{node.Name}'",
            BandNode => $"the bands '{node.Name}'",
            TableNode => $"the table '{node.Name}'",
            RuleNode rule => $"the rule '{rule.Id}'",
            _ => $"the output '{node.Name}'",
        };
        switch (node)
        {
            case ValueNode value:
                var local = Assign(value.Symbol!, _compiler.Compile(value.Expression!));
                if (_trace)
                {
                    _body.Add(Expression.IfThen(_isFull, TraceEntry("value", value.Name, null, value.Description, ToRuleValue(local), [])));
                }

                break;
            case ScorecardNode scorecard:
                Scorecard(scorecard);
                break;
            case BandNode bands:
                Bands(bands);
                break;
            case TableNode table:
                Table(table);
                break;
            case RuleNode rule:
                Rule(rule);
                break;
            case OutputNode output:
                Output(output);
                break;
        }
    }

    private static IEnumerable<ValueSymbol> Produced(CheckedNode node) => node switch
    {
        ValueNode value => [value.Symbol!],
        ScorecardNode scorecard => [scorecard.Symbol!],
        BandNode bands => [bands.Symbol!],
        TableNode table => table.Outputs.Select(o => o.Symbol),
        RuleNode rule => [rule.Fired],
        OutputNode output => [output.Symbol!],
        _ => [],
    };

    /// <summary>Groups the nodes, in evaluation order, into parts within the budget.</summary>
    private List<List<CheckedNode>> Chunk()
    {
        var chunks = new List<List<CheckedNode>>();
        var current = new List<CheckedNode>();
        var weight = 0;
        foreach (var node in _ruleSet.Order)
        {
            var w = Weight(node);
            if (current.Count > 0 && weight + w > PartBudget)
            {
                chunks.Add(current);
                current = [];
                weight = 0;
            }

            current.Add(node);
            weight += w;
        }

        if (current.Count > 0)
        {
            chunks.Add(current);
        }

        return chunks;
    }

    private static int Weight(CheckedNode node) => 1 + node switch
    {
        ValueNode value => BoundSize.Of(value.Expression),
        ScorecardNode scorecard => scorecard.Rows.Sum(r => BoundSize.Of(r.When) + BoundSize.Of(r.Points) + 2),
        BandNode bands => BoundSize.Of(bands.Value) + (2 * bands.Bands.Count),
        TableNode table => table.Inputs.Sum(BoundSize.Of) + table.Rows.Sum(r => r.Cells.Sum(c => BoundSize.Of(c.Condition)) + r.Outputs.Sum(BoundSize.Of) + 2),
        RuleNode rule => BoundSize.Of(rule.When),
        OutputNode output => BoundSize.Of(output.Value) + output.Setters.Sum(s => BoundSize.Of(s.Value) + 1),
        _ => 0,
    };

    /// <summary>Every value read by a part other than the one computing it goes through the frame.</summary>
    private void MarkExports(List<List<CheckedNode>> chunks)
    {
        var chunkOf = new Dictionary<CheckedNode, int>();
        var producers = new Dictionary<string, (CheckedNode Node, ValueSymbol Symbol)>(StringComparer.Ordinal);
        for (var c = 0; c < chunks.Count; c++)
        {
            foreach (var node in chunks[c])
            {
                chunkOf[node] = c;

                // An output that exports an element of the same name leaves the name to that element.
                if (node is OutputNode { Exports: true })
                {
                    continue;
                }

                foreach (var symbol in Produced(node))
                {
                    producers[symbol.Name] = (node, symbol);
                }
            }
        }

        foreach (var (node, c) in chunkOf)
        {
            foreach (var name in node.Uses)
            {
                if (producers.TryGetValue(name, out var producer) && chunkOf[producer.Node] != c)
                {
                    _exported.Add(producer.Symbol);
                }
            }
        }

        // The last part adds the rules' review reasons and writes the outputs.
        foreach (var rule in _ruleSet.Rules.Where(r => r.Reviews.Count > 0))
        {
            _exported.Add(rule.Fired);
        }

        foreach (var output in _ruleSet.Outputs)
        {
            _exported.Add(output.Symbol!);
        }
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

    private ParameterExpression Assign(ValueSymbol symbol, Expression value)
    {
        var local = Expression.Variable(value.Type, symbol.Name);
        _variables.Add(local);
        _locals[symbol] = local;
        _body.Add(Expression.Assign(local, value));
        return local;
    }

    private ParameterExpression Declare(ValueSymbol symbol, Type type)
    {
        var local = Expression.Variable(type, symbol.Name);
        _variables.Add(local);
        _locals[symbol] = local;
        return local;
    }

    // ---- Input checks: required fields (review) and, for typed cases, enumeration values (invalid) ----------

    private void Checks(Expression instance, ObjectType type, string prefix)
    {
        foreach (var statement in CheckStatements(instance, type, prefix, null, null))
        {
            _body.Add(statement);
        }
    }

    /// <summary>Statements checking the fields of one object; inside a list, <paramref name="listPath"/> and <paramref name="index"/> locate the item.</summary>
    private List<Expression> CheckStatements(Expression instance, ObjectType type, string prefix, string? listPath, ParameterExpression? index)
    {
        var statements = new List<Expression>();
        foreach (var property in type.Properties)
        {
            var path = prefix + property.Name;
            var read = _binding.Member(instance, property);
            var canBeNull = ExpressionCompiler.CanBeNull(read.Type);
            if (property.Required && canBeNull && property.Default is null)
            {
                var report = listPath is null
                    ? Expression.Call(_decision, AddReviewMethod, Expression.Constant(RuntimeHelpers.MissingInputReason(path)))
                    : Expression.Call(typeof(RuntimeHelpers), nameof(RuntimeHelpers.MissingItemField), null, _decision, Expression.Constant(listPath), index!, Expression.Constant(path));
                statements.Add(Expression.IfThen(Expression.Equal(read, Expression.Constant(null, read.Type)), report));
            }

            if (_validateEnums && property.Type.EnumValues is { } values)
            {
                statements.Add(EnumCheck(read, values, path, listPath, index));
            }

            if (ValueCheck(read, property, path, listPath, index) is { } valueCheck)
            {
                statements.Add(valueCheck);
            }

            if (property.Type.Kind == TypeKind.Object)
            {
                var nested = Expression.Variable(read.Type, property.Name);
                var inner = CheckStatements(nested, property.Type.ObjectType!, path + ".", listPath, index);
                if (inner.Count > 0)
                {
                    statements.Add(Expression.Block([nested],
                        Expression.Assign(nested, read),
                        Expression.IfThen(Expression.NotEqual(nested, Expression.Constant(null, nested.Type)), Expression.Block(inner))));
                }
            }
            else if (property.Type.Kind == TypeKind.List && listPath is null)
            {
                var element = property.Type.Element!;
                if (element.Kind == TypeKind.Object || (_validateEnums && element.EnumValues is not null) || _caseLimits is not null)
                {
                    statements.Add(ListChecks(read, element, path));
                }
            }
        }

        return statements;
    }

    private Expression ListChecks(Expression list, DataType element, string path)
    {
        var access = ListAccess.For(list.Type);
        var l = Expression.Variable(list.Type, "list");
        var i = Expression.Variable(typeof(int), "i");
        var n = Expression.Variable(typeof(int), "n");
        var item = _binding.Element(access.Item(l, i), element);
        var itemVar = Expression.Variable(item.Type, "item");
        var done = Expression.Label("done");
        List<Expression> inner;
        if (element.Kind == TypeKind.Object)
        {
            inner = CheckStatements(itemVar, element.ObjectType!, string.Empty, path, i);
            if (inner.Count > 0)
            {
                inner = [Expression.IfThen(Expression.NotEqual(itemVar, Expression.Constant(null, itemVar.Type)), Expression.Block(inner))];
            }
        }
        else if (_validateEnums && element.EnumValues is not null)
        {
            inner = [EnumCheck(itemVar, element.EnumValues!, string.Empty, path, i)];
        }
        else if (_caseLimits is not null && element.Kind == TypeKind.String)
        {
            inner = [TextCheck(itemVar, string.Empty, path, i)];
        }
        else if (_caseLimits is not null && element.Kind == TypeKind.Number)
        {
            var value = Expression.Variable(typeof(double), "number");
            var finite = InputRange.Finite;
            inner = [WhenPresent(itemVar, value, Expression.IfThen(
                Expression.Not(Expression.AndAlso(Expression.GreaterThanOrEqual(value, Expression.Constant(finite.Min)), Expression.LessThanOrEqual(value, Expression.Constant(finite.Max)))),
                Expression.Call(Expression.Constant(finite), nameof(InputRange.OutsideItem), null, _decision, Expression.Constant(path), i, Expression.Constant(string.Empty), value)))];
        }
        else
        {
            inner = [];
        }

        if (inner.Count == 0 && _caseLimits is null)
        {
            return Expression.Empty();
        }

        // A typed list is held to the item limit a JSON list is read with; its items are then checked.
        Expression tooMany = _caseLimits is null
            ? Expression.Empty()
            : Expression.IfThen(Expression.GreaterThan(n, Expression.Constant(_caseLimits.MaxCollectionItems)),
                Expression.Block(
                    Expression.Call(typeof(CaseLimitChecks), nameof(CaseLimitChecks.TooManyItems), null, _decision, Expression.Constant(path), n, Expression.Constant(_caseLimits.MaxCollectionItems)),
                    Expression.Assign(n, Expression.Constant(0))));
        return Expression.Block([l, i, n],
            Expression.Assign(l, list),
            Expression.IfThen(Expression.NotEqual(l, Expression.Constant(null, l.Type)),
                Expression.Block(
                    Expression.Assign(n, access.Count(l)),
                    tooMany,
                    Expression.Assign(i, Expression.Constant(0)),
                    Expression.Loop(
                        Expression.Block([itemVar],
                            Expression.IfThen(Expression.GreaterThanOrEqual(i, n), Expression.Break(done)),
                            Expression.Assign(itemVar, item),
                            Expression.Block(inner),
                            Expression.PostIncrementAssign(i)),
                        done))));
    }

    /// <summary>
    /// The check of one value against its declared range (numbers and dates, on every path), and for a typed case the
    /// checks JSON gets as it is read: a number must be finite, text within the length limit and whole UTF-16, a list
    /// within the item limit. Null when the field needs none. A range check is two compares on the value read.
    /// </summary>
    private Expression? ValueCheck(Expression read, PropertyDef property, string path, string? listPath, ParameterExpression? index)
    {
        var kind = property.Type.Kind;
        if (kind == TypeKind.Number && (property.Range ?? (_caseLimits is null ? null : InputRange.Finite)) is { } range)
        {
            var value = Expression.Variable(typeof(double), "number");
            var inside = Expression.AndAlso(
                Expression.GreaterThanOrEqual(value, Expression.Constant(range.Min)),
                Expression.LessThanOrEqual(value, Expression.Constant(range.Max)));
            if (range.Integer)
            {
                inside = Expression.AndAlso(inside, Expression.Equal(value, Expression.Call(typeof(Math), nameof(Math.Floor), null, value)));
            }

            var report = listPath is null
                ? Expression.Call(Expression.Constant(range), nameof(InputRange.Outside), null, _decision, Expression.Constant(path), value)
                : Expression.Call(Expression.Constant(range), nameof(InputRange.OutsideItem), null, _decision, Expression.Constant(listPath), index!, Expression.Constant(path), value);
            return WhenPresent(read, value, Expression.IfThen(Expression.Not(inside), report));
        }

        if (kind == TypeKind.Date && property.Range is { } dates)
        {
            var value = Expression.Variable(typeof(DateOnly), "date");
            var day = Expression.Variable(typeof(int), "day");
            var outside = Expression.OrElse(
                Expression.LessThan(day, Expression.Constant(dates.MinDay)),
                Expression.GreaterThan(day, Expression.Constant(dates.MaxDay)));
            var report = listPath is null
                ? Expression.Call(Expression.Constant(dates), nameof(InputRange.OutsideDate), null, _decision, Expression.Constant(path), value)
                : Expression.Call(Expression.Constant(dates), nameof(InputRange.OutsideDateItem), null, _decision, Expression.Constant(listPath), index!, Expression.Constant(path), value);
            return WhenPresent(read, value, Expression.Block([day],
                Expression.Assign(day, Expression.Property(value, nameof(DateOnly.DayNumber))),
                Expression.IfThen(outside, report)));
        }

        if (kind == TypeKind.String && _caseLimits is not null && property.Type.EnumValues is null)
        {
            return TextCheck(read, path, listPath, index);
        }

        if (kind == TypeKind.List && _caseLimits is not null && listPath is not null)
        {
            // A list inside a list item (the top-level lists are counted as their items are checked).
            var access = ListAccess.For(read.Type);
            var list = Expression.Variable(read.Type, "inner");
            var count = Expression.Variable(typeof(int), "count");
            return Expression.Block([list, count],
                Expression.Assign(list, read),
                Expression.IfThen(Expression.NotEqual(list, Expression.Constant(null, list.Type)),
                    Expression.Block(
                        Expression.Assign(count, access.Count(list)),
                        Expression.IfThen(Expression.GreaterThan(count, Expression.Constant(_caseLimits.MaxCollectionItems)),
                            Expression.Call(typeof(CaseLimitChecks), nameof(CaseLimitChecks.TooManyItemsInItem), null, _decision, Expression.Constant(listPath), index!, Expression.Constant(path), count, Expression.Constant(_caseLimits.MaxCollectionItems))))));
        }

        return null;
    }

    /// <summary>Runs <paramref name="check"/> with <paramref name="value"/> set to the value read, when there is one.</summary>
    private static Expression WhenPresent(Expression read, ParameterExpression value, Expression check)
    {
        if (Nullable.GetUnderlyingType(read.Type) is null)
        {
            return Expression.Block([value], Expression.Assign(value, read), check);
        }

        var held = Expression.Variable(read.Type, "held");
        return Expression.Block([held, value],
            Expression.Assign(held, read),
            Expression.IfThen(Expression.Property(held, "HasValue"),
                Expression.Block(Expression.Assign(value, Expression.Call(held, "GetValueOrDefault", Type.EmptyTypes)), check)));
    }

    /// <summary>A typed case's text: within the length limit and whole UTF-16 (no lone surrogate), as JSON text is held to.</summary>
    private Expression TextCheck(Expression read, string path, string? listPath, ParameterExpression? index)
    {
        var text = Expression.Variable(typeof(string), "text");
        var call = listPath is null
            ? Expression.Call(typeof(CaseLimitChecks), nameof(CaseLimitChecks.Text), null, _decision, Expression.Constant(path), text, Expression.Constant(_caseLimits!.MaxCaseStringLength))
            : Expression.Call(typeof(CaseLimitChecks), nameof(CaseLimitChecks.TextItem), null, _decision, Expression.Constant(listPath), index!, Expression.Constant(path), text, Expression.Constant(_caseLimits!.MaxCaseStringLength));
        return Expression.Block([text],
            Expression.Assign(text, read),
            Expression.IfThen(Expression.NotEqual(text, Expression.Constant(null, typeof(string))), call));
    }

    /// <summary>Enumerations of at most this many values are first checked inline, by reference.</summary>
    private const int InlineEnumValues = 8;

    private Expression EnumCheck(Expression read, IReadOnlyList<string> values, string path, string? listPath, ParameterExpression? index)
    {
        var value = Expression.Variable(typeof(string), "text");
        var allowed = Expression.Constant(new EnumValues(values));
        var report = listPath is null
            ? Expression.Call(allowed, nameof(EnumValues.Invalid), null, _decision, Expression.Constant(path), value)
            : Expression.Call(allowed, nameof(EnumValues.InvalidItem), null, _decision, Expression.Constant(listPath), index!, Expression.Constant(path), value);
        Expression notAllowed = Expression.Not(Expression.Call(allowed, nameof(EnumValues.Contains), null, value));
        if (values.Count <= InlineEnumValues)
        {
            // A typed case's value is usually one of the declared (interned) instances: compared here, without a
            // call or a loop, and without stopping at the match (| not ||), so every case runs the same way.
            var same = values.Select(v => (Expression)Expression.ReferenceEqual(value, Expression.Constant(string.Intern(v)))).Aggregate(Expression.Or);
            notAllowed = Expression.AndAlso(Expression.Not(same), notAllowed);
        }

        return Expression.Block([value],
            Expression.Assign(value, read),
            Expression.IfThen(Expression.AndAlso(Expression.NotEqual(value, Expression.Constant(null, typeof(string))), notAllowed), report));
    }

    // ---- Trace --------------------------------------------------------------------------------------

    private Expression TraceEntry(string kind, string element, string? item, string? detail, Expression value, IReadOnlyList<Operand> operands)
    {
        var calls = new List<Expression>
        {
            Expression.Call(_tracer, EntryMethod, Expression.Constant(kind), Expression.Constant(element),
                Expression.Constant(item, typeof(string)), Expression.Constant(detail, typeof(string)), value, Expression.Constant(operands.Count)),
        };
        foreach (var operand in operands)
        {
            calls.Add(Expression.Call(_tracer, OperandMethod, Expression.Constant(operand.Name), ToRuleValue(_compiler.Compile(operand.Expression))));
        }

        return Expression.Block(calls);
    }

    private static readonly Expression MissingValue = Expression.Constant(RuleValue.Missing);

    internal static Expression ToRuleValue(Expression e)
    {
        var type = Nullable.GetUnderlyingType(e.Type) ?? e.Type;
        if (type == typeof(double) || type == typeof(bool) || type == typeof(DateOnly) || type == typeof(string))
        {
            var factory = type == typeof(double) ? nameof(RuleValue.FromNumber)
                : type == typeof(bool) ? nameof(RuleValue.FromBool)
                : type == typeof(DateOnly) ? nameof(RuleValue.FromDate)
                : nameof(RuleValue.FromString);
            return Expression.Call(typeof(RuleValue).GetMethod(factory, [e.Type])!, e);
        }

        return Expression.Call(typeof(RuntimeHelpers), nameof(RuntimeHelpers.ListOutput), null, Expression.Convert(e, typeof(object)));
    }

    private Expression ToOutputValue(Expression e, string name)
    {
        var type = Nullable.GetUnderlyingType(e.Type) ?? e.Type;
        return type == typeof(double)
            ? Expression.Call(typeof(RuntimeHelpers), nameof(RuntimeHelpers.NumberOutput), null, _decision, Expression.Constant(name), ExpressionCompiler.Lift(e))
            : ToRuleValue(e);
    }

    // ---- Scorecards, bands, rules, outputs ----------------------------------------------------------

    private void Scorecard(ScorecardNode node)
    {
        var total = Declare(node.Symbol!, typeof(double));
        _body.Add(Expression.Assign(total, Expression.Constant(0d)));
        foreach (var row in node.Rows)
        {
            var points = ExpressionCompiler.Lift(_compiler.Compile(row.Points));
            var p = Expression.Variable(points.Type, "points");
            var add = new List<Expression>
            {
                Expression.Assign(p, points),
            };
            var score = new List<Expression> { Expression.AddAssign(total, Expression.Property(p, "Value")) };
            if (_trace)
            {
                score.Add(TraceEntry("scorecard-row", node.Name, row.Id, row.Reason, ToRuleValue(p), row.Operands));
            }

            add.Add(Expression.IfThen(Expression.Property(p, "HasValue"), Expression.Block(score)));
            Expression statement = Expression.Block([p], add);
            if (row.When is not null)
            {
                statement = Expression.IfThen(_compiler.CompileCondition(row.When), statement);
            }

            _body.Add(statement);
        }
    }

    private void Bands(BandNode node)
    {
        var value = Assign(new ValueSymbol("$" + node.Name + ".value", DataType.Number, "band value"), ExpressionCompiler.Lift(_compiler.Compile(node.Value!)));
        var label = Declare(node.Symbol!, typeof(string));
        _body.Add(Expression.Assign(label, Expression.Constant(null, typeof(string))));
        var v = Expression.Property(value, "Value");
        Expression chain = Expression.Call(typeof(RuntimeHelpers), nameof(RuntimeHelpers.NoBand), null, _decision, Expression.Constant(node.Name), v);
        for (var i = node.Bands.Count - 1; i >= 0; i--)
        {
            var band = node.Bands[i];
            Expression test = Expression.Constant(true);
            if (band.Min is { } min)
            {
                test = band.MinInclusive ? Expression.GreaterThanOrEqual(v, Expression.Constant(min)) : Expression.GreaterThan(v, Expression.Constant(min));
            }

            if (band.Max is { } max)
            {
                var upper = band.MaxInclusive ? Expression.LessThanOrEqual(v, Expression.Constant(max)) : Expression.LessThan(v, Expression.Constant(max));
                test = band.Min is null ? upper : Expression.AndAlso(test, upper);
            }

            var select = new List<Expression> { Expression.Assign(label, Expression.Constant(band.Label)) };
            if (_trace)
            {
                select.Add(TraceEntry("band", node.Name, band.Label, Threshold(band), ToRuleValue(value), node.Operands));
            }

            chain = Expression.IfThenElse(test, Expression.Block(select), chain);
        }

        _body.Add(Expression.IfThen(Expression.Property(value, "HasValue"), chain));
    }

    private static string Threshold(CheckedBand band)
    {
        var low = band.Min is { } min ? $"{min.ToString("R", CultureInfo.InvariantCulture)} {(band.MinInclusive ? "<=" : "<")} " : string.Empty;
        var high = band.Max is { } max ? $" {(band.MaxInclusive ? "<=" : "<")} {max.ToString("R", CultureInfo.InvariantCulture)}" : string.Empty;
        return low + "value" + high;
    }

    private void Rule(RuleNode node)
    {
        Expression fired = node.Enabled ? _compiler.CompileCondition(node.When!) : Expression.Constant(false);
        var local = Assign(node.Fired, fired);
        if (_trace && node.Enabled)
        {
            _body.Add(Expression.IfThen(local, TraceEntry("rule", "rules", node.Id, node.Description, MissingValue, node.Operands)));
        }
    }

    private void Output(OutputNode node)
    {
        var branches = node.Setters.Select(s => (Condition: Resolve(s.Rule.Fired), Value: _compiler.Compile(s.Value), Source: "rule " + s.Rule.Id)).ToList();
        var fallback = node.Value is null ? null : _compiler.Compile(node.Value);
        var all = branches.Select(b => b.Value).Append(fallback).OfType<Expression>().ToList();
        var type = all.Count == 0 ? ExpressionCompiler.NullableClr(node.Type)
            : all.TrueForAll(e => e.Type == all[0].Type) ? all[0].Type
            : ExpressionCompiler.Lift(all.First(e => e is not ConstantExpression { Value: null })).Type;
        if (all.Count > 0 && !all.TrueForAll(e => e.Type == type || e is ConstantExpression { Value: null } || Nullable.GetUnderlyingType(type) == e.Type))
        {
            type = typeof(object);
        }

        if (node.Setters.Count > 0 || fallback is null)
        {
            type = ExpressionCompiler.CanBeNull(type) ? type : typeof(Nullable<>).MakeGenericType(type);
        }

        var local = Declare(node.Symbol!, type);

        Expression assign = fallback is null
            ? Expression.Assign(local, Expression.Constant(null, type))
            : Expression.Assign(local, ExpressionCompiler.Coerce(fallback, type));
        if (_trace)
        {
            assign = Expression.Block(assign, TraceEntry("output", node.Name, null, fallback is null ? "no value" : "value", ToRuleValue(local), []));
        }

        var sets = branches.Select(branch =>
        {
            Expression set = Expression.Assign(local, ExpressionCompiler.Coerce(branch.Value, type));
            return _trace ? Expression.Block(set, TraceEntry("output", node.Name, null, "set by " + branch.Source, ToRuleValue(local), [])) : set;
        }).ToList();
        if (branches.Count > ManySetters)
        {
            // The same choice as the chain below, written flat: a chain of thousands of else-ifs would be one
            // statement too large for a method (see Split).
            var done = Expression.Variable(typeof(bool), node.Name + ".set");
            _variables.Add(done);
            _body.Add(Expression.Assign(done, Expression.Constant(false)));
            for (var i = 0; i < branches.Count; i++)
            {
                _body.Add(Expression.IfThen(Expression.AndAlso(Expression.Not(done), branches[i].Condition),
                    Expression.Block(sets[i], Expression.Assign(done, Expression.Constant(true)))));
            }

            _body.Add(Expression.IfThen(Expression.Not(done), assign));
            return;
        }

        for (var i = branches.Count - 1; i >= 0; i--)
        {
            assign = Expression.IfThenElse(branches[i].Condition, sets[i], assign);
        }

        _body.Add(assign);
    }

    /// <summary>Most rows of a table whose outputs one compiled switch assigns.</summary>
    private const int CasesPerMethod = 256;

    /// <summary>Beyond this many rules setting one output, the output is chosen by flat statements rather than an else-if chain.</summary>
    private const int ManySetters = 64;

    // ---- Decision tables ----------------------------------------------------------------------------

    private void Table(TableNode node)
    {
        var columns = new List<ParameterExpression>();
        for (var i = 0; i < node.Inputs.Count; i++)
        {
            columns.Add(Assign(node.Columns[i], _compiler.Compile(node.Inputs[i])));
        }

        var operands = node.ColumnLabels.Select((label, i) => new Operand(label, new BoundValueReference(node.Columns[i], default))).ToList();
        var rowIds = Expression.Constant(node.Rows.Select(r => r.Id).ToArray());
        var rows = node.HitPolicy == HitPolicy.Priority
            ? node.Rows.Select((r, i) => (Row: r, Index: i)).OrderBy(p => p.Row.Rank).ThenBy(p => p.Index).Select(p => p.Row).ToList()
            : node.Rows;

        if (node.HitPolicy == HitPolicy.Collect)
        {
            Collect(node, rows, rows.Select(RowCondition).ToList(), operands);
            return;
        }

        // A table of literal tests finds its rows through an index; others test row by row.
        var firstMatch = node.HitPolicy is HitPolicy.First or HitPolicy.Priority || (node.HitPolicy == HitPolicy.Unique && node.RowsProvenDisjoint);
        var index = firstMatch ? Index(rows, columns) : null;
        var conditions = index is null ? rows.Select(RowCondition).ToList() : null;

        var outputs = node.Outputs.Select(o => (Output: o, Type: OutputType(rows.Select(r => r.Outputs[node.Outputs.IndexOf(o)]).Append(o.Default)))).ToList();
        var locals = outputs.Select(o => Declare(o.Output.Symbol, o.Type)).ToList();

        var first = Expression.Variable(typeof(int), node.Name + ".first");
        var second = Expression.Variable(typeof(int), node.Name + ".second");
        _variables.Add(first);
        _variables.Add(second);
        _body.Add(Expression.Assign(first, Expression.Constant(-1)));
        _body.Add(Expression.Assign(second, Expression.Constant(-1)));

        var matched = new List<ParameterExpression>();
        if (index is { } indexed)
        {
            var key = Expression.Variable(typeof(int), node.Name + ".key");
            _variables.Add(key);
            var holder = Expression.Constant(indexed.Index);
            _body.Add(Expression.Assign(key, ExpressionCompiler.Grouped(indexed.Keys, Expression.Add) ?? Expression.Constant(0)));
            _body.Add(Expression.Assign(first, Expression.Call(holder, nameof(TableIndex.FirstRow), null, key)));
        }

        for (var i = 0; index is null && i < rows.Count; i++)
        {
            var rowIndex = Expression.Constant(i);
            if (firstMatch)
            {
                _body.Add(Expression.IfThen(Expression.AndAlso(Expression.LessThan(first, Expression.Constant(0)), conditions![i]), Expression.Assign(first, rowIndex)));
                continue;
            }

            var m = Expression.Variable(typeof(bool), $"{node.Name}.m{i}");
            _variables.Add(m);
            matched.Add(m);
            _body.Add(Expression.Assign(m, conditions![i]));
            _body.Add(Expression.IfThen(m,
                Expression.IfThenElse(Expression.LessThan(first, Expression.Constant(0)),
                    Expression.Assign(first, rowIndex),
                    Expression.IfThen(Expression.LessThan(second, Expression.Constant(0)), Expression.Assign(second, rowIndex)))));
        }

        // An output whose default and every row's value are constants is read from an array by the matched row;
        // the others are assigned by a switch on the row. A long table's switch is cut into ranges compiled apart,
        // which costs a closure per range on every evaluation.
        var rowValues = locals.Select((local, o) => rows.Select(row => ExpressionCompiler.Coerce(_compiler.Compile(row.Outputs[o]), local.Type))
            .Prepend(ExpressionCompiler.Coerce(outputs[o].Output.Default is { } d ? _compiler.Compile(d) : Expression.Constant(null, local.Type), local.Type))
            .ToList()).ToList();
        var switched = new List<int>();
        for (var o = 0; o < locals.Count; o++)
        {
            if (OutputColumn.TryBuild(rowValues[o], locals[o].Type) is { } column)
            {
                _body.Add(Expression.Assign(locals[o], Expression.ArrayIndex(Expression.Constant(column), Expression.Increment(first))));
            }
            else
            {
                switched.Add(o);
            }
        }

        var cases = switched.Count == 0 ? [] : rows.Select((row, i) => Expression.SwitchCase(
            Expression.Block(typeof(void), switched.Select(o => (Expression)Expression.Assign(locals[o], rowValues[o][i + 1]))),
            Expression.Constant(i))).ToArray();
        var defaults = Expression.Block(typeof(void), switched.Select(o => (Expression)Expression.Assign(locals[o], rowValues[o][0])));
        if (cases.Length <= CasesPerMethod)
        {
            if (switched.Count > 0)
            {
                _body.Add(cases.Length == 0 ? defaults : Expression.Switch(typeof(void), first, defaults, null, cases));
            }
        }
        else
        {
            // Thousands of rows: the same switch, cut into ranges of rows each compiled to a method of its own (see Split).
            _body.Add(Expression.IfThen(Expression.LessThan(first, Expression.Constant(0)), defaults));
            for (var start = 0; start < cases.Length; start += CasesPerMethod)
            {
                var range = cases.Skip(start).Take(CasesPerMethod).ToArray();
                _body.Add(Expression.IfThen(
                    Expression.AndAlso(Expression.GreaterThanOrEqual(first, Expression.Constant(start)), Expression.LessThan(first, Expression.Constant(start + range.Length))),
                    ExpressionCompiler.Outline(Expression.Switch(typeof(void), first, null, null, range))));
            }
        }

        var orderedIds = Expression.Constant(rows.Select(r => r.Id).ToArray());
        if (node.HitPolicy is HitPolicy.Any || (node.HitPolicy == HitPolicy.Unique && !node.RowsProvenDisjoint))
        {
            Expression violation = Expression.GreaterThanOrEqual(second, Expression.Constant(0));
            if (node.HitPolicy == HitPolicy.Any)
            {
                // ANY allows several matches only when they agree on every output.
                var differs = Expression.Variable(typeof(bool), node.Name + ".differs");
                _variables.Add(differs);
                _body.Add(Expression.Assign(differs, Expression.Constant(false)));
                for (var i = 0; i < rows.Count; i++)
                {
                    var same = ExpressionCompiler.Grouped(
                        locals.Select((local, o) => ExpressionCompiler.EqualValues(local, rowValues[o][i + 1])).ToList(),
                        Expression.AndAlso) ?? Expression.Constant(true);

                    _body.Add(Expression.IfThen(Expression.AndAlso(matched[i], Expression.Not(same)),
                        Expression.Block(Expression.Assign(differs, Expression.Constant(true)), Expression.Assign(second, Expression.Constant(i)))));
                }

                violation = differs;
            }

            var clear = locals.Select(l => (Expression)Expression.Assign(l, Expression.Constant(null, l.Type))).ToList();
            clear.Add(Expression.Call(typeof(RuntimeHelpers), nameof(RuntimeHelpers.HitPolicyViolation), null, _decision,
                Expression.Constant(node.Name), Expression.Constant(node.HitPolicy.ToString().ToUpperInvariant()), orderedIds, first, second));
            _body.Add(Expression.IfThen(violation, Expression.Block(clear)));
        }

        if (_trace)
        {
            var entry = TraceRow(node.Name, Expression.ArrayIndex(orderedIds, first), operands);
            _body.Add(Expression.IfThen(Expression.GreaterThanOrEqual(first, Expression.Constant(0)), entry));
        }
    }

    private Expression TraceRow(string table, Expression rowId, IReadOnlyList<Operand> operands)
    {
        var calls = new List<Expression>
        {
            Expression.Call(_tracer, EntryMethod, Expression.Constant("table-row"), Expression.Constant(table), rowId,
                Expression.Constant(null, typeof(string)), MissingValue, Expression.Constant(operands.Count)),
        };
        calls.AddRange(operands.Select(o => (Expression)Expression.Call(_tracer, OperandMethod, Expression.Constant(o.Name), ToRuleValue(_compiler.Compile(o.Expression)))));

        // One operand per column: a table with thousands of columns traces them in groups (see Split).
        return Expression.Block(Split(calls));
    }

    /// <summary>The index of a table of literal tests, with the expressions computing its key from the column locals; null when the table has another kind of cell.</summary>
    private static (TableIndex Index, List<Expression> Keys)? Index(IReadOnlyList<CheckedTableRow> rows, List<ParameterExpression> columns)
    {
        var types = columns.Select(c => c.Type == typeof(string) ? DataType.String
            : c.Type == typeof(bool) || c.Type == typeof(bool?) ? DataType.Bool
            : c.Type == typeof(double) || c.Type == typeof(double?) ? DataType.Number
            : null).ToList();
        if (types.Contains(null))
        {
            return null;
        }

        if (TableIndex.TryBuild(rows, types!) is not { } index)
        {
            return null;
        }

        var keys = new List<Expression>();
        for (var c = 0; c < columns.Count; c++)
        {
            Expression part = index.Columns[c] switch
            {
                TextKeys text => Expression.Call(Expression.Constant(text), nameof(TextKeys.Of), null, columns[c]),
                BoolKeys flags => Expression.Call(Expression.Constant(flags), nameof(BoolKeys.Of), null, ExpressionCompiler.Coerce(columns[c], typeof(bool?))),
                NumberKeys numbers => Expression.Call(Expression.Constant(numbers), nameof(NumberKeys.Of), null, ExpressionCompiler.Coerce(columns[c], typeof(double?))),
                _ => throw new InvalidOperationException("unknown column keys"),
            };
            if (index.Columns[c].Count > 0)
            {
                keys.Add(index.Strides[c] == 1 ? part : Expression.Multiply(part, Expression.Constant(index.Strides[c])));
            }
        }

        return (index, keys);
    }

    private Type OutputType(IEnumerable<BoundExpression?> values)
    {
        var compiled = values.OfType<BoundExpression>().Select(_compiler.Compile).ToList();
        var real = compiled.Where(e => e is not ConstantExpression { Value: null }).ToList();
        if (real.Count == 0)
        {
            return compiled.Count > 0 ? compiled[0].Type : typeof(object);
        }

        var type = ExpressionCompiler.Lift(real[0]).Type;
        return real.TrueForAll(e => ExpressionCompiler.Lift(e).Type == type) ? type : typeof(object);
    }

    private Expression RowCondition(CheckedTableRow row) =>
        ExpressionCompiler.Grouped(row.Cells.Where(c => c.Condition is not null).Select(c => _compiler.CompileCondition(c.Condition!)).ToList(), Expression.AndAlso)
        ?? Expression.Constant(true);

    private void Collect(TableNode node, IReadOnlyList<CheckedTableRow> rows, List<Expression> conditions, IReadOnlyList<Operand> operands)
    {
        for (var o = 0; o < node.Outputs.Count; o++)
        {
            var output = node.Outputs[o];
            var values = rows.Select(r => _compiler.Compile(r.Outputs[o])).ToList();
            ParameterExpression local;
            if (node.Aggregation == Aggregation.None)
            {
                var elementType = OutputType(rows.Select(r => r.Outputs[o]));
                var builderType = typeof(List<>).MakeGenericType(elementType);
                var builder = Expression.Variable(builderType, output.Name + ".items");
                local = Expression.Variable(elementType.MakeArrayType(), output.Name);
                _variables.Add(builder);
                _body.Add(Expression.Assign(builder, Expression.Constant(null, builderType)));
                for (var i = 0; i < rows.Count; i++)
                {
                    _body.Add(Expression.IfThen(conditions[i], Expression.Block(
                        Expression.IfThen(Expression.Equal(builder, Expression.Constant(null, builderType)), Expression.Assign(builder, Expression.New(builderType))),
                        Expression.Call(builder, builderType.GetMethod("Add")!, ExpressionCompiler.Coerce(values[i], elementType)))));
                }

                _variables.Add(local);
                _body.Add(Expression.Assign(local, Expression.Condition(Expression.Equal(builder, Expression.Constant(null, builderType)),
                    Expression.NewArrayBounds(elementType, Expression.Constant(0)),
                    Expression.Call(builder, builderType.GetMethod("ToArray")!))));
            }
            else
            {
                local = Expression.Variable(typeof(double?), output.Name);
                _variables.Add(local);
                _body.Add(Expression.Assign(local, node.Aggregation is Aggregation.Sum or Aggregation.Count
                    ? Expression.Constant(0d, typeof(double?))
                    : Expression.Constant(null, typeof(double?))));
                for (var i = 0; i < rows.Count; i++)
                {
                    var value = node.Aggregation == Aggregation.Count ? Expression.Constant(1d, typeof(double?)) : ExpressionCompiler.Coerce(values[i], typeof(double?));
                    var v = Expression.Variable(typeof(double?), "v");
                    Expression update = node.Aggregation switch
                    {
                        Aggregation.Min => Expression.IfThen(Expression.AndAlso(Expression.Property(v, "HasValue"),
                                Expression.OrElse(Expression.Not(Expression.Property(local, "HasValue")), Expression.LessThan(v, local, false, null))),
                            Expression.Assign(local, v)),
                        Aggregation.Max => Expression.IfThen(Expression.AndAlso(Expression.Property(v, "HasValue"),
                                Expression.OrElse(Expression.Not(Expression.Property(local, "HasValue")), Expression.GreaterThan(v, local, false, null))),
                            Expression.Assign(local, v)),
                        _ => Expression.IfThen(Expression.Property(v, "HasValue"), Expression.Assign(local, Expression.Add(local, v))),
                    };
                    _body.Add(Expression.IfThen(conditions[i], Expression.Block([v], Expression.Assign(v, value), update)));
                }
            }

            _locals[output.Symbol] = local;
        }

        if (_trace)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                _body.Add(Expression.IfThen(conditions[i], TraceRow(node.Name, Expression.Constant(rows[i].Id), operands)));
            }
        }
    }
}
