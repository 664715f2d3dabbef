namespace RiskTriage.RulesEngine;

/// <summary>
/// One reason a RulesEngine workflow cannot run on RiskTriage: a syntax error, a construct outside the supported subset,
/// an unknown member, a type error.
/// </summary>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Rule">The rule's name, or null for a problem of the workflow (its global parameters, its expression type).</param>
/// <param name="Field">Where in the rule: <c>Expression</c>, <c>LocalParams.name</c>, <c>Actions.onSuccess.Context.Expression</c>, ...</param>
/// <param name="Line">For workflow JSON text, the 1-based line of the problem; otherwise null.</param>
/// <param name="Column">For workflow JSON text, the 1-based column of the problem; otherwise the 1-based position in the expression, or null.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record WorkflowProblem(string Workflow, string? Rule, string Field, int? Line, int? Column, string Message)
{
    /// <summary>The problem in the form compilers use: <c>Discount(12,30): rule 'GiveDiscount10' Expression: message</c>.</summary>
    public override string ToString()
    {
        var position = Line is { } line ? $"({line},{Column})" : Column is { } column ? $"(column {column})" : string.Empty;
        var rule = Rule is null ? string.Empty : $" rule '{Rule}'";
        return $"{Workflow}{position}:{rule} {Field}: {Message}";
    }
}

/// <summary>
/// Raised when workflows are added to <see cref="RiskTriageRulesEngine"/> (or first run with new input types) and
/// something in them cannot run on RiskTriage. It lists every problem of every workflow at once.
/// </summary>
public sealed class RulesEngineWorkflowException : Exception
{
    /// <summary>Creates the exception for a list of problems.</summary>
    /// <param name="problems">Every problem found.</param>
    public RulesEngineWorkflowException(IReadOnlyList<WorkflowProblem> problems)
        : base($"{problems.Count} problem(s) in the workflows:{Environment.NewLine}" + string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, in workflow and rule order.</summary>
    public IReadOnlyList<WorkflowProblem> Problems { get; }
}
