using System.Globalization;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Syntax;
using RiskTriage.Loading;

namespace RiskTriage.Checking;

/// <summary>Binding each element in evaluation order: values, scorecards, bands, rules and outputs, and the literal values they are given.</summary>
internal sealed partial class RuleSetChecker
{
    private static readonly TextSpan NoSpan = new(0, 0);

    private DataType? DeclaredType(string? name, SourceRef at)
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
            Error(at, DiagnosticCodes.UnknownTypeName, $"unknown type '{name}'; a value's type is number, bool, string or date");
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
        var declared = DeclaredType(decl.Type, decl.Source);
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
            BoundExpression points = row.Points.IsString
                ? BindExpression(ParsedAt(row.Points.Source)!, DataType.Number)
                : new BoundLiteral(row.Points.Number, DataType.Number, NoSpan);
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
            Error(decl.Source, DiagnosticCodes.BandProblem, $"the bands '{decl.Name}' list no bands");
        }

        foreach (var band in decl.Bands)
        {
            if (band.Min is { } min && band.Max is { } max && (min > max || (min == max && !(band.MinInclusive && band.MaxInclusive))))
            {
                Error(band.Source, DiagnosticCodes.BandProblem, string.Create(CultureInfo.InvariantCulture, $"the band '{band.Label}' is empty: its min {min} is not below its max {max}"));
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
                    Error(decl.Bands[j].Source, DiagnosticCodes.BandProblem,
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
            Error(decl.Source, DiagnosticCodes.UnknownTypeName, $"the output '{node.Name}' cannot be an object; outputs are numbers, text, dates, true/false or lists of those");
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
                Error(decl.Source, DiagnosticCodes.WrongResultType,
                    $"the output '{node.Name}' is declared as {type}, but the element of the same name it exports is {node.Value.Type}");
            }
        }

        var setters = new List<OrderedSetter>();
        foreach (var rule in _model.Rules)
        {
            if (_producers.GetValueOrDefault("rule:" + rule.Id) is not RuleNode ruleNode || ruleNode.Source != rule.Source)
            {
                continue;
            }

            foreach (var effect in rule.Effects.Where(e => e.Kind == EffectKind.Set && e.Output == node.Name))
            {
                var value = BindValueLiteral(effect.Value!, type, $"the value set by the rule '{rule.Id}'");
                setters.Add(new OrderedSetter(ruleNode.Priority, ruleNode.DeclarationIndex, setters.Count, new CheckedSetter(ruleNode, value)));
            }
        }

        // The highest priority wins; among equal priorities, the rule written first (a stable order, as OrderBy's was:
        // the position found breaks the last ties).
        setters.Sort(static (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority)
            : a.Index != b.Index ? a.Index.CompareTo(b.Index)
            : a.Position.CompareTo(b.Position));
        foreach (var setter in setters)
        {
            node.Setters.Add(setter.Setter);
        }

        node.Symbol = new ValueSymbol(node.Name, type, "output");
        if (!node.Exports)
        {
            _scope.Add(node.Symbol);
        }
    }

    /// <summary>A value in "then"/"to": a JSON literal of the target type, or { "expr": "..." }.</summary>
    private BoundExpression BindValueLiteral(LiteralValue value, DataType type, string what)
    {
        if (EffectExpression(value) is { } expression)
        {
            var key = ParsedAt(expression.Source) ?? expression;
            if (!_parsed.ContainsKey(key))
            {
                var source = new SourceText(key.Text);
                var bag = new DiagnosticBag();
                _parsed[key] = new ParsedExpression(source, Expressions.Parsing.Parser.Parse(source, bag, _options.Limits), bag);
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

        var hint = value.IsString && type.Kind != TypeKind.String
            ? "; to compute it, write { \"expr\": \"...\" }"
            : type.EnumValues is { } values && value.IsString
                ? $" ({DataType.ListValues(values)}){NameSuggester.Hint(value.Text!, values)}"
                : string.Empty;
        Error(value, DiagnosticCodes.TableOutputValue, $"{what} must be {type}{hint}");
        return new BoundError(NoSpan);
    }

    /// <summary>The bound form of a converted JSON literal (a list becomes a list of literals).</summary>
    private static BoundExpression Constant(object? literal, DataType type) =>
        literal is object?[] items
            ? new BoundList(items.Select(i => (BoundExpression)new BoundLiteral(i, type.Element!, NoSpan)).ToList(), type, NoSpan)
            : new BoundLiteral(literal, literal is null ? DataType.Null : type, NoSpan);

    /// <summary>
    /// A rule's setter of an output with what orders it. A class, not a tuple: sorting a list of a reference type runs
    /// the framework's precompiled shared code, where LINQ's ordering over a value tuple was JIT-compiled at every
    /// load (about 20 methods).
    /// </summary>
    private sealed record OrderedSetter(int Priority, int Index, int Position, CheckedSetter Setter);
}
