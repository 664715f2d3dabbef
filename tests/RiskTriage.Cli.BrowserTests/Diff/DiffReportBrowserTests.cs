using System.Buffers.Binary;
using System.Text.RegularExpressions;
using RiskTriage.Shared;

namespace RiskTriage.Cli.BrowserTests.Diff;

/// <summary>The diff command's HTML report, opened in headless Chromium: the rule-level section and the groups are on the page, and it renders.</summary>
public sealed class DiffReportBrowserTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "risktriage-browser-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _report;

    public DiffReportBrowserTests()
    {
        var probation = Path.Combine(RepositoryRoot.Path, "rules", "probation");
        var changed = Path.Combine(_temp, "probation-changed");
        foreach (var source in Directory.EnumerateFiles(probation, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(changed, Path.GetRelativePath(probation, source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }

        Edit(Path.Combine(changed, "tiering.json"), "\"rsrHighMin\": {\"value\": 7.0,", "\"rsrHighMin\": {\"value\": 6.0,");
        Edit(Path.Combine(changed, "tiering.json"), "{\"id\": \"level-1\", \"when\": [true, true, \"< changeLevel2Min\"], \"then\": {\"changeLevel\": 1}}",
            "{\"id\": \"level-1\", \"when\": [true, true, \"< changeLevel2Min\"], \"then\": {\"changeLevel\": 2}}");

        _report = Path.Combine(_temp, "report.html");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApp.Run(
            ["diff", probation, changed, Path.Combine(probation, "examples", "cases.json"), "--html", _report, "--by", "gender"],
            new CliConsole(new StringReader(""), stdout, stderr));
        Assert.True(exit == 0, $"diff exited with {exit}: {stderr}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void Rule_changes_and_the_impact_by_gender_are_in_the_rendered_page()
    {
        var dom = HeadlessChromium.DumpDom(_report);

        var rules = Section(dom, "rule-changes");
        Assert.Contains("<h2>Rule changes <span class=\"sub\">2 changes in the rule files</span></h2>", rules);
        Assert.Equal(2, Regex.Count(rules, "<tr class=\"first changed\">"));
        Assert.Matches("<code>parameter rsrHighMin</code></td><td><code>value</code></td><td class=\"old\"><code>7.0</code></td><td class=\"new\"><code>6.0</code></td><td rowspan=\"1\"><code>tiering.json:[0-9]+</code>", rules);
        Assert.Contains("<code>table changeLevel row level-1</code>", rules);
        Assert.Contains("<td class=\"old\"><code>{\"changeLevel\":1}</code></td><td class=\"new\"><code>{\"changeLevel\":2}</code></td>", rules);

        var groups = Section(dom, "impact-by");
        Assert.Matches("<tr><td>Female</td><td class=\"n\">1</td>", groups);
        Assert.Matches("<tr><td>Male</td><td class=\"n\">12</td>", groups);

        // Raised and lowered columns in the per-output table; a tier has no order and shows a dash.
        Assert.Matches("<td><code>tier</code></td><td class=\"n\">[0-9]+</td><td class=\"n up\">-</td><td class=\"n down\">-</td>", dom);
        Assert.Matches("<td><code>changeLevel</code></td><td class=\"n\">([0-9]+)</td><td class=\"n up\">\\1</td><td class=\"n down\">0</td>", dom);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Page_renders_to_a_screenshot()
    {
        var folder = Path.Combine(RepositoryRoot.Path, "artifacts", "browser");
        Directory.CreateDirectory(folder);
        var png = Path.Combine(folder, "diff-report.png");
        File.Delete(png);

        HeadlessChromium.Screenshot(_report, png, 1280, 1600);

        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 20_000, $"the screenshot is only {bytes.Length} bytes: the page looks empty");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(1600, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }

    /// <summary>The outer HTML of the section with the given id.</summary>
    private static string Section(string dom, string id)
    {
        var start = dom.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the page has no section #{id}");
        var end = dom.IndexOf("</section>", start, StringComparison.Ordinal);
        return dom[start..end];
    }

    private static void Edit(string path, string from, string to)
    {
        var text = File.ReadAllText(path);
        Assert.True(text.Contains(from, StringComparison.Ordinal), $"{path} no longer holds {from}");
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
