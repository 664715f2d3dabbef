using System.Collections;
using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Interpretation;

/// <summary>
/// Evaluates a bound expression by walking it, node by node, with the meanings of <see cref="Semantics"/>: the
/// readable statement of what every node of the language does, and the oracle the compiled code is held to. One
/// interpreter serves one case at a time (it holds the lambda parameters in scope); it is cheap to create.
/// </summary>
/// <remarks>
/// Values are plain objects (see <see cref="Semantics"/>); an object of the case is its <see cref="CaseRecord"/> and a
/// list any <see cref="IList"/> (the reader's typed arrays, or the interpreter's own <c>object?[]</c>).
/// </remarks>
internal sealed class ExpressionInterpreter : BoundTreeVisitor<object?>
{
    private readonly CaseRecord _case;
    private readonly Func<ValueSymbol, object?> _values;
    private readonly Dictionary<LambdaParameterSymbol, object?> _items = [];

    /// <param name="case">The case the expression reads its inputs from.</param>
    /// <param name="values">The rule set's named values computed so far.</param>
    public ExpressionInterpreter(CaseRecord @case, Func<ValueSymbol, object?> values)
    {
        _case = @case;
        _values = values;
    }

    /// <summary>The rule-set element being evaluated ("the value 'x'"), which an error about an overlong text names.</summary>
    public string? Element { get; set; }

    /// <summary>The value of <paramref name="node"/>.</summary>
    /// <exception cref="EvaluationLimitException">The expression would build a text longer than the limit.</exception>
    public object? Evaluate(BoundExpression node) => Visit(node);

    /// <summary>Whether a condition holds: only <c>true</c> does; false and missing do not.</summary>
    public bool Holds(BoundExpression node) => Visit(node) is true;

    // ---- Names -------------------------------------------------------------------------------------

    public override object? VisitLiteral(BoundLiteral node) => node.Value;

    public override object? VisitInput(BoundInput node) => ReadField(_case, node.Symbol.Property);

    public override object? VisitValueReference(BoundValueReference node) => _values(node.Symbol);

    public override object? VisitLambdaParameter(BoundLambdaParameter node) =>
        _items.TryGetValue(node.Symbol, out var item) ? item : throw new InvalidOperationException($"the item '{node.Symbol.Name}' is read outside its lambda");

    public override object? VisitMember(BoundMember node) => Visit(node.Target) is CaseRecord record ? ReadField(record, node.Property) : null;

    /// <summary>A field of the case or of one of its objects; a declared default stands in for a missing value.</summary>
    internal static object? ReadField(CaseRecord record, PropertyDef property)
    {
        var field = record.Fields[property.Index];
        if (field.Reference is null)
        {
            return property.Default;
        }

        return property.Type.Kind switch
        {
            TypeKind.Number => field.Number,
            TypeKind.Bool => field.Number != 0,
            TypeKind.Date => DateOnly.FromDayNumber((int)field.Number),
            _ => field.Reference,
        };
    }

    // ---- Lists by position -------------------------------------------------------------------------

    public override object? VisitIndex(BoundIndex node)
    {
        var list = Visit(node.Target) as IList;
        var position = Visit(node.Index);
        if (list is null || position is not double p || !(p >= 0) || p >= list.Count || p != Math.Floor(p))
        {
            return null;
        }

        return list[(int)p];
    }

    // ---- Operators ---------------------------------------------------------------------------------

    public override object? VisitUnary(BoundUnary node)
    {
        var operand = Visit(node.Operand);
        return node.Operator switch
        {
            BoundUnaryOperator.Negate => operand is double x ? -x : null,
            BoundUnaryOperator.Not => operand is bool b ? !b : null,
            _ => throw Unknown(node.Operator),
        };
    }

    public override object? VisitBinary(BoundBinary node)
    {
        switch (node.Operator)
        {
            case BoundBinaryOperator.And:
                // Three-valued: false decides (the right side is not evaluated); otherwise missing beats true.
                var left = Visit(node.Left);
                if (left is false)
                {
                    return false;
                }

                var right = Visit(node.Right);
                return right is false ? false : left is null || right is null ? null : true;
            case BoundBinaryOperator.Or:
                // Three-valued: true decides; otherwise missing beats false.
                var first = Visit(node.Left);
                if (first is true)
                {
                    return true;
                }

                var second = Visit(node.Right);
                return second is true ? true : first is null || second is null ? null : false;
            case BoundBinaryOperator.Coalesce:
                return Visit(node.Left) ?? Visit(node.Right);
        }

        var a = Visit(node.Left);
        var b = Visit(node.Right);
        return node.Operator switch
        {
            BoundBinaryOperator.Equal => Semantics.AreEqual(a, b),
            BoundBinaryOperator.NotEqual => !Semantics.AreEqual(a, b),
            BoundBinaryOperator.Less => Semantics.Order(a, b) is < 0,
            BoundBinaryOperator.LessOrEqual => Semantics.Order(a, b) is <= 0,
            BoundBinaryOperator.Greater => Semantics.Order(a, b) is > 0,
            BoundBinaryOperator.GreaterOrEqual => Semantics.Order(a, b) is >= 0,
            BoundBinaryOperator.Add => a is double x && b is double y ? x + y : null,
            BoundBinaryOperator.Subtract => a is double x && b is double y ? x - y : null,
            BoundBinaryOperator.Multiply => a is double x && b is double y ? x * y : null,
            BoundBinaryOperator.Divide => Semantics.Divide(a, b),
            BoundBinaryOperator.Modulo => Semantics.Remainder(a, b),
            BoundBinaryOperator.Concat => Join(AsText(a), AsText(b)),
            _ => throw Unknown(node.Operator),
        };
    }

    /// <summary>A side of <c>+</c> on texts: a number joins as its shortest round-trip text.</summary>
    private static string? AsText(object? value) => value switch
    {
        string text => text,
        double number => Semantics.NumberText(number),
        _ => null,
    };

    /// <summary>Joins two texts, refusing (before allocating it) a text longer than an expression may build.</summary>
    private string? Join(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        var length = (long)a.Length + b.Length;
        if (length > EvaluationLimitException.MaxTextLength)
        {
            throw EvaluationLimitException.TextTooLong(length, Element);
        }

        return a + b;
    }

    /// <summary><c>x in list</c>: whether an item equals x (missing is in a list holding a missing item); a missing list holds nothing.</summary>
    public override object? VisitIn(BoundIn node)
    {
        var value = Visit(node.Value);
        var found = Visit(node.List) is IList list && IndexOf(list, value) >= 0;
        return node.Negated ? !found : found;
    }

    private static int IndexOf(IList list, object? value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (Semantics.AreEqual(list[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    public override object? VisitConditional(BoundConditional node) =>
        Holds(node.Condition) ? Visit(node.WhenTrue) : Visit(node.WhenFalse);

    public override object? VisitList(BoundList node)
    {
        var items = new object?[node.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Visit(node.Items[i]);
        }

        return items;
    }

    // ---- Functions ---------------------------------------------------------------------------------

    public override object? VisitCall(BoundCall node)
    {
        var arguments = new object?[node.Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Visit(node.Arguments[i]);
        }

        return Call(node.Function.Name, arguments);
    }

    /// <summary>
    /// The function <paramref name="name"/> of the function table applied to <paramref name="arguments"/>. Every
    /// function gives missing when an argument is missing.
    /// </summary>
    internal static object? Call(string name, object?[] arguments)
    {
        if (Array.Exists(arguments, a => a is null))
        {
            return null;
        }

        return (name, arguments.Length) switch
        {
            ("min", >= 2) => Fold(arguments, Semantics.Smaller),
            ("max", >= 2) => Fold(arguments, Semantics.Larger),
            ("abs", 1) => Math.Abs(Number(arguments[0])),
            ("round", 1) => Semantics.Round(Number(arguments[0]), 0),
            ("round", 2) => Semantics.Round(Number(arguments[0]), Number(arguments[1])),
            ("floor", 1) => Math.Floor(Number(arguments[0])),
            ("ceil", 1) => Math.Ceiling(Number(arguments[0])),
            ("clamp", 3) => Semantics.Clamp(Number(arguments[0]), Number(arguments[1]), Number(arguments[2])),
            ("exp", 1) => Semantics.FiniteOrMissing(Math.Exp(Number(arguments[0]))),
            ("ln", 1) => Number(arguments[0]) is var x && x > 0 ? Semantics.FiniteOrMissing(Math.Log(x)) : null,
            ("log10", 1) => Number(arguments[0]) is var x && x > 0 ? Semantics.FiniteOrMissing(Math.Log10(x)) : null,
            ("pow", 2) => Semantics.FiniteOrMissing(Math.Pow(Number(arguments[0]), Number(arguments[1]))),
            ("sqrt", 1) => Number(arguments[0]) is var x && x >= 0 ? Math.Sqrt(x) : null,
            ("logistic", 1) => Semantics.Logistic(Number(arguments[0])),
            ("daysBetween", 2) => (double)(Date(arguments[1]).DayNumber - Date(arguments[0]).DayNumber),
            ("yearsBetween", 2) => Semantics.YearsBetween(Date(arguments[0]), Date(arguments[1])),
            ("addYears", 2) => Semantics.AddYears(Date(arguments[0]), Number(arguments[1])),
            ("addDays", 2) => Semantics.AddDays(Date(arguments[0]), Number(arguments[1])),
            ("date", 1) => Semantics.ParseDate(Text(arguments[0])),
            ("lower", 1) => Text(arguments[0]).ToLowerInvariant(),
            ("upper", 1) => Text(arguments[0]).ToUpperInvariant(),
            ("trim", 1) => Text(arguments[0]).Trim(),
            ("startsWith", 2) => Text(arguments[0]).StartsWith(Text(arguments[1]), StringComparison.Ordinal),
            ("endsWith", 2) => Text(arguments[0]).EndsWith(Text(arguments[1]), StringComparison.Ordinal),
            ("contains", 2) => Text(arguments[0]).Contains(Text(arguments[1]), StringComparison.Ordinal),
            ("len", 1) => (double)Text(arguments[0]).Length,
            _ => throw new InvalidOperationException($"the interpreter has no meaning for the function {name} with {arguments.Length} arguments"),
        };
    }

    private static double Number(object? value) => (double)value!;

    private static DateOnly Date(object? value) => (DateOnly)value!;

    private static string Text(object? value) => (string)value!;

    private static double Fold(object?[] arguments, Func<double, double, double> pair)
    {
        var result = Number(arguments[0]);
        for (var i = 1; i < arguments.Length; i++)
        {
            result = pair(result, Number(arguments[i]));
        }

        return result;
    }

    // ---- List methods ------------------------------------------------------------------------------

    public override object? VisitListMethod(BoundListMethod node)
    {
        // Every method of a missing list is missing, Where included.
        if (Visit(node.Source) is not IList list)
        {
            return null;
        }

        switch (node.Method)
        {
            case ListMethod.Any:
                for (var i = 0; i < list.Count; i++)
                {
                    if (node.Argument is null || Test(node, list[i]))
                    {
                        return true;
                    }
                }

                return false;
            case ListMethod.All:
                for (var i = 0; i < list.Count; i++)
                {
                    if (!Test(node, list[i]))
                    {
                        return false;
                    }
                }

                return true;
            case ListMethod.Count:
                var count = 0;
                for (var i = 0; i < list.Count; i++)
                {
                    if (node.Argument is null || Test(node, list[i]))
                    {
                        count++;
                    }
                }

                return (double)count;
            case ListMethod.Sum:
                var sum = 0d;
                for (var i = 0; i < list.Count; i++)
                {
                    if (Project(node, list[i]) is double x)
                    {
                        sum += x;
                    }
                }

                return sum;
            case ListMethod.Min or ListMethod.Max:
                // The first present number, replaced only by one strictly beyond it (so a NaN never replaces one, nor is replaced).
                double? best = null;
                for (var i = 0; i < list.Count; i++)
                {
                    if (Project(node, list[i]) is double x && (best is not { } b || (node.Method == ListMethod.Min ? x < b : x > b)))
                    {
                        best = x;
                    }
                }

                return best;
            case ListMethod.Contains:
                return IndexOf(list, Visit(node.Argument!)) >= 0;
            case ListMethod.CountDistinct:
                var distinct = 0;
                for (var i = 0; i < list.Count; i++)
                {
                    var item = list[i];
                    if (item is not null && IndexOf(Before(list, i), item) < 0)
                    {
                        distinct++;
                    }
                }

                return (double)distinct;
            case ListMethod.Where:
                var kept = new List<object?>();
                for (var i = 0; i < list.Count; i++)
                {
                    if (Test(node, list[i]))
                    {
                        kept.Add(list[i]);
                    }
                }

                return kept.ToArray();
            default:
                throw Unknown(node.Method);
        }
    }

    /// <summary>The items of <paramref name="list"/> before position <paramref name="end"/>.</summary>
    private static object?[] Before(IList list, int end)
    {
        var items = new object?[end];
        for (var i = 0; i < end; i++)
        {
            items[i] = list[i];
        }

        return items;
    }

    /// <summary>Whether the method's lambda holds for <paramref name="item"/>.</summary>
    private bool Test(BoundListMethod node, object? item) => Apply(node, item) is true;

    /// <summary>The value a Sum, Min or Max adds up: the lambda's result, or the item itself without a lambda.</summary>
    private object? Project(BoundListMethod node, object? item) => node.Argument is null ? item : Apply(node, item);

    private object? Apply(BoundListMethod node, object? item)
    {
        var parameter = node.Parameter!;
        var outer = _items.TryGetValue(parameter, out var previous);
        _items[parameter] = item;
        try
        {
            return Visit(node.Argument!);
        }
        finally
        {
            if (outer)
            {
                _items[parameter] = previous;
            }
            else
            {
                _items.Remove(parameter);
            }
        }
    }

    public override object? VisitError(BoundError node) =>
        throw new InvalidOperationException("an expression with errors cannot be evaluated; the rule set did not load");

    private static InvalidOperationException Unknown<T>(T kind)
        where T : Enum => new($"the interpreter has no meaning for {typeof(T).Name}.{kind}");
}
