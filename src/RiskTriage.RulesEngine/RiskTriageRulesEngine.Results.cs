using System.Collections.Concurrent;
using System.Dynamic;
using Newtonsoft.Json.Linq;
using RiskTriage.RulesEngine.Lowering;
using RulesEngine.Interfaces;
using RulesEngine.Models;
using ReUtils = RulesEngine.HelperFunctions.Utils;

namespace RiskTriage.RulesEngine;

// A call's run: the compiled workflow evaluated and its results built as RulesEngine builds them.
public sealed partial class RiskTriageRulesEngine
{
    private RunState Run(CompiledWorkflow compiled, string[] names, object?[] values, bool actions)
    {
        // One dictionary per call, shared by the call's results: RulesEngine makes one per rule with the same entries.
        var inputs = new Dictionary<string, object>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            inputs[names[i]] = values[i]!;
        }

        var scratch = compiled.Evaluate(values);
        var decision = scratch.Decision;
        return new RunState(compiled, scratch, decision.Status == DecisionStatus.Invalid ? null : decision.Outputs, inputs, actions);
    }

    private RuleResultTree Result(RulePlan rule, RunState run)
    {
        var message = string.Empty;
        var success = false;
        List<RuleResultTree>? children = null;
        if (run.Outputs is not { } outputs)
        {
            message = $"Error while executing rule : {rule.Rule.RuleName} - the inputs are outside RiskTriage's case limits: {string.Join("; ", run.Scratch.Decision.Errors.Select(e => $"{e.Path}: {e.Message}"))}";
        }
        else
        {
            var error = rule.ErrorSlot < 0 ? null : outputs[rule.ErrorSlot].Value.AsString;
            if (error is not null)
            {
                message = ErrorMessage(rule.Rule.RuleName, error);
                if (!_settings.EnableExceptionAsErrorMessage)
                {
                    throw new InvalidOperationException(message);
                }
            }
            else
            {
                success = outputs[rule.SuccessSlot].Value.AsBool == true;
                if (rule.Children is not null)
                {
                    children = Children(rule, run);
                }
            }
        }

        var result = new RuleResultTree
        {
            Rule = rule.Rule,
            IsSuccess = success,
            ChildResults = children,
            Inputs = run.Inputs,
            ExceptionMessage = _settings.IgnoreException ? string.Empty : message,
        };

        // As RulesEngine's AutoExecuteActions: every result gets an ActionResult, the children's before their parent's.
        if (run.Actions)
        {
            var actions = rule.Rule.Actions;
            if ((success ? actions?.OnSuccess : actions?.OnFailure) is null)
            {
                result.ActionResult = new ActionResult();
            }
            else
            {
                var (output, exception, _) = Act(rule, result, run);
                result.ActionResult = new ActionResult { Output = output, Exception = exception };
            }
        }

        return result;
    }

    private List<RuleResultTree> Children(RulePlan rule, RunState run)
    {
        var list = new List<RuleResultTree>(rule.Children!.Length);
        foreach (var child in rule.Children!)
        {
            var result = Result(child, run);
            list.Add(result);
            if (_settings.NestedRuleExecutionMode == NestedRuleExecutionMode.Performance && result.IsSuccess != rule.And)
            {
                break;
            }
        }

        return list;
    }

    private static string ErrorMessage(string ruleName, string error)
    {
        var kind = error[1..];
        return error[0] switch
        {
            'S' => $"Error while executing scoped params for rule `{ruleName}` - {ErrorKinds.TypeName(kind)}: {ErrorKinds.Message(kind)}",
            'G' => $"Error while executing scoped params for rule `{ruleName}` - {ErrorKinds.Message(kind)}",
            _ => $"Error while executing rule : {ruleName} - {ErrorKinds.Message(kind)}",
        };
    }

    // A template without a placeholder is the message as it stands: no regular expression runs for it.
    private void FormatErrorMessage(RuleResultTree result, Dictionary<string, object> inputs)
    {
        var template = result.Rule.ErrorMessage;
        if (!_settings.EnableFormattedErrorMessage || result.IsSuccess || !string.IsNullOrWhiteSpace(result.ExceptionMessage) || template is null)
        {
            return;
        }

        result.ExceptionMessage = template.Contains("$(", StringComparison.Ordinal) ? ErrorMessages.Format(template, inputs, PlaceholderPattern) : template;
    }

    // The action's output and exception, and for EvaluateRule the inner rule's results: one ActionResult or
    // ActionRuleResult is made from them by the caller, with no intermediate object.
    private (object? Output, Exception? Exception, List<RuleResultTree>? Inner) Act(RulePlan plan, RuleResultTree result, RunState run)
    {
        var actions = result.Rule.Actions;
        var action = result.IsSuccess ? actions?.OnSuccess : actions?.OnFailure;
        if (action is null)
        {
            return (null, null, null);
        }

        if (action.Name == "EvaluateRule")
        {
            var workflow = WorkflowLowering.ContextText(action.Context, "workflowName");
            var rule = WorkflowLowering.ContextText(action.Context, "ruleName");
            try
            {
                var inputs = run.Inputs;
                var inner = ExecuteActionWorkflow(workflow!, rule!, [.. inputs.Keys], [.. inputs.Values]);
                return (inner.Output, inner.Exception, inner.Results ?? []);
            }
            catch (Exception e) when (e is ArgumentException or RulesEngineWorkflowException)
            {
                return (null, new Exception($"Exception while executing EvaluateRuleAction: {e.Message}", e), null);
            }
        }

        var output = (result.IsSuccess ? plan.OnSuccess : plan.OnFailure)!;
        var values = run.Scratch.Decision.Outputs;
        if (output.ErrorSlot >= 0 && values[output.ErrorSlot].Value.AsString is { } kind)
        {
            return (null, new Exception($"Exception while executing OutputExpressionAction: {ErrorKinds.Message(kind)}"), null);
        }

        return (OutputValue(values[output.ValueSlot].Value, output.Type, ref run.Scratch.Boxes[output.ValueSlot]), null, null);
    }

    private static readonly object True = true;
    private static readonly object False = false;

    // A box is immutable: the box the thread last returned for this output serves again for the same value (the same
    // bits for a real, so -0.0 stays -0.0). Booleans share two boxes.
    private static object? OutputValue(RuleValue value, DlType type, ref object? last)
    {
        if (value.IsMissing)
        {
            return null;
        }

        switch (type.Kind)
        {
            case DlKind.Integer when type.Clr == typeof(long):
                var asLong = (long)value.AsNumber!.Value;
                return last is long l && l == asLong ? last : last = asLong;
            case DlKind.Integer:
                var asInt = (int)value.AsNumber!.Value;
                return last is int i && i == asInt ? last : last = asInt;
            case DlKind.Real when type.Clr == typeof(decimal):
                return (decimal)value.AsNumber!.Value;
            case DlKind.Real when type.Clr == typeof(float):
                var asFloat = (float)value.AsNumber!.Value;
                return last is float f && BitConverter.SingleToInt32Bits(f) == BitConverter.SingleToInt32Bits(asFloat) ? last : last = asFloat;
            case DlKind.Real:
                var asDouble = value.AsNumber!.Value;
                return last is double d && BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits(asDouble) ? last : last = asDouble;
            case DlKind.Bool:
                return value.AsBool!.Value ? True : False;
            default:
                return value.AsString;
        }
    }
}
