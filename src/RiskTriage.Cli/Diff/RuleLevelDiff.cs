namespace RiskTriage.Cli.Diff;

/// <summary>How a piece of the rule set differs between the old and the new rule set.</summary>
internal enum RuleChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>One property of a changed piece: its old and new JSON text (null where it is not written).</summary>
internal sealed record PropertyChange(string Property, string? Old, string? New);

/// <summary>A piece of the rule set that was added, removed or changed, with where it is written (the new file for added or changed, the old for removed).</summary>
internal sealed record RuleChange(RuleChangeKind Kind, string Label, string Where, IReadOnlyList<PropertyChange> Properties);

/// <summary>Compares two rule sets piece by piece: parameters, inputs, values, scorecard rows, bands, table rows, rules, outputs.</summary>
internal static class RuleLevelDiff
{
    /// <summary>The changes in the old rule set's order, then what the new one adds in its order.</summary>
    public static IReadOnlyList<RuleChange> Compare(IReadOnlyList<RuleElement> before, IReadOnlyList<RuleElement> after)
    {
        var newByKey = new Dictionary<(string, string, string?, string?), RuleElement>();
        foreach (var element in after)
        {
            newByKey.TryAdd(element.Key, element);
        }

        var oldKeys = new HashSet<(string, string, string?, string?)>();
        var changes = new List<RuleChange>();
        foreach (var old in before)
        {
            if (!oldKeys.Add(old.Key))
            {
                continue;
            }

            if (!newByKey.TryGetValue(old.Key, out var now))
            {
                changes.Add(new RuleChange(RuleChangeKind.Removed, old.Label, old.Where, old.Properties.Select(p => new PropertyChange(p.Key, p.Value, null)).ToList()));
                continue;
            }

            var properties = Differences(old.Properties, now.Properties);
            if (properties.Count > 0)
            {
                changes.Add(new RuleChange(RuleChangeKind.Changed, now.Label, now.Where, properties));
            }
        }

        foreach (var now in after.Where(e => !oldKeys.Contains(e.Key)).DistinctBy(e => e.Key))
        {
            changes.Add(new RuleChange(RuleChangeKind.Added, now.Label, now.Where, now.Properties.Select(p => new PropertyChange(p.Key, null, p.Value)).ToList()));
        }

        return changes;
    }

    private static List<PropertyChange> Differences(IReadOnlyList<KeyValuePair<string, string>> before, IReadOnlyList<KeyValuePair<string, string>> after)
    {
        var old = before.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var now = after.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var names = before.Select(p => p.Key).Concat(after.Select(p => p.Key).Where(k => !old.ContainsKey(k)));
        return names
            .Select(n => new PropertyChange(n, old.GetValueOrDefault(n), now.GetValueOrDefault(n)))
            .Where(c => !string.Equals(c.Old, c.New, StringComparison.Ordinal))
            .ToList();
    }
}
