using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace RiskTriage.Loading;

/// <summary>
/// A parsed rule file written out compactly, character for character as <c>JToken.ToString(Formatting.None)</c> writes
/// it (the content hash is defined on that text, and every decision names the hash): the same escapes in strings and
/// names (the short ones for \b \t \n \f \r \" \\, \u0085 \u2028 \u2029 and other control characters as lower-case
/// \u00xx), numbers as Newtonsoft writes them. Written straight into the caller's builder rather than through a
/// <see cref="JsonTextWriter"/> and a <see cref="StringWriter"/> per file, which cost most of the hash at load.
/// A value of any other kind than the parser of rule files makes is written by Newtonsoft itself.
/// </summary>
internal static class CompactJson
{
    public static void Write(StringBuilder text, JToken token)
    {
        switch (token)
        {
            case JObject obj:
                text.Append('{');
                var first = true;
                foreach (var property in obj.Properties())
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    WriteString(text, property.Name);
                    text.Append(':');
                    Write(text, property.Value);
                }

                text.Append('}');
                break;
            case JArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    Write(text, array[i]);
                }

                text.Append(']');
                break;
            case JValue { Type: JTokenType.String, Value: string s }:
                WriteString(text, s);
                break;
            case JValue { Type: JTokenType.Integer, Value: long l }:
                text.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case JValue { Type: JTokenType.Float, Value: double d } when double.IsFinite(d):
                // Newtonsoft: the shortest text that reads back as the same double, with ".0" when it would read as an integer.
                var start = text.Length;
                text.Append(d.ToString("R", CultureInfo.InvariantCulture));
                if (!ContainsAny(text, start, '.', 'E', 'e'))
                {
                    text.Append(".0");
                }

                break;
            case JValue { Type: JTokenType.Boolean, Value: bool b }:
                text.Append(b ? "true" : "false");
                break;
            case JValue { Type: JTokenType.Null }:
                text.Append("null");
                break;
            default:
                // Big integers, infinities (a number past double's range), anything else: exactly as Newtonsoft writes them.
                text.Append(token.ToString(Formatting.None));
                break;
        }
    }

    /// <summary>A string in double quotes with the escapes of Newtonsoft's default <see cref="StringEscapeHandling"/>.</summary>
    public static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        var run = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\t' => "\\t",
                '\n' => "\\n",
                '\f' => "\\f",
                '\r' => "\\r",
                '\u0085' => "\\u0085",
                '\u2028' => "\\u2028",
                '\u2029' => "\\u2029",
                _ => null,
            };
            if (escape is null && c >= ' ')
            {
                continue;
            }

            text.Append(value, run, i - run);
            run = i + 1;
            if (escape is not null)
            {
                text.Append(escape);
            }
            else
            {
                text.Append("\\u00").Append(HexDigit(c >> 4)).Append(HexDigit(c & 0xF));
            }
        }

        text.Append(value, run, value.Length - run).Append('"');
    }

    private static char HexDigit(int n) => (char)(n < 10 ? '0' + n : 'a' + n - 10);

    private static bool ContainsAny(StringBuilder text, int start, char a, char b, char c)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == a || text[i] == b || text[i] == c)
            {
                return true;
            }
        }

        return false;
    }
}
