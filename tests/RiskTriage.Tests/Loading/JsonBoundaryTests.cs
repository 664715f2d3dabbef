using Newtonsoft.Json.Linq;
using RiskTriage.Shared;

namespace RiskTriage.Tests.Loading;

/// <summary>
/// The JSON of rule files stays in the loader: the checker, the compiler and everything after them read the located
/// model the loader builds (<c>LiteralValue</c>, <c>SourceRef</c>), never Newtonsoft's tokens.
/// </summary>
public sealed class JsonBoundaryTests
{
    /// <summary>
    /// Types that read or build cases, which arrive as JSON (a case is JSON input, not a rule file). Anything else that
    /// needs a token belongs in <c>RiskTriage.Loading</c>.
    /// </summary>
    private static readonly HashSet<string> CaseJsonTypes =
    [
        "RiskTriage.RuleSet",                              // Evaluate(JObject): a case given as a JObject
        "RiskTriage.DependencyInjection.TriageService",    // the same, through the service
        "RiskTriage.Auditing.FailSafeAuditor",             // takes a case apart and probes its inputs
        "RiskTriage.Auditing.ProbePlan",                   // the probe values it writes into a case
    ];

    [Fact]
    public void No_type_outside_the_loader_holds_or_passes_a_json_token()
    {
        var offenders = JsonTokenMentions.In(typeof(RuleSet).Assembly)
            .Where(m => !IsLoader(m.Owner) && !CaseJsonTypes.Contains(Outermost(m.Owner).FullName!))
            .Select(m => $"{m.Owner.FullName}.{m.Member}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offenders.Count == 0, "Newtonsoft.Json.Linq outside RiskTriage.Loading:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_check_sees_a_token_where_one_is()
    {
        // A planted field: the same walk over this test assembly must find it, or the test above proves nothing.
        var found = JsonTokenMentions.In(typeof(JsonBoundaryTests).Assembly).Where(m => m.Owner == typeof(Planted)).Select(m => m.Member).ToList();

        Assert.Contains("_token", found);
        Assert.Contains("Cells", found);
        Assert.Contains("Read", found);
    }

    private static bool IsLoader(Type type) => Outermost(type).Namespace is "RiskTriage.Loading";

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private sealed class Planted
    {
#pragma warning disable CS0169, IDE0051 // read by reflection only
        private readonly JToken? _token;
#pragma warning restore CS0169, IDE0051

        public IReadOnlyList<(string, JValue)> Cells { get; } = [];

        public static int Read(Dictionary<string, JArray> rows) => rows.Count;
    }
}
