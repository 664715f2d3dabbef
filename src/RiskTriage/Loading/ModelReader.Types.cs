using Newtonsoft.Json.Linq;
using RiskTriage.Diagnostics;

namespace RiskTriage.Loading;

/// <summary>Reading inputs (fields) and the types they declare: shorthand names, enumerations, objects, lists and ranges.</summary>
internal sealed partial class ModelReader
{
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
}
