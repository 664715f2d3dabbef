using Newtonsoft.Json.Linq;
using RiskTriage.Cli.Tests.Infrastructure;

namespace RiskTriage.Cli.Tests;

public class ExplainCommandTests
{
    [Theory]
    [InlineData("EX-01-mappa-custody")]
    [InlineData("EX-07-woman-no-assessment")]
    public void Explains_one_probation_example(string caseId)
    {
        using var temp = new TempDir();
        var @case = JArray.Parse(File.ReadAllText(Repo.ProbationExamples)).Cast<JObject>().SingleOrDefault(c => (string?)c["caseId"] == caseId);
        Assert.True(@case is not null, $"the probation examples no longer hold {caseId}");
        var file = temp.File(caseId + ".json");
        File.WriteAllText(file, @case!.ToString());

        var result = Tool.Run("explain", Repo.Probation, file);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Case      {caseId}", result.Stdout);
        Assert.Contains("Outputs\n  tier = ", result.Stdout);
        Assert.Contains("Scorecards (rows that scored)", result.Stdout);
        Assert.Contains("Tables (rows matched, with the column values)", result.Stdout);
        Golden.Verify("explain-" + caseId, result.ToGolden((temp.Path, "<case-dir>")));
    }

    [Fact]
    public void Reads_the_case_from_standard_input()
    {
        var @case = File.ReadAllText(Path.Combine(Repo.TestData, "one-case-pretty.json"));
        var result = Tool.RunWithInput(@case, "explain", Repo.Probation, "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Case      P-1", result.Stdout);
    }

    [Fact]
    public void Malformed_case_is_one_line_with_line_and_column()
    {
        var file = Path.Combine(Repo.TestData, "case-malformed.json");
        var result = Tool.Run("explain", Repo.Probation, file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal($"{file}(4,3): error: not valid JSON: After parsing a value an unexpected character was encountered: \"\n", result.Stderr);
    }

    [Fact]
    public void Invalid_case_is_explained_with_its_errors()
    {
        var result = Tool.RunWithInput("""{"caseId": "W-1", "asOfDate": "2026-01-01", "gender": "Male", "rsrScore": "high"}""", "explain", Repo.Probation, "-");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Status    Invalid", result.Stdout);
        Assert.Contains("rsrScore: expected number but found text \"high\"", result.Stdout);
    }

    [Fact]
    public void Case_option_picks_one_case_out_of_a_json_array()
    {
        using var temp = new TempDir();
        var single = temp.File("one.json");
        File.WriteAllText(single, Example("EX-07-woman-no-assessment").ToString());

        var picked = Tool.Run("explain", Repo.Probation, Repo.ProbationExamples, "--case", "EX-07-woman-no-assessment");
        var alone = Tool.Run("explain", Repo.Probation, single);

        Assert.Equal(0, picked.ExitCode);
        Assert.Equal("", picked.Stderr);
        Assert.Contains("Case      EX-07-woman-no-assessment", picked.Stdout);
        Assert.Equal(alone.Stdout, picked.Stdout);
    }

    [Fact]
    public void Case_option_picks_one_case_out_of_ndjson_and_standard_input()
    {
        var ndjson = string.Join('\n', JArray.Parse(File.ReadAllText(Repo.ProbationExamples)).Select(c => c.ToString(Newtonsoft.Json.Formatting.None)));

        var picked = Tool.RunWithInput(ndjson, "explain", Repo.Probation, "-", "--case", "EX-01-mappa-custody");

        Assert.Equal(0, picked.ExitCode);
        Assert.Contains("Case      EX-01-mappa-custody", picked.Stdout);
        Assert.Contains("tier = A3", picked.Stdout);
    }

    [Fact]
    public void Case_id_that_is_not_in_the_batch_names_the_ids_there()
    {
        var result = Tool.Run("explain", Repo.Probation, Repo.ProbationExamples, "--case", "EX-99");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(
            $"risktriage: no case with the id 'EX-99' in {Repo.ProbationExamples}; it holds 13 cases; the first 8 of 13 ids are "
            + "'EX-01-mappa-custody', 'EX-02-mappa-unpaid-work-only', 'EX-03-high-rsr-ldc-community', 'EX-04-probation-reset', "
            + "'EX-05-medium-rosh-complexity', 'EX-06-low-risk', 'EX-07-woman-no-assessment', 'EX-08-high-need-change'\n",
            result.Stderr);
    }

    [Fact]
    public void Case_id_that_appears_twice_is_an_error_naming_both_lines()
    {
        using var temp = new TempDir();
        var (file, result) = ExplainInBatch(temp, "C-1",
            """{"caseId": "C-1", "asOfDate": "2026-01-01", "gender": "Male"}""",
            """{"caseId": "C-2", "asOfDate": "2026-01-01", "gender": "Male"}""",
            """{"caseId": "C-1", "asOfDate": "2026-01-01", "gender": "Female"}""");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal($"risktriage: the case id 'C-1' appears 2 times in {file} (lines 1, 3); explain needs one case: make the ids unique, or keep one of the cases in a file of its own\n", result.Stderr);
    }

    [Fact]
    public void Case_id_missing_from_a_batch_with_unreadable_and_anonymous_cases_counts_them()
    {
        using var temp = new TempDir();
        var (file, result) = ExplainInBatch(temp, "nope",
            """{"caseId": "C-1", "asOfDate": "2026-01-01", "gender": "Male"}""",
            """not json""",
            """{"asOfDate": "2026-01-01", "gender": "Male"}""");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"risktriage: no case with the id 'nope' in {file}; it holds 3 cases; the only id is 'C-1'; 1 has no id; 1 could not be read\n", result.Stderr);
    }

    [Fact]
    public void A_batch_without_case_option_says_how_to_pick_one()
    {
        var result = Tool.Run("explain", Repo.Probation, Repo.ProbationExamples);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"{Repo.ProbationExamples}(1,1): error: explain takes one case {{ ... }}, but the file holds a list; pick one with --case <caseId>, or use 'risktriage eval' for the batch\n", result.Stderr);
    }

    /// <summary>Writes the lines as an NDJSON batch and explains the case with the given id in it.</summary>
    private static (string File, CliResult Result) ExplainInBatch(TempDir temp, string caseId, params string[] lines)
    {
        var file = temp.File("batch.ndjson");
        File.WriteAllLines(file, lines);
        return (file, Tool.Run("explain", Repo.Probation, file, "--case", caseId));
    }

    private static JObject Example(string caseId)
    {
        var @case = JArray.Parse(File.ReadAllText(Repo.ProbationExamples)).Cast<JObject>().SingleOrDefault(c => (string?)c["caseId"] == caseId);
        Assert.True(@case is not null, $"the probation examples no longer hold {caseId}");
        return @case!;
    }
}
