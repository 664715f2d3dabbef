using Newtonsoft.Json.Linq;
using RiskTriage.Cli.Commands;
using RiskTriage.Shared;

namespace RiskTriage.Cli.Tests;

/// <summary>
/// The CLI's explanation and rule-level diff read the rule set's public definition (<see cref="RuleSet.Definition"/>),
/// never the rule files' JSON: no type of theirs holds, passes or works on a Newtonsoft token. Case JSON is read in
/// <c>RiskTriage.Cli.Input</c> and the commands.
/// </summary>
public sealed class RuleFileJsonBoundaryTests
{
    private static readonly string[] RuleReadingNamespaces = ["RiskTriage.Cli.Explain", "RiskTriage.Cli.Diff"];

    [Fact]
    public void Explain_and_diff_handle_no_json_token()
    {
        var offenders = JsonTokenMentions.In(typeof(ExplainCommand).Assembly, locals: true)
            .Where(m => RuleReadingNamespaces.Contains(m.Owner.Namespace) || m.Owner == typeof(ExplainCommand))
            .Select(m => $"{m.Owner.FullName}.{m.Member}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offenders.Count == 0, "Newtonsoft.Json.Linq in the explanation or the rule-level diff (read RuleSet.Definition instead):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_check_sees_a_token_where_one_is()
    {
        // Planted members: the same walk over this assembly must find each, or the test above proves nothing.
        var found = JsonTokenMentions.In(typeof(RuleFileJsonBoundaryTests).Assembly, locals: true).Where(m => m.Owner == typeof(Planted)).Select(m => m.Member).ToList();

        Assert.Contains("_token", found);
        Assert.Contains("Cells", found);
        Assert.Contains("Read", found);
        Assert.Contains("Count (local)", found);
    }

    private sealed class Planted
    {
#pragma warning disable CS0169, IDE0051 // read by reflection only
        private readonly JToken? _token;
#pragma warning restore CS0169, IDE0051

        public IReadOnlyList<(string, JValue)> Cells { get; } = [];

        public static int Read(Dictionary<string, JArray> rows) => rows.Count;

        public static int Count(string text)
        {
            JObject parsed;
            try
            {
                parsed = JObject.Parse(text);
            }
            catch (Newtonsoft.Json.JsonException)
            {
                return 0;
            }

            return parsed.Count;
        }
    }
}
