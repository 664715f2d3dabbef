using RiskTriage.Checking.Cells;
using RiskTriage.Definitions;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;
using RiskTriage.Loading;

namespace RiskTriage.Checking;

/// <summary>
/// Builds the public, immutable <see cref="RuleSetDefinition"/> from the checked nodes and their declarations: the
/// last place that reads the loader's model, so nothing after checking needs the JSON.
/// </summary>
internal sealed partial class RuleSetChecker
{
    // The tree each expression text was last bound to, so the definition carries the checked expression.
    private readonly Dictionary<ExpressionText, BoundExpression> _bound = [];
    private Dictionary<string, DataType>? _outputTypes;

    private RuleSetDefinition BuildDefinition(IReadOnlyList<CheckedNode> order)
    {
        var elements = new Dictionary<CheckedNode, ElementDefinition>();
        foreach (var node in _nodes)
        {
            elements[node] = node switch
            {
                ValueNode value => DefineValue(value),
                ScorecardNode scorecard => DefineScorecard(scorecard),
                BandNode bands => DefineBands(bands),
                TableNode table => DefineTable(table),
                RuleNode rule => DefineRule(rule),
                OutputNode output => DefineOutput(output),
                _ => throw new InvalidOperationException($"no definition for a {node.Kind} node"),
            };
        }

        var inputs = _model.Inputs.Where(f => _inputs.Find(f.Name) is not null).Select(f => DefineInput(f, _inputs.Find(f.Name)!)).ToArray();
        var parameters = _model.Parameters
            .Where(p => _parameterValues.ContainsKey(p.Name))
            .Select(p => new ParameterDefinition(p.Name, RuleValue.FromObject(_parameterValues[p.Name]), p.Description, p.Source.Location)
            {
                WrittenProperties = p.Source.WrittenProperties("value"),
            })
            .ToArray();
        return new RuleSetDefinition(_model.Name!, _model.Version!, _model.Description, _model.CaseIdField, inputs, parameters,
            _nodes.Select(n => elements[n]).ToArray(), order.Select(n => elements[n]).ToArray())
        {
            DeclarationProperties = _model.DeclarationSource?.WrittenProperties("name") ?? [],
            DeclarationLocation = (_model.DeclarationSource ?? SourceRef.None).Location,
        };
    }

    private InputDefinition DefineInput(FieldDecl decl, PropertyDef property) =>
        new(decl.Name, TypeOf(property.Type, decl.Type), property.Required, RuleValue.FromObject(property.Default), decl.Description, decl.Source.Location)
        {
            WrittenProperties = decl.Source.WrittenProperties("type"),
        };

    /// <summary>The public type of a checked type; <paramref name="decl"/>, when given, supplies the declarations of object fields.</summary>
    private TypeDefinition TypeOf(DataType type, TypeDecl? decl = null) => type.Kind switch
    {
        TypeKind.Bool => new TypeDefinition(ValueTypeKind.Bool),
        TypeKind.Number => new TypeDefinition(ValueTypeKind.Number),
        TypeKind.String => new TypeDefinition(ValueTypeKind.String, type.EnumValues),
        TypeKind.Date => new TypeDefinition(ValueTypeKind.Date),
        TypeKind.List => new TypeDefinition(ValueTypeKind.List, items: TypeOf(type.Element!, decl?.Items)),
        TypeKind.Object => new TypeDefinition(ValueTypeKind.Object, fields: (decl?.Properties ?? [])
            .Where(f => type.ObjectType!.Find(f.Name) is not null)
            .Select(f => DefineInput(f, type.ObjectType!.Find(f.Name)!))
            .ToArray()),
        _ => new TypeDefinition(ValueTypeKind.Null),
    };

    private ExpressionDefinition Define(ExpressionText text, DataType type) =>
        new(text.Text, TypeOf(type), text.Source.LocateInString(text.Offset, text.Text.Length), _bound.GetValueOrDefault(text));

    /// <summary>A value written as a JSON literal of <paramref name="type"/> or as <c>{ "expr": "..." }</c> (already checked).</summary>
    private ValueSource Source(LiteralValue value, DataType type)
    {
        if (EffectExpression(value) is { } written)
        {
            var text = ParsedAt(written.Source) ?? written;
            var expression = Define(text, type);
            return new ValueSource(RuleValue.Missing, expression, value.Source.Location, expression.Bound ?? new BoundError(NoSpan));
        }

        ConvertLiteral(value, type, out var literal);
        return new ValueSource(RuleValue.FromObject(literal), null, value.Source.Location, Constant(literal, type));
    }

    private ValueDefinition DefineValue(ValueNode node)
    {
        var decl = DeclarationOf<ValueDecl>(node);
        var type = node.Symbol?.Type ?? DataType.Error;
        return new ValueDefinition(node.Name, Define(decl.Expression, type), TypeOf(type), node.Description, node.Source.Location)
        {
            WrittenProperties = decl.Source.WrittenProperties("expr"),
        };
    }

    private ScorecardDefinition DefineScorecard(ScorecardNode node)
    {
        var decl = DeclarationOf<ScorecardDecl>(node);
        var rows = new List<ScoreRowDefinition>();
        for (var i = 0; i < decl.Rows.Count && i < node.Rows.Count; i++)
        {
            var row = decl.Rows[i];
            var at = row.Points.Source.Location;
            var points = row.Points.IsString
                ? new ValueSource(RuleValue.Missing, Define(ParsedAt(row.Points.Source)!, DataType.Number), at, node.Rows[i].Points)
                : new ValueSource(RuleValue.FromNumber(row.Points.Number), null, at, node.Rows[i].Points);
            rows.Add(new ScoreRowDefinition(row.Id, row.When is null ? null : Define(row.When, DataType.Bool), points, row.Reason, row.Source.Location)
            {
                WrittenProperties = row.Source.WrittenProperties("value"),
            });
        }

        return new ScorecardDefinition(node.Name, rows, decl.Description, node.Source.Location) { WrittenProperties = decl.Source.WrittenProperties("rows") };
    }

    private BandSetDefinition DefineBands(BandNode node)
    {
        var decl = DeclarationOf<BandDecl>(node);
        var bands = decl.Bands.Select(b => new BandDefinition(string.Intern(b.Label), b.Min, b.MinInclusive, b.Max, b.MaxInclusive, b.Source.Location)
            {
                WrittenProperties = b.Source.WrittenProperties("value"),
            }).ToArray();
        return new BandSetDefinition(node.Name, Define(decl.Value, DataType.Number), bands, decl.Description, node.Source.Location)
        {
            WrittenProperties = decl.Source.WrittenProperties("bands"),
        };
    }

    private TableDefinition DefineTable(TableNode node)
    {
        var decl = DeclarationOf<TableDecl>(node);
        var columns = decl.Inputs.Select((input, i) => new TableColumnDefinition(Define(input.Expression, node.Inputs[i].Type), node.ColumnLabels[i])).ToArray();
        var outputs = decl.Outputs.Select((output, i) => new TableOutputDefinition(output.Name, TypeOf(node.Outputs[i].DeclaredType), TypeOf(node.Outputs[i].Symbol.Type),
            output.Default is null ? null : Source(output.Default, node.Outputs[i].DeclaredType), output.Source.Location)).ToArray();
        var outputIndex = new Dictionary<string, int>(decl.Outputs.Count, StringComparer.Ordinal);
        for (var i = 0; i < decl.Outputs.Count; i++)
        {
            outputIndex.Add(decl.Outputs[i].Name, i);
        }

        var rows = new List<TableRowDefinition>();
        var checkedRows = node.Rows.ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var row in decl.Rows)
        {
            var bound = checkedRows[row.Id];
            var cells = row.Cells.Select((cell, c) => DefineCell(cell, node.Columns[c].Type, bound.Cells[c])).ToArray();
            var then = row.Then
                .Select(p => new TableRowOutput(p.Key, Source(p.Value.Value, node.Outputs[outputIndex[p.Key]].DeclaredType)))
                .ToArray();
            rows.Add(new TableRowDefinition(row.Id, cells, then, bound.Rank, row.Description, row.Source.Location) { WrittenProperties = row.Source.WrittenProperties("value") });
        }

        return new TableDefinition(node.Name, (TableHitPolicy)node.HitPolicy, (TableAggregation)node.Aggregation, columns, outputs, rows, decl.Description, node.Source.Location)
        {
            WrittenProperties = decl.Source.WrittenProperties("rows"),
        };
    }

    private CellTest DefineCell(LiteralValue written, DataType column, CheckedCell bound)
    {
        var location = written.Source.Location;
        return ReadCell(written) switch
        {
            Cell.AnyCell => new AnyValueTest(location),
            Cell.LiteralCell or Cell.TextCell when bound.Shape is CellShape.OneOf oneOf && (ReadCell(written) is Cell.LiteralCell || column.Kind == TypeKind.String) =>
                new OneOfTest(oneOf.Values.Select(RuleValue.FromObject).ToArray(), location),
            Cell.TextCell text => new ComparisonTest(CellComparison.Equal, Define(text.Expression, column), location),
            Cell.CompareCell compare => new ComparisonTest(compare.Operator, Define(compare.Operand, column), location),
            Cell.RangeCell range => new RangeTest(Define(range.Low, column), range.LowInclusive, Define(range.High, column), range.HighInclusive, location),
            Cell.TestCell test => new ConditionTest(Define(test.Test, DataType.Bool), location),
            _ => throw new InvalidOperationException($"the cell at {location} was not checked"),
        };
    }

    private RuleDefinition DefineRule(RuleNode node)
    {
        var decl = DeclarationOf<RuleDecl>(node);
        _outputTypes ??= _nodes.OfType<OutputNode>().ToDictionary(o => o.Name, o => o.Type, StringComparer.Ordinal);
        var effects = decl.Effects.Select(effect => effect.Kind == EffectKind.Review
                ? (RuleEffect)new ReviewEffect(effect.ReviewCode!, effect.Message ?? effect.ReviewCode!)
                : new SetOutputEffect(effect.Output!, Source(effect.Value!, _outputTypes[effect.Output!])))
            .ToArray();
        return new RuleDefinition(node.Id, Define(decl.When, DataType.Bool), node.Priority, node.Enabled, effects, node.Description, node.Source.Location)
        {
            WrittenProperties = decl.Source.WrittenProperties("when"),
        };
    }

    private OutputDefinition DefineOutput(OutputNode node)
    {
        var decl = DeclarationOf<OutputDecl>(node);
        return new OutputDefinition(node.Name, TypeOf(node.Type, decl.Type), decl.Value is null ? null : Define(decl.Value, node.Type), node.Exports,
            node.Setters.Select(s => s.Rule.Id).ToArray(), decl.OrderedValues, node.Description, node.Source.Location)
        {
            WrittenProperties = decl.Source.WrittenProperties("type"),
        };
    }
}
