namespace RiskTriage.Tests.Probation;

/// <summary>
/// The default rule set's parameter <c>pniEraWhenBoth</c> (programmes-ogrs4.json): which Programme Needs Identifier rules
/// decide a case that carries both an OGRS3 score and OGRS4-era predictors. The rule tests cover the default (HIGHER);
/// an override can only be given when the rule set is loaded, so the other settings are tested here.
/// </summary>
public sealed class PniEraParameterTests
{
    // OGRS3 80 with OVP 60 is exception 1 (high intensity, in the community too); ARP 10 with VRP 5 is low OGRS4-era risk.
    private const string Ogrs3Higher = """
        {"caseId": "ogrs3-higher", "asOfDate": "2026-06-09", "gender": "Male", "setting": "COMMUNITY",
         "ogrsScore": 80, "ovpScore": 60, "ospDcLevel": "NOT_APPLICABLE", "ospIicLevel": "NOT_APPLICABLE", "rsrScore": 0.5,
         "predictors": {"arp": 10, "arpType": "STATIC", "csrp": 0.2, "csrpType": "STATIC", "vrp": 5, "vrpType": "STATIC",
                        "dcSrp": {"band": "NOT_APPLICABLE"}, "iicSrp": {"band": "NOT_APPLICABLE"}},
         "saraPartner": "NOT_APPLICABLE", "saraOthers": "NOT_APPLICABLE", "everCommittedSexualOffence": false, "ldcScore": 0,
         "pniNeeds": {"thinking": {"proCriminalAttitudes": 1, "hostileOrientation": 1},
                      "relationships": {"curRelCloseFamily": 1, "prevCloseRelationships": 1, "easilyInfluenced": 1, "aggressiveControllingBehaviour": 1},
                      "selfManagement": {"impulsivity": 1, "temperControl": 1, "problemSolvingSkills": 1, "difficultiesCoping": 1}}}
        """;

    // OGRS3 30 with OVP 10 is low OGRS3-era risk; ARP 80 is high OGRS4-era risk.
    private static readonly string Ogrs4Higher = Ogrs3Higher
        .Replace("\"ogrs3-higher\"", "\"ogrs4-higher\"", StringComparison.Ordinal)
        .Replace("\"ogrsScore\": 80, \"ovpScore\": 60", "\"ogrsScore\": 30, \"ovpScore\": 10", StringComparison.Ordinal)
        .Replace("\"arp\": 10", "\"arp\": 80", StringComparison.Ordinal);

    private static readonly string Ogrs4Only = Ogrs4Higher.Replace("\"ogrsScore\": 30, ", "", StringComparison.Ordinal);

    private static readonly string Ogrs3Only = Ogrs3Higher.Replace("\"arp\": 10, \"arpType\": \"STATIC\", \"csrp\": 0.2, \"csrpType\": \"STATIC\", ", "", StringComparison.Ordinal);

    private static RuleSet Load(string? eraWhenBoth) => eraWhenBoth is null
        ? ProbationRuleSetTests.Probation
        : RuleSet.Load(ProbationRuleSetTests.ProbationPath, new RuleSetOptions
        {
            Parameters = new Dictionary<string, object?> { ["pniEraWhenBoth"] = eraWhenBoth },
        });

    [Theory]
    [InlineData(null, "HIGH_RISK", "HIGH_INTENSITY_BC", "HIGH_RISK", "MODERATE_INTENSITY_BC")]
    [InlineData("HIGHER", "HIGH_RISK", "HIGH_INTENSITY_BC", "HIGH_RISK", "MODERATE_INTENSITY_BC")]
    [InlineData("OGRS3", "HIGH_RISK", "HIGH_INTENSITY_BC", "LOW_RISK", "ALTERNATIVE_PATHWAY")]
    [InlineData("OGRS4", "LOW_RISK", "ALTERNATIVE_PATHWAY", "HIGH_RISK", "MODERATE_INTENSITY_BC")]
    // A value the rule set does not know counts as HIGHER, the reading that cannot fail low.
    [InlineData("BOTH", "HIGH_RISK", "HIGH_INTENSITY_BC", "HIGH_RISK", "MODERATE_INTENSITY_BC")]
    public void A_case_with_both_eras_scores_is_decided_as_the_parameter_says(
        string? eraWhenBoth, string ogrs3HigherRisk, string ogrs3HigherPathway, string ogrs4HigherRisk, string ogrs4HigherPathway)
    {
        RuleSet rules = Load(eraWhenBoth);

        Decision ogrs3 = rules.Evaluate(Ogrs3Higher);
        Decision ogrs4 = rules.Evaluate(Ogrs4Higher);

        Assert.Equal(ogrs3HigherRisk, ogrs3["pniRiskLevel"].AsString);
        Assert.Equal(ogrs3HigherPathway, ogrs3["programmePathway"].AsString);
        Assert.Equal(ogrs4HigherRisk, ogrs4["pniRiskLevel"].AsString);
        Assert.Equal(ogrs4HigherPathway, ogrs4["programmePathway"].AsString);
    }

    [Theory]
    [InlineData(null, true, true)]
    [InlineData("OGRS3", true, false)]
    [InlineData("OGRS4", false, true)]
    public void A_case_with_one_eras_scores_is_reviewed_while_the_other_eras_scores_could_still_change_it(
        string? eraWhenBoth, bool ogrs4OnlyReviewed, bool ogrs3OnlyReviewed)
    {
        RuleSet rules = Load(eraWhenBoth);

        Decision ogrs4Only = rules.Evaluate(Ogrs4Only);
        Decision ogrs3Only = rules.Evaluate(Ogrs3Only);

        // The era decides whatever the parameter: the parameter only says what happens when both are given.
        Assert.Equal("HIGH_RISK", ogrs4Only["pniRiskLevel"].AsString);
        Assert.Equal("MODERATE_INTENSITY_BC", ogrs4Only["programmePathway"].AsString);
        Assert.Equal("HIGH_INTENSITY_BC", ogrs3Only["programmePathway"].AsString);
        Assert.Equal(ogrs4OnlyReviewed, ogrs4Only.ReviewReasons.Any(r => r.Code == "PNI_OGRS4_ERA_ONLY"));
        Assert.Equal(ogrs3OnlyReviewed, ogrs3Only.ReviewReasons.Any(r => r.Code == "PNI_OGRS3_ERA_ONLY"));
    }
}
