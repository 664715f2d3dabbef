using System.Globalization;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;
using RiskTriage.Loading;

namespace RiskTriage.Checking;

/// <summary>Binding a decision table: its input columns, each row's cells and outputs, the hit policy's demands, and the overlap and coverage checks.</summary>
internal sealed partial class RuleSetChecker
{
    private void BindTable(TableNode node)
    {
        var decl = DeclarationOf<TableDecl>(node);
        for (var i = 0; i < decl.Inputs.Count; i++)
        {
            var input = BindExpression(decl.Inputs[i].Expression, null);
            if (!input.Type.IsScalar && !input.Type.IsError)
            {
                Error(decl.Inputs[i].Source, DiagnosticCodes.WrongResultType,
                    $"a table input must give a number, text, date or true/false, but this gives {input.Type}");
                input = new BoundError(input.Span);
            }

            node.Inputs.Add(input);
            node.Columns.Add(new ValueSymbol($"${node.Name}.{i}", input.Type, "column"));
            node.ColumnLabels.Add(decl.Inputs[i].Label ?? decl.Inputs[i].Expression.Text);
        }

        var outputTypes = decl.Outputs.Select(o => ToDataType(o.Type, o.Name)).ToList();
        foreach (var row in decl.Rows)
        {
            if (row.Cells.Count != decl.Inputs.Count)
            {
                Error(row.CellsSource, DiagnosticCodes.CellCount,
                    $"the row '{row.Id}' has {row.Cells.Count} test(s) in \"when\" but the table has {decl.Inputs.Count} input column(s); use \"-\" for a column the row does not test");
                continue;
            }

            var cells = new List<CheckedCell>();
            for (var c = 0; c < row.Cells.Count; c++)
            {
                cells.Add(BindCell(node, row.Cells[c], node.Columns[c]));
            }

            foreach (var key in row.Then.Keys.Where(k => !decl.Outputs.Any(o => o.Name == k)))
            {
                Error(row.Then[key].Key, DiagnosticCodes.TableOutputValue,
                    $"the row '{row.Id}' sets '{key}', which is not an output of the table '{decl.Name}'{NameSuggester.Hint(key, decl.Outputs.Select(o => o.Name))}");
            }

            var values = new List<BoundExpression>();
            for (var o = 0; o < decl.Outputs.Count; o++)
            {
                var output = decl.Outputs[o];
                if (row.Then.TryGetValue(output.Name, out var set))
                {
                    values.Add(BindValueLiteral(set.Value, outputTypes[o], $"'{output.Name}' in the row '{row.Id}'"));
                }
                else
                {
                    values.Add(DefaultOf(output, outputTypes[o]));
                }
            }

            var rank = 0;
            if (decl.HitPolicy == HitPolicy.Priority && decl.Outputs.Count > 0)
            {
                var order = outputTypes[0].EnumValues;
                if (order is null)
                {
                    Error(decl.Outputs[0].Source, DiagnosticCodes.PriorityNeedsOrder,
                        $"the PRIORITY hit policy ranks rows by the order of the first output's \"enum\" values; give '{decl.Outputs[0].Name}' an \"enum\" listing its values from highest to lowest priority");
                }
                else if (values[0] is BoundLiteral { Value: string label })
                {
                    rank = order.ToList().IndexOf(label);
                }
                else
                {
                    Error(row.Source, DiagnosticCodes.PriorityNeedsOrder,
                        $"under PRIORITY every row must give '{decl.Outputs[0].Name}' a written value, so its rank is known");
                }
            }

            node.Rows.Add(new CheckedTableRow(row.Id, cells, values, rank));
        }

        for (var o = 0; o < decl.Outputs.Count; o++)
        {
            var output = decl.Outputs[o];
            var type = outputTypes[o];
            if (decl.HitPolicy == HitPolicy.Collect)
            {
                if (decl.Aggregation is Aggregation.Sum or Aggregation.Min or Aggregation.Max && type.Kind != TypeKind.Number && !type.IsError)
                {
                    Error(output.Source, DiagnosticCodes.InvalidHitPolicy,
                        $"COLLECT with {decl.Aggregation.ToString().ToUpperInvariant()} adds up numbers, but the output '{output.Name}' is {type}");
                }

                type = decl.Aggregation == Aggregation.None ? DataType.ListOf(type) : DataType.Number;
            }

            var symbol = new ValueSymbol(output.Name, type, "table output");
            node.Outputs.Add(new CheckedTableOutput(output.Name, outputTypes[o], symbol, DefaultOf(output, outputTypes[o])));
            if (_producers.GetValueOrDefault(output.Name) == node)
            {
                _scope.Add(symbol);
            }
        }

        if (decl.HitPolicy == HitPolicy.Unique)
        {
            ReportOverlaps(node, decl);
        }

        _coverage.Add(new DeferredCoverage.Table(node, decl));
    }

    private BoundExpression DefaultOf(TableOutputDecl output, DataType type) =>
        output.Default is null
            ? new BoundLiteral(null, DataType.Null, NoSpan)
            : BindValueLiteral(output.Default, type, $"the default of '{output.Name}'");

    private void ReportOverlaps(TableNode node, TableDecl decl)
    {
        var found = TableOverlaps.Find(node.Rows, node.Columns.Count, Intersects);
        Dictionary<string, TableRowDecl>? rowsById = null;
        foreach (var (i, j) in found.Overlaps)
        {
            rowsById ??= decl.Rows.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            Error(rowsById[node.Rows[j].Id].Source, DiagnosticCodes.OverlappingRows,
                $"the rows '{node.Rows[i].Id}' and '{node.Rows[j].Id}' of the UNIQUE table '{decl.Name}' can both match the same case; narrow one of them, or use the FIRST hit policy if the order decides");
        }

        if (found.MoreOverlaps)
        {
            Error(decl.Source, DiagnosticCodes.OverlappingRows,
                $"more rows of the UNIQUE table '{decl.Name}' can match the same case than the {TableOverlaps.MaxReported} pairs listed; correct those first");
        }
        else if (found.Incomplete && found.Overlaps.Count == 0)
        {
            Warning(decl.Source, DiagnosticCodes.OverlapCheckIncomplete, string.Create(CultureInfo.InvariantCulture,
                $"the UNIQUE table '{decl.Name}' has too many rows that may overlap to compare them all when the rule set loads (more than {TableOverlaps.MaxPairChecks:N0} pairs); a case that matches two rows is still sent for review (HIT_POLICY_VIOLATION). Give the rows a column with distinct values or ranges to have them checked here"));
        }

        node.RowsProvenDisjoint = found.ProvenDisjoint;
    }

    /// <summary>Whether two cells can both match one value: true, false, or null when it cannot be decided.</summary>
    internal static bool? Intersects(CellShape a, CellShape b) => (a, b) switch
    {
        (CellShape.AnyValue, _) or (_, CellShape.AnyValue) => true,
        (CellShape.Opaque, _) or (_, CellShape.Opaque) => null,
        (CellShape.OneOf x, CellShape.OneOf y) => x.Values.Any(v => y.Values.Any(w => Equals(v, w))),
        (CellShape.OneOf x, CellShape.Range r) => x.Values.Any(v => InRange(v, r)),
        (CellShape.Range r, CellShape.OneOf x) => x.Values.Any(v => InRange(v, r)),
        (CellShape.Range x, CellShape.Range y) => RangesOverlap(x, y),
        _ => null,
    };

    private static bool InRange(object? value, CellShape.Range range)
    {
        double? number = value switch
        {
            double d => d,
            DateOnly date => date.DayNumber,
            _ => null,
        };
        return number is { } n
               && (range.LowInclusive ? n >= range.Low : n > range.Low)
               && (range.HighInclusive ? n <= range.High : n < range.High);
    }

    private static bool RangesOverlap(CellShape.Range x, CellShape.Range y)
    {
        var low = Math.Max(x.Low, y.Low);
        var high = Math.Min(x.High, y.High);
        if (low < high)
        {
            return true;
        }

        if (low > high)
        {
            return false;
        }

        bool Includes(CellShape.Range r, double v) => (r.Low < v || (r.Low == v && r.LowInclusive)) && (v < r.High || (v == r.High && r.HighInclusive));
        return Includes(x, low) && Includes(y, low);
    }
}
