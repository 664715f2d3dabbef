namespace RiskTriage.Cli.Tests.Infrastructure;

/// <summary>Finds the repository's folders from the test binaries, wherever the tests run.</summary>
internal static class Repo
{
    public static string Root => Shared.RepositoryRoot.Path;

    public static string Probation => Path.Combine(Root, "rules", "probation");

    public static string ProbationExamples => Path.Combine(Probation, "examples", "cases.json");

    public static string TierVectors => Path.Combine(Probation, "tests", "tier-vectors.json");

    public static string TestProject => Path.Combine(Root, "tests", "RiskTriage.Cli.Tests");

    public static string TestData => Path.Combine(TestProject, "TestData");

    public static string Golden => Path.Combine(TestProject, "Golden");
}

/// <summary>A temporary folder deleted when the test ends.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "risktriage-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Copies a folder (recursively) into the temporary folder and returns the copy's path.</summary>
    public string Copy(string folder, string name)
    {
        var target = File(name);
        foreach (var source in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var destination = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(folder, source));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            System.IO.File.Copy(source, destination);
        }

        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
