using System.Globalization;
using System.Text;

namespace RiskTriage.Evaluation;

/// <summary>
/// Writes decisions as canonical JSON: properties in a fixed order, numbers in invariant shortest
/// round-trip form (20, 6.95, 1E+21), strings escaped minimally and identically everywhere, no whitespace.
/// </summary>
internal static class CanonicalJson
{
    public static string Write(Decision decision, OutputLayout layout)
    {
        var sb = new StringBuilder(256);
        sb.Append("{\"ruleSet\":{\"name\":");
        String(sb, decision.RuleSet.Name);
        sb.Append(",\"version\":");
        String(sb, decision.RuleSet.Version);
        sb.Append(",\"hash\":");
        String(sb, decision.RuleSet.Hash);
        sb.Append("},\"caseId\":");
        String(sb, decision.CaseId);
        sb.Append(",\"status\":");
        String(sb, decision.Status.ToString());
        sb.Append(",\"outputs\":{");
        for (var i = 0; i < layout.Names.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            String(sb, layout.Names[i]);
            sb.Append(':');
            Value(sb, decision.Values[i]);
        }

        sb.Append("},\"reviewReasons\":[");
        var first = true;
        foreach (var reason in decision.ReviewReasons)
        {
            sb.Append(first ? "{\"code\":" : ",{\"code\":");
            first = false;
            String(sb, reason.Code);
            sb.Append(",\"message\":");
            String(sb, reason.Message);
            sb.Append(",\"source\":");
            String(sb, reason.Source);
            sb.Append('}');
        }

        sb.Append(']');
        if (decision.Errors.Count > 0)
        {
            sb.Append(",\"errors\":[");
            first = true;
            foreach (var error in decision.Errors)
            {
                sb.Append(first ? "{\"path\":" : ",{\"path\":");
                first = false;
                String(sb, error.Path);
                sb.Append(",\"message\":");
                String(sb, error.Message);
                sb.Append('}');
            }

            sb.Append(']');
        }

        if (decision.Trace is { } trace)
        {
            sb.Append(",\"trace\":[");
            first = true;
            foreach (var entry in trace)
            {
                sb.Append(first ? "{\"kind\":" : ",{\"kind\":");
                first = false;
                String(sb, entry.KindName);
                sb.Append(",\"element\":");
                String(sb, entry.Element);
                sb.Append(",\"item\":");
                String(sb, entry.Item);
                sb.Append(",\"detail\":");
                String(sb, entry.Detail);
                sb.Append(",\"value\":");
                Value(sb, entry.Value);
                if (entry.Operands.Count > 0)
                {
                    sb.Append(",\"operands\":{");
                    for (var i = 0; i < entry.Operands.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(',');
                        }

                        String(sb, entry.Operands[i].Name);
                        sb.Append(':');
                        Value(sb, entry.Operands[i].Value);
                    }

                    sb.Append('}');
                }

                sb.Append('}');
            }

            sb.Append(']');
        }

        sb.Append('}');
        return sb.ToString();
    }

    public static void Value(StringBuilder sb, RuleValue value)
    {
        switch (value.Kind)
        {
            case RuleValueKind.Missing:
                sb.Append("null");
                break;
            case RuleValueKind.Bool:
                sb.Append(value.AsBool == true ? "true" : "false");
                break;
            case RuleValueKind.Number:
                Number(sb, value.RawNumber);
                break;
            case RuleValueKind.List:
                sb.Append('[');
                var items = value.AsList!;
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Value(sb, items[i]);
                }

                sb.Append(']');
                break;
            default:
                String(sb, value.ToString());
                break;
        }
    }

    public static void Number(StringBuilder sb, double value)
    {
        // -0 and 0 are the same number to a reader; write both as 0 so equal decisions are equal bytes.
        if (value == 0)
        {
            sb.Append('0');
            return;
        }

        sb.Append(value.ToString("R", CultureInfo.InvariantCulture));
    }

    public static void String(StringBuilder sb, string? text)
    {
        if (text is null)
        {
            sb.Append("null");
            return;
        }

        sb.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if (c < 0x20 || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c))
                    {
                        // Lone surrogates cannot be encoded as UTF-8; escaping them keeps the output valid and stable.
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
