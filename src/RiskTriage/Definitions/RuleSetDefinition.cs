using RiskTriage.Diagnostics;

namespace RiskTriage.Definitions;

/// <summary>
/// A rule set after checking, element by element: what tools (an explanation, coverage, a rule-level diff, an
/// editor) read instead of the JSON files. Every expression is checked and typed, every parameter folded to its
/// value, every table cell a typed test, and every element carries where it was written. Immutable and safe to
/// share across threads; <see cref="RuleSet.Definition"/> gives it.
/// </summary>
public sealed class RuleSetDefinition
{
    internal RuleSetDefinition(string name, string version, string? description, string caseIdField, IReadOnlyList<InputDefinition> inputs,
        IReadOnlyList<ParameterDefinition> parameters, IReadOnlyList<ElementDefinition> elements, IReadOnlyList<ElementDefinition> evaluationOrder)
    {
        Name = name;
        Version = version;
        Description = description;
        CaseIdField = caseIdField;
        Inputs = inputs;
        Parameters = parameters;
        Elements = elements;
        EvaluationOrder = evaluationOrder;
        Values = elements.OfType<ValueDefinition>().ToArray();
        Scorecards = elements.OfType<ScorecardDefinition>().ToArray();
        BandSets = elements.OfType<BandSetDefinition>().ToArray();
        Tables = elements.OfType<TableDefinition>().ToArray();
        Rules = elements.OfType<RuleDefinition>().ToArray();
        Outputs = elements.OfType<OutputDefinition>().ToArray();
    }

    /// <summary>The rule set's name.</summary>
    public string Name { get; }

    /// <summary>The rule set's version.</summary>
    public string Version { get; }

    /// <summary>The rule set's description, if any.</summary>
    public string? Description { get; }

    /// <summary>The case field holding the case's id (default <c>caseId</c>).</summary>
    public string CaseIdField { get; }

    /// <summary>
    /// The properties of the <c>"ruleSet"</c> declaration as written, name → value as compact JSON, in written order:
    /// for tools that compare or show versions of a rule set as written.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> DeclarationProperties { get; internal init; } = [];

    /// <summary>Where the <c>"ruleSet"</c> declaration is written.</summary>
    public SourceLocation DeclarationLocation { get; internal init; }

    /// <summary>The declared inputs, in declaration order.</summary>
    public IReadOnlyList<InputDefinition> Inputs { get; }

    /// <summary>The parameters, in declaration order.</summary>
    public IReadOnlyList<ParameterDefinition> Parameters { get; }

    /// <summary>Every element, kind by kind (values, scorecards, band sets, tables, rules, outputs), each kind in declaration order.</summary>
    public IReadOnlyList<ElementDefinition> Elements { get; }

    /// <summary>The elements in the order evaluation computes them: each after everything it reads.</summary>
    public IReadOnlyList<ElementDefinition> EvaluationOrder { get; }

    /// <summary>The named values.</summary>
    public IReadOnlyList<ValueDefinition> Values { get; }

    /// <summary>The scorecards.</summary>
    public IReadOnlyList<ScorecardDefinition> Scorecards { get; }

    /// <summary>The band sets.</summary>
    public IReadOnlyList<BandSetDefinition> BandSets { get; }

    /// <summary>The decision tables.</summary>
    public IReadOnlyList<TableDefinition> Tables { get; }

    /// <summary>The rules (disabled ones included).</summary>
    public IReadOnlyList<RuleDefinition> Rules { get; }

    /// <summary>The outputs, in the order decisions list them.</summary>
    public IReadOnlyList<OutputDefinition> Outputs { get; }

    /// <summary>The table that has an output of this name, or <c>null</c>.</summary>
    /// <param name="outputName">A table output's name.</param>
    /// <returns>The table, or <c>null</c>.</returns>
    public TableDefinition? TableProducing(string outputName)
    {
        ArgumentNullException.ThrowIfNull(outputName);
        foreach (var table in Tables)
        {
            foreach (var output in table.Outputs)
            {
                if (output.Name == outputName)
                {
                    return table;
                }
            }
        }

        return null;
    }
}
