using RiskTriage.RulesEngine.Inputs;
using RiskTriage.RulesEngine.Lowering;

namespace RiskTriage.RulesEngine;

/// <summary>
/// A workflow lowered for one set of rule-parameter names and CLR types and loaded as a RiskTriage rule set, with the
/// compiled evaluator that builds the case from the parameters' values and the outputs' positions.
/// </summary>
internal sealed class CompiledWorkflow
{
    private readonly Func<IRuleInputs> _newCase;
    private readonly Action<IRuleInputs, Decision> _evaluateInto;

    // Each thread evaluates into its own case and decision, made on its first call and reused: a call allocates only
    // what it returns. The scratch is never handed to a caller, and one in use (a call made from inside an evaluation
    // or while its results are being read) is never reused: the nested call gets a fresh one.
    private readonly ThreadLocal<Scratch?> _scratch = new();

    private CompiledWorkflow(RuleSet ruleSet, LoweredWorkflow lowered, Func<IRuleInputs> newCase, Action<IRuleInputs, Decision> evaluateInto)
    {
        RuleSet = ruleSet;
        Lowered = lowered;
        _newCase = newCase;
        _evaluateInto = evaluateInto;
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

    /// <summary>
    /// Evaluates the parameters' values into this thread's scratch, which the caller reads and then gives back with
    /// <see cref="Release"/> (in a <c>finally</c>); nothing in it may reach the caller's results.
    /// </summary>
    public Scratch Evaluate(object?[] values)
    {
        var scratch = _scratch.Value;
        if (scratch is null || scratch.InUse)
        {
            var fresh = new Scratch(_newCase(), RuleSet.NewDecision(null, TraceDetail.None), RuleSet.OutputNames.Count);
            if (scratch is null)
            {
                _scratch.Value = fresh;
            }

            scratch = fresh;
        }

        scratch.InUse = true;
        try
        {
            scratch.Case.Set(values);
            _evaluateInto(scratch.Case, scratch.Decision);
        }
        catch
        {
            Release(scratch);
            throw;
        }
        finally
        {
            scratch.Case.Clear();
        }

        return scratch;
    }

    /// <summary>Empties the scratch of this call's values and makes it free for the thread's next call.</summary>
    public static void Release(Scratch scratch)
    {
        scratch.Decision.Reset();
        scratch.InUse = false;
    }

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

        var (newCase, evaluateInto) = BuildEvaluator(ruleSet, parameters.Select(p => p.Type).ToArray());
        return new CompiledWorkflow(ruleSet, lowered, newCase, evaluateInto);
    }

    private static (Func<IRuleInputs> NewCase, Action<IRuleInputs, Decision> EvaluateInto) BuildEvaluator(RuleSet ruleSet, Type[] types)
    {
        var caseType = types.Length switch
        {
            1 => typeof(RuleInputs1<>), 2 => typeof(RuleInputs2<,>), 3 => typeof(RuleInputs3<,,>), 4 => typeof(RuleInputs4<,,,>),
            5 => typeof(RuleInputs5<,,,,>), 6 => typeof(RuleInputs6<,,,,,>), 7 => typeof(RuleInputs7<,,,,,,>), _ => typeof(RuleInputs8<,,,,,,,>),
        };
        caseType = caseType.MakeGenericType(types);
        var bind = typeof(CompiledWorkflow).GetMethod(nameof(Bind), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        return ((Func<IRuleInputs>, Action<IRuleInputs, Decision>))bind.MakeGenericMethod(caseType).Invoke(null, [ruleSet])!;
    }

    private static (Func<IRuleInputs>, Action<IRuleInputs, Decision>) Bind<TCase>(RuleSet ruleSet)
        where TCase : class, IRuleInputs, new()
    {
        var evaluator = ruleSet.For<TCase>();
        return (() => new TCase(), (inputs, decision) => evaluator.EvaluateInto((TCase)inputs, decision));
    }

    /// <summary>
    /// One thread's case and decision for this workflow, and the boxes of the action outputs it last returned (a box
    /// is immutable, so results of different calls may share one for the same value).
    /// </summary>
    internal sealed class Scratch(IRuleInputs @case, Decision decision, int outputs)
    {
        public IRuleInputs Case { get; } = @case;

        public Decision Decision { get; } = decision;

        public object?[] Boxes { get; } = new object?[outputs];

        public bool InUse { get; set; }
    }
}
