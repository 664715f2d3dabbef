using Newtonsoft.Json.Linq;
using RiskTriage.Testing;

namespace RiskTriage.Tests.Testing;

/// <summary>Rule-test files are read as cases are: strict JSON, and dates left as the text they are.</summary>
public sealed class RuleTestsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("risktriage-ruletests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_test_file_that_is_not_strict_JSON_is_reported_with_its_place()
    {
        File.WriteAllText(Path.Combine(_folder, "octal.json"), """
            { "cases": [ { "name": "t", "case": { "age": 075 }, "expected": { } } ] }
            """);

        var tests = RuleTests.Read(_folder, out var errors);

        Assert.Empty(tests);
        var error = Assert.Single(errors);
        Assert.Contains("octal.json(1,", error, StringComparison.Ordinal);
        Assert.Contains("cases[0].case.age", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_in_a_test_file_stay_text()
    {
        File.WriteAllText(Path.Combine(_folder, "dates.json"), """
            { "cases": [ { "name": "t", "case": { "when": "2026-06-10T00:30:00+09:00" }, "expected": { } } ] }
            """);

        var test = Assert.Single(RuleTests.Read(_folder, out var errors));

        Assert.Empty(errors);
        Assert.Equal(JTokenType.String, test.Case["when"]!.Type);
    }
}
