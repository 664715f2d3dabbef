using System.Globalization;
using RiskTriage.Checking;
using RiskTriage.Compilation;
using RiskTriage.Evaluation;
using RiskTriage.Expressions.Binding;
using RiskTriage.Loading;
using RiskTriage.Runtime;

namespace RiskTriage.Interpretation;

/// <summary>
/// Evaluates a checked rule set by walking it: the case's checks, then every element in evaluation order (values,
/// scorecards, bands, tables of every hit policy, rules, outputs), then the rules' review reasons and the outputs, with
/// the trace steps a traced decision asks for. Nothing is compiled, so a rule set evaluates as soon as it is checked.
/// It is the plain statement of the rule-set semantics of <c>rules/README.md</c>: no indexes, no constant output
/// columns, no parts, no rows proven disjoint; the compiled rule set must make byte-identical decisions.
/// </summary>
internal sealed class RuleSetInterpreter
{
    private readonly CheckedRuleSet _rules;
    private readonly InputChecks _checks;

    /// <param name="rules">The checked rule set.</param>
    /// <param name="typedLimits">For typed cases (converted to records), the limits the reader would have held them to; null for cases the reader read.</param>
    public RuleSetInterpreter(CheckedRuleSet rules, RuleSetLimits? typedLimits = null)
    {
        _rules = rules;
        _checks = new InputChecks(typedLimits);
    }

    /// <summary>Evaluates <paramref name="case"/> into <paramref name="decision"/> (traced when the decision has a tracer).</summary>
    /// <exception cref="EvaluationLimitException">The case made an expression compute past the engine's bounds.</exception>
    public void Evaluate(CaseRecord @case, Decision decision)
    {
        _checks.Check(@case, _rules.Inputs, decision);

        // A value outside an enumeration or a declared range makes the case invalid: nothing is evaluated.
        if (decision.HasErrors)
        {
            return;
        }

        new Run(_rules, @case, decision).Evaluate();
    }

    /// <summary>One evaluation: the values computed so far, by symbol.</summary>
    private sealed class Run
    {
        private readonly CheckedRuleSet _rules;
        private readonly Decision _decision;
        private readonly TraceBuilder? _trace;
        private readonly Dictionary<ValueSymbol, object?> _values = [];
        private readonly ExpressionInterpreter _expressions;

        public Run(CheckedRuleSet rules, CaseRecord @case, Decision decision)
        {
            _rules = rules;
            _decision = decision;
            _trace = decision.Tracer;
            _expressions = new ExpressionInterpreter(@case, Read);
        }

        private object? Read(ValueSymbol symbol) =>
            _values.TryGetValue(symbol, out var value) ? value : throw new InvalidOperationException($"'{symbol.Name}' is read before it is computed");

        private object? Eval(BoundExpression expression) => _expressions.Evaluate(expression);

        private bool Holds(BoundExpression? condition) => condition is null || _expressions.Holds(condition);

        public void Evaluate()
        {
            foreach (var node in _rules.Order)
            {
                _expressions.Element = Describe(node);
                switch (node)
                {
                    case ValueNode value:
                        Value(value);
                        break;
                    case ScorecardNode scorecard:
                        Scorecard(scorecard);
                        break;
                    case BandNode bands:
                        Bands(bands);
                        break;
                    case TableNode table:
                        Table(table);
                        break;
                    case RuleNode rule:
                        Rule(rule);
                        break;
                    case OutputNode output:
                        Output(output);
                        break;
                    default:
                        throw new InvalidOperationException($"the interpreter has no meaning for a {node.Kind}");
                }
            }

            // Review reasons in rule order, each rule's in the order written.
            foreach (var rule in _rules.Rules)
            {
                if (_values[rule.Fired] is true)
                {
                    foreach (var review in rule.Reviews)
                    {
                        _decision.AddReview(review.Code, review.Message, rule.Id);
                    }
                }
            }

            foreach (var output in _rules.Outputs)
            {
                _decision.Values[output.Slot] = _values[output.Symbol!] is double number
                    ? RuntimeHelpers.NumberOutput(_decision, output.Name, number)
                    : AsRuleValue(_values[output.Symbol!]);
            }
        }

        /// <summary>How errors name the element being evaluated.</summary>
        private static string Describe(CheckedNode node) => node switch
        {
            RuleNode rule => $"the rule '{rule.Id}'",
            ValueNode or ScorecardNode or TableNode => $"the {node.Kind} '{node.Name}'",
            BandNode => $"the bands '{node.Name}'",
            _ => $"the output '{node.Name}'",
        };

        // ---- Elements -----------------------------------------------------------------------------

        private void Value(ValueNode node)
        {
            var value = Eval(node.Expression!);
            _values[node.Symbol!] = value;
            if (_trace is { IsFull: true })
            {
                _trace.Entry("value", node.Name, null, node.Description, AsRuleValue(value), 0);
            }
        }

        /// <summary>Every row whose condition holds adds its points, when they are known.</summary>
        private void Scorecard(ScorecardNode node)
        {
            var total = 0d;
            foreach (var row in node.Rows)
            {
                if (Holds(row.When) && Eval(row.Points) is double points)
                {
                    total += points;
                    Step("scorecard-row", node.Name, row.Id, row.Reason, AsRuleValue(points), row.Operands);
                }
            }

            _values[node.Symbol!] = total;
        }

        /// <summary>The first band, in written order, holding the value; a known value in no band asks for review.</summary>
        private void Bands(BandNode node)
        {
            string? label = null;
            if (Eval(node.Value!) is double value)
            {
                var band = node.Bands.Find(b => Holds(b, value));
                if (band is null)
                {
                    RuntimeHelpers.NoBand(_decision, node.Name, value);
                }
                else
                {
                    label = band.Label;
                    Step("band", node.Name, band.Label, Describe(band), AsRuleValue(value), node.Operands);
                }
            }

            _values[node.Symbol!] = label;
        }

        private static bool Holds(CheckedBand band, double value)
        {
            var aboveLow = band.Min is not { } low || (band.MinInclusive ? value >= low : value > low);
            var belowHigh = band.Max is not { } high || (band.MaxInclusive ? value <= high : value < high);
            return aboveLow && belowHigh;
        }

        /// <summary>A band's bounds as its trace step shows them: <c>10 &lt;= value &lt; 20</c>.</summary>
        private static string Describe(CheckedBand band)
        {
            static string Number(double n) => n.ToString("R", CultureInfo.InvariantCulture);
            var text = "value";
            if (band.Min is { } low)
            {
                text = Number(low) + (band.MinInclusive ? " <= " : " < ") + text;
            }

            if (band.Max is { } high)
            {
                text += (band.MaxInclusive ? " <= " : " < ") + Number(high);
            }

            return text;
        }

        private void Rule(RuleNode node)
        {
            var fired = node.Enabled && Holds(node.When);
            _values[node.Fired] = fired;
            if (fired)
            {
                Step("rule", "rules", node.Id, node.Description, RuleValue.Missing, node.Operands);
            }
        }

        /// <summary>The first firing rule that sets the output (the checker lists them by priority, then as written), else its value.</summary>
        private void Output(OutputNode node)
        {
            var setter = node.Setters.Find(s => _values[s.Rule.Fired] is true);
            object? value;
            if (setter is not null)
            {
                value = Eval(setter.Value);
                Step("output", node.Name, null, "set by rule " + setter.Rule.Id, AsRuleValue(value), []);
            }
            else
            {
                value = node.Value is null ? null : Eval(node.Value);
                Step("output", node.Name, null, node.Value is null ? "no value" : "value", AsRuleValue(value), []);
            }

            _values[node.Symbol!] = value;
        }

        // ---- Decision tables ----------------------------------------------------------------------

        private void Table(TableNode node)
        {
            for (var c = 0; c < node.Inputs.Count; c++)
            {
                _values[node.Columns[c]] = Eval(node.Inputs[c]);
            }

            // PRIORITY: rows in the order of their first output's enumeration, as written between equals.
            IReadOnlyList<CheckedTableRow> rows = node.HitPolicy == HitPolicy.Priority
                ? [.. node.Rows.Select((row, i) => (row, i)).OrderBy(p => p.row.Rank).ThenBy(p => p.i).Select(p => p.row)]
                : node.Rows;
            var matched = new List<int>();
            for (var r = 0; r < rows.Count; r++)
            {
                if (rows[r].Cells.All(cell => Holds(cell.Condition)))
                {
                    matched.Add(r);
                    if (node.HitPolicy is HitPolicy.First or HitPolicy.Priority)
                    {
                        break;
                    }
                }
            }

            var columns = node.ColumnLabels.Select((label, c) => (label, node.Columns[c])).ToList();
            if (node.HitPolicy == HitPolicy.Collect)
            {
                for (var o = 0; o < node.Outputs.Count; o++)
                {
                    _values[node.Outputs[o].Symbol] = Collect(node.Aggregation, matched.Select(r => Eval(rows[r].Outputs[o])).ToList());
                }

                foreach (var r in matched)
                {
                    TableRow(node.Name, rows[r].Id, columns);
                }

                return;
            }

            var result = matched.Count == 0 ? Defaults(node) : RowValues(rows[matched[0]]);
            var violation = node.HitPolicy switch
            {
                HitPolicy.Unique => matched.Count > 1 ? matched[1] : -1,

                // ANY allows several matching rows only when they agree on every output; the last that disagrees is named.
                HitPolicy.Any => matched.FindLastIndex(r => !Agree(RowValues(rows[r]), result)) is var differing and >= 0 ? matched[differing] : -1,
                _ => -1,
            };
            if (violation >= 0)
            {
                result = new object?[node.Outputs.Count];
                RuntimeHelpers.HitPolicyViolation(_decision, node.Name, node.HitPolicy.ToString().ToUpperInvariant(), [.. rows.Select(r => r.Id)], matched[0], violation);
            }

            for (var o = 0; o < node.Outputs.Count; o++)
            {
                _values[node.Outputs[o].Symbol] = result[o];
            }

            if (matched.Count > 0)
            {
                TableRow(node.Name, rows[matched[0]].Id, columns);
            }
        }

        private object?[] RowValues(CheckedTableRow row) => [.. row.Outputs.Select(Eval)];

        private object?[] Defaults(TableNode node) => [.. node.Outputs.Select(o => o.Default is null ? null : Eval(o.Default))];

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

        /// <summary>COLLECT: the matching rows' values as a list, or one number; the aggregations skip missing values.</summary>
        private static object? Collect(Aggregation aggregation, List<object?> values)
        {
            if (aggregation == Aggregation.None)
            {
                return values.ToArray();
            }

            if (aggregation == Aggregation.Count)
            {
                return (double)values.Count;
            }

            double? result = aggregation == Aggregation.Sum ? 0 : null;
            foreach (var value in values)
            {
                if (value is not double x)
                {
                    continue;
                }

                result = aggregation switch
                {
                    Aggregation.Sum => result + x,
                    Aggregation.Min => result is not { } low || x < low ? x : result,
                    Aggregation.Max => result is not { } high || x > high ? x : result,
                    _ => throw new InvalidOperationException($"the interpreter has no meaning for the aggregation {aggregation}"),
                };
            }

            return result;
        }

        // ---- Trace --------------------------------------------------------------------------------

        private void TableRow(string table, string row, List<(string Label, ValueSymbol Column)> columns)
        {
            if (_trace is null)
            {
                return;
            }

            _trace.Entry("table-row", table, row, null, RuleValue.Missing, columns.Count);
            foreach (var (label, column) in columns)
            {
                _trace.Operand(label, AsRuleValue(_values[column]));
            }
        }

        private void Step(string kind, string element, string? item, string? detail, RuleValue value, IReadOnlyList<Operand> operands)
        {
            if (_trace is null)
            {
                return;
            }

            _trace.Entry(kind, element, item, detail, value, operands.Count);
            foreach (var operand in operands)
            {
                _trace.Operand(operand.Name, AsRuleValue(Eval(operand.Expression)));
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
