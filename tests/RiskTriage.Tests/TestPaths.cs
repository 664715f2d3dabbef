namespace RiskTriage.Tests;

/// <summary>Finds the repository's folders from the test binaries, wherever the tests run.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RiskTriage.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("cannot find RiskTriage.sln above " + AppContext.BaseDirectory);
    });

    public static string RepositoryRoot => Root.Value;

    public static string TestProject => Path.Combine(RepositoryRoot, "tests", "RiskTriage.Tests");

    public static string TestRuleSet(string name) => Path.Combine(TestProject, "TestRuleSets", name);

    public static string Rules => Path.Combine(RepositoryRoot, "rules");
}
