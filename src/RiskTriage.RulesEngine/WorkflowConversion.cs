using RiskTriage.RulesEngine.Lowering;
using RulesEngine.Models;

namespace RiskTriage.RulesEngine;

/// <summary>
/// The importer's entry to the lowering: the same checks and rule set as the drop-in engine, for workflow JSON text and
/// rule parameters named as in RulesEngine, with descriptions saying what each output means.
/// </summary>
internal static class WorkflowConversion
{
    public static LoweredWorkflow? Convert(string json, string label, IReadOnlyList<(string Name, Type Type)> parameters, List<WorkflowProblem> problems, out Workflow? workflow)
    {
        workflow = WorkflowJson.Read(json, label, problems, out var locator);
        if (workflow is null)
        {
            return null;
        }

        var found = SyntaxCheck.Check(workflow, new ReSettings());
        var inputs = new List<LoweringInput>();
        foreach (var (name, type) in parameters)
        {
            var dlType = DlType.FromClr(type);
            if (dlType is null)
            {
                problems.Add(new(workflow.WorkflowName, null, name, null, null, $"the sample's '{name}' is not an object"));
                return null;
            }

            inputs.Add(new LoweringInput(name, name, dlType));
        }

        if (found.Count == 0)
        {
            var lowered = WorkflowLowering.Lower(workflow, inputs, comments: true);
            found = [.. lowered.Problems];
            if (found.Count == 0)
            {
                return lowered;
            }
        }

        problems.AddRange(found.Select(p => locator!.Locate(p)));
        return null;
    }
}
