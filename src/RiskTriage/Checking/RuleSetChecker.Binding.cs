using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Syntax;
using RiskTriage.Loading;

namespace RiskTriage.Checking;

internal sealed partial class RuleSetChecker
{
    private static readonly TextSpan NoSpan = new(0, 0);

    private DataType? DeclaredType(string? name, RuleFile file, JToken token)
    {
        if (name is null)
        {
            return null;
        }

        DataType? type = name switch
        {
            "number" => DataType.Number,
            "bool" => DataType.Bool,
            "string" => DataType.String,
            "date" => DataType.Date,
            _ => null,
        };
        if (type is null)
        {
            Error(file, token, DiagnosticCodes.UnknownTypeName, $"unknown type '{name}'; a value's type is number, bool, string or date");
        }

        return type;
    }

    private void Bind(CheckedNode node)
    {
        switch (node)
        {
            case ValueNode value:
                BindValue(value);
                break;
            case ScorecardNode scorecard:
                BindScorecard(scorecard);
                break;
            case BandNode band:
                BindBands(band);
                break;
            case TableNode table:
                BindTable(table);
                break;
            case RuleNode rule:
                BindRule(rule);
                break;
            case OutputNode output:
                BindOutput(output);
                break;
        }
    }

    private void BindValue(ValueNode node)
    {
        var decl = DeclarationOf<ValueDecl>(node);
        var declared = DeclaredType(decl.Type, decl.File, decl.Token);
        node.Expression = BindExpression(decl.Expression, declared);
        node.Symbol = new ValueSymbol(node.Name, declared ?? node.Expression.Type, "value");
        _scope.Add(node.Symbol);
    }

    private void BindScorecard(ScorecardNode node)
    {
        var decl = DeclarationOf<ScorecardDecl>(node);
        foreach (var row in decl.Rows)
        {
            var when = row.When is null ? null : BindExpression(row.When, DataType.Bool);
            BoundExpression points = row.Points.Type == JTokenType.String
                ? BindExpression(ParsedAt(row.Points)!, DataType.Number)
                : new BoundLiteral((double)row.Points, DataType.Number, NoSpan);
            node.Rows.Add(new CheckedScoreRow(row.Id, when, points, row.Reason, Operands.Of(when)));
        }

        node.Symbol = new ValueSymbol(node.Name, DataType.Number, "scorecard");
        _scope.Add(node.Symbol);
    }

    private void BindBands(BandNode node)
    {
        var decl = DeclarationOf<BandDecl>(node);
        node.Value = BindExpression(decl.Value, DataType.Number);
        node.Operands = Operands.Of(node.Value);
        if (decl.Bands.Count == 0)
        {
            Error(decl.File, decl.Token, DiagnosticCodes.BandProblem, $"the bands '{decl.Name}' list no bands");
        }

        foreach (var band in decl.Bands)
        {
            if (band.Min is { } min && band.Max is { } max && (min > max || (min == max && !(band.MinInclusive && band.MaxInclusive))))
            {
                Error(decl.File, band.Token, DiagnosticCodes.BandProblem, string.Create(CultureInfo.InvariantCulture, $"the band '{band.Label}' is empty: its min {min} is not below its max {max}"));
            }

            node.Bands.Add(new CheckedBand(string.Intern(band.Label), band.Min, band.Max, band.MinInclusive, band.MaxInclusive));
        }

        for (var i = 0; i < decl.Bands.Count; i++)
        {
            for (var j = i + 1; j < decl.Bands.Count; j++)
            {
                if (decl.Bands[i].BadBound || decl.Bands[j].BadBound)
                {
                    // A bound already reported as not a number would make up overlaps.
                    continue;
                }

                var a = node.Bands[i];
                var b = node.Bands[j];
                var shapeA = new CellShape.Range(a.Min ?? double.NegativeInfinity, a.MinInclusive, a.Max ?? double.PositiveInfinity, a.MaxInclusive);
                var shapeB = new CellShape.Range(b.Min ?? double.NegativeInfinity, b.MinInclusive, b.Max ?? double.PositiveInfinity, b.MaxInclusive);
                if (Intersects(shapeA, shapeB) == true)
                {
                    Error(decl.File, decl.Bands[j].Token, DiagnosticCodes.BandProblem,
                        $"the bands '{a.Label}' and '{b.Label}' overlap, so a value could fall in both; make the bounds meet without overlapping (use minInclusive/maxInclusive)");
                }
            }
        }

        var labels = node.Bands.Select(b => b.Label).Distinct().ToArray();
        node.Symbol = new ValueSymbol(node.Name, labels.Length > 0 ? DataType.Enumeration(labels) : DataType.String, "bands");
        _scope.Add(node.Symbol);
    }

    private void BindRule(RuleNode node)
    {
        var decl = DeclarationOf<RuleDecl>(node);
        node.When = BindExpression(decl.When, DataType.Bool);
        node.Operands = Operands.Of(node.When);
    }

    private void BindOutput(OutputNode node)
    {
        var decl = DeclarationOf<OutputDecl>(node);
        var type = ToDataType(decl.Type, node.Name);
        if (type.Kind == TypeKind.Object || (type.Kind == TypeKind.List && type.Element!.Kind == TypeKind.Object))
        {
            Error(decl.File, decl.Token, DiagnosticCodes.UnknownTypeName, $"the output '{node.Name}' cannot be an object; outputs are numbers, text, dates, true/false or lists of those");
            type = DataType.Error;
        }

        node.Type = type;
        if (decl.Value is not null)
        {
            node.Value = BindExpression(decl.Value, type);
        }
        else if (node.Exports)
        {
            node.Value = _scope.Lookup(node.Name) switch
            {
                InputSymbol input => new BoundInput(input, NoSpan),
                ConstantSymbol constant => new BoundLiteral(constant.Value, constant.Type, NoSpan),
                ValueSymbol value => new BoundValueReference(value, NoSpan),
                _ => null,
            };
            if (node.Value is not null && !node.Value.Type.IsAssignableTo(type))
            {
                Error(decl.File, decl.Token, DiagnosticCodes.WrongResultType,
                    $"the output '{node.Name}' is declared as {type}, but the element of the same name it exports is {node.Value.Type}");
            }
        }

        var setters = new List<(int Priority, int Index, CheckedSetter Setter)>();
        foreach (var rule in _model.Rules)
        {
            if (_producers.GetValueOrDefault("rule:" + rule.Id) is not RuleNode ruleNode || ruleNode.Token != rule.Token)
            {
                continue;
            }

            foreach (var effect in rule.Effects.Where(e => e.Kind == EffectKind.Set && e.Output == node.Name))
            {
                var value = BindValueToken(effect.Value!, type, rule.File, $"the value set by the rule '{rule.Id}'");
                setters.Add((ruleNode.Priority, ruleNode.DeclarationIndex, new CheckedSetter(ruleNode, value)));
            }
        }

        // The highest priority wins; among equal priorities, the rule written first.
        node.Setters.AddRange(setters.OrderByDescending(s => s.Priority).ThenBy(s => s.Index).Select(s => s.Setter));
        node.Symbol = new ValueSymbol(node.Name, type, "output");
        if (!node.Exports)
        {
            _scope.Add(node.Symbol);
        }
    }

    /// <summary>A value in "then"/"to": a JSON literal of the target type, or { "expr": "..." }.</summary>
    private BoundExpression BindValueToken(JToken value, DataType type, RuleFile file, string what)
    {
        if (EffectExpression(value, file) is { } expression)
        {
            var key = ParsedAt(expression.Token) ?? expression;
            if (!_parsed.ContainsKey(key))
            {
                var source = new SourceText(key.Text);
                var bag = new DiagnosticBag();
                _parsed[key] = (source, Expressions.Parsing.Parser.Parse(source, bag, _options.Limits), bag);
                RememberParsed(key);
                _expressionDiagnostics.Add((key, bag));
            }

            return BindExpression(key, type);
        }

        if (type.IsError)
        {
            return new BoundError(NoSpan);
        }

        if (ConvertLiteral(value, type, out var literal))
        {
            return Constant(literal, type);
        }

        var hint = value.Type == JTokenType.String && type.Kind != TypeKind.String
            ? "; to compute it, write { \"expr\": \"...\" }"
            : type.EnumValues is { } values && value.Type == JTokenType.String
                ? $" ({DataType.ListValues(values)}){NameSuggester.Hint((string)value!, values)}"
                : string.Empty;
        Error(file, value, DiagnosticCodes.TableOutputValue, $"{what} must be {type}{hint}");
        return new BoundError(NoSpan);
    }

    /// <summary>The bound form of a converted JSON literal (a list becomes a list of literals).</summary>
    private static BoundExpression Constant(object? literal, DataType type) =>
        literal is object?[] items
            ? new BoundList(items.Select(i => (BoundExpression)new BoundLiteral(i, type.Element!, NoSpan)).ToList(), type, NoSpan)
            : new BoundLiteral(literal, literal is null ? DataType.Null : type, NoSpan);

    // ---- Decision tables --------------------------------------------------------------------------

    [GeneratedRegex(@"^(\s*)([\[\(\]])(.*?)\.\.(.*)([\]\)\[])\s*$", RegexOptions.Singleline)]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"^(\s*)(<=|>=|==|!=|<|>)(.*)$", RegexOptions.Singleline)]
    private static partial Regex ComparisonPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    private abstract record Cell
    {
        public sealed record AnyCell : Cell;

        public sealed record LiteralCell(JToken Value) : Cell;

        public sealed record CompareCell(string Operator, ExpressionText Operand) : Cell;

        public sealed record RangeCell(bool LowInclusive, ExpressionText Low, ExpressionText High, bool HighInclusive) : Cell;

        public sealed record TestCell(ExpressionText Test) : Cell;

        public sealed record TextCell(string Text, ExpressionText Expression) : Cell;

        public sealed record InvalidCell(string Message) : Cell;
    }

    private readonly Dictionary<JToken, Cell> _cells = new(ReferenceEqualityComparer.Instance);

    private Cell ReadCell(JToken token, RuleFile file)
    {
        if (_cells.TryGetValue(token, out var cached))
        {
            return cached;
        }

        Cell cell;
        switch (token)
        {
            case JObject obj when obj.Count == 1 && obj["test"] is { Type: JTokenType.String } test:
                cell = new Cell.TestCell(new ExpressionText((string)test!, file, test));
                break;
            case JObject:
                cell = new Cell.InvalidCell("a cell written as an object must be { \"test\": \"condition\" }");
                break;
            case JValue { Type: JTokenType.String } value:
                var text = (string)value!;
                if (text.Trim() is "-" or "")
                {
                    cell = new Cell.AnyCell();
                }
                else if (RangePattern().Match(text) is { Success: true } range)
                {
                    var lowStart = range.Groups[3].Index;
                    var highStart = range.Groups[4].Index;
                    cell = new Cell.RangeCell(
                        range.Groups[2].Value == "[",
                        new ExpressionText(range.Groups[3].Value, file, token, lowStart),
                        new ExpressionText(range.Groups[4].Value, file, token, highStart),
                        range.Groups[5].Value == "]");
                }
                else if (ComparisonPattern().Match(text) is { Success: true } comparison)
                {
                    cell = new Cell.CompareCell(comparison.Groups[2].Value, new ExpressionText(comparison.Groups[3].Value, file, token, comparison.Groups[3].Index));
                }
                else
                {
                    cell = new Cell.TextCell(text, new ExpressionText(text, file, token));
                }

                break;
            default:
                cell = new Cell.LiteralCell(token);
                break;
        }

        _cells[token] = cell;
        return cell;
    }

    /// <summary>The expressions a cell contains, for dependency analysis (plain text is only a dependency when it names one).</summary>
    private IEnumerable<ExpressionText> CellExpressions(JToken token, RuleFile file)
    {
        switch (ReadCell(token, file))
        {
            case Cell.CompareCell compare:
                yield return compare.Operand;
                break;
            case Cell.RangeCell range:
                yield return range.Low;
                yield return range.High;
                break;
            case Cell.TestCell test:
                yield return test.Test;
                break;
            case Cell.TextCell text when IdentifierPattern().IsMatch(text.Text.Trim()) && _producers.ContainsKey(text.Text.Trim()):
                yield return text.Expression;
                break;
        }
    }

    private BoundExpression BindCellExpression(TableNode node, ExpressionText text, DataType? expected)
    {
        if (!_parsed.ContainsKey(text))
        {
            Parse(node, text);
        }

        return BindExpression(text, expected);
    }

    private void BindTable(TableNode node)
    {
        var decl = DeclarationOf<TableDecl>(node);
        for (var i = 0; i < decl.Inputs.Count; i++)
        {
            var input = BindExpression(decl.Inputs[i].Expression, null);
            if (!input.Type.IsScalar && !input.Type.IsError)
            {
                Error(decl.File, decl.Inputs[i].Token, DiagnosticCodes.WrongResultType,
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
                Error(decl.File, row.CellsToken, DiagnosticCodes.CellCount,
                    $"the row '{row.Id}' has {row.Cells.Count} test(s) in \"when\" but the table has {decl.Inputs.Count} input column(s); use \"-\" for a column the row does not test");
                continue;
            }

            var cells = new List<CheckedCell>();
            for (var c = 0; c < row.Cells.Count; c++)
            {
                cells.Add(BindCell(node, decl.File, row.Cells[c], node.Columns[c]));
            }

            foreach (var key in row.Then.Keys.Where(k => !decl.Outputs.Any(o => o.Name == k)))
            {
                Error(decl.File, row.Then[key], DiagnosticCodes.TableOutputValue,
                    $"the row '{row.Id}' sets '{key}', which is not an output of the table '{decl.Name}'{NameSuggester.Hint(key, decl.Outputs.Select(o => o.Name))}");
            }

            var values = new List<BoundExpression>();
            for (var o = 0; o < decl.Outputs.Count; o++)
            {
                var output = decl.Outputs[o];
                if (row.Then.TryGetValue(output.Name, out var set))
                {
                    values.Add(BindValueToken(((JProperty)set).Value, outputTypes[o], decl.File, $"'{output.Name}' in the row '{row.Id}'"));
                }
                else
                {
                    values.Add(DefaultOf(output, outputTypes[o], decl.File));
                }
            }

            var rank = 0;
            if (decl.HitPolicy == HitPolicy.Priority && decl.Outputs.Count > 0)
            {
                var order = outputTypes[0].EnumValues;
                if (order is null)
                {
                    Error(decl.File, decl.Outputs[0].Token, DiagnosticCodes.PriorityNeedsOrder,
                        $"the PRIORITY hit policy ranks rows by the order of the first output's \"enum\" values; give '{decl.Outputs[0].Name}' an \"enum\" listing its values from highest to lowest priority");
                }
                else if (values[0] is BoundLiteral { Value: string label })
                {
                    rank = order.ToList().IndexOf(label);
                }
                else
                {
                    Error(decl.File, row.Token, DiagnosticCodes.PriorityNeedsOrder,
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
                    Error(decl.File, output.Token, DiagnosticCodes.InvalidHitPolicy,
                        $"COLLECT with {decl.Aggregation.ToString().ToUpperInvariant()} adds up numbers, but the output '{output.Name}' is {type}");
                }

                type = decl.Aggregation == Aggregation.None ? DataType.ListOf(type) : DataType.Number;
            }

            var symbol = new ValueSymbol(output.Name, type, "table output");
            node.Outputs.Add(new CheckedTableOutput(output.Name, outputTypes[o], symbol, DefaultOf(output, outputTypes[o], decl.File)));
            if (_producers.GetValueOrDefault(output.Name) == node)
            {
                _scope.Add(symbol);
            }
        }

        if (decl.HitPolicy == HitPolicy.Unique)
        {
            ReportOverlaps(node, decl);
        }

        foreach (var (token, code, message) in TableCoverage.Check(node, decl))
        {
            Warning(decl.File, token, code, message);
        }
    }

    private BoundExpression DefaultOf(TableOutputDecl output, DataType type, RuleFile file) =>
        output.Default is null
            ? new BoundLiteral(null, DataType.Null, NoSpan)
            : BindValueToken(output.Default, type, file, $"the default of '{output.Name}'");

    private CheckedCell BindCell(TableNode node, RuleFile file, JToken token, ValueSymbol column)
    {
        var type = column.Type;
        var columnRef = new BoundValueReference(column, NoSpan);
        switch (ReadCell(token, file))
        {
            case Cell.AnyCell:
                return new CheckedCell(null, new CellShape.AnyValue());

            case Cell.LiteralCell literal:
            {
                var items = literal.Value is JArray array ? array.ToList() : [literal.Value];
                var values = new List<object?>();
                BoundExpression? condition = null;
                foreach (var item in items)
                {
                    if (type.IsError)
                    {
                        return new CheckedCell(null, new CellShape.Opaque());
                    }

                    if (!ConvertLiteral(item, type, out var value) || value is object?[])
                    {
                        var hint = type.EnumValues is { } enumValues && item.Type == JTokenType.String
                            ? NameSuggester.Hint((string)item!, enumValues)
                            : string.Empty;
                        Error(file, item, DiagnosticCodes.InvalidCell, $"this cell tests a column of {type}, so it cannot be {item.ToString(Newtonsoft.Json.Formatting.None)}{hint}");
                        return new CheckedCell(null, new CellShape.Opaque());
                    }

                    values.Add(value);
                    var test = new BoundBinary(BoundBinaryOperator.Equal, columnRef, new BoundLiteral(value, value is null ? DataType.Null : type, NoSpan), DataType.Bool, NoSpan);
                    condition = condition is null ? test : new BoundBinary(BoundBinaryOperator.Or, condition, test, DataType.Bool, NoSpan);
                }

                return new CheckedCell(condition ?? new BoundLiteral(false, DataType.Bool, NoSpan), new CellShape.OneOf(values));
            }

            case Cell.TextCell text when type.Kind == TypeKind.String:
            {
                var value = string.Intern(text.Text);
                if (type.EnumValues is { } enumValues && type.FindEnumValue(value) is null)
                {
                    Error(file, token, DiagnosticCodes.InvalidCell,
                        $"\"{value}\" is not one of the values this column can have ({DataType.ListValues(enumValues)}){NameSuggester.Hint(value, enumValues)}");
                    return new CheckedCell(null, new CellShape.Opaque());
                }

                var test = new BoundBinary(BoundBinaryOperator.Equal, columnRef, new BoundLiteral(value, type, NoSpan), DataType.Bool, NoSpan);
                return new CheckedCell(test, new CellShape.OneOf([value]));
            }

            case Cell.TextCell text:
                return CompareCell(node, "==", text.Expression, columnRef);

            case Cell.CompareCell compare:
                return CompareCell(node, compare.Operator, compare.Operand, columnRef);

            case Cell.RangeCell range:
            {
                if (type.Kind is not (TypeKind.Number or TypeKind.Date or TypeKind.Error))
                {
                    Error(file, token, DiagnosticCodes.InvalidCell, $"a range [a..b] needs a number or date column, but this column is {type}");
                    return new CheckedCell(null, new CellShape.Opaque());
                }

                var low = BindCellExpression(node, range.Low, type.IsError ? null : type);
                var high = BindCellExpression(node, range.High, type.IsError ? null : type);
                if (low.Type.IsError || high.Type.IsError || type.IsError)
                {
                    return new CheckedCell(null, new CellShape.Opaque());
                }

                var condition = new BoundBinary(BoundBinaryOperator.And,
                    new BoundBinary(range.LowInclusive ? BoundBinaryOperator.GreaterOrEqual : BoundBinaryOperator.Greater, columnRef, low, DataType.Bool, NoSpan),
                    new BoundBinary(range.HighInclusive ? BoundBinaryOperator.LessOrEqual : BoundBinaryOperator.Less, columnRef, high, DataType.Bool, NoSpan),
                    DataType.Bool, NoSpan);
                CellShape shape = Constant(low) is { } lo && Constant(high) is { } hi
                    ? new CellShape.Range(lo, range.LowInclusive, hi, range.HighInclusive)
                    : new CellShape.Opaque();
                return new CheckedCell(condition, shape);
            }

            case Cell.TestCell test:
                var bound = BindCellExpression(node, test.Test, DataType.Bool);
                return new CheckedCell(bound.Type.IsError ? null : bound, new CellShape.Opaque());

            case Cell.InvalidCell invalid:
                Error(file, token, DiagnosticCodes.InvalidCell, invalid.Message);
                return new CheckedCell(null, new CellShape.Opaque());

            default:
                return new CheckedCell(null, new CellShape.Opaque());
        }
    }

    private CheckedCell CompareCell(TableNode node, string op, ExpressionText operandText, BoundValueReference columnRef)
    {
        var type = columnRef.Type;
        var ordered = op is "<" or "<=" or ">" or ">=";
        if (ordered && type.Kind is not (TypeKind.Number or TypeKind.Date or TypeKind.Error))
        {
            Error(operandText.File, operandText.Token, DiagnosticCodes.InvalidCell, $"'{op}' needs a number or date column, but this column is {type}");
            return new CheckedCell(null, new CellShape.Opaque());
        }

        var operand = BindCellExpression(node, operandText, type.IsError ? null : type);
        if (operand.Type.IsError || type.IsError)
        {
            return new CheckedCell(null, new CellShape.Opaque());
        }

        var (kind, shape) = op switch
        {
            "<" => (BoundBinaryOperator.Less, Constant(operand) is { } v ? new CellShape.Range(double.NegativeInfinity, false, v, false) : null),
            "<=" => (BoundBinaryOperator.LessOrEqual, Constant(operand) is { } v2 ? new CellShape.Range(double.NegativeInfinity, false, v2, true) : null),
            ">" => (BoundBinaryOperator.Greater, Constant(operand) is { } v3 ? new CellShape.Range(v3, false, double.PositiveInfinity, false) : null),
            ">=" => (BoundBinaryOperator.GreaterOrEqual, Constant(operand) is { } v4 ? (CellShape?)new CellShape.Range(v4, true, double.PositiveInfinity, false) : null),
            "!=" => (BoundBinaryOperator.NotEqual, (CellShape?)null),
            _ => (BoundBinaryOperator.Equal, operand is BoundLiteral literal ? new CellShape.OneOf([literal.Value]) : null),
        };
        return new CheckedCell(new BoundBinary(kind, columnRef, operand, DataType.Bool, NoSpan), shape ?? new CellShape.Opaque());
    }

    private static double? Constant(BoundExpression expression) => expression switch
    {
        BoundLiteral { Value: double d } => d,
        BoundLiteral { Value: DateOnly date } => date.DayNumber,
        _ => null,
    };

    private void ReportOverlaps(TableNode node, TableDecl decl)
    {
        var found = TableOverlaps.Find(node.Rows, node.Columns.Count, Intersects);
        Dictionary<string, TableRowDecl>? rowsById = null;
        foreach (var (i, j) in found.Overlaps)
        {
            rowsById ??= decl.Rows.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            Error(decl.File, rowsById[node.Rows[j].Id].Token, DiagnosticCodes.OverlappingRows,
                $"the rows '{node.Rows[i].Id}' and '{node.Rows[j].Id}' of the UNIQUE table '{decl.Name}' can both match the same case; narrow one of them, or use the FIRST hit policy if the order decides");
        }

        if (found.MoreOverlaps)
        {
            Error(decl.File, decl.Token, DiagnosticCodes.OverlappingRows,
                $"more rows of the UNIQUE table '{decl.Name}' can match the same case than the {TableOverlaps.MaxReported} pairs listed; correct those first");
        }
        else if (found.Incomplete && found.Overlaps.Count == 0)
        {
            Warning(decl.File, decl.Token, DiagnosticCodes.OverlapCheckIncomplete, string.Create(CultureInfo.InvariantCulture,
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
