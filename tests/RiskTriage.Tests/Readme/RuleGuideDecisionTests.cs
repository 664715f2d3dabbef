using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace RiskTriage.Tests.Readme;

/// <summary>
/// The two decisions rules/README.md shows ("The decision") are what the engine's example rule set
/// (<c>TestRuleSets/example</c>) gives for the cases they describe, compiled and interpreted, hash included.
/// </summary>
public sealed partial class RuleGuideDecisionTests
{
    public static TheoryData<string, string, RuleSetBackend> Cases() => new()
    {
        // c2: only the date: age missing (so review) and no risk (NO_RISK).
        { "This is a real decision", """{ "caseId": "c2", "asOfDate": "2026-06-09" }""", RuleSetBackend.Compiled },
        { "This is a real decision", """{ "caseId": "c2", "asOfDate": "2026-06-09" }""", RuleSetBackend.Interpreted },

        // c3: the three errors the page lists.
        { "An **invalid** case gives", """{ "caseId": "c3", "asOfDate": "9 June 2026", "age": "twenty", "risk": "high" }""", RuleSetBackend.Compiled },
        { "An **invalid** case gives", """{ "caseId": "c3", "asOfDate": "9 June 2026", "age": "twenty", "risk": "high" }""", RuleSetBackend.Interpreted },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_decisions_on_the_rule_guide_are_the_example_rule_sets(string introduction, string @case, RuleSetBackend backend)
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "rules", "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var at = page.IndexOf(introduction, StringComparison.Ordinal);
        Assert.True(at >= 0, $"rules/README.md no longer says \"{introduction}\"");
        var block = JsonBlock().Match(page, at);
        var stated = JObject.Parse(block.Groups[1].Value);

        var ruleSet = RuleSet.Load(TestPaths.TestRuleSet("example"), new RuleSetOptions { Backend = backend });
        var decision = JObject.Parse(ruleSet.Evaluate(@case).ToJson());
        Assert.True(JToken.DeepEquals(stated, decision), $"{backend}: rules/README.md shows\n{stated}\nbut the example rule set gives\n{decision}");
    }

    [GeneratedRegex("```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
