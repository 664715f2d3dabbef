using System.Diagnostics;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using RiskTriage.Diagnostics;
using RiskTriage.Observability;

namespace RiskTriage.DependencyInjection;

/// <summary>
/// Holds the rule set in force and, when asked, watches its files through a
/// <see cref="PhysicalFileProvider"/>'s change tokens: a valid new version replaces the old one atomically; an
/// invalid one is rejected with its diagnostics logged, and the last good version keeps serving.
/// Evaluations already running finish on the version they started with, and every decision names its version.
/// Every reload ends in exactly one of <see cref="Reloaded"/>, <see cref="ReloadFailed"/> or <see cref="ReloadUnchanged"/>,
/// each also logged and measured; a new version also signals <see cref="GetChangeToken"/> and <see cref="OnChange"/>,
/// as <c>IOptionsMonitor</c> does for options. Watching survives the folder being deleted and created again (the
/// deletion is a failed reload, the new folder is loaded when it appears) and a Kubernetes ConfigMap's atomic swap
/// of its <c>..data</c> link.
/// </summary>
public sealed class RuleSetProvider : IDisposable
{
    private readonly string? _path;
    private readonly RuleSetOptions _options;
    private readonly ILogger _logger;
    private readonly RiskTriageMetrics _metrics;
    private readonly TimeSpan _delay;
    private readonly bool _usePolling;
    private readonly bool _isFolder;
    private readonly ITimer? _timer;
    private readonly RuleSetEntryWatcher? _entryWatcher;
    private readonly IDisposable? _subscription;
    private readonly object _reloadLock = new();
    private readonly object _watchLock = new();
    private PhysicalFileProvider? _files;
    private CancellationTokenSource _rewatch = new();
    private CancellationTokenSource _changed = new();
    private RuleSet _current;
    private RuleSetReloadFailedEventArgs? _lastFailure;
    private bool _disposed;

    /// <summary>Creates a provider over an already loaded rule set.</summary>
    /// <param name="initial">The version to serve first (loaded from <paramref name="path"/>).</param>
    /// <param name="path">The rule-set folder or file to reload from.</param>
    /// <param name="options">The load options for reloads.</param>
    /// <param name="watch">Whether to watch the folder for changes.</param>
    /// <param name="delay">How long to wait after the last change before reloading (editors write files in several steps). Default 250 ms.</param>
    /// <param name="logger">Where reloads and rejected versions are logged.</param>
    /// <exception cref="ArgumentNullException"><paramref name="initial"/> or <paramref name="path"/> is null.</exception>
    public RuleSetProvider(RuleSet initial, string path, RuleSetOptions? options = null, bool watch = false, TimeSpan? delay = null, ILogger? logger = null)
        : this(initial, path ?? throw new ArgumentNullException(nameof(path)), options, watch, delay, usePolling: false, logger, RiskTriageMetrics.Shared, TimeProvider.System)
    {
    }

    internal RuleSetProvider(RuleSet initial, string? path, RuleSetOptions? options, bool watch, TimeSpan? delay, bool usePolling,
        ILogger? logger, RiskTriageMetrics metrics, TimeProvider time)
    {
        _current = initial ?? throw new ArgumentNullException(nameof(initial));
        _path = path is null ? null : System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
        _options = options ?? RuleSetOptions.Default;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
        _delay = delay ?? TimeSpan.FromMilliseconds(250);
        _usePolling = usePolling;
        _isFolder = Directory.Exists(_path);
        if (!watch || _path is null)
        {
            return;
        }

        _timer = time.CreateTimer(_ => ReloadAfterChange(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _files = OpenFiles();
        if (_isFolder && System.IO.Path.GetDirectoryName(_path) is { } parent)
        {
            try
            {
                _entryWatcher = new RuleSetEntryWatcher(parent, System.IO.Path.GetFileName(_path), OnRuleSetReplaced);
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                // Changes inside the folder are still seen; only its replacement as a whole is not.
                RuleSetProviderLog.WatchFailed(_logger, _path, e.Message);
            }
        }

        _subscription = ChangeToken.OnChange(WatchFiles, ScheduleReload);
    }

    /// <summary>The version in force. Read it once per evaluation and use that instance throughout.</summary>
    public RuleSet Current => Volatile.Read(ref _current);

    /// <summary>The rule-set folder or file reloads read (a full path), or null for a rule set given in memory, which is never reloaded.</summary>
    public string? Path => _path;

    /// <summary>The last reload's rejection while it stands: null once a reload succeeds or finds the files unchanged.</summary>
    public RuleSetReloadFailedEventArgs? LastReloadFailure => Volatile.Read(ref _lastFailure);

    /// <summary>Raised after a new version replaced the old one.</summary>
    public event EventHandler<RuleSetReloadedEventArgs>? Reloaded;

    /// <summary>Raised when changed files were rejected.</summary>
    public event EventHandler<RuleSetReloadFailedEventArgs>? ReloadFailed;

    /// <summary>Raised when changed files gave the version already serving (e.g. only whitespace, comments or other files changed).</summary>
    public event EventHandler<RuleSetReloadUnchangedEventArgs>? ReloadUnchanged;

    /// <summary>A change token that fires when a new version is put in force (as <c>IOptionsMonitor</c>'s reload token does); take a new one after it fires.</summary>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    /// <summary>Calls <paramref name="listener"/> with each new version put in force, like <c>IOptionsMonitor.OnChange</c>.</summary>
    /// <param name="listener">Receives the new version. It runs on the reloading thread, after <see cref="Reloaded"/>.</param>
    /// <returns>Dispose it to stop listening.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="listener"/> is null.</exception>
    public IDisposable OnChange(Action<RuleSet> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return ChangeToken.OnChange(GetChangeToken, () => listener(Current));
    }

    /// <summary>
    /// Makes the provider that <c>AddRiskTriage</c> registers: loads the rule set (or takes the one given) and watches it when asked.
    /// </summary>
    /// <exception cref="RuleSetException">The rule set has errors.</exception>
    internal static RuleSetProvider Create(RiskTriageOptions options, ILogger logger, RiskTriageMetrics metrics, TimeProvider time)
    {
        if (options.RuleSet is { } given)
        {
            return new RuleSetProvider(given, null, options.LoadOptions, watch: false, delay: null, usePolling: false, logger, metrics, time);
        }

        var path = options.RuleSetPath ?? throw new InvalidOperationException("RiskTriageOptions needs RuleSetPath or RuleSet.");
        using var activity = RiskTriageActivities.Source.StartActivity(RiskTriageTelemetry.LoadActivity);
        activity?.SetTag("risktriage.path", path);
        RuleSet loaded;
        try
        {
            loaded = RuleSet.Load(path, options.LoadOptions);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }

        activity?.SetRuleSet(loaded);
        RuleSetProviderLog.Loaded(logger, path, loaded.Identity.Name, loaded.Identity.Version, loaded.Identity.Hash);
        return new RuleSetProvider(loaded, path, options.LoadOptions, options.WatchForChanges, options.ReloadDelay, options.UsePollingFileWatcher, logger, metrics, time);
    }

    /// <summary>
    /// A provider over the rule-set folder (or a single rule file's folder), excluding nothing: a ConfigMap update is
    /// a rename of its <c>..data</c> link, and the top-level files never change. Null while the folder is missing.
    /// </summary>
    private PhysicalFileProvider? OpenFiles()
    {
        // While a watched folder is missing, nothing is watched here (not its parent): the entry watcher sees it return.
        var folder = _isFolder ? _path : System.IO.Path.GetDirectoryName(_path);
        try
        {
            return folder is not null && Directory.Exists(folder)
                ? new PhysicalFileProvider(folder, ExclusionFilters.None) { UsePollingFileWatcher = _usePolling, UseActivePolling = _usePolling }
                : null;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // The folder vanished between the check and the watch; the entry watcher sees it come back.
            RuleSetProviderLog.WatchFailed(_logger, _path!, e.Message);
            return null;
        }
    }

    /// <summary>The change token for the next change: any file under the folder (or beside the file), or the folder itself replaced.</summary>
    private IChangeToken WatchFiles()
    {
        lock (_watchLock)
        {
            var rewatch = new CancellationChangeToken(_rewatch.Token);
            if (_disposed || _files is null)
            {
                return rewatch;
            }

            try
            {
                // For a single file, every top-level name counts, not just the file: a ConfigMap swaps its ..data link.
                var files = _files.Watch(_isFolder ? "**/*" : "*");
                return new CompositeChangeToken([rewatch, files]);
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                RuleSetProviderLog.WatchFailed(_logger, _path!, e.Message);
                return rewatch;
            }
        }
    }

    /// <summary>The folder was deleted, renamed or created: watch the folder now at that path, and reload.</summary>
    private void OnRuleSetReplaced()
    {
        CancellationTokenSource previous;
        lock (_watchLock)
        {
            if (_disposed)
            {
                return;
            }

            _files?.Dispose();
            _files = OpenFiles();
            previous = _rewatch;
            _rewatch = new CancellationTokenSource();
        }

        // Signals the subscription, which takes a token from the new provider and schedules the reload.
        previous.Cancel();
    }

    /// <summary>Editors write a file in several steps: reload once the changes have stopped for the delay.</summary>
    private void ScheduleReload() => _timer?.Change(_delay, Timeout.InfiniteTimeSpan);

    /// <summary>A reload started by the watcher runs on a timer thread, where an exception (say, from an event handler) would end the process.</summary>
    private void ReloadAfterChange()
    {
        try
        {
            Reload();
        }
        catch (Exception e)
        {
            var serving = Current.Identity;
            RuleSetProviderLog.ReloadThrew(_logger, e, _path ?? "", serving.Version, serving.Hash);
        }
    }

    /// <summary>Loads the files again now. Returns true when a new version is in force (or the files are unchanged).</summary>
    /// <exception cref="InvalidOperationException">The rule set was given in memory (<see cref="Path"/> is null): there is nothing to reload from.</exception>
    public bool Reload()
    {
        var path = _path ?? throw new InvalidOperationException("This rule set was given in memory, not loaded from a path, so it cannot be reloaded.");
        lock (_reloadLock)
        {
            if (_disposed)
            {
                return false;
            }

            using var activity = RiskTriageActivities.Source.StartActivity(RiskTriageTelemetry.LoadActivity);
            activity?.SetTag("risktriage.path", path);
            RuleSet? loaded;
            IReadOnlyList<Diagnostic> diagnostics;
            try
            {
                RuleSet.TryLoad(path, _options, out loaded, out diagnostics);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file being replaced can vanish between listing and reading; the next change event retries.
                loaded = null;
                diagnostics = [new Diagnostic(DiagnosticCodes.RuleSetNotFound, DiagnosticSeverity.Error, e.Message, new SourceLocation(path, 1, 1, 1), null)];
            }

            var previous = Current;
            if (loaded is null)
            {
                var failure = new RuleSetReloadFailedEventArgs(previous, diagnostics);
                Volatile.Write(ref _lastFailure, failure);
                activity?.SetStatus(ActivityStatusCode.Error, "rejected");
                activity?.SetTag("risktriage.reload.outcome", "failed");
                RuleSetProviderLog.ReloadFailed(_logger, path, diagnostics.Count(d => d.IsError), previous.Identity.Version, previous.Identity.Hash, string.Join("\n", diagnostics));
                _metrics.RecordReloadFailure(previous);
                ReloadFailed?.Invoke(this, failure);
                return false;
            }

            Volatile.Write(ref _lastFailure, null);
            activity?.SetRuleSet(loaded);
            if (loaded.Identity == previous.Identity)
            {
                activity?.SetTag("risktriage.reload.outcome", "unchanged");
                RuleSetProviderLog.ReloadUnchanged(_logger, path, previous.Identity.Version, previous.Identity.Hash);
                ReloadUnchanged?.Invoke(this, new RuleSetReloadUnchangedEventArgs(previous));
                return true;
            }

            Volatile.Write(ref _current, loaded);
            activity?.SetTag("risktriage.reload.outcome", "reloaded");
            RuleSetProviderLog.Reloaded(_logger, path, loaded.Identity.Version, loaded.Identity.Hash, previous.Identity.Version, previous.Identity.Hash);
            _metrics.RecordReload(loaded);
            var changed = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
            try
            {
                Reloaded?.Invoke(this, new RuleSetReloadedEventArgs(previous, loaded));
            }
            finally
            {
                // Not disposed: a reader may still be taking its token.
                changed.Cancel();
            }

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
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                _files?.Dispose();
                _files = null;
            }
        }

        _subscription?.Dispose();
        _entryWatcher?.Dispose();
        _timer?.Dispose();
        _rewatch.Dispose();
    }
}
