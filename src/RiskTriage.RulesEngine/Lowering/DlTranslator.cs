// One file on purpose (over 500 lines): one rewrite per Dynamic LINQ construct, each next to the RulesEngine behaviour
// it reproduces, so the file reads as one table of the supported subset.
using System.Globalization;
using System.Text;
using RiskTriage.RulesEngine.Parsing;

namespace RiskTriage.RulesEngine.Lowering;

/// <summary>
/// A Dynamic LINQ expression rewritten into the RiskTriage expression language: its value, the first run-time
/// exception RulesEngine would raise evaluating it (an expression giving an <see cref="ErrorKinds"/> code, or missing;
/// null when it cannot throw), its static type, and the input schema node it reads.
/// </summary>
internal sealed record Translated(string Value, string? Error, DlType Type, SchemaNode? Node = null, bool NotNull = false);

/// <summary>A name an expression can use: a rule parameter, a global or local parameter, or a lambda item.</summary>
/// <remarks><see cref="NotNull"/>: a rule parameter, never null (RulesEngine types it from its value).</remarks>
internal sealed record DlBinding(string Text, DlType Type, SchemaNode? Node, bool NotNull = false);

/// <summary>
/// The one place where Dynamic LINQ meaning is rewritten into the RiskTriage expression language, shared by the
/// drop-in engine and the importer. Where the two languages differ the rewrite spells the C# meaning out:
/// integer division truncates (<c>(a - a % b) / b</c>), <c>Math.Round</c> rounds halves to even, members are matched
/// without case, null text joins as empty, and every member access, method call, division or empty
/// <c>Min</c>/<c>Max</c> that throws in RulesEngine gives an error code in <see cref="Translated.Error"/> instead of a
/// missing value.
/// </summary>
internal sealed class DlTranslator
{
    private readonly List<DlProblem> _problems;
    private int _lambdaCount;

    public DlTranslator(List<DlProblem> problems) => _problems = problems;

    /// <summary>Names in scope, matched without case as RulesEngine's default <c>IsExpressionCaseSensitive = false</c> does.</summary>
    public Dictionary<string, DlBinding> Scope { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public Translated Translate(DlNode node) => Visit(node, Scope, nullPropagating: false);

    private Translated Visit(DlNode node, IReadOnlyDictionary<string, DlBinding> scope, bool nullPropagating) => node switch
    {
        DlLiteral literal => Literal(literal),
        DlName name => Name(name, scope),
        DlMember member => Member(member, scope, nullPropagating),
        DlCall call => Call(call, scope, nullPropagating),
        DlIndex index => Index(index, scope, nullPropagating),
        DlUnary unary => Unary(unary, scope, nullPropagating),
        DlBinary binary => Binary(binary, scope, nullPropagating),
        DlConditional conditional => Conditional(conditional.Start, conditional.Condition, conditional.WhenTrue, conditional.WhenFalse, scope, nullPropagating),
        DlIn inList => In(inList, scope, nullPropagating),
        DlLambda lambda => Fail(lambda, "'x => ...' can only be the argument of Any, All, Count, Sum, Min, Max or Where"),
        _ => Fail(node, "this construct is not supported"),
    };

    private static Translated Literal(DlLiteral literal) => literal.Kind switch
    {
        DlLiteralKind.Integer => new(((int)literal.Value!).ToString(CultureInfo.InvariantCulture), null, DlType.Integer),
        DlLiteralKind.Real => new(((double)literal.Value!).ToString("R", CultureInfo.InvariantCulture), null, DlType.Real),
        DlLiteralKind.String => new(Quote((string)literal.Value!), null, DlType.String),
        DlLiteralKind.Bool => new((bool)literal.Value! ? "true" : "false", null, DlType.Bool),
        _ => new("null", null, DlType.Null),
    };

    private Translated Name(DlName name, IReadOnlyDictionary<string, DlBinding> scope)
    {
        if (scope.TryGetValue(name.Name, out var binding))
        {
            return new(binding.Text, null, binding.Type, binding.Node, binding.NotNull);
        }

        return Fail(name, $"unknown name '{name.Name}'{Suggest(name.Name, scope.Keys)}");
    }

    private Translated Member(DlMember member, IReadOnlyDictionary<string, DlBinding> scope, bool nullPropagating)
    {
        if (member.Target is DlName { Name: "string" or "String" } typeName && !scope.ContainsKey(typeName.Name) && member.Name == "Empty")
        {
            return new("''", null, DlType.String);
        }

        var target = Visit(member.Target, scope, nullPropagating);
        if (IsFailed(target))
        {
            return Failed;
        }

        if (target.Type.Kind == DlKind.Object && target.Type.Clr is { } clr)
        {
            var members = DlType.MembersOf(clr);
            if (!members.TryGetValue(member.Name, out var property))
            {
                return Fail(member, $"the type {clr.Name} has no member '{member.Name}'{Suggest(member.Name, members.Values.Select(p => p.Name))}");
            }

            var type = DlType.FromClr(property.PropertyType);
            if (type is null)
            {
                return Fail(member, $"the member '{clr.Name}.{property.Name}' has type {property.PropertyType.Name}, which is outside the supported subset (numbers, bool, string, objects and lists of them)");
            }

            var node = target.Node?.Field(property.Name, type);
            var value = $"{target.Value}.{property.Name}";
            return new(value, ThrowIfNull(target, nullPropagating), nullPropagating ? type.AsNullable() : type, node);
        }

        if (target.Type.Kind == DlKind.String && member.Name.Equals("Length", StringComparison.OrdinalIgnoreCase))
        {
            return new($"len({target.Value})", ThrowIfNull(target, nullPropagating), DlType.Integer);
        }

        if (target.Type.Kind == DlKind.List && (member.Name.Equals("Count", StringComparison.OrdinalIgnoreCase) || member.Name.Equals("Length", StringComparison.OrdinalIgnoreCase)))
        {
            return new($"{target.Value}.Count()", ThrowIfNull(target, nullPropagating), DlType.Integer);
        }

        return Fail(member, $"'{member.Name}' cannot be read on a value of type {target.Type.Describe()}");
    }

    private Translated Index(DlIndex index, IReadOnlyDictionary<string, DlBinding> scope, bool nullPropagating)
    {
        var target = Visit(index.Target, scope, nullPropagating);
        var position = Visit(index.Index, scope, nullPropagating);
        if (target.Type.Kind != DlKind.List || position.Type.Kind != DlKind.Integer || position.Type.Nullable)
        {
            return Fail(index, "only a list can be indexed, with a whole number");
        }

        var error = Chain(ThrowIfNull(target, nullPropagating), position.Error,
            $"({position.Value} < 0 or {position.Value} >= {target.Value}.Count() ? '{ErrorKinds.Index}' : null)");
        return new($"{target.Value}[{position.Value}]", error, target.Type.Element!, target.Node?.ItemNode());
    }

    private Translated Unary(DlUnary unary, IReadOnlyDictionary<string, DlBinding> scope, bool nullPropagating)
    {
        var operand = Visit(unary.Operand, scope, nullPropagating);
        if (IsFailed(operand))
        {
            return Failed;
        }

        if (unary.Operator == "!")
        {
            RequireBool(unary.Operand, operand);
            return new($"!({operand.Value})", operand.Error, DlType.Bool);
        }

        if (!operand.Type.IsNumber)
        {
            return Fail(unary, $"'-' needs a number, not {operand.Type.Describe()}");
        }

        return new($"-({operand.Value})", operand.Error, operand.Type);
    }

    private Translated Binary(DlBinary binary, IReadOnlyDictionary<string, DlBinding> scope, bool nullPropagating)
    {
        var left = Visit(binary.Left, scope, nullPropagating);
        var right = Visit(binary.Right, scope, nullPropagating);
        if (IsFailed(left, right))
        {
            return Failed;
        }

        switch (binary.Operator)
        {
            case "&&" or "||":
                RequireBool(binary.Left, left);
                RequireBool(binary.Right, right);
                var and = binary.Operator == "&&";
                var rightError = right.Error is null ? null
                    : and ? $"({left.Value} ? {right.Error} : null)" : $"({left.Value} ? null : {right.Error})";
                return new($"({left.Value} {(and ? "and" : "or")} {right.Value})", Chain(left.Error, rightError), DlType.Bool);

            case "??":
                var coalesced = Unify(binary, left.Type, right.Type);
                var fallbackError = right.Error is null ? null : $"({left.Value} == null ? {right.Error} : null)";
                return new($"({left.Value} ?? {right.Value})", Chain(left.Error, fallbackError), right.Type.Nullable || right.Type.Kind == DlKind.Null ? coalesced : coalesced with { Nullable = false });

            case "==" or "!=":
                if (!Comparable(left.Type, right.Type))
                {
                    return Fail(binary, $"'{binary.Operator}' cannot compare {left.Type.Describe()} with {right.Type.Describe()}");
                }

                return new($"({left.Value} {binary.Operator} {right.Value})", Chain(left.Error, right.Error), DlType.Bool);

            case "<" or "<=" or ">" or ">=":
                if (!left.Type.IsNumber || !right.Type.IsNumber)
                {
                    return Fail(binary, $"'{binary.Operator}' is supported on numbers only, not {left.Type.Describe()} and {right.Type.Describe()}");
                }

                return new($"({left.Value} {binary.Operator} {right.Value})", Chain(left.Error, right.Error), DlType.Bool);

            case "+" when left.Type.Kind == DlKind.String || right.Type.Kind == DlKind.String:
                return new($"({JoinOperand(binary.Left, left)} + {JoinOperand(binary.Right, right)})", Chain(left.Error, right.Error), DlType.String);

            default:
                if (!left.Type.IsNumber || !right.Type.IsNumber)
                {
                    return Fail(binary, $"'{binary.Operator}' needs numbers, not {left.Type.Describe()} and {right.Type.Describe()}");
                }

                var integral = left.Type.Kind == DlKind.Integer && right.Type.Kind == DlKind.Integer;
                var type = new DlType(integral ? DlKind.Integer : DlKind.Real, left.Type.Nullable || right.Type.Nullable);
                if (integral && binary.Operator is "/" or "%")
                {
                    // C# integer division truncates toward zero, and % keeps the sign of the dividend in both languages.
                    var value = binary.Operator == "%"
                        ? $"({left.Value} % {right.Value})"
                        : $"(({left.Value} - {left.Value} % {right.Value}) / {right.Value})";
                    return new(value, Chain(left.Error, right.Error, $"({right.Value} == 0 ? '{ErrorKinds.DivideByZero}' : null)"), type);
                }

                return new($"({left.Value} {binary.Operator} {right.Value})", Chain(left.Error, right.Error), type);
        }
    }

    private string JoinOperand(DlNode node, Translated operand)
    {
        switch (operand.Type.Kind)
        {
            case DlKind.String:
                return $"({operand.Value} ?? '')";
            case DlKind.Integer:
                return operand.Type.Nullable ? $"({operand.Value} == null ? '' : '' + {operand.Value})" : $"('' + {operand.Value})";
            default:
                Fail(node, $"joining text with {operand.Type.Describe()} is outside the supported subset (C# formats it differently); join text or whole numbers");
                return "''";
        }
    }

    private Translated Conditional(int start, DlNode conditionNode, DlNode whenTrueNode, DlNode whenFalseNode, IReadOnlyDictionary<string, DlBinding> scope, bool nullPropagating)
    {
        var condition = Visit(conditionNode, scope, nullPropagating);
        RequireBool(conditionNode, condition);
        var whenTrue = Visit(whenTrueNode, scope, nullPropagating);
        var whenFalse = Visit(whenFalseNode, scope, nullPropagating);
        if (IsFailed(condition, whenTrue, whenFalse))
        {
            return Failed;
        }

        var type = Unify(whenTrueNode, whenTrue.Type, whenFalse.Type);
        var branchError = whenTrue.Error is null && whenFalse.Error is null ? null
            : $"({condition.Value} ? {whenTrue.Error ?? "null"} : {whenFalse.Error ?? "null"})";
        return new($"({condition.Value} ? {whenTrue.Value} : {whenFalse.Value})", Chain(condition.Error, branchError), type,
            whenTrue.Node ?? whenFalse.Node);
    }

    private Translated In(DlIn inList, IReadOnlyDictionary<string, DlBinding> scope, bool nullPropagating)
    {
        var value = Visit(inList.Value, scope, nullPropagating);
        var items = inList.Items.Select(i => Visit(i, scope, nullPropagating)).ToList();
        if (IsFailed([value, .. items]))
        {
            return Failed;
        }

        foreach (var (item, node) in items.Zip(inList.Items))
        {
            if (!Comparable(value.Type, item.Type))
            {
                Fail(node, $"'in' compares {value.Type.Describe()} with {item.Type.Describe()}");
            }
        }

        if (items.Count == 0)
        {
            return new("false", value.Error, DlType.Bool);
        }

        return new($"({value.Value} in [{string.Join(", ", items.Select(i => i.Value))}])",
            Chain([value.Error, .. items.Select(i => i.Error)]), DlType.Bool);
    }

    private Translated Call(DlCall call, IReadOnlyDictionary<string, DlBinding> scope, bool nullPropagating)
    {
        if (call.Target is null)
        {
            if (call.Name == "iif" && call.Arguments.Count == 3)
            {
                return Conditional(call.Start, call.Arguments[0], call.Arguments[1], call.Arguments[2], scope, nullPropagating);
            }

            if (call.Name == "np" && call.Arguments.Count == 1)
            {
                var inner = Visit(call.Arguments[0], scope, nullPropagating: true);
                return inner with { Type = inner.Type.AsNullable() };
            }

            return Fail(call, $"'{call.Name}' takes {(call.Name == "iif" ? "three arguments" : "one argument")}");
        }

        if (call.Target is DlName { Name: "Math" } && !scope.ContainsKey("Math"))
        {
            return MathCall(call, scope, nullPropagating);
        }

        if (call.Target is DlName { Name: "string" or "String" } && !scope.ContainsKey("string"))
        {
            return StringStatic(call, scope, nullPropagating);
        }

        var target = Visit(call.Target, scope, nullPropagating);
        if (IsFailed(target))
        {
            return Failed;
        }

        return target.Type.Kind switch
        {
            DlKind.String => StringMethod(call, target, scope, nullPropagating),
            DlKind.List => ListMethod(call, target, scope, nullPropagating),
            _ => Fail(call, $"the method '{call.Name}' is not supported on {target.Type.Describe()}"),
        };
    }

    private Translated MathCall(DlCall call, IReadOnlyDictionary<string, DlBinding> scope, bool nullPropagating)
    {
        var args = call.Arguments.Select(a => Visit(a, scope, nullPropagating)).ToList();
        if (IsFailed([.. args]))
        {
            return Failed;
        }

        if (args.Any(a => !a.Type.IsNumber))
        {
            return Fail(call, $"Math.{call.Name} needs numbers");
        }

        var error = Chain([.. args.Select(a => a.Error)]);
        var integral = args.All(a => a.Type.Kind == DlKind.Integer);
        var nullable = args.Any(a => a.Type.Nullable);
        switch (call.Name, args.Count)
        {
            case ("Round", 1):
                var x = args[0].Value;
                if (integral)
                {
                    return Fail(call, "Math.Round of a whole number is ambiguous in Dynamic LINQ (decimal or double); round a real number");
                }

                // Math.Round rounds halves to the even neighbour; RiskTriage's round() rounds them away from zero.
                return new($"({x} - floor({x}) == 0.5 ? (floor({x}) % 2 == 0 ? floor({x}) : floor({x}) + 1) : round({x}))", error, new DlType(DlKind.Real, nullable));
            case ("Abs", 1):
                return new($"abs({args[0].Value})", error, args[0].Type);
            case ("Floor", 1):
                return new($"floor({args[0].Value})", error, new DlType(DlKind.Real, nullable));
            case ("Ceiling", 1):
                return new($"ceil({args[0].Value})", error, new DlType(DlKind.Real, nullable));
            case ("Max" or "Min", 2):
                return new($"{call.Name.ToLowerInvariant()}({args[0].Value}, {args[1].Value})", error, new DlType(integral ? DlKind.Integer : DlKind.Real, nullable));
            case ("Pow", 2):
                return new($"pow({args[0].Value}, {args[1].Value})", error, new DlType(DlKind.Real, nullable));
            default:
                return Fail(call, $"Math.{call.Name} with {args.Count} argument(s) is outside the supported subset (Round(x), Abs, Floor, Ceiling, Min, Max, Pow)");
        }
    }

    private Translated StringStatic(DlCall call, IReadOnlyDictionary<string, DlBinding> scope, bool nullPropagating)
    {
        if (call.Arguments.Count != 1 || call.Name is not ("IsNullOrEmpty" or "IsNullOrWhiteSpace"))
        {
            return Fail(call, $"string.{call.Name} is outside the supported subset (IsNullOrEmpty, IsNullOrWhiteSpace)");
        }

        var text = Visit(call.Arguments[0], scope, nullPropagating);
        if (text.Type.Kind is not (DlKind.String or DlKind.Null))
        {
            return Fail(call, $"string.{call.Name} needs text");
        }

        var length = call.Name == "IsNullOrEmpty" ? $"len({text.Value})" : $"len(trim({text.Value}))";
        return new($"({text.Value} == null or {length} == 0)", text.Error, DlType.Bool);
    }

    private Translated StringMethod(DlCall call, Translated text, IReadOnlyDictionary<string, DlBinding> scope, bool nullPropagating)
    {
        var nullError = ThrowIfNull(text, nullPropagating);
        switch (call.Name, call.Arguments.Count)
        {
            case ("ToLower" or "ToLowerInvariant", 0):
                return new($"lower({text.Value})", nullError, DlType.String);
            case ("ToUpper" or "ToUpperInvariant", 0):
                return new($"upper({text.Value})", nullError, DlType.String);
            case ("Trim", 0):
                return new($"trim({text.Value})", nullError, DlType.String);
            case ("Contains" or "StartsWith" or "EndsWith", 1):
                var part = Visit(call.Arguments[0], scope, nullPropagating);
                if (part.Type.Kind is not (DlKind.String or DlKind.Null))
                {
                    return Fail(call.Arguments[0], $"{call.Name} needs text, not {part.Type.Describe()}");
                }

                var function = call.Name switch { "Contains" => "contains", "StartsWith" => "startsWith", _ => "endsWith" };
                var argumentError = part.Type.CanBeNull ? $"({part.Value} == null ? '{ErrorKinds.ArgumentNullValue}' : null)" : null;
                return new($"{function}({text.Value}, {part.Value})", Chain(nullError, part.Error, argumentError), DlType.Bool);
            default:
                return Fail(call, $"the text method '{call.Name}' with {call.Arguments.Count} argument(s) is outside the supported subset (Contains, StartsWith, EndsWith, ToLower, ToUpper, Trim, Length)");
        }
    }

    private Translated ListMethod(DlCall call, Translated list, IReadOnlyDictionary<string, DlBinding> scope, bool nullPropagating)
    {
        var element = list.Type.Element!;
        var sourceError = Chain(list.Error, list.Type.CanBeNull && !nullPropagating ? $"({list.Value} == null ? '{ErrorKinds.ArgumentNullSource}' : null)" : null);
        if (call.Name == "Contains" && call.Arguments.Count == 1)
        {
            var item = Visit(call.Arguments[0], scope, nullPropagating);
            if (!Comparable(element, item.Type) || element.Kind is DlKind.Object or DlKind.List)
            {
                return Fail(call, $"Contains compares {element.Describe()} items with {item.Type.Describe()}");
            }

            return new($"{list.Value}.Contains({item.Value})", Chain(sourceError, item.Error), DlType.Bool);
        }

        if (call.Name is not ("Any" or "All" or "Count" or "Sum" or "Min" or "Max" or "Where") || call.Arguments.Count > 1)
        {
            return Fail(call, $"the list method '{call.Name}' is outside the supported subset (Any, All, Count, Sum, Min, Max, Where, Contains)");
        }

        if (call.Arguments.Count == 0)
        {
            switch (call.Name)
            {
                case "Any" or "Count":
                    return new($"{list.Value}.{call.Name}()", sourceError, call.Name == "Any" ? DlType.Bool : DlType.Integer);
                case "Sum" or "Min" or "Max" when element.IsNumber:
                    return Aggregate(call.Name, list, element, $"{list.Value}.{call.Name}()", sourceError);
                default:
                    return Fail(call, $"{call.Name}() needs 'x => ...' here");
            }
        }

        if (call.Arguments[0] is not DlLambda lambda)
        {
            return Fail(call.Arguments[0], $"{call.Name} needs 'x => ...'");
        }

        var variable = $"x{++_lambdaCount}";
        var inner = new Dictionary<string, DlBinding>(scope, StringComparer.OrdinalIgnoreCase)
        {
            [lambda.Parameter] = new(variable, element, list.Node?.ItemNode()),
        };
        var body = Visit(lambda.Body, inner, nullPropagating);
        if (IsFailed(body))
        {
            return Failed;
        }

        var predicate = call.Name is "Any" or "All" or "Count" or "Where";
        if (predicate)
        {
            RequireBool(lambda.Body, body);
        }
        else if (!body.Type.IsNumber)
        {
            return Fail(lambda.Body, $"{call.Name} needs a number for each item, not {body.Type.Describe()}");
        }

        // An item whose condition throws stops the whole call; Any and All stop at the first item that decides them,
        // so only a throwing item before that one counts: the first item that throws or decides, and whether it throws.
        string? itemError = null;
        if (body.Error is not null)
        {
            var stop = call.Name switch
            {
                "Any" => $"({body.Error}) != null or ({body.Value}) == true",
                "All" => $"({body.Error}) != null or ({body.Value}) != true",
                _ => $"({body.Error}) != null",
            };
            var first = $"{list.Value}.Where({variable} => {stop})[0]";
            var atFirst = new Dictionary<string, DlBinding>(scope, StringComparer.OrdinalIgnoreCase)
            {
                [lambda.Parameter] = new($"({first})", element, list.Node?.ItemNode()),
            };
            var firstError = Visit(lambda.Body, atFirst, nullPropagating).Error;
            itemError = $"({list.Value}.Any({variable} => {stop}) ? {firstError} : null)";
        }

        var error = Chain(sourceError, itemError);
        var text = $"{list.Value}.{call.Name}({variable} => {body.Value})";
        return call.Name switch
        {
            "Any" or "All" => new(text, error, DlType.Bool),
            "Count" => new(text, error, DlType.Integer),
            "Where" => new(text, error, list.Type, list.Node),
            _ => Aggregate(call.Name, list, body.Type, text, error),
        };
    }

    private static Translated Aggregate(string name, Translated list, DlType itemType, string text, string? error)
    {
        if (name == "Sum")
        {
            return new(text, error, itemType with { Nullable = false });
        }

        // Min and Max of no items throw for non-nullable items and give null for nullable ones.
        return itemType.Nullable
            ? new(text, error, itemType)
            : new(text, Chain(error, $"({list.Value}.Count() == 0 ? '{ErrorKinds.Empty}' : null)"), itemType);
    }

    private static string? ThrowIfNull(Translated target, bool nullPropagating) =>
        Chain(target.Error, target.Type.CanBeNull && !target.NotNull && !nullPropagating ? $"({target.Value} == null ? '{ErrorKinds.NullReference}' : null)" : null);

    /// <summary>The first error of several, in evaluation order.</summary>
    internal static string? Chain(params string?[] errors)
    {
        var present = errors.Where(e => e is not null).ToList();
        return present.Count switch
        {
            0 => null,
            1 => present[0],
            _ => "(" + string.Join(" ?? ", present) + ")",
        };
    }

    private void RequireBool(DlNode node, Translated value)
    {
        if (!IsFailed(value) && value.Type.Kind != DlKind.Bool || value.Type.Nullable)
        {
            Fail(node, $"a condition must be a bool, not {value.Type.Describe()}");
        }
    }

    private static bool Comparable(DlType a, DlType b) =>
        a.Kind == DlKind.Null || b.Kind == DlKind.Null || (a.IsNumber && b.IsNumber)
        || (a.Kind == b.Kind && a.Kind is DlKind.String or DlKind.Bool);

    private DlType Unify(DlNode node, DlType a, DlType b)
    {
        if (a.Kind == DlKind.Null)
        {
            return b.AsNullable();
        }

        if (b.Kind == DlKind.Null)
        {
            return a.AsNullable();
        }

        if (a.IsNumber && b.IsNumber)
        {
            return new DlType(a.Kind == DlKind.Integer && b.Kind == DlKind.Integer ? DlKind.Integer : DlKind.Real, a.Nullable || b.Nullable);
        }

        if (a.Kind == b.Kind && a.Kind is DlKind.String or DlKind.Bool)
        {
            return a with { Nullable = a.Nullable || b.Nullable };
        }

        Fail(node, $"the two choices have different types ({a.Describe()} and {b.Describe()})");
        return a;
    }

    private Translated Fail(DlNode node, string message)
    {
        _problems.Add(new DlProblem(message, node.Start));
        return Failed;
    }

    // What a failed part gives: anything built on it is not reported again, so one typo is one problem.
    private static readonly Translated Failed = new("null", null, new DlType(DlKind.Null, Clr: typeof(void)));

    private static bool IsFailed(params Translated[] parts) => parts.Any(p => ReferenceEquals(p, Failed));

    private static string Suggest(string name, IEnumerable<string> candidates)
    {
        var best = candidates.Select(c => (c, d: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(x => x.d <= Math.Max(2, name.Length / 3)).OrderBy(x => x.d).FirstOrDefault();
        return best.c is null ? string.Empty : $"; did you mean '{best.c}'?";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }

    /// <summary>A text literal in the RiskTriage expression language.</summary>
    internal static string Quote(string text)
    {
        var builder = new StringBuilder("'");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\'' => "\\'",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('\'').ToString();
    }
}

/// <summary>The run-time exceptions of RulesEngine that a lowered rule reports, with .NET's own messages.</summary>
internal static class ErrorKinds
{
    public const string NullReference = "NRE";
    public const string DivideByZero = "DIV0";
    public const string Empty = "EMPTY";
    public const string ArgumentNullSource = "ANS";
    public const string ArgumentNullValue = "ANV";
    public const string Index = "IDX";

    public static string Message(string kind) => kind switch
    {
        NullReference => "Object reference not set to an instance of an object.",
        DivideByZero => "Attempted to divide by zero.",
        Empty => "Sequence contains no elements",
        ArgumentNullSource => "Value cannot be null. (Parameter 'source')",
        ArgumentNullValue => "Value cannot be null. (Parameter 'value')",
        Index => "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')",
        _ => kind,
    };

    public static string TypeName(string kind) => kind switch
    {
        NullReference => "System.NullReferenceException",
        DivideByZero => "System.DivideByZeroException",
        Empty => "System.InvalidOperationException",
        Index => "System.ArgumentOutOfRangeException",
        _ => "System.ArgumentNullException",
    };
}
