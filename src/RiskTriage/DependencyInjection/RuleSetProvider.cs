using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RiskTriage.Diagnostics;

namespace RiskTriage.DependencyInjection;

/// <summary>Raised when a new version of a watched rule set has been loaded and replaced the old one.</summary>
/// <param name="Previous">The version that was serving.</param>
/// <param name="Current">The version now serving.</param>
public sealed record RuleSetReloaded(RuleSet Previous, RuleSet Current);

/// <summary>Raised when a changed rule set could not be loaded; the last good version keeps serving.</summary>
/// <param name="Serving">The version still serving.</param>
/// <param name="Diagnostics">Why the new files were rejected.</param>
public sealed record RuleSetReloadFailed(RuleSet Serving, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// Holds the rule set in force and, when asked, watches its folder: a valid new version replaces the old one
/// atomically; an invalid one is rejected with its diagnostics logged, and the last good version keeps serving.
/// Evaluations already running finish on the version they started with, and every decision names its version.
/// </summary>
public sealed class RuleSetProvider : IDisposable
{
    private readonly string _path;
    private readonly RuleSetOptions _options;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer? _timer;
    private readonly TimeSpan _delay;
    private readonly object _reloadLock = new();
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
        _path = Path.GetFullPath(path);
        _options = options ?? RuleSetOptions.Default;
        _logger = logger ?? NullLogger.Instance;
        _delay = delay ?? TimeSpan.FromMilliseconds(250);
        if (!watch)
        {
            return;
        }

        _timer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        var folder = Directory.Exists(_path) ? _path : Path.GetDirectoryName(_path)!;
        _watcher = new FileSystemWatcher(folder, Directory.Exists(_path) ? "*.json" : Path.GetFileName(_path))
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += OnChanged;
        _watcher.Created += OnChanged;
        _watcher.Deleted += OnChanged;
        _watcher.Renamed += OnChanged;
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The version in force. Read it once per evaluation and use that instance throughout.</summary>
    public RuleSet Current => Volatile.Read(ref _current);

    /// <summary>Raised after a new version replaced the old one.</summary>
    public event EventHandler<RuleSetReloaded>? Reloaded;

    /// <summary>Raised when changed files were rejected.</summary>
    public event EventHandler<RuleSetReloadFailed>? ReloadFailed;

    private void OnChanged(object sender, FileSystemEventArgs e) => _timer?.Change(_delay, Timeout.InfiniteTimeSpan);

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
                RuleSet.TryLoad(_path, out loaded, out diagnostics, _options);
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
                ReloadFailed?.Invoke(this, new RuleSetReloadFailed(previous, diagnostics));
                return false;
            }

            if (loaded.Identity == previous.Identity)
            {
                return true;
            }

            Volatile.Write(ref _current, loaded);
            _logger.LogInformation("Rule set {Path} reloaded: version {Version} ({Hash}) replaces {PreviousVersion} ({PreviousHash}).",
                _path, loaded.Identity.Version, loaded.Identity.Hash, previous.Identity.Version, previous.Identity.Hash);
            Reloaded?.Invoke(this, new RuleSetReloaded(previous, loaded));
            return true;
        }
    }

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        lock (_reloadLock)
        {
            _disposed = true;
        }

        _watcher?.Dispose();
        _timer?.Dispose();
    }
}
