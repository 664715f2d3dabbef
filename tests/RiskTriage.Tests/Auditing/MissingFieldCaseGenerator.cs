using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Benchmarks.Baseline;
using RiskTriage.Tests.Probation;

namespace RiskTriage.Tests.Auditing;

/// <summary>
/// Deterministic probation cases with random missing fields, for the fail-safe audit of the default rule set. Each
/// case starts as a realistic case from <see cref="ProbationCaseGenerator"/> (settings, sentences, needs, predictors,
/// boundary scores) written as contract JSON; then every field, at the top level and inside objects and list items,
/// is independently kept, left out or sent as <c>null</c>. A kept registration or flag the realistic case has no
/// value for is sent as the contract's explicit "none" (<c>"NONE"</c> for the MAPPA fields, <c>false</c>, <c>[]</c>), so
/// the explicit values are audited as often as their absence. A fifth of the cases with predictors are OGRS4-era
/// assessments (no OGRS3-era scores), and the predictors' OGRS4-era fields (<c>vrp</c>, <c>vrpType</c>, <c>iicSrp</c>)
/// are thinned like every other nested field.
/// </summary>
internal static class MissingFieldCaseGenerator
{
    // The chance that a top-level field is left out, and (separately) that it is sent as null.
    private const double TopAbsent = 0.15;
    private const double TopNull = 0.1;

    // Fields inside objects and list items are missing less often: one missing need item already decides the pathway.
    private const double NestedAbsent = 0.05;
    private const double NestedNull = 0.04;

    // The share of cases made OGRS4-era assessments: the OGRS3-era scores dropped, so the OGRS4-era programme rules
    // (programmes-ogrs4.json) decide alone rather than beside the OGRS3-era ones.
    private const double Ogrs4EraOnly = 0.2;

    // The OGRS3-era scores an OGRS4-era assessment does not produce.
    private static readonly string[] _ogrs3EraScores = ["ogrsScore", "ogrs3", "ovpScore", "ospDcLevel", "ospIicLevel"];

    // Every top-level field of the contract, so fields the realistic case left out can be kept as an explicit none.
    private static readonly string[] _topLevel =
    [
        "asOfDate", "gender", "rsrScore", "ogrsScore", "ogrs3", "ovpScore", "ospDcLevel", "ospIicLevel", "saraPartner",
        "saraOthers", "rosh", "mappaLevel", "mappaCategory", "complexityFactors", "iomNominal", "previousEnforcementActivity",
        "hasValidAssessment", "needs", "womensFactors", "sentences", "hasMandateForChange", "unsupervised", "hasActiveEvent",
        "predictors", "liferIpp", "latestReleaseDate", "domesticAbuse", "stalking", "childProtection",
        "everCommittedSexualOffence", "pniNeeds", "ldcScore", "setting",
    ];

    // What "none" is for a field whose absence used to be read as none: the contract's explicit value for it.
    private static readonly Dictionary<string, JToken> _explicitNone = new(StringComparer.Ordinal)
    {
        ["mappaLevel"] = "NONE",
        ["mappaCategory"] = "NONE",
        ["complexityFactors"] = new JArray(),
        ["iomNominal"] = false,
        ["previousEnforcementActivity"] = false,
        ["hasValidAssessment"] = false,
        ["unsupervised"] = false,
        ["hasActiveEvent"] = false,
        ["liferIpp"] = false,
        ["domesticAbuse"] = false,
        ["stalking"] = false,
        ["childProtection"] = false,
        ["everCommittedSexualOffence"] = false,
    };

    /// <summary>Generates <paramref name="count"/> cases as compact JSON; the same seed always gives the same cases.</summary>
    public static IReadOnlyList<string> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var cases = new string[count];
        var realistic = ProbationCaseGenerator.Generate(count, seed);
        for (var i = 0; i < count; i++)
        {
            var source = DomainVectors.ToContractJson(realistic[i]);

            // The realistic generator also makes invalid cases (an unknown offence category) for the engine's error
            // paths; the audit skips invalid cases, so the category is made a real one.
            if (source["ogrs3"]?["offenceCategory"] is JValue { Value: "NOT_A_CATEGORY" } unknown)
            {
                unknown.Value = "OTHER";
            }

            if (source["predictors"] is JObject && random.NextDouble() < Ogrs4EraOnly)
            {
                foreach (var name in _ogrs3EraScores)
                {
                    source.Remove(name);
                }
            }

            var result = new JObject { ["caseId"] = $"MISSING-{seed}-{i:D5}" };
            foreach (var name in _topLevel)
            {
                var value = source[name] ?? (_explicitNone.TryGetValue(name, out var none) ? none.DeepClone() : null);
                var roll = random.NextDouble();
                if (roll < TopAbsent)
                {
                    continue;
                }

                if (roll < TopAbsent + TopNull)
                {
                    result[name] = JValue.CreateNull();
                    continue;
                }

                if (value is not null)
                {
                    result[name] = Thin(value, random);
                }
            }

            cases[i] = result.ToString(Formatting.None);
        }

        return cases;
    }

    // Inside objects and list items: each field kept, left out or null, independently.
    private static JToken Thin(JToken token, Random random)
    {
        switch (token)
        {
            case JObject obj:
                var thinned = new JObject();
                foreach (var property in obj.Properties())
                {
                    var roll = random.NextDouble();
                    if (roll < NestedAbsent)
                    {
                        continue;
                    }

                    thinned[property.Name] = roll < NestedAbsent + NestedNull ? JValue.CreateNull() : Thin(property.Value, random);
                }

                return thinned;
            case JArray array:
                return new JArray(array.Select(item => Thin(item, random)));
            default:
                return token.DeepClone();
        }
    }
}
