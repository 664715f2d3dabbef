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
}
