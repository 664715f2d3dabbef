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
internal sealed partial class ExpressionCompiler
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

    /// <summary>
    /// Gives the integer code of the enumeration value a node reads, when the caller holds one (the node's value is
    /// then the code's declared value, or missing when the code is -1); null for every other node. Comparisons of such
    /// a node with text compare codes.
    /// </summary>
    public Func<BoundExpression, EnumCodeRead?>? Codes { get; init; }

    /// <summary>An enumeration value's code (an <see cref="int"/> expression) and the declared values it indexes.</summary>
    internal readonly record struct EnumCodeRead(Expression Code, IReadOnlyList<string> Values);

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
            return Proven(node, CompileNode(node));
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

    private Expression CompileInput(BoundInput input)
    {
        var read = WithDefault(_binding.Member(_root, input.Symbol.Property), input.Symbol.Property);
        return _reads is null || IsPlainField(read) ? read : _reads.Get(null, input.Symbol.Property.Name, () => read);
    }

    /// <summary>
    /// Whether <paramref name="read"/> is a number, flag, date or text stored in a field of the case itself (an
    /// auto-property's getter, which the JIT inlines to one load). Read at each use, such an input costs that load;
    /// read once at the start of the method, a method reading dozens of inputs holds them in stack slots, a load and
    /// a store each before the first use and a load at each use, whether or not the path using it runs. Objects and
    /// lists stay read once: their members' reads hang off the variable (see <see cref="InputReads"/>).
    /// </summary>
    private bool IsPlainField(Expression read) =>
        read is MemberExpression { Expression: var target, Member: var member }
        && target == _root
        && (read.Type.IsValueType || read.Type == typeof(string))
        && (member is FieldInfo
            || (member is PropertyInfo { GetMethod: { } getter }
                && getter.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false)
                // A virtual auto-property may be overridden by a getter with code of its own.
                && (!getter.IsVirtual || getter.IsFinal)));

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
}
