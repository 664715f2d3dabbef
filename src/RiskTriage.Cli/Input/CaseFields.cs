using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace RiskTriage.Cli.Input;

/// <summary>
/// The fields of one case as written, for showing an input's value in an explanation. Case JSON is read here so
/// that the explanation itself handles no JSON (it reads the rule set from its definition).
/// </summary>
internal sealed class CaseFields
{
    private readonly JObject _case;

    private CaseFields(JObject @case) => _case = @case;

    /// <summary>The case in <paramref name="text"/>, or null when the text is not one JSON object.</summary>
    public static CaseFields? TryParse(string text)
    {
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
            return JToken.ReadFrom(reader, new JsonLoadSettings { CommentHandling = CommentHandling.Ignore }) is JObject obj ? new CaseFields(obj) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The value at a dotted path (<c>offence.category</c>) as displayed: a string without quotes, other values as compact JSON, "(none)" when absent or null.</summary>
    public string Display(string path)
    {
        var token = _case.SelectToken(path, errorWhenNoMatch: false);
        return token is null || token.Type == JTokenType.Null ? "(none)" : token.Type == JTokenType.String ? (string)token! : token.ToString(Formatting.None);
    }
}
