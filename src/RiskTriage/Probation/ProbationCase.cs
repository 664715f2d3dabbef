using Newtonsoft.Json;

namespace RiskTriage.Probation;

// Typed mirror of the case input contract in rules/probation/INPUTS.md (declared by rules/probation/ruleset.json).
// Every property is nullable because the contract says absent and null both mean
// "not known"; the rules, not the model, decide what an unknown value implies.

/// <summary>
/// One probation case as submitted to the default rule set: a JSON object with camelCase fields.
/// Absent and <c>null</c> both mean "not known".
/// </summary>
public sealed class ProbationCase
{
    /// <summary>Identifier echoed into the decision.</summary>
    [JsonProperty("caseId")]
    public string? CaseId { get; init; }

    /// <summary>Evaluation date for every date rule (the clock is never read).</summary>
    [JsonProperty("asOfDate")]
    public DateOnly? AsOfDate { get; init; }

    /// <summary>Gender: <c>Male</c> or <c>Female</c>.</summary>
    [JsonProperty("gender")]
    public string? Gender { get; init; }

    /// <summary>RSR (Risk of Serious Recidivism) percentage, e.g. <c>6.95</c>.</summary>
    [JsonProperty("rsrScore")]
    public double? RsrScore { get; init; }

    /// <summary>OGRS3 2-year percentage; when absent and <see cref="Ogrs3"/> is given, the rule set computes it.</summary>
    [JsonProperty("ogrsScore")]
    public double? OgrsScore { get; init; }

    /// <summary>Static OGRS3 factors used to compute the OGRS3 percentages.</summary>
    [JsonProperty("ogrs3")]
    public Ogrs3Factors? Ogrs3 { get; init; }

    /// <summary>OVP (OASys Violence Predictor) 2-year percentage.</summary>
    [JsonProperty("ovpScore")]
    public double? OvpScore { get; init; }

    /// <summary>OSP/DC level: <c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c>, <c>VERY_HIGH</c> or <c>NOT_APPLICABLE</c>.</summary>
    [JsonProperty("ospDcLevel")]
    public string? OspDcLevel { get; init; }

    /// <summary>OSP/IIC level: <c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c>, <c>VERY_HIGH</c> or <c>NOT_APPLICABLE</c>.</summary>
    [JsonProperty("ospIicLevel")]
    public string? OspIicLevel { get; init; }

    /// <summary>SARA risk to partner: <c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c>, <c>VERY_HIGH</c> or <c>NOT_APPLICABLE</c>.</summary>
    [JsonProperty("saraPartner")]
    public string? SaraPartner { get; init; }

    /// <summary>SARA risk to others: <c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c>, <c>VERY_HIGH</c> or <c>NOT_APPLICABLE</c>.</summary>
    [JsonProperty("saraOthers")]
    public string? SaraOthers { get; init; }

    /// <summary>Current RoSH level: <c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c> or <c>VERY_HIGH</c>.</summary>
    [JsonProperty("rosh")]
    public string? Rosh { get; init; }

    /// <summary>MAPPA management level: <c>M1</c>, <c>M2</c> or <c>M3</c>.</summary>
    [JsonProperty("mappaLevel")]
    public string? MappaLevel { get; init; }

    /// <summary>MAPPA category <c>M1</c> to <c>M4</c>; its presence is what the A–G model uses.</summary>
    [JsonProperty("mappaCategory")]
    public string? MappaCategory { get; init; }

    /// <summary>
    /// Delius complexity-factor register codes (<c>RMDO</c>, <c>ALSH</c>, <c>RVLN</c>, <c>RCCO</c>, <c>RCPR</c>,
    /// <c>RCHD</c>, <c>RPIR</c>, <c>RVAD</c>, <c>STRG</c>, <c>RTAO</c>); other codes are ignored and duplicates count once.
    /// </summary>
    [JsonProperty("complexityFactors")]
    public IReadOnlyList<string>? ComplexityFactors { get; init; }

    /// <summary>Whether the person is an Integrated Offender Management nominal.</summary>
    [JsonProperty("iomNominal")]
    public bool? IomNominal { get; init; }

    /// <summary>Whether there has been a breach or recall.</summary>
    [JsonProperty("previousEnforcementActivity")]
    public bool? PreviousEnforcementActivity { get; init; }

    /// <summary>Whether a current OASys assessment exists.</summary>
    [JsonProperty("hasValidAssessment")]
    public bool? HasValidAssessment { get; init; }

    /// <summary>OASys need severities by need section.</summary>
    [JsonProperty("needs")]
    public Needs? Needs { get; init; }

    /// <summary>Additional factors that count towards the protect axis for women.</summary>
    [JsonProperty("womensFactors")]
    public WomensFactors? WomensFactors { get; init; }

    /// <summary>Sentences (events); the mandate for change is derived from these.</summary>
    [JsonProperty("sentences")]
    public IReadOnlyList<Sentence>? Sentences { get; init; }

    /// <summary>Optional mandate for change; the value derived from <see cref="Sentences"/> takes precedence.</summary>
    [JsonProperty("hasMandateForChange")]
    public bool? HasMandateForChange { get; init; }

    /// <summary>Probation Reset registration (<c>PRC</c>): the tier gets the <c>S</c> suffix.</summary>
    [JsonProperty("unsupervised")]
    public bool? Unsupervised { get; init; }

    /// <summary>Whether the person has an active event, for the A–G model.</summary>
    [JsonProperty("hasActiveEvent")]
    public bool? HasActiveEvent { get; init; }

    /// <summary>OGRS4-family predictor outputs used by the A–G model.</summary>
    [JsonProperty("predictors")]
    public Predictors? Predictors { get; init; }

    /// <summary>Whether the person is a lifer or serving an IPP sentence (register <c>INLL</c>).</summary>
    [JsonProperty("liferIpp")]
    public bool? LiferIpp { get; init; }

    /// <summary>Date of the latest release from custody.</summary>
    [JsonProperty("latestReleaseDate")]
    public DateOnly? LatestReleaseDate { get; init; }

    /// <summary>Domestic abuse registration (<c>ADVP</c> or <c>REG30</c>).</summary>
    [JsonProperty("domesticAbuse")]
    public bool? DomesticAbuse { get; init; }

    /// <summary>Stalking registration (<c>SPO</c>).</summary>
    [JsonProperty("stalking")]
    public bool? Stalking { get; init; }

    /// <summary>Child protection registration (<c>RCPR</c>).</summary>
    [JsonProperty("childProtection")]
    public bool? ChildProtection { get; init; }

    /// <summary>Whether the person has ever committed a sexual offence (OASys).</summary>
    [JsonProperty("everCommittedSexualOffence")]
    public bool? EverCommittedSexualOffence { get; init; }

    /// <summary>Programme Needs Identifier need items.</summary>
    [JsonProperty("pniNeeds")]
    public PniNeeds? PniNeeds { get; init; }

    /// <summary>Learning disabilities and challenges score (3 or more means LDC).</summary>
    [JsonProperty("ldcScore")]
    public double? LdcScore { get; init; }

    /// <summary>Where the person is managed: <c>COMMUNITY</c>, <c>LICENCE</c> or <c>CUSTODY</c>.</summary>
    [JsonProperty("setting")]
    public string? Setting { get; init; }
}

/// <summary>Static OGRS3 factors.</summary>
public sealed class Ogrs3Factors
{
    /// <summary>Age in years at the start of follow-up (sentence or release).</summary>
    [JsonProperty("ageAtStartOfFollowUp")]
    public double? AgeAtStartOfFollowUp { get; init; }

    /// <summary>Total number of sanctions including the current one.</summary>
    [JsonProperty("totalSanctions")]
    public double? TotalSanctions { get; init; }

    /// <summary>Age in years at the first sanction.</summary>
    [JsonProperty("ageAtFirstSanction")]
    public double? AgeAtFirstSanction { get; init; }

    /// <summary>Age in years at the current conviction.</summary>
    [JsonProperty("ageAtCurrentConviction")]
    public double? AgeAtCurrentConviction { get; init; }

    /// <summary>OGRS3 offence category of the current offence, e.g. <c>VIOLENCE</c> or <c>FRAUD_FORGERY</c>.</summary>
    [JsonProperty("offenceCategory")]
    public string? OffenceCategory { get; init; }
}

/// <summary>Women's additional factors for the protect axis.</summary>
public sealed class WomensFactors
{
    /// <summary>OASys 6.9: parenting or caring responsibilities answered Yes.</summary>
    [JsonProperty("parentingResponsibilities")]
    public bool? ParentingResponsibilities { get; init; }

    /// <summary>OASys 11.2 impulsivity score, 0 to 2.</summary>
    [JsonProperty("impulsivity")]
    public double? Impulsivity { get; init; }

    /// <summary>OASys 11.4 temper control score, 0 to 2.</summary>
    [JsonProperty("temperControl")]
    public double? TemperControl { get; init; }
}

/// <summary>One sentence (event) of the person.</summary>
public sealed class Sentence
{
    /// <summary>Sentence type code: <c>NC</c> and <c>SC</c> are custodial, others are community.</summary>
    [JsonProperty("type")]
    public string? Type { get; init; }

    /// <summary>Whether the event has terminated.</summary>
    [JsonProperty("terminated")]
    public bool? Terminated { get; init; }

    /// <summary>Requirements attached to the sentence.</summary>
    [JsonProperty("requirements")]
    public IReadOnlyList<SentenceRequirement>? Requirements { get; init; }
}

/// <summary>One requirement of a sentence.</summary>
public sealed class SentenceRequirement
{
    /// <summary>Main category code, e.g. <c>W</c> (unpaid work) or <c>W1</c> (order extended).</summary>
    [JsonProperty("mainCategory")]
    public string? MainCategory { get; init; }

    /// <summary>Whether the requirement is restrictive (e.g. curfew-type).</summary>
    [JsonProperty("restrictive")]
    public bool? Restrictive { get; init; }
}

/// <summary>OGRS4-family predictor outputs.</summary>
public sealed class Predictors
{
    /// <summary>All Reoffending Predictor percentage.</summary>
    [JsonProperty("arp")]
    public double? Arp { get; init; }

    /// <summary>Combined Serious Reoffending Predictor percentage.</summary>
    [JsonProperty("csrp")]
    public double? Csrp { get; init; }

    /// <summary>Whether ARP is <c>STATIC</c> or <c>DYNAMIC</c>.</summary>
    [JsonProperty("arpType")]
    public string? ArpType { get; init; }

    /// <summary>Whether CSRP is <c>STATIC</c> or <c>DYNAMIC</c>.</summary>
    [JsonProperty("csrpType")]
    public string? CsrpType { get; init; }

    /// <summary>Direct Contact Sexual Reoffending Predictor.</summary>
    [JsonProperty("dcSrp")]
    public DcSrpPredictor? DcSrp { get; init; }

    /// <summary>Violent Reoffending Predictor percentage (the OGRS4-era programme risk level reads it).</summary>
    [JsonProperty("vrp")]
    public double? Vrp { get; init; }

    /// <summary>Whether VRP is <c>STATIC</c> or <c>DYNAMIC</c>.</summary>
    [JsonProperty("vrpType")]
    public string? VrpType { get; init; }

    /// <summary>Images and Indirect Contact Sexual Reoffending Predictor.</summary>
    [JsonProperty("iicSrp")]
    public IicSrpPredictor? IicSrp { get; init; }
}

/// <summary>Direct Contact Sexual Reoffending Predictor output.</summary>
public sealed class DcSrpPredictor
{
    /// <summary>DC-SRP percentage.</summary>
    [JsonProperty("score")]
    public double? Score { get; init; }

    /// <summary>DC-SRP band: <c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c>, <c>VERY_HIGH</c> or <c>NOT_APPLICABLE</c>.</summary>
    [JsonProperty("band")]
    public string? Band { get; init; }
}

/// <summary>Images and Indirect Contact Sexual Reoffending Predictor output.</summary>
public sealed class IicSrpPredictor
{
    /// <summary>IIC-SRP percentage.</summary>
    [JsonProperty("score")]
    public double? Score { get; init; }

    /// <summary>IIC-SRP band: <c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c>, <c>VERY_HIGH</c> or <c>NOT_APPLICABLE</c>.</summary>
    [JsonProperty("band")]
    public string? Band { get; init; }
}

/// <summary>OASys need severities (<c>NO_NEED</c>, <c>STANDARD</c> or <c>SEVERE</c>) by need section.</summary>
public sealed class Needs
{
    /// <summary>Accommodation (section 3).</summary>
    [JsonProperty("ACCOMMODATION")]
    public string? Accommodation { get; init; }

    /// <summary>Education, training and employability (section 4).</summary>
    [JsonProperty("EDUCATION_TRAINING_AND_EMPLOYABILITY")]
    public string? EducationTrainingAndEmployability { get; init; }

    /// <summary>Relationships (section 6).</summary>
    [JsonProperty("RELATIONSHIPS")]
    public string? Relationships { get; init; }

    /// <summary>Lifestyle and associates (section 7).</summary>
    [JsonProperty("LIFESTYLE_AND_ASSOCIATES")]
    public string? LifestyleAndAssociates { get; init; }

    /// <summary>Drug misuse (section 8).</summary>
    [JsonProperty("DRUG_MISUSE")]
    public string? DrugMisuse { get; init; }

    /// <summary>Alcohol misuse (section 9).</summary>
    [JsonProperty("ALCOHOL_MISUSE")]
    public string? AlcoholMisuse { get; init; }

    /// <summary>Thinking and behaviour (section 11).</summary>
    [JsonProperty("THINKING_AND_BEHAVIOUR")]
    public string? ThinkingAndBehaviour { get; init; }

    /// <summary>Attitudes (section 12).</summary>
    [JsonProperty("ATTITUDES")]
    public string? Attitudes { get; init; }

    /// <summary>Financial management and income.</summary>
    [JsonProperty("FINANCIAL_MANAGEMENT_AND_INCOME")]
    public string? FinancialManagementAndIncome { get; init; }

    /// <summary>Emotional well-being.</summary>
    [JsonProperty("EMOTIONAL_WELL_BEING")]
    public string? EmotionalWellBeing { get; init; }
}

/// <summary>Programme Needs Identifier need items, each 0 to 2 or null when unanswered.</summary>
public sealed class PniNeeds
{
    /// <summary>Sex domain items.</summary>
    [JsonProperty("sex")]
    public PniSexNeeds? Sex { get; init; }

    /// <summary>Thinking domain items.</summary>
    [JsonProperty("thinking")]
    public PniThinkingNeeds? Thinking { get; init; }

    /// <summary>Relationships domain items.</summary>
    [JsonProperty("relationships")]
    public PniRelationshipNeeds? Relationships { get; init; }

    /// <summary>Self-management domain items.</summary>
    [JsonProperty("selfManagement")]
    public PniSelfManagementNeeds? SelfManagement { get; init; }
}

/// <summary>PNI sex domain items.</summary>
public sealed class PniSexNeeds
{
    /// <summary>Sexual preoccupation, 0 to 2.</summary>
    [JsonProperty("sexualPreoccupation")]
    public double? SexualPreoccupation { get; init; }

    /// <summary>Offence-related sexual interests, 0 to 2.</summary>
    [JsonProperty("offenceRelatedSexualInterests")]
    public double? OffenceRelatedSexualInterests { get; init; }

    /// <summary>Emotional congruence with children, 0 to 2.</summary>
    [JsonProperty("emotionalCongruence")]
    public double? EmotionalCongruence { get; init; }
}

/// <summary>PNI thinking domain items.</summary>
public sealed class PniThinkingNeeds
{
    /// <summary>Pro-criminal attitudes (OASys 12.1), 0 to 2.</summary>
    [JsonProperty("proCriminalAttitudes")]
    public double? ProCriminalAttitudes { get; init; }

    /// <summary>Hostile orientation, 0 to 2.</summary>
    [JsonProperty("hostileOrientation")]
    public double? HostileOrientation { get; init; }
}

/// <summary>PNI relationships domain items.</summary>
public sealed class PniRelationshipNeeds
{
    /// <summary>Current relationship with close family, 0 to 2.</summary>
    [JsonProperty("curRelCloseFamily")]
    public double? CurRelCloseFamily { get; init; }

    /// <summary>Experience of previous close relationships, 0 to 2.</summary>
    [JsonProperty("prevCloseRelationships")]
    public double? PrevCloseRelationships { get; init; }

    /// <summary>Easily influenced by criminal associates, 0 to 2.</summary>
    [JsonProperty("easilyInfluenced")]
    public double? EasilyInfluenced { get; init; }

    /// <summary>Aggressive or controlling behaviour, 0 to 2.</summary>
    [JsonProperty("aggressiveControllingBehaviour")]
    public double? AggressiveControllingBehaviour { get; init; }
}

/// <summary>PNI self-management domain items.</summary>
public sealed class PniSelfManagementNeeds
{
    /// <summary>Impulsivity (OASys 11.2), 0 to 2.</summary>
    [JsonProperty("impulsivity")]
    public double? Impulsivity { get; init; }

    /// <summary>Temper control (OASys 11.4), 0 to 2.</summary>
    [JsonProperty("temperControl")]
    public double? TemperControl { get; init; }

    /// <summary>Problem-solving skills, 0 to 2.</summary>
    [JsonProperty("problemSolvingSkills")]
    public double? ProblemSolvingSkills { get; init; }

    /// <summary>Difficulties coping, 0 to 2.</summary>
    [JsonProperty("difficultiesCoping")]
    public double? DifficultiesCoping { get; init; }
}
