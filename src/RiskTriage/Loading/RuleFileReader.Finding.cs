using System.Globalization;
using RiskTriage.Diagnostics;

namespace RiskTriage.Loading;

/// <summary>Finding which files make up a rule set: the folder walk, ignored folders, links followed safely, and the limits on both.</summary>
internal static partial class RuleFileReader
{
    /// <summary>The rule files to read (full path, path to show), in order; problems finding them go to <paramref name="diagnostics"/>.</summary>
    private static List<FoundFile> FindFiles(string path, RuleSetOptions options, DiagnosticBag diagnostics)
    {
        if (File.Exists(path))
        {
            return [new FoundFile(path, System.IO.Path.GetFileName(path))];
        }

        if (!Directory.Exists(path))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.RuleSetNotFound, DiagnosticSeverity.Error,
                $"no rule-set file or folder at '{path}'", new SourceLocation(path, 1, 1, 1), null));
            return [];
        }

        var paths = FindRuleFiles(path, options, diagnostics);
        if (paths is null)
        {
            return [];
        }

        if (paths.Count == 0)
        {
            if (!diagnostics.HasErrors)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.RuleSetNotFound, DiagnosticSeverity.Error,
                    $"the folder '{path}' has no .json rule files", new SourceLocation(path, 1, 1, 1), null));
            }

            return [];
        }

        return paths;
    }

    /// <summary>
    /// The rule files of a folder, searched with bounds: every <c>.json</c> file below it, sorted by relative path, except
    /// in <c>tests/</c>, <c>examples/</c> and <c>schema/</c> at the top and in any file or folder whose name starts with a
    /// dot (editor settings such as <c>.vscode/</c>, and the <c>..data</c> and <c>..2026_…</c> folders of a Kubernetes
    /// ConfigMap mount, whose files are reached through the top-level links). Symbolic links are followed only to places
    /// inside the rule-set folder unless <see cref="RuleSetOptions.AllowLinksOutsideRuleSet"/>; a folder reached twice (a
    /// link loop, or a second path to the same folder) is an error, not searched again. Returns null when the search
    /// stopped at a limit.
    /// </summary>
    private static List<FoundFile>? FindRuleFiles(string path, RuleSetOptions options, DiagnosticBag diagnostics)
    {
        var root = System.IO.Path.GetFullPath(path);
        var realRoot = RealPath(root) ?? root;
        var found = new List<FoundFile>();
        var seen = new Dictionary<string, string>(PathComparer) { [realRoot] = "." };
        var pending = new Stack<Folder>();
        pending.Push(new Folder(root, realRoot, "", 0));

        // Folders reached through a link are searched after every other: when a link and a folder lead to the same
        // place, the link is the one reported.
        var linkedFolders = new Queue<Folder>();
        var entries = 0;
        var enumeration = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };
        while (pending.Count > 0 || linkedFolders.Count > 0)
        {
            if (!pending.TryPop(out var folder))
            {
                folder = linkedFolders.Dequeue();
                if (!Enter(folder))
                {
                    continue;
                }
            }

            var children = new List<FileSystemInfo>();
            try
            {
                foreach (var child in new DirectoryInfo(folder.Path).EnumerateFileSystemInfos("*", enumeration))
                {
                    if (++entries > MaxFolderEntries)
                    {
                        diagnostics.Add(new Diagnostic(DiagnosticCodes.FolderTooLarge, DiagnosticSeverity.Error,
                            string.Create(CultureInfo.InvariantCulture, $"the folder holds more than {MaxFolderEntries:N0} files and folders; a rule set is far smaller. Point at the rule-set folder itself"),
                            new SourceLocation(path, 1, 1, 1), null));
                        return null;
                    }

                    children.Add(child);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Report(diagnostics, folder.Relative.Length == 0 ? "." : folder.Relative, DiagnosticCodes.RuleSetNotFound, 1, 1, $"the folder cannot be read: {e.Message}");
                continue;
            }

            // Sorted, so that which of two paths to one folder is reported does not depend on the file system's order.
            children.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var child in children)
            {
                var name = child.Name;
                var relative = folder.Relative.Length == 0 ? name : folder.Relative + "/" + name;
                if (name.StartsWith('.') || (folder.Depth == 0 && IgnoredFolders.Contains(name, StringComparer.Ordinal)))
                {
                    continue;
                }

                var linked = child.LinkTarget is not null;
                var real = linked ? RealPath(child.FullName) : System.IO.Path.Join(folder.RealPath, name);
                if (real is null)
                {
                    Report(diagnostics, relative, DiagnosticCodes.LinkNotFollowed, 1, 1,
                        $"'{relative}' is a symbolic link that goes round in a loop or through more than {MaxLinkHops} links; it is not read. Remove the link");
                    continue;
                }

                if (linked && !options.AllowLinksOutsideRuleSet && !IsInside(realRoot, real))
                {
                    // Say where the link leads but never what the target holds: it is not a rule file of this set.
                    Report(diagnostics, relative, DiagnosticCodes.LinkNotFollowed, 1, 1,
                        $"'{relative}' is a symbolic link to '{real}', outside the rule-set folder, and is not read. Copy the file into the folder, or set RuleSetOptions.AllowLinksOutsideRuleSet");
                    continue;
                }

                if (linked ? Directory.Exists(real) : (child.Attributes & FileAttributes.Directory) != 0)
                {
                    var sub = new Folder(child.FullName, real, relative, folder.Depth + 1);
                    if (linked)
                    {
                        linkedFolders.Enqueue(sub);
                    }
                    else if (Enter(sub))
                    {
                        pending.Push(sub);
                    }
                }
                else if (name.EndsWith(".json", StringComparison.Ordinal))
                {
                    found.Add(new FoundFile(real, relative));
                    if (found.Count > options.Limits.MaxFiles)
                    {
                        diagnostics.Add(new Diagnostic(DiagnosticCodes.FileTooLarge, DiagnosticSeverity.Error,
                            $"the folder has more than {options.Limits.MaxFiles} rule files; the limit is {options.Limits.MaxFiles}. Split the rule set or raise RuleSetLimits.MaxFiles", new SourceLocation(path, 1, 1, 1), null));
                        return null;
                    }
                }
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return found;

        // A folder is searched once: a second path to it (a link loop, or a link beside its target) is reported instead.
        bool Enter(Folder folder)
        {
            if (seen.TryGetValue(folder.RealPath, out var first))
            {
                Report(diagnostics, folder.Relative, DiagnosticCodes.FolderReachedTwice, 1, 1,
                    $"the folder '{folder.Relative}' is the folder '{first}' again, reached through a symbolic link (a loop or a second path); it is not searched twice. Remove the link");
                return false;
            }

            if (folder.Depth > MaxFolderDepth)
            {
                Report(diagnostics, folder.Relative, DiagnosticCodes.FolderTooLarge, 1, 1,
                    $"the folder is nested more than {MaxFolderDepth} levels deep in the rule set; it is not searched. Flatten the folders");
                return false;
            }

            seen[folder.RealPath] = folder.Relative;
            return true;
        }
    }

    // Both are classes, not value types: the framework's collections and sorting over a reference type share code
    // that ReadyToRun precompiles, where over a value type of this assembly they were JIT-compiled in every fresh
    // process (18 methods before the first decision).

    /// <summary>A folder to search: where it is, its real path (links resolved), its path as shown, and its depth below the rule-set folder.</summary>
    private sealed record Folder(string Path, string RealPath, string Relative, int Depth);

    /// <summary>A rule file found: its full path (links resolved) and its path as shown.</summary>
    private sealed record FoundFile(string Full, string Relative);

    private static StringComparer PathComparer => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it (both real, full paths).</summary>
    private static bool IsInside(string root, string path)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var trimmed = System.IO.Path.TrimEndingDirectorySeparator(root);
        var prefix = System.IO.Path.EndsInDirectorySeparator(trimmed) ? trimmed : trimmed + System.IO.Path.DirectorySeparatorChar;
        return path.Equals(trimmed, comparison) || path.StartsWith(prefix, comparison);
    }

    /// <summary>
    /// The path with every symbolic link in it resolved (like realpath(3)), or null when resolving takes more than
    /// <see cref="MaxLinkHops"/> links (a loop). A part that does not exist is kept as it is.
    /// </summary>
    internal static string? RealPath(string fullPath)
    {
        var resolved = System.IO.Path.GetPathRoot(fullPath) ?? string.Empty;
        var parts = new List<string>(Split(fullPath[resolved.Length..]));
        var hops = 0;
        while (parts.Count > 0)
        {
            var part = parts[0];
            parts.RemoveAt(0);
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                resolved = System.IO.Path.GetDirectoryName(resolved) ?? resolved;
                continue;
            }

            var next = System.IO.Path.Join(resolved, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                resolved = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                return null;
            }

            if (System.IO.Path.IsPathRooted(target))
            {
                resolved = System.IO.Path.GetPathRoot(target) ?? resolved;
                target = target[resolved.Length..];
            }

            parts.InsertRange(0, Split(target));
        }

        return resolved;
    }

    private static string[] Split(string path) =>
        path.Split([System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
