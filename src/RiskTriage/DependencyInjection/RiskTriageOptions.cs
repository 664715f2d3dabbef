namespace RiskTriage.DependencyInjection;

/// <summary>What <c>AddRiskTriage</c> registers: which rule set, loaded how.</summary>
public sealed class RiskTriageOptions
{
    /// <summary>A rule-set folder or file to load. Ignored when <see cref="RuleSet"/> is set.</summary>
    public string? RuleSetPath { get; set; }

    /// <summary>An already loaded rule set (e.g. the embedded default). Takes precedence over <see cref="RuleSetPath"/>.</summary>
    public RuleSet? RuleSet { get; set; }

    /// <summary>Parameter overrides and limits used when loading from <see cref="RuleSetPath"/>.</summary>
    public RuleSetOptions LoadOptions { get; set; } = RuleSetOptions.Default;

    /// <summary>
    /// Watch <see cref="RuleSetPath"/> and load new versions as the files change (hot reload). An invalid new version
    /// is rejected and logged; the last good version keeps serving. Default false.
    /// </summary>
    public bool WatchForChanges { get; set; }

    /// <summary>How long to wait after the last file change before reloading. Default 250 ms; at most one hour.</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Poll the files for changes (every four seconds) instead of relying on the file system's change events, which
    /// do not arrive from some network shares and container volumes. Only with <see cref="WatchForChanges"/>. Default false.
    /// </summary>
    public bool UsePollingFileWatcher { get; set; }

    /// <summary>The trace detail <see cref="TriageService"/> uses when a call does not say. Default <see cref="TraceDetail.None"/>.</summary>
    public TraceDetail DefaultTrace { get; set; } = TraceDetail.None;
}
