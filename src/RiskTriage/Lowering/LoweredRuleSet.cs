using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;

namespace RiskTriage.Lowering;

/// <summary>
/// A rule set lowered to primitive operations: what a back end (the LINQ emitter, the interpreter) runs to evaluate
/// one case. Immutable; made by <see cref="Lowerer"/> and rewritten only by the passes in <c>Lowering/Passes</c>,
/// each of which returns a new form with the same meaning.
/// </summary>
/// <remarks>
/// <para>Evaluating a case: run <see cref="Checks"/> in order. If they gave the decision an error (the case is
/// invalid), stop: nothing else runs. Otherwise run the ops of every part of <see cref="Parts"/> in order, then
/// <see cref="Reviews"/>, then <see cref="Outputs"/>.</para>
/// <para>Values: every op writes symbols (<see cref="ValueSymbol"/>s); a symbol is written once per evaluation
/// before anything reads it. A symbol holds a value of its <see cref="Symbol.Type"/> or is <em>missing</em>.
/// Expressions (<see cref="BoundExpression"/>) read inputs and earlier symbols and follow the expression language's
/// rules (rules/EXPRESSIONS.md): an expression may give a missing value.</para>
/// <para>Parts only bound how much code a back end compiles as one unit: the parts in order mean the same as their
/// ops in one list. <see cref="LoweredPart.Exports"/> names the symbols a part computes that a later part (or the
/// reviews and outputs) reads.</para>
/// </remarks>
internal sealed class LoweredRuleSet
{
    public LoweredRuleSet(string name, LoweringOptions options, IReadOnlyList<InputCheck> checks, IReadOnlyList<LoweredPart> parts,
        AddReviews reviews, IReadOnlyList<WriteOutput> outputs, IReadOnlySet<ValueSymbol>? presentSymbols = null,
        IReadOnlyDictionary<string, EnumCode>? enumCodes = null, IReadOnlyDictionary<ValueSymbol, IReadOnlyList<string>>? codedSymbols = null)
    {
        Name = name;
        Options = options;
        Checks = checks;
        Parts = parts;
        Reviews = reviews;
        Outputs = outputs;
        PresentSymbols = presentSymbols ?? NoSymbols;
        EnumCodes = enumCodes ?? NoCodes;
        CodedSymbols = codedSymbols ?? NoCodedSymbols;
    }

    private static readonly IReadOnlySet<ValueSymbol> NoSymbols = new HashSet<ValueSymbol>();
    private static readonly IReadOnlyDictionary<string, EnumCode> NoCodes = new Dictionary<string, EnumCode>();
    private static readonly IReadOnlyDictionary<ValueSymbol, IReadOnlyList<string>> NoCodedSymbols = new Dictionary<ValueSymbol, IReadOnlyList<string>>();

    /// <summary>The rule set's name (for the names of compiled methods).</summary>
    public string Name { get; }

    /// <summary>The choices the form was lowered with (trace steps, enumeration checks, case limits).</summary>
    public LoweringOptions Options { get; }

    /// <summary>The checks of the case's input fields, in field order; see <see cref="InputCheck"/>.</summary>
    public IReadOnlyList<InputCheck> Checks { get; }

    /// <summary>The rule set's elements in evaluation order, grouped into parts.</summary>
    public IReadOnlyList<LoweredPart> Parts { get; }

    /// <summary>The rules' review reasons, added after every part has run.</summary>
    public AddReviews Reviews { get; }

    /// <summary>The outputs, written last, in the order the decision lists them.</summary>
    public IReadOnlyList<WriteOutput> Outputs { get; }

    /// <summary>
    /// The symbols proven never missing (set by the nullability pass, <see cref="Passes.Nullability"/>; empty
    /// without it). A fact about the ops, not part of their meaning: a back end may hold these symbols without a
    /// missing state, and may ignore the set.
    /// </summary>
    public IReadOnlySet<ValueSymbol> PresentSymbols { get; }

    /// <summary>
    /// The enumerated input fields a back end may hold as integer codes, by path (<c>field</c>, <c>object.field</c>;
    /// set by <see cref="Passes.EnumCodes"/>; empty without it). A fact about the input checks, not part of the ops'
    /// meaning: once the checks pass, such a field holds one of <see cref="EnumCode.Values"/> or is missing.
    /// </summary>
    public IReadOnlyDictionary<string, EnumCode> EnumCodes { get; }

    /// <summary>
    /// The text symbols whose every value is one of a few texts known when the rule set is compiled, with those texts
    /// (set by <see cref="Passes.EnumCodes"/>; empty without it): the symbol is missing or one of them, so a back end
    /// may hold it as a code (the text's position) and compare codes. A fact about the ops, not part of their meaning.
    /// </summary>
    public IReadOnlyDictionary<ValueSymbol, IReadOnlyList<string>> CodedSymbols { get; }

    /// <summary>Every element of every part, in evaluation order.</summary>
    public IEnumerable<LoweredElement> Elements => Parts.SelectMany(p => p.Elements);

    /// <summary>This form with other parts (a pass's result).</summary>
    public LoweredRuleSet WithParts(IReadOnlyList<LoweredPart> parts) => new(Name, Options, Checks, parts, Reviews, Outputs, PresentSymbols, EnumCodes, CodedSymbols);

    /// <summary>This form with <paramref name="present"/> as its <see cref="PresentSymbols"/>.</summary>
    public LoweredRuleSet WithPresentSymbols(IReadOnlySet<ValueSymbol> present) => new(Name, Options, Checks, Parts, Reviews, Outputs, present, EnumCodes, CodedSymbols);

    /// <summary>This form with <paramref name="codes"/> as its <see cref="EnumCodes"/>.</summary>
    public LoweredRuleSet WithEnumCodes(IReadOnlyDictionary<string, EnumCode> codes, IReadOnlyDictionary<ValueSymbol, IReadOnlyList<string>>? symbols = null) =>
        new(Name, Options, Checks, Parts, Reviews, Outputs, PresentSymbols, codes, symbols ?? CodedSymbols);

    /// <summary>This form with each element replaced by <paramref name="rewrite"/>'s result, parts kept.</summary>
    public LoweredRuleSet WithElements(Func<LoweredElement, LoweredElement> rewrite) =>
        WithParts([.. Parts.Select(p => new LoweredPart([.. p.Elements.Select(rewrite)], p.Exports))]);
}

/// <summary>How a rule set is lowered: the choices that change which ops the form holds.</summary>
/// <param name="Trace">Whether the form carries trace steps (<see cref="TraceStep"/>); without them a back end traces nothing.</param>
/// <param name="ValidateEnums">Whether input checks hold text fields to their enumerations (a typed case; a JSON case is held to them as it is read).</param>
/// <param name="CaseLimits">For a typed case, the limits its text and lists are held to and the finiteness of its numbers;
/// null for a case the reader has already held to them.</param>
internal sealed record LoweringOptions(bool Trace, bool ValidateEnums, RuleSetLimits? CaseLimits);

/// <summary>
/// How an enumerated input field is held as an integer code: its code is its value's position in
/// <see cref="Values"/>, -1 when it is missing.
/// </summary>
/// <param name="Slot">The field's number among the coded fields (0, 1, ...): where a back end keeps its code.</param>
/// <param name="Values">The declared values, without repeats, in declared order.</param>
/// <param name="Default">The code of the declared default, which an expression sees when the field is missing; -1 without one.</param>
internal sealed record EnumCode(int Slot, IReadOnlyList<string> Values, int Default);

/// <summary>A group of elements compiled as one unit.</summary>
/// <param name="Elements">The elements, in evaluation order.</param>
/// <param name="Exports">The symbols computed here that something after this part reads: a back end keeps them
/// where later parts can read them (the LINQ emitter: the evaluation frame). Every symbol read outside the part that
/// computes it is in its part's exports.</param>
internal sealed record LoweredPart(IReadOnlyList<LoweredElement> Elements, IReadOnlySet<ValueSymbol> Exports);

/// <summary>
/// One element of the rule set (a value, scorecard, band set, table, rule or output) as the ops it lowered to.
/// </summary>
/// <param name="Kind">The element's kind as messages show it: value, scorecard, bands, table, rule, output.</param>
/// <param name="Name">The element's name (a rule's id).</param>
/// <param name="Location">Where the element is declared.</param>
/// <param name="Ops">The ops, run in order.</param>
/// <param name="Produces">The symbols the element computes that other elements may read by name.</param>
/// <param name="Uses">The names (of values, scores, bands, table outputs, outputs, rules) the element reads.</param>
/// <param name="Size">The element's size in bound-tree nodes, which the partitioning pass budgets parts by.</param>
/// <param name="ExportsOwnName">An output sharing its name with the element it exports: the name in expressions means that element.</param>
internal sealed record LoweredElement(string Kind, string Name, SourceLocation Location, IReadOnlyList<LoweredOp> Ops,
    IReadOnlyList<ValueSymbol> Produces, IReadOnlySet<string> Uses, int Size, bool ExportsOwnName)
{
    /// <summary>The element as messages name it, e.g. <c>the table 'risk'</c>.</summary>
    public string Description => $"the {Kind} '{Name}'";
}
