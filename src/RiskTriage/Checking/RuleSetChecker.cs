using System.Globalization;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Parsing;
using RiskTriage.Expressions.Syntax;
using RiskTriage.Loading;

namespace RiskTriage.Checking;

/// <summary>
/// Checks a rule-set model the way a compiler checks code: one namespace of names, every expression
/// parsed and bound against the declared inputs, evaluation order from the dependencies (cycles are
/// errors naming the cycle), decision tables and bands checked. Every problem is reported in one pass.
/// </summary>
internal sealed partial class RuleSetChecker
{
    private readonly RuleSetModel _model;
    private readonly RuleSetOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly Scope _scope = new();
    private readonly Dictionary<string, Declaration> _declared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CheckedNode> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<ExpressionText, ParsedExpression> _parsed = [];
    private readonly Dictionary<string, object?> _parameterValues = new(StringComparer.Ordinal);
    private readonly List<CheckedNode> _nodes = [];
    // The tables whose coverage (warnings only) is analysed after the check, in the order they were bound.
    private readonly List<DeferredCoverage.Table> _coverage = [];
    private ObjectType _inputs = new("case");

    private RuleSetChecker(RuleSetModel model, RuleSetOptions options, DiagnosticBag diagnostics)
    {
        _model = model;
        _options = options;
        _diagnostics = diagnostics;
    }

    /// <param name="model">The rule set as read.</param>
    /// <param name="options">Parameter overrides and limits.</param>
    /// <param name="diagnostics">Where every problem is reported.</param>
    /// <param name="hash">The rule set's content hash.</param>
    /// <param name="deferCoverage">
    /// When the check finds no error, leave the decision tables' coverage analysis (warnings only: shadowed rows and
    /// gaps) to <see cref="CheckedRuleSet.PendingCoverage"/>, for the caller to run when the warnings are first read;
    /// with an error, or when false, its warnings are in <paramref name="diagnostics"/> on return.
    /// </param>
    public static CheckedRuleSet Check(RuleSetModel model, RuleSetOptions options, DiagnosticBag diagnostics, string hash, bool deferCoverage = false)
    {
        // A rule set full of unknown names would otherwise search every declared name for each of them.
        using var suggestions = NameSuggester.Limit();
        var checker = new RuleSetChecker(model, options, diagnostics);
        return checker.Run(hash, deferCoverage);
    }

    private void Error(SourceRef at, string code, string message) =>
        _diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, at.Location, at.Path));

    private void Error(LiteralValue value, string code, string message) => Error(value.Source, code, message);

    private void Warning(SourceRef at, string code, string message) =>
        _diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Warning, message, at.Location, at.Path));

    private CheckedRuleSet Run(string hash, bool deferCoverage)
    {
        _inputs = BuildInputs();
        foreach (var property in _inputs.Properties)
        {
            _scope.Add(new InputSymbol(property));
        }

        DeclareParameters();
        CreateNodes();
        var order = Order();
        foreach (var node in order)
        {
            Bind(node);
        }

        FlushExpressionDiagnostics(_trialTypes is null ? ExplainParameterTypes(hash) : []);
        var used = _nodes.SelectMany(n => n.Uses).ToHashSet(StringComparer.Ordinal);
        foreach (var parameter in _model.Parameters.Where(p => !used.Contains(p.Name)))
        {
            Warning(parameter.Source, DiagnosticCodes.UnusedParameter,
                $"the parameter '{parameter.Name}' is not used by any expression, so changing it changes nothing; use it or remove it");
        }

        var outputs = _nodes.OfType<OutputNode>().OrderBy(o => o.DeclarationIndex).ToList();
        var bound = order.ToHashSet();
        for (var i = 0; i < outputs.Count; i++)
        {
            outputs[i].Slot = i;

            // An output caught in (or behind) a cycle was never bound: the cycle error already covers it.
            if (bound.Contains(outputs[i]) && outputs[i].Value is null && outputs[i].Setters.Count == 0)
            {
                Warning(outputs[i].Source, DiagnosticCodes.OutputNeverSet,
                    $"the output '{outputs[i].Name}' has no \"value\" and no rule sets it, so it is always missing");
            }
        }

        // Its warnings are appended after the others; loading sorts by place and code, and only it reports its codes,
        // so the sorted list is the same whichever comes first.
        var coverage = new DeferredCoverage(_coverage);
        var deferred = deferCoverage && !_diagnostics.HasErrors;
        if (!deferred)
        {
            coverage.ReportTo(_diagnostics);
        }

        return new CheckedRuleSet
        {
            Name = _model.Name ?? string.Empty,
            Version = _model.Version ?? string.Empty,
            CaseIdField = _model.CaseIdField,
            Files = _model.Files,
            DefinitionBuilder = _diagnostics.HasErrors ? null : new Lazy<RiskTriage.Definitions.RuleSetDefinition>(() => BuildDefinition(order)),
            Inputs = _inputs,
            Order = order,
            Outputs = outputs,
            Rules = _nodes.OfType<RuleNode>().OrderBy(r => r.DeclarationIndex).ToList(),
            Hash = hash,
            Diagnostics = _diagnostics.Diagnostics.ToList(),
            Parameters = _parameterValues,
            PendingCoverage = deferred ? coverage : null,
        };
    }

    // ---- Names -------------------------------------------------------------------------------------

    private bool Declare(string name, string kind, SourceRef at)
    {
        if (_declared.TryGetValue(name, out var existing))
        {
            var where = existing.Source.Location;
            Error(at, DiagnosticCodes.DuplicateName,
                $"'{name}' is defined twice: as {Article(kind)} here and as {Article(existing.Kind)} at {where.File}({where.Line},{where.Column}); rename one of them");
            return false;
        }

        _declared[name] = new Declaration(kind, at);
        return true;
    }

    /// <summary>What a name was first declared as, and where (a class: a value tuple here was JIT-compiled at every load).</summary>
    private sealed record Declaration(string Kind, SourceRef Source);

    private static string Article(string kind) => (kind[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an " : "a ") + kind;

    // ---- Inputs and parameters ----------------------------------------------------------------------

    private ObjectType BuildInputs()
    {
        var inputs = new ObjectType("case");
        foreach (var field in _model.Inputs)
        {
            if (Declare(field.Name, "input", field.Source))
            {
                AddField(inputs, field);
            }
        }

        return inputs;
    }

    private void AddField(ObjectType owner, FieldDecl field)
    {
        if (owner.Find(field.Name) is not null)
        {
            Error(field.Source, DiagnosticCodes.DuplicateName, $"the field '{field.Name}' is declared twice in '{owner.Name}'");
            return;
        }

        var type = ToDataType(field.Type, field.Name);
        var property = owner.Add(field.Name, type, field.Required, field.Description);
        if (field.Default is { } @default)
        {
            if (ConvertLiteral(@default, type, out var value))
            {
                property.Default = value;
            }
            else
            {
                Error(@default, DiagnosticCodes.DefaultTypeMismatch, $"the default of '{field.Name}' must be {type}");
            }
        }

        if (field.Range is { } range)
        {
            property.Range = CheckRange(field, range, type, property.Default);
        }
    }

    /// <summary>
    /// Checks an input's declared range: <c>min</c>/<c>max</c> only on a number (numbers) or a date (YYYY-MM-DD
    /// dates), <c>integer</c> only on a number, <c>outOfRange</c> "invalid" or "review", min at most max, and the
    /// default inside. Returns the range the compiled checks use, or null when the declaration is in error.
    /// </summary>
    private Compilation.InputRange? CheckRange(FieldDecl field, RangeDecl range, DataType type, object? @default)
    {
        var file = field.File;
        var isNumber = type.Kind == TypeKind.Number;
        var isDate = type.Kind == TypeKind.Date;
        var ok = true;
        if (!isNumber && !isDate)
        {
            foreach (var entry in new[] { range.Min, range.Max, range.Integer, range.OutOfRange })
            {
                if (entry is not null)
                {
                    Error(entry.Key, DiagnosticCodes.RangeOnWrongType,
                        $"'{field.Name}' is {Article(type.ToString())}: only number and date inputs take \"{entry.Name}\"");
                }
            }

            return null;
        }

        double? Bound(LiteralProperty? entry, string key)
        {
            if (entry?.Value is not { } token)
            {
                return null;
            }

            if (isNumber && token.IsNumber && double.IsFinite(token.Number))
            {
                return token.Number;
            }

            if (isDate && token.IsString && Runtime.IsoDate.TryParse(token.Text!, out var day))
            {
                return day.DayNumber;
            }

            Error(token, DiagnosticCodes.InvalidRange, isNumber
                ? $"\"{key}\" of '{field.Name}' must be a finite number, e.g. \"{key}\": 0"
                : $"\"{key}\" of '{field.Name}' must be a date written \"YYYY-MM-DD\", e.g. \"{key}\": \"1900-01-01\"");
            ok = false;
            return null;
        }

        var min = Bound(range.Min, "min");
        var max = Bound(range.Max, "max");
        if (min is { } lo && max is { } hi && lo > hi)
        {
            Error(range.Min!.Value, DiagnosticCodes.InvalidRange, $"the range of '{field.Name}' is empty: \"min\" ({range.Min.Value}) is above \"max\" ({range.Max!.Value}); swap them");
            ok = false;
        }

        var integer = false;
        if (range.Integer is { } integerEntry)
        {
            var integerToken = integerEntry.Value;
            if (!isNumber)
            {
                Error(integerEntry.Key, DiagnosticCodes.RangeOnWrongType, $"\"integer\" applies to number inputs, but '{field.Name}' is a date");
                ok = false;
            }
            else if (integerToken.Kind != LiteralKind.Bool)
            {
                Error(integerToken, DiagnosticCodes.InvalidRange, $"\"integer\" of '{field.Name}' must be true or false");
                ok = false;
            }
            else
            {
                integer = integerToken.Bool;
            }
        }

        var review = false;
        if (range.OutOfRange is { } modeEntry)
        {
            var modeToken = modeEntry.Value;
            if (modeToken.Text is "invalid" or "review")
            {
                review = modeToken.Text == "review";
            }
            else
            {
                Error(modeToken, DiagnosticCodes.InvalidRange, $"\"outOfRange\" of '{field.Name}' must be \"invalid\" (the case is rejected) or \"review\" (the case is triaged and marked for review)");
                ok = false;
            }

            if (range.Min is null && range.Max is null && !integer)
            {
                Warning(modeEntry.Key, DiagnosticCodes.InvalidRange, $"'{field.Name}' has \"outOfRange\" but no \"min\", \"max\" or \"integer\": there is no range to be outside of");
            }
        }

        if (!ok)
        {
            return null;
        }

        var result = isDate
            ? new Compilation.InputRange(min ?? DateOnly.MinValue.DayNumber, max ?? DateOnly.MaxValue.DayNumber, integer: false, review, isDate: true)
            : new Compilation.InputRange(min ?? double.MinValue, max ?? double.MaxValue, integer, review, isDate: false);
        var defaultInside = @default switch
        {
            double number => result.Contains(number),
            DateOnly date => result.Contains(date.DayNumber),
            _ => true,
        };
        if (!defaultInside)
        {
            var defaultToken = field.Default!;
            Error(defaultToken, DiagnosticCodes.DefaultOutOfRange, $"the default of '{field.Name}' ({defaultToken}) is outside its declared range ({result}); a missing value would be filled in with a value the rule set itself calls invalid");
            return null;
        }

        return result;
    }

    private DataType ToDataType(TypeDecl decl, string name) => decl.Kind switch
    {
        "number" => DataType.Number,
        "bool" => DataType.Bool,
        "date" => DataType.Date,
        "string" => decl.Enum is { Count: > 0 } values ? DataType.Enumeration(values.Select(string.Intern).ToArray()) : DataType.String,
        "list" => DataType.ListOf(ToDataType(decl.Items!, name + "[]")),
        "object" => DataType.Of(BuildObject(decl, name)),
        _ => DataType.Error,
    };

    private ObjectType BuildObject(TypeDecl decl, string name)
    {
        var type = new ObjectType(name);
        foreach (var field in decl.Properties!)
        {
            AddField(type, field);
        }

        return type;
    }

    /// <summary>Converts a JSON literal to the evaluator's value for <paramref name="type"/> (double, string, bool, DateOnly, object?[]).</summary>
    internal static bool ConvertLiteral(LiteralValue token, DataType type, out object? value)
    {
        value = null;
        if (token.Kind == LiteralKind.Null)
        {
            return true;
        }

        switch (type.Kind)
        {
            case TypeKind.Number when token.IsNumber:
                value = token.Number;
                return double.IsFinite(token.Number);
            case TypeKind.Bool when token.Kind == LiteralKind.Bool:
                value = token.Bool;
                return true;
            case TypeKind.String when token.IsString:
                var text = string.Intern(token.Text!);
                value = text;
                return type.EnumValues is null || type.FindEnumValue(text) is not null;
            case TypeKind.Date when token.IsString:
                if (Runtime.IsoDate.TryParse(token.Text!, out var date))
                {
                    value = date;
                    return true;
                }

                return false;
            case TypeKind.List when token.Kind == LiteralKind.Array:
                var array = token.Items;
                var items = new object?[array.Count];
                for (var i = 0; i < array.Count; i++)
                {
                    if (!ConvertLiteral(array[i], type.Element!, out items[i]))
                    {
                        return false;
                    }
                }

                value = items;
                return true;
            default:
                return false;
        }
    }

    private static DataType? TypeOfLiteral(LiteralValue token) => token.Kind switch
    {
        LiteralKind.Integer or LiteralKind.Float => DataType.Number,
        LiteralKind.Bool => DataType.Bool,
        LiteralKind.String => DataType.String,
        LiteralKind.Array when token.Items.Count == 0 => DataType.ListOf(DataType.Null),
        LiteralKind.Array => TypeOfLiteral(token.Items[0]) is { } element && element.IsScalar ? DataType.ListOf(element) : null,
        _ => null,
    };

    private void DeclareParameters()
    {
        var overrides = _options.Parameters ?? new Dictionary<string, object?>();
        foreach (var name in overrides.Keys.Where(k => !_model.Parameters.Exists(p => p.Name == k)).OrderBy(k => k, StringComparer.Ordinal))
        {
            var hint = NameSuggester.Hint(name, _model.Parameters.Select(p => p.Name));
            _diagnostics.Add(new Diagnostic(DiagnosticCodes.ParameterOverride, DiagnosticSeverity.Error,
                $"the override '{name}' does not match any parameter of the rule set{hint}", new SourceLocation(_model.Files.FirstOrDefault()?.Path, 1, 1, 1), null));
        }

        foreach (var parameter in _model.Parameters)
        {
            if (!Declare(parameter.Name, "parameter", parameter.Source))
            {
                continue;
            }

            if (parameter.Value.Kind == LiteralKind.Array && parameter.Value.Items.FirstOrDefault(i => i.Kind == LiteralKind.Null) is { } nullItem)
            {
                // A null item would be read as a missing value inside the list: a list of codes that silently holds a
                // gap. The schema refuses it too.
                Error(nullItem, DiagnosticCodes.WrongJsonKind,
                    $"the parameter '{parameter.Name}' holds null in its list; a list parameter holds values only: remove the null or write the value it stands for");
                _scope.Add(new ConstantSymbol(parameter.Name, DataType.Error, null));
                continue;
            }

            var type = TypeOfLiteral(parameter.Value);
            if (parameter.Type == "date" && parameter.Value.IsString)
            {
                // A date is written as text; checked as a date below (ConvertLiteral).
                type = DataType.Date;
            }

            if (type is null || (parameter.Type is { } declared && declared != type.SchemaName.Split('<')[0]))
            {
                Error(parameter.Value, DiagnosticCodes.WrongJsonKind,
                    $"the parameter '{parameter.Name}' must be a number, text, true/false, or a list of one of those{(parameter.Type is null ? string.Empty : $", and it is declared as {parameter.Type}")}");
                _scope.Add(new ConstantSymbol(parameter.Name, DataType.Error, null));
                continue;
            }

            if (_trialTypes is not null && _trialTypes.TryGetValue(parameter.Name, out var trial))
            {
                _scope.Add(new ConstantSymbol(parameter.Name, trial.Type, trial.Value));
                continue;
            }

            var token = parameter.Value;
            if (overrides.TryGetValue(parameter.Name, out var overrideValue))
            {
                token = LiteralValue.FromObject(overrideValue);
                var overrideType = TypeOfLiteral(token);
                if (type.Kind == TypeKind.Date && overrideType?.Kind == TypeKind.String)
                {
                    overrideType = DataType.Date;
                }

                if (overrideType is null || DataType.Unify(overrideType, type) is null || token.Items.Any(i => i.Kind == LiteralKind.Null))
                {
                    Error(parameter.Value, DiagnosticCodes.ParameterOverride,
                        $"the override for '{parameter.Name}' must be {type}, like the parameter it replaces");
                    token = parameter.Value;
                }
            }

            if (!ConvertLiteral(token, type, out var value))
            {
                Error(parameter.Value, DiagnosticCodes.WrongJsonKind, $"the parameter '{parameter.Name}' is not a valid {type}");
            }

            _parameterValues[parameter.Name] = value;
            _scope.Add(new ConstantSymbol(parameter.Name, type, value));
        }
    }
}
