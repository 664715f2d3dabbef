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
internal sealed partial class Binder
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
}
