using RiskTriage.Checking;
using RiskTriage.Compilation;
using RiskTriage.Expressions.Binding;
using RiskTriage.Loading;

namespace RiskTriage.Lowering;

/// <summary>
/// The kinds of op, one for each sealed record (of the same name). <see cref="LoweredOpVisitor{TResult}"/> dispatches
/// with a switch over them rather than a generic virtual <c>Accept</c>: ReadyToRun precompiles a switch, not a generic
/// virtual method's instantiations, which the JIT then compiled in every fresh process.
/// </summary>
internal enum LoweredOpKind
{
    Compute,
    Test,
    Sum,
    SelectBand,
    FirstMatch,
    AllMatches,
    Choose,
    AddReviews,
    WriteOutput,
}

/// <summary>
/// A primitive operation of the lowered form. The kinds are closed: every back end and pass handles them through
/// <see cref="LoweredOpVisitor{TResult}"/>, whose abstract methods make a new kind fail to compile wherever it is
/// not handled.
/// </summary>
internal abstract record LoweredOp
{
    /// <summary>Which kind this is: <see cref="LoweredOpVisitor{TResult}"/> dispatches on it.</summary>
    internal abstract LoweredOpKind Kind { get; }

    /// <summary>Calls the visitor's method for this kind.</summary>
    public TResult Accept<TResult>(LoweredOpVisitor<TResult> visitor) => visitor.Dispatch(this);
}

/// <summary>
/// <c>Target := Value</c>. The value may be missing. With <see cref="Trace"/>, the step is recorded after the
/// assignment with the target's value.
/// </summary>
internal sealed record Compute(ValueSymbol Target, BoundExpression Value, TraceStep? Trace) : LoweredOp
{
    internal override LoweredOpKind Kind => LoweredOpKind.Compute;
}

/// <summary>
/// <c>Target := Condition is true</c>: a boolean that is never missing (a missing or false condition gives false);
/// a null <see cref="Condition"/> gives false (a disabled rule). With <see cref="Trace"/>, the step is recorded
/// when the target is true, with the value missing.
/// </summary>
internal sealed record Test(ValueSymbol Target, BoundExpression? Condition, TraceStep? Trace) : LoweredOp
{
    internal override LoweredOpKind Kind => LoweredOpKind.Test;
}

/// <summary>
/// A scorecard: <c>Target := 0</c>, then for each term in order, when its condition is true (or it has none) and
/// its points are present, <c>Target += points</c> and the term's trace step is recorded with the points. The
/// target is a number that is never missing; points that are missing add nothing.
/// </summary>
internal sealed record Sum(ValueSymbol Target, IReadOnlyList<SumTerm> Terms) : LoweredOp
{
    internal override LoweredOpKind Kind => LoweredOpKind.Sum;
}

/// <summary>One row of a scorecard: the points it adds when <see cref="When"/> (null: always) is true.</summary>
internal sealed record SumTerm(BoundExpression? When, BoundExpression Points, TraceStep? Trace);

/// <summary>
/// A band set. The number <see cref="Value"/> is evaluated once. When it is missing, <c>Target</c> is missing and
/// nothing else happens. Otherwise the first band (in order) whose bounds hold sets <c>Target</c> to its label and
/// records its trace step with the value; when no band holds, <c>Target</c> is missing and the review reason
/// <c>NO_BAND</c> is added (message: <c>the value {value:R} of '{Element}' falls in none of its bands</c>, source
/// <see cref="Element"/>). NaN is inside no band.
/// </summary>
internal sealed record SelectBand(ValueSymbol Target, string Element, BoundExpression Value, IReadOnlyList<BandChoice> Bands) : LoweredOp
{
    internal override LoweredOpKind Kind => LoweredOpKind.SelectBand;
}

/// <summary>
/// One band: holds for a value <c>v</c> when <c>v &gt;= Min</c> (<c>&gt;</c> unless <see cref="MinInclusive"/>;
/// no test when Min is null) and <c>v &lt;= Max</c> (<c>&lt;</c> unless <see cref="MaxInclusive"/>; no test when
/// Max is null).
/// </summary>
internal sealed record BandChoice(string Label, double? Min, bool MinInclusive, double? Max, bool MaxInclusive, TraceStep? Trace);

/// <summary>How a <see cref="FirstMatch"/> treats several matching rows.</summary>
internal enum MatchCheck
{
    /// <summary>The first matching row wins; later rows are not tested (FIRST, PRIORITY, UNIQUE with rows proven disjoint).</summary>
    None,

    /// <summary>
    /// UNIQUE: every row is tested; when two or more match, the outputs are missing and the review reason
    /// <c>HIT_POLICY_VIOLATION</c> names the first two matching rows.
    /// </summary>
    Unique,

    /// <summary>
    /// ANY: every row is tested; the first matching row's outputs are taken. When a later matching row's outputs do
    /// not all equal the taken ones (values compared as the language's <c>=</c> does, missing equal to missing), the
    /// outputs are missing and <c>HIT_POLICY_VIOLATION</c> names the first matching row and the last such row.
    /// </summary>
    Any,
}

/// <summary>
/// A decision table that takes one row (every hit policy but COLLECT). The row condition of a row is the
/// conjunction of its cells' conditions (a cell without one, <c>-</c>, always holds; a missing condition does not
/// hold). The rows are in the order they are tested: PRIORITY tables are lowered with their rows sorted by rank
/// (stable). The first matching row sets each output to its value for that row; when no row matches, each output
/// is its default (missing without one). Then <see cref="Check"/> applies, and with <see cref="Trace"/> the step is
/// recorded for the chosen row (item: the row id), with the columns' values as operands.
/// </summary>
/// <param name="Table">The table's name (in review reasons).</param>
/// <param name="Columns">The symbols holding the table's input columns, computed by earlier <see cref="Compute"/> ops.</param>
/// <param name="Rows">The rows in test order.</param>
/// <param name="Outputs">The outputs.</param>
/// <param name="Check">What several matching rows mean.</param>
/// <param name="Policy">The hit policy as review reasons name it (UNIQUE, ANY, ...).</param>
/// <param name="Index">Set by the indexing pass: an index giving the first matching row from the columns' values
/// (equivalent to testing the rows in order); null: test the rows.</param>
/// <param name="Trace">The trace step of the chosen row.</param>
internal sealed record FirstMatch(string Table, IReadOnlyList<ValueSymbol> Columns, IReadOnlyList<MatchRow> Rows, IReadOnlyList<MatchOutput> Outputs,
    MatchCheck Check, string Policy, TableIndex? Index, TraceStep? Trace) : LoweredOp
{
    internal override LoweredOpKind Kind => LoweredOpKind.FirstMatch;
}

/// <summary>A table row: its cells (condition and the checker's shape of each) and one value per output.</summary>
internal sealed record MatchRow(string Id, IReadOnlyList<CheckedCell> Cells, IReadOnlyList<BoundExpression> Outputs)
{
    /// <summary>The conditions whose conjunction is the row's condition.</summary>
    public IEnumerable<BoundExpression> Conditions => Cells.Where(c => c.Condition is not null).Select(c => c.Condition!);
}

/// <summary>A table output.</summary>
/// <param name="Target">The symbol the output is written to.</param>
/// <param name="Default">The value when no row matches (null: missing).</param>
/// <param name="Constants">Set by the constant-outputs pass when the default and every row's value are literals:
/// the default's value first, then each row's; a back end may read the value by row instead of evaluating it.</param>
internal sealed record MatchOutput(ValueSymbol Target, BoundExpression? Default, IReadOnlyList<BoundLiteral>? Constants);

/// <summary>
/// A COLLECT table: every row whose condition holds (in declared order) contributes. For each output, with
/// <see cref="Aggregation.None"/> the target is the list of the matching rows' values (empty when none match; a
/// missing value is an item); with SUM the total of the present values (0 when none); with COUNT the number of
/// matching rows; with MIN/MAX the least/greatest present value (missing when none). Then, with
/// <see cref="Trace"/>, a step is recorded for each matching row in order (item: the row id).
/// </summary>
internal sealed record AllMatches(string Table, IReadOnlyList<ValueSymbol> Columns, IReadOnlyList<MatchRow> Rows, IReadOnlyList<ValueSymbol> Outputs,
    Aggregation Aggregation, TraceStep? Trace) : LoweredOp
{
    internal override LoweredOpKind Kind => LoweredOpKind.AllMatches;
}

/// <summary>
/// An output's value: the first setter (in order) whose flag (a rule's fired flag, computed earlier) is true sets
/// <c>Target</c> to its value and records its trace step; when none is true, <c>Target</c> is
/// <see cref="Fallback"/> (missing when null) and <see cref="FallbackTrace"/> is recorded. Trace steps carry the
/// target's value.
/// </summary>
internal sealed record Choose(ValueSymbol Target, DataType Type, IReadOnlyList<Setter> Setters, BoundExpression? Fallback, TraceStep? FallbackTrace) : LoweredOp
{
    internal override LoweredOpKind Kind => LoweredOpKind.Choose;
}

/// <summary>A rule's setting of an output.</summary>
internal sealed record Setter(ValueSymbol Flag, BoundExpression Value, TraceStep? Trace);

/// <summary>Adds each reason whose flag is true, in order (after every part has run).</summary>
internal sealed record AddReviews(IReadOnlyList<RuleReview> Reviews) : LoweredOp
{
    internal override LoweredOpKind Kind => LoweredOpKind.AddReviews;
}

/// <summary>A rule's review reason (made once, shared by every decision that gives it) and the rule's fired flag.</summary>
internal sealed record RuleReview(ValueSymbol Flag, ReviewReason Reason);

/// <summary>
/// Writes <see cref="Value"/> to the decision's output <see cref="Slot"/>. A number that is not finite is written
/// missing and adds the review reason <c>NON_FINITE_OUTPUT</c> (source: the output's name); a list output, or a
/// value holding objects, is written as its items (objects as missing).
/// </summary>
internal sealed record WriteOutput(int Slot, string Name, ValueSymbol Value) : LoweredOp
{
    internal override LoweredOpKind Kind => LoweredOpKind.WriteOutput;
}

/// <summary>
/// A trace entry, present only in a form lowered with tracing. The value an entry records is given by the op that
/// holds it (its result, the points added, the band's value); when <see cref="FullOnly"/>, the entry is recorded
/// only when the trace detail is full. Each operand is evaluated and recorded with its name after the entry.
/// </summary>
internal sealed record TraceStep(string Kind, string Element, string? Item, string? Detail, bool RecordsValue, bool FullOnly, IReadOnlyList<Operand> Operands)
{
    /// <summary>What every entry of this step records but its values, with <paramref name="item"/> (a matched row's id) for <see cref="Item"/> when given.</summary>
    public Evaluation.TraceSite Site(string? item = null) =>
        new(TraceEntry.KindOf(Kind), Element, item ?? Item, Detail, [.. Operands.Select(o => o.Name)]);
}

/// <summary>
/// The one switch over op kinds: a pass or back end derives from it, and a new op kind is an abstract method each
/// of them must implement (and an arm of <see cref="Dispatch"/>'s switch, error CS8509 without it).
/// </summary>
internal abstract class LoweredOpVisitor<TResult>
{
    public TResult Visit(LoweredOp op) => Dispatch(op);

    /// <summary>Calls the method for the op's kind (<see cref="LoweredOp.Accept{TResult}"/> comes here).</summary>
    internal TResult Dispatch(LoweredOp op)
    {
        // CS8524 asks for an arm for numbers that name no kind: an op's kind is always one of its named values.
#pragma warning disable CS8524
        return op.Kind switch
        {
            LoweredOpKind.Compute => VisitCompute((Compute)op),
            LoweredOpKind.Test => VisitTest((Test)op),
            LoweredOpKind.Sum => VisitSum((Sum)op),
            LoweredOpKind.SelectBand => VisitSelectBand((SelectBand)op),
            LoweredOpKind.FirstMatch => VisitFirstMatch((FirstMatch)op),
            LoweredOpKind.AllMatches => VisitAllMatches((AllMatches)op),
            LoweredOpKind.Choose => VisitChoose((Choose)op),
            LoweredOpKind.AddReviews => VisitAddReviews((AddReviews)op),
            LoweredOpKind.WriteOutput => VisitWriteOutput((WriteOutput)op),
        };
#pragma warning restore CS8524
    }

    public abstract TResult VisitCompute(Compute op);

    public abstract TResult VisitTest(Test op);

    public abstract TResult VisitSum(Sum op);

    public abstract TResult VisitSelectBand(SelectBand op);

    public abstract TResult VisitFirstMatch(FirstMatch op);

    public abstract TResult VisitAllMatches(AllMatches op);

    public abstract TResult VisitChoose(Choose op);

    public abstract TResult VisitAddReviews(AddReviews op);

    public abstract TResult VisitWriteOutput(WriteOutput op);
}

/// <summary>A visitor that returns each op unchanged unless a method is overridden: the base of rewriting passes.</summary>
internal abstract class LoweredOpRewriter : LoweredOpVisitor<LoweredOp>
{
    public override LoweredOp VisitCompute(Compute op) => op;

    public override LoweredOp VisitTest(Test op) => op;

    public override LoweredOp VisitSum(Sum op) => op;

    public override LoweredOp VisitSelectBand(SelectBand op) => op;

    public override LoweredOp VisitFirstMatch(FirstMatch op) => op;

    public override LoweredOp VisitAllMatches(AllMatches op) => op;

    public override LoweredOp VisitChoose(Choose op) => op;

    public override LoweredOp VisitAddReviews(AddReviews op) => op;

    public override LoweredOp VisitWriteOutput(WriteOutput op) => op;

    /// <summary>The element with each op rewritten.</summary>
    public LoweredElement Rewrite(LoweredElement element) => element with { Ops = [.. element.Ops.Select(Visit)] };
}
