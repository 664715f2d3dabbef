using System.Globalization;
using System.Text;

namespace RiskTriage.Testing;

/// <summary>
/// A unified line diff (<c>--- expected</c> / <c>+++ actual</c>, <c>@@ -a,b +c,d @@</c> hunks with context lines)
/// for approval and snapshot failures. Deterministic; the common prefix and suffix are trimmed before a
/// longest-common-subsequence match of the rest, which falls back to "all removed, all added" when that part is huge.
/// </summary>
internal static class LineDiff
{
    private const int MaxLcsCells = 4_000_000;

    private enum Op
    {
        Equal,
        Delete,
        Insert,
    }

    /// <summary>Splits text into lines after normalising line endings to <c>\n</c>; a final newline does not make an extra empty line.</summary>
    public static string[] Lines(string text)
    {
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (normalised.EndsWith('\n'))
        {
            normalised = normalised[..^1];
        }

        return normalised.Length == 0 ? [] : normalised.Split('\n');
    }

    /// <summary>The unified diff of two texts, or <c>""</c> when their lines are equal.</summary>
    /// <param name="expected">The approved or verified text.</param>
    /// <param name="actual">The text produced now.</param>
    /// <param name="expectedName">The label of the <c>---</c> line.</param>
    /// <param name="actualName">The label of the <c>+++</c> line.</param>
    /// <param name="context">Unchanged lines shown around each change.</param>
    /// <param name="maxLines">The diff is cut after this many lines, saying how many more there were.</param>
    public static string Unified(string expected, string actual, string expectedName = "expected", string actualName = "actual", int context = 3, int maxLines = 200)
    {
        var a = Lines(expected);
        var b = Lines(actual);
        var ops = Script(a, b);
        if (ops.All(o => o == Op.Equal))
        {
            return string.Empty;
        }

        var output = new List<string> { "--- " + expectedName, "+++ " + actualName };

        // Positions in a and b before each op.
        var ai = new int[ops.Count + 1];
        var bi = new int[ops.Count + 1];
        for (var k = 0; k < ops.Count; k++)
        {
            ai[k + 1] = ai[k] + (ops[k] == Op.Insert ? 0 : 1);
            bi[k + 1] = bi[k] + (ops[k] == Op.Delete ? 0 : 1);
        }

        var i = 0;
        while (i < ops.Count)
        {
            if (ops[i] == Op.Equal)
            {
                i++;
                continue;
            }

            // A hunk: from `context` lines before this change to `context` lines after the last change that is
            // within 2 * context equal lines of the previous one.
            var start = Math.Max(0, i - context);
            var end = i;
            while (true)
            {
                while (end < ops.Count && ops[end] != Op.Equal)
                {
                    end++;
                }

                var next = end;
                while (next < ops.Count && ops[next] == Op.Equal)
                {
                    next++;
                }

                if (next < ops.Count && next - end <= 2 * context)
                {
                    end = next;
                    continue;
                }

                end = Math.Min(ops.Count, end + context);
                break;
            }

            var aCount = ai[end] - ai[start];
            var bCount = bi[end] - bi[start];
            output.Add(string.Create(CultureInfo.InvariantCulture,
                $"@@ -{HunkStart(ai[start], aCount)},{aCount} +{HunkStart(bi[start], bCount)},{bCount} @@"));
            for (var k = start; k < end; k++)
            {
                output.Add(ops[k] switch
                {
                    Op.Equal => " " + a[ai[k]],
                    Op.Delete => "-" + a[ai[k]],
                    _ => "+" + b[bi[k]],
                });
            }

            i = end;
        }

        var sb = new StringBuilder();
        for (var k = 0; k < Math.Min(output.Count, maxLines); k++)
        {
            sb.Append(output[k]).Append('\n');
        }

        if (output.Count > maxLines)
        {
            sb.Append(CultureInfo.InvariantCulture, $"... {output.Count - maxLines} more diff line(s)\n");
        }

        return sb.ToString();
    }

    private static int HunkStart(int index, int count) => count == 0 ? index : index + 1;

    private static List<Op> Script(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var ops = new List<Op>(a.Length + b.Length);
        ops.AddRange(Enumerable.Repeat(Op.Equal, prefix));
        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        if ((long)n * m > MaxLcsCells)
        {
            ops.AddRange(Enumerable.Repeat(Op.Delete, n));
            ops.AddRange(Enumerable.Repeat(Op.Insert, m));
        }
        else
        {
            // lcs[i, j] = length of the LCS of a[prefix + i ..] and b[prefix + j ..] within the middle part.
            var lcs = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
            {
                for (var j = m - 1; j >= 0; j--)
                {
                    lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
                }
            }

            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[prefix + x] == b[prefix + y])
                {
                    ops.Add(Op.Equal);
                    x++;
                    y++;
                }
                else if (y < m && (x == n || lcs[x, y + 1] > lcs[x + 1, y]))
                {
                    ops.Add(Op.Insert);
                    y++;
                }
                else
                {
                    ops.Add(Op.Delete);
                    x++;
                }
            }
        }

        ops.AddRange(Enumerable.Repeat(Op.Equal, suffix));
        return ops;
    }
}
