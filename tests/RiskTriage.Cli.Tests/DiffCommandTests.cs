using System.Text.RegularExpressions;
using Newtonsoft.Json;
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
