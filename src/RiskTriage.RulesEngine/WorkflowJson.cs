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
            // Source-generated metadata, with RulesEngine's own (default) options: the same reading without the
            // reflection that makes a first deserialization cost more than the rest of the engine's construction.
            var workflow = System.Text.Json.JsonSerializer.Deserialize(json, WorkflowJsonContext.Default.Workflow);
            if (workflow is null)
            {
                problems.Add(new(label, null, "json", 1, 1, "the text is not a workflow object"));
                return null;
            }

            locator = new Locator(workflow.WorkflowName ?? label, json);
            return workflow;
        }
        catch (System.Text.Json.JsonException e)
        {
            problems.Add(new(label, null, "json", (int?)e.LineNumber + 1, (int?)e.BytePositionInLine + 1, e.Message));
            return null;
        }
    }

    /// <summary>
    /// Finds the JSON string a lowering problem is about. The text is read for positions only when a problem needs one,
    /// not for every workflow that has none.
    /// </summary>
    internal sealed class Locator(string workflow, string json)
    {
        private JToken? _root;
        private string[] _lines = [];

        public WorkflowProblem Locate(LoweringProblem problem)
        {
            var token = Parsed() ? Find(problem) : null;
            if (token is IJsonLineInfo info && info.HasLineInfo())
            {
                return new WorkflowProblem(workflow, problem.RuleName, problem.Field, info.LineNumber, Column(info, problem.Offset), problem.Message);
            }

            return new WorkflowProblem(workflow, problem.RuleName, problem.Field, null, null, problem.Message);
        }

        // Newtonsoft places a string value's position just after its closing quote: find the opening quote, then walk the
        // raw text forward over escapes to the problem's offset in the decoded expression.
        // Text that System.Text.Json read is JSON Newtonsoft reads too; should it not, the problem goes without a position.
        private bool Parsed()
        {
            if (_root is null)
            {
                try
                {
                    _lines = json.Split('\n');
                    _root = JToken.Parse(json, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load });
                }
                catch (JsonReaderException)
                {
                    return false;
                }
            }

            return true;
        }

        private int Column(IJsonLineInfo info, int offset)
        {
            var line = info.LineNumber - 1 < _lines.Length ? _lines[info.LineNumber - 1] : string.Empty;
            var close = Math.Min(info.LinePosition - 1, line.Length) - 1;
            var open = close - 1;
            while (open >= 0 && !(line[open] == '"' && !Escaped(line, open)))
            {
                open--;
            }

            if (open < 0 || offset < 0)
            {
                return Math.Max(1, open + 2);
            }

            var position = open + 1;
            for (var decoded = 0; decoded < offset && position < close; decoded++)
            {
                position += line[position] == '\\' ? (position + 1 < line.Length && line[position + 1] == 'u' ? 6 : 2) : 1;
            }

            return position + 1;
        }

        private static bool Escaped(string line, int index)
        {
            var backslashes = 0;
            for (var i = index - 1; i >= 0 && line[i] == '\\'; i--)
            {
                backslashes++;
            }

            return backslashes % 2 == 1;
        }

        private JToken? Find(LoweringProblem problem)
        {
            JToken? owner = _root;
            if (problem.RuleName is not null)
            {
                owner = ((JContainer)_root!).Descendants().OfType<JObject>()
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

/// <summary>System.Text.Json's metadata for RulesEngine's workflow model, generated at build time, with the default options RulesEngine reads workflows with.</summary>
// Rule.RuleExpressionType's non-generic JsonStringEnumConverter is created at run time (SYSLIB1034, not suppressible
// here, is silenced in the project file: it concerns native AOT only).
[System.Text.Json.Serialization.JsonSerializable(typeof(Workflow))]
internal sealed partial class WorkflowJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
