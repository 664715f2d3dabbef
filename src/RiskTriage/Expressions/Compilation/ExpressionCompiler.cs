using System.Linq.Expressions;
using System.Reflection;
using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Expressions.Compilation;

/// <summary>
/// Lowers a bound tree to System.Linq.Expressions. Values keep their natural CLR types (a non-nullable
/// <c>double</c> property stays a <c>double</c>, so numeric paths do not box or lift); nullable forms are
/// used only where a value can be missing. List methods become inline loops, so no delegate or closure
/// is allocated per evaluation.
/// </summary>
internal sealed class ExpressionCompiler
{
    private static readonly MethodInfo StringEquals = typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo SameTextMethod = typeof(RuntimeFunctions).GetMethod(nameof(RuntimeFunctions.SameText))!;
    private static readonly MethodInfo ConcatSiteMethod = typeof(ConcatSite).GetMethod(nameof(ConcatSite.Concat))!;
    private static readonly MethodInfo FormatNumberMethod = typeof(RuntimeFunctions).GetMethod(nameof(RuntimeFunctions.FormatNumber))!;
    private static readonly MethodInfo DivideMethod = typeof(RuntimeFunctions).GetMethod(nameof(RuntimeFunctions.Divide))!;
    private static readonly MethodInfo ModuloMethod = typeof(RuntimeFunctions).GetMethod(nameof(RuntimeFunctions.Modulo))!;
    private static readonly MethodInfo AndMethod = typeof(RuntimeFunctions).GetMethod(nameof(RuntimeFunctions.And))!;
    private static readonly MethodInfo OrMethod = typeof(RuntimeFunctions).GetMethod(nameof(RuntimeFunctions.Or))!;
    private static readonly MethodInfo MaskOfMethod = typeof(TextSet).GetMethod(nameof(TextSet.MaskOf))!;
    private static readonly MethodInfo PositionsInMethod = typeof(TextSet).GetMethod(nameof(TextSet.PositionsIn))!;

    /// <summary>Up to this many texts, a test against a constant list is a chain of compares; beyond it, one <see cref="TextSet"/> lookup.</summary>
    private const int UnrolledTexts = 8;

    private readonly DataBinding _binding;
    private readonly Expression _root;
    private readonly Func<ValueSymbol, Expression>? _values;
    private readonly Dictionary<LambdaParameterSymbol, Expression> _parameters = [];

    private readonly InputReads? _reads;

    // Nesting compiled without a stack check: every usual tree.
    private const int UncheckedDepth = 32;

    private int _depth;

    /// <summary>The rule-set element being compiled ("value 'x'"), named by the errors the compiled code can give.</summary>
    public string? Element { get; set; }

    public ExpressionCompiler(DataBinding binding, Expression root, Func<ValueSymbol, Expression>? values = null, InputReads? reads = null)
    {
        _binding = binding;
        _root = root;
        _values = values;
        _reads = reads;
    }

    /// <summary>Compiles a standalone expression to a delegate returning a plain value (for tests and tools).</summary>
    public static Func<TRoot, object?> CompileToObject<TRoot>(BoundExpression bound, DataBinding binding)
    {
        var root = Expression.Parameter(typeof(TRoot), "case");
        var body = new ExpressionCompiler(binding, root).Compile(bound);
        return Expression.Lambda<Func<TRoot, object?>>(Expression.Convert(body, typeof(object)), root).Compile();
    }

    /// <summary>Compiles a condition to a delegate; a missing result counts as false.</summary>
    public static Func<TRoot, bool> CompileCondition<TRoot>(BoundExpression bound, DataBinding binding)
    {
        var root = Expression.Parameter(typeof(TRoot), "case");
        var body = new ExpressionCompiler(binding, root).CompileCondition(bound);
        return Expression.Lambda<Func<TRoot, bool>>(body, root).Compile();
    }

    /// <summary>Compiles a condition to a plain bool: missing is false.</summary>
    public Expression CompileCondition(BoundExpression node) => AsCondition(Compile(node));

    public Expression Compile(BoundExpression node)
    {
        // A traced rule set is compiled on the thread that first asks for a trace, whatever its stack; only a deep
        // tree checks the stack left (the check wants a margin a small thread's whole stack may not have).
        if (++_depth > UncheckedDepth)
        {
            StackGuard.Checked(node);
        }

        try
        {
            return CompileNode(node);
        }
        finally
        {
            _depth--;
        }
    }

    private Expression CompileNode(BoundExpression node) => node.Accept(_nodes ??= new NodeCompiler(this));

    private NodeCompiler? _nodes;

    /// <summary>Sends each kind of node to the method compiling it; <see cref="Compile(BoundExpression)"/> guards the stack, so nodes are dispatched with Accept.</summary>
    private sealed class NodeCompiler(ExpressionCompiler compiler) : BoundTreeVisitor<Expression>
    {
        public override Expression VisitLiteral(BoundLiteral node) => CompileLiteral(node);

        public override Expression VisitInput(BoundInput node) => compiler.CompileInput(node);

        public override Expression VisitValueReference(BoundValueReference node) => compiler._values?.Invoke(node.Symbol)
            ?? throw new InvalidOperationException($"no storage for value '{node.Symbol.Name}'");

        public override Expression VisitLambdaParameter(BoundLambdaParameter node) => compiler._parameters[node.Symbol];

        public override Expression VisitMember(BoundMember node) => compiler.CompileMember(node);

        public override Expression VisitIndex(BoundIndex node) => compiler.CompileIndex(node);

        public override Expression VisitUnary(BoundUnary node) => compiler.CompileUnary(node);

        public override Expression VisitBinary(BoundBinary node) => compiler.CompileBinary(node);

        public override Expression VisitIn(BoundIn node) => compiler.CompileIn(node);

        public override Expression VisitConditional(BoundConditional node) => compiler.CompileConditional(node);

        public override Expression VisitList(BoundList node) => compiler.CompileList(node);

        public override Expression VisitCall(BoundCall node) => compiler.CompileCall(node);

        public override Expression VisitListMethod(BoundListMethod node) => compiler.CompileListMethod(node);

        public override Expression VisitError(BoundError node) =>
            throw new InvalidOperationException("cannot compile BoundError: the binder reported errors");
    }

    private Expression CompileInput(BoundInput input) => _reads is null
        ? WithDefault(_binding.Member(_root, input.Symbol.Property), input.Symbol.Property)
        : _reads.Get(null, input.Symbol.Property.Name, () => WithDefault(_binding.Member(_root, input.Symbol.Property), input.Symbol.Property));

    /// <summary>A declared default stands in for a missing value (only where the rule set declares one).</summary>
    private static Expression WithDefault(Expression read, PropertyDef property)
    {
        if (property.Default is not { } value || !CanBeNull(read.Type))
        {
            return read;
        }

        var constant = Expression.Constant(value is string s ? string.Intern(s) : value);
        return Nullable.GetUnderlyingType(read.Type) == constant.Type || read.Type == constant.Type
            ? Expression.Coalesce(read, constant)
            : read;
    }

    private static bool IsNullLiteral(BoundExpression node) => node is BoundLiteral { Value: null };

    private static Expression CompileLiteral(BoundLiteral literal) => literal.Value switch
    {
        null => Expression.Constant(null, NullableClr(literal.Type)),
        string s => Expression.Constant(string.Intern(s)),
        var v => Expression.Constant(v),
    };

    /// <summary>The nullable CLR type of a scalar type (null literal: double?).</summary>
    public static Type NullableClr(DataType type) => type.Kind switch
    {
        TypeKind.Bool => typeof(bool?),
        TypeKind.String => typeof(string),
        TypeKind.Date => typeof(DateOnly?),
        TypeKind.Object => typeof(object),
        TypeKind.List => typeof(object),
        _ => typeof(double?),
    };

    public static bool CanBeNull(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;

    public static Expression Lift(Expression e) =>
        e.Type.IsValueType && Nullable.GetUnderlyingType(e.Type) is null
            ? Expression.Convert(e, typeof(Nullable<>).MakeGenericType(e.Type))
            : e;

    /// <summary>Converts a compiled value to <paramref name="type"/> (lifting or re-typing a null constant).</summary>
    internal static Expression Coerce(Expression e, Type type)
    {
        if (e.Type == type)
        {
            return e;
        }

        if (e is ConstantExpression { Value: null })
        {
            return Expression.Constant(null, type);
        }

        return Expression.Convert(e, type);
    }

    /// <summary>Most tests combined in one compiled method by <see cref="Grouped"/>.</summary>
    private const int TestsPerMethod = 64;

    /// <summary>
    /// Combines conditions with <c>&amp;&amp;</c> or <c>||</c>, left to right. Beyond <see cref="TestsPerMethod"/> tests
    /// (a long list parameter after <c>in</c>, a table with hundreds of columns, a long enumeration), the tests are
    /// grouped, each group compiled to a method of its own and the groups combined the same way: evaluated in the
    /// same order with the same result, but neither a chain the expression compiler would recurse into once per test
    /// (and overflow its stack at load) nor one method whose stack frame would overflow the stack of the thread
    /// evaluating a case.
    /// </summary>
    internal static Expression? Grouped(IReadOnlyList<Expression> tests, Func<Expression, Expression, Expression> combine) =>
        tests.Count == 0 ? null
        : tests.Count <= TestsPerMethod ? tests.Aggregate(combine)
        : Grouped(tests.Chunk(TestsPerMethod).Select(group => Outline(group.Aggregate(combine))).ToList(), combine);

    /// <summary>
    /// Compiles <paramref name="expression"/> to a method of its own, called where it stood (variables it shares
    /// with the enclosing code go through a closure). Calling the delegate, rather than <see cref="Expression.Invoke(Expression, Expression[])"/>,
    /// which the expression compiler inlines, is what keeps it apart.
    /// </summary>
    internal static Expression Outline(Expression expression)
    {
        var delegateType = expression.Type == typeof(void) ? typeof(Action) : typeof(Func<>).MakeGenericType(expression.Type);
        return Expression.Call(Expression.Lambda(delegateType, expression), delegateType.GetMethod("Invoke")!);
    }

    internal static Expression AsCondition(Expression e) =>
        e.Type == typeof(bool) ? e : Expression.Equal(Coerce(e, typeof(bool?)), Expression.Constant(true, typeof(bool?)));

    /// <summary>Evaluates <paramref name="value"/> once into a variable (unless it already is one) for use in <paramref name="body"/>.</summary>
    private static Expression Let(Expression value, Func<Expression, Expression> body)
    {
        if (value is ParameterExpression or ConstantExpression)
        {
            return body(value);
        }

        var temp = Expression.Variable(value.Type);
        return Expression.Block([temp], Expression.Assign(temp, value), body(temp));
    }

    private Expression CompileMember(BoundMember member)
    {
        var target = Compile(member.Target);
        if (_reads is not null && _reads.IsRead(target))
        {
            // A field of a field of the case: read once, with the null check, at the start of the method.
            return _reads.Get(target, member.Property.Name, () => ReadMember(target, member));
        }

        return Let(target, t => ReadMember(t, member));
    }

    private Expression ReadMember(Expression t, BoundMember member)
    {
        var read = WithDefault(_binding.Member(t, member.Property), member.Property);
        var lifted = Lift(read);
        return Expression.Condition(Expression.Equal(t, Expression.Constant(null, t.Type)), Expression.Constant(null, lifted.Type), Coerce(read, lifted.Type));
    }

    private Expression CompileIndex(BoundIndex index)
    {
        var list = Compile(index.Target);
        var position = Lift(Compile(index.Index));
        var access = ListAccess.For(list.Type);
        var element = Lift(_binding.Element(access.Item(list, Expression.Constant(0)), index.Type));
        var resultType = element.Type;

        var l = Expression.Variable(list.Type, "list");
        var p = Expression.Variable(typeof(double?), "position");
        var i = Expression.Variable(typeof(int), "i");
        var valid = Expression.AndAlso(
            Expression.NotEqual(l, Expression.Constant(null, l.Type)),
            Expression.AndAlso(
                Expression.Property(p, "HasValue"),
                Expression.AndAlso(
                    Expression.GreaterThanOrEqual(Expression.Property(p, "Value"), Expression.Constant(0d)),
                    Expression.AndAlso(
                        Expression.LessThan(Expression.Property(p, "Value"), Expression.Convert(access.Count(l), typeof(double))),
                        Expression.Equal(Expression.Property(p, "Value"), Expression.Call(typeof(Math).GetMethod(nameof(Math.Floor), [typeof(double)])!, Expression.Property(p, "Value")))))));
        return Expression.Block(resultType, [l, p, i],
            Expression.Assign(l, list),
            Expression.Assign(p, Coerce(position, typeof(double?))),
            Expression.Condition(valid,
                Expression.Block(
                    Expression.Assign(i, Expression.Convert(Expression.Property(p, "Value"), typeof(int))),
                    Coerce(_binding.Element(access.Item(l, i), index.Type), resultType)),
                Expression.Constant(null, resultType)));
    }

    private Expression CompileUnary(BoundUnary unary)
    {
        var operand = Compile(unary.Operand);
        return unary.Operator switch
        {
            BoundUnaryOperator.Negate => Expression.Negate(Coerce(operand, operand.Type == typeof(object) ? typeof(double?) : operand.Type)),
            _ => Expression.Not(Coerce(operand, operand.Type == typeof(object) ? typeof(bool?) : operand.Type)),
        };
    }

    private Expression CompileBinary(BoundBinary binary)
    {
        switch (binary.Operator)
        {
            case BoundBinaryOperator.And:
            case BoundBinaryOperator.Or:
                return CompileLogical(binary);
            case BoundBinaryOperator.Coalesce:
                return CompileCoalesce(binary);
            case BoundBinaryOperator.Equal:
            case BoundBinaryOperator.NotEqual:
                var equal = CompileEquality(binary.Left, binary.Right);
                return binary.Operator == BoundBinaryOperator.Equal ? equal : Expression.Not(equal);
        }

        var left = Compile(binary.Left);
        var right = Compile(binary.Right);
        switch (binary.Operator)
        {
            case BoundBinaryOperator.Concat:
                return Expression.Call(Expression.Constant(new ConcatSite(Element)), ConcatSiteMethod, AsText(left, binary.Left.Type), AsText(right, binary.Right.Type));
            case BoundBinaryOperator.Divide:
                return Expression.Call(DivideMethod, Coerce(left, typeof(double?)), Coerce(right, typeof(double?)));
            case BoundBinaryOperator.Modulo:
                return Expression.Call(ModuloMethod, Coerce(left, typeof(double?)), Coerce(right, typeof(double?)));
        }

        if (IsNullLiteral(binary.Left) || IsNullLiteral(binary.Right))
        {
            // Arithmetic with a missing value is missing; a comparison with it is false.
            return binary.Type.Kind == TypeKind.Bool ? Expression.Constant(false) : Expression.Constant(null, typeof(double?));
        }

        if (left.Type != right.Type || CanBeNull(left.Type))
        {
            left = Lift(left);
            right = Lift(right);
        }

        return binary.Operator switch
        {
            BoundBinaryOperator.Add => Expression.Add(left, right),
            BoundBinaryOperator.Subtract => Expression.Subtract(left, right),
            BoundBinaryOperator.Multiply => Expression.Multiply(left, right),
            BoundBinaryOperator.Less => Expression.LessThan(left, right, false, null),
            BoundBinaryOperator.LessOrEqual => Expression.LessThanOrEqual(left, right, false, null),
            BoundBinaryOperator.Greater => Expression.GreaterThan(left, right, false, null),
            BoundBinaryOperator.GreaterOrEqual => Expression.GreaterThanOrEqual(left, right, false, null),
            _ => throw new InvalidOperationException(binary.Operator.ToString()),
        };
    }

    private static Expression AsText(Expression e, DataType type) =>
        type.Kind == TypeKind.String ? e : Expression.Call(FormatNumberMethod, Coerce(e, typeof(double?)));

    private Expression CompileLogical(BoundBinary binary)
    {
        var isAnd = binary.Operator == BoundBinaryOperator.And;
        var left = IsNullLiteral(binary.Left) ? Expression.Constant(null, typeof(bool?)) : Compile(binary.Left);
        var right = IsNullLiteral(binary.Right) ? Expression.Constant(null, typeof(bool?)) : Compile(binary.Right);

        if (left.Type == typeof(bool) && right.Type == typeof(bool))
        {
            return isAnd ? Expression.AndAlso(left, right) : Expression.OrElse(left, right);
        }

        // Three-valued logic, still short-circuiting on a decisive left side.
        return Let(Lift(left), l => Expression.Condition(
            Expression.Equal(l, Expression.Constant(!isAnd, typeof(bool?))),
            Expression.Constant(!isAnd, typeof(bool?)),
            Expression.Call(isAnd ? AndMethod : OrMethod, l, Lift(right))));
    }

    private Expression CompileCoalesce(BoundBinary binary)
    {
        var left = Compile(binary.Left);
        if (!CanBeNull(left.Type))
        {
            return left;
        }

        if (IsNullLiteral(binary.Right))
        {
            return left;
        }

        var right = Compile(binary.Right);
        if (IsNullLiteral(binary.Left))
        {
            return right;
        }

        if (left.Type == right.Type || Nullable.GetUnderlyingType(left.Type) == right.Type)
        {
            return Expression.Coalesce(left, right);
        }

        return Expression.Coalesce(left, Lift(right));
    }

    /// <summary>Equality with the documented null semantics: missing equals missing, and nothing else.</summary>
    private Expression CompileEquality(BoundExpression leftNode, BoundExpression rightNode)
    {
        var leftNull = IsNullLiteral(leftNode);
        var rightNull = IsNullLiteral(rightNode);
        if (leftNull && rightNull)
        {
            return Expression.Constant(true);
        }

        if (leftNull || rightNull)
        {
            var other = Compile(leftNull ? rightNode : leftNode);
            return CanBeNull(other.Type)
                ? Expression.Equal(other, Expression.Constant(null, other.Type))
                : Expression.Constant(false);
        }

        return EqualValues(Compile(leftNode), Compile(rightNode));
    }

    internal static Expression EqualValues(Expression left, Expression right)
    {
        if (left.Type == typeof(string) || right.Type == typeof(string))
        {
            // Against a literal, string.Equals is unrolled by the JIT into a few compares; between two values
            // (an item and a parameter's item), SameText rules most pairs out before comparing characters.
            var literal = left is ConstantExpression { Value: string } || right is ConstantExpression { Value: string };
            return Expression.Call(literal ? StringEquals : SameTextMethod, Coerce(left, typeof(string)), Coerce(right, typeof(string)));
        }

        if (left.Type != right.Type || CanBeNull(left.Type))
        {
            left = Lift(left);
            right = Lift(right);
            if (left.Type != right.Type)
            {
                left = Coerce(left, right.Type == typeof(object) ? left.Type : right.Type);
                right = Coerce(right, left.Type);
            }
        }

        return Expression.Equal(left, right, false, null);
    }

    private Expression CompileIn(BoundIn node)
    {
        Expression result;

        // A missing value is in a list that holds a missing item (missing equals missing), as with Contains(null).
        var value = IsNullLiteral(node.Value) ? Expression.Constant(null, NullableClr(node.List.Type.Element!)) : Compile(node.Value);
        if (node.List is BoundList literal)
        {
            result = Let(value, v => Grouped(
                literal.Items.Select(item => IsNullLiteral(item)
                    ? (CanBeNull(v.Type) ? Expression.Equal(v, Expression.Constant(null, v.Type)) : Expression.Constant(false))
                    : EqualValues(v, Compile(item))).ToList(),
                Expression.OrElse) ?? Expression.Constant(false));
        }
        else
        {
            result = AsCondition(ContainsLoop(Compile(node.List), node.List.Type.Element!, value));
        }

        return node.Negated ? Expression.Not(result) : result;
    }

    private Expression CompileConditional(BoundConditional conditional)
    {
        var condition = AsCondition(IsNullLiteral(conditional.Condition) ? Expression.Constant(false) : Compile(conditional.Condition));
        var whenTrue = Compile(conditional.WhenTrue);
        var whenFalse = Compile(conditional.WhenFalse);
        if (whenTrue.Type != whenFalse.Type)
        {
            var type = IsNullLiteral(conditional.WhenTrue) ? Lift(whenFalse).Type
                : IsNullLiteral(conditional.WhenFalse) ? Lift(whenTrue).Type
                : Lift(whenTrue).Type;
            whenTrue = Coerce(whenTrue, type);
            whenFalse = Coerce(whenFalse, type);
        }

        return Expression.Condition(condition, whenTrue, whenFalse);
    }

    private Expression CompileList(BoundList list)
    {
        if (list.Items.All(i => i is BoundLiteral { Value: not null }) && list.Items.Count > 0)
        {
            // A written list is built once, at compile time, and shared by every evaluation.
            var constants = list.Items.Select(i => ((BoundLiteral)i).Value is string s ? string.Intern(s) : ((BoundLiteral)i).Value).ToArray();
            var type = constants[0]!.GetType();
            if (Array.TrueForAll(constants, c => c!.GetType() == type))
            {
                var array = Array.CreateInstance(type, constants.Length);
                Array.Copy(constants, array, constants.Length);
                return Expression.Constant(array);
            }
        }

        var items = list.Items.Select(Compile).ToList();
        var elementType = items.Count > 0 && items.TrueForAll(i => i.Type == items[0].Type) && items[0].Type != typeof(object)
            ? items[0].Type
            : NullableClr(list.Type.Element!);
        return Expression.NewArrayInit(elementType, items.Select(i => Coerce(i, elementType)));
    }

    private Expression CompileCall(BoundCall call)
    {
        var function = call.Function;
        var parameters = function.Method.GetParameters();
        if (function.Variadic)
        {
            var accumulator = Coerce(Compile(call.Arguments[0]), parameters[0].ParameterType);
            for (var i = 1; i < call.Arguments.Count; i++)
            {
                accumulator = Expression.Call(function.Method, accumulator, Coerce(Compile(call.Arguments[i]), parameters[1].ParameterType));
            }

            return accumulator;
        }

        var arguments = call.Arguments.Select((a, i) => Coerce(Compile(a), parameters[i].ParameterType));
        return Expression.Call(function.Method, arguments);
    }

    private Expression CompileListMethod(BoundListMethod node)
    {
        // Fuse xs.Where(p).Count(q) into one loop over xs with both tests.
        var filters = new List<(LambdaParameterSymbol Parameter, BoundExpression Predicate)>();
        var source = node.Source;
        // Contains and Distinct().Count() have no filtered loop: they read a Where source as a materialised list.
        while (node.Method is not (ListMethod.Contains or ListMethod.CountDistinct) && source is BoundListMethod { Method: ListMethod.Where } where)
        {
            filters.Insert(0, (where.Parameter!, where.Argument!));
            source = where.Source;
        }

        var list = Compile(source);
        var elementType = source.Type.Element!;
        if (filters.Count == 0 && CodesFound(node, list) is { } found)
        {
            return found;
        }

        return node.Method switch
        {
            ListMethod.Any => Aggregate(list, elementType, filters, node, typeof(bool?), Expression.Constant(false, typeof(bool?)),
                (item, acc, done) => node.Argument is null
                    ? Expression.Block(Expression.Assign(acc, Expression.Constant(true, typeof(bool?))), Expression.Break(done))
                    : Expression.IfThen(Body(node), Expression.Block(Expression.Assign(acc, Expression.Constant(true, typeof(bool?))), Expression.Break(done)))),
            ListMethod.All => Aggregate(list, elementType, filters, node, typeof(bool?), Expression.Constant(true, typeof(bool?)),
                (item, acc, done) => Expression.IfThen(Expression.Not(Body(node)),
                    Expression.Block(Expression.Assign(acc, Expression.Constant(false, typeof(bool?))), Expression.Break(done)))),
            ListMethod.Count => Aggregate(list, elementType, filters, node, typeof(double?), Expression.Constant(0d, typeof(double?)),
                (item, acc, _) => node.Argument is null
                    ? Increment(acc)
                    : Expression.IfThen(Body(node), Increment(acc))),
            ListMethod.Sum => Aggregate(list, elementType, filters, node, typeof(double?), Expression.Constant(0d, typeof(double?)),
                (item, acc, _) => Let(Lift(node.Argument is null ? item : Compile(node.Argument)), v =>
                    Expression.IfThen(Expression.Property(v, "HasValue"), Expression.Assign(acc, Expression.Add(acc, v))))),
            ListMethod.Min or ListMethod.Max => Aggregate(list, elementType, filters, node, typeof(double?), Expression.Constant(null, typeof(double?)),
                (item, acc, _) => Let(Lift(node.Argument is null ? item : Compile(node.Argument)), v =>
                    Expression.IfThen(
                        Expression.AndAlso(Expression.Property(v, "HasValue"),
                            Expression.OrElse(Expression.Not(Expression.Property(acc, "HasValue")),
                                node.Method == ListMethod.Min
                                    ? Expression.LessThan(v, acc, false, null)
                                    : Expression.GreaterThan(v, acc, false, null))),
                        Expression.Assign(acc, v)))),
            ListMethod.Contains => filters.Count == 0
                ? ContainsValue(list, elementType, IsNullLiteral(node.Argument!) ? Expression.Constant(null, NullableClr(elementType)) : Compile(node.Argument!))
                : throw new InvalidOperationException("Contains after Where"),
            ListMethod.CountDistinct => CountDistinct(list, elementType),
            ListMethod.Where => Materialise(list, elementType, filters, node),
            _ => throw new InvalidOperationException(node.Method.ToString()),
        };
    }

    /// <summary><c>list.Contains(sought)</c>: a constant list of texts without a loop, any other list by one.</summary>
    private Expression ContainsValue(Expression list, DataType elementType, Expression sought) =>
        InConstantTexts(list, sought) is { } test ? Expression.Convert(test, typeof(bool?)) : ContainsLoop(list, elementType, sought);

    /// <summary>
    /// A test of <paramref name="value"/> against a constant list of texts (a rule set's list of levels or codes, as
    /// in <c>levels.Contains(x)</c>): compares against each text in turn, or for a long list one <see cref="TextSet"/>
    /// lookup, instead of a loop over the list. Null when <paramref name="list"/> is not such a list. (<c>x in
    /// levels</c> does not come here: a list parameter after <c>in</c> is bound as its literals, compared in turn.)
    /// </summary>
    private static Expression? InConstantTexts(Expression list, Expression value)
    {
        if (list is not ConstantExpression { Value: string?[] texts } || value.Type != typeof(string) || texts.Any(t => t is null))
        {
            return null;
        }

        if (texts.Length > UnrolledTexts)
        {
            return TextSet.TryCreate(texts) is { } set
                ? Let(value, v => Expression.NotEqual(Expression.Call(Expression.Constant(set), MaskOfMethod, v), Expression.Constant(0UL)))
                : null;
        }

        return Let(value, v => Grouped(texts.Select(t => (Expression)Expression.Call(StringEquals, v, Expression.Constant(string.Intern(t!)))).ToList(), Expression.OrElse)
            ?? Expression.Constant(false));
    }

    /// <summary>
    /// <c>codes.Count(c => xs.Contains(c))</c> and <c>codes.Any(c => xs.Contains(c))</c> over a constant list of texts
    /// (how many of a rule set's codes a case's list holds): one pass over <c>xs</c> that sets a bit for each code
    /// found, instead of a search of <c>xs</c> for every code. Null when <paramref name="node"/> is not of that shape.
    /// </summary>
    private Expression? CodesFound(BoundListMethod node, Expression codes)
    {
        if (node is not { Method: ListMethod.Count or ListMethod.Any, Parameter: { } parameter, Argument: BoundListMethod { Method: ListMethod.Contains } contains }
            || contains.Argument is not BoundLambdaParameter sought
            || sought.Symbol != parameter
            || contains.Source.Type.Element is not { Kind: TypeKind.String } element
            || Mentions(contains.Source, parameter)
            || codes is not ConstantExpression { Value: string?[] texts }
            || TextSet.TryCreate(texts) is not { } set)
        {
            return null;
        }

        // A missing item of xs matches no code. When xs itself is missing, Contains gives missing (not true) for
        // every code, so nothing is counted: the mask stays 0, as the loop below does not run.
        var mask = Expression.Variable(typeof(ulong), "found");
        var loop = Loop(Compile(contains.Source), element, (item, _, _) =>
            Expression.OrAssign(mask, Expression.Call(Expression.Constant(set), MaskOfMethod, Coerce(item, typeof(string)))));
        Expression result = node.Method == ListMethod.Count
            ? Expression.Convert(Expression.Call(PositionsInMethod, mask), typeof(double?))
            : Expression.Convert(Expression.NotEqual(mask, Expression.Constant(0UL)), typeof(bool?));
        return Expression.Block(result.Type, [mask], Expression.Assign(mask, Expression.Constant(0UL)), loop, result);
    }

    /// <summary>Whether <paramref name="node"/> reads the lambda parameter <paramref name="parameter"/>.</summary>
    private static bool Mentions(BoundExpression? node, LambdaParameterSymbol parameter) =>
        node is not null && new MentionFinder(parameter).Visit(node);

    private sealed class MentionFinder(LambdaParameterSymbol parameter) : BoundTreeVisitor<bool>
    {
        public override bool VisitLiteral(BoundLiteral node) => false;

        public override bool VisitInput(BoundInput node) => false;

        public override bool VisitValueReference(BoundValueReference node) => false;

        public override bool VisitLambdaParameter(BoundLambdaParameter node) => node.Symbol == parameter;

        public override bool VisitMember(BoundMember node) => Visit(node.Target);

        public override bool VisitIndex(BoundIndex node) => Visit(node.Target) || Visit(node.Index);

        public override bool VisitUnary(BoundUnary node) => Visit(node.Operand);

        public override bool VisitBinary(BoundBinary node) => Visit(node.Left) || Visit(node.Right);

        public override bool VisitIn(BoundIn node) => Visit(node.Value) || Visit(node.List);

        public override bool VisitConditional(BoundConditional node) => Visit(node.Condition) || Visit(node.WhenTrue) || Visit(node.WhenFalse);

        public override bool VisitList(BoundList node) => node.Items.Any(Visit);

        public override bool VisitCall(BoundCall node) => node.Arguments.Any(Visit);

        public override bool VisitListMethod(BoundListMethod node) => Visit(node.Source) || (node.Argument is { } argument && Visit(argument));

        public override bool VisitError(BoundError node) => false;
    }

    private static Expression Increment(ParameterExpression acc) =>
        Expression.Assign(acc, Expression.Add(acc, Expression.Constant(1d, typeof(double?))));

    private Expression Body(BoundListMethod node) => CompileCondition(node.Argument!);

    /// <summary>
    /// Builds: result = null; if (list != null) { result = seed; for each item passing the filters: step }.
    /// The lambda parameter of the method and of every fused Where is bound to the current item.
    /// </summary>
    private Expression Aggregate(Expression list, DataType elementType, List<(LambdaParameterSymbol Parameter, BoundExpression Predicate)> filters,
        BoundListMethod node, Type resultType, Expression seed, Func<Expression, ParameterExpression, LabelTarget, Expression> step)
    {
        var result = Expression.Variable(resultType, "result");
        var loop = Loop(list, elementType, (item, done, next) =>
        {
            foreach (var (parameter, _) in filters)
            {
                _parameters[parameter] = item;
            }

            if (node.Parameter is not null)
            {
                _parameters[node.Parameter] = item;
            }

            var body = new List<Expression>();
            foreach (var (_, predicate) in filters)
            {
                body.Add(Expression.IfThen(Expression.Not(CompileCondition(predicate)), Expression.Continue(next)));
            }

            body.Add(step(item, result, done));
            return Expression.Block(body);
        }, Expression.Assign(result, seed));
        return Expression.Block(resultType, [result], Expression.Assign(result, Expression.Constant(null, resultType)), loop, result);
    }

    /// <summary>A loop over a list that runs <paramref name="onStart"/> first when the list is present.</summary>
    private Expression Loop(Expression list, DataType elementType, Func<Expression, LabelTarget, LabelTarget, Expression> body, Expression? onStart = null)
    {
        var l = Expression.Variable(list.Type, "list");
        var i = Expression.Variable(typeof(int), "i");
        var n = Expression.Variable(typeof(int), "n");
        var view = ListAccess.View(l);
        var raw = view.Item(i);
        var converted = _binding.Element(raw, elementType);
        var item = Expression.Variable(converted.Type, "item");
        var done = Expression.Label("done");
        var next = Expression.Label("next");
        var loopBody = Expression.Block(
            [item],
            Expression.IfThen(Expression.GreaterThanOrEqual(i, n), Expression.Break(done)),
            Expression.Assign(item, converted),
            body(item, done, next),
            Expression.Label(next),
            Expression.PostIncrementAssign(i));
        var start = new List<Expression>();
        if (onStart is not null)
        {
            start.Add(onStart);
        }

        start.AddRange(view.Setup);
        start.Add(Expression.Assign(n, view.Count));
        start.Add(Expression.Assign(i, Expression.Constant(0)));
        start.Add(Expression.Loop(loopBody, done));
        return Expression.Block(
            [l, i, n, .. view.Variables],
            Expression.Assign(l, list),
            Expression.IfThen(Expression.NotEqual(l, Expression.Constant(null, l.Type)), Expression.Block(start)));
    }

    private Expression ContainsLoop(Expression list, DataType elementType, Expression sought)
    {
        var result = Expression.Variable(typeof(bool?), "found");
        return Let(sought, s =>
        {
            // Every item of a list of nulls ([], [null]) is missing: only a missing value is found there.
            var loop = Loop(list, elementType, (item, done, _) =>
                Expression.IfThen(
                    elementType.Kind != TypeKind.Null ? EqualValues(item, s)
                    : CanBeNull(s.Type) ? Expression.Equal(s, Expression.Constant(null, s.Type))
                    : Expression.Constant(false),
                    Expression.Block(Expression.Assign(result, Expression.Constant(true, typeof(bool?))), Expression.Break(done))),
                Expression.Assign(result, Expression.Constant(false, typeof(bool?))));
            return Expression.Block(typeof(bool?), [result], Expression.Assign(result, Expression.Constant(null, typeof(bool?))), loop, result);
        });
    }

    /// <summary>Counts distinct present items by comparing each with the earlier ones: no set is allocated.</summary>
    private Expression CountDistinct(Expression list, DataType elementType)
    {
        var access = ListAccess.For(list.Type);
        var l = Expression.Variable(list.Type, "list");
        var i = Expression.Variable(typeof(int), "i");
        var j = Expression.Variable(typeof(int), "j");
        var n = Expression.Variable(typeof(int), "n");
        var count = Expression.Variable(typeof(double?), "count");
        var seen = Expression.Variable(typeof(bool), "seen");
        var itemI = Lift(_binding.Element(access.Item(l, i), elementType));
        var current = Expression.Variable(itemI.Type, "current");
        var outerDone = Expression.Label("outerDone");
        var innerDone = Expression.Label("innerDone");
        var inner = Expression.Loop(
            Expression.Block(
                Expression.IfThen(Expression.GreaterThanOrEqual(j, i), Expression.Break(innerDone)),
                Expression.IfThen(EqualValues(Coerce(_binding.Element(access.Item(l, j), elementType), current.Type), current),
                    Expression.Block(Expression.Assign(seen, Expression.Constant(true)), Expression.Break(innerDone))),
                Expression.PostIncrementAssign(j)),
            innerDone);
        var outer = Expression.Loop(
            Expression.Block(
                [current],
                Expression.IfThen(Expression.GreaterThanOrEqual(i, n), Expression.Break(outerDone)),
                Expression.Assign(current, Coerce(itemI, current.Type)),
                Expression.IfThen(Expression.NotEqual(current, Expression.Constant(null, current.Type)),
                    Expression.Block(
                        Expression.Assign(seen, Expression.Constant(false)),
                        Expression.Assign(j, Expression.Constant(0)),
                        inner,
                        Expression.IfThen(Expression.Not(seen), Increment(count)))),
                Expression.PostIncrementAssign(i)),
            outerDone);
        return Expression.Block(typeof(double?), [l, i, j, n, count, seen],
            Expression.Assign(l, list),
            Expression.Assign(count, Expression.Constant(null, typeof(double?))),
            Expression.IfThen(Expression.NotEqual(l, Expression.Constant(null, l.Type)),
                Expression.Block(
                    Expression.Assign(count, Expression.Constant(0d, typeof(double?))),
                    Expression.Assign(n, access.Count(l)),
                    Expression.Assign(i, Expression.Constant(0)),
                    outer)),
            count);
    }

    /// <summary>A standalone Where: copies the passing items into a new array (only when the list itself is the result).</summary>
    private Expression Materialise(Expression list, DataType elementType, List<(LambdaParameterSymbol Parameter, BoundExpression Predicate)> filters, BoundListMethod node)
    {
        filters.Add((node.Parameter!, node.Argument!));
        var probe = _binding.Element(ListAccess.For(list.Type).Item(Expression.Default(list.Type), Expression.Constant(0)), elementType);
        var builderType = typeof(List<>).MakeGenericType(probe.Type);
        var builder = Expression.Variable(builderType, "builder");
        var result = Expression.Variable(probe.Type.MakeArrayType(), "filtered");
        var loop = Loop(list, elementType, (item, _, next) =>
        {
            foreach (var (parameter, _) in filters)
            {
                _parameters[parameter] = item;
            }

            var body = filters.Select(f => (Expression)Expression.IfThen(Expression.Not(CompileCondition(f.Predicate)), Expression.Continue(next))).ToList();
            body.Add(Expression.Call(builder, builderType.GetMethod("Add")!, item));
            return Expression.Block(body);
        }, Expression.Assign(builder, Expression.New(builderType)));
        return Expression.Block(result.Type, [builder, result],
            Expression.Assign(builder, Expression.Constant(null, builderType)),
            loop,
            Expression.Condition(Expression.Equal(builder, Expression.Constant(null, builderType)),
                Expression.Constant(null, result.Type),
                Expression.Call(builder, builderType.GetMethod("ToArray")!)));
    }
}

/// <summary>The variables and set-up a loop over a list needs, and how it counts and reads the list.</summary>
internal sealed record ListView(IReadOnlyList<ParameterExpression> Variables, IReadOnlyList<Expression> Setup, Expression Count, Func<Expression, Expression> Item);

/// <summary>How to count and index a list type: arrays directly, others through Count and the indexer.</summary>
internal sealed class ListAccess
{
    private readonly PropertyInfo? _count;
    private readonly PropertyInfo? _indexer;

    private ListAccess(PropertyInfo? count, PropertyInfo? indexer)
    {
        _count = count;
        _indexer = indexer;
    }

    public static ListAccess For(Type listType)
    {
        if (listType.IsArray)
        {
            return new ListAccess(null, null);
        }

        var element = ClrDataBinding.ListElementType(listType)
            ?? throw new InvalidOperationException($"{listType.Name} is not an indexable list");
        var readOnlyList = typeof(IReadOnlyList<>).MakeGenericType(element);
        var readOnlyCollection = typeof(IReadOnlyCollection<>).MakeGenericType(element);
        if (listType.IsInterface)
        {
            return new ListAccess(readOnlyCollection.GetProperty("Count"), readOnlyList.GetProperty("Item"));
        }

        // A concrete class (List<T>): its own members avoid interface dispatch.
        var count = listType.GetProperty("Count", BindingFlags.Public | BindingFlags.Instance, null, typeof(int), Type.EmptyTypes, null);
        var indexer = listType.GetProperty("Item", BindingFlags.Public | BindingFlags.Instance, null, element, [typeof(int)], null);
        return count is not null && indexer is not null
            ? new ListAccess(count, indexer)
            : new ListAccess(readOnlyCollection.GetProperty("Count"), readOnlyList.GetProperty("Item"));
    }

    public Expression Count(Expression list) =>
        _count is null ? Expression.ArrayLength(list) : Expression.Property(Convert(list, _count), _count);

    /// <summary>
    /// How a loop reads the list held in <paramref name="list"/>. A list typed as an interface (a typed case's
    /// <c>IReadOnlyList&lt;T&gt;</c>) is looked at once, before the loop: an array or a <c>List&lt;T&gt;</c> is then
    /// read directly, and only other lists through the interface. An interface call per item costs more than the
    /// work a rule does with the item, and compiled rule sets are not profiled, so the JIT would not guess the type.
    /// </summary>
    public static ListView View(ParameterExpression list)
    {
        var access = For(list.Type);
        var element = list.Type.IsInterface ? ClrDataBinding.ListElementType(list.Type) : null;
        if (element is null)
        {
            return new ListView([], [], access.Count(list), i => access.Item(list, i));
        }

        var arrayType = element.MakeArrayType();
        var listType = typeof(List<>).MakeGenericType(element);
        var array = Expression.Variable(arrayType, "array");
        var items = Expression.Variable(listType, "items");
        var listAccess = For(listType);
        var isArray = Expression.NotEqual(array, Expression.Constant(null, arrayType));
        var isList = Expression.NotEqual(items, Expression.Constant(null, listType));
        return new ListView(
            [array, items],
            [
                Expression.Assign(array, Expression.TypeAs(list, arrayType)),
                Expression.Assign(items, Expression.Condition(isArray, Expression.Constant(null, listType), Expression.TypeAs(list, listType))),
            ],
            Expression.Condition(isArray, Expression.ArrayLength(array), Expression.Condition(isList, listAccess.Count(items), access.Count(list))),
            i => Expression.Condition(isArray, Expression.ArrayIndex(array, i), Expression.Condition(isList, listAccess.Item(items, i), access.Item(list, i))));
    }

    public Expression Item(Expression list, Expression index) =>
        _indexer is null ? Expression.ArrayIndex(list, index) : Expression.Property(Convert(list, _indexer), _indexer, index);

    private static Expression Convert(Expression list, PropertyInfo member) =>
        member.DeclaringType!.IsAssignableFrom(list.Type) && list.Type != member.DeclaringType && member.DeclaringType.IsInterface
            ? Expression.Convert(list, member.DeclaringType)
            : list;
}
