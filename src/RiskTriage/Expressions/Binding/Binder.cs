using System.Globalization;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Expressions.Binding;

/// <summary>
/// Resolves names against the declared schema and checks types, turning a syntax tree into a bound tree.
/// This is also the sandbox: a name can only be an input, a parameter, a named value or a lambda item,
/// a call can only reach the function table or a list method, so no CLR type, member or reflection
/// is ever reachable from a rule expression.
/// </summary>
internal sealed class Binder
{
    private static readonly string[] ListMethodNames = ["Any", "All", "Count", "Sum", "Min", "Max", "Where", "Contains", "Distinct"];

    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;
    private IScope _scope;

    private Binder(SourceText source, IScope scope, DiagnosticBag diagnostics)
    {
        _source = source;
        _scope = scope;
        _diagnostics = diagnostics;
    }

    /// <summary>Binds an expression; when <paramref name="expected"/> is given, the result must be of that type.</summary>
    public static BoundExpression Bind(ExpressionSyntax syntax, SourceText source, IScope scope, DiagnosticBag diagnostics, DataType? expected = null)
    {
        var binder = new Binder(source, scope, diagnostics);
        var bound = binder.BindExpression(syntax);
        if (expected is not null)
        {
            binder.CheckResult(bound, expected);
        }

        return bound;
    }

    private void CheckResult(BoundExpression bound, DataType expected)
    {
        // A written text value is accepted where an enumeration is needed, and checked against its values.
        if (bound.Type.IsAssignableTo(expected) || (expected.EnumValues is not null && bound is BoundLiteral { Value: string }))
        {
            CheckEnumLiteral(expected, bound, null);
            return;
        }

        if (expected.Kind == TypeKind.Bool)
        {
            Error(bound.Span, DiagnosticCodes.ConditionNotBool,
                $"a condition must be true or false, but this expression gives {bound.Type}; compare it with something, e.g. x > 3 or x == \"HIGH\"");
        }
        else
        {
            Error(bound.Span, DiagnosticCodes.WrongResultType,
                $"this expression gives {bound.Type}, but {expected} is needed here");
        }
    }

    private void Error(TextSpan span, string code, string message) => _diagnostics.Error(_source, span, code, message);

    private BoundExpression BindExpression(ExpressionSyntax syntax)
    {
        var bound = BindExpressionCore(syntax);

        // An expression of the null type other than the literal (-null, !null, c ? null : null, null ?? null,
        // an item of [null]) is always missing: fold it to the literal, which every later phase handles.
        return bound.Type.Kind == TypeKind.Null && bound is not BoundLiteral ? new BoundLiteral(null, DataType.Null, bound.Span) : bound;
    }

    private BoundExpression BindExpressionCore(ExpressionSyntax syntax) => StackGuard.Checked(syntax) switch
    {
        LiteralSyntax literal => BindLiteral(literal),
        NameSyntax name => BindName(name),
        MemberAccessSyntax member => BindMemberAccess(member),
        IndexSyntax index => BindIndex(index),
        CallSyntax { Target: null } call => BindFunctionCall(call),
        CallSyntax call => BindMethodCall(call),
        UnarySyntax unary => BindUnary(unary),
        BinarySyntax binary => BindBinary(binary),
        ConditionalSyntax conditional => BindConditional(conditional),
        ListSyntax list => BindList(list),
        LambdaSyntax lambda => new BoundError(lambda.Span),
        _ => new BoundError(syntax.Span),
    };

    private static BoundLiteral BindLiteral(LiteralSyntax literal) => literal.Value switch
    {
        null => new BoundLiteral(null, DataType.Null, literal.Span),
        double d => new BoundLiteral(d, DataType.Number, literal.Span),
        bool b => new BoundLiteral(b, DataType.Bool, literal.Span),
        // A written text value has the one-value enumeration as its type, so "HIGH" fits an output declared
        // with an enum containing HIGH, and a ?: over written values is an enumeration of them.
        string s => new BoundLiteral(s, DataType.Enumeration([string.Intern(s)]), literal.Span),
        _ => throw new InvalidOperationException("unknown literal"),
    };

    private BoundExpression BindName(NameSyntax name)
    {
        var symbol = _scope.Lookup(name.Name);
        switch (symbol)
        {
            case InputSymbol input:
                return new BoundInput(input, name.Span);
            case ConstantSymbol { Value: object?[] items } constant:
                return new BoundList(items.Select(i => (BoundExpression)new BoundLiteral(i, constant.Type.Element!, name.Span)).ToList(), constant.Type, name.Span);
            case ConstantSymbol constant:
                return new BoundLiteral(constant.Value, constant.Type, name.Span);
            case ValueSymbol value:
                return new BoundValueReference(value, name.Span);
            case LambdaParameterSymbol parameter:
                return new BoundLambdaParameter(parameter, name.Span);
        }

        var suggestion = NameSuggester.Suggest(name.Name, _scope.Names);
        if (suggestion is not null)
        {
            var kind = _scope.Lookup(suggestion)!.Describe;
            Error(name.Span, DiagnosticCodes.UnknownName, $"unknown {kind} '{name.Name}'; did you mean '{suggestion}'?");
        }
        else
        {
            Error(name.Span, DiagnosticCodes.UnknownName,
                $"unknown name '{name.Name}': it is not an input, parameter or value of this rule set");
        }

        return new BoundError(name.Span);
    }

    private BoundExpression BindMemberAccess(MemberAccessSyntax member)
    {
        var target = BindExpression(member.Target);
        return BindMember(target, member.Name, member.Span);
    }

    private BoundExpression BindMember(BoundExpression target, Token name, TextSpan span)
    {
        // A name the parser did not find (a.) was reported there already.
        if (target.Type.IsError || name.Span.Length == 0)
        {
            return new BoundError(span);
        }

        if (target.Type.Kind == TypeKind.Object)
        {
            var objectType = target.Type.ObjectType!;
            var property = objectType.Find(name.Text);
            if (property is not null)
            {
                return new BoundMember(target, property, span);
            }

            Error(name.Span, DiagnosticCodes.UnknownMember,
                $"'{objectType.Name}' has no field '{name.Text}'{NameSuggester.Hint(name.Text, objectType.Properties.Select(p => p.Name))}");
            return new BoundError(span);
        }

        var hint = target.Type.Kind == TypeKind.List && name.Text is "Count" or "Length"
            ? "; to count the items write .Count()"
            : string.Empty;
        Error(name.Span, DiagnosticCodes.NoMembers,
            $"{Describe(target.Type)} has no field '{name.Text}'{hint}");
        return new BoundError(span);
    }

    private static string Describe(DataType type) => type.Kind switch
    {
        TypeKind.Null => "null",
        TypeKind.List => "a list",
        TypeKind.Object => "the object '" + type.ObjectType!.Name + "'",
        _ => "a " + type + " value",
    };

    private BoundExpression BindIndex(IndexSyntax index)
    {
        var target = BindExpression(index.Target);
        if (target.Type.IsError)
        {
            BindExpression(index.Index);
            return new BoundError(index.Span);
        }

        if (target.Type.Kind == TypeKind.Object && index.Index is LiteralSyntax { Value: string key } keyLiteral)
        {
            return BindMember(target, keyLiteral.Token with { Text = key }, index.Span);
        }

        if (target.Type.Kind == TypeKind.List)
        {
            var position = BindExpression(index.Index);
            if (position.Type.Kind is TypeKind.Number or TypeKind.Error)
            {
                return new BoundIndex(target, position, index.Span);
            }

            Error(index.Index.Span, DiagnosticCodes.InvalidIndex,
                $"a list is indexed by a number (its position, from 0), not by {position.Type}");
            return new BoundError(index.Span);
        }

        Error(index.Span, DiagnosticCodes.InvalidIndex,
            target.Type.Kind == TypeKind.Object
                ? "an object can only be indexed by a field name in quotes, e.g. needs[\"ACCOMMODATION\"]"
                : $"{Describe(target.Type)} cannot be indexed with [ ]");
        return new BoundError(index.Span);
    }

    private BoundExpression BindFunctionCall(CallSyntax call)
    {
        var name = call.Name.Text;
        var overloads = FunctionTable.Lookup(name);
        if (overloads is null)
        {
            foreach (var argument in call.Arguments)
            {
                BindArgument(argument);
            }

            var hint = NameSuggester.Hint(name, FunctionTable.Names);
            Error(call.Name.Span, DiagnosticCodes.UnknownFunction,
                hint.Length > 0
                    ? $"unknown function '{name}'{hint}"
                    : $"unknown function '{name}'; the functions are: {string.Join(", ", FunctionTable.Names)}");
            return new BoundError(call.Span);
        }

        var arguments = call.Arguments.Select(BindArgument).ToList();
        if (arguments.Exists(a => a.Type.IsError))
        {
            return new BoundError(call.Span);
        }

        if (name == FunctionTable.Len && arguments.Count == 1 && arguments[0].Type.Kind == TypeKind.List)
        {
            return new BoundListMethod(ListMethod.Count, arguments[0], null, null, DataType.Number, call.Span);
        }

        foreach (var overload in overloads)
        {
            if (Matches(overload, arguments))
            {
                return FoldDate(new BoundCall(overload, arguments, call.Span));
            }
        }

        var arityMatches = overloads.Where(o => o.Variadic ? arguments.Count >= 2 : o.Parameters.Count == arguments.Count).ToList();
        if (arityMatches.Count == 0)
        {
            Error(call.Span, DiagnosticCodes.WrongArgumentCount,
                $"'{name}' is called with {arguments.Count} argument(s); write it as {string.Join(" or ", overloads.Select(o => o.Signature))}");
            return new BoundError(call.Span);
        }

        var overloadToReport = arityMatches[0];
        for (var i = 0; i < arguments.Count; i++)
        {
            var parameter = overloadToReport.Variadic ? overloadToReport.Parameters[0] : overloadToReport.Parameters[i];
            if (!arguments[i].Type.IsAssignableTo(parameter))
            {
                Error(arguments[i].Span, DiagnosticCodes.ArgumentTypeMismatch,
                    $"argument {i + 1} of '{name}' must be {parameter}, but it is {arguments[i].Type}");
            }
        }

        return new BoundError(call.Span);
    }

    private static bool Matches(FunctionOverload overload, List<BoundExpression> arguments)
    {
        if (overload.Variadic)
        {
            return arguments.Count >= 2 && arguments.TrueForAll(a => a.Type.IsAssignableTo(overload.Parameters[0]));
        }

        if (overload.Parameters.Count != arguments.Count)
        {
            return false;
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            if (!arguments[i].Type.IsAssignableTo(overload.Parameters[i]))
            {
                return false;
            }
        }

        return true;
    }

    private BoundExpression FoldDate(BoundCall call)
    {
        // date("2026-06-09") with a written date is checked and folded now, so a typo is a load error.
        if (call.Function.Name != "date" || call.Arguments[0] is not BoundLiteral { Value: string text } literal)
        {
            return call;
        }

        if (Runtime.IsoDate.TryParse(text, out var date))
        {
            return new BoundLiteral(date, DataType.Date, call.Span);
        }

        Error(literal.Span, DiagnosticCodes.InvalidDate, $"'{text}' is not a valid date; write dates as \"YYYY-MM-DD\", e.g. date(\"2026-06-09\")");
        return new BoundError(call.Span);
    }

    private BoundExpression BindArgument(ExpressionSyntax argument)
    {
        if (argument is LambdaSyntax lambda)
        {
            Error(lambda.Span, DiagnosticCodes.LambdaNotAllowed,
                "'x => ...' can only be used inside a list method such as sentences.Any(s => ...)");
            return new BoundError(lambda.Span);
        }

        return BindExpression(argument);
    }

    private BoundExpression BindMethodCall(CallSyntax call)
    {
        var name = call.Name.Text;

        // xs.Distinct().Count() counts distinct items without building a new list.
        if (name == "Count" && call.Arguments.Count == 0 && call.Target is CallSyntax { Name.Text: "Distinct", Arguments.Count: 0, Target: not null } distinct)
        {
            var distinctSource = BindExpression(distinct.Target!);
            if (distinctSource.Type.IsError)
            {
                return new BoundError(call.Span);
            }

            if (distinctSource.Type.Kind != TypeKind.List)
            {
                ReportNotAList(distinctSource, distinct.Name);
                return new BoundError(call.Span);
            }

            if (!distinctSource.Type.Element!.IsScalar && distinctSource.Type.Element.Kind != TypeKind.Null)
            {
                Error(distinct.Name.Span, DiagnosticCodes.UnknownMethod, "Distinct() works on lists of numbers, text, dates or true/false, not on lists of objects");
                return new BoundError(call.Span);
            }

            return new BoundListMethod(ListMethod.CountDistinct, distinctSource, null, null, DataType.Number, call.Span);
        }

        var target = BindExpression(call.Target!);
        if (target.Type.IsError || call.Name.Span.Length == 0)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument is not LambdaSyntax)
                {
                    BindExpression(argument);
                }
            }

            return new BoundError(call.Span);
        }

        if (target.Type.Kind != TypeKind.List)
        {
            ReportNotAList(target, call.Name);
            return new BoundError(call.Span);
        }

        if (!Enum.TryParse<ListMethod>(name, ignoreCase: false, out var method) || method == ListMethod.CountDistinct)
        {
            Error(call.Name.Span, DiagnosticCodes.UnknownMethod,
                $"a list has no method '{name}'{NameSuggester.Hint(name, ListMethodNames)} (list methods: {string.Join(", ", ListMethodNames)})");
            return new BoundError(call.Span);
        }

        var element = target.Type.Element!;
        switch (method)
        {
            case ListMethod.Distinct:
                Error(call.Span, DiagnosticCodes.DistinctNeedsCount, "Distinct() can only be used as .Distinct().Count()");
                return new BoundError(call.Span);

            case ListMethod.Contains:
                if (call.Arguments.Count != 1 || call.Arguments[0] is LambdaSyntax)
                {
                    Error(call.Span, DiagnosticCodes.WrongArgumentCount, "Contains takes one value, e.g. complexityFactors.Contains(\"RMDO\")");
                    return new BoundError(call.Span);
                }

                var sought = BindExpression(call.Arguments[0]);
                if (!sought.Type.IsError && DataType.Unify(sought.Type, element) is null)
                {
                    Error(sought.Span, DiagnosticCodes.ArgumentTypeMismatch, $"this list holds {element}, so it cannot contain {sought.Type}");
                    return new BoundError(call.Span);
                }

                CheckEnumLiteral(element, sought, null);
                return new BoundListMethod(ListMethod.Contains, target, null, sought, DataType.Bool, call.Span);

            case ListMethod.Any:
            case ListMethod.Count:
                if (call.Arguments.Count == 0)
                {
                    return new BoundListMethod(method, target, null, null, method == ListMethod.Any ? DataType.Bool : DataType.Number, call.Span);
                }

                return BindLambdaMethod(call, method, target, DataType.Bool, method == ListMethod.Any ? DataType.Bool : DataType.Number);

            case ListMethod.All:
                return BindLambdaMethod(call, method, target, DataType.Bool, DataType.Bool);

            case ListMethod.Where:
                return BindLambdaMethod(call, method, target, DataType.Bool, target.Type);

            default:
                if (call.Arguments.Count == 0)
                {
                    if (element.Kind is not (TypeKind.Number or TypeKind.Null))
                    {
                        Error(call.Span, DiagnosticCodes.LambdaExpected,
                            $"{name}() of a list of {element} needs a number for each item, e.g. {name}(x => x.points)");
                        return new BoundError(call.Span);
                    }

                    return new BoundListMethod(method, target, null, null, DataType.Number, call.Span);
                }

                return BindLambdaMethod(call, method, target, DataType.Number, DataType.Number);
        }
    }

    private void ReportNotAList(BoundExpression target, Token name)
    {
        var function = name.Text.StartsWith("To", StringComparison.Ordinal) ? name.Text[2..] : name.Text;
        var hint = target.Type.Kind == TypeKind.String && name.Text is "StartsWith" or "EndsWith" or "Contains" or "ToLower" or "ToUpper" or "Trim"
            ? $"; use the function form instead, e.g. {char.ToLowerInvariant(function[0])}{function[1..]}(text, ...)"
            : string.Empty;
        Error(name.Span, DiagnosticCodes.UnknownMethod,
            $"'{name.Text}' cannot be called on {Describe(target.Type)}: only lists have methods (Any, All, Count, ...){hint}");
    }

    private BoundExpression BindLambdaMethod(CallSyntax call, ListMethod method, BoundExpression source, DataType bodyType, DataType resultType)
    {
        if (call.Arguments.Count != 1 || call.Arguments[0] is not LambdaSyntax lambda)
        {
            Error(call.Arguments.Count > 0 ? call.Arguments[0].Span : call.Span, DiagnosticCodes.LambdaExpected,
                $"{call.Name.Text} needs one 'item => ...' argument, e.g. sentences.{call.Name.Text}(s => {(bodyType.Kind == TypeKind.Bool ? "!s.terminated" : "s.points")})");
            return new BoundError(call.Span);
        }

        var parameter = new LambdaParameterSymbol(lambda.Parameter.Text, source.Type.Element!);
        var outer = _scope;
        _scope = new Scope(outer).Add(parameter);
        try
        {
            var body = BindExpression(lambda.Body);
            if (body.Type.IsError)
            {
                return new BoundError(call.Span);
            }

            if (!body.Type.IsAssignableTo(bodyType))
            {
                Error(lambda.Body.Span, bodyType.Kind == TypeKind.Bool ? DiagnosticCodes.ConditionNotBool : DiagnosticCodes.WrongResultType,
                    $"the body of {call.Name.Text}(...) must give {bodyType}, but it gives {body.Type}");
                return new BoundError(call.Span);
            }

            return new BoundListMethod(method, source, parameter, body, resultType, call.Span);
        }
        finally
        {
            _scope = outer;
        }
    }

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
