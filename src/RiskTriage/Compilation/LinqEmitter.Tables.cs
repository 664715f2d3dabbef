using System.Linq.Expressions;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Loading;
using RiskTriage.Lowering;

namespace RiskTriage.Compilation;

internal sealed partial class LinqEmitter
{
    private sealed partial class Ops
    {
        /// <summary>Most rows of a table whose outputs one compiled switch assigns.</summary>
        private const int CasesPerMethod = 256;

        public override List<Expression> VisitFirstMatch(FirstMatch op)
        {
            var statements = new List<Expression>();
            var name = op.Table;
            var rows = op.Rows;
            var conditions = op.Index is null ? rows.Select(RowCondition).ToList() : null;
            // A coded output (only a table taking its first matching row has one) is a code read by the matched row.
            var codes = op.Outputs.Select(o => op.Check == MatchCheck.None && e._form.CodedSymbols.TryGetValue(o.Target, out var texts) ? texts : null).ToList();
            var types = op.Outputs.Select((o, i) => codes[i] is null ? OutputType(rows.Select(r => r.Outputs[i]).Append(o.Default)) : typeof(int)).ToList();
            var locals = op.Outputs.Select((o, i) => codes[i] is null ? e.Declare(o.Target, types[i]) : e.DeclareCode(o.Target)!).ToList();

            var first = e.Variable(typeof(int), name + ".first");
            var second = e.Variable(typeof(int), name + ".second");
            statements.Add(Expression.Assign(first, Expression.Constant(-1)));
            statements.Add(Expression.Assign(second, Expression.Constant(-1)));

            var matched = new List<ParameterExpression>();
            if (op.Index is { } index)
            {
                var key = e.Variable(typeof(int), name + ".key");
                statements.Add(Expression.Assign(key, ExpressionCompiler.Grouped(Keys(index, op.Columns), Expression.Add) ?? Expression.Constant(0)));
                // First rows that fit in 64 bits are an immediate; others stay in the index (a method on a sealed
                // class, which the JIT inlines: smaller code than an int[] constant's cast).
                var firstRows = index.FirstRows();
                statements.Add(Expression.Assign(first, PackedLookup.Pack(firstRows) is null
                    ? Expression.Call(Expression.Constant(index), nameof(TableIndex.FirstRow), null, key)
                    : PackedLookup.At(firstRows, key)));
            }
            else
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    var rowIndex = Expression.Constant(i);
                    var condition = conditions![i];
                    if (op.Check == MatchCheck.None)
                    {
                        statements.Add(Expression.IfThen(Expression.AndAlso(Expression.LessThan(first, Expression.Constant(0)), condition), Expression.Assign(first, rowIndex)));
                        continue;
                    }

                    var m = e.Variable(typeof(bool), $"{name}.m{i}");
                    matched.Add(m);
                    statements.Add(Expression.Assign(m, condition));
                    statements.Add(Expression.IfThen(m,
                        Expression.IfThenElse(Expression.LessThan(first, Expression.Constant(0)),
                            Expression.Assign(first, rowIndex),
                            Expression.IfThen(Expression.LessThan(second, Expression.Constant(0)), Expression.Assign(second, rowIndex)))));
                }
            }

            // Each output's values, the default first then one per row, as its local's type.
            var rowValues = locals.Select((local, o) => codes[o] is not null ? [] : rows.Select(row => ExpressionCompiler.Coerce(Compiler.Compile(row.Outputs[o]), local.Type))
                .Prepend(ExpressionCompiler.Coerce(op.Outputs[o].Default is { } d ? Compiler.Compile(d) : Expression.Constant(null, local.Type), local.Type))
                .ToList()).ToList();
            var switched = new List<int>();
            for (var o = 0; o < locals.Count; o++)
            {
                if (codes[o] is { } texts)
                {
                    var codeColumn = rows.Select(row => row.Outputs[o]).Prepend(op.Outputs[o].Default)
                        .Select(v => v is BoundLiteral { Value: string text } ? IndexOfText(texts, text) : -1).ToArray();
                    statements.Add(Expression.Assign(locals[o], PackedLookup.At(codeColumn, Expression.Increment(first))));
                }
                else if (op.Outputs[o].Constants is { } constants && Column(constants, locals[o].Type) is { } column)
                {
                    var row = Expression.Increment(first);
                    statements.Add(Expression.Assign(locals[o], PackedLookup.AtColumn(column, row) ?? Expression.ArrayIndex(Expression.Constant(column), row)));
                }
                else
                {
                    switched.Add(o);
                }
            }

            statements.AddRange(Switch(first, rows.Count, switched, locals, rowValues));

            var orderedIds = Expression.Constant(rows.Select(r => r.Id).ToArray());
            if (op.Check != MatchCheck.None)
            {
                Expression violation = Expression.GreaterThanOrEqual(second, Expression.Constant(0));
                if (op.Check == MatchCheck.Any)
                {
                    // ANY allows several matches only when they agree on every output.
                    var differs = e.Variable(typeof(bool), name + ".differs");
                    statements.Add(Expression.Assign(differs, Expression.Constant(false)));
                    for (var i = 0; i < rows.Count; i++)
                    {
                        var same = ExpressionCompiler.Grouped(
                            locals.Select((local, o) => ExpressionCompiler.EqualValues(local, rowValues[o][i + 1])).ToList(),
                            Expression.AndAlso) ?? Expression.Constant(true);

                        statements.Add(Expression.IfThen(Expression.AndAlso(matched[i], Expression.Not(same)),
                            Expression.Block(Expression.Assign(differs, Expression.Constant(true)), Expression.Assign(second, Expression.Constant(i)))));
                    }

                    violation = differs;
                }

                var clear = locals.Select(l => (Expression)Expression.Assign(l, Expression.Constant(null, l.Type))).ToList();
                clear.Add(Expression.Call(typeof(RuntimeHelpers), nameof(RuntimeHelpers.HitPolicyViolation), null, e._decision,
                    Expression.Constant(name), Expression.Constant(op.Policy), orderedIds, first, second));
                statements.Add(Expression.IfThen(violation, Expression.Block(clear)));
            }

            if (op.Trace is { } step)
            {
                statements.Add(Expression.IfThen(Expression.GreaterThanOrEqual(first, Expression.Constant(0)), e.Trace(step, null, Expression.ArrayIndex(Expression.Constant(rows.Select(r => step.Site(r.Id)).ToArray()), first))));
            }

            return statements;
        }

        /// <summary>
        /// Assigns the <paramref name="switched"/> outputs by a switch on the matched row. A long table's switch is cut
        /// into ranges each compiled to a method of its own (see <see cref="MethodSplitting"/>).
        /// </summary>
        private static List<Expression> Switch(ParameterExpression first, int rowCount, List<int> switched, List<ParameterExpression> locals, List<List<Expression>> rowValues)
        {
            if (switched.Count == 0)
            {
                return [];
            }

            var cases = Enumerable.Range(0, rowCount).Select(i => Expression.SwitchCase(
                Expression.Block(typeof(void), switched.Select(o => (Expression)Expression.Assign(locals[o], rowValues[o][i + 1]))),
                Expression.Constant(i))).ToArray();
            var defaults = Expression.Block(typeof(void), switched.Select(o => (Expression)Expression.Assign(locals[o], rowValues[o][0])));
            if (cases.Length <= CasesPerMethod)
            {
                return [cases.Length == 0 ? defaults : Expression.Switch(typeof(void), first, defaults, null, cases)];
            }

            var statements = new List<Expression> { Expression.IfThen(Expression.LessThan(first, Expression.Constant(0)), defaults) };
            for (var start = 0; start < cases.Length; start += CasesPerMethod)
            {
                var range = cases.Skip(start).Take(CasesPerMethod).ToArray();
                statements.Add(Expression.IfThen(
                    Expression.AndAlso(Expression.GreaterThanOrEqual(first, Expression.Constant(start)), Expression.LessThan(first, Expression.Constant(start + range.Length))),
                    ExpressionCompiler.Outline(Expression.Switch(typeof(void), first, null, null, range))));
            }

            return statements;
        }

        /// <summary>
        /// An output's literals (default first) as an array of <paramref name="type"/> read by the matched row plus
        /// one; null when a value is not of that type as it stands (the switch then converts it).
        /// </summary>
        private static Array? Column(IReadOnlyList<BoundLiteral> constants, Type type)
        {
            var column = Array.CreateInstance(type, constants.Count);
            for (var i = 0; i < constants.Count; i++)
            {
                switch (constants[i].Value)
                {
                    case null when ExpressionCompiler.CanBeNull(type):
                        break;
                    case string text when type == typeof(string) || type == typeof(object):
                        column.SetValue(string.Intern(text), i);
                        break;
                    case { } value when value is not string && (value.GetType() == type || Nullable.GetUnderlyingType(type) == value.GetType() || type == typeof(object)):
                        column.SetValue(value, i);
                        break;
                    default:
                        return null;
                }
            }

            return column;
        }

        /// <summary>The expressions computing an indexed table's key from its columns.</summary>
        private List<Expression> Keys(TableIndex index, IReadOnlyList<ValueSymbol> columns)
        {
            var keys = new List<Expression>();
            for (var c = 0; c < columns.Count; c++)
            {
                var column = e.Resolve(columns[c]);
                if (index.Columns[c] is TextKeys coded && index.Columns[c].Count > 0 && e._symbolCodes.TryGetValue(columns[c], out var code))
                {
                    // Keyed by an enumerated input: its code picks the key part (times the stride) from a table made here.
                    var parts = new int[code.Values.Count + 1];
                    parts[0] = coded.Of(null) * index.Strides[c];
                    for (var v = 0; v < code.Values.Count; v++)
                    {
                        parts[v + 1] = coded.Of(code.Values[v]) * index.Strides[c];
                    }

                    keys.Add(PackedLookup.At(parts, Expression.Add(code.Code, Expression.Constant(1))));
                    continue;
                }

                if (index.Columns[c] is BoolKeys flags)
                {
                    if (flags.Count > 0)
                    {
                        keys.Add(FlagKey(flags, column, index.Strides[c]));
                    }

                    continue;
                }

                Expression part = index.Columns[c] switch
                {
                    TextKeys text => Expression.Call(Expression.Constant(text), nameof(TextKeys.Of), null, column),
                    NumberKeys numbers => Expression.Call(Expression.Constant(numbers), nameof(NumberKeys.Of), null, ExpressionCompiler.Coerce(column, typeof(double?))),
                    _ => throw new InvalidOperationException("unknown column keys"),
                };
                if (index.Columns[c].Count > 0)
                {
                    keys.Add(index.Strides[c] == 1 ? part : Expression.Multiply(part, Expression.Constant(index.Strides[c])));
                }
            }

            return keys;
        }

        /// <summary>
        /// A flag column's key part (<see cref="BoolKeys.Of"/> times <paramref name="stride"/>): true, false and missing
        /// have one part each, known here, so the part is a constant picked by the flag's tests, not a call (a call in
        /// the middle of a part is likely to spill the values the part holds in registers around it).
        /// </summary>
        private static Expression FlagKey(BoolKeys flags, Expression column, int stride)
        {
            Expression Part(bool? value) => Expression.Constant(flags.Of(value) * stride);
            if (column.Type == typeof(bool))
            {
                return Expression.Condition(column, Part(true), Part(false));
            }

            var flag = Expression.Variable(typeof(bool?), "flag");
            return Expression.Block(typeof(int), [flag],
                Expression.Assign(flag, ExpressionCompiler.Coerce(column, typeof(bool?))),
                Expression.Condition(Expression.Property(flag, "HasValue"),
                    Expression.Condition(Expression.Call(flag, "GetValueOrDefault", null), Part(true), Part(false)),
                    Part(null)));
        }

        private Type OutputType(IEnumerable<BoundExpression?> values)
        {
            var compiled = values.OfType<BoundExpression>().Select(Compiler.Compile).ToList();
            var real = compiled.Where(x => x is not ConstantExpression { Value: null }).ToList();
            if (real.Count == 0)
            {
                return compiled.Count > 0 ? compiled[0].Type : typeof(object);
            }

            var type = ExpressionCompiler.Lift(real[0]).Type;
            return real.TrueForAll(x => ExpressionCompiler.Lift(x).Type == type) ? type : typeof(object);
        }

        private Expression RowCondition(MatchRow row) =>
            ExpressionCompiler.Grouped(row.Conditions.Select(Compiler.CompileCondition).ToList(), Expression.AndAlso) ?? Expression.Constant(true);

        public override List<Expression> VisitAllMatches(AllMatches op)
        {
            var statements = new List<Expression>();
            var rows = op.Rows;
            var conditions = rows.Select(RowCondition).ToList();
            for (var o = 0; o < op.Outputs.Count; o++)
            {
                var target = op.Outputs[o];
                var values = rows.Select(r => Compiler.Compile(r.Outputs[o])).ToList();
                if (op.Aggregation == Aggregation.None)
                {
                    var elementType = OutputType(rows.Select(r => r.Outputs[o]));
                    var builderType = typeof(List<>).MakeGenericType(elementType);
                    var builder = e.Variable(builderType, target.Name + ".items");
                    statements.Add(Expression.Assign(builder, Expression.Constant(null, builderType)));
                    for (var i = 0; i < rows.Count; i++)
                    {
                        statements.Add(Expression.IfThen(conditions[i], Expression.Block(
                            Expression.IfThen(Expression.Equal(builder, Expression.Constant(null, builderType)), Expression.Assign(builder, Expression.New(builderType))),
                            Expression.Call(builder, builderType.GetMethod("Add")!, ExpressionCompiler.Coerce(values[i], elementType)))));
                    }

                    var list = e.Declare(target, elementType.MakeArrayType());
                    statements.Add(Expression.Assign(list, Expression.Condition(Expression.Equal(builder, Expression.Constant(null, builderType)),
                        Expression.NewArrayBounds(elementType, Expression.Constant(0)),
                        Expression.Call(builder, builderType.GetMethod("ToArray")!))));
                    continue;
                }

                var local = e.Declare(target, typeof(double?));
                statements.Add(Expression.Assign(local, op.Aggregation is Aggregation.Sum or Aggregation.Count
                    ? Expression.Constant(0d, typeof(double?))
                    : Expression.Constant(null, typeof(double?))));
                for (var i = 0; i < rows.Count; i++)
                {
                    var value = op.Aggregation == Aggregation.Count ? Expression.Constant(1d, typeof(double?)) : ExpressionCompiler.Coerce(values[i], typeof(double?));
                    var v = Expression.Variable(typeof(double?), "v");
                    Expression update = op.Aggregation switch
                    {
                        Aggregation.Min => Expression.IfThen(Expression.AndAlso(Expression.Property(v, "HasValue"),
                                Expression.OrElse(Expression.Not(Expression.Property(local, "HasValue")), Expression.LessThan(v, local, false, null))),
                            Expression.Assign(local, v)),
                        Aggregation.Max => Expression.IfThen(Expression.AndAlso(Expression.Property(v, "HasValue"),
                                Expression.OrElse(Expression.Not(Expression.Property(local, "HasValue")), Expression.GreaterThan(v, local, false, null))),
                            Expression.Assign(local, v)),
                        _ => Expression.IfThen(Expression.Property(v, "HasValue"), Expression.Assign(local, Expression.Add(local, v))),
                    };
                    statements.Add(Expression.IfThen(conditions[i], Expression.Block([v], Expression.Assign(v, value), update)));
                }
            }

            if (op.Trace is { } step)
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    statements.Add(Expression.IfThen(conditions[i], e.Trace(step, null, Expression.Constant(step.Site(rows[i].Id)))));
                }
            }

            return statements;
        }
    }
}
