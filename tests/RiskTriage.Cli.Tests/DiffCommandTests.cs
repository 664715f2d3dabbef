using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Cli.Tests.Infrastructure;

namespace RiskTriage.Cli.Tests;

public class DiffCommandTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly string _moved;
    private readonly string _cases;

    public DiffCommandTests()
    {
        // The new rule set: the probation rules with the high-RSR threshold moved from 7.0 to 6.0.
        _moved = _temp.Copy(Repo.Probation, "probation-rsr-6");
        var tiering = Path.Combine(_moved, "tiering.json");
        var text = File.ReadAllText(tiering);
        const string from = "\"rsrHighMin\": {\"value\": 7.0,";
        Assert.True(text.Contains(from, StringComparison.Ordinal), "tiering.json no longer declares " + from);
        File.WriteAllText(tiering, text.Replace(from, "\"rsrHighMin\": {\"value\": 6.0,", StringComparison.Ordinal));

        _cases = _temp.File("tier-cases.ndjson");
        File.WriteAllLines(_cases, EvalCommandTests.TierVectorCases().Select(c => c.ToString(Formatting.None)));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Moving_a_threshold_reports_the_changed_decisions_and_tier_transitions()
    {
        var result = Tool.Run("diff", Repo.Probation, _moved, _cases);

        Assert.Equal(0, result.ExitCode);

        // The same comparison made directly with the engine.
        var before = RuleSet.Load(Repo.Probation);
        var after = RuleSet.Load(_moved);
        var lines = File.ReadAllLines(_cases);
        var changed = 0;
        var tierMoves = new Dictionary<(string, string), int>();
        foreach (var line in lines)
        {
            var a = before.Evaluate(line);
            var b = after.Evaluate(line);
            if (a.ToJson().Replace(a.RuleSet.Hash, "") != b.ToJson().Replace(b.RuleSet.Hash, ""))
            {
                changed++;
            }

            var (from, to) = (a["tier"].ToString(), b["tier"].ToString());
            tierMoves[(from, to)] = tierMoves.GetValueOrDefault((from, to)) + 1;
        }

        Assert.True(changed > 0, "moving rsrHighMin changed no tier-vector decision");
        Assert.Contains($"changed decisions: {changed} of {lines.Length} ", result.Stdout);
        var matrix = ParseMatrix(result.Stdout, "tier");
        Assert.Equal(tierMoves.Where(p => p.Value > 0).OrderBy(p => p.Key).ToList(), matrix.OrderBy(p => p.Key).ToList());
        Assert.Contains("  v2-bdd-rsr-6.9: tier C2 -> B2; protectLevel C -> B", result.Stdout);
        Golden.Verify("diff-rsr-high-min", result.ToGolden((_temp.Path, "<tmpdir>")));
    }

    [Fact]
    public void Html_report_is_one_self_contained_file()
    {
        var html = _temp.File("report.html");
        var result = Tool.Run("diff", Repo.Probation, _moved, _cases, "--html", html);

        Assert.Equal(0, result.ExitCode);
        var text = File.ReadAllText(html);
        Assert.StartsWith("<!DOCTYPE html>", text);
        Assert.Contains("<svg", text);
        Assert.Contains("<style>", text);
        Assert.Contains("<table class=\"matrix\">", text);
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("v2-bdd-rsr-6.9", text);
        Assert.Contains("<section id=\"rule-changes\">", text);
        Assert.Contains("<code>parameter rsrHighMin</code>", text);
        Assert.Contains("<td class=\"old\"><code>7.0</code></td><td class=\"new\"><code>6.0</code></td>", text);
    }

    [Fact]
    public void Outputs_option_chooses_the_matrices()
    {
        var result = Tool.Run("diff", Repo.Probation, _moved, _cases, "--outputs", "protectPoints,programmePathway", "--limit", "0");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("protectPoints: 1 of 250 changed", result.Stdout);
        Assert.DoesNotContain("\ntier: ", result.Stdout);
        Assert.Contains("unchanged: programmePathway", result.Stdout);
        Assert.DoesNotContain("changed cases", result.Stdout);
    }

    [Fact]
    public void Same_rule_set_changes_nothing()
    {
        var result = Tool.Run("diff", Repo.Probation, Repo.Probation, _cases);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("changed decisions: 0 of 250 (0%)", result.Stdout);
        Assert.Contains("no output changed", result.Stdout);
    }

    [Fact]
    public void Report_lists_the_rule_changes_with_old_and_new_values_and_where_they_are_written()
    {
        var result = Tool.Run("diff", Repo.Probation, _moved, _cases, "--limit", "0");

        var line = LineOf(Path.Combine(_moved, "tiering.json"), "\"rsrHighMin\"");
        Assert.Contains($"rule changes: 1 (old -> new)\n  changed  parameter rsrHighMin (tiering.json:{line})\n             value: 7.0 -> 6.0\n", result.Stdout);
        Assert.Contains("note   both are probation 1.0.0 but the rule files differ: raise the version of the new rule set\n", result.Stdout);
    }

    [Fact]
    public void Rule_level_changes_cover_table_rows_bands_rules_scorecard_rows_and_outputs()
    {
        var copy = _temp.Copy(Repo.Probation, "probation-edited");
        Edit(copy, "tiering.json", "{\"id\": \"level-1\", \"when\": [true, true, \"< changeLevel2Min\"], \"then\": {\"changeLevel\": 1}}",
            "{\"id\": \"level-1\", \"when\": [true, true, \"< changeLevel2Min\"], \"then\": {\"changeLevel\": 2}}");
        Edit(copy, "tiering.json", "{\"id\": \"mappa\", \"when\": \"mappaPoints > 0\", \"points\": \"mappaPoints\", \"reason\": \"MAPPA level\"},", "");
        Edit(copy, "ruleset.json", "\"protectLevel\": {\"type\": \"string\", \"enum\": [\"A\", \"B\", \"C\", \"D\"], \"order\": \"descending\",",
            "\"protectLevel\": {\"type\": \"string\", \"enum\": [\"A\", \"B\", \"C\", \"D\"],");
        Edit(copy, "tiering.json", "\"rules\": [\n", "\"rules\": [\n    {\"id\": \"extra\", \"when\": \"rsrScore > 99\", \"then\": [{\"review\": \"EXTRA\", \"message\": \"m\"}]},\n");

        var result = Tool.Run("diff", Repo.Probation, copy, _cases, "--limit", "0");

        Assert.Equal(0, result.ExitCode);
        var tiering = Path.Combine(copy, "tiering.json");
        Assert.Contains($"  changed  table changeLevel row level-1 (tiering.json:{LineOf(tiering, "\"id\": \"level-1\"")})\n             then: {{\"changeLevel\":1}} -> {{\"changeLevel\":2}}\n", result.Stdout);
        Assert.Contains($"  removed  scorecard protectPoints row mappa (tiering.json:{LineOf(Path.Combine(Repo.Probation, "tiering.json"), "\"id\": \"mappa\"")})\n             id: \"mappa\"\n", result.Stdout);
        Assert.Contains($"  changed  output protectLevel (ruleset.json:{LineOf(Path.Combine(copy, "ruleset.json"), "\"protectLevel\"")})\n             order: \"descending\" -> (not written)\n", result.Stdout);
        Assert.Contains($"  added    rule extra (tiering.json:{LineOf(tiering, "\"id\": \"extra\"")})\n             id: \"extra\"\n             when: \"rsrScore > 99\"\n", result.Stdout);
        Assert.Contains("rule changes: 4 (old -> new)", result.Stdout);
    }

    [Fact]
    public void Rule_level_changes_cover_the_declaration_and_short_forms_file_by_file()
    {
        string RuleSet(string name, string description, string mType, string twice)
        {
            var folder = Path.Combine(_temp.Path, name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "a.json"), $$"""
                {
                  "inputs": { "caseId": "string", "n": "number", "m": "{{mType}}" },
                  "values": { "twice": "{{twice}}" }
                }
                """);
            File.WriteAllText(Path.Combine(folder, "b.json"), $$"""
                {
                  "ruleSet": { "name": "small", "version": "1"{{description}} },
                  "outputs": { "twice": "number" }
                }
                """);
            return folder;
        }

        var old = RuleSet("small-old", "", "number", "n * 2");
        var now = RuleSet("small-new", ", \"description\": \"d\"", "string", "n + n");
        var cases = _temp.File("small.ndjson");
        File.WriteAllText(cases, "{\"caseId\": \"c1\", \"n\": 2}\n");

        var result = Tool.Run("diff", old, now, cases, "--limit", "0");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("""
            rule changes: 3 (old -> new)
              changed  input m (a.json:2)
                         type: "number" -> "string"
              changed  value twice (a.json:3)
                         expr: "n * 2" -> "n + n"
              changed  rule set declaration (b.json:2)
                         description: (not written) -> "d"

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public void Ordered_outputs_say_whether_they_were_raised_or_lowered_and_a_tier_only_that_it_changed()
    {
        var result = Tool.Run("diff", Repo.Probation, _moved, _cases, "--limit", "0");

        // Moving the RSR threshold down moves v2-bdd-rsr-6.9 from C2 to B2: protect level and points up, the tier has no order.
        Assert.Matches(@"\n  tier +1 +- +-\n", result.Stdout);
        Assert.Matches(@"\n  protectLevel +1 +1 +0\n", result.Stdout);
        Assert.Matches(@"\n  protectPoints +1 +1 +0\n", result.Stdout);
        Assert.Matches(@"\n  practitionerGrade +1 +1 +0\n", result.Stdout);
        Assert.Matches(@"\n  workloadPoints +1 +1 +0\n", result.Stdout);

        // The reverse change lowers them.
        var back = Tool.Run("diff", _moved, Repo.Probation, _cases, "--limit", "0");
        Assert.Matches(@"\n  protectLevel +1 +0 +1\n", back.Stdout);
    }

    [Fact]
    public void By_option_counts_cases_changed_raised_and_lowered_per_value_with_missing_as_its_own_group()
    {
        var lines = File.ReadAllLines(_cases).ToList();
        var noGender = JObject.Parse(lines.First(l => l.Contains("v2-bdd-rsr-6.9", StringComparison.Ordinal)));
        noGender.Remove("gender");
        noGender["caseId"] = "no-gender-rsr-6.9";
        lines.Add(noGender.ToString(Formatting.None));
        var cases = _temp.File("with-missing-gender.ndjson");
        File.WriteAllLines(cases, lines);

        var result = Tool.Run("diff", Repo.Probation, _moved, cases, "--by", "gender", "--limit", "0");

        Assert.Equal(0, result.ExitCode);
        var before = RuleSet.Load(Repo.Probation);
        var after = RuleSet.Load(_moved);
        var expected = new Dictionary<string, (int Cases, int Changed)>();
        foreach (var line in lines)
        {
            var gender = (string?)JObject.Parse(line)["gender"] ?? "(missing)";
            var changed = before.Evaluate(line).ToJson().Replace(before.Identity.Hash, "") != after.Evaluate(line).ToJson().Replace(after.Identity.Hash, "");
            var (n, c) = expected.GetValueOrDefault(gender);
            expected[gender] = (n + 1, c + (changed ? 1 : 0));
        }

        Assert.Contains("impact by gender (", result.Stdout);
        Assert.True(expected.ContainsKey("(missing)") && expected.Count == 3, "expected Male, Female and missing genders");
        foreach (var (gender, (n, c)) in expected)
        {
            // Every changed case here is a protect level raised by the lower threshold.
            Assert.Matches($@"\n  {Regex.Escape(gender)} +{n} +{c} +{c} +0  \(", result.Stdout);
        }

        Assert.True(result.Stdout.IndexOf("  (missing) ", StringComparison.Ordinal) > result.Stdout.IndexOf("  Male ", StringComparison.Ordinal), "the missing group comes last");
    }

    [Fact]
    public void By_option_that_names_no_input_lists_the_inputs()
    {
        var result = Tool.Run("diff", Repo.Probation, _moved, _cases, "--by", "sex");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("risktriage: --by 'sex': 'sex' is not an input of either rule set; the inputs are caseId, asOfDate, gender, ", result.Stderr);
    }

    private static void Edit(string folder, string file, string from, string to)
    {
        var path = Path.Combine(folder, file);
        var text = File.ReadAllText(path);
        Assert.True(text.Contains(from, StringComparison.Ordinal), $"{file} no longer holds {from}");
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    private static int LineOf(string file, string text)
    {
        var index = Array.FindIndex(File.ReadAllLines(file), l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, $"{file} does not hold {text}");
        return index + 1;
    }

    /// <summary>Reads the non-empty cells of an output's text matrix as (old, new) → count.</summary>
    private static Dictionary<(string, string), int> ParseMatrix(string report, string output)
    {
        var lines = report.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith(output + ": ", StringComparison.Ordinal));
        Assert.True(start >= 0, $"no matrix for {output}");
        var columns = Regex.Split(lines[start + 1].Trim(), @"\s+").Skip(3).ToArray(); // "old \ new" then the values
        var cells = new Dictionary<(string, string), int>();
        for (var i = start + 2; i < lines.Length && lines[i].StartsWith("  ", StringComparison.Ordinal); i++)
        {
            var parts = Regex.Split(lines[i].Trim(), @"\s+");
            for (var j = 1; j < parts.Length; j++)
            {
                if (parts[j] != ".")
                {
                    cells[(parts[0], columns[j - 1])] = int.Parse(parts[j].Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        return cells;
    }
}
