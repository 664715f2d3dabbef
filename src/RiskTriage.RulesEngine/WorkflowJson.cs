using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.RulesEngine.Lowering;
using RulesEngine.Models;

namespace RiskTriage.RulesEngine;

/// <summary>
/// Workflow JSON text read as RulesEngine reads it (System.Text.Json into <see cref="Workflow"/>), plus a map from each
/// rule's fields to their line and column, so a problem points into the text.
/// </summary>
internal static class WorkflowJson
{
    public static Workflow? Read(string json, string label, List<WorkflowProblem> problems, out Locator? locator)
    {
        locator = null;
        try
        {
            var workflow = System.Text.Json.JsonSerializer.Deserialize<Workflow>(json);
            if (workflow is null)
            {
                problems.Add(new(label, null, "json", 1, 1, "the text is not a workflow object"));
                return null;
            }

            var token = JToken.Parse(json, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load });
            locator = new Locator(workflow.WorkflowName ?? label, token);
            return workflow;
        }
        catch (System.Text.Json.JsonException e)
        {
            problems.Add(new(label, null, "json", (int?)e.LineNumber + 1, (int?)e.BytePositionInLine + 1, e.Message));
            return null;
        }
        catch (JsonReaderException e)
        {
            problems.Add(new(label, null, "json", e.LineNumber, e.LinePosition, e.Message));
            return null;
        }
    }

    /// <summary>Finds the JSON string a lowering problem is about.</summary>
    internal sealed class Locator(string workflow, JToken root)
    {
        public WorkflowProblem Locate(LoweringProblem problem)
        {
            var token = Find(problem);
            if (token is IJsonLineInfo info && info.HasLineInfo())
            {
                // Newtonsoft places a value's position just after it: step back over the text and its quotes.
                var raw = token.Type == JTokenType.String ? ((string?)token)?.Length ?? 0 : 0;
                var start = Math.Max(1, info.LinePosition - raw - 1);
                var column = problem.Offset >= 0 ? start + problem.Offset : start;
                return new WorkflowProblem(workflow, problem.RuleName, problem.Field, info.LineNumber, column, problem.Message);
            }

            return new WorkflowProblem(workflow, problem.RuleName, problem.Field, null, null, problem.Message);
        }

        private JToken? Find(LoweringProblem problem)
        {
            JToken? owner = root;
            if (problem.RuleName is not null)
            {
                owner = ((JContainer)root).Descendants().OfType<JObject>()
                    .FirstOrDefault(o => o.Properties().Any(p => p.Name.Equals("RuleName", StringComparison.OrdinalIgnoreCase) && (string?)p.Value == problem.RuleName));
            }

            if (owner is null)
            {
                return null;
            }

            var parts = problem.Field.Split('.');
            if (parts[0] is "LocalParams" or "GlobalParams" && parts.Length > 1)
            {
                var list = Property(owner, parts[0]) as JArray;
                var parameter = list?.OfType<JObject>().FirstOrDefault(o => (string?)Property(o, "Name") == parts[1]);
                return parameter is null ? null : Property(parameter, "Expression");
            }

            JToken? current = owner;
            foreach (var part in parts)
            {
                current = current is null ? null : Property(current, part);
            }

            return current ?? owner;
        }

        private static JToken? Property(JToken token, string name) =>
            token is JObject obj ? obj.Properties().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value : null;
    }
}
