using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Compilation;

/// <summary>
/// The allowed values of one enumerated input, as the compiled input checks use them. Held in a sealed class
/// rather than as a bare array: the compiled code loads its constants from an object array, and a cast to a
/// sealed class is one compare where a cast to an array type is a call. One call per check keeps the checks'
/// code small (a rule set may check dozens of enumerated fields per case).
/// </summary>
internal sealed class EnumValues
{
    private readonly string[] _values;
    private readonly TextIndex _index;

    public EnumValues(IEnumerable<string> values)
    {
        // The declared values are interned, as string literals in C# code are: a typed case's value usually is
        // one of those instances, found by comparing references.
        _values = values.Select(string.Intern).ToArray();
        _index = new TextIndex([.. _values.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The values, in declared order.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>Whether <paramref name="value"/> is one of the values (found as a table column's literals are: see <see cref="TextIndex"/>).</summary>
    public bool Contains(string value) => _index.IndexOf(value) >= 0;

    /// <summary>The position of <paramref name="value"/> among the distinct values in declared order (its code), or -1.</summary>
    public int CodeOf(string value) => _index.IndexOf(value);

    /// <summary>
    /// Records <paramref name="value"/> of the field at <paramref name="path"/> as not allowed. The message (its
    /// "did you mean" search) is made only while the decision lists more errors; past that the error is counted.
    /// </summary>
    public void Invalid(Decision decision, string path, string value) =>
        decision.AddError(path, decision.ListsMoreErrors ? Evaluation.CaseErrors.NotAllowed(value, _values) : string.Empty);

    /// <summary>As <see cref="Invalid"/>, for a field of item <paramref name="index"/> of a list (or the item itself when <paramref name="field"/> is empty).</summary>
    public void InvalidItem(Decision decision, string list, int index, string field, string value) =>
        Invalid(decision, decision.ListsMoreErrors ? CaseLimitChecks.ItemPath(list, index, field) : string.Empty, value);
}
