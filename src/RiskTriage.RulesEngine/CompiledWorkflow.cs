using System.Linq.Expressions;
using RiskTriage.RulesEngine.Inputs;
using RiskTriage.RulesEngine.Lowering;

namespace RiskTriage.RulesEngine;

/// <summary>
/// A workflow lowered for one set of rule-parameter names and CLR types and loaded as a RiskTriage rule set, with the
/// compiled evaluator that builds the case from the parameters' values and the outputs' positions.
/// </summary>
internal sealed class CompiledWorkflow
{
    private readonly Func<object?[], Decision> _evaluate;

    private CompiledWorkflow(RuleSet ruleSet, LoweredWorkflow lowered, Func<object?[], Decision> evaluate)
    {
        RuleSet = ruleSet;
        Lowered = lowered;
        _evaluate = evaluate;
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ruleSet.OutputNames.Count; i++)
        {
            positions[ruleSet.OutputNames[i]] = i;
        }

        OutputPositions = positions;
        Plan = RulePlan.For(lowered.Rules, positions);
    }

    public RuleSet RuleSet { get; }

    public LoweredWorkflow Lowered { get; }

    public IReadOnlyDictionary<string, int> OutputPositions { get; }

    /// <summary>The enabled top-level rules' output positions, in the order of their results.</summary>
    public RulePlan[] Plan { get; }

    public Decision Evaluate(object?[] values) => _evaluate(values);

    /// <summary>Lowers and loads the workflow; every problem (lowering or RiskTriage diagnostics) goes to <paramref name="problems"/>.</summary>
    public static CompiledWorkflow? Compile(global::RulesEngine.Models.Workflow workflow, IReadOnlyList<(string Name, Type Type)> parameters,
        Func<LoweringProblem, WorkflowProblem> locate, List<WorkflowProblem> problems)
    {
        if (parameters.Count is 0 or > 8)
        {
            problems.Add(new(workflow.WorkflowName, null, "inputs", null, null, $"{parameters.Count} rule parameters were given; RiskTriage runs workflows with 1 to 8"));
            return null;
        }

        var inputs = new List<LoweringInput>();
        for (var i = 0; i < parameters.Count; i++)
        {
            var type = DlType.FromClr(parameters[i].Type);
            if (type is null)
            {
                problems.Add(new(workflow.WorkflowName, null, parameters[i].Name, null, null,
                    $"the rule parameter '{parameters[i].Name}' has type {parameters[i].Type.Name}, which is outside the supported subset (objects, records, ExpandoObject, dictionaries, JObject, numbers, bool, text)"));
                return null;
            }

            inputs.Add(new LoweringInput(parameters[i].Name, $"input{i + 1}", type));
        }

        var lowered = WorkflowLowering.Lower(workflow, inputs);
        if (lowered.Problems.Count > 0)
        {
            problems.AddRange(lowered.Problems.Select(locate));
            return null;
        }

        RuleSet ruleSet;
        try
        {
            ruleSet = RuleSet.LoadFromSources(new Dictionary<string, string> { [$"{workflow.WorkflowName}.json"] = lowered.RuleSetJson });
        }
        catch (Diagnostics.RuleSetException e)
        {
            // The lowering writes only what RiskTriage accepts; a diagnostic here is a gap in the lowering, reported as such.
            problems.AddRange(e.Diagnostics.Where(d => d.IsError).Select(d => new WorkflowProblem(workflow.WorkflowName, null, "lowered rule set", null, null, d.Render())));
            return null;
        }

        return new CompiledWorkflow(ruleSet, lowered, BuildEvaluator(ruleSet, parameters.Select(p => p.Type).ToArray()));
    }

    private static Func<object?[], Decision> BuildEvaluator(RuleSet ruleSet, Type[] types)
    {
        var caseType = types.Length switch
        {
            1 => typeof(RuleInputs1<>), 2 => typeof(RuleInputs2<,>), 3 => typeof(RuleInputs3<,,>), 4 => typeof(RuleInputs4<,,,>),
            5 => typeof(RuleInputs5<,,,,>), 6 => typeof(RuleInputs6<,,,,,>), 7 => typeof(RuleInputs7<,,,,,,>), _ => typeof(RuleInputs8<,,,,,,,>),
        };
        caseType = caseType.MakeGenericType(types);
        var evaluator = typeof(RuleSet).GetMethod(nameof(RuleSet.For))!.MakeGenericMethod(caseType).Invoke(ruleSet, null)!;
        var values = Expression.Parameter(typeof(object?[]), "values");
        var bindings = types.Select((t, i) => (MemberBinding)Expression.Bind(caseType.GetProperty($"Input{i + 1}")!,
            Expression.Convert(Expression.ArrayIndex(values, Expression.Constant(i)), t)));
        var create = Expression.MemberInit(Expression.New(caseType), bindings);
        var call = Expression.Call(Expression.Constant(evaluator), evaluator.GetType().GetMethod("Evaluate")!, create, Expression.Constant(TraceDetail.None));
        return Expression.Lambda<Func<object?[], Decision>>(call, values).Compile();
    }
}
