using RiskTriage.Expressions.Binding;
using RiskTriage.Loading;

namespace RiskTriage.Lowering.Passes;

/// <summary>
/// Works out which symbols of the form are proven present (never missing) in every evaluation that gets past the
/// input checks, and records them as <see cref="LoweredRuleSet.PresentSymbols"/>, so that a back end can hold them
/// without a "missing" state (the LINQ emitter: a <see cref="Compute"/> proven present is held as <c>double</c>, not
/// <c>double?</c>, and what reads it needs no null test). Only an annotation: the ops and their meaning are unchanged.
/// </summary>
/// <remarks>
/// <para>The rules are conservative: a value not covered here is treated as possibly missing. One forward walk over
/// the elements in evaluation order suffices, since a symbol is written before anything reads it.</para>
/// <para>An expression is present when it is:</para>
/// <list type="bullet">
/// <item>a literal that is not <c>null</c> (parameters are folded to literals, and are never missing);</item>
/// <item>a reference to a symbol already proven present;</item>
/// <item>a comparison (<c>&lt; &lt;= &gt; &gt;= == !=</c>) or <c>in</c>/<c>not in</c>: a missing operand makes
/// it false or true, never missing;</item>
/// <item><c>+</c>, <c>-</c>, <c>*</c> of two present numbers, or <c>-x</c> of a present number: overflow gives an
/// infinity and <c>inf - inf</c> a NaN, both values and not missing (a non-finite output is dealt with where it is
/// written, by <see cref="WriteOutput"/>, which these facts do not touch). Dates, text and <c>/</c>, <c>%</c> are
/// left out: they give missing for an invalid date, too long a text, or a zero divisor;</item>
/// <item><c>not x</c>, <c>x and y</c>, <c>x or y</c> of present operands; <c>x ?? y</c> with either side present;
/// <c>c ? a : b</c> with both branches present; a list literal (a list even when its items are missing).</item>
/// </list>
/// <para>Never proven present: inputs and their fields (a required input that is missing only adds
/// <c>MISSING_INPUT</c>, and the expressions still run with it missing; a default is filled in by the case reader,
/// not visible here), list items and members, lambda parameters, function calls and list methods (each may give
/// missing).</para>
/// <para>A symbol is present when its op proves it: a <see cref="Test"/> (a boolean, false when its condition is
/// missing) and a <see cref="Sum"/> (starts at 0, missing points add nothing) always; a <see cref="Compute"/> whose
/// expression is present; a <see cref="FirstMatch"/> output when the table cannot void its outputs
/// (<see cref="MatchCheck.None"/>) and its value is present in every row up to the first row without conditions
/// (which always matches) and, when there is no such row, its default is present; an <see cref="AllMatches"/>
/// output when it is a list, a SUM or a COUNT (MIN/MAX are missing when no row matches); a <see cref="Choose"/>
/// whose fallback and every setter's value are present. A <see cref="SelectBand"/> never is: a value in no band
/// (NaN, or a gap) leaves it missing.</para>
/// </remarks>
internal sealed class Nullability : LoweredOpVisitor<IEnumerable<ValueSymbol>>
{
    private readonly HashSet<ValueSymbol> _present = [];
    private readonly PresentExpression _expressions;

    private Nullability() => _expressions = new PresentExpression(_present);

    public static LoweredRuleSet Run(LoweredRuleSet form) => form.WithPresentSymbols(Facts(form));

    /// <summary>The symbols of <paramref name="form"/> proven present.</summary>
    public static IReadOnlySet<ValueSymbol> Facts(LoweredRuleSet form)
    {
        var pass = new Nullability();
        foreach (var op in form.Elements.SelectMany(e => e.Ops))
        {
            pass._present.UnionWith(pass.Visit(op));
        }

        return pass._present;
    }

    private bool Present(BoundExpression? expression) => expression is not null && _expressions.Visit(expression);

    public override IEnumerable<ValueSymbol> VisitCompute(Compute op) => Present(op.Value) ? [op.Target] : [];

    public override IEnumerable<ValueSymbol> VisitTest(Test op) => [op.Target];

    public override IEnumerable<ValueSymbol> VisitSum(Sum op) => [op.Target];

    public override IEnumerable<ValueSymbol> VisitSelectBand(SelectBand op) => [];

    public override IEnumerable<ValueSymbol> VisitFirstMatch(FirstMatch op)
    {
        if (op.Check != MatchCheck.None)
        {
            return [];
        }

        // Rows after the first one without conditions, and the default, are never taken.
        var always = op.Rows.ToList().FindIndex(row => !row.Conditions.Any());
        var taken = always < 0 ? op.Rows : op.Rows.Take(always + 1);
        return op.Outputs.Where((output, o) => (always >= 0 || Present(output.Default)) && taken.All(row => Present(row.Outputs[o])))
            .Select(output => output.Target).ToList();
    }

    public override IEnumerable<ValueSymbol> VisitAllMatches(AllMatches op) =>
        op.Aggregation is Aggregation.None or Aggregation.Sum or Aggregation.Count ? op.Outputs : [];

    public override IEnumerable<ValueSymbol> VisitChoose(Choose op) =>
        Present(op.Fallback) && op.Setters.All(s => Present(s.Value)) ? [op.Target] : [];

    public override IEnumerable<ValueSymbol> VisitAddReviews(AddReviews op) => [];

    public override IEnumerable<ValueSymbol> VisitWriteOutput(WriteOutput op) => [];

    /// <summary>Whether an expression is proven present, given the symbols proven so far (the rules in the class's remarks).</summary>
    private sealed class PresentExpression(HashSet<ValueSymbol> present) : BoundTreeVisitor<bool>
    {
        public override bool VisitLiteral(BoundLiteral node) => node.Value is not null;

        public override bool VisitInput(BoundInput node) => false;

        public override bool VisitValueReference(BoundValueReference node) => present.Contains(node.Symbol);

        public override bool VisitLambdaParameter(BoundLambdaParameter node) => false;

        public override bool VisitMember(BoundMember node) => false;

        public override bool VisitIndex(BoundIndex node) => false;

        public override bool VisitUnary(BoundUnary node) => node.Operator switch
        {
            BoundUnaryOperator.Negate => IsNumber(node) && Visit(node.Operand),
            BoundUnaryOperator.Not => Visit(node.Operand),
            _ => false,
        };

        public override bool VisitBinary(BoundBinary node) => node.Operator switch
        {
            BoundBinaryOperator.Less or BoundBinaryOperator.LessOrEqual or BoundBinaryOperator.Greater or BoundBinaryOperator.GreaterOrEqual
                or BoundBinaryOperator.Equal or BoundBinaryOperator.NotEqual => true,
            BoundBinaryOperator.Add or BoundBinaryOperator.Subtract or BoundBinaryOperator.Multiply =>
                IsNumber(node) && IsNumber(node.Left) && IsNumber(node.Right) && Visit(node.Left) && Visit(node.Right),
            BoundBinaryOperator.And or BoundBinaryOperator.Or => Visit(node.Left) && Visit(node.Right),
            BoundBinaryOperator.Coalesce => Visit(node.Right) || Visit(node.Left),
            _ => false,
        };

        public override bool VisitIn(BoundIn node) => true;

        public override bool VisitConditional(BoundConditional node) => Visit(node.WhenTrue) && Visit(node.WhenFalse);

        public override bool VisitList(BoundList node) => true;

        public override bool VisitCall(BoundCall node) => false;

        public override bool VisitListMethod(BoundListMethod node) => false;

        public override bool VisitError(BoundError node) => false;

        private static bool IsNumber(BoundExpression node) => DataType.Number.Equals(node.Type);
    }
}
