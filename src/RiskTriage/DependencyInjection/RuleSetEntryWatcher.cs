namespace RiskTriage.DependencyInjection;

/// <summary>
/// Watches one name in a folder, not recursively: the rule-set folder itself being deleted, renamed or created again
/// (a deployment swapping folders). A <see cref="Microsoft.Extensions.FileProviders.PhysicalFileProvider"/> over the
/// rule-set folder cannot see that (its watch ends with the folder), and one over the parent would watch every
/// sibling's tree as well, since it always watches recursively.
/// </summary>
internal sealed class RuleSetEntryWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;

    public RuleSetEntryWatcher(string parent, string name, Action replaced)
    {
        _watcher = new FileSystemWatcher(parent, name)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.DirectoryName | NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.CreationTime,
        };
        _watcher.Created += (_, _) => replaced();
        _watcher.Deleted += (_, _) => replaced();
        _watcher.Renamed += (_, _) => replaced();
        _watcher.Error += (_, _) => replaced();
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose() => _watcher.Dispose();
}
