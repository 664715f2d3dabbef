namespace RiskTriage.Definitions;

/// <summary>
/// The base of every pass over the elements of a <see cref="RuleSetDefinition"/>: one method per element kind, all
/// abstract, so a new kind of element is a compile error in every pass rather than a silent default.
/// </summary>
/// <typeparam name="TResult">What each visit returns.</typeparam>
public abstract class RuleSetDefinitionVisitor<TResult>
{
    /// <summary>Visits one element (calls the method for its kind).</summary>
    /// <param name="element">The element.</param>
    /// <returns>What that method returned.</returns>
    public TResult Visit(ElementDefinition element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return element.Accept(this);
    }

    /// <summary>Visits a named value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The pass's result.</returns>
    public abstract TResult VisitValue(ValueDefinition value);

    /// <summary>Visits a scorecard.</summary>
    /// <param name="scorecard">The scorecard.</param>
    /// <returns>The pass's result.</returns>
    public abstract TResult VisitScorecard(ScorecardDefinition scorecard);

    /// <summary>Visits a band set.</summary>
    /// <param name="bandSet">The band set.</param>
    /// <returns>The pass's result.</returns>
    public abstract TResult VisitBandSet(BandSetDefinition bandSet);

    /// <summary>Visits a decision table.</summary>
    /// <param name="table">The table.</param>
    /// <returns>The pass's result.</returns>
    public abstract TResult VisitTable(TableDefinition table);

    /// <summary>Visits a rule.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The pass's result.</returns>
    public abstract TResult VisitRule(RuleDefinition rule);

    /// <summary>Visits an output.</summary>
    /// <param name="output">The output.</param>
    /// <returns>The pass's result.</returns>
    public abstract TResult VisitOutput(OutputDefinition output);
}

/// <summary>The base of every pass over decision-table cells: one abstract method per kind of <see cref="CellTest"/>.</summary>
/// <typeparam name="TResult">What each visit returns.</typeparam>
public abstract class CellTestVisitor<TResult>
{
    /// <summary>Visits one cell test (calls the method for its kind).</summary>
    /// <param name="test">The test.</param>
    /// <returns>What that method returned.</returns>
    public TResult Visit(CellTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return test.Accept(this);
    }

    /// <summary>Visits <c>"-"</c>.</summary>
    /// <param name="test">The test.</param>
    /// <returns>The pass's result.</returns>
    public abstract TResult VisitAnyValue(AnyValueTest test);

    /// <summary>Visits a literal or list of literals.</summary>
    /// <param name="test">The test.</param>
    /// <returns>The pass's result.</returns>
    public abstract TResult VisitOneOf(OneOfTest test);

    /// <summary>Visits a comparison.</summary>
    /// <param name="test">The test.</param>
    /// <returns>The pass's result.</returns>
    public abstract TResult VisitComparison(ComparisonTest test);

    /// <summary>Visits a range.</summary>
    /// <param name="test">The test.</param>
    /// <returns>The pass's result.</returns>
    public abstract TResult VisitRange(RangeTest test);

    /// <summary>Visits a condition cell.</summary>
    /// <param name="test">The test.</param>
    /// <returns>The pass's result.</returns>
    public abstract TResult VisitCondition(ConditionTest test);
}
