using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Probation;

namespace RiskTriage.Tests.Probation;

/// <summary>A tier test vector from rules/probation/tests/tier-vectors.json with its case typed.</summary>
/// <param name="Id">Vector name, unique in the file.</param>
/// <param name="Model"><see cref="DomainVectors.V2Model"/> or <see cref="DomainVectors.V3Model"/>.</param>
/// <param name="Case">The vector's case.</param>
/// <param name="CaseJson">The same case as contract JSON, as the file holds it.</param>
/// <param name="Expected">The vector's expected values.</param>
internal sealed record TierVector(string Id, string Model, ProbationCase Case, JObject CaseJson, TierExpectation Expected)
{
    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>
/// The expected values of a tier vector. V2 vectors fill the protect/change values; V3 vectors fill
/// <see cref="Provisional"/> except where the tier is not a letter (the file then gives null).
/// </summary>
internal sealed record TierExpectation(
    string Tier,
    string? ProtectLevel,
    double? ProtectPoints,
    double? ChangeLevel,
    double? ChangePoints,
    bool? Provisional);

/// <summary>A PNI risk-classification vector from rules/probation/tests/pni-vectors.json.</summary>
/// <param name="Id">Vector name, unique in the file.</param>
/// <param name="Output">The one value the vector checks: <c>pniHighRisk</c>, <c>pniMediumRisk</c>, <c>pniHighIntensityByRisk</c> or <c>pniRiskLevel</c>.</param>
/// <param name="Case">Gender and risk scores as a typed case.</param>
/// <param name="CaseJson">The same case as contract JSON, as the file holds it.</param>
/// <param name="ExpectedFlag">Expected value of the true/false outputs; null for <c>pniRiskLevel</c>.</param>
/// <param name="ExpectedClassification">Expected <c>pniRiskLevel</c>; null otherwise.</param>
internal sealed record PniVector(
    string Id,
    string Output,
    ProbationCase Case,
    JObject CaseJson,
    bool? ExpectedFlag,
    string? ExpectedClassification)
{
    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>
/// Reads the public test vectors from the repository's rule tests (rules/probation/tests), the one source of truth,
/// and converts their cases to <see cref="ProbationCase"/>.
/// </summary>
internal static class DomainVectors
{
    public const string V2Model = "v2-protect-change";
    public const string V3Model = "v3-single-axis";

    public const string PniHighRisk = "pniHighRisk";
    public const string PniMediumRisk = "pniMediumRisk";
    public const string PniRiskLevel = "pniRiskLevel";
    public const string PniHighIntensityByRisk = "pniHighIntensityByRisk";

    private static readonly string[] _pniOutputs = [PniHighRisk, PniMediumRisk, PniRiskLevel, PniHighIntensityByRisk];

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

    private static readonly Lazy<IReadOnlyList<TierVector>> _tierVectors = new(LoadTierVectors);
    private static readonly Lazy<IReadOnlyList<PniVector>> _pniVectors = new(LoadPniVectors);

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

    /// <summary>Converts contract JSON (camelCase) to a case; a field the model does not know is an error.</summary>
    public static ProbationCase ToProbationCase(JObject contractJson) =>
        contractJson.ToObject<ProbationCase>(_strictSerializer)
            ?? throw new InvalidDataException("Case JSON is null.");

    /// <summary>Converts a case back to contract JSON, leaving out unknown (null) fields.</summary>
    public static JObject ToContractJson(ProbationCase probationCase) =>
        JObject.FromObject(probationCase, _omitNullsSerializer);

    private static IEnumerable<(string Name, JObject Case, JObject Expected)> ReadCases(string fileName)
    {
        string path = Path.Combine(RuleTestFiles.TestsFolder, fileName);
        using var reader = new JsonTextReader(File.OpenText(path))
        {
            // Dates stay strings until the case model parses them as DateOnly.
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
        };
        foreach (JObject test in JObject.Load(reader)["cases"]!.Cast<JObject>())
        {
            string name = (string?)test["name"] ?? throw new InvalidDataException($"{path}: a case has no name");
            yield return (
                name,
                test["case"] as JObject ?? throw new InvalidDataException($"{path}: '{name}' has no case object"),
                test["expected"] as JObject ?? throw new InvalidDataException($"{path}: '{name}' has no expected object"));
        }
    }

    private static IReadOnlyList<TierVector> LoadTierVectors()
    {
        var vectors = new List<TierVector>();
        foreach (var (id, caseJson, expected) in ReadCases(RuleTestFiles.TierFile))
        {
            // A V2 (A-D x 0-3) vector expects the tier and its protect/change parts; a V3 (A-G) vector the tierV3 pair.
            bool v3 = expected.ContainsKey("tierV3");
            if (!v3 && !expected.ContainsKey("tier"))
            {
                throw new InvalidDataException($"{RuleTestFiles.TierFile}: '{id}' expects neither 'tier' nor 'tierV3'");
            }

            vectors.Add(new TierVector(
                id,
                v3 ? V3Model : V2Model,
                ToProbationCase(caseJson),
                caseJson,
                v3
                    ? new TierExpectation((string)expected["tierV3"]!, null, null, null, null, (bool?)expected["tierV3Provisional"])
                    : new TierExpectation(
                        (string)expected["tier"]!,
                        (string?)expected["protectLevel"],
                        (double?)expected["protectPoints"],
                        (double?)expected["changeLevel"],
                        (double?)expected["changePoints"],
                        null)));
        }

        return vectors;
    }

    private static IReadOnlyList<PniVector> LoadPniVectors()
    {
        var vectors = new List<PniVector>();
        foreach (var (id, caseJson, expected) in ReadCases(RuleTestFiles.PniFile))
        {
            if (expected.Count != 1 || !_pniOutputs.Contains(expected.Properties().Single().Name))
            {
                throw new InvalidDataException($"{RuleTestFiles.PniFile}: '{id}' must expect exactly one of {string.Join(", ", _pniOutputs)}");
            }

            var (output, value) = (expected.Properties().Single().Name, expected.Properties().Single().Value);
            bool classification = output == PniRiskLevel;
            vectors.Add(new PniVector(
                id,
                output,
                ToProbationCase(caseJson),
                caseJson,
                classification ? null : (bool)value,
                classification ? (string?)value : null));
        }

        return vectors;
    }
}
