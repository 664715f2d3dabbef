using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Expressions.Binding;

namespace RiskTriage.Auditing;

/// <summary>
/// Runs a fail-safe audit: for each case and each input the rule set reads that the case lacks (and optionally each it
/// has, removed), evaluates the case with that input set to each probe value and reports the outputs a probe moves
/// while the decision with the input missing neither asks for review naming the input nor is anything but complete.
/// It only calls the rule set's public evaluation, so normal evaluation pays nothing for it.
/// </summary>
internal sealed class FailSafeAuditor
{
    private readonly RuleSet _ruleSet;
    private readonly FailSafeAuditOptions _options;
    private readonly ProbePlan _plan;
    private readonly OutputOrder[] _outputs;
    private readonly List<FailSafeFinding> _findings = [];
    private readonly List<FailSafeSkippedCase> _skipped = [];
    private long _evaluations;
    private bool _truncated;

    public FailSafeAuditor(RuleSet ruleSet, FailSafeAuditOptions options)
    {
        _ruleSet = ruleSet;
        _options = options;
        _plan = new ProbePlan(ruleSet.Checked, Math.Max(1, options.MaxProbesPerInput));
        _outputs = ruleSet.Checked.Outputs
            .Select(o => new OutputOrder(o.Name, ruleSet.OrderedValues(o.Name), o.Type.Kind == TypeKind.Number))
            .ToArray();
    }

    public FailSafeAuditResult Run(IEnumerable<string> jsonCases)
    {
        var index = 0;
        foreach (var json in jsonCases)
        {
            if (_truncated)
            {
                break;
            }

            AuditCase(index++, json);
        }

        return new FailSafeAuditResult(_findings, _skipped, index, _evaluations, _truncated);
    }

    private void AuditCase(int index, string json)
    {
        JObject root;
        try
        {
            using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, MaxDepth = 64 };
            root = JObject.Load(reader);
        }
        catch (JsonException e)
        {
            _skipped.Add(new FailSafeSkippedCase(index, null, "the case is not a JSON object: " + e.Message));
            return;
        }

        var caseId = root["caseId"] is JValue { Type: JTokenType.String } id ? (string?)id : null;
        if (Evaluate(root) is not { } decision)
        {
            return;
        }

        if (decision.Status == DecisionStatus.Invalid)
        {
            var first = decision.Errors.Count > 0 ? $"{decision.Errors[0].Path}: {decision.Errors[0].Message}" : "invalid";
            _skipped.Add(new FailSafeSkippedCase(index, caseId, "the case is invalid (" + first + ")"));
            return;
        }

        AuditObject(index, caseId, root, decision, root, _plan.Inputs, "");
    }

    // caseDecision is the case's own decision: an input the case lacks is already missing in it (absent and null are
    // both "not known"), so it serves as the decision with that input missing and is not evaluated again.
    private void AuditObject(int index, string? caseId, JObject root, Decision caseDecision, JObject container, ObjectType type, string prefix)
    {
        foreach (var property in type.Properties)
        {
            if (_truncated)
            {
                return;
            }

            if (!_plan.Reads(property))
            {
                continue;
            }

            var path = prefix + property.Name;
            var token = container[property.Name];
            if (token is null || token.Type == JTokenType.Null)
            {
                AuditInput(index, caseId, root, caseDecision, container, property, path);
                continue;
            }

            if (_options.RemovePresentInputs)
            {
                AuditInput(index, caseId, root, null, container, property, path);
            }

            if (property.Type.ObjectType is { } objectType && token is JObject inner)
            {
                AuditObject(index, caseId, root, caseDecision, inner, objectType, path + ".");
            }
            else if (property.Type.Element?.ObjectType is { } itemType && token is JArray items)
            {
                for (var i = 0; i < items.Count && i < _options.MaxListItems; i++)
                {
                    if (items[i] is JObject item)
                    {
                        AuditObject(index, caseId, root, caseDecision, item, itemType, $"{path}[{i}].");
                    }
                }
            }
        }
    }

    private void AuditInput(int index, string? caseId, JObject root, Decision? missing, JObject container, PropertyDef property, string path)
    {
        // The case is changed in place and put back: the field keeps its place, so nothing but the one value differs.
        var existing = container.Property(property.Name, StringComparison.Ordinal);
        var original = existing?.Value;
        var slot = existing ?? new JProperty(property.Name, JValue.CreateNull());
        if (existing is null)
        {
            container.Add(slot);
        }
        else
        {
            slot.Value = JValue.CreateNull();
        }

        try
        {
            Probe(index, caseId, root, missing, slot, property, path);
        }
        finally
        {
            if (existing is null)
            {
                slot.Remove();
            }
            else
            {
                slot.Value = original!;
            }
        }
    }

    private void Probe(int index, string? caseId, JObject root, Decision? known, JProperty slot, PropertyDef property, string path)
    {
        if ((known ?? Evaluate(root)) is not { Status: not DecisionStatus.Invalid } missing || NamesInput(missing, path))
        {
            return;
        }

        var worst = new (RuleValue Value, string Probe)?[_outputs.Length];
        foreach (var probe in _plan.Probes(property))
        {
            // Newtonsoft keeps the old value when the new one is "equal", and it compares numbers approximately: a
            // probe just above a boundary would not replace the one just below. Clearing the slot first defeats that.
            slot.Value = JValue.CreateNull();
            slot.Value = probe.DeepClone();
            if (Evaluate(root) is not { } decision)
            {
                break;
            }

            if (decision.Status == DecisionStatus.Invalid)
            {
                continue;
            }

            for (var o = 0; o < _outputs.Length; o++)
            {
                var output = _outputs[o];
                var value = decision[output.Name];
                var baseline = missing[output.Name];
                var current = worst[o]?.Value ?? baseline;
                if (output.Ordered
                    ? output.Compare(value, current) > 0
                    : worst[o] is null && !value.Equals(baseline))
                {
                    worst[o] = (value, probe.ToString(Formatting.None));
                }
            }
        }

        for (var o = 0; o < _outputs.Length; o++)
        {
            if (worst[o] is { } found)
            {
                _findings.Add(new FailSafeFinding(
                    caseId, index, path, _outputs[o].Name, missing.Status, missing[_outputs[o].Name], found.Value, found.Probe, _outputs[o].Ordered));
            }
        }
    }

    // A review reason names the input when its source is the input, an object holding it or a field inside it, or
    // its message quotes the input's path or the path of an object or list holding it ('needs' for
    // needs.ATTITUDES, 'sentences' for sentences[0].type): a rule about a group of fields names them all.
    private static bool NamesInput(Decision decision, string path)
    {
        if (decision.Status != DecisionStatus.ReviewRequired)
        {
            return false;
        }

        foreach (var reason in decision.ReviewReasons)
        {
            if (reason.Source is { } source
                && (source == path || Within(path, source) || Within(source, path)))
            {
                return true;
            }

            if (QuotesPathOrHolder(reason.Message, path))
            {
                return true;
            }
        }

        return false;
    }

    private static bool QuotesPathOrHolder(string message, string path)
    {
        for (var end = path.Length; end > 0; end = path.LastIndexOfAny(['.', '['], end - 1))
        {
            if (message.Contains("'" + path[..end] + "'", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Within(string inner, string outer) =>
        inner.Length > outer.Length && inner.StartsWith(outer, StringComparison.Ordinal) && inner[outer.Length] is '.' or '[';

    private Decision? Evaluate(JObject root)
    {
        if (_evaluations >= _options.MaxEvaluations)
        {
            _truncated = true;
            return null;
        }

        _evaluations++;
        return _ruleSet.Evaluate(root);
    }

    /// <summary>How an output's values compare: by the declared order, by number, or not at all.</summary>
    private sealed record OutputOrder(string Name, IReadOnlyList<string>? Values, bool IsNumber)
    {
        public bool Ordered => Values is not null || IsNumber;

        // Missing is below every value: an output that could have a value and has none is not a safe outcome.
        public int Compare(RuleValue a, RuleValue b) => Rank(a).CompareTo(Rank(b));

        private double Rank(RuleValue value)
        {
            if (value.IsMissing)
            {
                return double.NegativeInfinity;
            }

            if (IsNumber)
            {
                return value.AsNumber ?? double.NegativeInfinity;
            }

            var index = value.AsString is { } text && Values is { } values ? IndexOf(values, text) : -1;
            return index;
        }

        private static int IndexOf(IReadOnlyList<string> values, string text)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] == text)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
