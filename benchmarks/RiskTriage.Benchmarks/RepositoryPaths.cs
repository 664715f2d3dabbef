namespace RiskTriage.Benchmarks;

/// <summary>The repository's folders the benchmarks read, from wherever BenchmarkDotNet runs the benchmark process.</summary>
internal static class RepositoryPaths
{
    public static string Root => Shared.RepositoryRoot.Path;

    public static string ExampleRuleSet => Path.Combine(Root, "tests", "RiskTriage.Tests", "TestRuleSets", "example");

    public static string ProbationRuleSet => Path.Combine(Root, "rules", "probation");
}
