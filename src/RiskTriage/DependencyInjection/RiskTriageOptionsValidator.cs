using Microsoft.Extensions.Options;

namespace RiskTriage.DependencyInjection;

/// <summary>Checks each named <see cref="RiskTriageOptions"/> when it is first used, or at host start (<c>ValidateOnStart</c>).</summary>
internal sealed class RiskTriageOptionsValidator : IValidateOptions<RiskTriageOptions>
{
    private static readonly TimeSpan MaxReloadDelay = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, RiskTriageOptions options)
    {
        var label = string.IsNullOrEmpty(name) ? "AddRiskTriage" : $"AddRiskTriage(\"{name}\")";
        List<string>? failures = null;
        void Fail(string message) => (failures ??= []).Add($"{label}: {message}");

        if (options.RuleSet is null && string.IsNullOrWhiteSpace(options.RuleSetPath))
        {
            Fail("no rule set: set RuleSetPath to a rule-set folder or file, or RuleSet to a loaded rule set (e.g. DefaultRuleSets.Probation()).");
        }

        if (options.RuleSet is not null && options.WatchForChanges)
        {
            Fail("WatchForChanges needs RuleSetPath: a rule set given in memory (RuleSet) has no files to watch.");
        }

        if (options.UsePollingFileWatcher && !options.WatchForChanges)
        {
            Fail("UsePollingFileWatcher is set but WatchForChanges is not: set WatchForChanges too, or remove UsePollingFileWatcher.");
        }

        if (options.ReloadDelay < TimeSpan.Zero || options.ReloadDelay > MaxReloadDelay)
        {
            Fail($"ReloadDelay is {options.ReloadDelay}; it must be between zero and {MaxReloadDelay}.");
        }

        if (options.LoadOptions is null)
        {
            Fail("LoadOptions is null; leave it unset for RuleSetOptions.Default.");
        }

        if (!Enum.IsDefined(options.DefaultTrace))
        {
            Fail($"DefaultTrace {(int)options.DefaultTrace} is not a TraceDetail.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
