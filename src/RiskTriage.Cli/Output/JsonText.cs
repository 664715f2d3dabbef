using System.Globalization;
using System.Text;
using System.Text.Json;
using Newtonsoft.Json;

namespace RiskTriage.Cli;

/// <summary>Small JSON helpers: value formatting as in canonical decisions, syntax checks and messages.</summary>
internal static class JsonText
{
    /// <summary>A rule value for people: text without quotes, <c>(none)</c> for a missing value.</summary>
    public static string Display(RuleValue value) => value.Kind switch
    {
        RuleValueKind.Missing => "(none)",
        RuleValueKind.String => value.AsString!,
        RuleValueKind.List => "[" + string.Join(", ", value.AsList!.Select(Display)) + "]",
        _ => value.AsNumber == 0 ? "0" : value.ToString(),
    };

    /// <summary>A JSON string literal.</summary>
    public static string String(string? text) => text is null ? "null" : JsonConvert.ToString(text);

    /// <summary>How deep <see cref="SyntaxError"/> follows nesting: Newtonsoft keeps a frame per level, so a case of a few million
    /// brackets would otherwise cost a hundred megabytes to check; the engine refuses such a case anyway, with its own message.</summary>
    public const int MaxCheckedDepth = 1024;

    /// <summary>Where the JSON text stops being valid, or null when it is well-formed JSON (one value) as far as it was
    /// checked (nesting deeper than <see cref="MaxCheckedDepth"/> is not followed).</summary>
    public static (int Line, int Column, string Message)? SyntaxError(string text)
    {
        using var reader = new JsonTextReader(new StringReader(text))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = MaxCheckedDepth,
        };
        try
        {
            if (!reader.Read())
            {
                return (1, 1, "there is no JSON value");
            }

            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonReaderException) when (reader.Depth >= MaxCheckedDepth)
        {
            return null;
        }
        catch (JsonReaderException e)
        {
            // Newtonsoft's LinePosition counts the characters before the offending one; columns are 1-based.
            return (Math.Max(1, e.LineNumber), e.LinePosition + 1, CleanMessage(e.Message));
        }
    }

    // The longest whole number Newtonsoft's reader parses (JsonTextReader: "JSON integer ... is too large to parse").
    private const int NewtonsoftLongestNumber = 380;

    /// <summary>
    /// True when <paramref name="utf8"/> is one JSON value and nothing else, by RFC 8259 (System.Text.Json's reader, at
    /// most 64 levels deep): then <see cref="SyntaxError"/> finds no error in its text, as Newtonsoft's reader accepts
    /// all such JSON and more (single quotes, comments, control characters in strings, leading zeros), but for one
    /// limit of its own: a whole number of more than 380 characters is "too large to parse" for Newtonsoft, so a number
    /// that long is not called well-formed here. False says nothing: <see cref="SyntaxError"/> decides.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.Number && reader.ValueSpan.Length > NewtonsoftLongestNumber)
                {
                    return false;
                }
            }

            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>Newtonsoft's message without its "Path '...', line n, position m." tail (the caller states the place).</summary>
    public static string CleanMessage(string message)
    {
        var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(", line ", StringComparison.Ordinal);
        }

        if (cut < 0)
        {
            cut = message.IndexOf(" line ", StringComparison.Ordinal);
        }

        var text = (cut >= 0 ? message[..cut] : message).Trim();
        return text.EndsWith('.') || text.EndsWith(',') ? text[..^1] : text;
    }

    /// <summary>The record written in place of a case that could not be read at all.</summary>
    public static string ErrorRecord(long line, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"line\":{line},\"status\":\"Invalid\",\"errors\":[{{\"path\":\"$\",\"message\":{String(message)}}}]}}");
}
