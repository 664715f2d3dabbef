namespace RiskTriage.Tests.Probation;

/// <summary>
/// Where the default rule set's rule tests live. The two public vector files there are the source of truth for the
/// vectors: <see cref="DomainVectors"/> reads them for the hand-written baseline's tests.
/// </summary>
internal static class RuleTestFiles
{
    public const string TierFile = "tier-vectors.json";
    public const string PniFile = "pni-vectors.json";

    public static string TestsFolder => Path.Combine(TestPaths.Rules, "probation", "tests");
}
