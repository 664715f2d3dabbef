using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace RiskTriage.Tests.Probation;

/// <summary>
/// Turns the public test vectors in shared/domain into rule-test files for rules/probation/tests. The shared
/// vectors stay the one source of truth: a test regenerates these files and fails when they differ.
/// </summary>
internal static class RuleTestFiles
{
    public const string TierFile = "tier-vectors.json";
    public const string PniFile = "pni-vectors.json";

    public static string TestsFolder => Path.Combine(TestPaths.Rules, "probation", "tests");

    private static JObject LoadShared(string name) =>
        JObject.Parse(File.ReadAllText(Path.Combine(DomainVectors.DomainDirectory, name)));

    public static string BuildTierFile()
    {
        var cases = new JArray();
        foreach (var vector in LoadShared("tier-cases.json")["cases"]!)
        {
            var id = (string)vector["id"]!;
            var model = (string)vector["model"]!;
            var derived = (JObject)vector["derivedExpected"]!;
            var expected = new JObject();
            if (model == DomainVectors.V2Model)
            {
                foreach (var name in new[] { "tier", "protectLevel", "protectPoints", "changeLevel", "changePoints" })
                {
                    expected[name] = derived[name]!.DeepClone();
                }
            }
            else
            {
                expected["tierV3"] = derived["tier"]!.DeepClone();
                expected["tierV3Provisional"] = derived["provisional"]?.DeepClone() ?? JValue.CreateNull();
            }

            var source = vector["source"]!;
            var asserted = (bool)vector["expectedTierAsserted"]!;
            cases.Add(new JObject
            {
                ["name"] = id,
                ["source"] = $"{source["repo"]} {source["path"]}: {source["test"]} (tier {(asserted ? "asserted by the source test" : "derived by re-implementation")})",
                ["case"] = DomainVectors.ToContractJson((JObject)vector["input"]!, id),
                ["expected"] = expected,
            });
        }

        return Write("Tier vectors from the public tiering service's own tests (hmpps-tier). Generated from ../shared/domain/tier-cases.json by the test suite (RuleTestFilesTests); do not edit: change the shared vectors and regenerate with RISKTRIAGE_ACCEPT=1.", cases);
    }

    public static string BuildPniFile()
    {
        var cases = new JArray();
        foreach (var vector in DomainVectors.PniVectors())
        {
            var expected = new JObject();
            switch (vector.Function)
            {
                case DomainVectors.IsHighRisk:
                    expected["pniHighRisk"] = vector.ExpectedFlag;
                    break;
                case DomainVectors.IsMediumRisk:
                    expected["pniMediumRisk"] = vector.ExpectedFlag;
                    break;
                case DomainVectors.IsHighIntensityBasedOnRiskScores:
                    expected["pniHighIntensityByRisk"] = vector.ExpectedFlag;
                    break;
                default:
                    expected["pniRiskLevel"] = vector.ExpectedClassification;
                    break;
            }

            cases.Add(new JObject
            {
                ["name"] = vector.Id,
                ["source"] = $"hmpps-accredited-programmes-api PniRiskEngineTest: {vector.Function}",
                ["case"] = vector.CaseJson.DeepClone(),
                ["expected"] = expected,
            });
        }

        return Write("Programme Needs Identifier risk vectors (hmpps-accredited-programmes-api PniRiskEngineTest). Generated from ../shared/domain/pni-risk-cases.json by the test suite (RuleTestFilesTests); do not edit: change the shared vectors and regenerate with RISKTRIAGE_ACCEPT=1.", cases);
    }

    private static string Write(string description, JArray cases)
    {
        var root = new JObject { ["description"] = description, ["cases"] = cases };
        using var text = new StringWriter { NewLine = "\n" };
        using (var writer = new JsonTextWriter(text) { Formatting = Formatting.Indented, Indentation = 2 })
        {
            root.WriteTo(writer);
        }

        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }
}
