using RiskTriage.Diagnostics;

namespace RiskTriage.Definitions;

/// <summary>How a decision table combines the rows that match a case.</summary>
public enum TableHitPolicy
{
    /// <summary>At most one row may match; two matching rows send the case for review.</summary>
    Unique = 0,

    /// <summary>The first matching row in written order wins.</summary>
    First,

    /// <summary>The matching row whose first output ranks highest in that output's enumeration wins.</summary>
    Priority,

    /// <summary>Any number of rows may match if they agree; disagreeing rows send the case for review.</summary>
    Any,

    /// <summary>Every matching row contributes: a list, or an aggregate (<see cref="TableAggregation"/>).</summary>
    Collect,
}

/// <summary>How a COLLECT table combines its matching rows' outputs.</summary>
public enum TableAggregation
{
    /// <summary>No aggregate: each output is the list of the matching rows' values.</summary>
    None = 0,

    /// <summary>The sum of the values.</summary>
    Sum,

    /// <summary>The smallest value.</summary>
    Min,

    /// <summary>The largest value.</summary>
    Max,

    /// <summary>The number of matching rows.</summary>
    Count,
}

/// <summary>An input column of a decision table: the value each row's cell in this column tests.</summary>
public sealed class TableColumnDefinition
{
    internal TableColumnDefinition(ExpressionDefinition expression, string label)
    {
        Expression = expression;
        Label = label;
    }

    /// <summary>The expression giving the column's value.</summary>
    public ExpressionDefinition Expression { get; }

    /// <summary>The column's label (its expression's text when none is declared).</summary>
    public string Label { get; }
}

/// <summary>An output of a decision table.</summary>
public sealed class TableOutputDefinition
{
    internal TableOutputDefinition(string name, TypeDefinition type, TypeDefinition resultType, ValueSource? defaultValue, SourceLocation location)
    {
        Name = name;
        Type = type;
        ResultType = resultType;
        Default = defaultValue;
        Location = location;
    }

    /// <summary>The name expressions use for it.</summary>
    public string Name { get; }

    /// <summary>Its declared type (the type of each row's value).</summary>
    public TypeDefinition Type { get; }

    /// <summary>The type of the table's result: <see cref="Type"/>, or for COLLECT a list of it or a number.</summary>
    public TypeDefinition ResultType { get; }

    /// <summary>The value when no row matches or a matching row does not set it; <c>null</c> when none is declared (missing).</summary>
    public ValueSource? Default { get; }

    /// <summary>Where it is declared.</summary>
    public SourceLocation Location { get; }
}

/// <summary>A value a table row gives one of the table's outputs.</summary>
public sealed class TableRowOutput
{
    internal TableRowOutput(string output, ValueSource value)
    {
        Output = output;
        Value = value;
    }

    /// <summary>The output's name.</summary>
    public string Output { get; }

    /// <summary>The value the row gives it.</summary>
    public ValueSource Value { get; }
}

/// <summary>A row of a decision table: a test per column and the outputs it gives when every test holds.</summary>
public sealed class TableRowDefinition
{
    internal TableRowDefinition(string id, IReadOnlyList<CellTest> cells, IReadOnlyList<TableRowOutput> then, int rank, string? description, SourceLocation location)
    {
        Id = id;
        Cells = cells;
        Then = then;
        Rank = rank;
        Description = description;
        Location = location;
    }

    /// <summary>The row's id (unique in its table).</summary>
    public string Id { get; }

    /// <summary>One test per column, in column order.</summary>
    public IReadOnlyList<CellTest> Cells { get; }

    /// <summary>The outputs the row sets, in the order written (outputs it does not set take their default).</summary>
    public IReadOnlyList<TableRowOutput> Then { get; }

    /// <summary>Under <see cref="TableHitPolicy.Priority"/>, the position of the row's first output in that output's enumeration (lower wins); otherwise 0.</summary>
    public int Rank { get; }

    /// <summary>The declared description, if any.</summary>
    public string? Description { get; }

    /// <summary>Where the row is declared.</summary>
    public SourceLocation Location { get; }

    /// <summary>
    /// The properties as written in the rule file, name → value as compact JSON, in written order (a short form such
    /// as <c>"age": "number"</c> under the property it stands for, here <c>type</c>): for tools that compare or show
    /// versions of a rule set as written. Evaluation never reads it.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> WrittenProperties { get; internal init; } = [];
}

/// <summary>A decision table.</summary>
public sealed class TableDefinition : ElementDefinition
{
    internal TableDefinition(string name, TableHitPolicy hitPolicy, TableAggregation aggregation, IReadOnlyList<TableColumnDefinition> columns,
        IReadOnlyList<TableOutputDefinition> outputs, IReadOnlyList<TableRowDefinition> rows, string? description, SourceLocation location)
        : base(name, description, location)
    {
        HitPolicy = hitPolicy;
        Aggregation = aggregation;
        Columns = columns;
        Outputs = outputs;
        Rows = rows;
    }

    /// <summary>How matching rows combine.</summary>
    public TableHitPolicy HitPolicy { get; }

    /// <summary>For <see cref="TableHitPolicy.Collect"/>, the aggregate; otherwise <see cref="TableAggregation.None"/>.</summary>
    public TableAggregation Aggregation { get; }

    /// <summary>The input columns.</summary>
    public IReadOnlyList<TableColumnDefinition> Columns { get; }

    /// <summary>The outputs, in declaration order.</summary>
    public IReadOnlyList<TableOutputDefinition> Outputs { get; }

    /// <summary>The rows, in written order.</summary>
    public IReadOnlyList<TableRowDefinition> Rows { get; }

    /// <inheritdoc/>
    public override TResult Accept<TResult>(RuleSetDefinitionVisitor<TResult> visitor) => visitor.VisitTable(this);
}

/// <summary>The comparison a <see cref="ComparisonTest"/> makes between the column's value and its operand.</summary>
public enum CellComparison
{
    /// <summary><c>==</c> (also a plain value that is not a literal of the column, e.g. a name).</summary>
    Equal = 0,

    /// <summary><c>!=</c>.</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,

    /// <summary><c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterOrEqual,
}

/// <summary>What one cell of a table row tests about its column's value.</summary>
public abstract class CellTest
{
    private protected CellTest(SourceLocation location) => Location = location;

    /// <summary>Where the cell is written.</summary>
    public SourceLocation Location { get; }

    /// <summary>Calls the visitor's method for this kind of test.</summary>
    /// <param name="visitor">The visitor.</param>
    /// <typeparam name="TResult">What the visitor returns.</typeparam>
    /// <returns>What the visitor's method returned.</returns>
    public abstract TResult Accept<TResult>(CellTestVisitor<TResult> visitor);
}

/// <summary><c>"-"</c>: the cell matches any value, missing included.</summary>
public sealed class AnyValueTest : CellTest
{
    internal AnyValueTest(SourceLocation location)
        : base(location)
    {
    }

    /// <inheritdoc/>
    public override TResult Accept<TResult>(CellTestVisitor<TResult> visitor) => visitor.VisitAnyValue(this);
}

/// <summary>A literal or a list of literals: the cell matches a value equal to one of them.</summary>
public sealed class OneOfTest : CellTest
{
    internal OneOfTest(IReadOnlyList<RuleValue> values, SourceLocation location)
        : base(location) => Values = values;

    /// <summary>The values, typed as the column (a written <c>null</c> is <see cref="RuleValue.Missing"/>).</summary>
    public IReadOnlyList<RuleValue> Values { get; }

    /// <inheritdoc/>
    public override TResult Accept<TResult>(CellTestVisitor<TResult> visitor) => visitor.VisitOneOf(this);
}

/// <summary><c>"&lt; 10"</c>, <c>"!= x"</c>: the column's value compared with an operand.</summary>
public sealed class ComparisonTest : CellTest
{
    internal ComparisonTest(CellComparison comparison, ExpressionDefinition operand, SourceLocation location)
        : base(location)
    {
        Comparison = comparison;
        Operand = operand;
    }

    /// <summary>The comparison.</summary>
    public CellComparison Comparison { get; }

    /// <summary>The right-hand side.</summary>
    public ExpressionDefinition Operand { get; }

    /// <inheritdoc/>
    public override TResult Accept<TResult>(CellTestVisitor<TResult> visitor) => visitor.VisitComparison(this);
}

/// <summary><c>"[10..20)"</c>: the column's value lies between two bounds.</summary>
public sealed class RangeTest : CellTest
{
    internal RangeTest(ExpressionDefinition low, bool lowInclusive, ExpressionDefinition high, bool highInclusive, SourceLocation location)
        : base(location)
    {
        Low = low;
        LowInclusive = lowInclusive;
        High = high;
        HighInclusive = highInclusive;
    }

    /// <summary>The lower bound.</summary>
    public ExpressionDefinition Low { get; }

    /// <summary>Whether a value equal to <see cref="Low"/> matches (<c>[</c>).</summary>
    public bool LowInclusive { get; }

    /// <summary>The upper bound.</summary>
    public ExpressionDefinition High { get; }

    /// <summary>Whether a value equal to <see cref="High"/> matches (<c>]</c>).</summary>
    public bool HighInclusive { get; }

    /// <inheritdoc/>
    public override TResult Accept<TResult>(CellTestVisitor<TResult> visitor) => visitor.VisitRange(this);
}

/// <summary><c>{ "test": "condition" }</c>: a condition of its own (it may read anything, not only the column).</summary>
public sealed class ConditionTest : CellTest
{
    internal ConditionTest(ExpressionDefinition condition, SourceLocation location)
        : base(location) => Condition = condition;

    /// <summary>The condition.</summary>
    public ExpressionDefinition Condition { get; }

    /// <inheritdoc/>
    public override TResult Accept<TResult>(CellTestVisitor<TResult> visitor) => visitor.VisitCondition(this);
}
