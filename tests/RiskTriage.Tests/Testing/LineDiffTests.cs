using RiskTriage.Testing;

namespace RiskTriage.Tests.Testing;

public sealed class LineDiffTests
{
    [Fact]
    public void Equal_texts_give_no_diff_whatever_their_line_endings()
    {
        Assert.Equal(string.Empty, LineDiff.Unified("a\nb\n", "a\r\nb"));
        Assert.Equal(string.Empty, LineDiff.Unified(string.Empty, "\n"));
    }

    [Fact]
    public void A_changed_line_is_shown_with_three_lines_of_context_and_a_hunk_header()
    {
        var expected = string.Join('\n', Enumerable.Range(1, 20).Select(i => "line " + i));
        var actual = expected.Replace("line 10", "LINE TEN", StringComparison.Ordinal);

        Assert.Equal(
            """
            --- verified
            +++ received
            @@ -7,7 +7,7 @@
             line 7
             line 8
             line 9
            -line 10
            +LINE TEN
             line 11
             line 12
             line 13

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            LineDiff.Unified(expected, actual, "verified", "received"));
    }

    [Fact]
    public void Nearby_changes_share_a_hunk_and_distant_ones_do_not()
    {
        var expected = Enumerable.Range(1, 30).Select(i => "line " + i).ToArray();
        var actual = expected.ToArray();
        actual[4] = "changed 5";
        actual[9] = "changed 10";
        actual[27] = "changed 28";

        var diff = LineDiff.Unified(string.Join('\n', expected), string.Join('\n', actual)).Split('\n');

        Assert.Equal(["@@ -2,12 +2,12 @@", "@@ -25,6 +25,6 @@"], diff.Where(l => l.StartsWith("@@", StringComparison.Ordinal)));
    }

    [Fact]
    public void Insertions_and_deletions_are_aligned_on_the_common_lines()
    {
        var diff = LineDiff.Unified("a\nb\nc\nd", "a\nc\nd\ne", "x", "y");

        Assert.Equal("--- x\n+++ y\n@@ -1,4 +1,4 @@\n a\n-b\n c\n d\n+e\n", diff);
    }

    [Fact]
    public void A_diff_against_nothing_lists_every_line_as_added()
    {
        Assert.Equal("--- x\n+++ y\n@@ -0,0 +1,2 @@\n+a\n+b\n", LineDiff.Unified(string.Empty, "a\nb", "x", "y"));
    }

    [Fact]
    public void Long_diffs_are_cut()
    {
        var diff = LineDiff.Unified(string.Empty, string.Join('\n', Enumerable.Range(1, 500)), maxLines: 10);

        Assert.Equal(11, diff.TrimEnd('\n').Split('\n').Length);
        Assert.EndsWith("... 493 more diff line(s)\n", diff, StringComparison.Ordinal);
    }
}
