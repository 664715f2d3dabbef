using Newtonsoft.Json.Linq;
using RiskTriage.Diagnostics;

namespace RiskTriage.Loading;

/// <summary>Reading a decision table: hit policy, aggregation, input columns, outputs and rows.</summary>
internal sealed partial class ModelReader
{
    private void ReadTable(JProperty property)
    {
        var what = $"the table '{property.Name}'";
        if (AsObject(property.Value, what) is not { } obj)
        {
            return;
        }

        CheckKeys(obj, what, ["hitPolicy", "aggregation", "inputs", "outputs", "rows", "description"]);
        var policyText = OptionalString(obj, "hitPolicy", what) ?? "UNIQUE";
        if (EnumMember(typeof(HitPolicy), policyText) is not HitPolicy policy)
        {
            Error(obj["hitPolicy"]!, DiagnosticCodes.InvalidHitPolicy,
                $"unknown hit policy '{policyText}'; use UNIQUE, FIRST, PRIORITY, ANY or COLLECT");
            policy = HitPolicy.Unique;
        }

        var aggregation = Aggregation.None;
        if (OptionalString(obj, "aggregation", what) is { } aggregationText)
        {
            if (EnumMember(typeof(Aggregation), aggregationText) is Aggregation named && named != Aggregation.None)
            {
                aggregation = named;
                if (policy != HitPolicy.Collect)
                {
                    Error(obj["aggregation"]!, DiagnosticCodes.InvalidHitPolicy, "an aggregation can only be used with the COLLECT hit policy");
                }
            }
            else
            {
                Error(obj["aggregation"]!, DiagnosticCodes.InvalidHitPolicy, $"unknown aggregation '{aggregationText}'; use SUM, MIN, MAX or COUNT");
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

    /// <summary>
    /// The member of <paramref name="enumType"/> named <paramref name="text"/>, ignoring case; null for anything else,
    /// numbers included. Through the non-generic <see cref="Enum"/> methods: the generic ones, instantiated over this
    /// assembly's enumerations, were JIT-compiled at every load, where these are precompiled in the framework.
    /// </summary>
    private static object? EnumMember(Type enumType, string text)
    {
        foreach (var name in Enum.GetNames(enumType))
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                return Enum.Parse(enumType, name);
            }
        }

        return null;
    }
}
