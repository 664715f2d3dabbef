using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RiskTriage.Tests.Reliability;

/// <summary>
/// A fingerprint of many probation decisions with full traces: the 12 example cases and 500 generated ones, each as
/// "caseId sha256-of-its-canonical-JSON", then the hash of all of them. The same text must come out in any culture,
/// in any process, on any machine; <c>determinism.expected.txt</c> next to this file holds it.
/// </summary>
internal static class DeterminismSnapshot
{
    public const int Generated = 500;

    public static string ExpectedFile => Path.Combine(TestPaths.TestProject, "Reliability", "determinism.expected.txt");

    /// <summary>Loads the probation rule set afresh (in the current culture) and fingerprints its decisions.</summary>
    public static string Compute()
    {
        var ruleSet = RuleSet.Load(ProbationData.Folder);
        var decisions = ProbationData.Examples().Select(c => ruleSet.Evaluate(c, TraceDetail.Full))
            .Concat(ProbationData.Generated(Generated, seed: 2026).Select(c => ruleSet.Evaluate(ProbationData.ToJson(c), TraceDetail.Full)));

        var lines = new StringBuilder();
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var count = 0;
        foreach (var decision in decisions)
        {
            var bytes = Encoding.UTF8.GetBytes(decision.ToJson());
            all.AppendData(bytes);
            lines.Append(decision.CaseId).Append(' ').Append(Convert.ToHexStringLower(SHA256.HashData(bytes))).Append('\n');
            count++;
        }

        var header = string.Create(CultureInfo.InvariantCulture, $"# {count} probation decisions with full traces; rule set {ruleSet.Identity.Hash}\n# all {Convert.ToHexStringLower(all.GetHashAndReset())}\n");
        return header + lines;
    }

    /// <summary>Runs <paramref name="action"/> with <paramref name="culture"/> as every kind of current culture, then restores them.</summary>
    public static T InCulture<T>(string culture, Func<T> action)
    {
        var info = CultureInfo.GetCultureInfo(culture);
        var (current, currentUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var (threadDefault, threadDefaultUi) = (CultureInfo.DefaultThreadCurrentCulture, CultureInfo.DefaultThreadCurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = info;
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = info;
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = current;
            CultureInfo.CurrentUICulture = currentUi;
            CultureInfo.DefaultThreadCurrentCulture = threadDefault;
            CultureInfo.DefaultThreadCurrentUICulture = threadDefaultUi;
        }
    }
}

/// <summary>
/// The test assembly's entry point, so a test can run part of itself in a separate process (see
/// <see cref="DeterminismTests"/>): <c>dotnet exec RiskTriage.Tests.dll determinism [culture]</c> prints the snapshot.
/// Test runners do not call it.
/// </summary>
internal static class ReliabilityProgram
{
    public static int Main(string[] args)
    {
        if (args is ["determinism", .. var rest])
        {
            var snapshot = rest is [var culture] ? DeterminismSnapshot.InCulture(culture, DeterminismSnapshot.Compute) : DeterminismSnapshot.Compute();
            Console.Out.Write(snapshot);
            Console.Out.Flush();
            return 0;
        }

        Console.Error.WriteLine($"usage: dotnet exec RiskTriage.Tests.dll determinism [culture]   (tests are run with dotnet test; current culture '{CultureInfo.CurrentCulture.Name}')");
        return 2;
    }
}
