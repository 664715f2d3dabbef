using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;

namespace RiskTriage.Definitions;

/// <summary>An expression as written in a rule file, with where it was written and the type it was checked to give.</summary>
public sealed class ExpressionDefinition
{
    internal ExpressionDefinition(string text, TypeDefinition type, SourceLocation location, BoundExpression? bound)
    {
        Text = text;
        Type = type;
        Location = location;
        Bound = bound;
    }

    /// <summary>The expression's text.</summary>
    public string Text { get; }

    /// <summary>The type the checker established for it (where a type was expected, that type).</summary>
    public TypeDefinition Type { get; }

    /// <summary>Where the text is in its rule file.</summary>
    public SourceLocation Location { get; }

    /// <summary>The bound tree, for the engine's own back ends.</summary>
    internal BoundExpression? Bound { get; }

    /// <summary>The expression's text.</summary>
    public override string ToString() => Text;
}

/// <summary>A value a rule file gives either as a constant (<c>"HIGH"</c>, <c>3</c>) or as an expression (<c>{ "expr": "..." }</c>).</summary>
public sealed class ValueSource
{
    internal ValueSource(RuleValue constant, ExpressionDefinition? expression, SourceLocation location, BoundExpression bound)
    {
        Constant = constant;
        Expression = expression;
        Location = location;
        Bound = bound;
    }

    /// <summary>The constant, when <see cref="Expression"/> is <c>null</c> (<see cref="RuleValue.Missing"/> for a written <c>null</c>).</summary>
    public RuleValue Constant { get; }

    /// <summary>The expression computing the value, or <c>null</c> for a constant.</summary>
    public ExpressionDefinition? Expression { get; }

    /// <summary>Where the value is written.</summary>
    public SourceLocation Location { get; }

    /// <summary>The bound tree, for the engine's own back ends.</summary>
    internal BoundExpression Bound { get; }
}

/// <summary>
/// A named element of a rule set: a value, scorecard, band set, decision table, rule or output. Elements are
/// immutable; a <see cref="RuleSetDefinitionVisitor{TResult}"/> walks them.
/// </summary>
public abstract class ElementDefinition
{
    private protected ElementDefinition(string name, string? description, SourceLocation location)
    {
        Name = name;
        Description = description;
        Location = location;
    }

    /// <summary>The element's name (a rule's id).</summary>
    public string Name { get; }

    /// <summary>The declared description, if any.</summary>
    public string? Description { get; }

    /// <summary>Where the element is declared.</summary>
    public SourceLocation Location { get; }

    /// <summary>
    /// The properties as written in the rule file, name → value as compact JSON, in written order (a short form such
    /// as <c>"age": "number"</c> under the property it stands for, here <c>type</c>): for tools that compare or show
    /// versions of a rule set as written. Evaluation never reads it.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> WrittenProperties { get; internal init; } = [];

    /// <summary>Calls the visitor's method for this kind of element.</summary>
    /// <param name="visitor">The visitor.</param>
    /// <typeparam name="TResult">What the visitor returns.</typeparam>
    /// <returns>What the visitor's method returned.</returns>
    public abstract TResult Accept<TResult>(RuleSetDefinitionVisitor<TResult> visitor);
}

/// <summary>A named value: <c>"values": { "name": "expression" }</c>.</summary>
public sealed class ValueDefinition : ElementDefinition
{
    internal ValueDefinition(string name, ExpressionDefinition expression, TypeDefinition type, string? description, SourceLocation location)
        : base(name, description, location)
    {
        Expression = expression;
        Type = type;
    }

    /// <summary>The expression computing it.</summary>
    public ExpressionDefinition Expression { get; }

    /// <summary>Its type (the declared one when the file declares one).</summary>
    public TypeDefinition Type { get; }

    /// <inheritdoc/>
    public override TResult Accept<TResult>(RuleSetDefinitionVisitor<TResult> visitor) => visitor.VisitValue(this);
}

/// <summary>One row of a scorecard: when its condition holds, its points are added.</summary>
public sealed class ScoreRowDefinition
{
    internal ScoreRowDefinition(string id, ExpressionDefinition? when, ValueSource points, string? reason, SourceLocation location)
    {
        Id = id;
        When = when;
        Points = points;
        Reason = reason;
        Location = location;
    }

    /// <summary>The row's id (unique in its scorecard).</summary>
    public string Id { get; }

    /// <summary>The condition, or <c>null</c> when the row always scores.</summary>
    public ExpressionDefinition? When { get; }

    /// <summary>The points: a number or an expression.</summary>
    public ValueSource Points { get; }

    /// <summary>The reason shown in traces, if any.</summary>
    public string? Reason { get; }

    /// <summary>Where the row is declared.</summary>
    public SourceLocation Location { get; }

    /// <summary>
    /// The properties as written in the rule file, name → value as compact JSON, in written order (a short form such
    /// as <c>"age": "number"</c> under the property it stands for, here <c>type</c>): for tools that compare or show
    /// versions of a rule set as written. Evaluation never reads it.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> WrittenProperties { get; internal init; } = [];
}

/// <summary>A scorecard: a number that is the sum of the points of the rows whose conditions hold.</summary>
public sealed class ScorecardDefinition : ElementDefinition
{
    internal ScorecardDefinition(string name, IReadOnlyList<ScoreRowDefinition> rows, string? description, SourceLocation location)
        : base(name, description, location) => Rows = rows;

    /// <summary>The rows in declaration order.</summary>
    public IReadOnlyList<ScoreRowDefinition> Rows { get; }

    /// <inheritdoc/>
    public override TResult Accept<TResult>(RuleSetDefinitionVisitor<TResult> visitor) => visitor.VisitScorecard(this);
}

/// <summary>One band: a label for the numbers between its bounds.</summary>
public sealed class BandDefinition
{
    internal BandDefinition(string label, double? min, bool minInclusive, double? max, bool maxInclusive, SourceLocation location)
    {
        Label = label;
        Min = min;
        MinInclusive = minInclusive;
        Max = max;
        MaxInclusive = maxInclusive;
        Location = location;
    }

    /// <summary>The band's label, the value of the band set when the number falls in it.</summary>
    public string Label { get; }

    /// <summary>The lower bound, or <c>null</c> for none.</summary>
    public double? Min { get; }

    /// <summary>Whether a number equal to <see cref="Min"/> is in the band.</summary>
    public bool MinInclusive { get; }

    /// <summary>The upper bound, or <c>null</c> for none.</summary>
    public double? Max { get; }

    /// <summary>Whether a number equal to <see cref="Max"/> is in the band.</summary>
    public bool MaxInclusive { get; }

    /// <summary>Where the band is declared.</summary>
    public SourceLocation Location { get; }

    /// <summary>
    /// The properties as written in the rule file, name → value as compact JSON, in written order (a short form such
    /// as <c>"age": "number"</c> under the property it stands for, here <c>type</c>): for tools that compare or show
    /// versions of a rule set as written. Evaluation never reads it.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> WrittenProperties { get; internal init; } = [];
}

/// <summary>A band set: the label of the band a number falls in (missing when it falls in none or is missing).</summary>
public sealed class BandSetDefinition : ElementDefinition
{
    internal BandSetDefinition(string name, ExpressionDefinition value, IReadOnlyList<BandDefinition> bands, string? description, SourceLocation location)
        : base(name, description, location)
    {
        Value = value;
        Bands = bands;
    }

    /// <summary>The number banded.</summary>
    public ExpressionDefinition Value { get; }

    /// <summary>The bands in declaration order (the first that holds the number wins).</summary>
    public IReadOnlyList<BandDefinition> Bands { get; }

    /// <inheritdoc/>
    public override TResult Accept<TResult>(RuleSetDefinitionVisitor<TResult> visitor) => visitor.VisitBandSet(this);
}

/// <summary>What a rule does when its condition holds.</summary>
public abstract class RuleEffect
{
    private protected RuleEffect()
    {
    }
}

/// <summary>A rule effect that sets an output.</summary>
public sealed class SetOutputEffect : RuleEffect
{
    internal SetOutputEffect(string output, ValueSource value)
    {
        Output = output;
        Value = value;
    }

    /// <summary>The output set.</summary>
    public string Output { get; }

    /// <summary>The value it is set to.</summary>
    public ValueSource Value { get; }
}

/// <summary>A rule effect that sends the case for review with a reason.</summary>
public sealed class ReviewEffect : RuleEffect
{
    internal ReviewEffect(string code, string message)
    {
        Code = code;
        Message = message;
    }

    /// <summary>The review reason's code.</summary>
    public string Code { get; }

    /// <summary>The review reason's message.</summary>
    public string Message { get; }
}

/// <summary>A rule: when its condition holds, it sets outputs and asks for review.</summary>
public sealed class RuleDefinition : ElementDefinition
{
    internal RuleDefinition(string id, ExpressionDefinition when, int priority, bool enabled, IReadOnlyList<RuleEffect> effects, string? description, SourceLocation location)
        : base(id, description, location)
    {
        When = when;
        Priority = priority;
        Enabled = enabled;
        Effects = effects;
    }

    /// <summary>The rule's id (the same as <see cref="ElementDefinition.Name"/>).</summary>
    public string Id => Name;

    /// <summary>The condition.</summary>
    public ExpressionDefinition When { get; }

    /// <summary>Its priority: when rules set the same output, the highest priority wins (then the rule written first).</summary>
    public int Priority { get; }

    /// <summary>Whether the rule takes part in evaluation; a disabled rule never fires.</summary>
    public bool Enabled { get; }

    /// <summary>Its effects in the order written.</summary>
    public IReadOnlyList<RuleEffect> Effects { get; }

    /// <inheritdoc/>
    public override TResult Accept<TResult>(RuleSetDefinitionVisitor<TResult> visitor) => visitor.VisitRule(this);
}

/// <summary>An output every decision carries.</summary>
public sealed class OutputDefinition : ElementDefinition
{
    internal OutputDefinition(string name, TypeDefinition type, ExpressionDefinition? value, bool exportsElement, IReadOnlyList<string> setBy,
        IReadOnlyList<string>? orderedValues, string? description, SourceLocation location)
        : base(name, description, location)
    {
        Type = type;
        Value = value;
        ExportsElement = exportsElement;
        SetBy = setBy;
        OrderedValues = orderedValues;
    }

    /// <summary>Its declared type.</summary>
    public TypeDefinition Type { get; }

    /// <summary>The expression giving its value when no rule sets it, or <c>null</c>.</summary>
    public ExpressionDefinition? Value { get; }

    /// <summary>
    /// Whether the output shares its name with an input, parameter, value, scorecard, band set or table output whose
    /// value it carries (and the name in expressions keeps meaning that element).
    /// </summary>
    public bool ExportsElement { get; }

    /// <summary>The ids of the rules that set it, in precedence order (the first that fires wins).</summary>
    public IReadOnlyList<string> SetBy { get; }

    /// <summary>For a text output that declares an <c>"order"</c>, its values from lowest to highest; otherwise <c>null</c>.</summary>
    public IReadOnlyList<string>? OrderedValues { get; }

    /// <inheritdoc/>
    public override TResult Accept<TResult>(RuleSetDefinitionVisitor<TResult> visitor) => visitor.VisitOutput(this);
}
