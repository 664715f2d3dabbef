using System.Globalization;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;
using RiskTriage.Loading;

namespace RiskTriage.Checking;

/// <summary>
/// A parameter written with the wrong JSON kind (<c>{"value": "10"}</c> where its uses need a number) gives a type
/// error at every use, far from the mistake. When the type errors of the expressions that read a parameter all go
/// away with the parameter given another type, they are replaced by one error at the parameter's value that names
/// the type its uses need.
/// </summary>
internal sealed partial class RuleSetChecker
{
    /// <summary>The most parameters tried with other types: each try checks the rule set again, and only when it has type errors.</summary>
    private const int MaxParameterTrials = 16;

    private static readonly string[] TypeErrorCodes =
    [
        DiagnosticCodes.WrongResultType, DiagnosticCodes.ConditionNotBool, DiagnosticCodes.OperatorTypeMismatch,
        DiagnosticCodes.ArgumentTypeMismatch, DiagnosticCodes.BranchTypeMismatch, DiagnosticCodes.ListElementTypeMismatch,
    ];

    private static readonly DataType[] TrialTypes = [DataType.Number, DataType.Bool, DataType.Date, DataType.String];

    /// <summary>In a trial check: the parameters given another type, with their value read as that type (or null).</summary>
    private Dictionary<string, (DataType Type, object? Value)>? _trialTypes;

    /// <summary>Reports each mistyped parameter at its value; returns the type errors at its uses that this explains.</summary>
    private HashSet<Diagnostic> ExplainParameterTypes(string hash)
    {
        var explained = new HashSet<Diagnostic>(ReferenceEqualityComparer.Instance);
        var suspects = TypeErrorsByParameter(this);
        foreach (var parameter in _model.Parameters.Where(p => suspects.ContainsKey(p.Name)).Take(MaxParameterTrials))
        {
            if (_scope.Lookup(parameter.Name) is not ConstantSymbol { Type: { IsScalar: true } current } || parameter.Value.Kind is LiteralKind.Array or LiteralKind.Object)
            {
                continue;
            }

            // Another parameter of the error type lets more than one type fit: the type the written value reads as wins.
            var fits = TrialTypes.Where(t => t.Kind != current.Kind && Fits(parameter, t, suspects.Keys, hash)).ToList();
            if ((fits.Find(t => ReadAs(parameter.Value, t) is not null) ?? (fits.Count == 1 ? fits[0] : null)) is not { } type)
            {
                continue;
            }

            var uses = suspects[parameter.Name];
            explained.UnionWith(uses.Select(u => u.Entry.Diagnostic));
            var (text, first) = uses[0];
            var at = text.Source.LocateInString(text.Offset + (first.Span?.Start ?? 0), first.Span?.Length ?? text.Text.Length);
            Error(parameter.Value, DiagnosticCodes.WrongJsonKind,
                $"the parameter '{parameter.Name}' is {current} ({parameter.Value.Json}), but where it is used {type} is needed (first at {at}){Hint(parameter, type)}");
        }

        return explained;
    }

    /// <summary>Whether the expressions that read the parameter have no type error when it has <paramref name="type"/> (the other suspects the error type, which fits anywhere).</summary>
    private bool Fits(ParameterDecl parameter, DataType type, IEnumerable<string> suspects, string hash)
    {
        var trialTypes = suspects.ToDictionary(name => name, _ => (DataType.Error, (object?)null), StringComparer.Ordinal);
        trialTypes[parameter.Name] = (type, ReadAs(parameter.Value, type));
        var trial = new RuleSetChecker(_model, _options, new DiagnosticBag()) { _trialTypes = trialTypes };
        trial.Run(hash, deferCoverage: true); // its warnings are never read
        return !TypeErrorsByParameter(trial).ContainsKey(parameter.Name);
    }

    private static string Hint(ParameterDecl parameter, DataType type) => (type.Kind, parameter.Value.Kind) switch
    {
        (TypeKind.Number or TypeKind.Bool, LiteralKind.String) when ReadAs(parameter.Value, type) is not null => $"; write {parameter.Value.Text} without quotes",
        (TypeKind.Date, LiteralKind.String) when parameter.Type is null => "; declare it with \"type\": \"date\"",
        (TypeKind.String, _) => "; write it in quotes",
        _ => $"; give it a value of that type",
    };

    private static object? ReadAs(LiteralValue value, DataType type)
    {
        var text = value.Text?.Trim();
        return type.Kind switch
        {
            TypeKind.Number when text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
            TypeKind.Bool when text is "true" or "false" => text == "true",
            TypeKind.Date when text is not null && Runtime.IsoDate.TryParse(text, out var date) => date,
            TypeKind.String when value.Kind is not (LiteralKind.String or LiteralKind.Null) => value.Json,
            _ => null,
        };
    }

    /// <summary>The type errors of each expression, listed under every parameter the expression reads.</summary>
    private static Dictionary<string, List<(ExpressionText Text, DiagnosticBag.Entry Entry)>> TypeErrorsByParameter(RuleSetChecker checker)
    {
        var parameters = checker._model.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, List<(ExpressionText, DiagnosticBag.Entry)>>(StringComparer.Ordinal);
        foreach (var (text, bag) in checker._expressionDiagnostics)
        {
            var errors = bag.Entries.Where(e => e.Diagnostic.IsError && TypeErrorCodes.Contains(e.Diagnostic.Code)).ToList();
            if (errors.Count == 0)
            {
                continue;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            FreeNames.Collect(checker._parsed[text].Syntax, names);
            foreach (var name in names.Where(parameters.Contains))
            {
                if (!result.TryGetValue(name, out var list))
                {
                    result[name] = list = [];
                }

                list.AddRange(errors.Select(e => (text, e)));
            }
        }

        return result;
    }
}
