using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.RulesEngine.Parsing;
using RulesEngine.Models;

namespace RiskTriage.RulesEngine.Lowering;

/// <summary>A rule parameter as the lowering sees it: its RulesEngine name, its RiskTriage input name and its type.</summary>
internal sealed record LoweringInput(string Name, string InputName, DlType Type);

/// <summary>Where a rule's results are in the lowered rule set's outputs.</summary>
internal sealed class LoweredRule(Rule rule, string key)
{
    public Rule Rule { get; } = rule;

    /// <summary>The output name of the rule's success (a bool); also the prefix of its other outputs.</summary>
    public string Key { get; } = key;

    /// <summary>The output holding the rule's error code (<c>G</c>/<c>S</c>/<c>R</c> and an <see cref="ErrorKinds"/> code), if it can fail.</summary>
    public string? ErrorOutput { get; set; }

    public string? SuccessActionOutput { get; set; }

    public string? FailureActionOutput { get; set; }

    public string? SuccessActionError { get; set; }

    public string? FailureActionError { get; set; }

    public DlType? SuccessActionType { get; set; }

    public DlType? FailureActionType { get; set; }

    /// <summary>Null for a rule with an expression; the enabled child rules for a nested rule.</summary>
    public List<LoweredRule>? Children { get; set; }
}

/// <summary>A problem with one rule of a workflow (or the workflow, when <see cref="RuleName"/> is null).</summary>
internal sealed record LoweringProblem(string? RuleName, string Field, string Expression, int Offset, string Message);

/// <summary>The lowered workflow: a RiskTriage rule-set file, the rules' output names, and what could not be lowered.</summary>
internal sealed record LoweredWorkflow(string RuleSetJson, IReadOnlyList<LoweredRule> Rules, IReadOnlyList<LoweringProblem> Problems);

/// <summary>
/// Lowers a RulesEngine workflow into a RiskTriage rule set, the one document both the drop-in engine and the
/// importer load: the inputs the expressions read (with their CLR-derived types), global and local parameters as
/// values, and per enabled rule a bool output named after the rule (its success), an error output when RulesEngine
/// could throw evaluating it, and the value of its <c>OutputExpression</c> actions.
/// </summary>
internal static class WorkflowLowering
{
    internal static readonly string[] NestedOperators = ["And", "AndAlso", "Or", "OrElse"];

    /// <param name="workflow">The workflow, with any injected rules already appended.</param>
    /// <param name="inputs">The rule parameters.</param>
    /// <param name="comments">For the importer: descriptions on every element, SuccessEvent outputs, and EvaluateRule actions reported (a rule set cannot call another workflow).</param>
    public static LoweredWorkflow Lower(Workflow workflow, IReadOnlyList<LoweringInput> inputs, bool comments = false)
    {
        var problems = new List<LoweringProblem>();
        var values = new JObject();
        var outputs = new JObject();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var scope = new Dictionary<string, DlBinding>(StringComparer.OrdinalIgnoreCase);
        var schema = new Dictionary<string, SchemaNode>();
        foreach (var input in inputs)
        {
            names.Add(input.InputName);
            var node = new SchemaNode(input.Type);
            schema[input.InputName] = node;
            scope[input.Name] = new DlBinding(input.InputName, input.Type, node, NotNull: true);
        }

        if (workflow.RuleExpressionType != RuleExpressionType.LambdaExpression)
        {
            problems.Add(new(null, "RuleExpressionType", string.Empty, -1, $"the workflow's RuleExpressionType {workflow.RuleExpressionType} is not supported (LambdaExpression only)"));
        }

        var globalError = LowerParams(workflow.GlobalParams, "g", scope, values, names, problems, null, comments);
        var rules = new List<LoweredRule>();
        foreach (var rule in (workflow.Rules ?? []).Where(r => r.Enabled))
        {
            rules.Add(LowerRule(rule, scope, globalError is null ? null : $"('G' + {globalError})", values, outputs, names, problems, comments));
        }

        var document = new JObject
        {
            ["ruleSet"] = new JObject
            {
                ["name"] = Identifier(workflow.WorkflowName ?? "workflow", new HashSet<string>()),
                ["version"] = "1.0.0",
                ["description"] = $"Lowered from the RulesEngine workflow '{workflow.WorkflowName}'.",
            },
            ["inputs"] = new JObject(schema.Select(kv => new JProperty(kv.Key, kv.Value.ToDeclaration()))),
        };
        if (values.Count > 0)
        {
            document["values"] = values;
        }

        document["outputs"] = outputs;
        return new LoweredWorkflow(document.ToString(Formatting.Indented), rules, problems);
    }

    private static LoweredRule LowerRule(Rule rule, Dictionary<string, DlBinding> parentScope, string? inheritedError, JObject values,
        JObject outputs, HashSet<string> names, List<LoweringProblem> problems, bool comments)
    {
        var key = Identifier(rule.RuleName ?? "rule", names);
        var lowered = new LoweredRule(rule, key);
        var scope = new Dictionary<string, DlBinding>(parentScope, StringComparer.OrdinalIgnoreCase);
        if (rule.RuleExpressionType != RuleExpressionType.LambdaExpression)
        {
            problems.Add(new(rule.RuleName, "RuleExpressionType", string.Empty, -1, $"RuleExpressionType {rule.RuleExpressionType} is not supported (LambdaExpression only)"));
        }

        var localError = LowerParams(rule.LocalParams, key, scope, values, names, problems, rule.RuleName, comments);
        var error = DlTranslator.Chain(inheritedError, localError is null ? null : $"('S' + {localError})");
        string success;
        var nested = rule.Rules?.Any() == true && NestedOperators.Contains(rule.Operator);
        if (nested)
        {
            lowered.Children = [];
            foreach (var child in rule.Rules!.Where(r => r.Enabled))
            {
                // A child sees the parent's scope; only the parent's own failure (its scoped parameters) stops it.
                lowered.Children.Add(LowerRule(child, scope, null, values, outputs, names, problems, comments));
            }

            var joiner = rule.Operator is "And" or "AndAlso" ? " and " : " or ";
            success = lowered.Children.Count == 0 ? "false" : string.Join(joiner, lowered.Children.Select(c => c.Key));
        }
        else
        {
            var expression = Translate(rule.Expression, "Expression", rule.RuleName, scope, problems, out var translated);
            if (translated is not null && (translated.Type.Kind != DlKind.Bool || translated.Type.Nullable))
            {
                problems.Add(new(rule.RuleName, "Expression", rule.Expression ?? string.Empty, 0, $"the expression gives {translated.Type.Describe()}, not a bool"));
            }

            error = DlTranslator.Chain(error, translated?.Error is null ? null : $"('R' + {translated.Error})");
            success = translated?.Value ?? "false";
            _ = expression;
        }

        if (error is not null)
        {
            var errorName = Identifier(key + "__error", names);
            values[errorName] = new JObject { ["expr"] = error, ["type"] = "string" };
            outputs[errorName] = new JObject { ["type"] = "string", ["value"] = errorName };
            if (comments)
            {
                values[errorName]!["description"] = "the first exception RulesEngine raises evaluating this rule (G: global, S: scoped parameter, R: the rule; NRE null reference, DIV0 division by zero, EMPTY Min/Max of no items, ANS/ANV null argument, IDX index out of range), missing when none";
            }

            lowered.ErrorOutput = errorName;
            success = $"{errorName} == null and ({success}) == true";
        }

        var successOutput = new JObject { ["type"] = "bool", ["value"] = $"({success}) == true" };
        if (comments)
        {
            successOutput["description"] = $"IsSuccess of the RulesEngine rule '{rule.RuleName}'"
                + (rule.SuccessEvent is null ? string.Empty : $"; its SuccessEvent is '{rule.SuccessEvent}'")
                + (nested ? $"; the {rule.Operator} of its child rules" : $"; from: {rule.Expression}");
        }

        outputs[key] = successOutput;
        if (comments && rule.SuccessEvent is not null)
        {
            outputs[Identifier(key + "__successEvent", names)] = new JObject
            {
                ["type"] = "string",
                ["value"] = $"{key} ? {DlTranslator.Quote(rule.SuccessEvent)} : null",
                ["description"] = $"the SuccessEvent of '{rule.RuleName}' when it succeeds",
            };
        }

        LowerAction(rule, rule.Actions?.OnSuccess, lowered, "onSuccess", scope, values, outputs, names, problems, comments);
        LowerAction(rule, rule.Actions?.OnFailure, lowered, "onFailure", scope, values, outputs, names, problems, comments);
        return lowered;
    }

    private static void LowerAction(Rule rule, ActionInfo? action, LoweredRule lowered, string when, Dictionary<string, DlBinding> scope,
        JObject values, JObject outputs, HashSet<string> names, List<LoweringProblem> problems, bool forImport)
    {
        if (action is null)
        {
            return;
        }

        if (action.Name == "EvaluateRule")
        {
            // The drop-in engine runs it between workflows; a rule set on its own cannot call another workflow.
            if (forImport)
            {
                problems.Add(new(rule.RuleName, $"Actions.{when}.Name", string.Empty, -1, "an EvaluateRule action calls another workflow, which a rule set on its own cannot do; convert that workflow separately"));
            }

            return;
        }

        if (action.Name != "OutputExpression")
        {
            problems.Add(new(rule.RuleName, $"Actions.{when}", string.Empty, -1, $"the custom action '{action.Name}' is outside the supported subset (OutputExpression, EvaluateRule)"));
            return;
        }

        var text = ContextText(action.Context, "expression");
        Translate(text, $"Actions.{when}.Context.Expression", rule.RuleName, scope, problems, out var translated);
        if (translated is null)
        {
            return;
        }

        var type = translated.Type.Kind switch
        {
            DlKind.Integer or DlKind.Real => "number",
            DlKind.Bool => "bool",
            DlKind.String => "string",
            _ => null,
        };
        if (type is null)
        {
            problems.Add(new(rule.RuleName, $"Actions.{when}.Context.Expression", text ?? string.Empty, 0, $"an OutputExpression giving {translated.Type.Describe()} is outside the supported subset (numbers, bool, text)"));
            return;
        }

        var name = Identifier($"{lowered.Key}__{when}", names);
        outputs[name] = new JObject { ["type"] = type, ["value"] = translated.Value };
        string? errorName = null;
        if (translated.Error is not null)
        {
            errorName = Identifier($"{name}__error", names);
            outputs[errorName] = new JObject { ["type"] = "string", ["value"] = translated.Error };
        }

        if (when == "onSuccess")
        {
            lowered.SuccessActionOutput = name;
            lowered.SuccessActionError = errorName;
            lowered.SuccessActionType = translated.Type;
        }
        else
        {
            lowered.FailureActionOutput = name;
            lowered.FailureActionError = errorName;
            lowered.FailureActionType = translated.Type;
        }
    }

    internal static string? ContextText(Dictionary<string, object>? context, string key)
    {
        if (context is null)
        {
            return null;
        }

        foreach (var (k, v) in context)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
            {
                return v switch
                {
                    string s => s,
                    System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } e => e.GetString(),
                    JValue { Type: JTokenType.String } j => (string?)j,
                    _ => v?.ToString(),
                };
            }
        }

        return null;
    }

    private static string? LowerParams(IEnumerable<ScopedParam>? parameters, string prefix, Dictionary<string, DlBinding> scope, JObject values,
        HashSet<string> names, List<LoweringProblem> problems, string? ruleName, bool comments)
    {
        string? error = null;
        foreach (var parameter in parameters ?? [])
        {
            Translate(parameter.Expression, $"{(ruleName is null ? "GlobalParams" : "LocalParams")}.{parameter.Name}", ruleName, scope, problems, out var translated);
            if (translated is null || parameter.Name is null)
            {
                continue;
            }

            error = DlTranslator.Chain(error, translated.Error);
            if (translated.Type.Kind is DlKind.Integer or DlKind.Real or DlKind.Bool or DlKind.String)
            {
                var name = Identifier($"{prefix}_{parameter.Name}", names);
                var value = new JObject { ["expr"] = translated.Value };
                if (comments)
                {
                    value["description"] = $"{(ruleName is null ? "global" : "local")} parameter '{parameter.Name}' = {parameter.Expression}";
                }

                values[name] = value;
                scope[parameter.Name] = new DlBinding(name, translated.Type, null);
            }
            else
            {
                // Objects and lists are not values in RiskTriage: the expression is used in place.
                scope[parameter.Name] = new DlBinding($"({translated.Value})", translated.Type, translated.Node);
            }
        }

        return error;
    }

    private static DlNode? Translate(string? text, string field, string? ruleName, Dictionary<string, DlBinding> scope, List<LoweringProblem> problems, out Translated? translated)
    {
        translated = null;
        if (text is null)
        {
            problems.Add(new(ruleName, field, string.Empty, -1, "the expression is missing"));
            return null;
        }

        DlNode node;
        try
        {
            node = DlParser.Parse(text);
        }
        catch (DlParseException e)
        {
            problems.Add(new(ruleName, field, text, e.Offset, e.Message));
            return null;
        }

        var found = new List<DlProblem>();
        var translator = new DlTranslator(found) { Scope = new Dictionary<string, DlBinding>(scope, StringComparer.OrdinalIgnoreCase) };
        var result = translator.Translate(node);
        foreach (var problem in found)
        {
            problems.Add(new(ruleName, field, text, problem.Offset, problem.Message));
        }

        translated = found.Count == 0 ? result : null;
        return node;
    }

    /// <summary>A RiskTriage name for a rule or parameter: letters, digits and '_', unique in the rule set.</summary>
    internal static string Identifier(string name, HashSet<string> taken)
    {
        var builder = new StringBuilder();
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, "r_");
        }

        var candidate = builder.ToString();
        if (Reserved.Contains(candidate))
        {
            candidate += "_";
        }

        var unique = candidate;
        for (var i = 2; !taken.Add(unique); i++)
        {
            unique = $"{candidate}_{i}";
        }

        return unique;
    }

    private static readonly HashSet<string> Reserved =
    [
        "true", "false", "null", "and", "or", "not", "in", "new", "typeof", "sizeof", "nameof", "default", "class", "struct", "using",
        "namespace", "static", "var", "this", "base", "is", "as", "checked", "unchecked", "fixed", "unsafe", "stackalloc", "delegate",
        "await", "async", "throw", "return", "import", "eval", "function", "lambda",
    ];
}
