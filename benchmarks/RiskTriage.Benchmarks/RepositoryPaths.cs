namespace RiskTriage.Benchmarks;

/// <summary>Finds the repository's folders from wherever BenchmarkDotNet runs the benchmark process.</summary>
internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            {
                for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
                {
                    if (File.Exists(Path.Combine(directory.FullName, "RiskTriage.sln")))
                    {
                        return directory.FullName;
                    }
                }
            }

            throw new InvalidOperationException("cannot find RiskTriage.sln above the benchmark's directory");
        }
    }

    public static string ExampleRuleSet => Path.Combine(Root, "tests", "RiskTriage.Tests", "TestRuleSets", "example");

    public static string ProbationRuleSet => Path.Combine(Root, "rules", "probation");
}
