using System.Diagnostics;

namespace RiskTriage.Tests.Loading;

/// <summary>
/// Builds the layout kubelet gives a ConfigMap volume, with real links: the files in a timestamped folder
/// (<c>..2026_12_06_10_00_00.123456789</c>), <c>..data</c> linking to it, and <c>name -&gt; ..data/name</c> per file.
/// An update writes a new timestamped folder, points a new link at it and renames that link over <c>..data</c>
/// (one atomic step), then removes the old folder, as kubelet's AtomicWriter does.
/// </summary>
internal static class ConfigMap
{
    public static void Create(string mount, string version, Dictionary<string, string> files)
    {
        Directory.CreateDirectory(mount);
        WriteVersion(mount, version, files);
        Directory.CreateSymbolicLink(Path.Combine(mount, "..data"), version);
        foreach (var name in files.Keys)
        {
            File.CreateSymbolicLink(Path.Combine(mount, name), Path.Combine("..data", name));
        }
    }

    public static void Update(string mount, string oldVersion, string newVersion, Dictionary<string, string> files)
    {
        WriteVersion(mount, newVersion, files);
        Directory.CreateSymbolicLink(Path.Combine(mount, "..data_tmp"), newVersion);

        // rename(2) replaces the old link in one step; File.Move would look through the link at the folder.
        using (var rename = Process.Start(new ProcessStartInfo("mv", ["-T", Path.Combine(mount, "..data_tmp"), Path.Combine(mount, "..data")]) { UseShellExecute = false }))
        {
            rename!.WaitForExit();
            Assert.Equal(0, rename.ExitCode);
        }

        Directory.Delete(Path.Combine(mount, oldVersion), recursive: true);
    }

    private static void WriteVersion(string mount, string version, Dictionary<string, string> files)
    {
        var folder = Path.Combine(mount, version);
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }
    }
}
