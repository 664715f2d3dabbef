using Newtonsoft.Json.Linq;
using RiskTriage.Checking.Cells;
using RiskTriage.Diagnostics;

namespace RiskTriage.Loading;

/// <summary>
/// Reads the JSON of each rule file into the <see cref="RuleSetModel"/>: checks the shape (which keys,
/// which JSON kinds), reports unknown keys with "did you mean", and hands on literals as <see cref="LiteralValue"/>s
/// and places as <see cref="SourceRef"/>s, so that no JSON leaves the loader. Expressions are not looked at here; the
/// checker parses and binds them.
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
        // Written out (CellParser.IsName) rather than as a regular expression, whose first use loads the regular
        // expression engine in a fresh process. The whole name must match: no final line feed, unlike the pattern
        // ^[A-Za-z_][A-Za-z0-9_]*$ used before, whose '$' also matched before one.
        if (CellParser.IsName(property.Name))
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
        _model.DeclarationSource = At(token);
        CheckKeys(obj, "\"ruleSet\"", ["name", "version", "description", "caseId"]);
        _model.Name = RequiredString(obj, "name", "\"ruleSet\"");
        _model.Version = RequiredString(obj, "version", "\"ruleSet\"");
        _model.Description = OptionalString(obj, "description", "\"ruleSet\"");
        _model.CaseIdField = OptionalString(obj, "caseId", "\"ruleSet\"") ?? "caseId";
    }
}
