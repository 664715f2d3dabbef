using Newtonsoft.Json.Linq;
using RiskTriage.Diagnostics;

namespace RiskTriage.Loading;

/// <summary>Reading the elements other than tables: parameters, values, scorecards, bands, rules and outputs.</summary>
internal sealed partial class ModelReader
{
    private void ReadParameter(JProperty property)
    {
        var value = property.Value;
        string? type = null;
        string? description = null;
        if (value is JObject obj)
        {
            CheckKeys(obj, $"the parameter '{property.Name}'", ["value", "type", "description"]);
            description = OptionalString(obj, "description", $"the parameter '{property.Name}'");
            type = OptionalString(obj, "type", $"the parameter '{property.Name}'");
            if (obj["value"] is not { } inner)
            {
                Error(obj, DiagnosticCodes.MissingProperty, $"the parameter '{property.Name}' needs a \"value\"");
                return;
            }

            value = inner;
        }

        if (value.Type is not (JTokenType.Integer or JTokenType.Float or JTokenType.String or JTokenType.Boolean or JTokenType.Array))
        {
            Error(value, DiagnosticCodes.WrongJsonKind,
                $"the parameter '{property.Name}' must be a number, text, true/false or a list of those, not {Describe(value)}");
            return;
        }

        _model.Parameters.Add(new ParameterDecl(property.Name, LiteralValue.Read(value, _file), type, description, _file, At(property)));
    }

    private void ReadValue(JProperty property)
    {
        var what = $"the value '{property.Name}'";
        if (property.Value.Type == JTokenType.String)
        {
            _model.Values.Add(new ValueDecl(property.Name, new ExpressionText((string)property.Value!, At(property.Value)), null, null, _file, At(property)));
            return;
        }

        if (AsObject(property.Value, what) is not { } obj)
        {
            return;
        }

        CheckKeys(obj, what, ["expr", "type", "description"]);
        if (Expression(obj, "expr", what, required: true) is { } expression)
        {
            _model.Values.Add(new ValueDecl(property.Name, expression, OptionalString(obj, "type", what), OptionalString(obj, "description", what), _file, At(property)));
        }
    }

    private void ReadScorecard(JProperty property)
    {
        var what = $"the scorecard '{property.Name}'";
        if (AsObject(property.Value, what) is not { } obj)
        {
            return;
        }

        CheckKeys(obj, what, ["rows", "description"]);
        var rows = new List<ScoreRowDecl>();
        if (obj["rows"] is null)
        {
            Error(obj, DiagnosticCodes.MissingProperty, $"{what} needs \"rows\": [ {{ \"id\": ..., \"when\": ..., \"points\": ... }} ]");
        }

        if (AsArray(obj["rows"], $"\"rows\" of {what}") is { } array)
        {
            foreach (var rowToken in array)
            {
                if (AsObject(rowToken, $"a row of {what}") is not { } row)
                {
                    continue;
                }

                CheckKeys(row, $"a row of {what}", ["id", "when", "points", "reason"]);
                var id = RequiredString(row, "id", $"a row of {what}");
                var when = Expression(row, "when", $"the row '{id}' of {what}", required: false);
                var points = row["points"];
                if (points is null)
                {
                    Error(row, DiagnosticCodes.MissingProperty, $"the row '{id}' of {what} needs \"points\": a number or an expression");
                    continue;
                }

                if (points.Type is not (JTokenType.Integer or JTokenType.Float or JTokenType.String))
                {
                    Error(points, DiagnosticCodes.WrongJsonKind, $"\"points\" must be a number or an expression in quotes, not {Describe(points)}");
                    continue;
                }

                // 1e400 is read as infinity: rejected, as it is for parameters, band bounds and written expressions.
                if (points.Type == JTokenType.Float && !double.IsFinite((double)points))
                {
                    Error(points, DiagnosticCodes.WrongJsonKind, $"\"points\" of the row '{id}' of {what} must be a finite number");
                    continue;
                }

                if (id is not null)
                {
                    rows.Add(new ScoreRowDecl(id, when, LiteralValue.Read(points, _file), OptionalString(row, "reason", $"the row '{id}' of {what}"), At(row)));
                }
            }
        }

        _model.Scorecards.Add(new ScorecardDecl(property.Name, rows, OptionalString(obj, "description", what), _file, At(property)));
    }

    private void ReadBands(JProperty property)
    {
        var what = $"the bands '{property.Name}'";
        if (AsObject(property.Value, what) is not { } obj)
        {
            return;
        }

        CheckKeys(obj, what, ["value", "bands", "description"]);
        var value = Expression(obj, "value", what, required: true);
        var rows = new List<BandRowDecl>();
        if (obj["bands"] is null)
        {
            Error(obj, DiagnosticCodes.MissingProperty, $"{what} needs \"bands\": [ {{ \"label\": ..., \"min\": ... }} ]");
        }

        if (AsArray(obj["bands"], $"\"bands\" of {what}") is { } array)
        {
            foreach (var bandToken in array)
            {
                if (AsObject(bandToken, $"a band of {what}") is not { } band)
                {
                    continue;
                }

                CheckKeys(band, $"a band of {what}", ["label", "min", "max", "minInclusive", "maxInclusive"]);
                var label = RequiredString(band, "label", $"a band of {what}");
                var min = OptionalNumber(band, "min", $"the band '{label}'");
                var max = OptionalNumber(band, "max", $"the band '{label}'");
                if (label is not null)
                {
                    rows.Add(new BandRowDecl(label, min, max,
                        OptionalBool(band, "minInclusive", $"the band '{label}'") ?? true,
                        OptionalBool(band, "maxInclusive", $"the band '{label}'") ?? false,
                        At(band),
                        (min is null && band["min"] is { Type: not JTokenType.Null }) || (max is null && band["max"] is { Type: not JTokenType.Null })));
                }
            }
        }

        if (value is not null)
        {
            _model.Bands.Add(new BandDecl(property.Name, value, rows, OptionalString(obj, "description", what), _file, At(property)));
        }
    }

    private void ReadRule(JToken token)
    {
        if (AsObject(token, "a rule") is not { } obj)
        {
            return;
        }

        CheckKeys(obj, "a rule", ["id", "description", "when", "priority", "enabled", "then"]);
        var id = RequiredString(obj, "id", "a rule");
        var what = $"the rule '{id}'";
        var when = Expression(obj, "when", what, required: true);
        var priority = OptionalNumber(obj, "priority", what) ?? 0;
        if (priority != Math.Floor(priority) || Math.Abs(priority) > 1_000_000)
        {
            Error(obj["priority"]!, DiagnosticCodes.WrongJsonKind, $"the priority of {what} must be a whole number");
        }

        var effects = new List<EffectDecl>();
        if (AsArray(obj["then"], $"\"then\" of {what}") is { } array)
        {
            foreach (var effectToken in array)
            {
                if (AsObject(effectToken, $"an effect of {what}") is not { } effect)
                {
                    continue;
                }

                if (effect["set"] is not null)
                {
                    CheckKeys(effect, $"a 'set' effect of {what}", ["set", "to"]);
                    var output = RequiredString(effect, "set", $"a 'set' effect of {what}");
                    if (output is null)
                    {
                        continue;
                    }

                    if (effect["to"] is not { } to)
                    {
                        Error(effect, DiagnosticCodes.MissingProperty, $"the effect setting '{output}' in {what} needs \"to\": a value, or {{ \"expr\": \"...\" }}");
                        continue;
                    }

                    effects.Add(new EffectDecl(EffectKind.Set, output, Literal(to), null, null, At(effect)));
                }
                else if (effect["review"] is not null)
                {
                    CheckKeys(effect, $"a 'review' effect of {what}", ["review", "message"]);
                    effects.Add(new EffectDecl(EffectKind.Review, null, null, OptionalString(effect, "review", what), OptionalString(effect, "message", what), At(effect)));
                }
                else
                {
                    Error(effect, DiagnosticCodes.InvalidEffect,
                        $"an effect of {what} must be {{ \"set\": \"output\", \"to\": value }} or {{ \"review\": \"CODE\", \"message\": \"...\" }}");
                }
            }
        }
        else
        {
            Error(obj, DiagnosticCodes.MissingProperty, $"{what} needs \"then\": [ effects ]");
        }

        if (id is not null && when is not null)
        {
            _model.Rules.Add(new RuleDecl(id, when, (int)priority, OptionalBool(obj, "enabled", what) ?? true, effects,
                OptionalString(obj, "description", what), _file, At(obj)));
        }
    }

    private void ReadOutput(JProperty property)
    {
        var what = $"the output '{property.Name}'";
        if (property.Value.Type == JTokenType.String)
        {
            if (ReadTypeName((string)property.Value!, property.Value, null, null, null, what) is { } shorthand)
            {
                _model.Outputs.Add(new OutputDecl(property.Name, shorthand, null, null, _file, At(property)));
            }

            return;
        }

        if (AsObject(property.Value, what) is not { } obj)
        {
            return;
        }

        CheckKeys(obj, what, ["type", "enum", "value", "description", "items", "order"]);
        if (ReadTypeDecl(obj, what) is { } type)
        {
            _model.Outputs.Add(new OutputDecl(property.Name, type, Expression(obj, "value", what, required: false),
                OptionalString(obj, "description", what), _file, At(property), ReadOrder(obj, type, what)));
        }
    }

    /// <summary>
    /// An output's optional <c>"order"</c>: <c>"ascending"</c> when its <c>enum</c> is listed lowest first,
    /// <c>"descending"</c> when highest first. Returns the values lowest first, or null when no order is declared.
    /// </summary>
    private IReadOnlyList<string>? ReadOrder(JObject obj, TypeDecl type, string what)
    {
        if (obj["order"] is not { } token)
        {
            return null;
        }

        var order = token.Type == JTokenType.String ? (string)token! : null;
        if (order is not ("ascending" or "descending"))
        {
            Error(token, DiagnosticCodes.InvalidOutputOrder,
                $"the \"order\" of {what} is {(order is null ? Describe(token) : $"\"{order}\"")}; write \"ascending\" (its \"enum\" is listed lowest first) or \"descending\" (highest first)");
            return null;
        }

        if (type.Enum is not { } values)
        {
            Error(token, DiagnosticCodes.InvalidOutputOrder,
                $"{what} has an \"order\" but no \"enum\" to put in order; list its values in an \"enum\" (a number output needs no \"order\": numbers are ordered by value)");
            return null;
        }

        return Array.AsReadOnly(order == "ascending" ? values.ToArray() : values.Reverse().ToArray());
    }
}
