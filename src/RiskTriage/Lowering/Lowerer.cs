using System.Globalization;
using RiskTriage.Checking;
using RiskTriage.Compilation;
using RiskTriage.Evaluation;
using RiskTriage.Expressions.Binding;
using RiskTriage.Loading;

namespace RiskTriage.Lowering;

/// <summary>
/// Lowers a checked rule set to primitive operations (<see cref="LoweredRuleSet"/>): values to <see cref="Compute"/>,
/// scorecards to <see cref="Sum"/>, band sets to <see cref="SelectBand"/>, tables to their columns'
/// <see cref="Compute"/>s and a <see cref="FirstMatch"/> (UNIQUE, FIRST, PRIORITY, ANY) or <see cref="AllMatches"/>
/// (COLLECT), rules to <see cref="Test"/>, outputs and their setters to <see cref="Choose"/>, the input fields to
/// <see cref="InputCheck"/>s. Tracing is a lowering choice: trace steps are in the form only when
/// <see cref="LoweringOptions.Trace"/> is set. The result is one part; the passes refine it.
/// </summary>
internal static class Lowerer
{
    public static LoweredRuleSet Lower(CheckedRuleSet ruleSet, LoweringOptions options)
    {
        var elements = ruleSet.Order.Select(node => Element(node, options.Trace)).ToList();
        var reviews = new AddReviews([.. ruleSet.Rules.SelectMany(rule => rule.Reviews.Select(review => new RuleReview(rule.Fired, SharedReviewReasons.Shared(new ReviewReason(review.Code, review.Message, rule.Id)))))]);
        var outputs = ruleSet.Outputs.Select(o => new WriteOutput(o.Slot, o.Name, o.Symbol!)).ToList();
        var exports = new HashSet<ValueSymbol>(reviews.Reviews.Select(r => r.Flag).Concat(outputs.Select(o => o.Value)));
        return new LoweredRuleSet(ruleSet.Name, options, InputChecks(ruleSet.Inputs, options), [new LoweredPart(elements, exports)], reviews, outputs);
    }

    private static LoweredElement Element(CheckedNode node, bool trace)
    {
        var (ops, produces, size) = node switch
        {
            ValueNode value => (Value(value, trace), [value.Symbol!], BoundSize.Of(value.Expression)),
            ScorecardNode scorecard => ([Scorecard(scorecard, trace)], [scorecard.Symbol!], scorecard.Rows.Sum(r => BoundSize.Of(r.When) + BoundSize.Of(r.Points) + 2)),
            BandNode bands => ([Bands(bands, trace)], [bands.Symbol!], BoundSize.Of(bands.Value) + (2 * bands.Bands.Count)),
            TableNode table => (Table(table, trace), table.Outputs.Select(o => o.Symbol).ToList(),
                table.Inputs.Sum(BoundSize.Of) + table.Rows.Sum(r => r.Cells.Sum(c => BoundSize.Of(c.Condition)) + r.Outputs.Sum(BoundSize.Of) + 2)),
            RuleNode rule => ([Rule(rule, trace)], [rule.Fired], BoundSize.Of(rule.When)),
            OutputNode output => ([Output(output, trace)], [output.Symbol!], BoundSize.Of(output.Value) + output.Setters.Sum(s => BoundSize.Of(s.Value) + 1)),
            _ => throw new InvalidOperationException($"no lowering for the {node.Kind} '{node.Name}'"),
        };
        var name = node is RuleNode r ? r.Id : node.Name;
        return new LoweredElement(node.Kind, name, node.Source.Location, ops, produces, node.Uses, 1 + size, node is OutputNode { Exports: true });
    }

    private static List<LoweredOp> Value(ValueNode node, bool trace) =>
        [new Compute(node.Symbol!, node.Expression!, trace ? new TraceStep("value", node.Name, null, node.Description, RecordsValue: true, FullOnly: true, []) : null)];

    private static Sum Scorecard(ScorecardNode node, bool trace) =>
        new(node.Symbol!, [.. node.Rows.Select(row => new SumTerm(row.When, row.Points,
            trace ? new TraceStep("scorecard-row", node.Name, row.Id, row.Reason, RecordsValue: true, FullOnly: false, row.Operands) : null))]);

    private static SelectBand Bands(BandNode node, bool trace) =>
        new(node.Symbol!, node.Name, node.Value!, [.. node.Bands.Select(band => new BandChoice(band.Label, band.Min, band.MinInclusive, band.Max, band.MaxInclusive,
            trace ? new TraceStep("band", node.Name, band.Label, Threshold(band), RecordsValue: true, FullOnly: false, node.Operands) : null))]);

    /// <summary>The band's bounds as its trace step shows them, e.g. <c>10 &lt;= value &lt; 20</c>.</summary>
    private static string Threshold(CheckedBand band)
    {
        var low = band.Min is { } min ? $"{min.ToString("R", CultureInfo.InvariantCulture)} {(band.MinInclusive ? "<=" : "<")} " : string.Empty;
        var high = band.Max is { } max ? $" {(band.MaxInclusive ? "<=" : "<")} {max.ToString("R", CultureInfo.InvariantCulture)}" : string.Empty;
        return low + "value" + high;
    }

    private static List<LoweredOp> Table(TableNode node, bool trace)
    {
        var ops = new List<LoweredOp>();
        for (var i = 0; i < node.Inputs.Count; i++)
        {
            ops.Add(new Compute(node.Columns[i], node.Inputs[i], null));
        }

        // The columns' values, labelled, are the operands of a table's trace step.
        var step = trace
            ? new TraceStep("table-row", node.Name, null, null, RecordsValue: false, FullOnly: false,
                [.. node.ColumnLabels.Select((label, i) => new Operand(label, new BoundValueReference(node.Columns[i], default)))])
            : null;
        var ordered = node.HitPolicy == HitPolicy.Priority
            ? node.Rows.Select((r, i) => (Row: r, Index: i)).OrderBy(p => p.Row.Rank).ThenBy(p => p.Index).Select(p => p.Row)
            : node.Rows;
        var rows = ordered.Select(r => new MatchRow(r.Id, r.Cells, r.Outputs)).ToList();
        if (node.HitPolicy == HitPolicy.Collect)
        {
            ops.Add(new AllMatches(node.Name, node.Columns, rows, [.. node.Outputs.Select(o => o.Symbol)], node.Aggregation, step));
            return ops;
        }

        var check = node.HitPolicy switch
        {
            HitPolicy.Any => MatchCheck.Any,
            HitPolicy.Unique when !node.RowsProvenDisjoint => MatchCheck.Unique,
            _ => MatchCheck.None,
        };
        ops.Add(new FirstMatch(node.Name, node.Columns, rows, [.. node.Outputs.Select(o => new MatchOutput(o.Symbol, o.Default, null))], check,
            node.HitPolicy.ToString().ToUpperInvariant(), null, step));
        return ops;
    }

    private static Test Rule(RuleNode node, bool trace) =>
        new(node.Fired, node.Enabled ? node.When : null,
            trace && node.Enabled ? new TraceStep("rule", "rules", node.Id, node.Description, RecordsValue: false, FullOnly: false, node.Operands) : null);

    private static Choose Output(OutputNode node, bool trace) =>
        new(node.Symbol!, node.Type,
            [.. node.Setters.Select(s => new Setter(s.Rule.Fired, s.Value,
                trace ? new TraceStep("output", node.Name, null, "set by rule " + s.Rule.Id, RecordsValue: true, FullOnly: false, []) : null))],
            node.Value,
            trace ? new TraceStep("output", node.Name, null, node.Value is null ? "no value" : "value", RecordsValue: true, FullOnly: false, []) : null);

    // ---- Input checks -----------------------------------------------------------------------------

    private static List<InputCheck> InputChecks(ObjectType inputs, LoweringOptions options) => Fields(inputs, string.Empty, options);

    /// <summary>The checks of one object's fields, in field order, their paths starting with <paramref name="prefix"/>.</summary>
    private static List<InputCheck> Fields(ObjectType type, string prefix, LoweringOptions options)
    {
        var limits = options.CaseLimits;
        var checks = new List<InputCheck>();
        foreach (var property in type.Properties)
        {
            var path = prefix + property.Name;
            var kind = property.Type.Kind;
            if (property.Required && property.Default is null)
            {
                checks.Add(new RequiredCheck(property, path));
            }

            if (options.ValidateEnums && property.Type.EnumValues is { } values)
            {
                checks.Add(new EnumCheck(property, path, values));
            }

            if (kind == TypeKind.Number && (property.Range ?? (limits is null ? null : InputRange.Finite)) is { } range)
            {
                checks.Add(new NumberRangeCheck(property, path, range));
            }
            else if (kind == TypeKind.Date && property.Range is { } dates)
            {
                checks.Add(new DateRangeCheck(property, path, dates));
            }
            else if (kind == TypeKind.String && limits is not null && property.Type.EnumValues is null)
            {
                checks.Add(new TextCheck(property, path, limits.MaxCaseStringLength));
            }

            if (kind == TypeKind.Object)
            {
                var inner = Fields(property.Type.ObjectType!, path + ".", options);
                if (inner.Count > 0)
                {
                    checks.Add(new ObjectChecks(property, path, inner));
                }
            }
            else if (kind == TypeKind.List && ItemChecks(property.Type.Element!, options) is { } items)
            {
                // A list inside a list item too: its items are checked as a top-level list's are, at any depth.
                checks.Add(new ListChecks(property, path, limits?.MaxCollectionItems, items));
            }
        }

        return checks;
    }

    /// <summary>The checks of a list's items; null when the list needs no check at all.</summary>
    private static List<InputCheck>? ItemChecks(DataType element, LoweringOptions options)
    {
        var limits = options.CaseLimits;
        List<InputCheck> items = element.Kind == TypeKind.Object ? Fields(element.ObjectType!, string.Empty, options)
            : options.ValidateEnums && element.EnumValues is { } values ? [new EnumCheck(null, string.Empty, values)]
            : limits is not null && element.Kind == TypeKind.String ? [new TextCheck(null, string.Empty, limits.MaxCaseStringLength)]
            : limits is not null && element.Kind == TypeKind.Number ? [new NumberRangeCheck(null, string.Empty, InputRange.Finite)]
            : [];
        return items.Count == 0 && limits is null ? null : items;
    }
}
