using RiskTriage.Testing;

namespace RiskTriage.Tests.Readme;

/// <summary>The repository README documents snapshot testing, and its example names the file the helper uses.</summary>
public sealed class SnapshotReadmeTests
{
    private static string Readme => File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));

    [Fact]
    public void The_readme_has_a_snapshot_testing_section_right_after_using_the_library()
    {
        var sections = Readme.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l.TrimEnd()).ToList();

        Assert.Equal(sections.IndexOf("## Using the library") + 1, sections.IndexOf("## Snapshot testing"));
    }

    [Fact]
    public void The_readme_example_names_the_file_the_helper_uses_and_the_settings_it_has()
    {
        var section = Readme.Split("## Snapshot testing")[1].Split("\n## ")[0];
        var stem = DecisionSnapshots.FileStem("/src/tests/TierTests.cs", "Tier_is_decided", null, new SnapshotSettings().UseParameters(7.1, "Male").Parameters);

        Assert.Contains(stem + ".verified.json", section, StringComparison.Ordinal);
        foreach (var member in new[] { "UseParameters(rsr, gender)", ".IgnoreMember(\"$.ruleSet.hash\")", ".ScrubMember(\"caseId\")", "ScrubInline(", SnapshotSettings.Scrubbed, DecisionSnapshots.AcceptVariable + "=1" })
        {
            Assert.Contains(member, section, StringComparison.Ordinal);
        }
    }
}
