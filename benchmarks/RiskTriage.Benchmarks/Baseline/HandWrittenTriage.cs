using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using RiskTriage.Probation;

namespace RiskTriage.Benchmarks.Baseline;

/// <summary>Every output of the default probation rules for one case, as computed by <see cref="HandWrittenTriage"/>.</summary>
public sealed class BaselineResult
{
    /// <summary>V2 (Unified Tiering Model) tier, e.g. <c>B2</c>, with an <c>S</c> suffix when unsupervised.</summary>
    public required string Tier { get; init; }

    /// <summary>Protect level <c>A</c> to <c>D</c>.</summary>
    public required string ProtectLevel { get; init; }

    /// <summary>Protect points (only the larger of RSR and RoSH points counts).</summary>
    public required double ProtectPoints { get; init; }

    /// <summary>Change level 0 to 3.</summary>
    public required double ChangeLevel { get; init; }

    /// <summary>Change points (0 when there is no mandate or no assessment).</summary>
    public required double ChangePoints { get; init; }

    /// <summary>V3 tier: <c>A</c> to <c>G</c>, <c>NOT_SUPERVISED</c>, <c>MISSING</c>, or <c>ERROR</c> for a DC-SRP Medium band below 0.60%.</summary>
    public required string TierV3 { get; init; }

    /// <summary>Whether the V3 tier is provisional; null when the V3 tier is not a letter.</summary>
    public required bool? TierV3Provisional { get; init; }

    /// <summary>OGRS3 1-year percentage (1 to 99) computed from the OGRS3 factors; null when a factor is missing or invalid.</summary>
    public required double? Ogrs3OneYear { get; init; }

    /// <summary>OGRS3 2-year percentage (1 to 99) computed from the OGRS3 factors; null when a factor is missing or invalid.</summary>
    public required double? Ogrs3TwoYear { get; init; }

    /// <summary>OGRS3 band (<c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c>, <c>VERY_HIGH</c>) of the 2-year percentage used; null when there is none.</summary>
    public required string? Ogrs3Band { get; init; }

    /// <summary>PNI overall risk: <c>HIGH_RISK</c>, <c>MEDIUM_RISK</c> or <c>LOW_RISK</c>.</summary>
    public required string PniRiskLevel { get; init; }

    /// <summary>PNI overall need: <c>HIGH_NEED</c>, <c>MEDIUM_NEED</c>, <c>LOW_NEED</c>, or null when a needed item is missing.</summary>
    public required string? PniNeedLevel { get; init; }

    /// <summary>Building Choices pathway: <c>HIGH_INTENSITY_BC</c>, <c>MODERATE_INTENSITY_BC</c>, <c>ALTERNATIVE_PATHWAY</c> or <c>MISSING_INFORMATION</c>.</summary>
    public required string ProgrammePathway { get; init; }

    /// <summary>Programme to refer to, e.g. <c>BUILDING_CHOICES_PLUS</c>, or <c>NONE</c>.</summary>
    public required string Programme { get; init; }

    /// <summary>Practitioner grade: <c>PO</c> for protect levels A and B, <c>PO_OR_PSO</c> otherwise.</summary>
    public required string PractitionerGrade { get; init; }

    /// <summary>Workload Measurement Tool points for the tier in the case's setting (0 for S tiers).</summary>
    public required double WorkloadPoints { get; init; }

    /// <summary>Probation Reset: contact is suspended (unsupervised and not exempt).</summary>
    public required bool ContactSuspended { get; init; }

    /// <summary>PNI high-risk criteria (any of them) met.</summary>
    public required bool PniHighRisk { get; init; }

    /// <summary>PNI medium-risk criteria (any of them) met, evaluated independently of the high-risk criteria.</summary>
    public required bool PniMediumRisk { get; init; }

    /// <summary>PNI exception rule 1: OGRS3 at least 75 and (OVP at least 60 or SARA High).</summary>
    public required bool PniHighIntensityByRisk { get; init; }
}

/// <summary>
/// What <see cref="HandWrittenTriage.EvaluateChecked"/> returns: either the first invalid input, or the outputs with the
/// review reasons the rule set's typed evaluator gives.
/// </summary>
public readonly struct CheckedBaselineResult
{
    internal CheckedBaselineResult(BaselineResult? outputs, CaseError? error, IReadOnlyList<ReviewReason> reviewReasons)
    {
        Outputs = outputs;
        Error = error;
        ReviewReasons = reviewReasons;
    }

    /// <summary>Whether a value is outside its enumeration; nothing else was computed.</summary>
    public bool Invalid => Error is not null;

    /// <summary>The first value outside its enumeration, in the schema's order, with the engine's path and message; null when valid.</summary>
    public CaseError? Error { get; }

    /// <summary>The outputs; null when <see cref="Invalid"/>.</summary>
    public BaselineResult? Outputs { get; }

    /// <summary>The review reasons in the order the engine adds them (input checks, then rules); empty when there are none or the case is invalid.</summary>
    public IReadOnlyList<ReviewReason> ReviewReasons { get; }
}

/// <summary>
/// Hand-coded implementation of the default probation rules as rules/probation/README.md describes them (inputs in
/// rules/probation/INPUTS.md), used as the performance and correctness baseline for the rules engine. <see cref="Evaluate"/>
/// computes the outputs only; <see cref="EvaluateChecked"/> also does the input checks and review reasons the rule
/// set's typed evaluator does, for a comparison of equal work.
/// </summary>
public static class HandWrittenTriage
{
    // V3 tiers are ranked by index so "higher tier" is "smaller index" and the overall tier is a Math.Min.
    private const int TierA = 0;
    private const int TierB = 1;
    private const int TierC = 2;
    private const int TierD = 3;
    private const int TierE = 4;
    private const int TierF = 5;
    private const int TierG = 6;
    private const int NotSupervised = 7;
    private const int Missing = 8;
    private const int Error = 9;
    // A step that does not fire; ranks below everything so Math.Min ignores it.
    private const int NoTier = int.MaxValue;

    private static readonly string[] _v3TierNames =
    [
        "A", "B", "C", "D", "E", "F", "G", "NOT_SUPERVISED", "MISSING", "ERROR",
    ];

    // Indexed by protectIndex * 4 + changeLevel, protectIndex A=0 … D=3, so the tier string is never built at run time.
    private static readonly string[] _v2Tiers =
    [
        "A0", "A1", "A2", "A3", "B0", "B1", "B2", "B3", "C0", "C1", "C2", "C3", "D0", "D1", "D2", "D3",
    ];

    private static readonly string[] _v2TiersUnsupervised =
    [
        "A0S", "A1S", "A2S", "A3S", "B0S", "B1S", "B2S", "B3S", "C0S", "C1S", "C2S", "C3S", "D0S", "D1S", "D2S", "D3S",
    ];

    private static readonly string[] _protectLetters = ["A", "B", "C", "D"];

    // supervision.md §2 (hmpps-workload seed data), same index as _v2Tiers.
    private static readonly double[] _workloadCommunity =
    [
        110, 146, 158, 206, 72, 102, 115, 146, 35, 50, 63, 79, 29, 29, 41, 51,
    ];

    private static readonly double[] _workloadLicence =
    [
        0, 163, 175, 219, 0, 119, 132, 161, 0, 52, 65, 77, 0, 31, 43, 51,
    ];

    private static readonly double[] _workloadCustody =
    [
        0, 59, 60, 75, 0, 47, 48, 59, 0, 23, 24, 30, 0, 13, 14, 17,
    ];

    // tiering.md §3 Table 1: rows are CSRP lower bounds, columns ARP lower bounds; first bound <= score wins.
    private static readonly double[] _csrpRowLowerBounds = [6.9, 3.0, 1.0, 0.5, 0.0];
    private static readonly double[] _arpColumnLowerBounds = [90, 75, 50, 25, 15, 0];

    private static readonly int[] _reoffendingTable =
    [
        TierA, TierA, TierB, TierB, TierB, TierB,
        TierA, TierB, TierC, TierC, TierC, TierC,
        TierB, TierC, TierD, TierE, TierE, TierE,
        TierC, TierD, TierE, TierE, TierF, TierF,
        TierD, TierD, TierE, TierF, TierF, TierG,
    ];

    // scores.md §2 OGRS3 age/gender table, age in whole years at start of follow-up.
    private static readonly double[] _ogrs3AgeLowerBounds = [10, 12, 14, 16, 18, 21, 25, 30, 35, 40, 50];
    private static readonly double[] _ogrs3MaleAgeScore =
    [
        0.0, 0.08392, 0.07578, -0.0616, -0.6251, -1.0515, -1.1667, -1.326, -1.368, -1.4997, -2.0253,
    ];

    private static readonly double[] _ogrs3FemaleAgeScore =
    [
        0.785, 0.61385, 0.66952, -0.9592, -0.8975, -1.0285, -1.0528, -1.1291, -1.4219, -1.5247, -2.4498,
    ];

    // Review reasons in the order the engine adds them: the required-input checks in schema order, then the rules in
    // declaration order over the rule files sorted by name (programmes, scores, supervision, tiering-v3, tiering).
    // A bit per reason: bit i set means _reviewReasons[i] was raised (a long: there are more than 32).
    private const int MissingAsOfDateReview = 0;
    private const int MissingGenderReview = 1;
    private const int PniMissingInformationReview = 2;
    private const int PniNoSaraPartnerReview = 3;
    private const int PniNoSaraOthersReview = 4;
    private const int PniNoOvpReview = 5;
    private const int PniNoOspDcReview = 6;
    private const int PniNoOspIicReview = 7;
    private const int PniNoOgrsReview = 8;
    private const int PniNoLdcReview = 9;
    private const int PniNoSexualOffenceHistoryReview = 10;
    private const int PniOgrs4EraOnlyReview = 11;
    private const int Ogrs3FactorsInvalidReview = 12;
    private const int NoOgrsScoreReview = 13;
    private const int NoSettingReview = 14;
    private const int ResetNoChildProtectionReview = 15;
    private const int NoUnsupervisedInfoReview = 16;
    private const int NoPredictorsReview = 17;
    private const int DcSrpInconsistentReview = 18;
    private const int NoActiveEventInfoReview = 19;
    private const int V3NoDomesticAbuseReview = 20;
    private const int V3NoStalkingReview = 21;
    private const int V3NoChildProtectionReview = 22;
    private const int V3NoSexualOffenceHistoryReview = 23;
    private const int V3NoLiferIppReview = 24;
    private const int V3NoReleaseDateReview = 25;
    private const int V3NoPredictorTypeReview = 26;
    private const int V3NoDcSrpReview = 27;
    private const int NoRoshReview = 28;
    private const int NoRsrReview = 29;
    private const int NoAssessmentReview = 30;
    private const int NoSentencesReview = 31;
    private const int MandateConflictReview = 32;
    private const int NoOgrsReview = 33;
    private const int NoMappaLevelReview = 34;
    private const int NoMappaCategoryReview = 35;
    private const int NoComplexityFactorsReview = 36;
    private const int NoNeedsReview = 37;
    private const int NoIomInfoReview = 38;
    private const int NoEnforcementInfoReview = 39;
    private const int NoWomensFactorsReview = 40;
    private const int NoAssessmentInfoReview = 41;
    private const int MandateWithoutSentencesReview = 42;
    private const int SentenceDetailsMissingReview = 43;

    private static readonly ReviewReason[] _reviewReasons =
    [
        MissingInput("asOfDate"),
        MissingInput("gender"),
        new("PNI_MISSING_INFORMATION",
            "programme need items in 'pniNeeds' are unanswered: the pathway cannot be decided until the assessment is complete",
            "pni-missing-information"),
        new("PNI_NO_SARA_PARTNER",
            "'saraPartner' (SARA risk to a partner) is not given: a High or Medium SARA could raise the programme risk level or pathway; record the SARA level, or NOT_APPLICABLE",
            "pni-no-sara-partner"),
        new("PNI_NO_SARA_OTHERS",
            "'saraOthers' (SARA risk to others) is not given: a High or Medium SARA could raise the programme risk level or pathway; record the SARA level, or NOT_APPLICABLE",
            "pni-no-sara-others"),
        new("PNI_NO_OVP",
            "'ovpScore' (OVP 2-year %) is not given: an OVP of 30 or more could raise the programme risk level, and with a high OGRS an OVP of 60 or more gives high intensity (exception 1)",
            "pni-no-ovp"),
        new("PNI_NO_OSP_DC",
            "'ospDcLevel' (OSP/DC level) is not given: a Medium or High level could raise the programme risk level; record the level, or NOT_APPLICABLE",
            "pni-no-osp-dc"),
        new("PNI_NO_OSP_IIC",
            "'ospIicLevel' (OSP/IIC level) is not given: a Medium or High level could raise the programme risk level; record the level, or NOT_APPLICABLE",
            "pni-no-osp-iic"),
        new("PNI_NO_OGRS",
            "neither 'ogrsScore' nor complete 'ogrs3' factors are given: an OGRS of 50 or more could raise the programme risk level, and 75 or more could give high intensity (exception 1)",
            "pni-no-ogrs"),
        new("PNI_NO_LDC",
            "'ldcScore' (learning disabilities and challenges) is not given: with a score of 3 or more the programme would be Building Choices Plus",
            "pni-no-ldc"),
        new("PNI_NO_SEXUAL_OFFENCE_HISTORY",
            "'everCommittedSexualOffence' is not given: the sex need domain was not scored; if the person has committed a sexual offence, the sex items could raise the need level and pathway",
            "pni-no-sexual-offence-history"),
        new("PNI_OGRS4_ERA_ONLY",
            "the case carries OGRS4-era predictors ('predictors.arp', 'predictors.csrp') but no OGRS3 ('ogrsScore' or 'ogrs3'): the OGRS4-era programme rules (programmes.md 2.4) are not applied by this rule set, so the programme risk level, pathway and programme may be too low; decide the programme by hand",
            "pni-ogrs4-era-only"),
        new("OGRS3_FACTORS_INVALID",
            "OGRS3 factors ('ogrs3') were given but are incomplete or outside the formula's rules (ages, sanctions, offence category); OGRS3 was not computed",
            "ogrs3-factors-invalid"),
        new("NO_OGRS_SCORE",
            "'ogrsScore' (OGRS3 2-year %) is not given: the OGRS band, change points and programme risk use the score worked out from 'ogrs3' when it can be, or none; a recorded score could be higher",
            "no-ogrs-score"),
        new("NO_SETTING", "the setting ('setting') is not given: workload points use the community column", "no-setting"),
        new("RESET_NO_CHILD_PROTECTION",
            "'childProtection' is not given for an unsupervised case: contact is suspended, but active child-protection procedures would exempt it from Probation Reset",
            "reset-no-child-protection"),
        new("NO_UNSUPERVISED_INFO",
            "'unsupervised' (Probation Reset registration) is not given: the case is treated as supervised (no S suffix, contact not suspended); send true or false",
            "no-unsupervised-info"),
        new("NO_PREDICTORS", "no ARP/CSRP predictors ('predictors', 'predictors.arp', 'predictors.csrp'): the 2026 tier is MISSING", "v3-predictors-missing"),
        new("DCSRP_INCONSISTENT",
            "the DC-SRP band is Medium but its score is below 0.60%: the band and score contradict each other",
            "v3-dcsrp-error"),
        new("NO_ACTIVE_EVENT_INFO",
            "whether the person has an active event ('hasActiveEvent') is not known; the 2026 tier assumes they are supervised",
            "v3-active-event-unknown"),
        new("V3_NO_DOMESTIC_ABUSE",
            "'domesticAbuse' is not given: the 2026 tier counts it as false; domestic abuse gives tier E at least",
            "v3-no-domestic-abuse"),
        new("V3_NO_STALKING",
            "'stalking' is not given: the 2026 tier counts it as false; stalking gives tier F at least",
            "v3-no-stalking"),
        new("V3_NO_CHILD_PROTECTION",
            "'childProtection' is not given: the 2026 tier counts it as false; active child-protection procedures give tier F at least",
            "v3-no-child-protection"),
        new("V3_NO_SEXUAL_OFFENCE_HISTORY",
            "'everCommittedSexualOffence' is not given: the 2026 tier counts it as false; a sexual offence gives tier E at least",
            "v3-no-sexual-offence-history"),
        new("V3_NO_LIFER_IPP",
            "'liferIpp' is not given: the 2026 tier counts it as false; a lifer or IPP released within a year is tier B",
            "v3-no-lifer-ipp"),
        new("V3_NO_RELEASE_DATE",
            "'latestReleaseDate' is not given for a lifer or IPP: the lifer step gives nothing; a release within a year is tier B",
            "v3-no-release-date"),
        new("V3_NO_PREDICTOR_TYPE",
            "the predictor type ('predictors.arpType' or 'predictors.csrpType') is not given: the 2026 tier is not flagged provisional for static predictors; send STATIC or DYNAMIC",
            "v3-no-predictor-type"),
        new("V3_NO_DCSRP",
            "the DC-SRP ('predictors.dcSrp', its band and score) is not given: the sexual reoffending step gives nothing, but a high DC-SRP gives tier A or B; send the band NOT_APPLICABLE when no DC-SRP applies",
            "v3-no-dcsrp"),
        new("NO_ROSH", "no RoSH level ('rosh'): the protect level counts it as none and may be too low", "no-rosh"),
        new("NO_RSR", "no RSR score ('rsrScore'): the protect level counts it as 0 and may be too low", "no-rsr"),
        new("NO_ASSESSMENT",
            "no current OASys assessment ('hasValidAssessment'): the change level is the default 2, not an assessment of need",
            "no-assessment"),
        new("NO_SENTENCES",
            "no sentence information ('sentences', 'hasMandateForChange'): the mandate for change is unknown, so the change level fell to 0",
            "no-sentences"),
        new("MANDATE_CONFLICT", "hasMandateForChange disagrees with the sentences; the sentences were used", "mandate-conflict"),
        new("NO_OGRS", "no OGRS score (given or computable): change points count 0 for reoffending risk", "no-ogrs"),
        new("NO_MAPPA_LEVEL",
            "'mappaLevel' is not given: MAPPA counts as none (0 protect points), but level 2 or 3 alone gives protect level A; send NONE when the person is not managed under MAPPA",
            "no-mappa-level"),
        new("NO_MAPPA_CATEGORY",
            "'mappaCategory' is not given: it counts as none, but a MAPPA category raises the 2026 tier and exempts the case from Probation Reset suspension; send NONE when there is none",
            "no-mappa-category"),
        new("NO_COMPLEXITY_FACTORS",
            "'complexityFactors' is not given: it counts as no registrations, but each complexity factor adds protect points; send [] when there are none",
            "no-complexity-factors"),
        new("NO_NEEDS",
            "a need severity in 'needs' is not given: it scored 0 change points, but a standard or severe need would add points and could raise the change level; send NO_NEED when there is none",
            "no-needs"),
        new("NO_IOM_INFO",
            "'iomNominal' is not given: it counts as false, but an Integrated Offender Management nominal adds change points; send true or false",
            "no-iom-info"),
        new("NO_ENFORCEMENT_INFO",
            "'previousEnforcementActivity' is not given for a woman: it counts as false, but a breach or recall adds protect points; send true or false",
            "no-enforcement-info"),
        new("NO_WOMENS_FACTORS",
            "a women's factor in 'womensFactors' is not given: it counts as absent, but parenting responsibilities or impulsivity or temper control add protect points",
            "no-womens-factors"),
        new("NO_ASSESSMENT_INFO",
            "'hasValidAssessment' is not given: the women's factors that need an assessment were not counted; send true or false",
            "no-assessment-info"),
        new("MANDATE_WITHOUT_SENTENCES",
            "'sentences' are not given: the change level uses 'hasMandateForChange' as sent, but the sentences decide the mandate when they are known",
            "mandate-without-sentences"),
        new("SENTENCE_DETAILS_MISSING",
            "a sentence in 'sentences' lacks its type, terminated, requirements or a requirement's mainCategory or restrictive: an unknown end counts as current and an unknown requirement as non-restrictive and not unpaid work, so the mandate for change may be wrong",
            "sentence-details-missing"),
    ];

    // The allowed values of each enumeration in ruleset.json, as the engine lists them in its error message.
    private const string GenderValues = "Male, Female";
    private const string LevelValues = "LOW, MEDIUM, HIGH, VERY_HIGH, NOT_APPLICABLE";
    private const string RoshValues = "LOW, MEDIUM, HIGH, VERY_HIGH";
    private const string MappaLevelValues = "M1, M2, M3, NONE";
    private const string MappaCategoryValues = "M1, M2, M3, M4, NONE";
    private const string SeverityValues = "NO_NEED, STANDARD, SEVERE";
    private const string PredictorTypeValues = "STATIC, DYNAMIC";
    private const string SettingValues = "COMMUNITY, LICENCE, CUSTODY";
    private const string OffenceCategoryValues =
        "VIOLENCE, ROBBERY, PUBLIC_ORDER, SEXUAL_NOT_CHILD, SEXUAL_CHILD, SOLICITING, BURGLARY_DOMESTIC, BURGLARY_OTHER, "
        + "THEFT_NON_MOTOR, HANDLING, FRAUD_FORGERY, ABSCONDING_BAIL, TWOC, THEFT_FROM_VEHICLE, OTHER_MOTORING, DRINK_DRIVING, "
        + "CRIMINAL_DAMAGE, DRUG_IMPORT_EXPORT_PRODUCTION, DRUG_POSSESSION_SUPPLY, OTHER";

    /// <summary>
    /// Does the same work as the rule set's typed evaluator (<c>RuleSet.For&lt;ProbationCase&gt;()</c>) on top of
    /// <see cref="Evaluate"/>: checks every enumerated input against ruleset.json (a value outside its enumeration makes
    /// the case invalid and nothing else is computed), reports missing required inputs (<c>MISSING_INPUT</c>), and
    /// raises every rule's review reason, in the engine's order.
    /// </summary>
    /// <param name="c">The case; null fields mean "not known".</param>
    /// <returns>The first invalid value, or the outputs and review reasons.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="c"/> is null.</exception>
    public static CheckedBaselineResult EvaluateChecked(ProbationCase c)
    {
        ArgumentNullException.ThrowIfNull(c);

        if (FirstInvalidValue(c) is { } error)
        {
            return new CheckedBaselineResult(null, error, []);
        }

        BaselineResult result = Evaluate(c);

        // Every rule's condition is a function of the inputs and the outputs, so nothing is recomputed here:
        // the change level is 0 exactly when there is no mandate for change, the OGRS band is missing exactly when
        // no OGRS % is known or computable, and the OGRS3 2-year % is missing exactly when the factors are invalid.
        bool hasMandate = result.ChangeLevel != 0;
        long raised = 0;
        if (c.AsOfDate is null)
        {
            raised |= 1L << MissingAsOfDateReview;
        }

        if (c.Gender is null)
        {
            raised |= 1L << MissingGenderReview;
        }

        // The one input declared "outOfRange": "review": triaged as given, with the engine's reason, added by the
        // input checks after the missing required inputs.
        ReviewReason? rsrOutOfRange = c.RsrScore is double rsr && !(rsr >= 0 && rsr <= 100)
            ? new ReviewReason("OUT_OF_RANGE", string.Create(CultureInfo.InvariantCulture,
                $"'rsrScore' is {rsr:R}, outside its valid range (0 to 100) declared by the rule set; the case was triaged with it as given and needs review"), "rsrScore")
            : null;

        if (result.PniNeedLevel is null)
        {
            raised |= 1L << PniMissingInformationReview;
        }

        raised |= ProgrammeFailSafeReviews(c, result);

        if (c.Ogrs3 is not null && result.Ogrs3TwoYear is null)
        {
            raised |= 1L << Ogrs3FactorsInvalidReview;
        }

        if (c.OgrsScore is null)
        {
            raised |= 1L << NoOgrsScoreReview;
        }

        if (c.Setting is null)
        {
            raised |= 1L << NoSettingReview;
        }

        if (result.ContactSuspended && c.ChildProtection is null)
        {
            raised |= 1L << ResetNoChildProtectionReview;
        }

        if (c.Unsupervised is null)
        {
            raised |= 1L << NoUnsupervisedInfoReview;
        }

        if (result.TierV3 == "MISSING")
        {
            raised |= 1L << NoPredictorsReview;
        }
        else if (result.TierV3 == "ERROR")
        {
            raised |= 1L << DcSrpInconsistentReview;
        }

        if (c.HasActiveEvent is null)
        {
            raised |= 1L << NoActiveEventInfoReview;
        }

        raised |= TierV3FailSafeReviews(c, result);

        if (c.Rosh is null)
        {
            raised |= 1L << NoRoshReview;
        }

        if (c.RsrScore is null)
        {
            raised |= 1L << NoRsrReview;
        }

        if (hasMandate && c.HasValidAssessment != true)
        {
            raised |= 1L << NoAssessmentReview;
        }

        if (c.Sentences is null)
        {
            if (c.HasMandateForChange is null)
            {
                raised |= 1L << NoSentencesReview;
            }
        }
        else if (c.HasMandateForChange is bool given && given != hasMandate)
        {
            // With sentences the mandate used is the one derived from them.
            raised |= 1L << MandateConflictReview;
        }

        if (hasMandate && c.HasValidAssessment == true && result.Ogrs3Band is null)
        {
            raised |= 1L << NoOgrsReview;
        }

        raised |= TierFailSafeReviews(c, hasMandate);

        return new CheckedBaselineResult(result, null, ReviewReasons(raised, rsrOutOfRange));
    }

    /// <summary>Evaluates every output of the default probation rules for one case.</summary>
    /// <param name="c">The case; null fields mean "not known".</param>
    /// <returns>The outputs; the only allocation made.</returns>
    public static BaselineResult Evaluate(ProbationCase c)
    {
        ArgumentNullException.ThrowIfNull(c);

        bool isFemale = c.Gender == "Female";

        // ---- OGRS3 ----
        double? ogrs3OneYear = null;
        double? ogrs3TwoYear = null;
        if (TryComputeOgrs3(c.Ogrs3, c.Gender, out double oneYear, out double twoYear))
        {
            ogrs3OneYear = oneYear;
            ogrs3TwoYear = twoYear;
        }

        // A given score is what OASys recorded, so it wins over our recomputation from the static factors.
        double? ogrs = c.OgrsScore ?? ogrs3TwoYear;

        // ---- V2 protect axis ----
        int rsrPoints = RsrPoints(c.RsrScore);
        int roshPoints = c.Rosh switch
        {
            "VERY_HIGH" => 150,
            "HIGH" => 20,
            "MEDIUM" => 10,
            _ => 0,
        };
        int mappaPoints = c.MappaLevel switch
        {
            "M3" or "M2" => 150,
            "M1" => 5,
            _ => 0,
        };
        int complexityPoints = 2 * DistinctComplexityFactorCount(c.ComplexityFactors);
        int womenPoints = isFemale ? WomensFactorPoints(c) : 0;
        int protectPoints = rsrPoints + roshPoints + mappaPoints + complexityPoints + womenPoints
            - Math.Min(rsrPoints, roshPoints);
        int protectIndex = protectPoints >= 150 ? 0 : protectPoints >= 20 ? 1 : protectPoints >= 10 ? 2 : 3;

        // ---- V2 change axis ----
        bool hasMandate = c.Sentences is { } sentences ? HasMandateForChange(sentences) : c.HasMandateForChange == true;
        int changeLevel;
        int changePoints;
        if (!hasMandate)
        {
            changeLevel = 0;
            changePoints = 0;
        }
        else if (c.HasValidAssessment != true)
        {
            changeLevel = 2;
            changePoints = 0;
        }
        else
        {
            changePoints = NeedPoints(c.Needs)
                + (ogrs is double o ? (int)Math.Floor(o / 10) : 0)
                + (c.IomNominal == true ? 2 : 0);
            changeLevel = changePoints >= 20 ? 3 : changePoints >= 10 ? 2 : 1;
        }

        bool unsupervised = c.Unsupervised == true;
        int tierIndex = protectIndex * 4 + changeLevel;
        string tier = unsupervised ? _v2TiersUnsupervised[tierIndex] : _v2Tiers[tierIndex];

        // ---- V3 ----
        int tierV3 = EvaluateTierV3(c, out bool? provisional);

        // ---- PNI risk (OGRS3 era) ----
        // OSP only counts for men; an unknown gender is treated like a man so a high OSP is never dropped.
        bool ospCounts = !isFemale;
        bool ospApplies = IsScoredLevel(c.OspDcLevel) || IsScoredLevel(c.OspIicLevel);
        bool rsrCounts = isFemale || !ospApplies;
        bool saraHigh = IsHighLevel(c.SaraPartner) || IsHighLevel(c.SaraOthers);
        bool saraMedium = c.SaraPartner == "MEDIUM" || c.SaraOthers == "MEDIUM";
        double? ovp = c.OvpScore;
        double? rsr = c.RsrScore;

        bool pniHighRisk = ogrs >= 75
            || ovp >= 60
            || (ospCounts && IsHighLevel(c.OspDcLevel))
            || (ospCounts && IsHighLevel(c.OspIicLevel))
            || (rsrCounts && rsr >= 3.0)
            || saraHigh;

        // Bands are contiguous half-open ranges so a fractional score between bands (e.g. 74.5) cannot fall to LOW.
        bool pniMediumRisk = (ogrs >= 50 && ogrs < 75)
            || (ovp >= 30 && ovp < 60)
            || (ospCounts && c.OspDcLevel == "MEDIUM")
            || (ospCounts && c.OspIicLevel == "MEDIUM")
            || (rsrCounts && rsr >= 1.0 && rsr < 3.0)
            || saraMedium;

        bool pniHighIntensityByRisk = ogrs >= 75 && (ovp >= 60 || saraHigh);

        string pniRiskLevel = pniHighRisk ? "HIGH_RISK" : pniMediumRisk ? "MEDIUM_RISK" : "LOW_RISK";

        // ---- PNI need and pathway ----
        int needScore = PniNeedScore(c.PniNeeds, c.EverCommittedSexualOffence == true);
        string? pniNeedLevel = needScore < 0 ? null
            : needScore >= 6 ? "HIGH_NEED"
            : needScore >= 3 ? "MEDIUM_NEED"
            : "LOW_NEED";

        string pathway;
        // Missing need items are checked before the exception rules: PniService.getProgramPathway returns
        // MISSING_INFORMATION on any needs validation error before it looks at the exception rules, and it
        // is the fail-safe reading (an incomplete assessment is sent back rather than auto-routed).
        if (pniNeedLevel is null)
        {
            pathway = "MISSING_INFORMATION";
        }
        else if (pniHighIntensityByRisk)
        {
            pathway = "HIGH_INTENSITY_BC";
        }
        else if (needScore < 3 && (saraHigh || saraMedium))
        {
            pathway = "MODERATE_INTENSITY_BC";
        }
        else if (needScore >= 6)
        {
            pathway = pniHighRisk ? "HIGH_INTENSITY_BC" : pniMediumRisk ? "MODERATE_INTENSITY_BC" : "ALTERNATIVE_PATHWAY";
        }
        else if (needScore >= 3)
        {
            pathway = pniHighRisk || pniMediumRisk ? "MODERATE_INTENSITY_BC" : "ALTERNATIVE_PATHWAY";
        }
        else
        {
            pathway = "ALTERNATIVE_PATHWAY";
        }

        string programme;
        bool buildingChoices = pathway is "HIGH_INTENSITY_BC" or "MODERATE_INTENSITY_BC";
        if (!buildingChoices)
        {
            programme = "NONE";
        }
        else if (c.LdcScore >= 3 && c.Setting != "CUSTODY")
        {
            // Building Choices Plus is the LDC-adapted community version; custody keeps the standard intensity.
            programme = "BUILDING_CHOICES_PLUS";
        }
        else
        {
            programme = pathway == "HIGH_INTENSITY_BC"
                ? "BUILDING_CHOICES_HIGH_INTENSITY"
                : "BUILDING_CHOICES_MODERATE_INTENSITY";
        }

        // ---- Supervision ----
        double workload;
        if (unsupervised)
        {
            workload = 0;
        }
        else
        {
            double[] table = c.Setting switch
            {
                "LICENCE" => _workloadLicence,
                "CUSTODY" => _workloadCustody,
                _ => _workloadCommunity,
            };
            workload = table[tierIndex];
        }

        // NONE says "no MAPPA" explicitly; not known counts the same here and asks for review.
        bool exemptFromReset = c.MappaLevel is not (null or "NONE")
            || c.MappaCategory is not (null or "NONE")
            || c.Rosh == "VERY_HIGH"
            || c.ChildProtection == true;

        return new BaselineResult
        {
            Tier = tier,
            ProtectLevel = _protectLetters[protectIndex],
            ProtectPoints = protectPoints,
            ChangeLevel = changeLevel,
            ChangePoints = changePoints,
            TierV3 = _v3TierNames[tierV3],
            TierV3Provisional = provisional,
            Ogrs3OneYear = ogrs3OneYear,
            Ogrs3TwoYear = ogrs3TwoYear,
            Ogrs3Band = ogrs switch
            {
                null => null,
                >= 90 => "VERY_HIGH",
                >= 75 => "HIGH",
                >= 50 => "MEDIUM",
                _ => "LOW",
            },
            PniRiskLevel = pniRiskLevel,
            PniNeedLevel = pniNeedLevel,
            ProgrammePathway = pathway,
            Programme = programme,
            PractitionerGrade = protectIndex <= 1 ? "PO" : "PO_OR_PSO",
            WorkloadPoints = workload,
            ContactSuspended = unsupervised && !exemptFromReset,
            PniHighRisk = pniHighRisk,
            PniMediumRisk = pniMediumRisk,
            PniHighIntensityByRisk = pniHighIntensityByRisk,
        };
    }

    // The programme rules' fail-safe reviews: a missing input that some value of it could raise the risk level, the
    // pathway or the programme with.
    private static long ProgrammeFailSafeReviews(ProbationCase c, BaselineResult result)
    {
        double? ogrs = c.OgrsScore ?? result.Ogrs3TwoYear;
        bool saraHigh = IsHighLevel(c.SaraPartner) || IsHighLevel(c.SaraOthers);
        bool riskCanRise = !result.PniHighRisk;
        bool exceptionOneOpen = result.PniNeedLevel is not (null or "HIGH_NEED") && !result.PniHighIntensityByRisk;
        bool saraCanRaise = !saraHigh && (riskCanRise || exceptionOneOpen || result.PniNeedLevel == "LOW_NEED");
        bool ospCounts = c.Gender != "Female";
        long raised = 0;
        if (c.SaraPartner is null && saraCanRaise)
        {
            raised |= 1L << PniNoSaraPartnerReview;
        }

        if (c.SaraOthers is null && saraCanRaise)
        {
            raised |= 1L << PniNoSaraOthersReview;
        }

        if (c.OvpScore is null && (riskCanRise || (ogrs >= 75 && exceptionOneOpen)))
        {
            raised |= 1L << PniNoOvpReview;
        }

        if (c.OspDcLevel is null && ospCounts && riskCanRise)
        {
            raised |= 1L << PniNoOspDcReview;
        }

        if (c.OspIicLevel is null && ospCounts && riskCanRise)
        {
            raised |= 1L << PniNoOspIicReview;
        }

        if (ogrs is null && (riskCanRise || ((c.OvpScore >= 60 || saraHigh) && exceptionOneOpen)))
        {
            raised |= 1L << PniNoOgrsReview;
        }

        if (c.LdcScore is null && result.ProgrammePathway is "HIGH_INTENSITY_BC" or "MODERATE_INTENSITY_BC" && c.Setting != "CUSTODY")
        {
            raised |= 1L << PniNoLdcReview;
        }

        if (c.EverCommittedSexualOffence is null && result.PniNeedLevel is not null)
        {
            raised |= 1L << PniNoSexualOffenceHistoryReview;
        }

        if (ogrs is null && (c.Predictors?.Arp is not null || c.Predictors?.Csrp is not null))
        {
            raised |= 1L << PniOgrs4EraOnlyReview;
        }

        return raised;
    }

    // The A-G tier's fail-safe reviews: a step input not known while the tier is a letter worked out from the steps.
    private static long TierV3FailSafeReviews(ProbationCase c, BaselineResult result)
    {
        if (result.TierV3 is "NOT_SUPERVISED" or "MISSING" or "ERROR")
        {
            return 0;
        }

        long raised = 0;
        if (c.DomesticAbuse is null)
        {
            raised |= 1L << V3NoDomesticAbuseReview;
        }

        if (c.Stalking is null)
        {
            raised |= 1L << V3NoStalkingReview;
        }

        if (c.ChildProtection is null)
        {
            raised |= 1L << V3NoChildProtectionReview;
        }

        if (c.EverCommittedSexualOffence is null)
        {
            raised |= 1L << V3NoSexualOffenceHistoryReview;
        }

        if (c.LiferIpp is null)
        {
            raised |= 1L << V3NoLiferIppReview;
        }

        if (c.LiferIpp == true && c.LatestReleaseDate is null)
        {
            raised |= 1L << V3NoReleaseDateReview;
        }

        if (c.Predictors?.ArpType is null || c.Predictors.CsrpType is null)
        {
            raised |= 1L << V3NoPredictorTypeReview;
        }

        if (c.Predictors?.DcSrp?.Band is not { } band || (c.Predictors.DcSrp.Score is null && band != "NOT_APPLICABLE"))
        {
            raised |= 1L << V3NoDcSrpReview;
        }

        return raised;
    }

    // The tier's fail-safe reviews: registrations, needs and the women's factors not known where they count.
    private static long TierFailSafeReviews(ProbationCase c, bool hasMandate)
    {
        bool isFemale = c.Gender == "Female";
        bool changePointsCount = hasMandate && c.HasValidAssessment == true;
        long raised = 0;
        if (c.MappaLevel is null)
        {
            raised |= 1L << NoMappaLevelReview;
        }

        if (c.MappaCategory is null)
        {
            raised |= 1L << NoMappaCategoryReview;
        }

        if (c.ComplexityFactors is null)
        {
            raised |= 1L << NoComplexityFactorsReview;
        }

        // Financial management and emotional well-being weigh 0, so their absence changes nothing.
        if (changePointsCount && c.Needs is not { Accommodation: not null, EducationTrainingAndEmployability: not null, Relationships: not null,
                LifestyleAndAssociates: not null, DrugMisuse: not null, AlcoholMisuse: not null, ThinkingAndBehaviour: not null, Attitudes: not null })
        {
            raised |= 1L << NoNeedsReview;
        }

        if (changePointsCount && c.IomNominal is null)
        {
            raised |= 1L << NoIomInfoReview;
        }

        if (isFemale && c.PreviousEnforcementActivity is null)
        {
            raised |= 1L << NoEnforcementInfoReview;
        }

        if (isFemale && c.HasValidAssessment == true
            && c.WomensFactors is not { ParentingResponsibilities: not null, Impulsivity: not null, TemperControl: not null })
        {
            raised |= 1L << NoWomensFactorsReview;
        }

        if (isFemale && !hasMandate && c.HasValidAssessment is null)
        {
            raised |= 1L << NoAssessmentInfoReview;
        }

        if (c.Sentences is null && c.HasMandateForChange is not null)
        {
            raised |= 1L << MandateWithoutSentencesReview;
        }

        if (c.Sentences is { } sentences && LacksSentenceDetails(sentences))
        {
            raised |= 1L << SentenceDetailsMissingReview;
        }

        return raised;
    }

    private static bool LacksSentenceDetails(IReadOnlyList<Sentence> sentences)
    {
        for (int i = 0; i < sentences.Count; i++)
        {
            if (sentences[i] is not { Type: not null, Terminated: not null, Requirements: { } requirements })
            {
                return true;
            }

            for (int j = 0; j < requirements.Count; j++)
            {
                if (requirements[j] is not { MainCategory: not null, Restrictive: not null })
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static ReviewReason MissingInput(string path) => new(
        "MISSING_INPUT",
        $"the required input '{path}' is missing; it must be known before this case can be triaged safely",
        path);

    private static IReadOnlyList<ReviewReason> ReviewReasons(long raised, ReviewReason? outOfRange)
    {
        if (raised == 0 && outOfRange is null)
        {
            return [];
        }

        // Exactly sized, so the reasons are the only allocation besides the outputs. An out-of-range reason comes
        // from the input checks, after the missing required inputs (bits 0 and 1) and before the rules' reasons.
        var reasons = new ReviewReason[BitOperations.PopCount((ulong)raised) + (outOfRange is null ? 0 : 1)];
        int next = 0;
        while (raised != 0)
        {
            int bit = BitOperations.TrailingZeroCount(raised);
            if (bit > MissingGenderReview && outOfRange is not null)
            {
                reasons[next++] = outOfRange;
                outOfRange = null;
            }

            reasons[next++] = _reviewReasons[bit];
            raised &= raised - 1;
        }

        if (outOfRange is not null)
        {
            reasons[next] = outOfRange;
        }

        return reasons;
    }

    // The enumerated inputs of ruleset.json in its declaration order, which is the order the engine reports them in;
    // null is always allowed ("not known"). The lists and list items of the schema declare no enumeration.
    // The declared ranges are checked in the same order, interleaved with the enumerations (rsrScore asks for review
    // instead, see EvaluateChecked).
    private static CaseError? FirstInvalidValue(ProbationCase c)
    {
        if (OutsideDates("asOfDate", c.AsOfDate) is { } asOfDateError)
        {
            return asOfDateError;
        }

        if (c.Gender is not (null or "Male" or "Female"))
        {
            return InvalidValue("gender", c.Gender, GenderValues);
        }

        if (c.RsrScore is double rsr && !double.IsFinite(rsr))
        {
            return NotFinite("rsrScore", rsr);
        }

        if (Outside("ogrsScore", c.OgrsScore, 0, 100, integer: false) is { } ogrsError)
        {
            return ogrsError;
        }

        if (c.Ogrs3 is { } factors)
        {
            CaseError? factorError = Outside("ogrs3.ageAtStartOfFollowUp", factors.AgeAtStartOfFollowUp, 10, 120, integer: true)
                ?? Outside("ogrs3.totalSanctions", factors.TotalSanctions, 1, 999, integer: true)
                ?? Outside("ogrs3.ageAtFirstSanction", factors.AgeAtFirstSanction, 10, 120, integer: true)
                ?? Outside("ogrs3.ageAtCurrentConviction", factors.AgeAtCurrentConviction, 10, 120, integer: true);
            if (factorError is not null)
            {
                return factorError;
            }
        }

        // The offence weight table holds exactly the enumeration; an unknown category has no weight.
        if (c.Ogrs3?.OffenceCategory is { } category && double.IsNaN(Ogrs3OffenceWeight(category)))
        {
            return InvalidValue("ogrs3.offenceCategory", category, OffenceCategoryValues);
        }

        if (Outside("ovpScore", c.OvpScore, 0, 100, integer: false) is { } ovpError)
        {
            return ovpError;
        }

        if (!IsLevelOrNull(c.OspDcLevel))
        {
            return InvalidValue("ospDcLevel", c.OspDcLevel, LevelValues);
        }

        if (!IsLevelOrNull(c.OspIicLevel))
        {
            return InvalidValue("ospIicLevel", c.OspIicLevel, LevelValues);
        }

        if (!IsLevelOrNull(c.SaraPartner))
        {
            return InvalidValue("saraPartner", c.SaraPartner, LevelValues);
        }

        if (!IsLevelOrNull(c.SaraOthers))
        {
            return InvalidValue("saraOthers", c.SaraOthers, LevelValues);
        }

        if (c.Rosh is not (null or "LOW" or "MEDIUM" or "HIGH" or "VERY_HIGH"))
        {
            return InvalidValue("rosh", c.Rosh, RoshValues);
        }

        if (c.MappaLevel is not (null or "M1" or "M2" or "M3" or "NONE"))
        {
            return InvalidValue("mappaLevel", c.MappaLevel, MappaLevelValues);
        }

        if (c.MappaCategory is not (null or "M1" or "M2" or "M3" or "M4" or "NONE"))
        {
            return InvalidValue("mappaCategory", c.MappaCategory, MappaCategoryValues);
        }

        if (c.Needs is { } needs && FirstInvalidSeverity(needs) is { } needError)
        {
            return needError;
        }

        if (c.WomensFactors is { } women
            && (Outside("womensFactors.impulsivity", women.Impulsivity, 0, 2, integer: true)
                ?? Outside("womensFactors.temperControl", women.TemperControl, 0, 2, integer: true)) is { } womenError)
        {
            return womenError;
        }

        if (c.Predictors is { } predictors)
        {
            if ((Outside("predictors.arp", predictors.Arp, 0, 100, integer: false)
                ?? Outside("predictors.csrp", predictors.Csrp, 0, 100, integer: false)) is { } predictorError)
            {
                return predictorError;
            }

            if (!IsPredictorTypeOrNull(predictors.ArpType))
            {
                return InvalidValue("predictors.arpType", predictors.ArpType, PredictorTypeValues);
            }

            if (!IsPredictorTypeOrNull(predictors.CsrpType))
            {
                return InvalidValue("predictors.csrpType", predictors.CsrpType, PredictorTypeValues);
            }

            if (predictors.DcSrp is { } dcSrpScore && Outside("predictors.dcSrp.score", dcSrpScore.Score, 0, 100, integer: false) is { } dcSrpError)
            {
                return dcSrpError;
            }

            if (predictors.DcSrp is { } dcSrp && !IsLevelOrNull(dcSrp.Band))
            {
                return InvalidValue("predictors.dcSrp.band", dcSrp.Band, LevelValues);
            }
        }

        if (OutsideDates("latestReleaseDate", c.LatestReleaseDate) is { } releaseError)
        {
            return releaseError;
        }

        if (c.PniNeeds is { } pni && FirstInvalidPniItem(pni) is { } pniError)
        {
            return pniError;
        }

        if (Outside("ldcScore", c.LdcScore, 0, 11, integer: false) is { } ldcError)
        {
            return ldcError;
        }

        if (c.Setting is not (null or "COMMUNITY" or "LICENCE" or "CUSTODY"))
        {
            return InvalidValue("setting", c.Setting, SettingValues);
        }

        return null;
    }

    private static CaseError? FirstInvalidSeverity(Needs needs)
    {
        if (!IsSeverityOrNull(needs.Accommodation))
        {
            return InvalidValue("needs.ACCOMMODATION", needs.Accommodation, SeverityValues);
        }

        if (!IsSeverityOrNull(needs.EducationTrainingAndEmployability))
        {
            return InvalidValue("needs.EDUCATION_TRAINING_AND_EMPLOYABILITY", needs.EducationTrainingAndEmployability, SeverityValues);
        }

        if (!IsSeverityOrNull(needs.Relationships))
        {
            return InvalidValue("needs.RELATIONSHIPS", needs.Relationships, SeverityValues);
        }

        if (!IsSeverityOrNull(needs.LifestyleAndAssociates))
        {
            return InvalidValue("needs.LIFESTYLE_AND_ASSOCIATES", needs.LifestyleAndAssociates, SeverityValues);
        }

        if (!IsSeverityOrNull(needs.DrugMisuse))
        {
            return InvalidValue("needs.DRUG_MISUSE", needs.DrugMisuse, SeverityValues);
        }

        if (!IsSeverityOrNull(needs.AlcoholMisuse))
        {
            return InvalidValue("needs.ALCOHOL_MISUSE", needs.AlcoholMisuse, SeverityValues);
        }

        if (!IsSeverityOrNull(needs.ThinkingAndBehaviour))
        {
            return InvalidValue("needs.THINKING_AND_BEHAVIOUR", needs.ThinkingAndBehaviour, SeverityValues);
        }

        if (!IsSeverityOrNull(needs.Attitudes))
        {
            return InvalidValue("needs.ATTITUDES", needs.Attitudes, SeverityValues);
        }

        if (!IsSeverityOrNull(needs.FinancialManagementAndIncome))
        {
            return InvalidValue("needs.FINANCIAL_MANAGEMENT_AND_INCOME", needs.FinancialManagementAndIncome, SeverityValues);
        }

        if (!IsSeverityOrNull(needs.EmotionalWellBeing))
        {
            return InvalidValue("needs.EMOTIONAL_WELL_BEING", needs.EmotionalWellBeing, SeverityValues);
        }

        return null;
    }

    private static bool IsLevelOrNull(string? level) => level is null or "LOW" or "MEDIUM" or "HIGH" or "VERY_HIGH" or "NOT_APPLICABLE";

    private static bool IsSeverityOrNull(string? severity) => severity is null or "NO_NEED" or "STANDARD" or "SEVERE";

    private static bool IsPredictorTypeOrNull(string? type) => type is null or "STATIC" or "DYNAMIC";

    private static CaseError? FirstInvalidPniItem(PniNeeds pni) =>
        (pni.Sex is { } sex
            ? Item("pniNeeds.sex.sexualPreoccupation", sex.SexualPreoccupation)
                ?? Item("pniNeeds.sex.offenceRelatedSexualInterests", sex.OffenceRelatedSexualInterests)
                ?? Item("pniNeeds.sex.emotionalCongruence", sex.EmotionalCongruence)
            : null)
        ?? (pni.Thinking is { } thinking
            ? Item("pniNeeds.thinking.proCriminalAttitudes", thinking.ProCriminalAttitudes)
                ?? Item("pniNeeds.thinking.hostileOrientation", thinking.HostileOrientation)
            : null)
        ?? (pni.Relationships is { } relationships
            ? Item("pniNeeds.relationships.curRelCloseFamily", relationships.CurRelCloseFamily)
                ?? Item("pniNeeds.relationships.prevCloseRelationships", relationships.PrevCloseRelationships)
                ?? Item("pniNeeds.relationships.easilyInfluenced", relationships.EasilyInfluenced)
                ?? Item("pniNeeds.relationships.aggressiveControllingBehaviour", relationships.AggressiveControllingBehaviour)
            : null)
        ?? (pni.SelfManagement is { } self
            ? Item("pniNeeds.selfManagement.impulsivity", self.Impulsivity)
                ?? Item("pniNeeds.selfManagement.temperControl", self.TemperControl)
                ?? Item("pniNeeds.selfManagement.problemSolvingSkills", self.ProblemSolvingSkills)
                ?? Item("pniNeeds.selfManagement.difficultiesCoping", self.DifficultiesCoping)
            : null);

    private static CaseError? Item(string path, double? value) => Outside(path, value, 0, 2, integer: true);

    // A range check as ruleset.json declares it: two compares (and a floor for whole numbers) on the value.
    private static CaseError? Outside(string path, double? value, double min, double max, bool integer) =>
        value is double v && !(v >= min && v <= max && (!integer || v == Math.Floor(v))) ? OutsideError(path, v, min, max, integer) : null;

    private static readonly int MinDay = new DateOnly(1900, 1, 1).DayNumber;
    private static readonly int MaxDay = new DateOnly(2100, 12, 31).DayNumber;

    private static CaseError? OutsideDates(string path, DateOnly? value) =>
        value is DateOnly d && (d.DayNumber < MinDay || d.DayNumber > MaxDay)
            ? new CaseError(path, $"'{path}' is {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, outside its valid range (1900-01-01 to 2100-12-31) declared by the rule set")
            : null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CaseError OutsideError(string path, double value, double min, double max, bool integer) =>
        !double.IsFinite(value)
            ? NotFinite(path, value)
            : new CaseError(path, string.Create(CultureInfo.InvariantCulture,
                $"'{path}' is {value:R}, outside its valid range ({(integer ? "whole numbers, " : string.Empty)}{min:R} to {max:R}) declared by the rule set"));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CaseError NotFinite(string path, double value) =>
        new(path, string.Create(CultureInfo.InvariantCulture, $"{value} is not a finite number"));

    // Cold: only an invalid case builds a message.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CaseError InvalidValue(string path, string? value, string allowedValues) =>
        new(path, $"\"{value}\" is not one of the allowed values ({allowedValues})");

    // hmpps-tier builds its RSR bounds with BigDecimal(double): the upper bound 99.99 is really 99.98999…
    // and 6.99 is really 6.99000…0213. An RSR arrives as a short decimal whose nearest double is compared
    // here, so "x < 99.99" and "x <= 6.99" on doubles reproduce both quirks (exactly 99.99 scores 0, exactly
    // 6.99 scores 10, anything strictly between 6.99 and 7.00 scores 0).
    private static int RsrPoints(double? rsr)
    {
        if (rsr is not double r)
        {
            return 0;
        }

        if (r >= 7.0 && r < 99.99)
        {
            return 20;
        }

        if (r >= 3.0 && r <= 6.99)
        {
            return 10;
        }

        return 0;
    }

    private static int DistinctComplexityFactorCount(IReadOnlyList<string>? codes)
    {
        if (codes is null)
        {
            return 0;
        }

        // A bit per register code de-duplicates without allocating a set.
        int seen = 0;
        for (int i = 0; i < codes.Count; i++)
        {
            seen |= codes[i] switch
            {
                "RMDO" => 1 << 0,
                "ALSH" => 1 << 1,
                "RVLN" => 1 << 2,
                "RCCO" => 1 << 3,
                "RCPR" => 1 << 4,
                "RCHD" => 1 << 5,
                "RPIR" => 1 << 6,
                "RVAD" => 1 << 7,
                "STRG" => 1 << 8,
                "RTAO" => 1 << 9,
                _ => 0,
            };
        }

        return System.Numerics.BitOperations.PopCount((uint)seen);
    }

    private static int WomensFactorPoints(ProbationCase c)
    {
        // Breach/recall comes from Delius, so it counts even without an OASys assessment.
        int points = c.PreviousEnforcementActivity == true ? 2 : 0;
        if (c.HasValidAssessment == true && c.WomensFactors is { } factors)
        {
            if (factors.ParentingResponsibilities == true)
            {
                points += 2;
            }

            // Impulsivity and temper control are one factor: counted once even when both are present.
            if (factors.Impulsivity > 0 || factors.TemperControl > 0)
            {
                points += 2;
            }
        }

        return points;
    }

    // Unknown terminated/restrictive/category values (and a requirement that is itself null) are read as "current",
    // "not restrictive" and "not unpaid work": a wrongly missed mandate drops the case to change level 0, the least
    // supervised outcome. A null sentence has no type or requirements, so it gives no mandate, as in the rule set.
    private static bool HasMandateForChange(IReadOnlyList<Sentence> sentences)
    {
        for (int i = 0; i < sentences.Count; i++)
        {
            Sentence? sentence = sentences[i];
            if (sentence is null || sentence.Terminated == true)
            {
                continue;
            }

            if (sentence.Type is "NC" or "SC")
            {
                return true;
            }

            IReadOnlyList<SentenceRequirement>? requirements = sentence.Requirements;
            if (requirements is null)
            {
                continue;
            }

            for (int j = 0; j < requirements.Count; j++)
            {
                SentenceRequirement? requirement = requirements[j];
                if (requirement is null
                    || (requirement.Restrictive != true && requirement.MainCategory is not ("W" or "W1")))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int NeedPoints(Needs? needs)
    {
        if (needs is null)
        {
            return 0;
        }

        // Financial management and emotional well-being have weight 0, so they are not read.
        return Severity(needs.Accommodation)
            + Severity(needs.EducationTrainingAndEmployability)
            + Severity(needs.Relationships)
            + Severity(needs.LifestyleAndAssociates)
            + Severity(needs.DrugMisuse)
            + Severity(needs.AlcoholMisuse)
            + 2 * Severity(needs.ThinkingAndBehaviour)
            + 2 * Severity(needs.Attitudes);
    }

    private static int Severity(string? severity) => severity switch
    {
        "SEVERE" => 2,
        "STANDARD" => 1,
        _ => 0,
    };

    private static int EvaluateTierV3(ProbationCase c, out bool? provisional)
    {
        provisional = null;
        if (c.HasActiveEvent == false)
        {
            return NotSupervised;
        }

        Predictors? predictors = c.Predictors;
        if (predictors is null || predictors.Arp is not double arp || predictors.Csrp is not double csrp)
        {
            return Missing;
        }

        int reoffending = ReoffendingTier(RowFor(csrp), ColumnFor(arp));

        int sexualReoffending = DcSrpTier(predictors.DcSrp);
        if (sexualReoffending == Error)
        {
            return Error;
        }

        bool hasMappa = c.MappaCategory is not (null or "NONE");
        int mappaRosh = hasMappa
            ? c.Rosh switch
            {
                "VERY_HIGH" => TierA,
                "HIGH" => TierC,
                "MEDIUM" => TierD,
                _ => TierE,
            }
            : c.Rosh switch
            {
                "VERY_HIGH" => TierC,
                "HIGH" => TierD,
                _ => NoTier,
            };

        int lifer = NoTier;
        if (c.LiferIpp == true && c.LatestReleaseDate is DateOnly released)
        {
            if (c.AsOfDate is DateOnly asOf)
            {
                lifer = released >= asOf.AddYears(-1) ? TierB
                    : released >= asOf.AddYears(-5) ? TierD
                    : TierE;
            }
            else
            {
                // Without an evaluation date the release cannot be placed in time; assume the most recent band.
                lifer = TierB;
            }
        }

        int flags = NoTier;
        if (c.DomesticAbuse == true || c.EverCommittedSexualOffence == true)
        {
            flags = TierE;
        }
        else if (c.Stalking == true || c.ChildProtection == true)
        {
            flags = TierF;
        }

        // Steps other than Reoffending and MAPPA/RoSH; the provisional rules need them without those two.
        int otherSteps = Math.Min(sexualReoffending, Math.Min(lifer, flags));
        int tier = Math.Min(TierG, Math.Min(reoffending, Math.Min(mappaRosh, otherSteps)));

        bool arpStatic = predictors.ArpType == "STATIC";
        bool csrpStatic = predictors.CsrpType == "STATIC";
        int withoutReoffending = Math.Min(TierG, Math.Min(mappaRosh, otherSteps));
        bool isProvisional;
        if (arpStatic && csrpStatic)
        {
            isProvisional = withoutReoffending > TierA;
        }
        else if (arpStatic)
        {
            // The best a dynamic ARP could give for this CSRP is the first column of Table 1.
            isProvisional = withoutReoffending > ReoffendingTier(RowFor(csrp), 0);
        }
        else if (csrpStatic)
        {
            isProvisional = withoutReoffending > ReoffendingTier(0, ColumnFor(arp));
        }
        else
        {
            isProvisional = false;
        }

        if (!isProvisional && c.Rosh is null)
        {
            // Table 1 only vouches for the tier when both predictors use the OASys needs (dynamic).
            bool bothDynamic = predictors.ArpType == "DYNAMIC" && predictors.CsrpType == "DYNAMIC";
            int withoutRosh = Math.Min(TierG, bothDynamic ? Math.Min(reoffending, otherSteps) : otherSteps);
            isProvisional = hasMappa ? withoutRosh > TierA : withoutRosh > TierC;
        }

        provisional = isProvisional;
        return tier;
    }

    private static int RowFor(double csrp)
    {
        for (int i = 0; i < _csrpRowLowerBounds.Length; i++)
        {
            if (csrp >= _csrpRowLowerBounds[i])
            {
                return i;
            }
        }

        // Below every bound (a negative score): the lowest row rather than an exception.
        return _csrpRowLowerBounds.Length - 1;
    }

    private static int ColumnFor(double arp)
    {
        for (int i = 0; i < _arpColumnLowerBounds.Length; i++)
        {
            if (arp >= _arpColumnLowerBounds[i])
            {
                return i;
            }
        }

        return _arpColumnLowerBounds.Length - 1;
    }

    private static int ReoffendingTier(int row, int column) => _reoffendingTable[row * 6 + column];

    private static int DcSrpTier(DcSrpPredictor? dcSrp)
    {
        if (dcSrp is null || dcSrp.Score is not double score || !(score > 0))
        {
            return NoTier;
        }

        switch (dcSrp.Band)
        {
            case "VERY_HIGH":
                return TierA;
            case "HIGH":
                return TierB;
            case "MEDIUM":
                // Numeric thresholds are authoritative (tiering.md §3: the source's "risk reduction" labels look swapped).
                if (score >= 3.36)
                {
                    return TierC;
                }

                if (score >= 2.11)
                {
                    return TierD;
                }

                if (score >= 1.12)
                {
                    return TierC;
                }

                if (score >= 0.60)
                {
                    return TierD;
                }

                // A Medium band cannot produce a score below 0.60%; the source raises an error.
                return Error;
            case "LOW":
                return TierE;
            default:
                return NoTier;
        }
    }

    private static bool IsHighLevel(string? level) => level is "HIGH" or "VERY_HIGH";

    private static bool IsScoredLevel(string? level) => level is not null && level != "NOT_APPLICABLE";

    // Returns the overall need score 0..8, or -1 when an item the score needs is unanswered.
    private static int PniNeedScore(PniNeeds? needs, bool scoreSexDomain)
    {
        if (needs is null)
        {
            return -1;
        }

        int sexDomain = 0;
        if (scoreSexDomain)
        {
            PniSexNeeds? sex = needs.Sex;
            if (sex is null
                || sex.SexualPreoccupation is not double preoccupation
                || sex.OffenceRelatedSexualInterests is not double interests
                || sex.EmotionalCongruence is not double congruence)
            {
                return -1;
            }

            double total = preoccupation + interests + congruence;
            sexDomain = interests >= 2 || total >= 4 ? 2 : total >= 2 ? 1 : 0;
        }

        PniThinkingNeeds? thinking = needs.Thinking;
        if (thinking is null
            || thinking.ProCriminalAttitudes is not double attitudes
            || thinking.HostileOrientation is not double hostile)
        {
            return -1;
        }

        double thinkingTotal = attitudes + hostile;
        int thinkingDomain = attitudes >= 2 || thinkingTotal >= 3 ? 2 : thinkingTotal >= 1 ? 1 : 0;

        PniRelationshipNeeds? relationships = needs.Relationships;
        if (relationships is null
            || relationships.CurRelCloseFamily is not double family
            || relationships.PrevCloseRelationships is not double previous
            || relationships.EasilyInfluenced is not double influenced
            || relationships.AggressiveControllingBehaviour is not double aggressive)
        {
            return -1;
        }

        int relationshipDomain = FourItemDomain(family + previous + influenced + aggressive);

        PniSelfManagementNeeds? selfManagement = needs.SelfManagement;
        if (selfManagement is null
            || selfManagement.Impulsivity is not double impulsivity
            || selfManagement.TemperControl is not double temper
            || selfManagement.ProblemSolvingSkills is not double problemSolving
            || selfManagement.DifficultiesCoping is not double coping)
        {
            return -1;
        }

        int selfManagementDomain = FourItemDomain(impulsivity + temper + problemSolving + coping);

        return sexDomain + thinkingDomain + relationshipDomain + selfManagementDomain;
    }

    private static int FourItemDomain(double total) => total >= 5 ? 2 : total >= 2 ? 1 : 0;

    private static bool TryComputeOgrs3(Ogrs3Factors? factors, string? gender, out double oneYear, out double twoYear)
    {
        oneYear = 0;
        twoYear = 0;
        if (factors is null
            || factors.AgeAtStartOfFollowUp is not double ageAtStart
            || factors.TotalSanctions is not double totalSanctions
            || factors.AgeAtFirstSanction is not double ageAtFirst
            || factors.AgeAtCurrentConviction is not double ageAtConviction)
        {
            return false;
        }

        bool female;
        if (gender == "Male")
        {
            female = false;
        }
        else if (gender == "Female")
        {
            female = true;
        }
        else
        {
            return false;
        }

        double offenceWeight = Ogrs3OffenceWeight(factors.OffenceCategory);
        // The source's validation rules: outside them the formula has no meaning (or takes the log of <= 0).
        // Negated comparisons also reject NaN.
        if (double.IsNaN(offenceWeight)
            || !(totalSanctions >= 1)
            || !(ageAtConviction >= 10)
            || !(ageAtFirst <= ageAtConviction)
            || !(ageAtStart >= 10))
        {
            return false;
        }

        double wholeYears = Math.Floor(ageAtStart);
        int band = _ogrs3AgeLowerBounds.Length - 1;
        while (wholeYears < _ogrs3AgeLowerBounds[band])
        {
            band--;
        }

        double ageGenderScore = female ? _ogrs3FemaleAgeScore[band] : _ogrs3MaleAgeScore[band];
        double convictionStatusScore = totalSanctions == 1 ? 0.12614 : 0.46306;
        double previousSanctions = totalSanctions - 1;
        double copasScore = 1.25112 * Math.Log((1 + previousSanctions) / (10 + ageAtConviction - ageAtFirst));
        double total = ageGenderScore + convictionStatusScore + copasScore + offenceWeight;

        oneYear = Percentage(1.40256 + total);
        twoYear = Percentage(2.1217 + total);
        return true;
    }

    private static double Percentage(double logit)
    {
        double percent = Math.Round(100.0 / (1.0 + Math.Exp(-logit)), MidpointRounding.AwayFromZero);
        return Math.Clamp(percent, 1, 99);
    }

    private static double Ogrs3OffenceWeight(string? category) => category switch
    {
        "VIOLENCE" => 0.0,
        "ROBBERY" => -0.6348,
        "PUBLIC_ORDER" => 0.1819,
        "SEXUAL_NOT_CHILD" => 0.0328,
        "SEXUAL_CHILD" => -0.6534,
        "SOLICITING" => 0.7606,
        "BURGLARY_DOMESTIC" => -0.1239,
        "BURGLARY_OTHER" => 0.2406,
        "THEFT_NON_MOTOR" => 0.6612,
        "HANDLING" => 0.3519,
        "FRAUD_FORGERY" => 0.1599,
        "ABSCONDING_BAIL" => 0.7334,
        "TWOC" => 0.3801,
        "THEFT_FROM_VEHICLE" => 0.4272,
        "OTHER_MOTORING" => 0.2622,
        "DRINK_DRIVING" => -0.1214,
        "CRIMINAL_DAMAGE" => 0.2050,
        "DRUG_IMPORT_EXPORT_PRODUCTION" => -0.7956,
        "DRUG_POSSESSION_SUPPLY" => 0.0772,
        "OTHER" => -0.0607,
        _ => double.NaN,
    };
}
