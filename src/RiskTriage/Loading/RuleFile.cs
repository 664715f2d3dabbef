using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Diagnostics;

namespace RiskTriage.Loading;

/// <summary>One rule file as read: its path, its text by lines (for carets), its normalised text (for the hash) and its JSON.</summary>
internal sealed class RuleFile(string path, string text, JObject root) : ISourceLines
{
    private readonly string[] _lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>The path as shown in diagnostics (relative to the rule-set folder, forward slashes).</summary>
    public string Path { get; } = path;

    public string Text { get; } = text;

    public JObject Root { get; } = root;

    public string? GetLine(int line) => line >= 1 && line <= _lines.Length ? _lines[line - 1] : null;

    /// <summary>The location of a token: a string or property points at its opening quote; others at their first character.</summary>
    public SourceLocation Locate(JToken token)
    {
        if (token is not IJsonLineInfo info || !info.HasLineInfo())
        {
            return new SourceLocation(Path, 1, 1, 1);
        }

        var line = info.LineNumber;
        var raw = GetLine(line) ?? string.Empty;
        var end = Math.Min(info.LinePosition, raw.Length);
        switch (token)
        {
            case JProperty property:
            {
                // Newtonsoft places a property after its colon; walk back to the name.
                var close = raw.LastIndexOf('"', Math.Max(0, end - 1));
                var open = close > 0 ? FindOpeningQuote(raw, close) : -1;
                return open >= 0
                    ? new SourceLocation(Path, line, open + 1, property.Name.Length + 2)
                    : new SourceLocation(Path, line, Math.Max(1, end), 1);
            }

            case JValue { Type: JTokenType.String }:
            {
                var close = end - 1;
                var open = close > 0 && close < raw.Length && raw[close] == '"' ? FindOpeningQuote(raw, close) : -1;
                return open >= 0
                    ? new SourceLocation(Path, line, open + 1, close - open + 1)
                    : new SourceLocation(Path, line, Math.Max(1, end), 1);
            }

            case JValue value:
            {
                var length = Math.Max(1, value.ToString(Formatting.None).Length);
                return new SourceLocation(Path, line, Math.Max(1, end - length + 1), length);
            }

            default:
                // Objects and arrays: Newtonsoft points just after the opening bracket.
                return new SourceLocation(Path, line, Math.Max(1, end), 1);
        }
    }

    /// <summary>
    /// Maps a span inside a JSON string's decoded value (an expression) to the file position of those
    /// characters, accounting for escapes such as \" and \u00e9.
    /// </summary>
    public SourceLocation LocateInString(JToken token, int offset, int length)
    {
        var whole = Locate(token);
        if (token is not JValue { Type: JTokenType.String })
        {
            return whole;
        }

        var raw = GetLine(whole.Line);
        if (raw is null)
        {
            return whole;
        }

        var start = RawColumn(raw, whole.Column, offset);
        var end = RawColumn(raw, whole.Column, offset + Math.Max(length, 1));
        return new SourceLocation(Path, whole.Line, start, Math.Max(1, end - start));
    }

    /// <summary>The 1-based column of decoded character <paramref name="index"/> of the literal whose opening quote is at <paramref name="quoteColumn"/>.</summary>
    private static int RawColumn(string raw, int quoteColumn, int index)
    {
        var position = quoteColumn;
        var decoded = 0;
        while (position < raw.Length && decoded < index)
        {
            var c = raw[position];
            if (c == '"')
            {
                break;
            }

            position += c == '\\' ? (position + 1 < raw.Length && raw[position + 1] == 'u' ? 6 : 2) : 1;
            decoded++;
        }

        return position + 1;
    }

    private static int FindOpeningQuote(string raw, int close)
    {
        for (var i = close - 1; i >= 0; i--)
        {
            if (raw[i] != '"')
            {
                continue;
            }

            var backslashes = 0;
            for (var j = i - 1; j >= 0 && raw[j] == '\\'; j--)
            {
                backslashes++;
            }

            if (backslashes % 2 == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
