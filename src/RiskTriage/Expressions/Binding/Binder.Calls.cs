using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Expressions.Binding;

/// <summary>Binding calls: functions from the function table (overloads, date folding) and list methods with their lambdas.</summary>
internal sealed partial class Binder
{
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

        // The non-generic parse: the generic one over this assembly's enumeration was JIT-compiled at every load.
        if (!Enum.TryParse(typeof(ListMethod), name, ignoreCase: false, out var parsed) || parsed is not ListMethod method || method == ListMethod.CountDistinct)
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
}
