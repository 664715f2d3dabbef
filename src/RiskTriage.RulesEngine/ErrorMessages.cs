using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RiskTriage.RulesEngine;

/// <summary>
/// A rule's <c>ErrorMessage</c> with its <c>$(input1.Member)</c> placeholders filled in from the inputs, as RulesEngine
/// fills them: the value serialised with System.Text.Json, text without quotes, a placeholder that finds nothing left as written.
/// </summary>
internal static class ErrorMessages
{
    public static string Format(string template, IReadOnlyDictionary<string, object> inputs, string pattern)
    {
        var message = template;
        foreach (Match match in Regex.Matches(template, pattern))
        {
            var path = match.Value[2..^1];
            var segments = path.Split('.');
            if (!inputs.TryGetValue(segments[0], out var root) || root is null)
            {
                continue;
            }

            if (segments.Length == 1)
            {
                message = message.Replace(match.Value, JsonSerializer.Serialize(root));
                continue;
            }

            var current = JsonNode.Parse(JsonSerializer.Serialize(root));
            for (var i = 1; i < segments.Length && current is not null; i++)
            {
                current = current is JsonObject obj && obj.TryGetPropertyValue(segments[i], out var next) ? next : null;
            }

            if (current is null)
            {
                continue;
            }

            var replacement = current is JsonValue value && value.TryGetValue<string>(out var text) ? text : current.ToString();
            message = message.Replace(match.Value, replacement);
        }

        return message;
    }
}
