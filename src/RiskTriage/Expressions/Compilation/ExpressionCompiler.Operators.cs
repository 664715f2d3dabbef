using System.Linq.Expressions;
using System.Reflection;
using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Expressions.Compilation;

// Operators, conditionals, list literals and function calls.
internal sealed partial class ExpressionCompiler
{
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

        // A left side that is never missing runs the right one only when it is true (and) or false (or), so what
        // that proves holds there; a missing left side runs it too, so then nothing does.
        var facts = left.Type != typeof(bool) ? [] : isAnd ? WhenTrue(binary.Left) : WhenNotTrue(binary.Left);
        var right = IsNullLiteral(binary.Right) ? Expression.Constant(null, typeof(bool?)) : WithFacts(facts, () => Compile(binary.Right));

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

        if ((CodedEquality(leftNode, rightNode) ?? CodedEquality(rightNode, leftNode)) is { } coded)
        {
            return coded;
        }

        return EqualValues(Compile(leftNode), Compile(rightNode));
    }

    /// <summary>
    /// <paramref name="value"/> = a text literal as a compare of codes, when <paramref name="value"/> has one; a text
    /// that is not a declared value equals no value the field can hold.
    /// </summary>
    private Expression? CodedEquality(BoundExpression value, BoundExpression other)
    {
        if (other is not BoundLiteral { Value: string text } || Codes?.Invoke(value) is not { } code)
        {
            return null;
        }

        var at = IndexOfText(code.Values, text);
        return at < 0 ? Expression.Constant(false) : Expression.Equal(code.Code, Expression.Constant(at));
    }

    /// <summary>The position of <paramref name="text"/> among <paramref name="values"/> (ordinal), or -1.</summary>
    internal static int IndexOfText(IReadOnlyList<string> values, string text)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// <paramref name="value"/> <c>in</c> a list of text literals (and <c>null</c>) as one bit test of its code, when
    /// it has one: bit <c>code + 1</c> of a mask of the listed values, bit 0 standing for missing.
    /// </summary>
    private Expression? CodedIn(BoundExpression value, BoundList list)
    {
        // Bit 0 stands for missing and one bit for each value; values past 62 (as for coded symbols,
        // EnumCodes.MaxTexts) are compared as text.
        if (list.Items.Any(i => i is not BoundLiteral { Value: null or string }) || Codes?.Invoke(value) is not { } code || code.Values.Count > 62)
        {
            return null;
        }

        var mask = 0UL;
        foreach (var item in list.Items)
        {
            var at = ((BoundLiteral)item).Value is string text ? IndexOfText(code.Values, text) : -1;
            if (at >= 0 || ((BoundLiteral)item).Value is null)
            {
                mask |= 1UL << (at + 1);
            }
        }

        var bit = Expression.And(Expression.RightShift(Expression.Constant(mask), Expression.Add(code.Code, Expression.Constant(1))), Expression.Constant(1UL));
        return Expression.NotEqual(bit, Expression.Constant(0UL));
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
        if (node.List is BoundList codedList && CodedIn(node.Value, codedList) is { } coded)
        {
            return node.Negated ? Expression.Not(coded) : coded;
        }

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
        var whenTrue = WithFacts(WhenTrue(conditional.Condition), () => Compile(conditional.WhenTrue));
        var whenFalse = WithFacts(WhenNotTrue(conditional.Condition), () => Compile(conditional.WhenFalse));
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
}
