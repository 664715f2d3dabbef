using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Expressions.Evaluation;

/// <summary>
/// A slow, obviously-correct tree-walking evaluator over <see cref="CaseRecord"/>s. It is the oracle the
/// tests hold the compiled delegates to: both must give the same value for every well-typed expression.
/// Values are plain objects: null (missing), bool, double, string, DateOnly, CaseRecord, arrays.
/// </summary>
internal sealed class ReferenceEvaluator
{
    private readonly CaseRecord _root;
    private readonly Func<ValueSymbol, object?>? _values;
    private readonly Dictionary<LambdaParameterSymbol, object?> _parameters = [];

    public ReferenceEvaluator(CaseRecord root, Func<ValueSymbol, object?>? values = null)
    {
        _root = root;
        _values = values;
    }

    public object? Evaluate(BoundExpression node) => (_nodes ??= new NodeEvaluator(this)).Visit(node);

    private NodeEvaluator? _nodes;

    private sealed class NodeEvaluator(ReferenceEvaluator evaluator) : BoundTreeVisitor<object?>
    {
        public override object? VisitLiteral(BoundLiteral node) => node.Value;

        public override object? VisitInput(BoundInput node) => Read(evaluator._root, node.Symbol.Property);

        public override object? VisitValueReference(BoundValueReference node) => evaluator._values?.Invoke(node.Symbol);

        public override object? VisitLambdaParameter(BoundLambdaParameter node) => evaluator._parameters[node.Symbol];

        public override object? VisitMember(BoundMember node) => Visit(node.Target) is CaseRecord record ? Read(record, node.Property) : null;

        public override object? VisitIndex(BoundIndex node) => evaluator.EvaluateIndex(node);

        public override object? VisitUnary(BoundUnary node) => evaluator.EvaluateUnary(node);

        public override object? VisitBinary(BoundBinary node) => evaluator.EvaluateBinary(node);

        public override object? VisitIn(BoundIn node) => evaluator.EvaluateIn(node);

        public override object? VisitConditional(BoundConditional node) =>
            IsTrue(Visit(node.Condition)) ? Visit(node.WhenTrue) : Visit(node.WhenFalse);

        public override object? VisitList(BoundList node) => node.Items.Select(Visit).ToArray();

        public override object? VisitCall(BoundCall node) => evaluator.EvaluateCall(node);

        public override object? VisitListMethod(BoundListMethod node) => evaluator.EvaluateListMethod(node);

        public override object? VisitError(BoundError node) => throw new InvalidOperationException("cannot evaluate BoundError");
    }

    private static object? Read(CaseRecord record, PropertyDef property)
    {
        var field = record.Fields[property.Index];
        return property.Type.Kind switch
        {
            TypeKind.Number => field.AsNumber(),
            TypeKind.Bool => field.AsBool(),
            TypeKind.Date => field.AsDate(),
            _ => field.Reference,
        };
    }

    private static bool IsTrue(object? value) => value is true;

    private static List<object?>? Items(object? list) => list is System.Collections.IEnumerable e ? e.Cast<object?>().ToList() : null;

    private object? EvaluateIndex(BoundIndex index)
    {
        var items = Items(Evaluate(index.Target));
        return items is not null && Evaluate(index.Index) is double d && d >= 0 && d < items.Count && d == Math.Floor(d) ? items[(int)d] : null;
    }

    private object? EvaluateUnary(BoundUnary unary)
    {
        var operand = Evaluate(unary.Operand);
        return unary.Operator switch
        {
            BoundUnaryOperator.Negate => operand is double d ? -d : null,
            _ => operand is bool b ? !b : null,
        };
    }

    private object? EvaluateBinary(BoundBinary binary)
    {
        switch (binary.Operator)
        {
            case BoundBinaryOperator.And:
            {
                var left = Evaluate(binary.Left);
                if (left is false)
                {
                    return false;
                }

                return RuntimeFunctions.And((bool?)left, (bool?)Evaluate(binary.Right));
            }

            case BoundBinaryOperator.Or:
            {
                var left = Evaluate(binary.Left);
                if (left is true)
                {
                    return true;
                }

                return RuntimeFunctions.Or((bool?)left, (bool?)Evaluate(binary.Right));
            }

            case BoundBinaryOperator.Coalesce:
                return Evaluate(binary.Left) ?? Evaluate(binary.Right);
        }

        var l = Evaluate(binary.Left);
        var r = Evaluate(binary.Right);
        switch (binary.Operator)
        {
            case BoundBinaryOperator.Equal:
                return ValuesEqual(l, r);
            case BoundBinaryOperator.NotEqual:
                return !ValuesEqual(l, r);
            case BoundBinaryOperator.Concat:
                return RuntimeFunctions.Concat(l as string ?? RuntimeFunctions.FormatNumber(l as double?), r as string ?? RuntimeFunctions.FormatNumber(r as double?));
            case BoundBinaryOperator.Divide:
                return RuntimeFunctions.Divide(l as double?, r as double?);
            case BoundBinaryOperator.Modulo:
                return RuntimeFunctions.Modulo(l as double?, r as double?);
        }

        if (l is null || r is null)
        {
            return binary.Type.Kind == TypeKind.Bool ? false : null;
        }

        var c = l is DateOnly ld ? ld.CompareTo((DateOnly)r) : ((double)l).CompareTo((double)r);
        var x = l as double? ?? 0;
        var y = r as double? ?? 0;
        return binary.Operator switch
        {
            BoundBinaryOperator.Add => x + y,
            BoundBinaryOperator.Subtract => x - y,
            BoundBinaryOperator.Multiply => x * y,
            BoundBinaryOperator.Less => l is double ? x < y : c < 0,
            BoundBinaryOperator.LessOrEqual => l is double ? x <= y : c <= 0,
            BoundBinaryOperator.Greater => l is double ? x > y : c > 0,
            BoundBinaryOperator.GreaterOrEqual => l is double ? x >= y : c >= 0,
            _ => throw new InvalidOperationException(binary.Operator.ToString()),
        };
    }

    /// <summary>Missing equals missing; numbers compare as IEEE doubles (NaN equals nothing).</summary>
    private static bool ValuesEqual(object? l, object? r) => (l, r) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (double a, double b) => a == b,
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        _ => l.Equals(r),
    };

    private object? EvaluateIn(BoundIn node)
    {
        var value = Evaluate(node.Value);
        var items = Items(Evaluate(node.List));
        var found = items is not null && items.Exists(i => ValuesEqual(value, i));

        return node.Negated ? !found : found;
    }

    private object? EvaluateCall(BoundCall call)
    {
        var arguments = call.Arguments.Select(Evaluate).ToArray();
        var method = call.Function.Method;
        if (call.Function.Variadic)
        {
            var accumulator = arguments[0];
            for (var i = 1; i < arguments.Length; i++)
            {
                accumulator = method.Invoke(null, [accumulator, arguments[i]]);
            }

            return accumulator;
        }

        return method.Invoke(null, arguments);
    }

    private object? EvaluateListMethod(BoundListMethod node)
    {
        var items = Items(Evaluate(node.Source));
        if (node.Method == ListMethod.Where)
        {
            return items?.Where(i => IsTrue(Apply(node, i))).ToArray();
        }

        if (items is null)
        {
            return null;
        }

        switch (node.Method)
        {
            case ListMethod.Any:
                return node.Argument is null ? items.Count > 0 : items.Exists(i => IsTrue(Apply(node, i)));
            case ListMethod.All:
                return items.TrueForAll(i => IsTrue(Apply(node, i)));
            case ListMethod.Count:
                return (double)(node.Argument is null ? items.Count : items.Count(i => IsTrue(Apply(node, i))));
            case ListMethod.Contains:
                var sought = Evaluate(node.Argument!);
                return items.Exists(i => ValuesEqual(i, sought));
            case ListMethod.CountDistinct:
                var distinct = new List<object>();
                foreach (var item in items)
                {
                    if (item is not null && !distinct.Exists(d => ValuesEqual(d, item)))
                    {
                        distinct.Add(item);
                    }
                }

                return (double)distinct.Count;
        }

        var numbers = items.Select(i => node.Argument is null ? i : Apply(node, i)).OfType<double>().ToList();
        return node.Method switch
        {
            ListMethod.Sum => numbers.Sum(),
            ListMethod.Min => numbers.Count == 0 ? null : numbers.Aggregate((a, b) => b < a ? b : a),
            ListMethod.Max => numbers.Count == 0 ? null : numbers.Aggregate((a, b) => b > a ? b : a),
            _ => throw new InvalidOperationException(node.Method.ToString()),
        };
    }

    private object? Apply(BoundListMethod node, object? item)
    {
        _parameters[node.Parameter!] = item;
        return Evaluate(node.Argument!);
    }
}
