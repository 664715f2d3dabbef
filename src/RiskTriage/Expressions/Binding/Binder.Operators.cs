using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Expressions.Binding;

/// <summary>Binding operators: unary, binary (with the message when operand types do not fit), <c>in</c>, conditionals, list literals and enumeration literals compared with text.</summary>
internal sealed partial class Binder
{
    private BoundExpression BindUnary(UnarySyntax unary)
    {
        var operand = BindExpression(unary.Operand);
        if (operand.Type.IsError)
        {
            return new BoundError(unary.Span);
        }

        switch (unary.Operator.Kind)
        {
            case TokenKind.Minus when operand.Type.Kind is TypeKind.Number or TypeKind.Null:
                return operand is BoundLiteral { Value: double d }
                    ? new BoundLiteral(-d, DataType.Number, unary.Span)
                    : new BoundUnary(BoundUnaryOperator.Negate, operand, unary.Span);
            case TokenKind.Plus when operand.Type.Kind is TypeKind.Number or TypeKind.Null:
                return operand;
            case TokenKind.Bang when operand.Type.Kind is TypeKind.Bool or TypeKind.Null:
                return new BoundUnary(BoundUnaryOperator.Not, operand, unary.Span);
        }

        var needs = unary.Operator.Kind == TokenKind.Bang ? "true/false" : "a number";
        Error(unary.Span, DiagnosticCodes.OperatorTypeMismatch,
            $"'{(unary.Operator.Kind == TokenKind.Bang ? "!" : unary.Operator.Text)}' needs {needs}, but it is applied to {operand.Type}");
        return new BoundError(unary.Span);
    }

    private BoundExpression BindBinary(BinarySyntax binary)
    {
        var left = BindExpression(binary.Left);
        var right = BindExpression(binary.Right);
        if (left.Type.IsError || right.Type.IsError)
        {
            return new BoundError(binary.Span);
        }

        var op = binary.Operator.Kind;
        var lk = left.Type.Kind;
        var rk = right.Type.Kind;
        bool IsNumberLike(TypeKind k) => k is TypeKind.Number or TypeKind.Null;

        switch (op)
        {
            case TokenKind.Plus when IsNumberLike(lk) && IsNumberLike(rk):
                return new BoundBinary(BoundBinaryOperator.Add, left, right, DataType.Number, binary.Span);
            case TokenKind.Plus when (lk == TypeKind.String && rk is TypeKind.String or TypeKind.Number or TypeKind.Null)
                                     || (rk == TypeKind.String && lk is TypeKind.Number or TypeKind.Null):
                return new BoundBinary(BoundBinaryOperator.Concat, left, right, DataType.String, binary.Span);
            case TokenKind.Minus or TokenKind.Star or TokenKind.Slash or TokenKind.Percent when IsNumberLike(lk) && IsNumberLike(rk):
                var arithmetic = op switch
                {
                    TokenKind.Minus => BoundBinaryOperator.Subtract,
                    TokenKind.Star => BoundBinaryOperator.Multiply,
                    TokenKind.Slash => BoundBinaryOperator.Divide,
                    _ => BoundBinaryOperator.Modulo,
                };
                return new BoundBinary(arithmetic, left, right, DataType.Number, binary.Span);

            case TokenKind.Less or TokenKind.LessEquals or TokenKind.Greater or TokenKind.GreaterEquals
                when (IsNumberLike(lk) && IsNumberLike(rk)) || (lk is TypeKind.Date or TypeKind.Null && rk is TypeKind.Date or TypeKind.Null):
                var comparison = op switch
                {
                    TokenKind.Less => BoundBinaryOperator.Less,
                    TokenKind.LessEquals => BoundBinaryOperator.LessOrEqual,
                    TokenKind.Greater => BoundBinaryOperator.Greater,
                    _ => BoundBinaryOperator.GreaterOrEqual,
                };
                return new BoundBinary(comparison, left, right, DataType.Bool, binary.Span);

            case TokenKind.EqualsEquals or TokenKind.BangEquals:
                if (DataType.Unify(left.Type, right.Type) is { } common && (common.IsScalar || lk == TypeKind.Null || rk == TypeKind.Null || common.Kind == TypeKind.Null))
                {
                    CheckEnumLiteral(left.Type, right, left);
                    CheckEnumLiteral(right.Type, left, right);
                    return new BoundBinary(op == TokenKind.EqualsEquals ? BoundBinaryOperator.Equal : BoundBinaryOperator.NotEqual,
                        left, right, DataType.Bool, binary.Span);
                }

                break;

            case TokenKind.AmpersandAmpersand or TokenKind.BarBar
                when lk is TypeKind.Bool or TypeKind.Null && rk is TypeKind.Bool or TypeKind.Null:
                return new BoundBinary(op == TokenKind.AmpersandAmpersand ? BoundBinaryOperator.And : BoundBinaryOperator.Or,
                    left, right, DataType.Bool, binary.Span);

            case TokenKind.QuestionQuestion:
                if (DataType.Unify(left.Type, right.Type) is { } unified)
                {
                    if (unified.Kind is TypeKind.List or TypeKind.Object)
                    {
                        Error(binary.Operator.Span, DiagnosticCodes.ChoiceOfListsOrObjects,
                            "'??' works on numbers, text, dates and true/false, not on lists or objects");
                        return new BoundError(binary.Span);
                    }

                    CheckEnumLiteral(left.Type, right, left);
                    return new BoundBinary(BoundBinaryOperator.Coalesce, left, right, unified, binary.Span);
                }

                Error(binary.Span, DiagnosticCodes.OperatorTypeMismatch,
                    $"'??' needs the same type on both sides, but the left is {left.Type} and the right is {right.Type}");
                return new BoundError(binary.Span);

            case TokenKind.InKeyword:
                return BindIn(binary, left, right);
        }

        Error(binary.Operator.Span, DiagnosticCodes.OperatorTypeMismatch, OperatorMismatchMessage(binary.Operator, left.Type, right.Type));
        return new BoundError(binary.Span);
    }

    private static string OperatorMismatchMessage(Token op, DataType left, DataType right)
    {
        var text = op.Kind switch
        {
            TokenKind.AmpersandAmpersand => "&&",
            TokenKind.BarBar => "||",
            _ => op.Text,
        };
        var needs = op.Kind switch
        {
            TokenKind.Plus => "numbers (to add) or text (to join)",
            TokenKind.Minus or TokenKind.Star or TokenKind.Slash or TokenKind.Percent => "numbers",
            TokenKind.Less or TokenKind.LessEquals or TokenKind.Greater or TokenKind.GreaterEquals => "two numbers or two dates",
            TokenKind.AmpersandAmpersand or TokenKind.BarBar => "true/false on both sides",
            _ => "values of the same type",
        };
        return $"'{text}' needs {needs}, but the left side is {left} and the right side is {right}";
    }

    private BoundExpression BindIn(BinarySyntax binary, BoundExpression value, BoundExpression list)
    {
        if (list.Type.Kind != TypeKind.List)
        {
            Error(binary.Right.Span, DiagnosticCodes.OperatorTypeMismatch,
                $"'in' needs a list on its right, e.g. x in [\"NC\", \"SC\"], but this is {list.Type}");
            return new BoundError(binary.Span);
        }

        var element = list.Type.Element!;
        if (!value.Type.IsScalar && value.Type.Kind != TypeKind.Null)
        {
            Error(binary.Left.Span, DiagnosticCodes.OperatorTypeMismatch, $"'in' tests a single value, but this is {value.Type}");
            return new BoundError(binary.Span);
        }

        if (DataType.Unify(value.Type, element) is null)
        {
            Error(binary.Span, DiagnosticCodes.OperatorTypeMismatch, $"'in' compares {value.Type} with a list of {element}; they can never be equal");
            return new BoundError(binary.Span);
        }

        if (list is BoundList literalList)
        {
            foreach (var item in literalList.Items)
            {
                CheckEnumLiteral(value.Type, item, value);
            }
        }

        return new BoundIn(value, list, binary.Negated, binary.Span);
    }

    private BoundExpression BindConditional(ConditionalSyntax conditional)
    {
        var condition = BindExpression(conditional.Condition);
        var whenTrue = BindExpression(conditional.WhenTrue);
        var whenFalse = BindExpression(conditional.WhenFalse);
        if (condition.Type.IsError || whenTrue.Type.IsError || whenFalse.Type.IsError)
        {
            return new BoundError(conditional.Span);
        }

        if (condition.Type.Kind is not (TypeKind.Bool or TypeKind.Null))
        {
            Error(condition.Span, DiagnosticCodes.ConditionNotBool,
                $"the condition before '?' must be true or false, but it gives {condition.Type}");
            return new BoundError(conditional.Span);
        }

        var type = DataType.Unify(whenTrue.Type, whenFalse.Type);
        if (type is null)
        {
            Error(conditional.Span, DiagnosticCodes.BranchTypeMismatch,
                $"both branches of '? :' must give the same type, but one gives {whenTrue.Type} and the other {whenFalse.Type}");
            return new BoundError(conditional.Span);
        }

        if (type.Kind is TypeKind.List or TypeKind.Object)
        {
            Error(conditional.Span, DiagnosticCodes.ChoiceOfListsOrObjects,
                "'? :' chooses between numbers, text, dates or true/false, not between lists or objects");
            return new BoundError(conditional.Span);
        }

        return new BoundConditional(condition, whenTrue, whenFalse, type, conditional.Span);
    }

    private BoundExpression BindList(ListSyntax list)
    {
        var items = list.Items.Select(BindExpression).ToList();
        if (items.Exists(i => i.Type.IsError))
        {
            return new BoundError(list.Span);
        }

        var element = DataType.Null;
        foreach (var item in items)
        {
            var unified = DataType.Unify(element, item.Type);
            if (unified is null)
            {
                Error(item.Span, DiagnosticCodes.ListElementTypeMismatch,
                    $"all items of a list must have the same type, but this one is {item.Type} and the others are {element}");
                return new BoundError(list.Span);
            }

            element = unified;
        }

        // A list of written text values is plain text, not an enumeration of those values.
        if (element.Kind == TypeKind.String)
        {
            element = DataType.String;
        }

        return new BoundList(items, DataType.ListOf(element), list.Span);
    }

    /// <summary>Reports a written text value that is not one of an enumeration's values (e.g. "VERY_HGH").</summary>
    private void CheckEnumLiteral(DataType enumType, BoundExpression other, BoundExpression? enumSide)
    {
        // Two written values ("A" == "B", "B" in ["A", "B"]) are compared, not checked against each other.
        if (enumType.EnumValues is not { } values || other is not BoundLiteral { Value: string text } || enumSide is BoundLiteral { Value: string })
        {
            return;
        }

        if (enumType.FindEnumValue(text) is not null)
        {
            return;
        }

        var what = enumSide switch
        {
            BoundInput input => $"'{input.Symbol.Name}'",
            BoundMember member => $"'{member.Property.Name}'",
            BoundValueReference value => $"'{value.Symbol.Name}'",
            _ => "this value",
        };
        var list = values.Count <= 12 ? " (" + string.Join(", ", values) + ")" : string.Empty;
        Error(other.Span, DiagnosticCodes.ValueNotInEnumeration,
            $"\"{text}\" is not one of the values of {what}{list}{NameSuggester.Hint(text, values)}");
    }
}
