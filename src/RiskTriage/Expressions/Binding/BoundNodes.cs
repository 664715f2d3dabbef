using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Expressions.Binding;

internal enum BoundUnaryOperator
{
    Negate,
    Not,
}

internal enum BoundBinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Concat,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    And,
    Or,
    Coalesce,
}

internal enum ListMethod
{
    Any,
    All,
    Count,
    Sum,
    Min,
    Max,
    Where,
    Contains,
    Distinct,
    CountDistinct,
}

/// <summary>
/// The kinds of bound node, one for each sealed class (the class's name without <c>Bound</c>). A visitor dispatches
/// with a switch over them rather than a generic virtual <c>Accept</c>: ReadyToRun precompiles a switch, not a generic
/// virtual method's instantiations, which the JIT then compiled in every fresh process.
/// </summary>
internal enum BoundKind
{
    Literal,
    Input,
    ValueReference,
    LambdaParameter,
    Member,
    Index,
    Unary,
    Binary,
    In,
    Conditional,
    List,
    Call,
    ListMethod,
    Error,
}

/// <summary>A node of the bound tree: a checked expression whose every node has a type.</summary>
internal abstract class BoundExpression(DataType type, TextSpan span)
{
    public DataType Type { get; } = type;

    public TextSpan Span { get; } = span;

    /// <summary>Which kind of node this is: <see cref="BoundTreeVisitor{TResult}"/> dispatches on it.</summary>
    internal abstract BoundKind Kind { get; }

    /// <summary>Calls the visitor's method for this kind of node.</summary>
    public TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.Dispatch(this);
}

/// <summary>A constant (literal or folded parameter): null, bool, double, string, DateOnly.</summary>
internal sealed class BoundLiteral(object? value, DataType type, TextSpan span) : BoundExpression(type, span)
{
    public object? Value { get; } = value;

    internal override BoundKind Kind => BoundKind.Literal;
}

/// <summary>A top-level input of the case.</summary>
internal sealed class BoundInput(InputSymbol symbol, TextSpan span) : BoundExpression(symbol.Type, span)
{
    public InputSymbol Symbol { get; } = symbol;

    internal override BoundKind Kind => BoundKind.Input;
}

/// <summary>A named value of the rule set.</summary>
internal sealed class BoundValueReference(ValueSymbol symbol, TextSpan span) : BoundExpression(symbol.Type, span)
{
    public ValueSymbol Symbol { get; } = symbol;

    internal override BoundKind Kind => BoundKind.ValueReference;
}

/// <summary>A lambda parameter.</summary>
internal sealed class BoundLambdaParameter(LambdaParameterSymbol symbol, TextSpan span) : BoundExpression(symbol.Type, span)
{
    public LambdaParameterSymbol Symbol { get; } = symbol;

    internal override BoundKind Kind => BoundKind.LambdaParameter;
}

/// <summary>A field of an object; missing when the object is missing.</summary>
internal sealed class BoundMember(BoundExpression target, PropertyDef property, TextSpan span) : BoundExpression(property.Type, span)
{
    public BoundExpression Target { get; } = target;

    public PropertyDef Property { get; } = property;

    internal override BoundKind Kind => BoundKind.Member;
}

/// <summary>An item of a list by position (0-based); missing when out of range.</summary>
internal sealed class BoundIndex(BoundExpression target, BoundExpression index, TextSpan span) : BoundExpression(target.Type.Element!, span)
{
    public BoundExpression Target { get; } = target;

    public BoundExpression Index { get; } = index;

    internal override BoundKind Kind => BoundKind.Index;
}

internal sealed class BoundUnary(BoundUnaryOperator op, BoundExpression operand, TextSpan span) : BoundExpression(operand.Type, span)
{
    public BoundUnaryOperator Operator { get; } = op;

    public BoundExpression Operand { get; } = operand;

    internal override BoundKind Kind => BoundKind.Unary;
}

internal sealed class BoundBinary(BoundBinaryOperator op, BoundExpression left, BoundExpression right, DataType type, TextSpan span)
    : BoundExpression(type, span)
{
    public BoundBinaryOperator Operator { get; } = op;

    public BoundExpression Left { get; } = left;

    public BoundExpression Right { get; } = right;

    internal override BoundKind Kind => BoundKind.Binary;
}

/// <summary><c>value in list</c> (or <c>not in</c> when negated).</summary>
internal sealed class BoundIn(BoundExpression value, BoundExpression list, bool negated, TextSpan span) : BoundExpression(DataType.Bool, span)
{
    public BoundExpression Value { get; } = value;

    public BoundExpression List { get; } = list;

    public bool Negated { get; } = negated;

    internal override BoundKind Kind => BoundKind.In;
}

internal sealed class BoundConditional(BoundExpression condition, BoundExpression whenTrue, BoundExpression whenFalse, DataType type, TextSpan span)
    : BoundExpression(type, span)
{
    public BoundExpression Condition { get; } = condition;

    public BoundExpression WhenTrue { get; } = whenTrue;

    public BoundExpression WhenFalse { get; } = whenFalse;

    internal override BoundKind Kind => BoundKind.Conditional;
}

internal sealed class BoundList(IReadOnlyList<BoundExpression> items, DataType type, TextSpan span) : BoundExpression(type, span)
{
    public IReadOnlyList<BoundExpression> Items { get; } = items;

    internal override BoundKind Kind => BoundKind.List;
}

internal sealed class BoundCall(FunctionOverload function, IReadOnlyList<BoundExpression> arguments, TextSpan span)
    : BoundExpression(function.ReturnType, span)
{
    public FunctionOverload Function { get; } = function;

    public IReadOnlyList<BoundExpression> Arguments { get; } = arguments;

    internal override BoundKind Kind => BoundKind.Call;
}

/// <summary>
/// A list method such as <c>xs.Any(x => ...)</c>. <see cref="Argument"/> is the lambda body (with
/// <see cref="Parameter"/> bound to each item) or, for <c>Contains</c>, the value sought.
/// </summary>
internal sealed class BoundListMethod(ListMethod method, BoundExpression source, LambdaParameterSymbol? parameter, BoundExpression? argument, DataType type, TextSpan span)
    : BoundExpression(type, span)
{
    public ListMethod Method { get; } = method;

    public BoundExpression Source { get; } = source;

    public LambdaParameterSymbol? Parameter { get; } = parameter;

    public BoundExpression? Argument { get; } = argument;

    internal override BoundKind Kind => BoundKind.ListMethod;
}

/// <summary>Stands for an expression that had errors; its type is <see cref="DataType.Error"/>, which silences follow-on errors.</summary>
internal sealed class BoundError(TextSpan span) : BoundExpression(DataType.Error, span)
{
    internal override BoundKind Kind => BoundKind.Error;
}
