namespace RiskTriage.Tests.Auditing;

public sealed class FailSafeAuditTests
{
    // A level that a missing score quietly leaves LOW: the hole the audit exists to find.
    private const string Holed = """
        "inputs": { "caseId": "string", "score": "number" },
        "rules": [ { "id": "high", "when": "score >= 60", "then": [ { "set": "level", "to": "HIGH" } ] } ],
        "outputs": { "level": { "type": "string", "enum": ["LOW", "HIGH"], "order": "ascending", "value": "'LOW'" } }
        """;

    private static RuleSet Load(string body) => RuleSetSources.Load("{" + RuleSetSources.Header + body + "}");

    [Fact]
    public void A_missing_number_that_could_raise_an_ordered_output_is_found_at_the_boundary()
    {
        var result = Load(Holed).AuditFailSafe(["""{ "caseId": "c1" }"""]);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("c1", "score", "level", DecisionStatus.Complete, "LOW", "HIGH", "60", true),
            (finding.CaseId, finding.Input, finding.Output, finding.MissingStatus, finding.MissingValue.AsString, finding.WorstValue.AsString, finding.Probe, finding.Ordered));
        Assert.Equal("case c1: with 'score' missing, level is LOW (complete); score = 60 gives HIGH (could be higher)", finding.ToString());
        Assert.False(result.Passed);
        Assert.False(result.Truncated);
    }

    [Fact]
    public void A_strict_comparison_is_probed_just_above_its_boundary()
    {
        var result = Load(Holed.Replace("score >= 60", "score > 60", StringComparison.Ordinal)).AuditFailSafe(["{}"]);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(Math.BitIncrement(60.0), double.Parse(finding.Probe, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("#1", finding.CaseName);
    }

    [Fact]
    public void A_band_boundary_on_an_input_is_probed()
    {
        var result = Load("""
            "inputs": { "score": "number" },
            "bands": { "band": { "value": "score", "bands": [ { "label": "HIGH", "min": 42 }, { "label": "LOW", "max": 42 } ] } },
            "rules": [ { "id": "high", "when": "band == 'HIGH'", "then": [ { "set": "level", "to": "HIGH" } ] } ],
            "outputs": { "level": { "type": "string", "enum": ["LOW", "HIGH"], "order": "ascending", "value": "'LOW'" } }
            """).AuditFailSafe(["{}"]);

        Assert.Equal("42", Assert.Single(result.Findings, f => f.Output == "level").Probe);
    }

    [Fact]
    public void A_table_cell_range_on_an_input_is_probed()
    {
        var result = Load("""
            "inputs": { "score": "number" },
            "tables": { "t": { "hitPolicy": "FIRST", "inputs": ["score"], "outputs": { "level": { "type": "string", "enum": ["LOW", "HIGH"] } },
              "rows": [ { "id": "hi", "when": [">= 17"], "then": { "level": "HIGH" } }, { "id": "lo", "when": ["-"], "then": { "level": "LOW" } } ] } },
            "outputs": { "level": { "type": "string", "enum": ["LOW", "HIGH"], "order": "ascending" } }
            """).AuditFailSafe(["{}"]);

        Assert.Equal(("LOW", "HIGH", "17"), Assert.Single(result.Findings) is var f ? (f.MissingValue.AsString, f.WorstValue.AsString, f.Probe) : default);
    }

    [Theory]
    [InlineData("""{ "type": "number", "required": true }""")]
    public void A_rule_set_that_sends_the_missing_input_to_review_passes(string declaration)
    {
        var ruleSet = Load(Holed.Replace("\"score\": \"number\"", "\"score\": " + declaration, StringComparison.Ordinal));

        var result = ruleSet.AuditFailSafe(["""{ "caseId": "c1" }"""]);

        Assert.Empty(result.Findings);
        Assert.True(result.Passed);
        // The case's own decision is the decision with the input missing; naming it, it leaves nothing to probe.
        Assert.Equal(1, result.Evaluations);
    }

    [Fact]
    public void A_review_rule_whose_message_names_the_input_passes()
    {
        var body = Holed.Replace("\"rules\": [", """
            "rules": [ { "id": "no-score", "when": "score == null", "then": [ { "review": "NO_SCORE", "message": "'score' is missing" } ] },
            """, StringComparison.Ordinal);

        Assert.True(Load(body).AuditFailSafe(["{}"]).Passed);
    }

    [Fact]
    public void A_review_that_does_not_name_the_missing_input_is_still_a_hole()
    {
        var body = Holed.Replace("\"rules\": [", """
            "rules": [ { "id": "always", "when": "true", "then": [ { "review": "CHECK", "message": "look at the case" } ] },
            """, StringComparison.Ordinal);

        var finding = Assert.Single(Load(body).AuditFailSafe(["{}"]).Findings);
        Assert.Equal(DecisionStatus.ReviewRequired, finding.MissingStatus);
        Assert.Contains("review not naming it", finding.ToString(), StringComparison.Ordinal);
    }

    // A rule about a group of fields ("a need in 'needs' is not given") names every field inside the group; a quote
    // of a sibling or of a longer name that merely starts the same way names nothing.
    [Theory]
    [InlineData("a value in 'group' is missing", true)]
    [InlineData("'group.score' is missing", true)]
    [InlineData("'group.other' is missing", false)]
    [InlineData("'groupScore' is missing", false)]
    [InlineData("group is missing", false)]
    public void A_review_whose_message_quotes_the_object_holding_the_input_names_it(string message, bool names)
    {
        var ruleSet = Load($$"""
            "inputs": { "group": { "type": "object", "properties": { "score": "number", "other": "number" } }, "groupScore": "number" },
            "rules": [
              { "id": "high", "when": "group.score >= 60 || group.other >= 60 || groupScore >= 60", "then": [ { "set": "level", "to": "HIGH" } ] },
              { "id": "no-score", "when": "group.score == null", "then": [ { "review": "NO_SCORE", "message": "{{message}}" } ] } ],
            "outputs": { "level": { "type": "string", "enum": ["LOW", "HIGH"], "order": "ascending", "value": "'LOW'" } }
            """);

        var result = ruleSet.AuditFailSafe(["""{ "group": { "other": 1 }, "groupScore": 1 }"""]);

        Assert.Equal(names, !result.Findings.Any(f => f.Input == "group.score"));
    }

    [Fact]
    public void A_missing_value_that_already_gives_the_highest_outcome_is_not_a_hole()
    {
        var body = Holed.Replace("score >= 60", "score == null || score >= 60", StringComparison.Ordinal);

        var result = Load(body).AuditFailSafe(["{}"]);

        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_descending_order_makes_the_same_change_a_lowering_and_no_hole()
    {
        var body = Holed.Replace("\"ascending\"", "\"descending\"", StringComparison.Ordinal);

        Assert.Empty(Load(body).AuditFailSafe(["{}"]).Findings);
    }

    [Fact]
    public void Any_change_of_an_unordered_output_is_a_finding()
    {
        var body = Holed.Replace(", \"order\": \"ascending\"", "", StringComparison.Ordinal);

        var finding = Assert.Single(Load(body).AuditFailSafe(["{}"]).Findings);
        Assert.False(finding.Ordered);
        Assert.EndsWith("score = 60 gives HIGH (could differ)", finding.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_output_is_ordered_by_value_and_the_highest_probe_is_the_worst()
    {
        var result = Load("""
            "inputs": { "risk": { "type": "string", "enum": ["LOW", "MEDIUM", "HIGH"] } },
            "outputs": { "points": { "type": "number", "value": "risk == 'HIGH' ? 10 : risk == 'MEDIUM' ? 5 : 0" } }
            """).AuditFailSafe(["{}"]);

        var finding = Assert.Single(result.Findings);
        Assert.Equal((0.0, 10.0, "\"HIGH\"", true), (finding.MissingValue.AsNumber, finding.WorstValue.AsNumber, finding.Probe, finding.Ordered));
    }

    [Fact]
    public void Booleans_are_probed_both_ways()
    {
        var result = Load("""
            "inputs": { "exempt": "bool" },
            "outputs": { "suspended": { "type": "bool", "value": "exempt != true" } }
            """).AuditFailSafe(["{}"]);

        Assert.Equal("true", Assert.Single(result.Findings).Probe);
    }

    private const string Lists = """
        "inputs": {
          "orders": { "type": "list", "items": { "type": "object", "properties": {
            "kind": { "type": "string", "enum": ["COMMUNITY", "CUSTODY"] } } } },
          "address": { "type": "object", "properties": { "stable": "bool", "postcode": "string" } }
        },
        "rules": [
          { "id": "custody", "when": "orders.Any(o => o.kind == 'CUSTODY')", "then": [ { "set": "level", "to": "HIGH" } ] },
          { "id": "unstable", "when": "address.stable == false", "then": [ { "set": "level", "to": "HIGH" } ] }
        ],
        "outputs": { "level": { "type": "string", "enum": ["LOW", "HIGH"], "order": "ascending", "value": "'LOW'" } }
        """;

    [Fact]
    public void A_missing_list_is_probed_with_one_item_of_each_shape_and_a_missing_object_with_one_field_at_a_time()
    {
        var result = Load(Lists).AuditFailSafe(["{}"]);

        Assert.Equal(
            ["orders: [{\"kind\":\"CUSTODY\"}]", "address: {\"stable\":false}"],
            result.Findings.Select(f => $"{f.Input}: {f.Probe}"));
    }

    [Fact]
    public void Missing_fields_inside_present_list_items_and_objects_are_probed_by_their_path()
    {
        var result = Load(Lists).AuditFailSafe(["""{ "orders": [ { "kind": "COMMUNITY" }, {} ], "address": { "postcode": "X" } }"""]);

        Assert.Equal(["orders[1].kind: \"CUSTODY\"", "address.stable: false"], result.Findings.Select(f => $"{f.Input}: {f.Probe}"));
    }

    [Fact]
    public void Inputs_the_rule_set_does_not_read_are_not_probed()
    {
        var result = Load(Lists).AuditFailSafe(["""{ "orders": [], "address": { "stable": true } }"""]);

        Assert.Empty(result.Findings);
        Assert.Equal(1, result.Evaluations);
    }

    [Fact]
    public void Present_inputs_are_removed_in_turn_only_on_request()
    {
        var ruleSet = Load(Holed);

        Assert.Empty(ruleSet.AuditFailSafe(["""{ "score": 10 }"""]).Findings);
        var finding = Assert.Single(ruleSet.AuditFailSafe(["""{ "score": 10 }"""], new FailSafeAuditOptions { RemovePresentInputs = true }).Findings);
        Assert.Equal("score", finding.Input);
    }

    [Fact]
    public void Invalid_cases_are_skipped_and_named_and_the_others_audited()
    {
        var result = Load(Holed).AuditFailSafe(["""{ "score": "ten" }""", "not json", """{ "caseId": "ok" }"""]);

        Assert.Equal([0, 1], result.SkippedCases.Select(s => s.CaseIndex));
        Assert.Equal("ok", Assert.Single(result.Findings).CaseId);
        Assert.Equal(3, result.Cases);
        Assert.False(result.Passed);
    }

    [Fact]
    public void The_evaluation_bound_stops_the_audit_and_says_so()
    {
        var result = Load(Holed).AuditFailSafe(["{}", "{}"], new FailSafeAuditOptions { MaxEvaluations = 2 });

        Assert.True(result.Truncated);
        Assert.Equal(2, result.Evaluations);
        Assert.False(result.Passed);
    }

    [Fact]
    public void The_probe_bound_limits_the_values_tried_per_input()
    {
        var ruleSet = Load("""
            "inputs": { "risk": { "type": "string", "enum": ["LOW", "MEDIUM", "HIGH"] } },
            "outputs": { "points": { "type": "number", "value": "risk == 'HIGH' ? 10 : 0" } }
            """);

        var result = ruleSet.AuditFailSafe(["{}"], new FailSafeAuditOptions { MaxProbesPerInput = 2 });

        // The case as given (which has the input missing), then the first two probes (LOW, MEDIUM): HIGH is never tried.
        Assert.Empty(result.Findings);
        Assert.Equal(3, result.Evaluations);
    }

    [Fact]
    public void A_number_only_compared_with_constants_is_probed_at_its_own_boundaries_only()
    {
        // 1000 and 5 are constants of the rule set, but score is never computed with, so it cannot reach them.
        var body = Holed.Replace("\"value\": \"'LOW'\" }", "\"value\": \"'LOW'\" }, \"bonus\": { \"type\": \"number\", \"value\": \"level == 'HIGH' ? 1000 : 5\" }", StringComparison.Ordinal);

        var result = Load(body).AuditFailSafe(["{}"]);

        // The case, then 60, just below and above it, 59, 61 and 0.
        Assert.Equal(7, result.Evaluations);
        Assert.Equal("60", Assert.Single(result.Findings, f => f.Output == "level").Probe);
    }

    [Fact]
    public void A_number_used_in_arithmetic_is_still_probed_with_every_constant()
    {
        var body = Holed.Replace("score >= 60", "score * 2 >= 120", StringComparison.Ordinal);

        var result = Load(body).AuditFailSafe(["{}"]);

        // 120 is compared with score * 2, not with score: only the rule set's constants as a whole reach it.
        Assert.Equal("120", Assert.Single(result.Findings).Probe);
    }

    [Fact]
    public void A_whole_number_input_compared_with_a_fraction_is_probed_at_the_whole_numbers_either_side()
    {
        var body = Holed.Replace("\"score\": \"number\"", "\"score\": { \"type\": \"number\", \"integer\": true }", StringComparison.Ordinal)
            .Replace("score >= 60", "score > 2.5", StringComparison.Ordinal);

        var finding = Assert.Single(Load(body).AuditFailSafe(["{}"]).Findings);

        Assert.Equal("3", finding.Probe);
    }

    [Fact]
    public void Bad_bounds_are_refused_with_the_option_named()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Load(Holed).AuditFailSafe(["{}"], new FailSafeAuditOptions { MaxProbesPerInput = 0 }));
        Assert.Contains("MaxProbesPerInput", e.Message, StringComparison.Ordinal);
    }
}
