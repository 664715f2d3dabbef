using System.Text.RegularExpressions;

namespace RiskTriage.Tests;

/// <summary>
/// The repository is self-contained: a clone with nothing beside it builds, tests and runs. No file that is built,
/// run, tested or read as documentation may refer to a path outside the repository.
/// </summary>
public sealed class SelfContainedRepositoryTests
{
    // The folders and root files whose content is built, run, tested or documents the project.
    private static readonly string[] ScannedFolders = ["src", "tests", "benchmarks", "rules"];
    private static readonly string[] ScannedRootFiles =
        ["README.md", "Directory.Build.props", "Directory.Packages.props", "RiskTriage.nuspec", "RiskTriage.sln", "global.json"];

    // Build and test output, and the files .gitignore keeps out of the repository.
    private static readonly string[] SkippedFolders = ["bin", "obj", "TestResults", "BenchmarkDotNet.Artifacts"];
    private static readonly string[] SkippedSuffixes = [".received.json", ".received.txt"];

    // This file holds examples of what the check must catch, so it is the one file not scanned.
    private const string ThisFile = "tests/RiskTriage.Tests/SelfContainedRepositoryTests.cs";

    [Fact]
    public void No_file_refers_to_a_path_outside_the_repository()
    {
        var findings = new List<string>();
        var scanned = 0;
        foreach (var file in ScannedFiles())
        {
            var text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, file));
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                continue; // binary
            }

            scanned++;
            findings.AddRange(OutsideReferences.Find(file, text));
        }

        Assert.True(scanned > 300, $"only {scanned} files were scanned; is {TestPaths.RepositoryRoot} the repository?");
        Assert.True(findings.Count == 0,
            "These files refer to paths outside the repository (a clone has nothing beside it). Put what they need in the repository, or name it without a path:\n"
            + string.Join("\n", findings));
    }

    [Theory]
    [InlineData("rules/probation/README.md", "see [the contract](../../../sha" + "red/domain/README.md#inputs)", "climbs 1 folder above the repository root")]
    [InlineData("rules/probation/README.md", "[links](../../README.md) and [up](../EXPRESSIONS.md) stay inside", null)]
    [InlineData("rules/probation/tests/tier-vectors.json", "\"description\": \"Generated from ../sha" + "red/domain/tier-cases.json\"", "the domain folder beside the repository")]
    [InlineData("tests/RiskTriage.Tests/Probation/DomainVectors.cs", "string candidate = Path.Combine(directory.FullName, \"shared\", \"domain\");", "the domain folder beside the repository")]
    [InlineData("tests/RiskTriage.Tests/Probation/DomainVectors.cs", "// the material is in sha" + "red/domain next to the clone", "the domain folder beside the repository")]
    [InlineData("tests/RiskTriage.Tests/RiskTriage.Tests.csproj", "<Compile Include=\"..\\Shared\\RepositoryRoot.cs\" />", null)]
    [InlineData("tests/PackageConsumer/nuget.config", "<add key=\"local\" value=\"../../artifacts/packages\" />", null)]
    [InlineData("tests/PackageConsumer/nuget.config", "<add key=\"local\" value=\"..\\..\\..\\packages\" />", "climbs 1 folder above the repository root")]
    [InlineData("README.md", "open ../RiskTriage-data/cases.json", "climbs 1 folder above the repository root")]
    [InlineData("src/RiskTriage/RuleSet.cs", "// read from /work/sha" + "red/domain/tier-cases.json", "an absolute path on one machine")]
    [InlineData("README.md", "cp rules/x /home/me/rules", "an absolute path on one machine")]
    [InlineData("README.md", "C:\\Users\\me\\rules", "an absolute path on one machine")]
    [InlineData("README.md", "see https://github.com/ministryofjustice/hmpps-tier/tree/main/home/tmp/x and Probation Reset (1/2) ... /3", null)]
    [InlineData("tests/RiskTriage.Tests/Expressions/SandboxTests.cs", "System.IO.File.ReadAllText(\"/etc/passwd\")", null)]
    public void The_check_finds_references_outside_the_repository(string file, string text, string? expected)
    {
        var findings = OutsideReferences.Find(file, text);

        if (expected is null)
        {
            Assert.Empty(findings);
        }
        else
        {
            var finding = Assert.Single(findings);
            Assert.StartsWith(file + "(1): ", finding, StringComparison.Ordinal);
            Assert.Contains(expected, finding, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> ScannedFiles()
    {
        var root = TestPaths.RepositoryRoot;
        foreach (var name in ScannedRootFiles)
        {
            Assert.True(File.Exists(Path.Combine(root, name)), $"{name} is missing from {root}");
            yield return name;
        }

        foreach (var folder in ScannedFolders)
        {
            var pending = new Stack<string>([Path.Combine(root, folder)]);
            while (pending.TryPop(out var directory))
            {
                foreach (var child in Directory.EnumerateDirectories(directory))
                {
                    if (!SkippedFolders.Contains(Path.GetFileName(child), StringComparer.OrdinalIgnoreCase))
                    {
                        pending.Push(child);
                    }
                }

                foreach (var file in Directory.EnumerateFiles(directory))
                {
                    var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                    if (relative != ThisFile && !SkippedSuffixes.Any(s => relative.EndsWith(s, StringComparison.Ordinal)))
                    {
                        yield return relative;
                    }
                }
            }
        }
    }
}

/// <summary>Finds references to paths outside the repository in the text of a repository file.</summary>
internal static partial class OutsideReferences
{
    /// <summary>
    /// One line per reference: <c>file(line): what</c>. <paramref name="file"/> is the file's path relative to the
    /// repository root, with <c>/</c>; relative paths in its text are resolved against its folder.
    /// </summary>
    public static IReadOnlyList<string> Find(string file, string text)
    {
        var depth = file.Count(c => c == '/');
        var findings = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var where = $"{file}({i + 1}): ";
            if (AbsolutePath().Match(line) is { Success: true } absolute)
            {
                findings.Add(where + $"'{absolute.Value}' is an absolute path on one machine");
                continue;
            }

            if (Climb().Matches(line).FirstOrDefault(m => m.Groups["up"].Captures.Count > depth) is { } climb)
            {
                var above = climb.Groups["up"].Captures.Count - depth;
                findings.Add(where + $"'{climb.Value}' climbs {above} folder{(above == 1 ? "" : "s")} above the repository root");
                continue;
            }

            if (SharedDomain().Match(line) is { Success: true } shared)
            {
                findings.Add(where + $"'{shared.Value}' names the domain folder beside the repository");
            }
        }

        return findings;
    }

    // The project's domain write-up kept beside the repository: its path (also written as "shared", "domain" in code),
    // or the shared folder one level up.
    [GeneratedRegex(@"shared(?:[/\\]|""\s*,\s*"")domain|\.\.[/\\]shared\b")]
    private static partial Regex SharedDomain();

    // A path into a machine's own folders: /work/..., /home/..., /Users/..., C:\Users\..., file:///...
    [GeneratedRegex(@"(?<![\w.~/:-])/(?:work|home|Users|root|mnt|tmp)/|\b[A-Za-z]:\\Users\\|file:///")]
    private static partial Regex AbsolutePath();

    // A relative path that starts by going up: ../x, ..\x, ../../x.
    [GeneratedRegex(@"(?<![\w.])(?<up>\.\.[/\\])+[^\s""'`()<>\[\]|,;*]*")]
    private static partial Regex Climb();
}
