using System.Diagnostics;

namespace RiskTriage.Cli.BrowserTests;

/// <summary>
/// Runs headless Chromium on a local file: its DOM after layout (<c>--dump-dom</c>) and a screenshot. Each run gets a
/// fresh profile folder and no network, sync or update traffic. Chromium must be installed (<c>chromium</c> on the
/// PATH, or the path in RISKTRIAGE_CHROMIUM); .ci/run installs it.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string Executable
    {
        get
        {
            if (Environment.GetEnvironmentVariable("RISKTRIAGE_CHROMIUM") is { Length: > 0 } configured)
            {
                return configured;
            }

            foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
            {
                foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = Path.Combine(folder, name);
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            throw new InvalidOperationException(
                "headless Chromium is needed for the browser tests and was not found on the PATH; install it (apt-get install -y chromium) or set RISKTRIAGE_CHROMIUM");
        }
    }

    /// <summary>The page's DOM, serialised after the browser has parsed and laid it out.</summary>
    public static string DumpDom(string file) => Run(file, "--dump-dom");

    /// <summary>Writes a PNG screenshot of the page at the given window size.</summary>
    public static void Screenshot(string file, string png, int width, int height) =>
        Run(file, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars");

    private static string Run(string file, params string[] extra)
    {
        var profile = Path.Combine(Path.GetTempPath(), "risktriage-chromium-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(profile);
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}",
            }.Concat(extra).Append(new Uri(Path.GetFullPath(file)).AbsoluteUri))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not finish within {Timeout.TotalSeconds} s");
            }

            Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be releasing files; the folder is in the temporary folder anyway.
            }
        }
    }
}
