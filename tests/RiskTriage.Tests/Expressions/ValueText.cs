using System.Collections;
using System.Globalization;
using System.Text;

namespace RiskTriage.Tests.Expressions;

/// <summary>Formats and compares the plain values expressions produce (compiled or by the reference evaluator).</summary>
internal static class ValueText
{
    /// <summary>Formats a value culture-independently: missing, true/false, numbers (round-trip), "text", dates, [lists].</summary>
    public static string Format(object? value) => value switch
    {
        null => "missing",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => Quote(s),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        _ => "object",
    };

    /// <summary>Writes text in double quotes with C-style escapes for quotes, backslashes and control characters.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>
    /// Deep equality of two results: doubles exactly (both NaN counts as equal), text ordinally, lists item by item.
    /// Objects (records or typed objects) only compare by presence, as their representations differ by binding.
    /// </summary>
    public static bool Same(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (double x, double y) => x.Equals(y) || (double.IsNaN(x) && double.IsNaN(y)),
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (bool x, bool y) => x == y,
        (DateOnly x, DateOnly y) => x == y,
        (string, _) or (_, string) => false,
        (IEnumerable x, IEnumerable y) => SameItems(x.Cast<object?>().ToList(), y.Cast<object?>().ToList()),
        (double or bool or DateOnly, _) or (_, double or bool or DateOnly) => false,
        _ => true,
    };

    private static bool SameItems(List<object?> x, List<object?> y)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (!Same(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }
}
