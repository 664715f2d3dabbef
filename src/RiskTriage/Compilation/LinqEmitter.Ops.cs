using System.Linq.Expressions;
using System.Reflection;
using RiskTriage.Checking;
using RiskTriage.Evaluation;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Lowering;

namespace RiskTriage.Compilation;

internal sealed partial class LinqEmitter
{
    private static readonly MethodInfo EntryMethod = typeof(TraceBuilder).GetMethod(nameof(TraceBuilder.Entry))!;
    private static readonly MethodInfo OperandMethod = typeof(TraceBuilder).GetMethod(nameof(TraceBuilder.Operand))!;
    private static readonly Expression MissingValue = Expression.Constant(RuleValue.Missing);

    /// <summary>
    /// The statements a trace step records: its entry (the step's <see cref="TraceSite"/>, or <paramref name="site"/>
    /// when the item is known only at evaluation time) with <paramref name="value"/> when it records one, then, in a
    /// full trace only, its operands' values.
    /// </summary>
    private Expression Trace(TraceStep step, Expression? value, Expression? site = null)
    {
        Expression entry = Expression.Call(Tracer, EntryMethod, site ?? Expression.Constant(step.Site()),
            step.RecordsValue ? ToRuleValue(value!) : MissingValue);
        if (step.Operands.Count > 0)
        {
            // Operands are pure reads: a summary, which does not keep them, does not evaluate them either. One
            // operand per column: a table with thousands of columns traces them in groups (see MethodSplitting).
            var operands = step.Operands.Select(o => (Expression)Expression.Call(Tracer, OperandMethod, ToRuleValue(_compiler.Compile(o.Expression)))).ToList();
            entry = Expression.Block(entry, Expression.IfThen(IsFull, Expression.Block(MethodSplitting.Split(operands))));
        }

        return step.FullOnly ? Expression.IfThen(IsFull, entry) : entry;
    }

    internal static Expression ToRuleValue(Expression e)
    {
        var type = Nullable.GetUnderlyingType(e.Type) ?? e.Type;
        if (type == typeof(double) || type == typeof(bool) || type == typeof(DateOnly) || type == typeof(string))
        {
            var factory = type == typeof(double) ? nameof(RuleValue.FromNumber)
                : type == typeof(bool) ? nameof(RuleValue.FromBool)
                : type == typeof(DateOnly) ? nameof(RuleValue.FromDate)
                : nameof(RuleValue.FromString);
            return Expression.Call(typeof(RuleValue).GetMethod(factory, [e.Type])!, e);
        }

        return Expression.Call(typeof(RuntimeHelpers), nameof(RuntimeHelpers.ListOutput), null, Expression.Convert(e, typeof(object)));
    }

    /// <summary>Emits each op as statements of the current part; the one place op kinds are told apart.</summary>
    private sealed partial class Ops(LinqEmitter e) : LoweredOpVisitor<List<Expression>>
    {
        private ExpressionCompiler Compiler => e._compiler;

        public override List<Expression> VisitCompute(Compute op)
        {
            if (e._form.CodedSymbols.TryGetValue(op.Target, out var texts))
            {
                var codeValue = e.CodeIn(op.Value, texts);
                var held = e.DeclareCode(op.Target)!;
                var assignCode = Expression.Assign(held, codeValue);
                return op.Trace is { } codedStep ? [assignCode, e.Trace(codedStep, e._locals[op.Target])] : [assignCode];
            }

            var value = e.CompileShared(op.Value, Compiler.Compile);
            if (e._form.PresentSymbols.Contains(op.Target) && Nullable.GetUnderlyingType(value.Type) is not null)
            {
                // Proven never missing: held as the plain type, so what reads it tests no null. Value (not
                // GetValueOrDefault) keeps a wrong fact loud rather than turning missing into 0.
                value = Expression.Property(value, "Value");
            }

            var (local, assign) = e.Assign(op.Target, value);
            if (local.Type == typeof(string) && e.CodeOf(op.Value) is { } code)
            {
                // The symbol holds the input unchanged (a table's column): what compares it compares the code.
                e._symbolCodes[op.Target] = code;
            }

            return op.Trace is { } step ? [assign, e.Trace(step, local)] : [assign];
        }

        public override List<Expression> VisitTest(Test op)
        {
            var (local, assign) = e.Assign(op.Target, op.Condition is null ? Expression.Constant(false) : e.CompileShared(op.Condition, Compiler.CompileCondition));
            return op.Trace is { } step ? [assign, Expression.IfThen(local, e.Trace(step, null))] : [assign];
        }

        public override List<Expression> VisitSum(Sum op)
        {
            var total = e.Declare(op.Target, typeof(double));
            var statements = new List<Expression> { Expression.Assign(total, Expression.Constant(0d)) };
            foreach (var term in op.Terms)
            {
                // The points run only where the row's condition holds, so what it proves present is read as such
                // (a row "rsrPoints > 0" scoring "rsrPoints"); points proven present are added with no test.
                var points = term.When is null ? Compiler.Compile(term.Points) : Compiler.CompileWhere(term.When, term.Points);
                var present = points.Type == typeof(double);
                var p = Expression.Variable(points.Type, "points");
                var score = new List<Expression> { Expression.AddAssign(total, present ? p : Expression.Property(p, "Value")) };
                if (term.Trace is { } step)
                {
                    score.Add(e.Trace(step, p));
                }

                Expression scored = present ? Expression.Block(score) : Expression.IfThen(Expression.Property(p, "HasValue"), Expression.Block(score));
                Expression statement = Expression.Block([p], Expression.Assign(p, points), scored);
                if (term.When is not null)
                {
                    statement = Expression.IfThen(Compiler.CompileCondition(term.When), statement);
                }

                statements.Add(statement);
            }

            return statements;
        }

        public override List<Expression> VisitSelectBand(SelectBand op)
        {
            var value = e.Variable(typeof(double?), "$" + op.Element + ".value");
            var code = e.DeclareCode(op.Target);
            var label = code ?? e.Declare(op.Target, typeof(string));
            var texts = code is null ? null : e._form.CodedSymbols[op.Target];
            Expression Label(string? text) => texts is null ? Expression.Constant(text, typeof(string)) : Expression.Constant(text is null ? -1 : IndexOfText(texts, text));
            var v = Expression.Property(value, "Value");
            Expression chain = Expression.Call(typeof(RuntimeHelpers), nameof(RuntimeHelpers.NoBand), null, e._decision, Expression.Constant(op.Element), v);
            for (var i = op.Bands.Count - 1; i >= 0; i--)
            {
                var band = op.Bands[i];
                Expression test = Expression.Constant(true);
                if (band.Min is { } min)
                {
                    test = band.MinInclusive ? Expression.GreaterThanOrEqual(v, Expression.Constant(min)) : Expression.GreaterThan(v, Expression.Constant(min));
                }

                if (band.Max is { } max)
                {
                    var upper = band.MaxInclusive ? Expression.LessThanOrEqual(v, Expression.Constant(max)) : Expression.LessThan(v, Expression.Constant(max));
                    test = band.Min is null ? upper : Expression.AndAlso(test, upper);
                }

                var select = new List<Expression> { Expression.Assign(label, Label(band.Label)) };
                if (band.Trace is { } step)
                {
                    select.Add(e.Trace(step, value));
                }

                chain = Expression.IfThenElse(test, Expression.Block(select), chain);
            }

            return
            [
                Expression.Assign(value, ExpressionCompiler.Lift(Compiler.Compile(op.Value))),
                Expression.Assign(label, Label(null)),
                Expression.IfThen(Expression.Property(value, "HasValue"), chain),
            ];
        }

        /// <summary>Beyond this many rules setting one output, the output is chosen by flat statements rather than an else-if chain.</summary>
        private const int ManySetters = 64;

        public override List<Expression> VisitChoose(Choose op)
        {
            if (e._form.CodedSymbols.TryGetValue(op.Target, out var texts))
            {
                var codes = op.Setters.Select(s => (Condition: e.Resolve(s.Flag), Code: e.CodeIn(s.Value, texts), s.Trace)).ToList();
                var fallbackCode = op.Fallback is null ? Expression.Constant(-1) : e.CodeIn(op.Fallback, texts);
                var code = e.DeclareCode(op.Target)!;
                var text = e._locals[op.Target];
                Expression codeAssign = Expression.Assign(code, fallbackCode);
                if (op.FallbackTrace is { } codedFallbackStep)
                {
                    codeAssign = Expression.Block(codeAssign, e.Trace(codedFallbackStep, text));
                }

                var codeSets = codes.Select(branch =>
                {
                    Expression set = Expression.Assign(code, branch.Code);
                    return branch.Trace is { } step ? Expression.Block(set, e.Trace(step, text)) : set;
                }).ToList();
                return Chosen(op, [.. codes.Select(c => c.Condition)], codeSets, codeAssign);
            }

            var branches = op.Setters.Select(s => (Condition: e.Resolve(s.Flag), Value: Compiler.Compile(s.Value), s.Trace)).ToList();
            var fallback = op.Fallback is null ? null : Compiler.Compile(op.Fallback);
            var all = branches.Select(b => b.Value).Append(fallback).OfType<Expression>().ToList();
            var type = all.Count == 0 ? ExpressionCompiler.NullableClr(op.Type)
                : all.TrueForAll(x => x.Type == all[0].Type) ? all[0].Type
                : ExpressionCompiler.Lift(all.First(x => x is not ConstantExpression { Value: null })).Type;
            if (all.Count > 0 && !all.TrueForAll(x => x.Type == type || x is ConstantExpression { Value: null } || Nullable.GetUnderlyingType(type) == x.Type))
            {
                type = typeof(object);
            }

            if (op.Setters.Count > 0 || fallback is null)
            {
                type = ExpressionCompiler.CanBeNull(type) ? type : typeof(Nullable<>).MakeGenericType(type);
            }

            var local = e.Declare(op.Target, type);
            Expression assign = fallback is null
                ? Expression.Assign(local, Expression.Constant(null, type))
                : Expression.Assign(local, ExpressionCompiler.Coerce(fallback, type));
            if (op.FallbackTrace is { } fallbackStep)
            {
                assign = Expression.Block(assign, e.Trace(fallbackStep, local));
            }

            var sets = branches.Select(branch =>
            {
                Expression set = Expression.Assign(local, ExpressionCompiler.Coerce(branch.Value, type));
                return branch.Trace is { } step ? Expression.Block(set, e.Trace(step, local)) : set;
            }).ToList();
            return Chosen(op, [.. branches.Select(b => b.Condition)], sets, assign);
        }

        /// <summary>The first of <paramref name="sets"/> whose condition holds, else <paramref name="assign"/> (the fallback).</summary>
        private List<Expression> Chosen(Choose op, List<Expression> conditions, List<Expression> sets, Expression assign)
        {
            if (conditions.Count > ManySetters)
            {
                // The same choice as the chain below, written flat: a chain of thousands of else-ifs would be one
                // statement too large for a method (see MethodSplitting).
                var done = e.Variable(typeof(bool), op.Target.Name + ".set");
                var statements = new List<Expression> { Expression.Assign(done, Expression.Constant(false)) };
                for (var i = 0; i < conditions.Count; i++)
                {
                    statements.Add(Expression.IfThen(Expression.AndAlso(Expression.Not(done), conditions[i]),
                        Expression.Block(sets[i], Expression.Assign(done, Expression.Constant(true)))));
                }

                statements.Add(Expression.IfThen(Expression.Not(done), assign));
                return statements;
            }

            for (var i = conditions.Count - 1; i >= 0; i--)
            {
                assign = Expression.IfThenElse(conditions[i], sets[i], assign);
            }

            return [assign];
        }

        public override List<Expression> VisitAddReviews(AddReviews op) => e.AddReviews(op);

        public override List<Expression> VisitWriteOutput(WriteOutput op)
        {
            // Written straight into its place in the decision (a cell for a number, true/false or date, a code for an
            // enumerated text the part holds as a code, a reference for another text: see OutputLayout.PlacesOf) when
            // the value is of the output's declared type, as the checker makes it; otherwise as a rule value, which the
            // decision places (an enumerated text the part holds as text is coded there).
            var (kind, texts, place) = e.OutputPlace(op.Slot);
            if (texts is not null && e.CodeOf(op.Value) is { } read && OutputCode(read, texts) is { } code)
            {
                return [Expression.Call(SetCodeMethod, e.OutputCodes(place), Expression.Constant(place), code)];
            }

            var value = e.Resolve(op.Value);
            var type = Nullable.GetUnderlyingType(value.Type) ?? value.Type;
            Expression? cell = kind switch
            {
                RuleValueKind.Number when type == typeof(double) =>
                    Expression.Call(typeof(RuntimeHelpers), nameof(RuntimeHelpers.NumberCell), null, e._decision, Expression.Constant(op.Name), value),
                RuleValueKind.Bool when type == typeof(bool) => Expression.Call(typeof(OutputCells), nameof(OutputCells.Bool), null, value),
                RuleValueKind.Date when type == typeof(DateOnly) => Expression.Call(typeof(OutputCells), nameof(OutputCells.Date), null, value),
                _ => null,
            };
            if (cell is not null)
            {
                return [Expression.Assign(e.OutputCell(place), cell)];
            }

            if (place < 0 && type == typeof(string))
            {
                return [e.StoreReference(~place, value)];
            }

            var written = type == typeof(double)
                ? Expression.Call(typeof(RuntimeHelpers), nameof(RuntimeHelpers.NumberOutput), null, e._decision, Expression.Constant(op.Name), ExpressionCompiler.Lift(value))
                : ToRuleValue(value);
            return [Expression.Call(SetOutputMethod, e._decision, Expression.Constant(op.Slot), written)];
        }
    }
}
