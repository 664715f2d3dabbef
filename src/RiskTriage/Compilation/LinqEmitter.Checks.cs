using System.Linq.Expressions;
using System.Reflection;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Lowering;
using RiskTriage.Lowering.Passes;

namespace RiskTriage.Compilation;

internal sealed partial class LinqEmitter
{
    private static readonly MethodInfo AddReviewMethod = typeof(DecisionBuilder).GetMethod(nameof(DecisionBuilder.AddReview))!;

    /// <summary>
    /// Emits input checks reading fields of <paramref name="instance"/>; inside a list item, <paramref name="listPath"/>
    /// (the list's path: a constant, or for a list held by a list item the text made from the outer item's place, run
    /// only when a problem is reported) and <paramref name="index"/> locate the item for messages.
    /// </summary>
    private sealed class CheckEmitter(LinqEmitter e, Expression instance, Expression? listPath, ParameterExpression? index) : InputCheckVisitor<Expression?>
    {
        /// <summary>Enumerations of at most this many values are first checked inline, by reference.</summary>
        private const int InlineEnumValues = 8;

        private ParameterExpression Decision => e._decision;

        public List<Expression> Checks(IReadOnlyList<InputCheck> checks) => [.. checks.Select(Visit).OfType<Expression>()];

        /// <summary>The field's value, or the item itself for a check without a field.</summary>
        private Expression Read(PropertyDef? field) => field is null ? instance : e._binding.Member(instance, field);

        public override Expression? VisitRequired(RequiredCheck check)
        {
            var read = Read(check.Field);
            if (!ExpressionCompiler.CanBeNull(read.Type))
            {
                return null;
            }

            var report = listPath is null
                ? Expression.Call(AddReviewMethod, Decision, Expression.Constant(check.Reason))
                : Expression.Call(typeof(RuntimeHelpers), nameof(RuntimeHelpers.MissingItemField), null, Decision, listPath, index!, Expression.Constant(check.Path));
            return Expression.IfThen(Expression.Equal(read, Expression.Constant(null, read.Type)), report);
        }

        public override Expression? VisitEnum(EnumCheck check)
        {
            var value = Expression.Variable(typeof(string), "text");
            var allowed = Expression.Constant(new EnumValues(check.Values));
            var report = listPath is null
                ? Expression.Call(allowed, nameof(EnumValues.Invalid), null, Decision, Expression.Constant(check.Path), value)
                : Expression.Call(allowed, nameof(EnumValues.InvalidItem), null, Decision, listPath, index!, Expression.Constant(check.Path), value);
            if (listPath is null && e._form.EnumCodes.TryGetValue(check.Path, out var code))
            {
                return Coded(check, code, value, allowed, report);
            }

            Expression notAllowed = Expression.Not(Expression.Call(allowed, nameof(EnumValues.Contains), null, value));
            if (check.Values.Count <= InlineEnumValues)
            {
                // A typed case's value is usually one of the declared (interned) instances: compared here, without a
                // call or a loop, and without stopping at the match (| not ||), so every case runs the same way.
                var same = check.Values.Select(v => (Expression)Expression.ReferenceEqual(value, Expression.Constant(string.Intern(v)))).Aggregate(Expression.Or);
                notAllowed = Expression.AndAlso(Expression.Not(same), notAllowed);
            }

            return Expression.Block([value],
                Expression.Assign(value, Read(check.Field)),
                Expression.IfThen(Expression.AndAlso(Expression.NotEqual(value, Expression.Constant(null, typeof(string))), notAllowed), report));
        }

        /// <summary>
        /// The check of a coded field (see <see cref="LoweredRuleSet.EnumCodes"/>): the value's code found once (by
        /// reference among the interned declared values first), a value without one reported, and the code (the
        /// default's when the value is missing) written to the frame for the parts that compare it.
        /// </summary>
        private Expression Coded(EnumCheck check, EnumCode code, ParameterExpression value, ConstantExpression allowed, Expression report)
        {
            var found = Expression.Variable(typeof(int), "code");
            var isNull = Expression.Equal(value, Expression.Constant(null, typeof(string)));
            Expression lookup = Expression.Condition(isNull, Expression.Constant(-1), Expression.Call(allowed, nameof(EnumValues.CodeOf), null, value));
            if (code.Values.Count <= InlineEnumValues)
            {
                for (var i = code.Values.Count - 1; i >= 0; i--)
                {
                    lookup = Expression.Condition(Expression.ReferenceEqual(value, Expression.Constant(string.Intern(code.Values[i]))), Expression.Constant(i), lookup);
                }
            }

            var held = code.Default < 0 ? (Expression)found : Expression.Condition(isNull, Expression.Constant(code.Default), found);
            return Expression.Block([value, found],
                Expression.Assign(value, Read(check.Field)),
                Expression.Assign(found, lookup),
                Expression.IfThen(Expression.AndAlso(Expression.LessThan(found, Expression.Constant(0)), Expression.Not(isNull)), report),
                Expression.Assign(e.CodeSlot(code), held));
        }

        public override Expression? VisitNumberRange(NumberRangeCheck check)
        {
            var range = check.Range;
            var value = Expression.Variable(typeof(double), "number");

            // Only finite (no declared range, the usual case): one compare of the magnitude, false for NaN, rather than two.
            var inside = range.Min == double.MinValue && range.Max == double.MaxValue
                ? Expression.LessThanOrEqual(Expression.Call(typeof(Math), nameof(Math.Abs), null, value), Expression.Constant(double.MaxValue))
                : Expression.AndAlso(
                    Expression.GreaterThanOrEqual(value, Expression.Constant(range.Min)),
                    Expression.LessThanOrEqual(value, Expression.Constant(range.Max)));
            if (range.Integer)
            {
                inside = Expression.AndAlso(inside, Expression.Equal(value, Expression.Call(typeof(Math), nameof(Math.Floor), null, value)));
            }

            var report = listPath is null
                ? Expression.Call(Expression.Constant(range), nameof(InputRange.Outside), null, Decision, Expression.Constant(check.Path), value)
                : Expression.Call(Expression.Constant(range), nameof(InputRange.OutsideItem), null, Decision, listPath, index!, Expression.Constant(check.Path), value);
            return WhenPresent(Read(check.Field), value, Expression.IfThen(Expression.Not(inside), report));
        }

        public override Expression? VisitDateRange(DateRangeCheck check)
        {
            var dates = check.Range;
            var value = Expression.Variable(typeof(DateOnly), "date");
            var day = Expression.Variable(typeof(int), "day");
            // Below the first day or after the last as one unsigned compare: a day before the first wraps to a large number.
            var outside = Expression.GreaterThan(
                Expression.Convert(Expression.Subtract(day, Expression.Constant(dates.MinDay)), typeof(uint)),
                Expression.Constant((uint)(dates.MaxDay - dates.MinDay)));
            var report = listPath is null
                ? Expression.Call(Expression.Constant(dates), nameof(InputRange.OutsideDate), null, Decision, Expression.Constant(check.Path), value)
                : Expression.Call(Expression.Constant(dates), nameof(InputRange.OutsideDateItem), null, Decision, listPath, index!, Expression.Constant(check.Path), value);
            return WhenPresent(Read(check.Field), value, Expression.Block([day],
                Expression.Assign(day, Expression.Property(value, nameof(DateOnly.DayNumber))),
                Expression.IfThen(outside, report)));
        }

        public override Expression? VisitText(TextCheck check)
        {
            var text = Expression.Variable(typeof(string), "text");
            Expression present = Expression.NotEqual(text, Expression.Constant(null, typeof(string)));
            var call = listPath is null
                ? Expression.Call(typeof(CaseLimitChecks), nameof(CaseLimitChecks.Text), null, Decision, Expression.Constant(check.Path), text, Expression.Constant(check.MaxLength))
                : Expression.Call(typeof(CaseLimitChecks), nameof(CaseLimitChecks.TextItem), null, Decision, listPath, index!, Expression.Constant(check.Path), text, Expression.Constant(check.MaxLength));
            if (listPath is not null)
            {
                // Inside a list item the path is made (from the outer item's place, for a list held by a list item)
                // only for a refused text.
                present = Expression.AndAlso(present, Expression.Call(typeof(CaseLimitChecks), nameof(CaseLimitChecks.Refused), null, text, Expression.Constant(check.MaxLength)));
            }

            return Expression.Block([text],
                Expression.Assign(text, Read(check.Field)),
                Expression.IfThen(present, call));
        }

        public override Expression? VisitObject(ObjectChecks check)
        {
            var read = Read(check.Field);
            var nested = Expression.Variable(read.Type, check.Field!.Name);
            var inner = new CheckEmitter(e, nested, listPath, index).Checks(check.Inner);

            // A missing object's coded fields are missing: their codes are written -1 (the frame keeps the last case's).
            var missing = listPath is null
                ? EnumCodes.Codes(check.Inner).Keys.Select(path => e._form.EnumCodes.GetValueOrDefault(path)).OfType<EnumCode>()
                    .Select(code => (Expression)Expression.Assign(e.CodeSlot(code), Expression.Constant(-1))).ToList()
                : [];
            var present = Expression.NotEqual(nested, Expression.Constant(null, nested.Type));
            return inner.Count == 0 ? null : Expression.Block([nested],
                Expression.Assign(nested, read),
                missing.Count == 0 ? Expression.IfThen(present, Expression.Block(inner)) : Expression.IfThenElse(present, Expression.Block(inner), Expression.Block(missing)));
        }

        public override Expression? VisitList(ListChecks check)
        {
            var read = Read(check.Field);
            var element = check.Field!.Type.Element!;
            var access = ListAccess.For(read.Type);
            var l = Expression.Variable(read.Type, "list");
            var i = Expression.Variable(typeof(int), "i");
            var n = Expression.Variable(typeof(int), "n");
            var item = e._binding.Element(access.Item(l, i), element);
            var itemVar = Expression.Variable(item.Type, "item");
            var done = Expression.Label("done");
            // A list held by a list item is located through that item: "sentences[1].requirements".
            var path = listPath is null ? (Expression)Expression.Constant(check.Path)
                : Expression.Call(typeof(CaseLimitChecks), nameof(CaseLimitChecks.ItemPath), null, listPath, index!, Expression.Constant(check.Path));
            var inner = new CheckEmitter(e, itemVar, path, i).Checks(check.ItemChecks);
            if (inner.Count > 0 && element.Kind == TypeKind.Object)
            {
                inner = [Expression.IfThen(Expression.NotEqual(itemVar, Expression.Constant(null, itemVar.Type)), Expression.Block(inner))];
            }

            if (inner.Count == 0 && check.MaxItems is null)
            {
                return null;
            }

            // A typed list is held to the item limit a JSON list is read with, and the case to its items in all (once
            // over, no later list's items are checked, as a JSON case's are then not read); its items are then checked.
            Expression tooMany = check.MaxItems is not { } max
                ? Expression.Empty()
                : Expression.IfThen(Expression.GreaterThan(n, Expression.Constant(max)),
                    Expression.Block(
                        Expression.Call(typeof(CaseLimitChecks), nameof(CaseLimitChecks.TooManyItems), null, Decision, path, n, Expression.Constant(max)),
                        Expression.Assign(n, Expression.Constant(0))));
            if (e._form.Options.CaseLimits is { } limits)
            {
                var left = e._caseItemsLeft;
                tooMany = Expression.Block(tooMany, Expression.IfThenElse(Expression.GreaterThan(n, left),
                    Expression.Block(
                        Expression.IfThen(Expression.GreaterThanOrEqual(left, Expression.Constant(0)),
                            Expression.Call(typeof(CaseLimitChecks), nameof(CaseLimitChecks.TooManyCaseItems), null, Decision, path, Expression.Constant(limits.MaxCaseItems))),
                        Expression.Assign(left, Expression.Constant(-1)),
                        Expression.Assign(n, Expression.Constant(0))),
                    Expression.SubtractAssign(left, n)));
            }

            return Expression.Block([l, i, n],
                Expression.Assign(l, read),
                Expression.IfThen(Expression.NotEqual(l, Expression.Constant(null, l.Type)),
                    Expression.Block(
                        Expression.Assign(n, access.Count(l)),
                        tooMany,
                        Expression.Assign(i, Expression.Constant(0)),
                        Expression.Loop(
                            Expression.Block([itemVar],
                                Expression.IfThen(Expression.GreaterThanOrEqual(i, n), Expression.Break(done)),
                                Expression.Assign(itemVar, item),
                                Expression.Block(inner.Count == 0 ? [Expression.Empty()] : inner),
                                Expression.PostIncrementAssign(i)),
                            done))));
        }

        /// <summary>Runs <paramref name="check"/> with <paramref name="value"/> set to the value read, when there is one.</summary>
        private static Expression WhenPresent(Expression read, ParameterExpression value, Expression check)
        {
            if (Nullable.GetUnderlyingType(read.Type) is null)
            {
                return Expression.Block([value], Expression.Assign(value, read), check);
            }

            var held = Expression.Variable(read.Type, "held");
            return Expression.Block([held, value],
                Expression.Assign(held, read),
                Expression.IfThen(Expression.Property(held, "HasValue"),
                    Expression.Block(Expression.Assign(value, Expression.Call(held, "GetValueOrDefault", Type.EmptyTypes)), check)));
        }
    }
}
