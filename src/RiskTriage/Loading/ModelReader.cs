using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using RiskTriage.Diagnostics;

namespace RiskTriage.Loading;

/// <summary>
/// Reads the JSON of each rule file into the <see cref="RuleSetModel"/>: checks the shape (which keys,
/// which JSON kinds), reports unknown keys with "did you mean", and keeps every token for locations.
/// Expressions are not looked at here; the checker parses and binds them.
/// </summary>
internal sealed partial class ModelReader
{
    private static readonly string[] TopLevelKeys = ["$schema", "ruleSet", "module", "description", "inputs", "parameters", "values", "scorecards", "bands", "tables", "rules", "outputs"];
    private static readonly string[] TypeNames = ["number", "bool", "string", "date", "object", "list"];

    private readonly DiagnosticBag _diagnostics;
    private readonly RuleSetModel _model;
    private RuleFile _file = null!;
    private JToken? _metadataToken;
    private RuleFile? _metadataFile;

    private ModelReader(RuleSetModel model, DiagnosticBag diagnostics)
    {
        _model = model;
        _diagnostics = diagnostics;
    }

    public static RuleSetModel Read(IReadOnlyList<RuleFile> files, DiagnosticBag diagnostics)
    {
        var model = new RuleSetModel();
        var reader = new ModelReader(model, diagnostics);
        foreach (var file in files)
        {
            model.Files.Add(file);
            reader._file = file;
            reader.ReadFile(file.Root);
        }

        if (reader._metadataToken is null && files.Count > 0)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.RuleSetMetadata, DiagnosticSeverity.Error,
                "no file declares the rule set; add \"ruleSet\": { \"name\": \"...\", \"version\": \"...\" } to one file (usually ruleset.json)",
                new SourceLocation(files[0].Path, 1, 1, 1), null));
        }

        return model;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();

    private void Error(JToken token, string code, string message) =>
        _diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, _file.Locate(token), token.Path));

    private void Warning(JToken token, string code, string message) =>
        _diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Warning, message, _file.Locate(token), token.Path));

    /// <summary>Where <paramref name="token"/> was written, for the checker's diagnostics.</summary>
    private SourceRef At(JToken token) => new(_file, token);

    private LiteralValue? Literal(JToken? token) => token is null ? null : LiteralValue.Read(token, _file);

    private LiteralProperty Keyed(JProperty property) => new(property.Name, At(property), LiteralValue.Read(property.Value, _file));

    private LiteralProperty? Keyed(JObject obj, string key) => obj.Property(key) is { } property ? Keyed(property) : null;

    private void CheckKeys(JObject obj, string what, IReadOnlyList<string> allowed)
    {
        foreach (var property in obj.Properties())
        {
            if (!allowed.Contains(property.Name))
            {
                Error(property, DiagnosticCodes.UnknownProperty,
                    $"unknown property '{property.Name}' in {what}{NameSuggester.Hint(property.Name, allowed)} (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    private JObject? AsObject(JToken? token, string what)
    {
        if (token is null)
        {
            return null;
        }

        if (token is JObject obj)
        {
            return obj;
        }

        Error(token, DiagnosticCodes.WrongJsonKind, $"{what} must be a JSON object {{ ... }}, not {Describe(token)}");
        return null;
    }

    private JArray? AsArray(JToken? token, string what)
    {
        if (token is null)
        {
            return null;
        }

        if (token is JArray array)
        {
            return array;
        }

        Error(token, DiagnosticCodes.WrongJsonKind, $"{what} must be a JSON array [ ... ], not {Describe(token)}");
        return null;
    }

    private static string Describe(JToken token) => token.Type switch
    {
        JTokenType.Object => "an object",
        JTokenType.Array => "an array",
        JTokenType.String => "text",
        JTokenType.Integer or JTokenType.Float => "a number",
        JTokenType.Boolean => "true/false",
        JTokenType.Null => "null",
        _ => token.Type.ToString(),
    };

    private string? OptionalString(JObject obj, string key, string what)
    {
        var token = obj[key];
        if (token is null || token.Type == JTokenType.Null)
        {
            return null;
        }

        if (token.Type == JTokenType.String)
        {
            return (string)token!;
        }

        Error(token, DiagnosticCodes.WrongJsonKind, $"'{key}' of {what} must be text in quotes, not {Describe(token)}");
        return null;
    }

    private string? RequiredString(JObject obj, string key, string what)
    {
        if (obj[key] is null)
        {
            Error(obj, DiagnosticCodes.MissingProperty, $"{what} needs a \"{key}\"");
            return null;
        }

        if (obj[key]!.Type == JTokenType.Null || (obj[key]!.Type == JTokenType.String && string.IsNullOrWhiteSpace((string)obj[key]!)))
        {
            Error(obj[key]!, DiagnosticCodes.MissingProperty, $"the \"{key}\" of {what} cannot be empty");
            return null;
        }

        return OptionalString(obj, key, what);
    }

    private bool? OptionalBool(JObject obj, string key, string what)
    {
        var token = obj[key];
        if (token is null)
        {
            return null;
        }

        if (token.Type == JTokenType.Boolean)
        {
            return (bool)token;
        }

        Error(token, DiagnosticCodes.WrongJsonKind, $"'{key}' of {what} must be true or false, not {Describe(token)}");
        return null;
    }

    private double? OptionalNumber(JObject obj, string key, string what)
    {
        var token = obj[key];
        if (token is null || token.Type == JTokenType.Null)
        {
            return null;
        }

        if (token.Type is JTokenType.Integer or JTokenType.Float)
        {
            var value = (double)token;
            if (double.IsFinite(value))
            {
                return value;
            }
        }

        Error(token, DiagnosticCodes.WrongJsonKind, $"'{key}' of {what} must be a finite number, not {Describe(token)}");
        return null;
    }

    private ExpressionText? Expression(JObject obj, string key, string what, bool required)
    {
        var token = obj[key];
        if (token is null)
        {
            if (required)
            {
                Error(obj, DiagnosticCodes.MissingProperty, $"{what} needs \"{key}\": an expression in quotes");
            }

            return null;
        }

        return ExpressionToken(token, $"'{key}' of {what}");
    }

    private ExpressionText? ExpressionToken(JToken token, string what)
    {
        if (token.Type == JTokenType.String)
        {
            return new ExpressionText((string)token!, At(token));
        }

        Error(token, DiagnosticCodes.WrongJsonKind, $"{what} must be an expression in quotes, not {Describe(token)}");
        return null;
    }

    private bool CheckName(JProperty property, string what)
    {
        if (NamePattern().IsMatch(property.Name))
        {
            return true;
        }

        Error(property, DiagnosticCodes.InvalidName,
            $"'{property.Name}' cannot be the name of {what}: use letters, digits and _ only, starting with a letter (e.g. protectPoints)");
        return false;
    }

    private void ReadFile(JObject root)
    {
        CheckKeys(root, "a rule file", TopLevelKeys);
        if (root["ruleSet"] is { } metadata)
        {
            ReadMetadata(metadata);
        }

        if (AsObject(root["inputs"], "\"inputs\"") is { } inputs)
        {
            foreach (var property in inputs.Properties())
            {
                if (CheckName(property, "an input") && ReadField(property, "input") is { } field)
                {
                    _model.Inputs.Add(field);
                }
            }
        }

        if (AsObject(root["parameters"], "\"parameters\"") is { } parameters)
        {
            foreach (var property in parameters.Properties())
            {
                if (CheckName(property, "a parameter"))
                {
                    ReadParameter(property);
                }
            }
        }

        if (AsObject(root["values"], "\"values\"") is { } values)
        {
            foreach (var property in values.Properties())
            {
                if (CheckName(property, "a value"))
                {
                    ReadValue(property);
                }
            }
        }

        if (AsObject(root["scorecards"], "\"scorecards\"") is { } scorecards)
        {
            foreach (var property in scorecards.Properties())
            {
                if (CheckName(property, "a scorecard"))
                {
                    ReadScorecard(property);
                }
            }
        }

        if (AsObject(root["bands"], "\"bands\"") is { } bands)
        {
            foreach (var property in bands.Properties())
            {
                if (CheckName(property, "a band set"))
                {
                    ReadBands(property);
                }
            }
        }

        if (AsObject(root["tables"], "\"tables\"") is { } tables)
        {
            foreach (var property in tables.Properties())
            {
                if (CheckName(property, "a decision table"))
                {
                    ReadTable(property);
                }
            }
        }

        if (AsArray(root["rules"], "\"rules\"") is { } rules)
        {
            foreach (var rule in rules)
            {
                ReadRule(rule);
            }
        }

        if (AsObject(root["outputs"], "\"outputs\"") is { } outputs)
        {
            foreach (var property in outputs.Properties())
            {
                if (CheckName(property, "an output"))
                {
                    ReadOutput(property);
                }
            }
        }
    }

    private void ReadMetadata(JToken token)
    {
        if (AsObject(token, "\"ruleSet\"") is not { } obj)
        {
            return;
        }

        if (_metadataToken is not null)
        {
            Error(token, DiagnosticCodes.RuleSetMetadata,
                $"the rule set is already declared in {_metadataFile!.Path}({_metadataFile.Locate(_metadataToken).Line},{_metadataFile.Locate(_metadataToken).Column}); declare it in one file only");
            return;
        }

        _metadataToken = token;
        _metadataFile = _file;
        CheckKeys(obj, "\"ruleSet\"", ["name", "version", "description", "caseId"]);
        _model.Name = RequiredString(obj, "name", "\"ruleSet\"");
        _model.Version = RequiredString(obj, "version", "\"ruleSet\"");
        _model.Description = OptionalString(obj, "description", "\"ruleSet\"");
        _model.CaseIdField = OptionalString(obj, "caseId", "\"ruleSet\"") ?? "caseId";
    }

    private FieldDecl? ReadField(JProperty property, string what)
    {
        var value = property.Value;
        if (value.Type == JTokenType.String)
        {
            // Shorthand: "rsrScore": "number"
            var type = ReadTypeName((string)value!, value, null, null, null, what);
            return type is null ? null : new FieldDecl(property.Name, type, false, null, null, _file, At(property));
        }

        if (AsObject(value, $"the {what} '{property.Name}'") is not { } obj)
        {
            return null;
        }

        CheckKeys(obj, $"the {what} '{property.Name}'", ["type", "enum", "required", "default", "description", "properties", "items", "min", "max", "integer", "outOfRange"]);
        var decl = ReadTypeDecl(obj, $"the {what} '{property.Name}'");
        if (decl is null)
        {
            return null;
        }

        var required = OptionalBool(obj, "required", $"the {what} '{property.Name}'") ?? false;
        var @default = obj["default"];
        if (required && @default is not null)
        {
            Warning(@default, DiagnosticCodes.DefaultTypeMismatch,
                $"'{property.Name}' is required and also has a default: the default fills in a missing value, so it is never reported as missing; remove one of the two");
        }

        var range = obj["min"] is null && obj["max"] is null && obj["integer"] is null && obj["outOfRange"] is null
            ? null
            : new RangeDecl(Keyed(obj, "min"), Keyed(obj, "max"), Keyed(obj, "integer"), Keyed(obj, "outOfRange"));
        return new FieldDecl(property.Name, decl, required, Literal(@default), OptionalString(obj, "description", $"the {what} '{property.Name}'"), _file, At(property), range);
    }

    private TypeDecl? ReadTypeDecl(JObject obj, string what)
    {
        Expressions.StackGuard.Checked(obj);
        var typeToken = obj["type"];
        if (typeToken is null)
        {
            Error(obj, DiagnosticCodes.MissingProperty, $"{what} needs a \"type\" (one of {string.Join(", ", TypeNames)})");
            return null;
        }

        if (typeToken.Type != JTokenType.String)
        {
            Error(typeToken, DiagnosticCodes.WrongJsonKind, $"the type of {what} must be text, one of {string.Join(", ", TypeNames)}");
            return null;
        }

        IReadOnlyList<string>? enumValues = null;
        if (obj["enum"] is { } enumToken && AsArray(enumToken, $"\"enum\" of {what}") is { } array)
        {
            var list = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in array)
            {
                if (item.Type == JTokenType.String)
                {
                    var text = (string)item!;
                    if (!seen.Add(text))
                    {
                        Error(item, DiagnosticCodes.DuplicateName, $"\"{text}\" is listed twice in the enumeration of {what}");
                    }

                    list.Add(text);
                }
                else
                {
                    Error(item, DiagnosticCodes.WrongJsonKind, $"the values of an enumeration are text in quotes, not {Describe(item)}");
                }
            }

            if (list.Count == 0)
            {
                Error(array, DiagnosticCodes.WrongJsonKind, $"the enumeration of {what} is empty; list its allowed values");
            }

            enumValues = list;
        }

        List<FieldDecl>? properties = null;
        if (obj["properties"] is { } propertiesToken && AsObject(propertiesToken, $"\"properties\" of {what}") is { } propertiesObject)
        {
            properties = [];
            foreach (var p in propertiesObject.Properties())
            {
                if (CheckName(p, "a field") && ReadField(p, "field") is { } field)
                {
                    properties.Add(field);
                }
            }
        }

        TypeDecl? items = null;
        if (obj["items"] is { } itemsToken)
        {
            if (itemsToken.Type == JTokenType.String)
            {
                items = ReadTypeName((string)itemsToken!, itemsToken, null, null, null, "list item");
            }
            else if (AsObject(itemsToken, $"\"items\" of {what}") is { } itemsObject)
            {
                CheckKeys(itemsObject, $"\"items\" of {what}", ["type", "enum", "properties", "items", "description"]);
                items = ReadTypeDecl(itemsObject, $"the items of {what}");
            }
        }

        return ReadTypeName((string)typeToken!, typeToken, enumValues, properties, items, what);
    }

    private TypeDecl? ReadTypeName(string kind, JToken token, IReadOnlyList<string>? enumValues, IReadOnlyList<FieldDecl>? properties, TypeDecl? items, string what)
    {
        if (!TypeNames.Contains(kind))
        {
            Error(token, DiagnosticCodes.UnknownTypeName,
                $"unknown type '{kind}' for {what}{NameSuggester.Hint(kind, TypeNames)}; the types are {string.Join(", ", TypeNames)}");
            return null;
        }

        if (enumValues is not null && kind != "string")
        {
            Error(token, DiagnosticCodes.UnknownTypeName, $"only a \"string\" can have an \"enum\", but {what} is a {kind}");
        }

        if (kind == "object" && properties is null)
        {
            Error(token, DiagnosticCodes.MissingProperty, $"{what} is an object, so it needs \"properties\": {{ ... }}");
            return null;
        }

        if (kind == "list" && items is null)
        {
            Error(token, DiagnosticCodes.MissingProperty, $"{what} is a list, so it needs \"items\" (e.g. \"items\": \"string\")");
            return null;
        }

        if (kind == "list" && items!.Kind == "list")
        {
            Error(token, DiagnosticCodes.UnknownTypeName, $"{what} is a list of lists, which is not supported; use a list of objects");
            return null;
        }

        return new TypeDecl(kind, enumValues, properties, items, At(token));
    }

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

    private void ReadTable(JProperty property)
    {
        var what = $"the table '{property.Name}'";
        if (AsObject(property.Value, what) is not { } obj)
        {
            return;
        }

        CheckKeys(obj, what, ["hitPolicy", "aggregation", "inputs", "outputs", "rows", "description"]);
        var policyText = OptionalString(obj, "hitPolicy", what) ?? "UNIQUE";
        var policy = HitPolicy.Unique;
        if (!Enum.GetNames<HitPolicy>().Any(n => string.Equals(n, policyText, StringComparison.OrdinalIgnoreCase)) || !Enum.TryParse(policyText, ignoreCase: true, out policy))
        {
            Error(obj["hitPolicy"]!, DiagnosticCodes.InvalidHitPolicy,
                $"unknown hit policy '{policyText}'; use UNIQUE, FIRST, PRIORITY, ANY or COLLECT");
            policy = HitPolicy.Unique;
        }

        var aggregation = Aggregation.None;
        if (OptionalString(obj, "aggregation", what) is { } aggregationText)
        {
            if (!Enum.GetNames<Aggregation>().Any(n => string.Equals(n, aggregationText, StringComparison.OrdinalIgnoreCase))
                || !Enum.TryParse(aggregationText, ignoreCase: true, out aggregation) || aggregation == Aggregation.None)
            {
                Error(obj["aggregation"]!, DiagnosticCodes.InvalidHitPolicy, $"unknown aggregation '{aggregationText}'; use SUM, MIN, MAX or COUNT");
                aggregation = Aggregation.None;
            }
            else if (policy != HitPolicy.Collect)
            {
                Error(obj["aggregation"]!, DiagnosticCodes.InvalidHitPolicy, "an aggregation can only be used with the COLLECT hit policy");
            }
        }

        var inputs = new List<TableInputDecl>();
        if (AsArray(obj["inputs"], $"\"inputs\" of {what}") is { } inputArray)
        {
            foreach (var input in inputArray)
            {
                if (input.Type == JTokenType.String)
                {
                    var at = At(input);
                    inputs.Add(new TableInputDecl(new ExpressionText((string)input!, at), null, at));
                }
                else if (AsObject(input, $"an input column of {what}") is { } inputObject)
                {
                    CheckKeys(inputObject, $"an input column of {what}", ["expr", "label"]);
                    if (Expression(inputObject, "expr", $"an input column of {what}", required: true) is { } expression)
                    {
                        inputs.Add(new TableInputDecl(expression, OptionalString(inputObject, "label", what), At(inputObject)));
                    }
                }
            }
        }
        else
        {
            Error(obj, DiagnosticCodes.MissingProperty, $"{what} needs \"inputs\": the expressions its columns test");
        }

        var outputs = new List<TableOutputDecl>();
        if (AsObject(obj["outputs"], $"\"outputs\" of {what}") is { } outputObject)
        {
            foreach (var output in outputObject.Properties())
            {
                if (!CheckName(output, "a table output"))
                {
                    continue;
                }

                if (output.Value.Type == JTokenType.String)
                {
                    if (ReadTypeName((string)output.Value!, output.Value, null, null, null, $"the output '{output.Name}'") is { } type)
                    {
                        outputs.Add(new TableOutputDecl(output.Name, type, null, At(output)));
                    }
                }
                else if (AsObject(output.Value, $"the output '{output.Name}' of {what}") is { } outputDecl)
                {
                    CheckKeys(outputDecl, $"the output '{output.Name}'", ["type", "enum", "default", "description"]);
                    if (ReadTypeDecl(outputDecl, $"the output '{output.Name}'") is { } type)
                    {
                        outputs.Add(new TableOutputDecl(output.Name, type, Literal(outputDecl["default"]), At(output)));
                    }
                }
            }
        }
        else
        {
            Error(obj, DiagnosticCodes.MissingProperty, $"{what} needs \"outputs\": {{ \"name\": \"type\" }}");
        }

        var rows = new List<TableRowDecl>();
        if (AsArray(obj["rows"], $"\"rows\" of {what}") is { } rowArray)
        {
            foreach (var rowToken in rowArray)
            {
                if (AsObject(rowToken, $"a row of {what}") is not { } row)
                {
                    continue;
                }

                CheckKeys(row, $"a row of {what}", ["id", "when", "then", "description"]);
                var id = RequiredString(row, "id", $"a row of {what}");
                var cells = AsArray(row["when"], $"\"when\" of the row '{id}'");
                if (row["when"] is null)
                {
                    Error(row, DiagnosticCodes.MissingProperty, $"the row '{id}' of {what} needs \"when\": one test per input column");
                }

                var then = AsObject(row["then"], $"\"then\" of the row '{id}'");
                if (row["then"] is null)
                {
                    Error(row, DiagnosticCodes.MissingProperty, $"the row '{id}' of {what} needs \"then\": {{ \"output\": value }}");
                }

                if (id is not null && cells is not null && then is not null)
                {
                    rows.Add(new TableRowDecl(id, cells.Select(c => LiteralValue.Read(c, _file)).ToList(), then.Properties().ToDictionary(p => p.Name, Keyed),
                        OptionalString(row, "description", what), At(row), At(cells)));
                }
            }
        }
        else if (obj["rows"] is null)
        {
            Error(obj, DiagnosticCodes.MissingProperty, $"{what} needs \"rows\"");
        }

        _model.Tables.Add(new TableDecl(property.Name, policy, aggregation, inputs, outputs, rows, OptionalString(obj, "description", what), _file, At(property)));
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
