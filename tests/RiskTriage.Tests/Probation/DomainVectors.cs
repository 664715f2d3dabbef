using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Probation;

namespace RiskTriage.Tests.Probation;

/// <summary>A tier test vector from shared/domain/tier-cases.json with its input as a typed case.</summary>
/// <param name="Id">Vector id, unique in the file.</param>
/// <param name="Model"><see cref="DomainVectors.V2Model"/> or <see cref="DomainVectors.V3Model"/>.</param>
/// <param name="Case">The vector's input.</param>
/// <param name="CaseJson">The same input as contract JSON (non-contract provenance fields removed, caseId set).</param>
/// <param name="Expected">The vector's <c>derivedExpected</c> values.</param>
internal sealed record TierVector(string Id, string Model, ProbationCase Case, JObject CaseJson, TierExpectation Expected)
{
    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>
/// The <c>derivedExpected</c> block of a tier vector. V2 vectors fill the protect/change values; V3 vectors fill
/// <see cref="Provisional"/> except where the tier is not a letter (the file then omits it, kept here as null).
/// </summary>
internal sealed record TierExpectation(
    string Tier,
    string? ProtectLevel,
    double? ProtectPoints,
    double? ChangeLevel,
    double? ChangePoints,
    bool? Provisional);

/// <summary>A PNI risk-classification vector from shared/domain/pni-risk-cases.json.</summary>
/// <param name="Id">Vector id, unique in the file.</param>
/// <param name="Function">The PniRiskEngine function the source test exercises.</param>
/// <param name="Case">Gender and risk scores as a typed case (levels normalised to upper snake case).</param>
/// <param name="CaseJson">The same case as contract JSON (null fields omitted).</param>
/// <param name="ExpectedFlag">Expected result of the boolean functions; null for <c>getRiskClassification</c>.</param>
/// <param name="ExpectedClassification">Expected result of <c>getRiskClassification</c>; null otherwise.</param>
internal sealed record PniVector(
    string Id,
    string Function,
    ProbationCase Case,
    JObject CaseJson,
    bool? ExpectedFlag,
    string? ExpectedClassification)
{
    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>Loads the shared domain test vectors and converts their inputs to <see cref="ProbationCase"/>.</summary>
internal static class DomainVectors
{
    public const string V2Model = "v2-protect-change";
    public const string V3Model = "v3-single-axis";

    public const string IsHighRisk = "isHighRisk";
    public const string IsMediumRisk = "isMediumRisk";
    public const string GetRiskClassification = "getRiskClassification";
    public const string IsHighIntensityBasedOnRiskScores = "isHighIntensityBasedOnRiskScores";

    // Vector fields that are test provenance, not part of the case contract: the registrations are already
    // resolved into mappaLevel/unsupervised, and the relative date is already resolved into latestReleaseDate.
    private static readonly string[] _nonContractInputFields = ["rawDeliusRegistrations", "latestReleaseDateRelative"];

    // Unknown fields fail the conversion, so a contract field the model does not mirror cannot be dropped silently.
    private static readonly JsonSerializer _strictSerializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        MissingMemberHandling = MissingMemberHandling.Error,
        DateParseHandling = DateParseHandling.None,
    });

    private static readonly JsonSerializer _omitNullsSerializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        NullValueHandling = NullValueHandling.Ignore,
    });

    private static readonly Lazy<string> _domainDirectory = new(FindDomainDirectory);
    private static readonly Lazy<IReadOnlyList<TierVector>> _tierVectors = new(LoadTierVectors);
    private static readonly Lazy<IReadOnlyList<PniVector>> _pniVectors = new(LoadPniVectors);

    /// <summary>The shared/domain directory, found by walking up from the test binaries.</summary>
    public static string DomainDirectory => _domainDirectory.Value;

    /// <summary>All 250 tier vectors, in file order.</summary>
    public static IReadOnlyList<TierVector> TierVectors() => _tierVectors.Value;

    /// <summary>All 83 PNI risk vectors, in file order.</summary>
    public static IReadOnlyList<PniVector> PniVectors() => _pniVectors.Value;

    /// <summary>The tier vector with the given id.</summary>
    public static TierVector TierVector(string id) =>
        _tierVectors.Value.Single(v => v.Id == id);

    /// <summary>The PNI vector with the given id.</summary>
    public static PniVector PniVector(string id) =>
        _pniVectors.Value.Single(v => v.Id == id);

    /// <summary>
    /// Reduces a tier vector's <c>input</c> object to the case contract: drops the provenance fields and sets
    /// <c>caseId</c>. The argument is not modified.
    /// </summary>
    public static JObject ToContractJson(JObject input, string caseId)
    {
        var contractFields = (JObject)input.DeepClone();
        foreach (string field in _nonContractInputFields)
        {
            contractFields.Remove(field);
        }

        contractFields["caseId"] = caseId;
        return contractFields;
    }

    /// <summary>Converts contract JSON (camelCase) to a case; a field the model does not know is an error.</summary>
    public static ProbationCase ToProbationCase(JObject contractJson) =>
        contractJson.ToObject<ProbationCase>(_strictSerializer)
            ?? throw new InvalidDataException("Case JSON is null.");

    /// <summary>Converts a case back to contract JSON, leaving out unknown (null) fields.</summary>
    public static JObject ToContractJson(ProbationCase probationCase) =>
        JObject.FromObject(probationCase, _omitNullsSerializer);

    /// <summary>Converts a PNI vector's gender and <c>scores</c> object to a case.</summary>
    public static ProbationCase PniScoresToCase(string caseId, string? gender, JObject scores) => new()
    {
        CaseId = caseId,
        Gender = gender,
        OgrsScore = ParsePercentage(scores["ogrs3"]),
        OvpScore = ParsePercentage(scores["ovp"]),
        OspDcLevel = NormaliseLevel((string?)scores["ospDc"]),
        OspIicLevel = NormaliseLevel((string?)scores["ospIic"]),
        RsrScore = ParsePercentage(scores["rsr"]),
        SaraPartner = NormaliseLevel((string?)scores["saraPartner"]),
        SaraOthers = NormaliseLevel((string?)scores["saraOthers"]),
    };

    /// <summary>
    /// Normalises an OASys level spelling ("Very High", "VERY HIGH", "Not Applicable", "High") to the contract's
    /// upper snake case ("VERY_HIGH", "NOT_APPLICABLE", "HIGH").
    /// </summary>
    public static string? NormaliseLevel(string? level)
    {
        if (level is null)
        {
            return null;
        }

        return level.Trim().ToUpperInvariant().Replace(' ', '_').Replace('-', '_');
    }

    private static double? ParsePercentage(JToken? token)
    {
        if (token is null || token.Type == JTokenType.Null)
        {
            return null;
        }

        return token.Type == JTokenType.String
            ? double.Parse((string)token!, NumberStyles.Float, CultureInfo.InvariantCulture)
            : (double)token;
    }

    private static string FindDomainDirectory()
    {
        // The repository sits at <root>/main and the shared material at <root>/shared.
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "shared", "domain");
            if (File.Exists(Path.Combine(candidate, "tier-cases.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No shared/domain/tier-cases.json in any parent of {AppContext.BaseDirectory}.");
    }

    private static JObject LoadJson(string fileName)
    {
        using var reader = new JsonTextReader(File.OpenText(Path.Combine(DomainDirectory, fileName)))
        {
            // Dates stay strings until the case model parses them as DateOnly.
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
        };
        return JObject.Load(reader);
    }

    private static IReadOnlyList<TierVector> LoadTierVectors()
    {
        JObject file = LoadJson("tier-cases.json");
        var vectors = new List<TierVector>();
        foreach (JObject vector in file["cases"]!.Cast<JObject>())
        {
            string id = (string)vector["id"]!;
            var expected = (JObject)vector["derivedExpected"]!;
            JObject caseJson = ToContractJson((JObject)vector["input"]!, id);
            vectors.Add(new TierVector(
                id,
                (string)vector["model"]!,
                ToProbationCase(caseJson),
                caseJson,
                new TierExpectation(
                    (string)expected["tier"]!,
                    (string?)expected["protectLevel"],
                    (double?)expected["protectPoints"],
                    (double?)expected["changeLevel"],
                    (double?)expected["changePoints"],
                    (bool?)expected["provisional"])));
        }

        return vectors;
    }

    private static IReadOnlyList<PniVector> LoadPniVectors()
    {
        JObject file = LoadJson("pni-risk-cases.json");
        var vectors = new List<PniVector>();
        foreach (JObject vector in file["cases"]!.Cast<JObject>())
        {
            string id = (string)vector["id"]!;
            string function = (string)vector["function"]!;
            JToken expected = vector["expected"]!;
            bool isClassification = function == GetRiskClassification;
            ProbationCase probationCase = PniScoresToCase(id, (string?)vector["gender"], (JObject)vector["scores"]!);
            vectors.Add(new PniVector(
                id,
                function,
                probationCase,
                ToContractJson(probationCase),
                isClassification ? null : (bool)expected,
                isClassification ? (string?)expected : null));
        }

        return vectors;
    }
}
