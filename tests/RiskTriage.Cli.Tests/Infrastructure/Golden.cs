namespace RiskTriage.Cli.Tests.Infrastructure;

/// <summary>
/// Compares text with a golden file under Golden/. With RISKTRIAGE_ACCEPT=1 the golden file is (re)written
/// instead; read the new file before committing it.
/// </summary>
internal static class Golden
{
    public static bool Accepting => Environment.GetEnvironmentVariable("RISKTRIAGE_ACCEPT") == "1";

    public static void Verify(string name, string actual)
    {
        var path = Path.Combine(Repo.Golden, name + ".txt");
        actual = actual.Replace("\r\n", "\n");
        if (Accepting)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"no golden file {path}; run the tests with RISKTRIAGE_ACCEPT=1 to create it, then read it");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected == actual)
        {
            return;
        }

        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var first = Enumerable.Range(0, Math.Max(expectedLines.Length, actualLines.Length))
            .First(i => i >= expectedLines.Length || i >= actualLines.Length || expectedLines[i] != actualLines[i]);
        Assert.Fail($"""
            {name}: output differs from {path} at line {first + 1}
            expected: {(first < expectedLines.Length ? expectedLines[first] : "(end)")}
            actual:   {(first < actualLines.Length ? actualLines[first] : "(end)")}
            (run with RISKTRIAGE_ACCEPT=1 to accept the new output, then read the golden file)
            """);
    }
}
