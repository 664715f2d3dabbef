using System.Linq.Expressions;
using System.Reflection;
using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Expressions.Compilation;

// List methods, compiled to inline loops so that no delegate or closure is allocated per evaluation.
internal sealed partial class ExpressionCompiler
{
    private Expression CompileListMethod(BoundListMethod node)
    {
        // Fuse xs.Where(p).Count(q) into one loop over xs with both tests.
        var filters = new List<(LambdaParameterSymbol Parameter, BoundExpression Predicate)>();
        var source = node.Source;
        // Contains and Distinct().Count() have no filtered loop: they read a Where source as a materialised list.
        while (node.Method is not (ListMethod.Contains or ListMethod.CountDistinct) && source is BoundListMethod { Method: ListMethod.Where } where)
        {
            filters.Insert(0, (where.Parameter!, where.Argument!));
            source = where.Source;
        }

        var list = Compile(source);
        var elementType = source.Type.Element!;
        if (filters.Count == 0 && CodesFound(node, list) is { } found)
        {
            return found;
        }

        return node.Method switch
        {
            ListMethod.Any => Aggregate(list, elementType, filters, node, typeof(bool?), Expression.Constant(false, typeof(bool?)),
                (item, acc, done) => node.Argument is null
                    ? Expression.Block(Expression.Assign(acc, Expression.Constant(true, typeof(bool?))), Expression.Break(done))
                    : Expression.IfThen(Body(node), Expression.Block(Expression.Assign(acc, Expression.Constant(true, typeof(bool?))), Expression.Break(done)))),
            ListMethod.All => Aggregate(list, elementType, filters, node, typeof(bool?), Expression.Constant(true, typeof(bool?)),
                (item, acc, done) => Expression.IfThen(Expression.Not(Body(node)),
                    Expression.Block(Expression.Assign(acc, Expression.Constant(false, typeof(bool?))), Expression.Break(done)))),
            ListMethod.Count => Aggregate(list, elementType, filters, node, typeof(double?), Expression.Constant(0d, typeof(double?)),
                (item, acc, _) => node.Argument is null
                    ? Increment(acc)
                    : Expression.IfThen(Body(node), Increment(acc))),
            ListMethod.Sum => Aggregate(list, elementType, filters, node, typeof(double?), Expression.Constant(0d, typeof(double?)),
                (item, acc, _) => Let(Lift(node.Argument is null ? item : Compile(node.Argument)), v =>
                    Expression.IfThen(Expression.Property(v, "HasValue"), Expression.Assign(acc, Expression.Add(acc, v))))),
            ListMethod.Min or ListMethod.Max => Aggregate(list, elementType, filters, node, typeof(double?), Expression.Constant(null, typeof(double?)),
                (item, acc, _) => Let(Lift(node.Argument is null ? item : Compile(node.Argument)), v =>
                    Expression.IfThen(
                        Expression.AndAlso(Expression.Property(v, "HasValue"),
                            Expression.OrElse(Expression.Not(Expression.Property(acc, "HasValue")),
                                node.Method == ListMethod.Min
                                    ? Expression.LessThan(v, acc, false, null)
                                    : Expression.GreaterThan(v, acc, false, null))),
                        Expression.Assign(acc, v)))),
            ListMethod.Contains => filters.Count == 0
                ? ContainsValue(list, elementType, IsNullLiteral(node.Argument!) ? Expression.Constant(null, NullableClr(elementType)) : Compile(node.Argument!))
                : throw new InvalidOperationException("Contains after Where"),
            ListMethod.CountDistinct => CountDistinct(list, elementType),
            ListMethod.Where => Materialise(list, elementType, filters, node),
            _ => throw new InvalidOperationException(node.Method.ToString()),
        };
    }

    /// <summary><c>list.Contains(sought)</c>: a constant list of texts without a loop, any other list by one.</summary>
    private Expression ContainsValue(Expression list, DataType elementType, Expression sought) =>
        InConstantTexts(list, sought) is { } test ? Expression.Convert(test, typeof(bool?)) : ContainsLoop(list, elementType, sought);

    /// <summary>
    /// A test of <paramref name="value"/> against a constant list of texts (a rule set's list of levels or codes, as
    /// in <c>levels.Contains(x)</c>): compares against each text in turn, or for a long list one <see cref="TextSet"/>
    /// lookup, instead of a loop over the list. Null when <paramref name="list"/> is not such a list. (<c>x in
    /// levels</c> does not come here: a list parameter after <c>in</c> is bound as its literals, compared in turn.)
    /// </summary>
    private static Expression? InConstantTexts(Expression list, Expression value)
    {
        if (list is not ConstantExpression { Value: string?[] texts } || value.Type != typeof(string) || texts.Any(t => t is null))
        {
            return null;
        }

        if (texts.Length > UnrolledTexts)
        {
            return TextSet.TryCreate(texts) is { } set
                ? Let(value, v => Expression.NotEqual(Expression.Call(Expression.Constant(set), MaskOfMethod, v), Expression.Constant(0UL)))
                : null;
        }

        return Let(value, v => Grouped(texts.Select(t => (Expression)Expression.Call(StringEquals, v, Expression.Constant(string.Intern(t!)))).ToList(), Expression.OrElse)
            ?? Expression.Constant(false));
    }

    /// <summary>
    /// <c>codes.Count(c => xs.Contains(c))</c> and <c>codes.Any(c => xs.Contains(c))</c> over a constant list of texts
    /// (how many of a rule set's codes a case's list holds): one pass over <c>xs</c> that sets a bit for each code
    /// found, instead of a search of <c>xs</c> for every code. Null when <paramref name="node"/> is not of that shape.
    /// </summary>
    private Expression? CodesFound(BoundListMethod node, Expression codes)
    {
        if (node is not { Method: ListMethod.Count or ListMethod.Any, Parameter: { } parameter, Argument: BoundListMethod { Method: ListMethod.Contains } contains }
            || contains.Argument is not BoundLambdaParameter sought
            || sought.Symbol != parameter
            || contains.Source.Type.Element is not { Kind: TypeKind.String } element
            || Mentions(contains.Source, parameter)
            || codes is not ConstantExpression { Value: string?[] texts }
            || TextSet.TryCreate(texts) is not { } set)
        {
            return null;
        }

        // A missing item of xs matches no code. When xs itself is missing, Contains gives missing (not true) for
        // every code, so nothing is counted: the mask stays 0, as the loop below does not run.
        var mask = Expression.Variable(typeof(ulong), "found");
        var loop = Loop(Compile(contains.Source), element, (item, _, _) =>
            Expression.OrAssign(mask, Expression.Call(Expression.Constant(set), MaskOfMethod, Coerce(item, typeof(string)))));
        Expression result = node.Method == ListMethod.Count
            ? Expression.Convert(Expression.Call(PositionsInMethod, mask), typeof(double?))
            : Expression.Convert(Expression.NotEqual(mask, Expression.Constant(0UL)), typeof(bool?));
        return Expression.Block(result.Type, [mask], Expression.Assign(mask, Expression.Constant(0UL)), loop, result);
    }

    /// <summary>Whether <paramref name="node"/> reads the lambda parameter <paramref name="parameter"/>.</summary>
    private static bool Mentions(BoundExpression? node, LambdaParameterSymbol parameter) =>
        node is not null && new MentionFinder(parameter).Visit(node);

    private sealed class MentionFinder(LambdaParameterSymbol parameter) : BoundTreeVisitor<bool>
    {
        public override bool VisitLiteral(BoundLiteral node) => false;

        public override bool VisitInput(BoundInput node) => false;

        public override bool VisitValueReference(BoundValueReference node) => false;

        public override bool VisitLambdaParameter(BoundLambdaParameter node) => node.Symbol == parameter;

        public override bool VisitMember(BoundMember node) => Visit(node.Target);

        public override bool VisitIndex(BoundIndex node) => Visit(node.Target) || Visit(node.Index);

        public override bool VisitUnary(BoundUnary node) => Visit(node.Operand);

        public override bool VisitBinary(BoundBinary node) => Visit(node.Left) || Visit(node.Right);

        public override bool VisitIn(BoundIn node) => Visit(node.Value) || Visit(node.List);

        public override bool VisitConditional(BoundConditional node) => Visit(node.Condition) || Visit(node.WhenTrue) || Visit(node.WhenFalse);

        public override bool VisitList(BoundList node) => node.Items.Any(Visit);

        public override bool VisitCall(BoundCall node) => node.Arguments.Any(Visit);

        public override bool VisitListMethod(BoundListMethod node) => Visit(node.Source) || (node.Argument is { } argument && Visit(argument));

        public override bool VisitError(BoundError node) => false;
    }

    private static Expression Increment(ParameterExpression acc) =>
        Expression.Assign(acc, Expression.Add(acc, Expression.Constant(1d, typeof(double?))));

    private Expression Body(BoundListMethod node) => CompileCondition(node.Argument!);

    /// <summary>
    /// Builds: result = null; if (list != null) { result = seed; for each item passing the filters: step }.
    /// The lambda parameter of the method and of every fused Where is bound to the current item.
    /// </summary>
    private Expression Aggregate(Expression list, DataType elementType, List<(LambdaParameterSymbol Parameter, BoundExpression Predicate)> filters,
        BoundListMethod node, Type resultType, Expression seed, Func<Expression, ParameterExpression, LabelTarget, Expression> step)
    {
        var result = Expression.Variable(resultType, "result");
        var loop = Loop(list, elementType, (item, done, next) =>
        {
            foreach (var (parameter, _) in filters)
            {
                _parameters[parameter] = item;
            }

            if (node.Parameter is not null)
            {
                _parameters[node.Parameter] = item;
            }

            var body = new List<Expression>();
            foreach (var (_, predicate) in filters)
            {
                body.Add(Expression.IfThen(Expression.Not(CompileCondition(predicate)), Expression.Continue(next)));
            }

            body.Add(step(item, result, done));
            return Expression.Block(body);
        }, Expression.Assign(result, seed));
        return Expression.Block(resultType, [result], Expression.Assign(result, Expression.Constant(null, resultType)), loop, result);
    }

    /// <summary>A loop over a list that runs <paramref name="onStart"/> first when the list is present.</summary>
    private Expression Loop(Expression list, DataType elementType, Func<Expression, LabelTarget, LabelTarget, Expression> body, Expression? onStart = null)
    {
        var l = Expression.Variable(list.Type, "list");
        var i = Expression.Variable(typeof(int), "i");
        var n = Expression.Variable(typeof(int), "n");
        var view = ListAccess.View(l);
        var raw = view.Item(i);
        var converted = _binding.Element(raw, elementType);
        var item = Expression.Variable(converted.Type, "item");
        var done = Expression.Label("done");
        var next = Expression.Label("next");
        var loopBody = Expression.Block(
            [item],
            Expression.IfThen(Expression.GreaterThanOrEqual(i, n), Expression.Break(done)),
            Expression.Assign(item, converted),
            body(item, done, next),
            Expression.Label(next),
            Expression.PostIncrementAssign(i));
        var start = new List<Expression>();
        if (onStart is not null)
        {
            start.Add(onStart);
        }

        start.AddRange(view.Setup);
        start.Add(Expression.Assign(n, view.Count));
        start.Add(Expression.Assign(i, Expression.Constant(0)));
        start.Add(Expression.Loop(loopBody, done));
        return Expression.Block(
            [l, i, n, .. view.Variables],
            Expression.Assign(l, list),
            Expression.IfThen(Expression.NotEqual(l, Expression.Constant(null, l.Type)), Expression.Block(start)));
    }

    private Expression ContainsLoop(Expression list, DataType elementType, Expression sought)
    {
        var result = Expression.Variable(typeof(bool?), "found");
        return Let(sought, s =>
        {
            // Every item of a list of nulls ([], [null]) is missing: only a missing value is found there.
            var loop = Loop(list, elementType, (item, done, _) =>
                Expression.IfThen(
                    elementType.Kind != TypeKind.Null ? EqualValues(item, s)
                    : CanBeNull(s.Type) ? Expression.Equal(s, Expression.Constant(null, s.Type))
                    : Expression.Constant(false),
                    Expression.Block(Expression.Assign(result, Expression.Constant(true, typeof(bool?))), Expression.Break(done))),
                Expression.Assign(result, Expression.Constant(false, typeof(bool?))));
            return Expression.Block(typeof(bool?), [result], Expression.Assign(result, Expression.Constant(null, typeof(bool?))), loop, result);
        });
    }

    /// <summary>Counts distinct present items by comparing each with the earlier ones: no set is allocated.</summary>
    private Expression CountDistinct(Expression list, DataType elementType)
    {
        var access = ListAccess.For(list.Type);
        var l = Expression.Variable(list.Type, "list");
        var i = Expression.Variable(typeof(int), "i");
        var j = Expression.Variable(typeof(int), "j");
        var n = Expression.Variable(typeof(int), "n");
        var count = Expression.Variable(typeof(double?), "count");
        var seen = Expression.Variable(typeof(bool), "seen");
        var itemI = Lift(_binding.Element(access.Item(l, i), elementType));
        var current = Expression.Variable(itemI.Type, "current");
        var outerDone = Expression.Label("outerDone");
        var innerDone = Expression.Label("innerDone");
        var inner = Expression.Loop(
            Expression.Block(
                Expression.IfThen(Expression.GreaterThanOrEqual(j, i), Expression.Break(innerDone)),
                Expression.IfThen(EqualValues(Coerce(_binding.Element(access.Item(l, j), elementType), current.Type), current),
                    Expression.Block(Expression.Assign(seen, Expression.Constant(true)), Expression.Break(innerDone))),
                Expression.PostIncrementAssign(j)),
            innerDone);
        var outer = Expression.Loop(
            Expression.Block(
                [current],
                Expression.IfThen(Expression.GreaterThanOrEqual(i, n), Expression.Break(outerDone)),
                Expression.Assign(current, Coerce(itemI, current.Type)),
                Expression.IfThen(Expression.NotEqual(current, Expression.Constant(null, current.Type)),
                    Expression.Block(
                        Expression.Assign(seen, Expression.Constant(false)),
                        Expression.Assign(j, Expression.Constant(0)),
                        inner,
                        Expression.IfThen(Expression.Not(seen), Increment(count)))),
                Expression.PostIncrementAssign(i)),
            outerDone);
        return Expression.Block(typeof(double?), [l, i, j, n, count, seen],
            Expression.Assign(l, list),
            Expression.Assign(count, Expression.Constant(null, typeof(double?))),
            Expression.IfThen(Expression.NotEqual(l, Expression.Constant(null, l.Type)),
                Expression.Block(
                    Expression.Assign(count, Expression.Constant(0d, typeof(double?))),
                    Expression.Assign(n, access.Count(l)),
                    Expression.Assign(i, Expression.Constant(0)),
                    outer)),
            count);
    }

    /// <summary>A standalone Where: copies the passing items into a new array (only when the list itself is the result).</summary>
    private Expression Materialise(Expression list, DataType elementType, List<(LambdaParameterSymbol Parameter, BoundExpression Predicate)> filters, BoundListMethod node)
    {
        filters.Add((node.Parameter!, node.Argument!));
        var probe = _binding.Element(ListAccess.For(list.Type).Item(Expression.Default(list.Type), Expression.Constant(0)), elementType);
        var builderType = typeof(List<>).MakeGenericType(probe.Type);
        var builder = Expression.Variable(builderType, "builder");
        var result = Expression.Variable(probe.Type.MakeArrayType(), "filtered");
        var loop = Loop(list, elementType, (item, _, next) =>
        {
            foreach (var (parameter, _) in filters)
            {
                _parameters[parameter] = item;
            }

            var body = filters.Select(f => (Expression)Expression.IfThen(Expression.Not(CompileCondition(f.Predicate)), Expression.Continue(next))).ToList();
            body.Add(Expression.Call(builder, builderType.GetMethod("Add")!, item));
            return Expression.Block(body);
        }, Expression.Assign(builder, Expression.New(builderType)));
        return Expression.Block(result.Type, [builder, result],
            Expression.Assign(builder, Expression.Constant(null, builderType)),
            loop,
            Expression.Condition(Expression.Equal(builder, Expression.Constant(null, builderType)),
                Expression.Constant(null, result.Type),
                Expression.Call(builder, builderType.GetMethod("ToArray")!)));
    }
}
