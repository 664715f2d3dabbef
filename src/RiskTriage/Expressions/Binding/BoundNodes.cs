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

/// <summary>A node of the bound tree: a checked expression whose every node has a type.</summary>
internal abstract class BoundExpression(DataType type, TextSpan span)
{
    public DataType Type { get; } = type;

    public TextSpan Span { get; } = span;

    /// <summary>Calls the visitor's method for this kind of node.</summary>
    public abstract TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor);
}

/// <summary>A constant (literal or folded parameter): null, bool, double, string, DateOnly.</summary>
internal sealed class BoundLiteral(object? value, DataType type, TextSpan span) : BoundExpression(type, span)
{
    public object? Value { get; } = value;

    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitLiteral(this);
}

/// <summary>A top-level input of the case.</summary>
internal sealed class BoundInput(InputSymbol symbol, TextSpan span) : BoundExpression(symbol.Type, span)
{
    public InputSymbol Symbol { get; } = symbol;

    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitInput(this);
}

/// <summary>A named value of the rule set.</summary>
internal sealed class BoundValueReference(ValueSymbol symbol, TextSpan span) : BoundExpression(symbol.Type, span)
{
    public ValueSymbol Symbol { get; } = symbol;

    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitValueReference(this);
}

/// <summary>A lambda parameter.</summary>
internal sealed class BoundLambdaParameter(LambdaParameterSymbol symbol, TextSpan span) : BoundExpression(symbol.Type, span)
{
    public LambdaParameterSymbol Symbol { get; } = symbol;

    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitLambdaParameter(this);
}

/// <summary>A field of an object; missing when the object is missing.</summary>
internal sealed class BoundMember(BoundExpression target, PropertyDef property, TextSpan span) : BoundExpression(property.Type, span)
{
    public BoundExpression Target { get; } = target;

    public PropertyDef Property { get; } = property;

    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitMember(this);
}

/// <summary>An item of a list by position (0-based); missing when out of range.</summary>
internal sealed class BoundIndex(BoundExpression target, BoundExpression index, TextSpan span) : BoundExpression(target.Type.Element!, span)
{
    public BoundExpression Target { get; } = target;

    public BoundExpression Index { get; } = index;

    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitIndex(this);
}

internal sealed class BoundUnary(BoundUnaryOperator op, BoundExpression operand, TextSpan span) : BoundExpression(operand.Type, span)
{
    public BoundUnaryOperator Operator { get; } = op;

    public BoundExpression Operand { get; } = operand;

    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitUnary(this);
}

internal sealed class BoundBinary(BoundBinaryOperator op, BoundExpression left, BoundExpression right, DataType type, TextSpan span)
    : BoundExpression(type, span)
{
    public BoundBinaryOperator Operator { get; } = op;

    public BoundExpression Left { get; } = left;

    public BoundExpression Right { get; } = right;

    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitBinary(this);
}

/// <summary><c>value in list</c> (or <c>not in</c> when negated).</summary>
internal sealed class BoundIn(BoundExpression value, BoundExpression list, bool negated, TextSpan span) : BoundExpression(DataType.Bool, span)
{
    public BoundExpression Value { get; } = value;

    public BoundExpression List { get; } = list;

    public bool Negated { get; } = negated;

    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitIn(this);
}

internal sealed class BoundConditional(BoundExpression condition, BoundExpression whenTrue, BoundExpression whenFalse, DataType type, TextSpan span)
    : BoundExpression(type, span)
{
    public BoundExpression Condition { get; } = condition;

    public BoundExpression WhenTrue { get; } = whenTrue;

    public BoundExpression WhenFalse { get; } = whenFalse;

    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitConditional(this);
}

internal sealed class BoundList(IReadOnlyList<BoundExpression> items, DataType type, TextSpan span) : BoundExpression(type, span)
{
    public IReadOnlyList<BoundExpression> Items { get; } = items;

    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitList(this);
}

internal sealed class BoundCall(FunctionOverload function, IReadOnlyList<BoundExpression> arguments, TextSpan span)
    : BoundExpression(function.ReturnType, span)
{
    public FunctionOverload Function { get; } = function;

    public IReadOnlyList<BoundExpression> Arguments { get; } = arguments;

    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitCall(this);
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

    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitListMethod(this);
}

/// <summary>Stands for an expression that had errors; its type is <see cref="DataType.Error"/>, which silences follow-on errors.</summary>
internal sealed class BoundError(TextSpan span) : BoundExpression(DataType.Error, span)
{
    public override TResult Accept<TResult>(BoundTreeVisitor<TResult> visitor) => visitor.VisitError(this);
}
