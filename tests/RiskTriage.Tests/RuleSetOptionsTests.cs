using System.Reflection;

namespace RiskTriage.Tests;

/// <summary>Options compare by value, and every option that can change a decision is part of the identity decisions carry.</summary>
public sealed class RuleSetOptionsTests
{
    private const string Rules = """
        {
          "ruleSet": { "name": "options", "version": "1" },
          "inputs": { "age": "number", "codes": { "type": "list", "items": "string" } },
          "parameters": { "limit": 18 },
          "outputs": { "adult": { "type": "bool", "value": "age >= limit" }, "codes": { "type": "number", "value": "codes.Count()" } }
        }
        """;

    /// <summary>
    /// Options that only decide whether rule files load (sizes and depths of the files, links) or how a loaded rule set
    /// evaluates (the back end, whose decisions are byte-identical), not what it decides: they are not part of its identity.
    /// </summary>
    private static readonly HashSet<string> LoadOnly = new(StringComparer.Ordinal)
    {
        nameof(RuleSetLimits.MaxFileBytes), nameof(RuleSetLimits.MaxFiles), nameof(RuleSetLimits.MaxExpressionDepth),
        nameof(RuleSetLimits.MaxExpressionLength), nameof(RuleSetOptions.AllowLinksOutsideRuleSet), nameof(RuleSetOptions.Backend),
    };

    [Fact]
    public void Options_with_equal_parameter_overrides_are_equal()
    {
        var a = new RuleSetOptions { Parameters = new Dictionary<string, object?> { ["limit"] = 21, ["codes"] = new[] { "A", "B" } } };
        var b = new RuleSetOptions { Parameters = new SortedDictionary<string, object?> { ["codes"] = new List<string> { "A", "B" }, ["limit"] = 21 } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a with { Parameters = new Dictionary<string, object?> { ["limit"] = 22, ["codes"] = new[] { "A", "B" } } });
        Assert.NotEqual(a, a with { Parameters = new Dictionary<string, object?> { ["limit"] = 21 } });
        Assert.NotEqual(a, a with { UnknownFields = UnknownFieldHandling.Reject });
        Assert.NotEqual(a, a with { Backend = RuleSetBackend.Interpreted });
        Assert.Equal(new RuleSetOptions { Parameters = new Dictionary<string, object?>() }, RuleSetOptions.Default);
        Assert.False(a.Equals(null));
    }

    /// <summary>
    /// Each option at a value other than its default either leaves the rule set's hash alone (and is known to be about
    /// loading only) or changes it. A new option must be put on one side or the other.
    /// </summary>
    [Fact]
    public void Every_option_that_can_change_a_decision_changes_the_hash()
    {
        var plain = RuleSetSources.Load(Rules).Identity.Hash;
        var results = new List<string>();
        foreach (var property in typeof(RuleSetLimits).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var limits = RuleSetLimits.Default with { };
            var value = (int)property.GetValue(limits)!;
            property.SetValue(limits, value > 64 ? value - 1 : value + 1);
            results.Add(Verdict(property.Name, RuleSetSources.Load(Rules, new RuleSetOptions { Limits = limits }).Identity.Hash));
        }

        results.Add(Verdict(nameof(RuleSetOptions.UnknownFields), RuleSetSources.Load(Rules, new RuleSetOptions { UnknownFields = UnknownFieldHandling.Reject }).Identity.Hash));
        results.Add(Verdict(nameof(RuleSetOptions.AllowLinksOutsideRuleSet), RuleSetSources.Load(Rules, new RuleSetOptions { AllowLinksOutsideRuleSet = true }).Identity.Hash));
        results.Add(Verdict(nameof(RuleSetOptions.Backend), RuleSetSources.Load(Rules, new RuleSetOptions { Backend = RuleSetBackend.Interpreted }).Identity.Hash));
        results.Add(Verdict(nameof(RuleSetOptions.Parameters), RuleSetSources.Load(Rules, new RuleSetOptions { Parameters = new Dictionary<string, object?> { ["limit"] = 21 } }).Identity.Hash));

        var optionCount = typeof(RuleSetLimits).GetProperties().Count(p => p.CanWrite) + typeof(RuleSetOptions).GetProperties().Count(p => p.CanWrite && p.Name != nameof(RuleSetOptions.Limits));
        Assert.Equal(optionCount, results.Count);
        Assert.All(results, r => Assert.EndsWith(": right", r, StringComparison.Ordinal));

        string Verdict(string name, string hash) =>
            $"{name}: " + ((hash == plain) == LoadOnly.Contains(name) ? "right" : hash == plain ? "can change decisions but not the hash" : "is about loading only but changes the hash");
    }

    /// <summary>The two case limits the hash took in later: each changes what a decision says.</summary>
    [Fact]
    public void The_case_limits_change_decisions()
    {
        const string json = """{ "age": 20, "codes": ["a", "b", "c"], "x": 1 }""";
        var plain = RuleSetSources.Load(Rules);
        var fewItems = RuleSetSources.Load(Rules, new RuleSetOptions { Limits = new RuleSetLimits { MaxCaseItems = 2 } });

        Assert.Equal(DecisionStatus.Complete, plain.Evaluate(json).Status);
        Assert.Equal(DecisionStatus.Invalid, fewItems.Evaluate(json).Status);
        Assert.NotEqual(plain.Identity, fewItems.Identity);

        const string bad = """{ "age": "a", "codes": [1, 2, 3] }""";
        var oneError = RuleSetSources.Load(Rules, new RuleSetOptions { Limits = new RuleSetLimits { MaxCaseErrors = 1 } });
        Assert.NotEqual(plain.Evaluate(bad).ToJson().Replace(plain.Identity.Hash, "", StringComparison.Ordinal), oneError.Evaluate(bad).ToJson().Replace(oneError.Identity.Hash, "", StringComparison.Ordinal));
        Assert.NotEqual(plain.Identity, oneError.Identity);
    }
}
