using System.Dynamic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.RulesEngine;
using RulesEngine.Models;
using ReEngine = RulesEngine.RulesEngine;

namespace RiskTriage.Cli.Import;

/// <summary>
/// <c>risktriage import rulesengine &lt;workflow.json&gt; --sample &lt;cases&gt; -o &lt;folder&gt;</c>: converts a RulesEngine
/// workflow into a RiskTriage rule set (the same lowering the drop-in engine runs), with input types inferred from the
/// sample cases as RulesEngine infers them, then runs RulesEngine and the rule set on the sample and writes the rule set
/// only when every rule agrees. Anything it cannot convert is listed with its line and column, and nothing is written.
/// </summary>
public static class ImportRulesEngineCommand
{
    /// <summary>Runs the command.</summary>
    /// <returns>0 when the rule set was written, 1 when the workflow could not be converted or disagreed on the sample.</returns>
    public static int Run(string workflowPath, string samplePath, string outputFolder, CliConsole console)
    {
        var workflowText = ReadFile(workflowPath, "workflow");
        var samples = ReadSamples(samplePath);
        var parameters = InferParameters(samples);

        var problems = new List<WorkflowProblem>();
        var lowered = WorkflowConversion.Convert(workflowText, Path.GetFileName(workflowPath), parameters, problems, out var workflow);
        if (lowered is null)
        {
            foreach (var problem in problems)
            {
                console.Error.WriteLine($"{workflowPath}{Position(problem)}: error: {(problem.Rule is null ? string.Empty : $"rule '{problem.Rule}' ")}{problem.Field}: {problem.Message}");
            }

            console.Error.WriteLine($"{problems.Count} problem(s): nothing was written.");
            return ExitCodes.Failure;
        }

        var ruleSet = RuleSet.LoadFromSources(new Dictionary<string, string> { ["ruleset.json"] = lowered.RuleSetJson });
        var reference = new ReEngine([workflow!]);
        var disagreements = 0;
        var compared = 0;
        foreach (var (sample, index) in samples.Select((s, i) => (s, i)))
        {
            var ruleParameters = parameters.Select(p => new RuleParameter(p.Name, Typed(sample[p.Name]))).ToArray();
            var expected = reference.ExecuteAllRulesAsync(workflow!.WorkflowName, ruleParameters).AsTask().GetAwaiter().GetResult();
            var decision = ruleSet.Evaluate((JObject)sample.DeepClone());
            foreach (var (result, rule) in expected.Zip(lowered.Rules))
            {
                compared++;
                if (decision[rule.Key].AsBool != result.IsSuccess)
                {
                    disagreements++;
                    console.Error.WriteLine($"{samplePath}: case {index + 1}: rule '{rule.Rule.RuleName}': RulesEngine {result.IsSuccess}, RiskTriage {decision[rule.Key].ToJson()}");
                }
            }
        }

        if (disagreements > 0)
        {
            console.Error.WriteLine($"{disagreements} of {compared} rule results differ from RulesEngine on the sample: nothing was written.");
            return ExitCodes.Failure;
        }

        Directory.CreateDirectory(Path.Combine(outputFolder, "examples"));
        File.WriteAllText(Path.Combine(outputFolder, "ruleset.json"), lowered.RuleSetJson + Environment.NewLine);
        File.WriteAllText(Path.Combine(outputFolder, "examples", "cases.json"), new JArray(samples).ToString(Formatting.Indented) + Environment.NewLine);
        console.Out.WriteLine($"wrote {Path.Combine(outputFolder, "ruleset.json")}: {lowered.Rules.Count} rule(s); {compared} rule results on {samples.Count} sample case(s) agree with RulesEngine");
        return ExitCodes.Success;
    }

    private static string Position(WorkflowProblem problem) => problem.Line is { } line ? $"({line},{problem.Column})" : string.Empty;

    private static string ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the {what} '{path}': {e.Message}");
        }
    }

    private static List<JObject> ReadSamples(string path)
    {
        JToken token;
        try
        {
            using var reader = new JsonTextReader(new StringReader(ReadFile(path, "sample"))) { DateParseHandling = DateParseHandling.None };
            token = JToken.ReadFrom(reader);
        }
        catch (JsonReaderException e)
        {
            throw new CliException($"{path}({e.LineNumber},{e.LinePosition}): the sample is not JSON: {e.Message}");
        }

        var samples = token is JArray array ? array.ToList() : [token];
        if (samples.Count == 0 || samples.Any(s => s is not JObject o || !o.Properties().Any() || o.Properties().Any(p => p.Value is not JObject)))
        {
            throw new CliException($"{path}: the sample must be a JSON array of cases, each an object of the rule parameters by name: [{{\"input1\": {{...}}, \"input2\": {{...}}}}]");
        }

        return [.. samples.Cast<JObject>()];
    }

    // The types RulesEngine gives the parameters: its own conversion of each parameter, over the members of all samples.
    private static List<(string Name, Type Type)> InferParameters(List<JObject> samples)
    {
        var names = samples.SelectMany(s => s.Properties().Select(p => p.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var parameters = new List<(string, Type)>();
        foreach (var name in names)
        {
            var merged = new JObject();
            foreach (var sample in samples)
            {
                if (sample[name] is JObject value)
                {
                    merged.Merge(value, new JsonMergeSettings { MergeArrayHandling = MergeArrayHandling.Union, MergeNullValueHandling = MergeNullValueHandling.Ignore });
                }
            }

            parameters.Add((name, Typed(merged).GetType()));
        }

        return parameters;
    }

    private static object Typed(JToken? value) =>
        global::RulesEngine.HelperFunctions.Utils.GetTypedObject(value is JObject o ? o.ToObject<ExpandoObject>()! : new ExpandoObject());
}
