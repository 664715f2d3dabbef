namespace RiskTriage.Shared;

/// <summary>
/// The repository's root folder (the one holding RiskTriage.sln), found upwards from the binaries, or else from
/// the current folder (BenchmarkDotNet runs benchmarks from a generated project). Linked into the test and
/// benchmark projects, so that all of them find the rule files and test data the same way.
/// </summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Found = new(() =>
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, "RiskTriage.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("cannot find RiskTriage.sln above " + AppContext.BaseDirectory + " or " + Environment.CurrentDirectory);
    });

    public static string Path => Found.Value;
}
