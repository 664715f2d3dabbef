using RiskTriage.Checking;
using RiskTriage.Compilation;
using RiskTriage.Evaluation;
using RiskTriage.Expressions.Binding;
using RiskTriage.Loading;
using RiskTriage.Lowering;
using RiskTriage.Runtime;

namespace RiskTriage.Interpretation;

/// <summary>
/// Evaluates a rule set by walking its lowered form (<see cref="LoweredRuleSet"/>), op by op, as each op's
/// documentation states, with expressions evaluated by <see cref="ExpressionInterpreter"/>. Nothing is compiled, so a
/// rule set evaluates as soon as it is checked and lowered. The form is taken as the lowering gives it, before the
/// optional passes (no index, no constant output columns): the plain statement of the semantics, which the compiled
/// rule set must match byte for byte. Thread-safe: each evaluation has its own state.
/// </summary>
internal sealed class RuleSetInterpreter
{
    private readonly LoweredRuleSet _untraced;
    private readonly Lazy<LoweredRuleSet> _traced;

    /// <param name="rules">The checked rule set.</param>
    /// <param name="typedLimits">For typed cases (read into records), the limits their text and lists are held to, with
    /// their enumerations checked; null for cases the reader has already held to them.</param>
    public RuleSetInterpreter(CheckedRuleSet rules, RuleSetLimits? typedLimits = null)
    {
        var typed = typedLimits is not null;
        _untraced = Lowerer.Lower(rules, new LoweringOptions(Trace: false, ValidateEnums: typed, typedLimits));

        // Tracing is a lowering choice: the traced form has the trace steps.
        _traced = new Lazy<LoweredRuleSet>(() => Lowerer.Lower(rules, new LoweringOptions(Trace: true, ValidateEnums: typed, typedLimits)));
    }

    /// <summary>Evaluates <paramref name="case"/> into <paramref name="decision"/>, traced when the decision has a tracer.</summary>
    /// <exception cref="EvaluationLimitException">The case made an expression compute past the engine's bounds.</exception>
    public void Evaluate(CaseRecord @case, Decision decision)
    {
        var form = decision.Tracer is null ? _untraced : _traced.Value;
        InputCheckRunner.Run(form.Checks, @case, decision, form.Options.CaseLimits);

        // An invalid case (a value outside its enumeration or range): nothing is evaluated.
        if (decision.HasErrors)
        {
            return;
        }

        var run = new Run(@case, decision);
        foreach (var element in form.Elements)
        {
            run.Expressions.Element = element.Description;
            foreach (var op in element.Ops)
            {
                run.Visit(op);
            }
        }

        run.Visit(form.Reviews);
        foreach (var output in form.Outputs)
        {
            run.Visit(output);
        }
    }

    /// <summary>One evaluation: the values of the symbols written so far.</summary>
    private sealed class Run : LoweredOpVisitor<bool>
    {
        private readonly Decision _decision;
        private readonly TraceBuilder? _trace;
        private readonly Dictionary<ValueSymbol, object?> _values = [];

        public Run(CaseRecord @case, Decision decision)
        {
            _decision = decision;
            _trace = decision.Tracer;
            Expressions = new ExpressionInterpreter(@case, Read);
        }

        public ExpressionInterpreter Expressions { get; }

        private object? Read(ValueSymbol symbol) =>
            _values.TryGetValue(symbol, out var value) ? value : throw new InvalidOperationException($"'{symbol.Name}' is read before it is written");

        private object? Eval(BoundExpression expression) => Expressions.Evaluate(expression);

        private bool Holds(BoundExpression? condition) => condition is null || Expressions.Holds(condition);

        // ---- Ops ----------------------------------------------------------------------------------

        public override bool VisitCompute(Compute op)
        {
            var value = Eval(op.Value);
            _values[op.Target] = value;
            Step(op.Trace, value);
            return true;
        }

        public override bool VisitTest(Test op)
        {
            var holds = op.Condition is not null && Expressions.Holds(op.Condition);
            _values[op.Target] = holds;
            if (holds)
            {
                Step(op.Trace, null);
            }

            return true;
        }

        public override bool VisitSum(Sum op)
        {
            var total = 0d;
            foreach (var term in op.Terms)
            {
                if (Holds(term.When) && Eval(term.Points) is double points)
                {
                    total += points;
                    Step(term.Trace, points);
                }
            }

            _values[op.Target] = total;
            return true;
        }

        public override bool VisitSelectBand(SelectBand op)
        {
            string? label = null;
            if (Eval(op.Value) is double value)
            {
                var band = op.Bands.FirstOrDefault(b => Contains(b, value));
                if (band is null)
                {
                    RuntimeHelpers.NoBand(_decision, op.Element, value);
                }
                else
                {
                    label = band.Label;
                    Step(band.Trace, value);
                }
            }

            _values[op.Target] = label;
            return true;
        }

        private static bool Contains(BandChoice band, double value)
        {
            var aboveMin = band.Min is not { } min || (band.MinInclusive ? value >= min : value > min);
            var belowMax = band.Max is not { } max || (band.MaxInclusive ? value <= max : value < max);
            return aboveMin && belowMax;
        }

        public override bool VisitFirstMatch(FirstMatch op)
        {
            var matched = new List<int>();
            for (var r = 0; r < op.Rows.Count; r++)
            {
                if (op.Rows[r].Conditions.All(Expressions.Holds))
                {
                    matched.Add(r);
                    if (op.Check == MatchCheck.None)
                    {
                        break;
                    }
                }
            }

            object?[] taken = matched.Count == 0
                ? [.. op.Outputs.Select(o => o.Default is null ? null : Eval(o.Default))]
                : RowValues(op.Rows[matched[0]]);
            var other = op.Check switch
            {
                MatchCheck.Unique when matched.Count > 1 => matched[1],

                // ANY: the last matching row whose outputs differ from the taken ones (the first row's own NaN differs too).
                MatchCheck.Any => matched.FindLastIndex(r => !Agree(RowValues(op.Rows[r]), taken)) is var at and >= 0 ? matched[at] : -1,
                _ => -1,
            };
            if (other >= 0)
            {
                taken = new object?[op.Outputs.Count];
                RuntimeHelpers.HitPolicyViolation(_decision, op.Table, op.Policy, [.. op.Rows.Select(r => r.Id)], matched[0], other);
            }

            for (var o = 0; o < op.Outputs.Count; o++)
            {
                _values[op.Outputs[o].Target] = taken[o];
            }

            if (matched.Count > 0)
            {
                Step(op.Trace, null, op.Rows[matched[0]].Id);
            }

            return true;
        }

        private object?[] RowValues(MatchRow row) => [.. row.Outputs.Select(Eval)];

        private static bool Agree(object?[] a, object?[] b)
        {
            for (var i = 0; i < a.Length; i++)
            {
                if (!Semantics.AreEqual(a[i], b[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool VisitAllMatches(AllMatches op)
        {
            var matched = op.Rows.Where(row => row.Conditions.All(Expressions.Holds)).ToList();
            for (var o = 0; o < op.Outputs.Count; o++)
            {
                _values[op.Outputs[o]] = Collect(op.Aggregation, [.. matched.Select(row => Eval(row.Outputs[o]))]);
            }

            foreach (var row in matched)
            {
                Step(op.Trace, null, row.Id);
            }

            return true;
        }

        /// <summary>COLLECT: the matching rows' values as a list, or one number; the aggregations skip missing values.</summary>
        private static object? Collect(Aggregation aggregation, List<object?> values)
        {
            switch (aggregation)
            {
                case Aggregation.None:
                    return values.ToArray();
                case Aggregation.Count:
                    return (double)values.Count;
                case Aggregation.Sum:
                    return values.OfType<double>().Aggregate(0d, (total, x) => total + x);
                case Aggregation.Min or Aggregation.Max:
                    double? best = null;
                    foreach (var x in values.OfType<double>())
                    {
                        if (best is not { } b || (aggregation == Aggregation.Min ? x < b : x > b))
                        {
                            best = x;
                        }
                    }

                    return best;
                default:
                    throw new InvalidOperationException($"the interpreter has no meaning for the aggregation {aggregation}");
            }
        }

        public override bool VisitChoose(Choose op)
        {
            var setter = op.Setters.FirstOrDefault(s => _values[s.Flag] is true);
            var value = setter is not null ? Eval(setter.Value) : op.Fallback is null ? null : Eval(op.Fallback);
            _values[op.Target] = value;
            Step(setter is not null ? setter.Trace : op.FallbackTrace, value);
            return true;
        }

        public override bool VisitAddReviews(AddReviews op)
        {
            foreach (var review in op.Reviews)
            {
                if (_values[review.Flag] is true)
                {
                    _decision.AddReview(review.Reason);
                }
            }

            return true;
        }

        public override bool VisitWriteOutput(WriteOutput op)
        {
            var value = _values[op.Value];
            _decision.SetOutput(op.Slot, value is double number ? RuntimeHelpers.NumberOutput(_decision, op.Name, number) : AsRuleValue(value));
            return true;
        }

        // ---- Trace --------------------------------------------------------------------------------

        /// <summary>Records <paramref name="step"/> (when the form has it and the detail asks for it) with its operands.</summary>
        private void Step(TraceStep? step, object? value, string? item = null)
        {
            if (step is null || _trace is null || (step.FullOnly && !_trace.IsFull))
            {
                return;
            }

            _trace.Entry(step.Site(item), step.RecordsValue ? AsRuleValue(value) : RuleValue.Missing);
            if (_trace.IsFull)
            {
                foreach (var operand in step.Operands)
                {
                    _trace.Operand(AsRuleValue(Eval(operand.Expression)));
                }
            }
        }

        /// <summary>A value as a decision or a trace holds it: a non-finite number is missing, an object (or a list holding one) too.</summary>
        private static RuleValue AsRuleValue(object? value) => value switch
        {
            null => RuleValue.Missing,
            double number => RuleValue.FromNumber(number),
            bool flag => RuleValue.FromBool(flag),
            string text => RuleValue.FromString(text),
            DateOnly date => RuleValue.FromDate(date),
            _ => RuntimeHelpers.ListOutput(value),
        };
    }
}
