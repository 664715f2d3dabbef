namespace RiskTriage.Tests;

/// <summary>Finds the repository's folders from the test binaries, wherever the tests run.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot => Shared.RepositoryRoot.Path;

    public static string TestProject => Path.Combine(RepositoryRoot, "tests", "RiskTriage.Tests");

    public static string TestRuleSet(string name) => Path.Combine(TestProject, "TestRuleSets", name);

    public static string Rules => Path.Combine(RepositoryRoot, "rules");
}
