using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Benchmarks.Baseline;
using RiskTriage.Probation;
using RiskTriage.Tests.Probation;

namespace RiskTriage.Tests.Reliability;

/// <summary>The default probation rule set, its example cases and generated cases, shared by the reliability tests.</summary>
internal static class ProbationData
{
    private static readonly Lazy<RuleSet> Loaded = new(() => RuleSet.Load(Folder));

    private static readonly Lazy<RuleSet> Rejecting = new(() => RuleSet.Load(Folder, new RuleSetOptions { UnknownFields = UnknownFieldHandling.Reject }));

    public static string Folder => Path.Combine(TestPaths.Rules, "probation");

    /// <summary>The probation rule set, loaded from the repository's rules folder.</summary>
    public static RuleSet RuleSet => Loaded.Value;

    /// <summary>The same rules with undeclared case fields rejected.</summary>
    public static RuleSet RejectingUnknownFields => Rejecting.Value;

    /// <summary>rules/probation/examples/cases.json, one JSON object per case.</summary>
    public static IReadOnlyList<JObject> Examples() =>
        JArray.Parse(File.ReadAllText(Path.Combine(Folder, "examples", "cases.json"))).Cast<JObject>().ToList();

    /// <summary>Generated cases (deterministic for a seed) as typed cases.</summary>
    public static ProbationCase[] Generated(int count, int seed) => ProbationCaseGenerator.Generate(count, seed);

    /// <summary>A typed case as the JSON a client would send.</summary>
    public static string ToJson(ProbationCase @case) => DomainVectors.ToContractJson(@case).ToString(Formatting.None);
}
