using Newtonsoft.Json.Linq;
using RiskTriage.Cli.Tests.Infrastructure;

namespace RiskTriage.Cli.Tests;

public sealed class AuditCommandTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly string _rules;

    public AuditCommandTests()
    {
        _rules = _temp.File("rules.json");
        File.WriteAllText(_rules, """
            { "ruleSet": { "name": "holed", "version": "1" },
              "inputs": { "caseId": "string", "score": "number", "sara": { "type": "string", "enum": ["LOW", "HIGH"], "required": true } },
              "rules": [ { "id": "high", "when": "score >= 60 || sara == 'HIGH'", "then": [ { "set": "level", "to": "HIGH" } ] } ],
              "outputs": { "level": { "type": "string", "enum": ["LOW", "HIGH"], "order": "ascending", "value": "'LOW'" } } }
            """);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Findings_are_printed_like_diagnostics_and_fail_the_run()
    {
        var cases = _temp.File("cases.ndjson");
        File.WriteAllLines(cases, ["""{ "caseId": "a", "score": 10, "sara": "LOW" }""", """{ "caseId": "b", "sara": "LOW" }""", """{ "caseId": "c", "score": "x" }"""]);

        var result = Tool.Run("audit", _rules, cases);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                $"{cases}(2): error RT0383: case b: with 'score' missing, level is LOW (complete); score = 60 gives HIGH (could be higher)",
                $"{cases}(3): error RT0384: case c not audited: the case is invalid (score: " ,
            ],
            result.Stdout.Split('\n').Take(2).Select((l, i) => i == 1 ? l[..l.IndexOf("(score: ", StringComparison.Ordinal)] + "(score: " : l.TrimEnd('\r')));
        Assert.Contains("holed 1: 1 fail-safe finding in 3 cases, 1 not audited (", result.Stdout);
    }

    [Fact]
    public void A_required_input_routed_to_review_is_no_finding_and_a_clean_batch_exits_zero()
    {
        var cases = _temp.File("cases.json");
        File.WriteAllText(cases, """[ { "caseId": "a", "score": 10 } ]""");

        var result = Tool.Run("audit", _rules, cases);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("holed 1: 0 fail-safe findings in 1 case (", result.Stdout);
    }

    [Fact]
    public void Json_gives_each_finding_with_its_values_for_tools()
    {
        var cases = _temp.File("cases.ndjson");
        File.WriteAllText(cases, """{ "caseId": "b", "sara": "LOW" }""" + "\n");

        var result = Tool.Run("audit", _rules, cases, "--json", "--remove-present");

        Assert.Equal(1, result.ExitCode);
        var document = JObject.Parse(result.Stdout);
        var finding = (JObject)Assert.Single((JArray)document["findings"]!);
        Assert.Equal(("b", 1L, "score", "level", "Complete", "LOW", "HIGH", 60L, true),
            ((string?)finding["caseId"], (long)finding["line"]!, (string?)finding["input"], (string?)finding["output"], (string?)finding["missingStatus"],
             (string?)finding["missingValue"], (string?)finding["worstValue"], (long)finding["probe"]!, (bool)finding["ordered"]!));
        Assert.False((bool)document["truncated"]!);
    }
}
