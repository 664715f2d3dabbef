using Newtonsoft.Json.Linq;
using RiskTriage.Cli.Tests.Infrastructure;

namespace RiskTriage.Cli.Tests;

public class EvalCommandTests
{
    [Fact]
    public void Malformed_line_in_the_middle_becomes_an_error_record_in_place_and_the_batch_goes_on()
    {
        var cases = Path.Combine(Repo.TestData, "cases-with-bad-lines.ndjson");
        var result = Tool.Run("eval", Repo.Probation, cases);

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
        Assert.Equal(5, lines.Count);
        Assert.Equal(new string?[] { "C-1", "C-2", null, "C-4", "C-5" }, lines.Select(l => (string?)l["caseId"]));
        Assert.Equal(3, (int)lines[2]["line"]!);
        Assert.Equal("Invalid", (string?)lines[2]["status"]);
        Assert.Contains("line 3, column 73", (string?)lines[2]["errors"]![0]!["message"]);
        Assert.Equal("Invalid", (string?)lines[3]["status"]);
        Assert.Contains(result.Stderr.Split('\n'), l => l.EndsWith("cases-with-bad-lines.ndjson(3,73): error: not valid JSON: Invalid property identifier character: ,"));
        Golden.Verify("eval-bad-lines", result.ToGolden());
    }

    [Fact]
    public void Probation_examples_give_one_canonical_decision_per_case_in_input_order()
    {
        Assert.True(File.Exists(Repo.ProbationExamples), "the probation examples are missing: " + Repo.ProbationExamples);
        var result = Tool.Run("eval", Repo.Probation, Repo.ProbationExamples);

        var ids = JArray.Parse(File.ReadAllText(Repo.ProbationExamples)).Select(c => (string?)c["caseId"]).ToList();
        var decisions = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
        Assert.Equal(ids, decisions.Select(d => (string?)d["caseId"]));
        Assert.DoesNotContain(decisions, d => (string?)d["status"] == "Invalid");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("tier of the 12 decided cases (Complete or ReviewRequired):", result.Stderr);
        Golden.Verify("eval-probation-examples", result.ToGolden());
    }

    [Fact]
    public void Summary_names_the_rule_set_hash_and_says_which_cases_the_first_output_counts()
    {
        var hash = RuleSet.Load(Repo.Probation).Identity.Hash;
        var result = Tool.Run("eval", Repo.Probation, Path.Combine(Repo.TestData, "cases-with-bad-lines.ndjson"));

        Assert.Contains($"5 cases evaluated with probation 1.0.0 ({hash})\n", result.Stderr);
        Assert.Contains("tier of the 3 decided cases (Complete or ReviewRequired; the 2 invalid cases have no outputs):\n", result.Stderr);
    }

    [Fact]
    public void Parallel_evaluation_keeps_input_order_and_matches_sequential_output()
    {
        using var temp = new TempDir();
        var cases = temp.File("many.ndjson");
        var vectors = TierVectorCases();
        var ids = new List<string>();
        using (var writer = new StreamWriter(cases))
        {
            for (var copy = 0; copy < 6; copy++)
            {
                foreach (var @case in vectors)
                {
                    var c = (JObject)@case.DeepClone();
                    c["caseId"] = $"{c["caseId"]}#{copy}";
                    ids.Add((string)c["caseId"]!);
                    writer.WriteLine(c.ToString(Newtonsoft.Json.Formatting.None));
                }
            }
        }

        var parallel = Tool.Run("eval", Repo.Probation, cases, "--parallel", "4", "--out", temp.File("parallel.ndjson"));
        var sequential = Tool.Run("eval", Repo.Probation, cases, "--parallel", "1", "--out", temp.File("sequential.ndjson"));

        Assert.Equal(0, parallel.ExitCode);
        Assert.Equal(0, sequential.ExitCode);
        Assert.Equal("", parallel.Stdout);
        var parallelLines = File.ReadAllLines(temp.File("parallel.ndjson"));
        Assert.Equal(File.ReadAllLines(temp.File("sequential.ndjson")), parallelLines);
        Assert.Equal(ids, parallelLines.Select(l => (string?)JObject.Parse(l)["caseId"]));
        Assert.Contains($"{ids.Count:N0} cases evaluated", parallel.Stderr);
    }

    [Fact]
    public void Cases_can_come_from_standard_input()
    {
        var input = string.Join('\n', TierVectorCases().Take(3).Select(c => c.ToString(Newtonsoft.Json.Formatting.None)));
        var fromDash = Tool.RunWithInput(input, "eval", Repo.Probation, "-");
        var fromNothing = Tool.RunWithInput(input, "eval", Repo.Probation);

        Assert.Equal(0, fromDash.ExitCode);
        Assert.Equal(3, fromDash.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(fromDash.Stdout, fromNothing.Stdout);
    }

    [Fact]
    public void A_json_array_that_breaks_off_ends_with_an_error_record_and_a_file_error()
    {
        var result = Tool.Run("eval", Repo.Probation, Path.Combine(Repo.TestData, "cases-truncated.json"));

        Assert.Equal(1, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("T-1", (string?)lines[0]["caseId"]);
        Assert.Equal(4, (int)lines[1]["line"]!);
        Golden.Verify("eval-truncated-array", result.ToGolden());
    }

    [Fact]
    public void A_pretty_printed_single_case_is_one_case()
    {
        var result = Tool.Run("eval", Repo.Probation, Path.Combine(Repo.TestData, "one-case-pretty.json"), "--trace", "summary");

        Assert.Equal(0, result.ExitCode);
        var decision = JObject.Parse(result.Stdout.Trim());
        Assert.Equal("P-1", (string?)decision["caseId"]);
        Assert.NotNull(decision["trace"]);
    }

    [Fact]
    public void Full_trace_carries_operands()
    {
        var result = Tool.Run("eval", Repo.Probation, Path.Combine(Repo.TestData, "one-case-pretty.json"), "--trace", "full");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"operands\":", result.Stdout);
    }

    internal static List<JObject> TierVectorCases() =>
        ((JArray)JObject.Parse(File.ReadAllText(Repo.TierVectors))["cases"]!).Select(t => (JObject)t["case"]!).ToList();
}
