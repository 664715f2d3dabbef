using System.Collections.Concurrent;
using System.Dynamic;
using Newtonsoft.Json.Linq;
using RiskTriage.RulesEngine.Lowering;
using RulesEngine.Interfaces;
using RulesEngine.Models;
using ReUtils = RulesEngine.HelperFunctions.Utils;

namespace RiskTriage.RulesEngine;

/// <summary>
/// Runs Microsoft RulesEngine workflows on RiskTriage: a drop-in for <c>new RulesEngine.RulesEngine(workflows)</c>
/// with the same results for the supported subset. Every expression is parsed and checked for constructs outside the
/// subset when a workflow is added (one <see cref="RulesEngineWorkflowException"/> lists every problem); on the first
/// run with a set of rule-parameter types the workflow is lowered to a RiskTriage rule set, checked against those types
/// (unknown members, type errors: again all at once), compiled, and cached. Thread-safe.
/// </summary>
public sealed partial class RiskTriageRulesEngine : IRulesEngine
{
    private const string PlaceholderPattern = "(\\$\\(.*?\\))";
    private readonly ReSettings _settings;
    private readonly ConcurrentDictionary<string, Registered> _workflows = new(StringComparer.Ordinal);

    // The compiled variants of each workflow, one per set of rule-parameter names and types; a variant is current while
    // its generation is the engine's (any workflow change starts a new one, since a workflow can be injected into others).
    private readonly ConcurrentDictionary<string, Variant[]> _variants = new(StringComparer.Ordinal);
    private int _generation;
    private volatile Variant? _last;

    /// <summary>Creates an engine with the given workflows, as <c>new RulesEngine.RulesEngine(workflows, settings)</c>.</summary>
    /// <param name="workflows">The workflows.</param>
    /// <param name="reSettings">RulesEngine settings; null for the defaults.</param>
    /// <exception cref="RulesEngineWorkflowException">A workflow uses a construct outside the supported subset or does not parse.</exception>
    public RiskTriageRulesEngine(Workflow[] workflows, ReSettings? reSettings = null)
        : this(reSettings)
    {
        AddWorkflow(workflows);
    }

    /// <summary>Creates an engine from workflow JSON texts, as <c>new RulesEngine.RulesEngine(jsonConfig, settings)</c>; problems carry their line and column.</summary>
    /// <param name="jsonConfig">One workflow per text.</param>
    /// <param name="reSettings">RulesEngine settings; null for the defaults.</param>
    /// <exception cref="RulesEngineWorkflowException">A workflow does not parse or uses a construct outside the supported subset.</exception>
    public RiskTriageRulesEngine(string[] jsonConfig, ReSettings? reSettings = null)
        : this(reSettings)
    {
        ArgumentNullException.ThrowIfNull(jsonConfig);
        var problems = new List<WorkflowProblem>();
        var parsed = new List<Registered>();
        for (var i = 0; i < jsonConfig.Length; i++)
        {
            var workflow = WorkflowJson.Read(jsonConfig[i], $"workflow {i + 1}", problems, out var locator);
            if (workflow is not null)
            {
                parsed.Add(new Registered(workflow, locator));
            }
        }

        Add(parsed, problems, update: false);
    }

    /// <summary>Creates an engine without workflows, as <c>new RulesEngine.RulesEngine(settings)</c>.</summary>
    /// <param name="reSettings">RulesEngine settings; null for the defaults.</param>
    public RiskTriageRulesEngine(ReSettings? reSettings = null)
    {
        _settings = reSettings ?? new ReSettings();
    }

    /// <inheritdoc />
    public ValueTask<List<RuleResultTree>> ExecuteAllRulesAsync(string workflowName, params object[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var names = PositionalNames(inputs.Length);

        // Inputs of the types a compiled variant was made for run as given, without a copy of the array or a type test:
        // a variant's types are what the conversion below gives, never ExpandoObject, a dictionary or JObject.
        if (Find(workflowName, names, inputs) is { } compiled)
        {
            return new(Execute(compiled, names, inputs, CancellationToken.None));
        }

        // Only ExpandoObject, dictionaries and JObject are converted, into a new array: the caller's is left alone.
        object?[] values = inputs;
        for (var i = 0; i < inputs.Length; i++)
        {
            if (NeedsTyping(inputs[i]))
            {
                values = new object?[inputs.Length];
                for (var j = 0; j < inputs.Length; j++)
                {
                    values[j] = Typed(inputs[j]);
                }

                break;
            }
        }

        return new(Execute(workflowName, names, values, CancellationToken.None));
    }

    /// <inheritdoc />
    public ValueTask<List<RuleResultTree>> ExecuteAllRulesAsync(string workflowName, params RuleParameter[] ruleParams) =>
        ExecuteAllRulesAsync(workflowName, ruleParams, CancellationToken.None);

    /// <inheritdoc />
    public ValueTask<List<RuleResultTree>> ExecuteAllRulesAsync(string workflowName, RuleParameter[] ruleParams, CancellationToken cancellationToken)
    {
        var (names, values) = Sorted(ruleParams);
        return new(Execute(workflowName, names, values, cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask<ActionRuleResult> ExecuteActionWorkflowAsync(string workflowName, string ruleName, RuleParameter[] ruleParameters)
    {
        var (names, values) = Sorted(ruleParameters);
        return new(ExecuteActionWorkflow(workflowName, ruleName, names, values));
    }

    private List<RuleResultTree> Execute(string workflowName, string[] names, object?[] values, CancellationToken cancellationToken) =>
        Execute(Compiled(workflowName, names, values), names, values, cancellationToken);

    private List<RuleResultTree> Execute(CompiledWorkflow compiled, string[] names, object?[] values, CancellationToken cancellationToken)
    {
        var run = Run(compiled, names, values, _settings.AutoExecuteActions);
        try
        {
            var plan = run.Compiled.Plan;
            var results = new List<RuleResultTree>(plan.Length);
            foreach (var rule in plan)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = Result(rule, run);
                FormatErrorMessage(result, run.Inputs);
                results.Add(result);
            }

            return results;
        }
        finally
        {
            CompiledWorkflow.Release(run.Scratch);
        }
    }

    private ActionRuleResult ExecuteActionWorkflow(string workflowName, string ruleName, string[] names, object?[] values)
    {
        var run = Run(Compiled(workflowName, names, values), names, values, actions: false);
        try
        {
            foreach (var rule in run.Compiled.Plan)
            {
                if (rule.Rule.RuleName == ruleName)
                {
                    var result = Result(rule, run);
                    FormatErrorMessage(result, run.Inputs);
                    var (output, exception, inner) = Act(rule, result, run);
                    return new ActionRuleResult { Output = output, Exception = exception, Results = inner is null ? [result] : [.. inner, result] };
                }
            }
        }
        finally
        {
            CompiledWorkflow.Release(run.Scratch);
        }

        throw new ArgumentException($"Workflow `{workflowName}` does not contain any rule named `{ruleName}`");
    }

    /// <inheritdoc />
    public void AddWorkflow(params Workflow[] Workflows) => Add(Check(Workflows), update: false);

    /// <inheritdoc />
    public void AddOrUpdateWorkflow(params Workflow[] Workflows) => Add(Check(Workflows), update: true);

    /// <inheritdoc />
    public void ClearWorkflows()
    {
        _workflows.Clear();
        InvalidateCompiled();
    }

    /// <inheritdoc />
    public void RemoveWorkflow(params string[] workflowNames)
    {
        foreach (var name in workflowNames)
        {
            _workflows.TryRemove(name, out _);
            InvalidateCompiled();
        }
    }

    /// <inheritdoc />
    public bool ContainsWorkflow(string workflowName) => _workflows.ContainsKey(workflowName);

    /// <inheritdoc />
    public List<string> GetAllRegisteredWorkflowNames() => [.. _workflows.Keys];

    /// <summary>
    /// The RiskTriage rule set a workflow runs as for the given rule-parameter names and types (the document the importer
    /// writes), compiling it if needed: the place to see what RiskTriage adds (warnings, explain, audit).
    /// </summary>
    /// <param name="workflowName">The workflow.</param>
    /// <param name="parameters">The rule parameters' names and CLR types.</param>
    /// <returns>The loaded rule set.</returns>
    /// <exception cref="RulesEngineWorkflowException">The workflow cannot run with these types.</exception>
    public RuleSet GetRuleSet(string workflowName, params (string Name, Type Type)[] parameters) =>
        Compiled(workflowName, [.. parameters.OrderBy(p => p.Name, StringComparer.Ordinal)]).Compiled.RuleSet;

    private CompiledWorkflow Compiled(string workflowName, string[] names, object?[] values)
    {
        if (Find(workflowName, names, values) is { } found)
        {
            return found;
        }

        var parameters = new (string Name, Type Type)[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            parameters[i] = (names[i], values[i]?.GetType() ?? typeof(object));
        }

        var added = Compiled(workflowName, parameters);
        _last = added;
        return added.Compiled;
    }

    // Found without allocating: the variant run last (the common case of a hot loop), then the workflow's others.
    private CompiledWorkflow? Find(string workflowName, string[] names, object?[] values)
    {
        var generation = Volatile.Read(ref _generation);
        var last = _last;
        if (last is not null && last.Generation == generation && last.Matches(workflowName, names, values))
        {
            return last.Compiled;
        }

        if (_variants.TryGetValue(workflowName, out var variants))
        {
            foreach (var variant in variants)
            {
                if (variant.Generation == generation && variant.Matches(workflowName, names, values))
                {
                    _last = variant;
                    return variant.Compiled;
                }
            }
        }

        return null;
    }

    private Variant Compiled(string workflowName, (string Name, Type Type)[] parameters)
    {
        // Read before compiling: a workflow changed meanwhile makes this variant stale, and it is then never used.
        var generation = Volatile.Read(ref _generation);
        var names = new string[parameters.Length];
        var types = new Type[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            (names[i], types[i]) = parameters[i];
        }

        if (_variants.TryGetValue(workflowName, out var variants) && Array.Find(variants, v => v.Generation == generation && v.Matches(workflowName, names, types)) is { } known)
        {
            return known;
        }

        if (!_workflows.TryGetValue(workflowName, out var registered))
        {
            throw new ArgumentException($"Rule config file is not present for the {workflowName} workflow");
        }

        var problems = new List<WorkflowProblem>();
        var workflow = WithInjectedRules(registered.Workflow, problems, []);
        var compiled = workflow is null ? null : CompiledWorkflow.Compile(workflow, parameters, registered.Locate, problems);
        if (compiled is null)
        {
            throw new RulesEngineWorkflowException(problems);
        }

        var added = new Variant(workflowName, names, types, compiled, generation);
        _variants.AddOrUpdate(workflowName, _ => [added], (_, old) => [.. old.Where(v => v.Generation == generation), added]);
        return added;
    }

    // WorkflowsToInject: the injected workflows' rules run after the workflow's own, as RulesEngine appends them.
    private Workflow? WithInjectedRules(Workflow workflow, List<WorkflowProblem> problems, HashSet<string> seen)
    {
        if (workflow.WorkflowsToInject?.Any() != true)
        {
            return workflow;
        }

        if (!seen.Add(workflow.WorkflowName))
        {
            problems.Add(new(workflow.WorkflowName, null, "WorkflowsToInject", null, null, "the workflow injects itself through a cycle"));
            return null;
        }

        var rules = new List<Rule>(workflow.Rules ?? []);
        foreach (var name in workflow.WorkflowsToInject)
        {
            if (!_workflows.TryGetValue(name, out var injected))
            {
                problems.Add(new(workflow.WorkflowName, null, "WorkflowsToInject", null, null, $"Could not find injected Workflow: {name}"));
                return null;
            }

            var effective = WithInjectedRules(injected.Workflow, problems, seen);
            if (effective is null)
            {
                return null;
            }

            rules.AddRange(effective.Rules ?? []);
        }

        return new Workflow
        {
            WorkflowName = workflow.WorkflowName,
            GlobalParams = workflow.GlobalParams,
            RuleExpressionType = workflow.RuleExpressionType,
            Rules = rules,
        };
    }

    private static (string[] Names, object?[] Values) Sorted(RuleParameter[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var sorted = (RuleParameter[])parameters.Clone();
        Array.Sort(sorted, (a, b) => string.Compare(a.Name, b.Name));
        var names = new string[sorted.Length];
        var values = new object?[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            names[i] = sorted[i].Name;
            values[i] = sorted[i].Value is JObject json ? Typed(json) : sorted[i].Value;
        }

        return (names, values);
    }

    private static string[] PositionalNames(int count) =>
        count < Positional.Length ? Positional[count] : [.. Enumerable.Range(1, count).Select(i => $"input{i}").Order(StringComparer.Create(System.Globalization.CultureInfo.CurrentCulture, false))];

    private static readonly string[][] Positional = [.. Enumerable.Range(0, 10).Select(n => Enumerable.Range(1, n).Select(i => $"input{i}").ToArray())];

    /// <summary>RulesEngine's own conversion of ExpandoObject and dictionaries to typed objects; JObject through ExpandoObject.</summary>
    private static object Typed(object value) => value switch
    {
        JObject json => ReUtils.GetTypedObject(json.ToObject<ExpandoObject>()!),
        ExpandoObject or IDictionary<string, object> => ReUtils.GetTypedObject(value),
        _ => value,
    };

    private static bool NeedsTyping(object? value) => value is JObject or ExpandoObject or IDictionary<string, object>;

    private List<Registered> Check(Workflow[] workflows)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        return [.. workflows.Select(w => new Registered(w, null))];
    }

    private void Add(List<Registered> workflows, bool update) => Add(workflows, new List<WorkflowProblem>(), update);

    private void Add(List<Registered> workflows, List<WorkflowProblem> problems, bool update)
    {
        foreach (var registered in workflows)
        {
            var workflow = registered.Workflow;
            if (string.IsNullOrWhiteSpace(workflow.WorkflowName))
            {
                problems.Add(new("(unnamed)", null, "WorkflowName", null, null, "the workflow has no name"));
                continue;
            }

            if (!update && _workflows.ContainsKey(workflow.WorkflowName))
            {
                problems.Add(new(workflow.WorkflowName, null, "WorkflowName", null, null, $"Cannot add workflow `{workflow.WorkflowName}` as it already exists. Use `AddOrUpdateWorkflow` to update existing workflow"));
                continue;
            }

            problems.AddRange(SyntaxCheck.Check(workflow, _settings).Select(registered.Locate));
        }

        if (problems.Count > 0)
        {
            throw new RulesEngineWorkflowException(problems);
        }

        foreach (var registered in workflows)
        {
            _workflows[registered.Workflow.WorkflowName] = registered;
            InvalidateCompiled();
        }
    }

    // A workflow can be injected into others, so a change drops every compiled workflow; they compile again on next use.
    private void InvalidateCompiled()
    {
        Interlocked.Increment(ref _generation);
        _last = null;
        _variants.Clear();
    }

    private sealed class Variant(string workflow, string[] names, Type[] types, CompiledWorkflow compiled, int generation)
    {
        public CompiledWorkflow Compiled { get; } = compiled;

        public int Generation { get; } = generation;

        public bool Matches(string workflowName, string[] otherNames, object?[] values)
        {
            if (!NamesMatch(workflowName, otherNames))
            {
                return false;
            }

            for (var i = 0; i < types.Length; i++)
            {
                if ((values[i]?.GetType() ?? typeof(object)) != types[i])
                {
                    return false;
                }
            }

            return true;
        }

        public bool Matches(string workflowName, string[] otherNames, Type[] otherTypes) =>
            NamesMatch(workflowName, otherNames) && types.AsSpan().SequenceEqual(otherTypes);

        private bool NamesMatch(string workflowName, string[] otherNames)
        {
            if (!string.Equals(workflow, workflowName, StringComparison.Ordinal) || otherNames.Length != names.Length)
            {
                return false;
            }

            for (var i = 0; i < names.Length; i++)
            {
                if (!string.Equals(names[i], otherNames[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }

    // A struct: one evaluation's state, passed down the result tree without an allocation of its own.
    private readonly record struct RunState(CompiledWorkflow Compiled, CompiledWorkflow.Scratch Scratch, DecisionOutputs? Outputs, Dictionary<string, object> Inputs, bool Actions);

    private sealed record Registered(Workflow Workflow, WorkflowJson.Locator? Locator)
    {
        public WorkflowProblem Locate(LoweringProblem problem) =>
            Locator?.Locate(problem) ?? new WorkflowProblem(Workflow.WorkflowName, problem.RuleName, problem.Field, null,
                problem.Offset >= 0 ? problem.Offset + 1 : null, problem.Message + (problem.Expression.Length > 0 ? $" (in: {problem.Expression})" : string.Empty));
    }
}
