using RiskTriage.RulesEngine.Lowering;
using RiskTriage.RulesEngine.Parsing;
using RulesEngine.Models;

namespace RiskTriage.RulesEngine;

/// <summary>
/// The checks made when a workflow is added, before any input type is known: every expression parses, and nothing
/// outside the supported subset is used (expression types, custom actions, projections, unsupported methods).
/// </summary>
internal static class SyntaxCheck
{
    public static List<LoweringProblem> Check(Workflow workflow, ReSettings settings)
    {
        var problems = new List<LoweringProblem>();
        if (workflow.RuleExpressionType != RuleExpressionType.LambdaExpression)
        {
            problems.Add(new(null, "RuleExpressionType", string.Empty, -1, $"RuleExpressionType {workflow.RuleExpressionType} is not supported (LambdaExpression only)"));
        }

        foreach (var parameter in workflow.GlobalParams ?? [])
        {
            Parse(null, $"GlobalParams.{parameter.Name}", parameter.Expression, problems);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in workflow.Rules ?? [])
        {
            CheckRule(rule, names, settings, problems);
        }

        if (workflow.Rules?.Any() != true && workflow.WorkflowsToInject?.Any() != true)
        {
            problems.Add(new(null, "Rules", string.Empty, -1, "the workflow has no rules"));
        }

        return problems;
    }

    private static void CheckRule(Rule rule, HashSet<string> names, ReSettings settings, List<LoweringProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(rule.RuleName))
        {
            problems.Add(new(null, "RuleName", string.Empty, -1, "a rule has no name"));
        }
        else if (!names.Add(rule.RuleName))
        {
            problems.Add(new(rule.RuleName, "RuleName", string.Empty, -1, $"the rule name '{rule.RuleName}' is used twice"));
        }

        if (rule.RuleExpressionType != RuleExpressionType.LambdaExpression)
        {
            problems.Add(new(rule.RuleName, "RuleExpressionType", string.Empty, -1, $"RuleExpressionType {rule.RuleExpressionType} is not supported (LambdaExpression only)"));
        }

        foreach (var parameter in rule.LocalParams ?? [])
        {
            Parse(rule.RuleName, $"LocalParams.{parameter.Name}", parameter.Expression, problems);
        }

        if (rule.Rules?.Any() == true && rule.Operator is not null)
        {
            if (!WorkflowLowering.NestedOperators.Contains(rule.Operator))
            {
                problems.Add(new(rule.RuleName, "Operator", string.Empty, -1, $"the operator '{rule.Operator}' is not supported (And, AndAlso, Or, OrElse)"));
            }

            foreach (var child in rule.Rules)
            {
                CheckRule(child, names, settings, problems);
            }
        }
        else
        {
            Parse(rule.RuleName, "Expression", rule.Expression, problems);
        }

        CheckAction(rule, rule.Actions?.OnSuccess, "onSuccess", problems);
        CheckAction(rule, rule.Actions?.OnFailure, "onFailure", problems);
    }

    private static void CheckAction(Rule rule, ActionInfo? action, string when, List<LoweringProblem> problems)
    {
        if (action is null)
        {
            return;
        }

        switch (action.Name)
        {
            case "OutputExpression":
                Parse(rule.RuleName, $"Actions.{when}.Context.Expression", WorkflowLowering.ContextText(action.Context, "expression"), problems);
                break;
            case "EvaluateRule":
                if (WorkflowLowering.ContextText(action.Context, "workflowName") is null || WorkflowLowering.ContextText(action.Context, "ruleName") is null)
                {
                    problems.Add(new(rule.RuleName, $"Actions.{when}.Context", string.Empty, -1, "EvaluateRule needs workflowName and ruleName"));
                }

                if (action.Context?.Keys.Any(k => k.Equals("inputFilter", StringComparison.OrdinalIgnoreCase) || k.Equals("additionalInputs", StringComparison.OrdinalIgnoreCase)) == true)
                {
                    problems.Add(new(rule.RuleName, $"Actions.{when}.Context", string.Empty, -1, "EvaluateRule's inputFilter and additionalInputs are outside the supported subset"));
                }

                break;
            default:
                problems.Add(new(rule.RuleName, $"Actions.{when}.Name", string.Empty, -1, $"the custom action '{action.Name}' is outside the supported subset (OutputExpression, EvaluateRule)"));
                break;
        }
    }

    private static void Parse(string? ruleName, string field, string? text, List<LoweringProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(new(ruleName, field, string.Empty, -1, "the expression is missing"));
            return;
        }

        try
        {
            DlParser.Parse(text);
        }
        catch (DlParseException e)
        {
            problems.Add(new(ruleName, field, text, e.Offset, e.Message));
        }
    }
}
