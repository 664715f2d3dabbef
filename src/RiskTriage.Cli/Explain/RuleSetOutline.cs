using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace RiskTriage.Cli.Explain;

/// <summary>
/// What the explanation needs from the rule files beyond the trace: the expressions behind outputs and values,
/// which table produces which name, the values a table row sets, and the parameters. Read best-effort from the
/// texts the loader read (the rule set has loaded, so they are valid); anything missing simply makes the
/// explanation shorter.
/// </summary>
internal sealed class RuleSetOutline
{
    /// <summary>Output name → its <c>value</c> expression (outputs without one are produced by an element of the same name, a table or a rule).</summary>
    public Dictionary<string, string> OutputExpressions { get; } = new(StringComparer.Ordinal);

    /// <summary>Value name → its expression.</summary>
    public Dictionary<string, string> ValueExpressions { get; } = new(StringComparer.Ordinal);

    /// <summary>Band-set name → the expression banded.</summary>
    public Dictionary<string, string> BandExpressions { get; } = new(StringComparer.Ordinal);

    /// <summary>Table-output name → the table producing it.</summary>
    public Dictionary<string, string> TableOf { get; } = new(StringComparer.Ordinal);

    /// <summary>Table name → its output names in declaration order.</summary>
    public Dictionary<string, List<string>> TableOutputs { get; } = new(StringComparer.Ordinal);

    /// <summary>(table, row id) → the row's "then" object.</summary>
    public Dictionary<(string Table, string Row), JObject> TableRows { get; } = [];

    /// <summary>Scorecard names.</summary>
    public HashSet<string> Scorecards { get; } = new(StringComparer.Ordinal);

    /// <summary>Parameter name → its value.</summary>
    public Dictionary<string, JToken> Parameters { get; } = new(StringComparer.Ordinal);

    /// <summary>The outline of the rule files the rule set was loaded from, as they were read (never read again from disk).</summary>
    public static RuleSetOutline Read(RuleSet ruleSet)
    {
        var outline = new RuleSetOutline();
        foreach (var text in ruleSet.SourceFiles.Values)
        {
            try
            {
                using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
                if (JToken.ReadFrom(reader, new JsonLoadSettings { CommentHandling = CommentHandling.Ignore }) is JObject file)
                {
                    outline.Add(file);
                }
            }
            catch (Exception e) when (e is JsonException or InvalidCastException)
            {
                // The loader accepted these files; anything unexpected here just shortens the explanation.
            }
        }

        return outline;
    }

    private void Add(JObject file)
    {
        foreach (var (name, token) in Section(file, "outputs"))
        {
            if (token is JObject o && o["value"] is { Type: JTokenType.String } value)
            {
                OutputExpressions[name] = (string)value!;
            }
        }

        foreach (var (name, token) in Section(file, "values"))
        {
            var expr = token is JObject o ? o["expr"] : token;
            if (expr is { Type: JTokenType.String })
            {
                ValueExpressions[name] = (string)expr!;
            }
        }

        foreach (var (name, token) in Section(file, "bands"))
        {
            if (token is JObject o && o["value"] is { Type: JTokenType.String } value)
            {
                BandExpressions[name] = (string)value!;
            }
        }

        foreach (var (name, _) in Section(file, "scorecards"))
        {
            Scorecards.Add(name);
        }

        foreach (var (name, token) in Section(file, "parameters"))
        {
            Parameters[name] = token is JObject o && o.ContainsKey("value") ? o["value"]! : token;
        }

        foreach (var (name, token) in Section(file, "tables"))
        {
            if (token is not JObject table)
            {
                continue;
            }

            var outputs = (table["outputs"] as JObject)?.Properties().Select(p => p.Name).ToList() ?? [];
            TableOutputs[name] = outputs;
            foreach (var output in outputs)
            {
                TableOf.TryAdd(output, name);
            }

            foreach (var row in (table["rows"] as JArray ?? []).OfType<JObject>())
            {
                if (row["id"] is { Type: JTokenType.String } id && row["then"] is JObject then)
                {
                    TableRows[(name, (string)id!)] = then;
                }
            }
        }
    }

    private static IEnumerable<(string Name, JToken Token)> Section(JObject file, string name) =>
        file[name] is JObject section ? section.Properties().Select(p => (p.Name, p.Value)) : [];

    /// <summary>The names an expression mentions (identifiers and dotted paths, outside string literals), in order of first use.</summary>
    public static IReadOnlyList<string> NamesIn(string expression)
    {
        var names = new List<string>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c is '"' or '\'')
            {
                i++;
                while (i < expression.Length && expression[i] != c)
                {
                    i += expression[i] == '\\' ? 2 : 1;
                }

                i++;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] is '_' or '.'))
                {
                    i++;
                }

                var name = expression[start..i].TrimEnd('.');
                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
            else if (char.IsDigit(c))
            {
                while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] == '.'))
                {
                    i++;
                }
            }
            else
            {
                i++;
            }
        }

        return names;
    }
}
