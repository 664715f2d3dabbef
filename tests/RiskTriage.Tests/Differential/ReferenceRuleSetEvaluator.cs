using System.Collections;
using Newtonsoft.Json;
using RiskTriage.Checking;
using RiskTriage.Compilation;
using RiskTriage.Evaluation;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Evaluation;
using RiskTriage.Loading;
using RiskTriage.Runtime;

namespace RiskTriage.Tests.Differential;

/// <summary>
/// The rule-set semantics of rules/README.md written plainly over the checked rule set: input checks, values,
/// scorecards, bands, every hit policy, rules and their priorities, outputs and the order of review reasons, with
/// expressions evaluated by the tree-walking <see cref="ReferenceEvaluator"/>. It shares the case reader and the
/// wording of review reasons with the engine, but decides nothing the way the compiled code does: no indexes, no
/// constant output columns, no parts, no rows proven disjoint.
/// </summary>
internal sealed class ReferenceRuleSetEvaluator : IDecisionOracle
{
    public string Name => "reference";

    public Decision Evaluate(RuleSet ruleSet, string json)
    {
        var rules = ruleSet.Checked;
        using var reader = new JsonTextReader(new StringReader(json));
        var read = CaseReader.Read(reader, rules.Inputs, rules.CaseIdField, new RuleSetOptions());
        var decision = ruleSet.NewDecision(read.CaseId, TraceDetail.None);
        read.Errors?.CopyTo(decision);
        if (read.Record is not { } record || decision.Errors.Count > 0)
        {
            return decision;
        }

        new Run(rules, record, decision).Evaluate();
        if (decision.HasErrors)
        {
            decision.ClearOutputs();
        }

        return decision;
    }

    private sealed class Run
    {
        private readonly CheckedRuleSet _rules;
        private readonly CaseRecord _record;
        private readonly Decision _decision;
        private readonly Dictionary<ValueSymbol, object?> _values = [];
        private readonly ReferenceEvaluator _evaluator;

        public Run(CheckedRuleSet rules, CaseRecord record, Decision decision)
        {
            _rules = rules;
            _record = record;
            _decision = decision;
            _evaluator = new ReferenceEvaluator(record, symbol => _values.TryGetValue(symbol, out var value)
                ? value
                : throw new InvalidOperationException($"'{symbol.Name}' is read before it is computed"));
        }

        private object? Eval(BoundExpression expression) => _evaluator.Evaluate(expression);

        private bool True(BoundExpression expression) => Eval(expression) is true;

        public void Evaluate()
        {
            Check(_record, _rules.Inputs, string.Empty, null, -1);

            // A value outside its declared range makes the case invalid: nothing is evaluated.
            if (_decision.HasErrors)
            {
                return;
            }

            foreach (var node in _rules.Order)
            {
                switch (node)
                {
                    case ValueNode value:
                        _values[value.Symbol!] = Eval(value.Expression!);
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
                        _values[rule.Fired] = rule.Enabled && True(rule.When!);
                        break;
                    case OutputNode output:
                        Output(output);
                        break;
                    default:
                        throw new InvalidOperationException($"no reference semantics for {node.GetType().Name}");
                }
            }

            foreach (var rule in _rules.Rules)
            {
                foreach (var review in rule.Reviews)
                {
                    if (_values[rule.Fired] is true)
                    {
                        _decision.AddReview(review.Code, review.Message, rule.Id);
                    }
                }
            }

            foreach (var output in _rules.Outputs)
            {
                _decision.SetOutput(output.Slot, OutputValue(output, _values[output.Symbol!]));
            }
        }

        /// <summary>Required fields (review), declared ranges (invalid or review), at every depth; list items of objects too.</summary>
        private void Check(CaseRecord record, ObjectType type, string prefix, string? list, int index)
        {
            foreach (var property in type.Properties)
            {
                var path = prefix + property.Name;
                var field = record.Fields[property.Index];
                if (property.Required && property.Default is null && !field.HasValue)
                {
                    if (list is null)
                    {
                        _decision.AddReview(RuntimeHelpers.MissingInputReason(path));
                    }
                    else
                    {
                        RuntimeHelpers.MissingItemField(_decision, list, index, path);
                    }
                }

                if (property.Range is { } range && field.HasValue)
                {
                    CheckRange(range, property.Type.Kind, field, path, list, index);
                }

                if (property.Type.Kind == TypeKind.Object && field.Reference is CaseRecord inner)
                {
                    Check(inner, property.Type.ObjectType!, path + ".", list, index);
                }
                else if (property.Type.Kind == TypeKind.List && list is null && property.Type.Element!.Kind == TypeKind.Object && field.Reference is IEnumerable items)
                {
                    var i = 0;
                    foreach (var item in items)
                    {
                        if (item is CaseRecord itemRecord)
                        {
                            Check(itemRecord, property.Type.Element.ObjectType!, string.Empty, path, i);
                        }

                        i++;
                    }
                }
            }
        }

        private void CheckRange(InputRange range, TypeKind kind, FieldValue field, string path, string? list, int index)
        {
            if (kind == TypeKind.Date)
            {
                var date = field.AsDate()!.Value;
                if (date.DayNumber < range.MinDay || date.DayNumber > range.MaxDay)
                {
                    if (list is null)
                    {
                        range.OutsideDate(_decision, path, date);
                    }
                    else
                    {
                        range.OutsideDateItem(_decision, list, index, path, date);
                    }
                }

                return;
            }

            var number = field.AsNumber()!.Value;
            var inside = number >= range.Min && number <= range.Max && (!range.Integer || number == Math.Floor(number));
            if (!inside)
            {
                if (list is null)
                {
                    range.Outside(_decision, path, number);
                }
                else
                {
                    range.OutsideItem(_decision, list, index, path, number);
                }
            }
        }

        /// <summary>Every row whose condition holds adds its points, when they are known.</summary>
        private void Scorecard(ScorecardNode node)
        {
            var total = 0d;
            foreach (var row in node.Rows)
            {
                if ((row.When is null || True(row.When)) && Eval(row.Points) is double points)
                {
                    total += points;
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
                var band = node.Bands.Find(b =>
                    (b.Min is not { } min || (b.MinInclusive ? value >= min : value > min)) &&
                    (b.Max is not { } max || (b.MaxInclusive ? value <= max : value < max)));
                if (band is null)
                {
                    RuntimeHelpers.NoBand(_decision, node.Name, value);
                }

                label = band?.Label;
            }

            _values[node.Symbol!] = label;
        }

        private void Table(TableNode node)
        {
            for (var c = 0; c < node.Inputs.Count; c++)
            {
                _values[node.Columns[c]] = Eval(node.Inputs[c]);
            }

            // PRIORITY: the rows in the order of their first output's enumeration, written order between equals.
            var rows = node.HitPolicy == HitPolicy.Priority
                ? [.. node.Rows.Select((row, i) => (row, i)).OrderBy(p => p.row.Rank).ThenBy(p => p.i).Select(p => p.row)]
                : node.Rows;
            var matched = new List<int>();
            for (var r = 0; r < rows.Count; r++)
            {
                if (rows[r].Cells.All(cell => cell.Condition is null || True(cell.Condition)))
                {
                    matched.Add(r);
                }
            }

            var outputs = node.Outputs;
            object?[] RowValues(int r) => [.. outputs.Select((_, o) => Eval(rows[r].Outputs[o]))];
            object?[] Defaults() => [.. outputs.Select(o => o.Default is null ? null : Eval(o.Default))];

            object?[] result;
            switch (node.HitPolicy)
            {
                case HitPolicy.Collect:
                    result = [.. outputs.Select((_, o) => Collect(node.Aggregation, matched.Select(r => Eval(rows[r].Outputs[o])).ToList()))];
                    break;
                case HitPolicy.First or HitPolicy.Priority:
                    result = matched.Count == 0 ? Defaults() : RowValues(matched[0]);
                    break;
                case HitPolicy.Unique:
                    result = matched.Count == 0 ? Defaults() : RowValues(matched[0]);
                    if (matched.Count > 1)
                    {
                        result = new object?[outputs.Count];
                        RuntimeHelpers.HitPolicyViolation(_decision, node.Name, "UNIQUE", [.. rows.Select(r => r.Id)], matched[0], matched[1]);
                    }

                    break;
                case HitPolicy.Any:
                    result = matched.Count == 0 ? Defaults() : RowValues(matched[0]);
                    // Rows may all match only when they agree on every output; the message names the last that disagrees.
                    var differing = matched.LastOrDefault(r => !RowValues(r).Zip(result, Same).All(same => same), -1);
                    if (differing >= 0)
                    {
                        result = new object?[outputs.Count];
                        RuntimeHelpers.HitPolicyViolation(_decision, node.Name, "ANY", [.. rows.Select(r => r.Id)], matched[0], differing);
                    }

                    break;
                default:
                    throw new InvalidOperationException($"no reference semantics for the hit policy {node.HitPolicy}");
            }

            for (var o = 0; o < outputs.Count; o++)
            {
                _values[outputs[o].Symbol] = result[o];
            }
        }

        /// <summary>COLLECT: the matching rows' values as a list, or one number; missing values are skipped by the aggregations.</summary>
        private static object? Collect(Aggregation aggregation, List<object?> values)
        {
            var numbers = values.OfType<double>().ToList();
            return aggregation switch
            {
                Aggregation.None => values.ToArray(),
                Aggregation.Count => (double)values.Count,
                Aggregation.Sum => numbers.Sum(),
                Aggregation.Min => numbers.Count == 0 ? null : numbers.Aggregate((a, b) => b < a ? b : a),
                Aggregation.Max => numbers.Count == 0 ? null : numbers.Aggregate((a, b) => b > a ? b : a),
                _ => throw new InvalidOperationException($"no reference semantics for the aggregation {aggregation}"),
            };
        }

        /// <summary>Missing equals missing; numbers compare as IEEE doubles (NaN equals nothing, itself included).</summary>
        private static bool Same(object? a, object? b) => (a, b) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            (double x, double y) => x == y,
            _ => a.Equals(b),
        };

        /// <summary>The highest-priority firing rule that sets the output (the first written between equals), else its value.</summary>
        private void Output(OutputNode node)
        {
            var setter = node.Setters
                .Select(s => (Setter: s, Index: _rules.Rules.ToList().IndexOf(s.Rule)))
                .Where(s => _values[s.Setter.Rule.Fired] is true)
                .OrderByDescending(s => s.Setter.Rule.Priority).ThenBy(s => s.Index)
                .Select(s => s.Setter)
                .FirstOrDefault();
            _values[node.Symbol!] = setter is not null ? Eval(setter.Value) : node.Value is null ? null : Eval(node.Value);
        }

        private RuleValue OutputValue(OutputNode output, object? value) => value switch
        {
            null => RuleValue.Missing,
            double number => RuntimeHelpers.NumberOutput(_decision, output.Name, number),
            bool flag => RuleValue.FromBool(flag),
            string text => RuleValue.FromString(text),
            DateOnly date => RuleValue.FromDate(date),
            _ => RuntimeHelpers.ListOutput(value),
        };
    }
}
