using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace RiskTriage.Cli.Diff;

/// <summary>
/// One comparable piece of a rule set: an element (a parameter, an input, a value, a scorecard, a band set, a table,
/// a rule, an output, the rule-set declaration) or a part of one (a scorecard row, a band, a table row), with its
/// properties as compact JSON and where it is written.
/// </summary>
/// <param name="Kind">What the element is: "parameter", "table", "rule", ...</param>
/// <param name="Name">The element's name (a rule's id).</param>
/// <param name="PartKind">What the part is ("row", "band"), or null for the element itself.</param>
/// <param name="Part">The part's id (a row id, a band label), or null for the element itself.</param>
/// <param name="Properties">Property name → its JSON text (compact), in written order.</param>
/// <param name="File">The file, relative to the rule-set folder.</param>
/// <param name="Line">The 1-based line the piece starts on.</param>
internal sealed record RuleElement(string Kind, string Name, string? PartKind, string? Part, IReadOnlyList<KeyValuePair<string, string>> Properties, string File, int Line)
{
    public (string Kind, string Name, string? PartKind, string? Part) Key => (Kind, Name, PartKind, Part);

    /// <summary>"table tierTable row a3", "parameter rsrHighMin".</summary>
    public string Label => Part is null ? $"{Kind} {Name}" : $"{Kind} {Name} {PartKind} {Part}";

    public string Where => $"{File}:{Line}";
}

/// <summary>
/// Reads a rule set into <see cref="RuleElement"/>s for the rule-level diff. The library has no public rule-level
/// form yet, so this reads the texts the loader read and kept (<see cref="RuleSet.SourceFiles"/>: the rule set has
/// loaded, so they are valid JSON of the documented shape; nothing is read again from disk); it is the one place to
/// change when such a form exists.
/// </summary>
internal static class RuleElements
{
    /// <summary>The elements of every file, in file order then written order; a file that cannot be read adds nothing.</summary>
    public static IReadOnlyList<RuleElement> Read(RuleSet ruleSet)
    {
        var elements = new List<RuleElement>();
        foreach (var (name, text) in ruleSet.SourceFiles)
        {
            JObject json;
            try
            {
                using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
                json = JObject.Load(reader, new JsonLoadSettings { CommentHandling = CommentHandling.Ignore, LineInfoHandling = LineInfoHandling.Load });
            }
            catch (JsonException)
            {
                continue;
            }

            Add(elements, json, name);
        }

        return elements;
    }

    private static void Add(List<RuleElement> elements, JObject file, string name)
    {
        if (file["ruleSet"] is JObject declaration)
        {
            elements.Add(Element("rule set", "declaration", null, null, declaration, name, declaration));
        }

        foreach (var (kind, section, parts, partKey, partKind) in Sections)
        {
            if (section == "rules")
            {
                foreach (var rule in (file["rules"] as JArray ?? []).OfType<JObject>())
                {
                    elements.Add(Element(kind, Text(rule["id"]) ?? "(no id)", null, null, rule, name, rule));
                }

                continue;
            }

            if (file[section] is not JObject items)
            {
                continue;
            }

            foreach (var property in items.Properties())
            {
                var value = property.Value is JObject obj ? obj : Shorthand(section, property.Value);
                elements.Add(Element(kind, property.Name, null, null, value, name, property, skip: parts));
                if (parts is not null && property.Value is JObject withParts && withParts[parts] is JArray array)
                {
                    var index = 0;
                    foreach (var part in array)
                    {
                        index++;
                        var id = Text(part[partKey!]) ?? $"#{index}";
                        elements.Add(Element(kind, property.Name, partKind, id, part as JObject ?? new JObject { ["value"] = part }, name, part));
                    }
                }
            }
        }
    }

    /// <summary>The sections read, what their elements are called, and which list inside an element holds its parts.</summary>
    private static readonly (string Kind, string Section, string? Parts, string? PartKey, string? PartKind)[] Sections =
    [
        ("input", "inputs", null, null, null),
        ("parameter", "parameters", null, null, null),
        ("value", "values", null, null, null),
        ("scorecard", "scorecards", "rows", "id", "row"),
        ("band set", "bands", "bands", "label", "band"),
        ("table", "tables", "rows", "id", "row"),
        ("rule", "rules", null, null, null),
        ("output", "outputs", null, null, null),
    ];

    /// <summary>The short forms: <c>"age": "number"</c> is a type, a parameter's bare value is its value, a value's bare text its expression.</summary>
    private static JObject Shorthand(string section, JToken value) => section switch
    {
        "parameters" => new JObject { ["value"] = value.DeepClone() },
        "values" => new JObject { ["expr"] = value.DeepClone() },
        _ => new JObject { ["type"] = value.DeepClone() },
    };

    private static RuleElement Element(string kind, string name, string? partKind, string? part, JObject body, string file, JToken at, string? skip = null)
    {
        var properties = body.Properties()
            .Where(p => p.Name != skip)
            .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ToString(Formatting.None)))
            .ToList();
        var line = at is IJsonLineInfo info && info.HasLineInfo() ? info.LineNumber : 1;
        return new RuleElement(kind, name, partKind, part, properties, file, line);
    }

    private static string? Text(JToken? token) => token is { Type: JTokenType.String } ? (string)token! : token?.ToString(Formatting.None);
}
