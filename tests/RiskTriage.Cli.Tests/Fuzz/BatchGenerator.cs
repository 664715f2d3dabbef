using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RiskTriage.Cli.Tests.Infrastructure;

namespace RiskTriage.Cli.Tests.Fuzz;

/// <summary>How a generated batch is laid out, as <c>eval --format</c> names it.</summary>
internal enum Layout
{
    Ndjson,
    Array,
    Stream,
}

/// <summary>The records a case may give (a case broken in some ways may be read either way).</summary>
[Flags]
internal enum Allowed
{
    /// <summary>A decision carrying the case's id.</summary>
    Id = 1,

    /// <summary>A decision with no id (the case is not an object, or its id is not text).</summary>
    NullId = 2,

    /// <summary>An error record whose line is within the case.</summary>
    Error = 4,
}

/// <summary>One case of a generated batch and the record it must give.</summary>
internal sealed record PlannedCase(string Id, Allowed Allowed, string Kind)
{
    public long StartLine { get; set; }

    public long EndLine { get; set; }

    public long Start { get; init; }

    public long End { get; init; }
}

/// <summary>A generated batch file: its bytes and, in order, the cases whose records must come out.</summary>
/// <param name="BreaksAfter">For a batch whose structure breaks: the records before the break are <see cref="Cases"/>, then one error record at or after <paramref name="BreakMinLine"/>.</param>
internal sealed record BatchFile(Layout Layout, string Newline, byte[] Bytes, IReadOnlyList<PlannedCase> Cases, bool BreaksAfter, long BreakMinLine, string BreakKind);

/// <summary>
/// Generates batches of probation cases for <c>eval</c>, some cases broken in every way the reader recovers from:
/// invalid JSON, nesting past the depth limit, cases past the length limit, bytes that are not UTF-8, blank lines,
/// values of the wrong kind, duplicate and odd keys, huge lists. Each batch records which record each case must give.
/// </summary>
internal sealed class BatchGenerator(Random random)
{
    /// <summary>The reader's limit on one case (<c>CaseInput.Open</c>'s default).</summary>
    public const int MaxCaseLength = 4 * 1024 * 1024;

    private static readonly Lazy<JsonObject[]> Examples = new(() =>
        JsonNode.Parse(File.ReadAllText(Repo.ProbationExamples))!.AsArray().Select(n => n!.AsObject()).ToArray());

    private static readonly string[] Newlines = ["\n", "\r\n", "\r", "mixed"];

    private static readonly byte[][] BadUtf8 =
    [
        [0xFF], [0xFE, 0xFF], [0x80], [0xC0, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBF, 0xBE],
    ];

    private static readonly string[] WrongValues = ["\"high\"", "12", "-1.5e3", "1e400", "[1,2]", "{\"a\":1}", "true", "null", "\"\"", "[]"];

    private static readonly string[] Fields = ["rsrScore", "ogrsScore", "gender", "complexityFactors", "needs", "asOfDate", "iomNominal", "rosh", "mappaLevel"];

    public Random Random { get; } = random;

    public static string RandomNewline(Random random) => Newlines[random.Next(Newlines.Length)];

    /// <summary>A batch of <paramref name="count"/> cases.</summary>
    /// <param name="breaks">For an array or a stream: true to break its structure at a random place, false never, null one time in three.</param>
    public BatchFile Make(Layout layout, string newline, int count, bool? breaks, int tooLong)
    {
        var output = new MemoryStream();
        var cases = new List<PlannedCase>(count);
        var breakAt = layout != Layout.Ndjson && (breaks ?? Random.Next(3) == 0) ? Random.Next(count + 1) : -1;
        var breakKind = "";
        long breakStart = -1;
        var tooLongAt = Enumerable.Range(0, tooLong).Select(_ => Random.Next(Math.Max(count, 1))).ToHashSet();
        if (Random.Next(8) == 0)
        {
            output.Write([0xEF, 0xBB, 0xBF]);
        }

        Write(output, Blank(layout, newline));
        if (layout == Layout.Array)
        {
            Write(output, "[" + Separator(newline));
        }

        for (var i = 0; i < count; i++)
        {
            if (i == breakAt)
            {
                breakStart = output.Position;
                breakKind = WriteBreak(output, layout, newline, i, count);
                if (breakKind == "truncated")
                {
                    break;
                }

                continue;
            }

            if (layout == Layout.Array && i > 0)
            {
                Write(output, "," + Separator(newline));
            }

            var start = output.Position;
            var (text, allowed, kind) = tooLongAt.Contains(i) ? TooLong(i) : Case(layout, newline, i);
            output.Write(text);
            var planned = new PlannedCase(Id(i), allowed, kind) { Start = start, End = output.Position };
            if (breakStart < 0)
            {
                cases.Add(planned);
            }

            Write(output, layout switch
            {
                Layout.Ndjson => NewlineText(newline) + Blank(layout, newline),
                Layout.Array => Separator(newline),
                _ => Random.Next(2) == 0 ? " " : NewlineText(newline) + Blank(layout, newline),
            });
        }

        if (breakAt == count)
        {
            breakStart = output.Position;
            breakKind = WriteBreak(output, layout, newline, count, count);
        }

        if (layout == Layout.Array && breakKind != "truncated")
        {
            Write(output, "]" + (Random.Next(2) == 0 ? NewlineText(newline) : ""));
        }

        var bytes = output.ToArray();
        var lines = new LineCounter();
        lines.Locate(bytes, cases);
        var breakMinLine = breakStart < 0 ? 0 : cases.Count > 0 ? cases[^1].EndLine : 1;
        return new BatchFile(layout, newline, bytes, cases, breakStart >= 0, breakMinLine, breakKind);
    }

    public static string Id(int i) => "F-" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>One case: its bytes, the records it may give and what kind of case it is.</summary>
    public (byte[] Text, Allowed Allowed, string Kind) Case(Layout layout, string newline, int i)
    {
        var id = Id(i);
        var compact = layout == Layout.Ndjson || Random.Next(3) > 0;
        string Json(JsonObject o) => compact ? o.ToJsonString() : Pretty(o, newline);
        switch (Random.Next(20))
        {
            case < 7:
                return (Utf8(Json(Example(id))), Allowed.Id, "good");
            case 7:
            {
                var o = Example(id);
                o[Fields[Random.Next(Fields.Length)]] = JsonNode.Parse(WrongValues[Random.Next(WrongValues.Length)]);
                return (Utf8(Json(o)), Allowed.Id, "wrong kind");
            }

            case 8:
            {
                var o = Example(id);
                o["caseId"] = JsonNode.Parse(new[] { "5", "null", "{\"caseId\":\"x\"}", "[\"" + id + "\"]", "true" }[Random.Next(5)]);
                return (Utf8(Json(o)), Allowed.NullId, "id of the wrong kind");
            }

            case 9:
            {
                var field = Fields[Random.Next(Fields.Length)];
                var members = Random.Next(2) == 0
                    ? $"\"caseId\":\"{id}\",\"caseId\":\"{id}\","
                    : $"\"{field}\":\"x\",\"{field}\":1,\"{field}\":[],";
                return (Utf8(Insert(Example(id).ToJsonString(), members)), Allowed.Id, "duplicate keys");
            }

            case 10:
            {
                var keys = new[] { "\"\":1,", "\"\\u0000\":2,", "\"\\ud800\":3,", "\"" + new string('k', Random.Next(1, 20_000)) + "\":4,", "\"caseid\":\"other\",", "\"\\u043a\\u043b\":5,", "\"CASEID\":{},", "\"caseId \":1," };
                var members = string.Concat(Enumerable.Range(0, Random.Next(1, 5)).Select(_ => keys[Random.Next(keys.Length)]));
                return (Utf8(Insert(Example(id).ToJsonString(), members)), Allowed.Id, "odd keys");
            }

            case 11:
            {
                // Past the limit of 10,000 items; the engine reads a whole list before it rejects it, about 2 us an item.
                var items = Random.Next(4) == 0 ? Random.Next(10_001, 30_000) : Random.Next(0, 10_001);
                var item = new[] { "\"RMDO\"", "1", "null", "{}", "\"" + new string('z', 40) + "\"" }[Random.Next(5)];
                var list = "[" + string.Join(",", Enumerable.Repeat(item, items)) + "]";
                var field = Random.Next(2) == 0 ? "complexityFactors" : "extra";
                return (Utf8(Insert(Example(id).ToJsonString(), $"\"{field}\":{list},")), Allowed.Id, "huge list");
            }

            case 12:
            {
                var depth = Random.Next(10) == 0 ? Random.Next(4_000, 6_000) : Random.Next(60, 300);
                var open = Random.Next(2) == 0 ? '[' : '{';
                var nested = open == '['
                    ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                // Past the depth limit the case is not read further, so an id after the deep value is not known.
                return (Utf8(Insert(Example(id).ToJsonString(), $"\"deep\":{nested},")), Allowed.Id | Allowed.NullId, "too deep");
            }

            case 13:
            {
                var depth = Random.Next(10) == 0 ? Random.Next(4_000, 6_000) : Random.Next(60, 300);
                return (Utf8(new string('[', depth) + new string(']', depth)), Allowed.NullId, "too deep, not an object");
            }

            case 14:
            {
                var value = new[] { "42", "-1.5e3", "\"text\"", "true", "false", "null", "[1,{\"caseId\":\"x\"}]", "[]" }[Random.Next(8)];
                return (Utf8(value), Allowed.NullId, "not an object");
            }

            case 15:
            {
                var broken = new[]
                {
                    $"{{\"caseId\":\"{id}\",\"x\": tru}}", $"{{\"caseId\":\"{id}\" \"x\":1}}", $"{{\"caseId\":\"{id}\",\"x\":01}}",
                    $"{{\"caseId\":\"{id}\",:1}}", $"{{\"caseId\":\"{id}\",\"x\":[1,,2]}}", $"{{\"caseId\":\"{id}\",\"x\":+}}",
                    $"{{\"caseId\":\"{id}\",\"x\":\"\\q\"}}", $"{{\"caseId\":\"{id}\",\"x\":\"\\u12\"}}",
                }[Random.Next(8)];
                return (Utf8(broken), Allowed.Id | Allowed.Error, "invalid JSON");
            }

            case 16 when layout == Layout.Ndjson:
            {
                var broken = new[]
                {
                    $"{{\"caseId\":\"{id}\",", $"{{\"caseId\":\"{id}\",\"x\":\"abc", "}", "]]", $"{{\"caseId\":\"{id}\",\"x\":[1,2}}",
                    "{\"caseId\":", "\"not closed", "@#!", $"{{\"caseId\":\"{id}\"}}}}", $"{{\"caseId\":\"{id}\"}} {{\"caseId\":\"{id}\"}}",
                }[Random.Next(10)];
                return (Utf8(broken), Allowed.Error | Allowed.NullId | Allowed.Id, "broken line");
            }

            case 17:
            {
                var bad = BadUtf8[Random.Next(BadUtf8.Length)];
                var json = Example(id).ToJsonString();
                var at = Random.Next(2) == 0 ? json.IndexOf("\"caseId\"", StringComparison.Ordinal) + 1 : json.LastIndexOf('}');
                var bytes = Utf8(json[..at]).Concat(bad).Concat(Utf8(json[at..])).ToArray();
                return (bytes, Allowed.Error, "bad UTF-8");
            }

            default:
                return (Utf8(Json(Example(id))), Allowed.Id, "good");
        }
    }

    /// <summary>A case longer than the reader's limit (it is skipped, not kept).</summary>
    public (byte[] Text, Allowed Allowed, string Kind) TooLong(int i)
    {
        var sb = new StringBuilder(MaxCaseLength + 100);
        sb.Append("{\"caseId\":\"").Append(Id(i)).Append("\",\"x\":\"").Append('a', MaxCaseLength + Random.Next(1, 10_000)).Append("\"}");
        return (Utf8(sb.ToString()), Allowed.Error, "too long");
    }

    private string WriteBreak(MemoryStream output, Layout layout, string newline, int i, int count)
    {
        var id = Id(i);
        switch (Random.Next(4))
        {
            case 0:
            {
                if (layout == Layout.Array && i > 0)
                {
                    Write(output, ",");
                }

                var json = Example(id).ToJsonString();
                Write(output, json[..Random.Next(1, json.Length - 1)]);
                return "truncated";
            }

            case 1:
                if (layout == Layout.Array && i > 0)
                {
                    Write(output, ",");
                }

                Write(output, $"{{\"caseId\":\"{id}\",\"x\":\"abc{NewlineText(newline)}\"}}{NewlineText(newline)}");
                return "text not closed on its line";
            case 2:
                if (layout == Layout.Array && i > 0)
                {
                    Write(output, ",");
                }

                Write(output, $"{{\"caseId\":\"{id}\",\"x\":[1,2}}}}{NewlineText(newline)}");
                return "bracket of the wrong kind";
            default:
                Write(output, layout == Layout.Array ? (i > 0 ? ",," : ",") : new[] { ",", "}", "]" }[Random.Next(3)]);
                Write(output, NewlineText(newline));
                return "missing case or stray closer";
        }
    }

    private JsonObject Example(string id)
    {
        var examples = Examples.Value;
        var o = examples[Random.Next(examples.Length)].DeepClone().AsObject();
        o["caseId"] = id;
        return o;
    }

    private static string Pretty(JsonObject o, string newline)
    {
        var text = o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        return newline == "mixed" ? text : text.Replace("\n", newline, StringComparison.Ordinal);
    }

    private static string Insert(string json, string members) => "{" + members + json[1..];

    private string NewlineText(string newline) => newline == "mixed" ? Newlines[Random.Next(3)] : newline;

    private string Blank(Layout layout, string newline)
    {
        if (Random.Next(layout == Layout.Ndjson ? 6 : 12) != 0)
        {
            return "";
        }

        var sb = new StringBuilder();
        for (var n = Random.Next(1, 4); n > 0; n--)
        {
            sb.Append(new[] { "", " ", "\t", "  \t " }[Random.Next(4)]).Append(NewlineText(newline));
        }

        return sb.ToString();
    }

    private string Separator(string newline) => Random.Next(6) switch
    {
        0 => "",
        1 => " ",
        2 => " /* note */ ",
        _ => NewlineText(newline) + new string(' ', Random.Next(0, 4)),
    };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static void Write(MemoryStream output, string text) => output.Write(Utf8(text));
}

/// <summary>Counts line breaks as the reader does: CR LF, a lone CR and a lone LF each end a line.</summary>
internal sealed class LineCounter
{
    private bool _lastWasCr;

    /// <summary>The 1-based line of the next byte given.</summary>
    public long Line { get; private set; } = 1;

    public void Add(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b == (byte)'\n')
            {
                if (!_lastWasCr)
                {
                    Line++;
                }

                _lastWasCr = false;
            }
            else
            {
                _lastWasCr = b == (byte)'\r';
                if (_lastWasCr)
                {
                    Line++;
                }
            }
        }
    }

    /// <summary>Sets each case's first and last line from its byte offsets in the batch.</summary>
    public void Locate(byte[] bytes, IEnumerable<PlannedCase> cases)
    {
        long at = 0;
        foreach (var planned in cases)
        {
            Add(bytes.AsSpan((int)at, (int)(planned.Start - at)));
            planned.StartLine = Line;
            Add(bytes.AsSpan((int)planned.Start, (int)(planned.End - planned.Start)));
            planned.EndLine = Line;
            at = planned.End;
        }
    }
}
