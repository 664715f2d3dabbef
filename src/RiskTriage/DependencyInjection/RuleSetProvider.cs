using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RiskTriage.Diagnostics;

namespace RiskTriage.DependencyInjection;

/// <summary>
/// Holds the rule set in force and, when asked, watches its folder: a valid new version replaces the old one
/// atomically; an invalid one is rejected with its diagnostics logged, and the last good version keeps serving.
/// Evaluations already running finish on the version they started with, and every decision names its version.
/// Every reload ends in exactly one of <see cref="Reloaded"/>, <see cref="ReloadFailed"/> or <see cref="ReloadUnchanged"/>,
/// each also logged. Watching survives the folder being deleted and created again (the deletion is a failed reload,
/// the new folder is loaded when it appears) and a Kubernetes ConfigMap's atomic swap of its <c>..data</c> link.
/// </summary>
public sealed class RuleSetProvider : IDisposable
{
    private readonly string _path;
    private readonly RuleSetOptions _options;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher? _parentWatcher;
    private readonly Timer? _timer;
    private readonly TimeSpan _delay;
    private readonly object _reloadLock = new();
    private readonly object _watchLock = new();
    private FileSystemWatcher? _watcher;
    private RuleSet _current;
    private bool _disposed;

    /// <summary>Creates a provider over an already loaded rule set.</summary>
    /// <param name="initial">The version to serve first (loaded from <paramref name="path"/>).</param>
    /// <param name="path">The rule-set folder or file to reload from.</param>
    /// <param name="options">The load options for reloads.</param>
    /// <param name="watch">Whether to watch the folder for changes.</param>
    /// <param name="delay">How long to wait after the last change before reloading (editors write files in several steps).</param>
    /// <param name="logger">Where reloads and rejected versions are logged.</param>
    public RuleSetProvider(RuleSet initial, string path, RuleSetOptions? options = null, bool watch = false, TimeSpan? delay = null, ILogger? logger = null)
    {
        _current = initial ?? throw new ArgumentNullException(nameof(initial));
        _path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        _options = options ?? RuleSetOptions.Default;
        _logger = logger ?? NullLogger.Instance;
        _delay = delay ?? TimeSpan.FromMilliseconds(250);
        if (!watch)
        {
            return;
        }

        _timer = new Timer(_ => ReloadAfterChange(), null, Timeout.Infinite, Timeout.Infinite);
        WatchRuleSet();

        // The folder's own watcher ends with the folder; this one sees it (or the file) deleted, renamed or created
        // again in its parent, and starts a new watcher on the new folder.
        if (Path.GetDirectoryName(_path) is { } parent && Directory.Exists(parent))
        {
            _parentWatcher = new FileSystemWatcher(parent, Path.GetFileName(_path))
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.DirectoryName | NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.CreationTime,
            };
            Start(_parentWatcher, created: OnRuleSetReplaced, changed: OnChanged);
        }
    }

    /// <summary>The version in force. Read it once per evaluation and use that instance throughout.</summary>
    public RuleSet Current => Volatile.Read(ref _current);

    /// <summary>Raised after a new version replaced the old one.</summary>
    public event EventHandler<RuleSetReloadedEventArgs>? Reloaded;

    /// <summary>Raised when changed files were rejected.</summary>
    public event EventHandler<RuleSetReloadFailedEventArgs>? ReloadFailed;

    /// <summary>Raised when changed files gave the version already serving (e.g. only whitespace, comments or other files changed).</summary>
    public event EventHandler<RuleSetReloadUnchangedEventArgs>? ReloadUnchanged;

    /// <summary>
    /// (Re)starts the watcher on the rule-set folder, or on a single rule file's folder. Every name counts, not just
    /// <c>*.json</c>: a ConfigMap update is a rename of its <c>..data</c> link, and the top-level files never change.
    /// </summary>
    private void WatchRuleSet()
    {
        lock (_watchLock)
        {
            if (_disposed)
            {
                return;
            }

            _watcher?.Dispose();
            _watcher = null;
            var isFolder = Directory.Exists(_path);
            var folder = isFolder ? _path : Path.GetDirectoryName(_path);
            if (folder is null || !Directory.Exists(folder))
            {
                return;
            }

            try
            {
                var watcher = new FileSystemWatcher(folder)
                {
                    IncludeSubdirectories = isFolder,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                _watcher = Start(watcher, created: OnChanged, changed: OnChanged);
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                // The folder vanished between the check and the watch; its parent's watcher sees it come back.
                _logger.LogWarning("Rule set {Path} cannot be watched ({Message}); it is watched again when it is created anew.", _path, e.Message);
            }
        }
    }

    /// <summary>Subscribes a watcher: <paramref name="created"/> for names created, deleted or renamed, <paramref name="changed"/> for contents.</summary>
    private FileSystemWatcher Start(FileSystemWatcher watcher, FileSystemEventHandler created, FileSystemEventHandler changed)
    {
        watcher.Created += created;
        watcher.Deleted += created;
        watcher.Renamed += (sender, e) => created(sender, e);
        watcher.Changed += changed;
        watcher.Error += OnWatchError;
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => _timer?.Change(_delay, Timeout.InfiniteTimeSpan);

    private void OnRuleSetReplaced(object sender, FileSystemEventArgs e)
    {
        WatchRuleSet();
        OnChanged(sender, e);
    }

    private void OnWatchError(object sender, ErrorEventArgs e)
    {
        // An overflowing event queue or a watch that ended: events may have been lost, so watch anew and reload.
        _logger.LogWarning("Watching rule set {Path} failed ({Message}); watching again and reloading.", _path, e.GetException().Message);
        WatchRuleSet();
        _timer?.Change(_delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>A reload started by the watcher runs on a timer thread, where an exception (say, from an event handler) would end the process.</summary>
    private void ReloadAfterChange()
    {
        try
        {
            Reload();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Reloading rule set {Path} threw; version {Version} ({Hash}) keeps serving.", _path, Current.Identity.Version, Current.Identity.Hash);
        }
    }

    /// <summary>Loads the files again now. Returns true when a new version is in force (or the files are unchanged).</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            if (_disposed)
            {
                return false;
            }

            RuleSet? loaded;
            IReadOnlyList<Diagnostic> diagnostics;
            try
            {
                RuleSet.TryLoad(_path, _options, out loaded, out diagnostics);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file being replaced can vanish between listing and reading; the next change event retries.
                loaded = null;
                diagnostics = [new Diagnostic(DiagnosticCodes.RuleSetNotFound, DiagnosticSeverity.Error, e.Message, new SourceLocation(_path, 1, 1, 1), null)];
            }

            var previous = Current;
            if (loaded is null)
            {
                _logger.LogError("Rule set {Path} was changed but not loaded: {Count} error(s); version {Version} ({Hash}) keeps serving.\n{Diagnostics}",
                    _path, diagnostics.Count(d => d.IsError), previous.Identity.Version, previous.Identity.Hash, string.Join("\n", diagnostics));
                ReloadFailed?.Invoke(this, new RuleSetReloadFailedEventArgs(previous, diagnostics));
                return false;
            }

            if (loaded.Identity == previous.Identity)
            {
                _logger.LogInformation("Rule set {Path} was changed but gives the version serving: {Version} ({Hash}).",
                    _path, previous.Identity.Version, previous.Identity.Hash);
                ReloadUnchanged?.Invoke(this, new RuleSetReloadUnchangedEventArgs(previous));
                return true;
            }

            Volatile.Write(ref _current, loaded);
            _logger.LogInformation("Rule set {Path} reloaded: version {Version} ({Hash}) replaces {PreviousVersion} ({PreviousHash}).",
                _path, loaded.Identity.Version, loaded.Identity.Hash, previous.Identity.Version, previous.Identity.Hash);
            Reloaded?.Invoke(this, new RuleSetReloadedEventArgs(previous, loaded));
            return true;
        }
    }

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        lock (_reloadLock)
        {
            lock (_watchLock)
            {
                _disposed = true;
                _watcher?.Dispose();
                _watcher = null;
            }
        }

        _parentWatcher?.Dispose();
        _timer?.Dispose();
    }
}
