using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using RiskTriage.Probation;

namespace RiskTriage.Benchmarks.Baseline;

/// <summary>Every output of the default probation rules for one case, as computed by <see cref="HandWrittenTriage"/>.</summary>
public sealed class BaselineResult
{
    [SetsRequiredMembers]
    internal BaselineResult(in BaselineOutputs outputs)
    {
        Tier = outputs.Tier;
        ProtectLevel = outputs.ProtectLevel;
        ProtectPoints = outputs.ProtectPoints;
        ChangeLevel = outputs.ChangeLevel;
        ChangePoints = outputs.ChangePoints;
        TierV3 = outputs.TierV3;
        TierV3Provisional = outputs.TierV3Provisional;
        Ogrs3OneYear = outputs.Ogrs3OneYear;
        Ogrs3TwoYear = outputs.Ogrs3TwoYear;
        Ogrs3Band = outputs.Ogrs3Band;
        PniRiskLevel = outputs.PniRiskLevel;
        PniNeedLevel = outputs.PniNeedLevel;
        ProgrammePathway = outputs.ProgrammePathway;
        Programme = outputs.Programme;
        PractitionerGrade = outputs.PractitionerGrade;
        WorkloadPoints = outputs.WorkloadPoints;
        ContactSuspended = outputs.ContactSuspended;
        PniHighRisk = outputs.PniHighRisk;
        PniMediumRisk = outputs.PniMediumRisk;
        PniHighIntensityByRisk = outputs.PniHighIntensityByRisk;
    }

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
/// The outputs <see cref="HandWrittenTriage"/> computes for one case, on the stack until <see cref="BaselineResult"/> is
/// made of them: the rules' computation and the result's construction can then be measured apart (see
/// TypedBreakdownBenchmarks). Each member is documented on <see cref="BaselineResult"/>.
/// </summary>
internal readonly struct BaselineOutputs
{
    public required string Tier { get; init; }

    public required string ProtectLevel { get; init; }

    public required double ProtectPoints { get; init; }

    public required double ChangeLevel { get; init; }

    public required double ChangePoints { get; init; }

    public required string TierV3 { get; init; }

    public required bool? TierV3Provisional { get; init; }

    public required double? Ogrs3OneYear { get; init; }

    public required double? Ogrs3TwoYear { get; init; }

    public required string? Ogrs3Band { get; init; }

    public required string PniRiskLevel { get; init; }

    public required string? PniNeedLevel { get; init; }

    public required string ProgrammePathway { get; init; }

    public required string Programme { get; init; }

    public required string PractitionerGrade { get; init; }

    public required double WorkloadPoints { get; init; }

    public required bool ContactSuspended { get; init; }

    public required bool PniHighRisk { get; init; }

    public required bool PniMediumRisk { get; init; }

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

    // Programme risk and need levels by rank (0 low, 1 medium, 2 high).
    private static readonly string[] _riskLevels = ["LOW_RISK", "MEDIUM_RISK", "HIGH_RISK"];
    private static readonly string[] _needLevels = ["LOW_NEED", "MEDIUM_NEED", "HIGH_NEED"];

    // The rule set's parameter pniEraWhenBoth: which PNI rules decide a case with both eras' scores.
    private const PniEra EraWhenBoth = PniEra.Higher;

    private enum PniEra
    {
        Ogrs3,
        Ogrs4,
        Higher,
    }

    // The OGRS4-era PNI of one case: ranks 0 low, 1 medium, 2 high; a need of -1 cannot be determined.
    private readonly struct Ogrs4Pni
    {
        public required int Risk { get; init; }

        public required int Need { get; init; }

        public required string Pathway { get; init; }

        public required bool ArpHigh { get; init; }

        public required bool CsrpCounts { get; init; }

        public required bool Omission { get; init; }

        public required bool SexUnknown { get; init; }

        public required bool ThinkingUnknown { get; init; }

        public required bool RelationshipsUnknown { get; init; }

        public required bool SelfManagementUnknown { get; init; }
    }

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
    // declaration order over the rule files sorted by name (programmes-ogrs4, programmes, scores, supervision, tiering-v3,
    // tiering).
    // A bit per reason: bit i set means _reviewReasons[i] was raised (a long: there are more than 32).
    private const int MissingAsOfDateReview = 0;
    private const int MissingGenderReview = 1;
    private const int Pni4OmissionReview = 2;
    private const int Pni4NoArpReview = 3;
    private const int Pni4ArpNotStaticReview = 4;
    private const int Pni4NoVrpReview = 5;
    private const int Pni4VrpNotStaticReview = 6;
    private const int Pni4NoCsrpReview = 7;
    private const int Pni4NoDcSrpReview = 8;
    private const int Pni4NoIicSrpReview = 9;
    private const int Pni4NoSaraPartnerReview = 10;
    private const int Pni4NoSaraOthersReview = 11;
    private const int Pni4NoNeedAnswersReview = 12;
    private const int Pni4SexAnswersReview = 13;
    private const int Pni4ThinkingAnswersReview = 14;
    private const int Pni4RelationshipsAnswersReview = 15;
    private const int Pni4SelfManagementAnswersReview = 16;
    private const int Pni4NoSexualOffenceHistoryReview = 17;
    private const int PniNoRiskScoresReview = 18;
    private const int PniOgrs4EraOnlyReview = 19;
    private const int PniOgrs3EraOnlyReview = 20;
    private const int PniMissingInformationReview = 21;
    private const int PniNoSaraPartnerReview = 22;
    private const int PniNoSaraOthersReview = 23;
    private const int PniNoOvpReview = 24;
    private const int PniNoOspDcReview = 25;
    private const int PniNoOspIicReview = 26;
    private const int PniNoOgrsReview = 27;
    private const int PniNoLdcReview = 28;
    private const int PniNoSexualOffenceHistoryReview = 29;
    private const int Ogrs3FactorsInvalidReview = 30;
    private const int NoOgrsScoreReview = 31;
    private const int NoSettingReview = 32;
    private const int ResetNoChildProtectionReview = 33;
    private const int NoUnsupervisedInfoReview = 34;
    private const int NoPredictorsReview = 35;
    private const int DcSrpInconsistentReview = 36;
    private const int NoActiveEventInfoReview = 37;
    private const int V3NoDomesticAbuseReview = 38;
    private const int V3NoStalkingReview = 39;
    private const int V3NoChildProtectionReview = 40;
    private const int V3NoSexualOffenceHistoryReview = 41;
    private const int V3NoLiferIppReview = 42;
    private const int V3NoReleaseDateReview = 43;
    private const int V3NoPredictorTypeReview = 44;
    private const int V3NoDcSrpReview = 45;
    private const int NoRoshReview = 46;
    private const int NoRsrReview = 47;
    private const int NoAssessmentReview = 48;
    private const int NoSentencesReview = 49;
    private const int MandateConflictReview = 50;
    private const int NoOgrsReview = 51;
    private const int NoMappaLevelReview = 52;
    private const int NoMappaCategoryReview = 53;
    private const int NoComplexityFactorsReview = 54;
    private const int NoNeedsReview = 55;
    private const int NoIomInfoReview = 56;
    private const int NoEnforcementInfoReview = 57;
    private const int NoWomensFactorsReview = 58;
    private const int NoAssessmentInfoReview = 59;
    private const int MandateWithoutSentencesReview = 60;
    private const int SentenceDetailsMissingReview = 61;

    private static readonly ReviewReason[] _reviewReasons =
    [
        MissingInput("asOfDate"),
        MissingInput("gender"),
        new("PNI_OMISSION",
            "the OGRS4-era programme rules cannot decide the pathway: programme need answers are missing, and so is a SARA value or a DC-SRP/IIC-SRP band or CSRP that could change the result; complete the assessment and re-run",
            "pni4-omission"),
        new("PNI_NO_ARP",
            "'predictors.arp' (All Reoffending Predictor %) is not given: an ARP of 50 or more raises the programme risk level, and 75 or more with a high VRP or SARA gives high intensity in custody; add the ARP and re-run",
            "pni4-no-arp"),
        new("PNI_ARP_NOT_STATIC",
            "'predictors.arpType' is not STATIC: the OGRS4-era programme rules use the static ARP, and this ARP of 50 or more was counted as if it were static; check that the static ARP supports the risk level and pathway",
            "pni4-arp-not-static"),
        new("PNI_NO_VRP",
            "'predictors.vrp' (Violent Reoffending Predictor %) is not given: a VRP of 30 or more could raise the programme risk level, and 60 or more with a high ARP gives high intensity in custody (moderate in the community); add the VRP and re-run",
            "pni4-no-vrp"),
        new("PNI_VRP_NOT_STATIC",
            "'predictors.vrpType' is not STATIC: the OGRS4-era programme rules use the static VRP, and this VRP of 30 or more was counted as if it were static; check that the static VRP supports the risk level and pathway",
            "pni4-vrp-not-static"),
        new("PNI_NO_CSRP",
            "'predictors.csrp' (Combined Serious Reoffending Predictor %) is not given while no DC-SRP or IIC-SRP band applies: a CSRP of 1 or more could raise the programme risk level; add the CSRP and re-run",
            "pni4-no-csrp"),
        new("PNI_NO_DC_SRP",
            "the DC-SRP band ('predictors.dcSrp.band' in 'predictors.dcSrp') is not given: a Medium, High or Very High band could raise the programme risk level, and any band decides whether CSRP counts; record the band, or NOT_APPLICABLE, and re-run",
            "pni4-no-dc-srp-band"),
        new("PNI_NO_IIC_SRP",
            "the IIC-SRP band ('predictors.iicSrp.band' in 'predictors.iicSrp') is not given: a Medium, High or Very High band could raise the programme risk level, and any band decides whether CSRP counts; record the band, or NOT_APPLICABLE, and re-run",
            "pni4-no-iic-srp-band"),
        new("PNI_NO_SARA_PARTNER",
            "'saraPartner' (SARA risk to a partner) is not given: a High or Medium SARA could raise the programme risk level, need level or pathway, and a missing SARA can make the OGRS4-era pathway an omission; record the SARA level, or NOT_APPLICABLE",
            "pni4-no-sara-partner"),
        new("PNI_NO_SARA_OTHERS",
            "'saraOthers' (SARA risk to others) is not given: a High or Medium SARA could raise the programme risk level, need level or pathway, and a missing SARA can make the OGRS4-era pathway an omission; record the SARA level, or NOT_APPLICABLE",
            "pni4-no-sara-others"),
        new("PNI_NO_NEED_ANSWERS",
            "'pniNeeds' (the programme need answers) is not given: the OGRS4-era need level can only come from the SARA fall-backs, if at all; complete the need assessment and re-run",
            "pni4-no-need-assessment"),
        new("PNI_NEED_ANSWERS_MISSING",
            "sex need answers in 'pniNeeds.sex' are unanswered ('pniNeeds.sex.sexualPreoccupation', 'pniNeeds.sex.offenceRelatedSexualInterests', 'pniNeeds.sex.emotionalCongruence'): the domain cannot be scored, so the need level may be too low or undetermined; answer them and re-run",
            "pni4-sex-answers-missing"),
        new("PNI_NEED_ANSWERS_MISSING",
            "thinking need answers in 'pniNeeds.thinking' are unanswered ('pniNeeds.thinking.proCriminalAttitudes', 'pniNeeds.thinking.hostileOrientation'): the domain cannot be scored, so the need level may be too low or undetermined; answer them and re-run",
            "pni4-thinking-answers-missing"),
        new("PNI_NEED_ANSWERS_MISSING",
            "relationships need answers in 'pniNeeds.relationships' are unanswered ('pniNeeds.relationships.curRelCloseFamily', 'pniNeeds.relationships.prevCloseRelationships', 'pniNeeds.relationships.easilyInfluenced', 'pniNeeds.relationships.aggressiveControllingBehaviour'): the domain cannot be scored, so the need level may be too low or undetermined; answer them and re-run",
            "pni4-relationships-answers-missing"),
        new("PNI_NEED_ANSWERS_MISSING",
            "self-management need answers in 'pniNeeds.selfManagement' are unanswered ('pniNeeds.selfManagement.impulsivity', 'pniNeeds.selfManagement.temperControl', 'pniNeeds.selfManagement.problemSolvingSkills', 'pniNeeds.selfManagement.difficultiesCoping'): the domain cannot be scored, so the need level may be too low or undetermined; answer them and re-run",
            "pni4-self-management-answers-missing"),
        new("PNI_NO_SEXUAL_OFFENCE_HISTORY",
            "'everCommittedSexualOffence' is not given: the sex need domain was not scored; if the person has committed a sexual offence, the sex items could raise the need level and pathway",
            "pni4-no-sexual-offence-history"),
        new("PNI_NO_RISK_SCORES",
            "neither an OGRS3 score ('ogrsScore' or 'ogrs3') nor an OGRS4-era predictor ('predictors.arp', 'predictors.csrp' in 'predictors') is given: the programme risk level, pathway and programme may be too low; add the scores the assessment produced and re-run",
            "pni-no-risk-scores"),
        new("PNI_OGRS4_ERA_ONLY",
            "the case carries OGRS4-era predictors but no OGRS3 score ('ogrsScore' or 'ogrs3'): the programme outputs come from the OGRS4-era rules (programmes.md 2.4); an OGRS3 score, if the person has one, would also be applied and could raise them; add it and re-run, or set pniEraWhenBoth to OGRS4 once OGRS3 scores are no longer produced",
            "pni-ogrs4-era-only"),
        new("PNI_OGRS3_ERA_ONLY",
            "the case carries an OGRS3 score but no OGRS4-era predictors ('predictors.arp', 'predictors.csrp' in 'predictors'): the programme outputs come from the OGRS3-era rules (programmes.md 2.2); OGRS4-era predictors, if the person has them, would also be applied and could raise them; add them and re-run",
            "pni-ogrs3-era-only"),
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

    // The allowed values of each enumeration in ruleset.json, in its order, as the engine lists them in its error message.
    private static readonly string[] GenderValues = ["Male", "Female"];
    private static readonly string[] LevelValues = ["LOW", "MEDIUM", "HIGH", "VERY_HIGH", "NOT_APPLICABLE"];
    private static readonly string[] RoshValues = ["LOW", "MEDIUM", "HIGH", "VERY_HIGH"];
    private static readonly string[] MappaLevelValues = ["M1", "M2", "M3", "NONE"];
    private static readonly string[] MappaCategoryValues = ["M1", "M2", "M3", "M4", "NONE"];
    private static readonly string[] SeverityValues = ["NO_NEED", "STANDARD", "SEVERE"];
    private static readonly string[] PredictorTypeValues = ["STATIC", "DYNAMIC"];
    private static readonly string[] SettingValues = ["COMMUNITY", "LICENCE", "CUSTODY"];
    private static readonly string[] OffenceCategoryValues =
    [
        "VIOLENCE",
        "ROBBERY",
        "PUBLIC_ORDER",
        "SEXUAL_NOT_CHILD",
        "SEXUAL_CHILD",
        "SOLICITING",
        "BURGLARY_DOMESTIC",
        "BURGLARY_OTHER",
        "THEFT_NON_MOTOR",
        "HANDLING",
        "FRAUD_FORGERY",
        "ABSCONDING_BAIL",
        "TWOC",
        "THEFT_FROM_VEHICLE",
        "OTHER_MOTORING",
        "DRINK_DRIVING",
        "CRIMINAL_DAMAGE",
        "DRUG_IMPORT_EXPORT_PRODUCTION",
        "DRUG_POSSESSION_SUPPLY",
        "OTHER",
    ];

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

        if (CheckInputs(c, out ReviewReason? rsrOutOfRange) is { } error)
        {
            return new CheckedBaselineResult(null, error, []);
        }

        long raised = Compute(c, out BaselineOutputs outputs);
        return Build(in outputs, raised, rsrOutOfRange);
    }

    // The input checks (see EvaluateChecked): the first value outside its enumeration or range, or null; and the one
    // input declared "outOfRange": "review", triaged as given with the engine's reason.
    internal static CaseError? CheckInputs(ProbationCase c, out ReviewReason? rsrOutOfRange)
    {
        if (FirstInvalidValue(c) is { } error)
        {
            rsrOutOfRange = null;
            return error;
        }

        rsrOutOfRange = c.RsrScore is double rsr && !(rsr >= 0 && rsr <= 100)
            ? new ReviewReason("OUT_OF_RANGE", string.Create(CultureInfo.InvariantCulture,
                $"'rsrScore' is {rsr:R}, outside its valid range (0 to 100) declared by the rule set; the case was triaged with it as given and needs review"), "rsrScore")
            : null;
        return null;
    }

    // The result as the caller gets it, from what Compute worked out: the outputs object and the review reasons.
    internal static CheckedBaselineResult Build(in BaselineOutputs outputs, long raised, ReviewReason? rsrOutOfRange) =>
        new(new BaselineResult(in outputs), null, ReviewReasons(raised, rsrOutOfRange));

    // The rules of a valid case: every output, and which rules' review reasons are raised (bits of _reviewReasons).
    internal static long Compute(ProbationCase c, out BaselineOutputs result)
    {
        Evaluate(c, out Intermediates computed, out result);

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

        if (result.PniNeedLevel is null)
        {
            raised |= 1L << PniMissingInformationReview;
        }

        raised |= ProgrammeFailSafeReviews(c, in result, in computed);

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

        if (computed.TierV3 == Missing)
        {
            raised |= 1L << NoPredictorsReview;
        }
        else if (computed.TierV3 == Error)
        {
            raised |= 1L << DcSrpInconsistentReview;
        }

        if (c.HasActiveEvent is null)
        {
            raised |= 1L << NoActiveEventInfoReview;
        }

        raised |= TierV3FailSafeReviews(c, computed.TierV3);

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
        return raised;
    }

    /// <summary>Evaluates every output of the default probation rules for one case.</summary>
    /// <param name="c">The case; null fields mean "not known".</param>
    /// <returns>The outputs; the only allocation made.</returns>
    public static BaselineResult Evaluate(ProbationCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        Evaluate(c, out _, out BaselineOutputs outputs);
        return new BaselineResult(in outputs);
    }

    // The values the review reasons are worked out from besides the outputs, kept from the one evaluation so that
    // EvaluateChecked computes nothing twice (the OGRS4-era PNI and the need score are the costly ones).
    private readonly struct Intermediates
    {
        public required double? Ogrs { get; init; }

        public required int NeedScore { get; init; }

        public required PniEra Era { get; init; }

        // Valid when Era is not Ogrs3.
        public required Ogrs4Pni Ogrs4 { get; init; }

        public required bool SaraHigh { get; init; }

        // The OGRS3-era results before the era decides: risk rank, need rank (-1 undecided) and pathway.
        public required int Ogrs3RiskRank { get; init; }

        public required int Ogrs3NeedRank { get; init; }

        public required string Ogrs3Pathway { get; init; }

        public required int RiskRank { get; init; }

        public required int NeedRank { get; init; }

        public required int TierV3 { get; init; }
    }

    private static void Evaluate(ProbationCase c, out Intermediates computed, out BaselineOutputs result)
    {
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

        int riskRank = pniHighRisk ? 2 : pniMediumRisk ? 1 : 0;

        // ---- PNI need and pathway (OGRS3 era) ----
        int needScore = PniNeedScore(c.PniNeeds, c.EverCommittedSexualOffence == true);
        int needRank = needScore < 0 ? -1 : NeedRank(needScore);

        string pathway = Ogrs3Pathway(needScore, pniHighIntensityByRisk, saraHigh || saraMedium, pniHighRisk, pniMediumRisk);

        // ---- The era that decides (programmes-ogrs4.json) ----
        int ogrs3RiskRank = riskRank;
        int ogrs3NeedRank = needRank;
        string ogrs3Pathway = pathway;
        PniEra era = EraOf(c, ogrs);
        Ogrs4Pni ogrs4 = default;
        if (era != PniEra.Ogrs3)
        {
            ogrs4 = EvaluateOgrs4(c, saraHigh, saraMedium);
            if (era == PniEra.Ogrs4)
            {
                riskRank = ogrs4.Risk;
                needRank = ogrs4.Need;
                pathway = ogrs4.Pathway;
            }
            else
            {
                // Each output takes the higher era's result; a need or pathway either era cannot decide stays undecided.
                riskRank = Math.Max(riskRank, ogrs4.Risk);
                needRank = needRank < 0 || ogrs4.Need < 0 ? -1 : Math.Max(needRank, ogrs4.Need);
                pathway = HigherPathway(pathway, ogrs4.Pathway);
            }
        }

        string pniRiskLevel = _riskLevels[riskRank];
        string? pniNeedLevel = needRank < 0 ? null : _needLevels[needRank];

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

        computed = new Intermediates
        {
            Ogrs = ogrs,
            NeedScore = needScore,
            Era = era,
            Ogrs4 = ogrs4,
            SaraHigh = saraHigh,
            Ogrs3RiskRank = ogrs3RiskRank,
            Ogrs3NeedRank = ogrs3NeedRank,
            Ogrs3Pathway = ogrs3Pathway,
            RiskRank = riskRank,
            NeedRank = needRank,
            TierV3 = tierV3,
        };

        result = new BaselineOutputs
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
    private static long ProgrammeFailSafeReviews(ProbationCase c, in BaselineOutputs result, in Intermediates computed)
    {
        double? ogrs = computed.Ogrs;
        bool saraHigh = computed.SaraHigh;
        bool riskCanRise = !result.PniHighRisk && computed.Era != PniEra.Ogrs4;
        // Need ranks: 0 low, 1 medium, 2 high, -1 undecided.
        bool exceptionOneOpen = computed.NeedRank is 0 or 1 && !result.PniHighIntensityByRisk;
        bool saraCanRaise = !saraHigh && (riskCanRise || exceptionOneOpen || computed.NeedRank == 0);
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

        if (c.LdcScore is null && result.Programme != "NONE" && c.Setting != "CUSTODY")
        {
            raised |= 1L << PniNoLdcReview;
        }

        bool needItemsMissing = computed.NeedScore < 0;
        if (c.EverCommittedSexualOffence is null && !needItemsMissing)
        {
            raised |= 1L << PniNoSexualOffenceHistoryReview;
        }

        return raised | Ogrs4FailSafeReviews(c, in result, in computed, saraCanRaise);
    }

    // The OGRS4-era rules' reviews (programmes-ogrs4.json).
    private static long Ogrs4FailSafeReviews(ProbationCase c, in BaselineOutputs result, in Intermediates computed, bool saraCanRaise)
    {
        long raised = 0;
        bool saraHigh = computed.SaraHigh;
        bool needItemsMissing = computed.NeedScore < 0;
        bool ogrs3Scores = computed.Ogrs is not null;
        bool ogrs4Scores = c.Predictors?.Arp is not null || c.Predictors?.Csrp is not null;
        PniEra era = computed.Era;
        if (era != PniEra.Ogrs3)
        {
            Predictors predictors = c.Predictors!;
            Ogrs4Pni ogrs4 = computed.Ogrs4;
            if (ogrs4.Omission && ogrs4.Need >= 0)
            {
                raised |= 1L << Pni4OmissionReview;
            }

            if (predictors.Arp is null)
            {
                raised |= 1L << Pni4NoArpReview;
            }

            // The OGRS4-era rules decide an output: alone, or under HIGHER where the result differs from the OGRS3-era one.
            bool ogrs4Raises = era == PniEra.Ogrs4
                || computed.RiskRank != computed.Ogrs3RiskRank
                || computed.NeedRank != computed.Ogrs3NeedRank
                || result.ProgrammePathway != computed.Ogrs3Pathway;
            if (ogrs4Raises && predictors.ArpType != "STATIC" && predictors.Arp >= 50)
            {
                raised |= 1L << Pni4ArpNotStaticReview;
            }

            if (predictors.Vrp is null && (ogrs4.Risk != 2 || ogrs4.ArpHigh))
            {
                raised |= 1L << Pni4NoVrpReview;
            }

            if (ogrs4Raises && predictors.VrpType != "STATIC" && predictors.Vrp >= 30)
            {
                raised |= 1L << Pni4VrpNotStaticReview;
            }

            if (predictors.Csrp is null && ogrs4.CsrpCounts && ogrs4.Risk != 2)
            {
                raised |= 1L << Pni4NoCsrpReview;
            }

            bool bandCanMatter = ogrs4.Risk != 2 || (ogrs4.CsrpCounts && predictors.Csrp >= 1);
            if (predictors.DcSrp?.Band is null && bandCanMatter)
            {
                raised |= 1L << Pni4NoDcSrpReview;
            }

            if (predictors.IicSrp?.Band is null && bandCanMatter)
            {
                raised |= 1L << Pni4NoIicSrpReview;
            }

            // Only where the OGRS3-era rule for the same SARA did not already fire.
            if (c.SaraPartner is null && !saraHigh && !saraCanRaise)
            {
                raised |= 1L << Pni4NoSaraPartnerReview;
            }

            if (c.SaraOthers is null && !saraHigh && !saraCanRaise)
            {
                raised |= 1L << Pni4NoSaraOthersReview;
            }

            if (c.PniNeeds is not { } needs)
            {
                raised |= 1L << Pni4NoNeedAnswersReview;
            }
            else
            {
                bool higher = era == PniEra.Higher;
                bool sexScored = c.EverCommittedSexualOffence == true;
                if (ogrs4.SexUnknown || (higher && sexScored && !AllGiven(needs.Sex)))
                {
                    raised |= 1L << Pni4SexAnswersReview;
                }

                if (ogrs4.ThinkingUnknown || (higher && !AllGiven(needs.Thinking)))
                {
                    raised |= 1L << Pni4ThinkingAnswersReview;
                }

                if (ogrs4.RelationshipsUnknown || (higher && !AllGiven(needs.Relationships)))
                {
                    raised |= 1L << Pni4RelationshipsAnswersReview;
                }

                if (ogrs4.SelfManagementUnknown || (higher && !AllGiven(needs.SelfManagement)))
                {
                    raised |= 1L << Pni4SelfManagementAnswersReview;
                }
            }

            if (c.EverCommittedSexualOffence is null && needItemsMissing)
            {
                raised |= 1L << Pni4NoSexualOffenceHistoryReview;
            }
        }

        if (!ogrs3Scores && !ogrs4Scores)
        {
            raised |= 1L << PniNoRiskScoresReview;
        }

        if (era == PniEra.Ogrs4 && EraWhenBoth != PniEra.Ogrs4)
        {
            raised |= 1L << PniOgrs4EraOnlyReview;
        }

        if (ogrs3Scores && !ogrs4Scores && EraWhenBoth != PniEra.Ogrs3)
        {
            raised |= 1L << PniOgrs3EraOnlyReview;
        }

        return raised;
    }

    // The OGRS3-era pathway (programmes.json pni3Pathway); a negative need score means a need item is missing.
    private static string Ogrs3Pathway(int needScore, bool highIntensityByRisk, bool saraHighOrMedium, bool highRisk, bool mediumRisk)
    {
        string pathway;
        // Missing need items are checked before the exception rules: PniService.getProgramPathway returns
        // MISSING_INFORMATION on any needs validation error before it looks at the exception rules, and it
        // is the fail-safe reading (an incomplete assessment is sent back rather than auto-routed).
        if (needScore < 0)
        {
            pathway = "MISSING_INFORMATION";
        }
        else if (highIntensityByRisk)
        {
            pathway = "HIGH_INTENSITY_BC";
        }
        else if (needScore < 3 && saraHighOrMedium)
        {
            pathway = "MODERATE_INTENSITY_BC";
        }
        else if (needScore >= 6)
        {
            pathway = highRisk ? "HIGH_INTENSITY_BC" : mediumRisk ? "MODERATE_INTENSITY_BC" : "ALTERNATIVE_PATHWAY";
        }
        else if (needScore >= 3)
        {
            pathway = highRisk || mediumRisk ? "MODERATE_INTENSITY_BC" : "ALTERNATIVE_PATHWAY";
        }
        else
        {
            pathway = "ALTERNATIVE_PATHWAY";
        }

        return pathway;
    }

    private static PniEra EraOf(ProbationCase c, double? ogrs)
    {
        bool ogrs3Scores = ogrs is not null;
        bool ogrs4Scores = c.Predictors?.Arp is not null || c.Predictors?.Csrp is not null;
        return ogrs3Scores && ogrs4Scores ? EraWhenBoth : ogrs4Scores ? PniEra.Ogrs4 : PniEra.Ogrs3;
    }

    private static int NeedRank(double score) => score >= 6 ? 2 : score >= 3 ? 1 : 0;

    private static string HigherPathway(string ogrs3, string ogrs4) =>
        ogrs3 == "MISSING_INFORMATION" || ogrs4 == "MISSING_INFORMATION" ? "MISSING_INFORMATION"
        : ogrs3 == "HIGH_INTENSITY_BC" || ogrs4 == "HIGH_INTENSITY_BC" ? "HIGH_INTENSITY_BC"
        : ogrs3 == "MODERATE_INTENSITY_BC" || ogrs4 == "MODERATE_INTENSITY_BC" ? "MODERATE_INTENSITY_BC"
        : "ALTERNATIVE_PATHWAY";

    private static bool AllGiven(PniSexNeeds? sex) =>
        sex is { SexualPreoccupation: not null, OffenceRelatedSexualInterests: not null, EmotionalCongruence: not null };

    private static bool AllGiven(PniThinkingNeeds? thinking) =>
        thinking is { ProCriminalAttitudes: not null, HostileOrientation: not null };

    private static bool AllGiven(PniRelationshipNeeds? relationships) =>
        relationships is { CurRelCloseFamily: not null, PrevCloseRelationships: not null, EasilyInfluenced: not null, AggressiveControllingBehaviour: not null };

    private static bool AllGiven(PniSelfManagementNeeds? selfManagement) =>
        selfManagement is { Impulsivity: not null, TemperControl: not null, ProblemSolvingSkills: not null, DifficultiesCoping: not null };

    // The OGRS4-era PNI (programmes.md 2.4): risk, need with missing answers, pathway and omission.
    private static Ogrs4Pni EvaluateOgrs4(ProbationCase c, bool saraHigh, bool saraMedium)
    {
        Predictors? predictors = c.Predictors;
        double? arp = predictors?.Arp;
        double? vrp = predictors?.Vrp;
        double? csrp = predictors?.Csrp;
        string? dcBand = predictors?.DcSrp?.Band;
        string? iicBand = predictors?.IicSrp?.Band;

        // Any ARP or VRP counts, static or not: the reading that cannot fail low (README section 8).
        bool arpHigh = arp >= 75;
        bool vrpHigh = vrp >= 60;
        bool csrpCounts = dcBand is null or "NOT_APPLICABLE" && iicBand is null or "NOT_APPLICABLE";
        bool high = arpHigh || vrpHigh || IsHighLevel(dcBand) || IsHighLevel(iicBand) || (csrpCounts && csrp >= 3) || saraHigh;
        bool medium = (arp >= 50 && arp < 75)
            || (vrp >= 30 && vrp < 60)
            || dcBand == "MEDIUM"
            || iicBand == "MEDIUM"
            || saraMedium
            || (csrpCounts && csrp >= 1 && csrp < 3);
        int risk = high ? 2 : medium ? 1 : 0;
        bool custody = c.Setting == "CUSTODY";

        // Need: a domain is scored from the answers given when they decide it, and projected with every unanswered
        // item counted as 2 (significant).
        PniNeeds? needs = c.PniNeeds;
        int? sexKnown = 0;
        int sexProjected = 0;
        if (c.EverCommittedSexualOffence == true)
        {
            double? preoccupation = needs?.Sex?.SexualPreoccupation;
            double? interests = needs?.Sex?.OffenceRelatedSexualInterests;
            double? congruence = needs?.Sex?.EmotionalCongruence;
            double known = (preoccupation ?? 0) + (interests ?? 0) + (congruence ?? 0);
            sexKnown = interests == 2 ? 2
                : preoccupation is not null && interests is not null && congruence is not null
                    ? (interests >= 2 || known >= 4 ? 2 : known >= 2 ? 1 : 0)
                : known >= 4 ? 2 : null;
            double projected = (preoccupation ?? 2) + (interests ?? 2) + (congruence ?? 2);
            sexProjected = (interests ?? 2) == 2 || projected >= 4 ? 2 : projected >= 2 ? 1 : 0;
        }

        double? attitudes = needs?.Thinking?.ProCriminalAttitudes;
        double? hostile = needs?.Thinking?.HostileOrientation;
        int? thinkingKnown = attitudes == 2 ? 2
            : attitudes is double a && hostile is double h ? (a >= 2 || a + h >= 3 ? 2 : a + h >= 1 ? 1 : 0)
            : null;
        double thinkingProjectedTotal = (attitudes ?? 2) + (hostile ?? 2);
        int thinkingProjected = (attitudes ?? 2) == 2 || thinkingProjectedTotal >= 3 ? 2 : thinkingProjectedTotal >= 1 ? 1 : 0;

        PniRelationshipNeeds? relationships = needs?.Relationships;
        (int? relationshipsKnown, int relationshipsProjected) = FourItemDomains(
            relationships?.CurRelCloseFamily, relationships?.PrevCloseRelationships, relationships?.EasilyInfluenced, relationships?.AggressiveControllingBehaviour);
        PniSelfManagementNeeds? selfManagement = needs?.SelfManagement;
        (int? selfManagementKnown, int selfManagementProjected) = FourItemDomains(
            selfManagement?.Impulsivity, selfManagement?.TemperControl, selfManagement?.ProblemSolvingSkills, selfManagement?.DifficultiesCoping);

        bool answersMissing = sexKnown is null || thinkingKnown is null || relationshipsKnown is null || selfManagementKnown is null;
        int knownRank = NeedRank((sexKnown ?? 0) + (thinkingKnown ?? 0) + (relationshipsKnown ?? 0) + (selfManagementKnown ?? 0));
        int projectedRank = NeedRank(sexProjected + thinkingProjected + relationshipsProjected + selfManagementProjected);
        int need = !answersMissing ? knownRank
            : knownRank == 2 ? 2
            : knownRank == 1 && !custody ? 1
            : knownRank == projectedRank ? knownRank
            : saraHigh || saraMedium ? (custody ? 2 : 1)
            : -1;

        bool highIntensity = custody && ((arpHigh && vrpHigh) || (arpHigh && saraHigh) || (need == 2 && risk == 2));
        bool moderate = (arpHigh && vrpHigh && !custody)
            || (need == 2 && risk == 2 && !custody)
            || saraHigh
            || saraMedium
            || (need == 1 && risk == 2)
            || (need == 2 && risk == 1)
            || (need == 1 && risk == 1);
        string interim = highIntensity ? "HIGH_INTENSITY_BC" : moderate ? "MODERATE_INTENSITY_BC" : "ALTERNATIVE_PATHWAY";

        // Filling a missing DC-SRP or IIC-SRP band (Very High) or CSRP (100%) pessimistically would change the risk.
        bool projectedRiskDiffers = risk != 2 && (dcBand is null || iicBand is null || (csrpCounts && csrp is null));
        bool omission = need < 0
            || (answersMissing
                && ((interim == "ALTERNATIVE_PATHWAY" && (c.SaraPartner is null || c.SaraOthers is null))
                    || projectedRiskDiffers
                    || (custody && c.SaraPartner is null && c.SaraOthers is null)));

        return new Ogrs4Pni
        {
            Risk = risk,
            Need = need,
            Pathway = omission ? "MISSING_INFORMATION" : interim,
            ArpHigh = arpHigh,
            CsrpCounts = csrpCounts,
            Omission = omission,
            SexUnknown = sexKnown is null,
            ThinkingUnknown = thinkingKnown is null,
            RelationshipsUnknown = relationshipsKnown is null,
            SelfManagementUnknown = selfManagementKnown is null,
        };
    }

    // A four-item domain scored from the answers given (missing when the unanswered items could change it) and
    // projected with every unanswered item counted as 2.
    private static (int? Known, int Projected) FourItemDomains(double? first, double? second, double? third, double? fourth)
    {
        double known = (first ?? 0) + (second ?? 0) + (third ?? 0) + (fourth ?? 0);
        bool allGiven = first is not null && second is not null && third is not null && fourth is not null;
        int? knownDomain = allGiven ? FourItemDomain(known) : known >= 5 ? 2 : null;
        return (knownDomain, FourItemDomain((first ?? 2) + (second ?? 2) + (third ?? 2) + (fourth ?? 2)));
    }

    // The A-G tier's fail-safe reviews: a step input not known while the tier is a letter worked out from the steps.
    private static long TierV3FailSafeReviews(ProbationCase c, int tierV3)
    {
        if (tierV3 is NotSupervised or Missing or Error)
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
    // The case limits are checked in the same order: the typed evaluator holds a typed case to the limits a JSON case
    // is read with (RuleSetLimits' defaults: texts of at most 100,000 characters and whole UTF-16, lists of at most
    // 10,000 items): caseId, each complexityFactors code, and the sentences (their number, each one's type and number
    // of requirements, and each requirement's main category), and the items of the three lists together (at most
    // 100,000). A good engineer writing the same checks by hand would too: these are the bounds that keep a typed
    // case's decision writable as UTF-8 JSON and its work bounded.
    private static CaseError? FirstInvalidValue(ProbationCase c)
    {
        int itemsLeft = MaxCaseItems;
        if (OverLimitText("caseId", c.CaseId) is { } caseIdError)
        {
            return caseIdError;
        }

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

        if (c.ComplexityFactors is { } codes && FirstOverLimitFactor(codes, ref itemsLeft) is { } codeError)
        {
            return codeError;
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

        if (c.Sentences is { } sentences && FirstOverLimitSentence(sentences, ref itemsLeft) is { } sentenceError)
        {
            return sentenceError;
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

            if (FirstInvalidSexualPredictor("predictors.dcSrp.score", "predictors.dcSrp.band", predictors.DcSrp?.Score, predictors.DcSrp?.Band) is { } dcSrpError)
            {
                return dcSrpError;
            }

            if (Outside("predictors.vrp", predictors.Vrp, 0, 100, integer: false) is { } vrpError)
            {
                return vrpError;
            }

            if (!IsPredictorTypeOrNull(predictors.VrpType))
            {
                return InvalidValue("predictors.vrpType", predictors.VrpType, PredictorTypeValues);
            }

            if (FirstInvalidSexualPredictor("predictors.iicSrp.score", "predictors.iicSrp.band", predictors.IicSrp?.Score, predictors.IicSrp?.Band) is { } iicSrpError)
            {
                return iicSrpError;
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

    // A sexual-reoffending predictor (DC-SRP, IIC-SRP): its score's range, then its band, in schema order.
    private static CaseError? FirstInvalidSexualPredictor(string scorePath, string bandPath, double? score, string? band) =>
        Outside(scorePath, score, 0, 100, integer: false)
        ?? (IsLevelOrNull(band) ? null : InvalidValue(bandPath, band, LevelValues));

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

    private const int MaxCaseStringLength = 100_000;
    private const int MaxCollectionItems = 10_000;
    private const int MaxCaseItems = 100_000;

    private static CaseError? OverLimitText(string path, string? text) =>
        text is null || WithinLimits(text) ? null : TextError(path, text);

    // A text within the case limits: at most MaxCaseStringLength characters, and no lone surrogate (found by one
    // vectorised search for any surrogate, pairs checked only past it: most texts hold none).
    private static bool WithinLimits(string text) => text.Length <= MaxCaseStringLength && !HasLoneSurrogate(text);

    // The surrogates as a set: IndexOfAnyInRange over chars was measured allocating 96 bytes a call here.
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(string.Concat(Enumerable.Range(0xD800, 0x800).Select(i => (char)i)));

    private static bool HasLoneSurrogate(string text)
    {
        ReadOnlySpan<char> span = text.AsSpan();
        int at = span.IndexOfAny(Surrogates);
        if (at < 0)
        {
            return false;
        }

        for (int i = at; i < span.Length; i++)
        {
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(span[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static CaseError? FirstOverLimitFactor(IReadOnlyList<string> factors, ref int itemsLeft)
    {
        int count = factors.Count;
        if (count > MaxCollectionItems)
        {
            return TooManyItems("complexityFactors", count);
        }

        if ((itemsLeft -= count) < 0)
        {
            return TooManyCaseItems("complexityFactors");
        }

        for (int i = 0; i < count; i++)
        {
            if (factors[i] is { } factor && !WithinLimits(factor))
            {
                return TextError(ItemPath("complexityFactors", i, null), factor);
            }
        }

        return null;
    }

    private static CaseError? FirstOverLimitSentence(IReadOnlyList<Sentence> sentences, ref int itemsLeft)
    {
        int count = sentences.Count;
        if (count > MaxCollectionItems)
        {
            return TooManyItems("sentences", count);
        }

        if ((itemsLeft -= count) < 0)
        {
            return TooManyCaseItems("sentences");
        }

        for (int i = 0; i < count; i++)
        {
            if (sentences[i] is not { } sentence)
            {
                continue;
            }

            if (sentence.Type is { } type && !WithinLimits(type))
            {
                return TextError(ItemPath("sentences", i, "type"), type);
            }

            if (sentence.Requirements is not { } requirements)
            {
                continue;
            }

            if (requirements.Count > MaxCollectionItems)
            {
                return TooManyItems(ItemPath("sentences", i, "requirements"), requirements.Count);
            }

            if ((itemsLeft -= requirements.Count) < 0)
            {
                return TooManyCaseItems(ItemPath("sentences", i, "requirements"));
            }

            for (int j = 0; j < requirements.Count; j++)
            {
                if (requirements[j] is { MainCategory: { } category } && !WithinLimits(category))
                {
                    return TextError(RequirementPath(i, j), category);
                }
            }
        }

        return null;
    }

    private const string LoneSurrogateMessage =
        "the text holds a lone UTF-16 surrogate (half of a character such as an emoji, e.g. \\uD800 without its pair); it cannot be written as UTF-8, so it is rejected rather than turned into U+FFFD";

    // Cold: only an invalid case builds a message or a path.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CaseError TextError(string path, string text) => text.Length > MaxCaseStringLength
        ? new(path, string.Create(CultureInfo.InvariantCulture, $"the text is {text.Length:N0} characters long; the limit is {MaxCaseStringLength:N0}"))
        : new(path, LoneSurrogateMessage);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CaseError TooManyCaseItems(string path) =>
        new(path, string.Create(CultureInfo.InvariantCulture, $"the case has more than {MaxCaseItems:N0} list items in all (counting every list in it); the limit is {MaxCaseItems:N0}"));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string RequirementPath(int sentence, int requirement) =>
        string.Create(CultureInfo.InvariantCulture, $"sentences[{sentence}].requirements[{requirement}].mainCategory");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CaseError TooManyItems(string path, int count) =>
        new(path, string.Create(CultureInfo.InvariantCulture, $"the list has {count:N0} items, more than {MaxCollectionItems:N0}"));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string ItemPath(string list, int index, string? field) =>
        string.Create(CultureInfo.InvariantCulture, $"{list}[{index}]{(field is null ? string.Empty : "." + field)}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CaseError NotFinite(string path, double value) =>
        new(path, string.Create(CultureInfo.InvariantCulture, $"{value} is not a finite number"));

    // Cold: only an invalid case builds a message: the value cut to 40 characters (never between a surrogate pair),
    // the allowed values and a "did you mean" hint, from the engine's own list and hint helpers (the work measured is
    // the checks', not the message's; helpers the benchmarks' earlier builds have too, so the side-by-side runs build).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CaseError InvalidValue(string path, string? value, string[] allowedValues)
    {
        // A value outside its enumeration is never null (null is "not known"), whatever the compiler can prove.
        var text = value!;
        var quoted = text.Length <= 40 ? text : text[..(char.IsHighSurrogate(text[39]) ? 39 : 40)] + "...";
        return new(path, $"\"{quoted}\" is not one of the allowed values ({Expressions.Binding.DataType.ListValues(allowedValues)}){Diagnostics.NameSuggester.Hint(text, allowedValues)}");
    }

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
