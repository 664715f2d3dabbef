using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace RiskTriage.Tests.Probation;

/// <summary>
/// rules/probation/INPUTS.md documents exactly the inputs ruleset.json declares (every field, nested field and
/// allowed value), and README.md's output table exactly its outputs, so the documents cannot drift from the rules.
/// </summary>
public sealed partial class InputContractDocsTests
{
    private static string Folder => ProbationRuleSetTests.ProbationPath;

    private static JObject Declared(string section) =>
        (JObject)JObject.Parse(File.ReadAllText(Path.Combine(Folder, "ruleset.json")))[section]!;

    [Fact]
    public void Inputs_md_lists_every_declared_input_and_nothing_else()
    {
        var rows = TableRows(File.ReadAllText(Path.Combine(Folder, "INPUTS.md")), "| Field |");
        var documented = rows.SelectMany(r => Names(r.FirstCell)).Where(n => !n.Contains('.', StringComparison.Ordinal)).ToHashSet();

        var declared = Declared("inputs").Properties().Select(p => p.Name).ToHashSet();

        Assert.Empty(declared.Except(documented));
        Assert.Empty(documented.Except(declared));
    }

    [Fact]
    public void Inputs_md_gives_every_nested_field_and_allowed_value_in_its_inputs_rows()
    {
        var rows = TableRows(File.ReadAllText(Path.Combine(Folder, "INPUTS.md")), "| Field |");
        var missing = new List<string>();
        foreach (var input in Declared("inputs").Properties())
        {
            // The input's own row and the rows of its dotted fields (ogrs3.offenceCategory).
            var text = string.Join("\n", rows
                .Where(r => Names(r.FirstCell).Any(n => n == input.Name || n.StartsWith(input.Name + ".", StringComparison.Ordinal)))
                .Select(r => r.Line));
            foreach (var word in DeclaredWords(input.Value))
            {
                if (!text.Contains('`' + word + '`', StringComparison.Ordinal) && !text.Contains("." + word + '`', StringComparison.Ordinal))
                {
                    missing.Add($"{input.Name}: `{word}`");
                }
            }
        }

        Assert.True(missing.Count == 0, "INPUTS.md does not name these declared fields or values:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Readme_output_table_lists_every_declared_output_and_nothing_else()
    {
        var rows = TableRows(File.ReadAllText(Path.Combine(Folder, "README.md")), "| Output | Values |");
        var documented = rows.SelectMany(r => Names(r.FirstCell)).ToHashSet();

        var declared = Declared("outputs").Properties().Select(p => p.Name).ToHashSet();

        Assert.Empty(declared.Except(documented));
        Assert.Empty(documented.Except(declared));
    }

    [Fact]
    public void The_example_in_inputs_md_is_a_valid_case()
    {
        var markdown = File.ReadAllText(Path.Combine(Folder, "INPUTS.md"));
        var example = JsonBlock().Match(markdown);
        Assert.True(example.Success, "INPUTS.md has no ```json example");

        // Rejecting undeclared fields, so a misspelt field in the example makes it invalid.
        var strict = RuleSet.Load(Folder, new RuleSetOptions { UnknownFields = UnknownFieldHandling.Reject });
        var decision = strict.Evaluate(example.Groups["json"].Value);

        Assert.True(decision.Status != DecisionStatus.Invalid, decision.ToJson());
        Assert.Equal("EX-02", decision.CaseId);
    }

    // The names and enumeration values a declaration introduces: nested property names and allowed values.
    private static IEnumerable<string> DeclaredWords(JToken declaration)
    {
        if (declaration is not JObject o)
        {
            yield break;
        }

        foreach (var value in o["enum"]?.Values<string>() ?? [])
        {
            yield return value!;
        }

        if (o["properties"] is JObject properties)
        {
            foreach (var property in properties.Properties())
            {
                yield return property.Name;
                foreach (var word in DeclaredWords(property.Value))
                {
                    yield return word;
                }
            }
        }

        if (o["items"] is { } items)
        {
            foreach (var word in DeclaredWords(items))
            {
                yield return word;
            }
        }
    }

    // The rows of the first Markdown table whose header line starts with the given text.
    private static List<(string Line, string FirstCell)> TableRows(string markdown, string header)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith(header, StringComparison.Ordinal));
        Assert.True(start >= 0, $"no table with the header '{header}'");
        return lines.Skip(start + 2)
            .TakeWhile(l => l.StartsWith('|'))
            .Select(l => (l, l.Split('|')[1]))
            .ToList();
    }

    private static IEnumerable<string> Names(string cell) => BackTicked().Matches(cell).Select(m => m.Groups[1].Value);

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex BackTicked();

    [GeneratedRegex("```json\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
