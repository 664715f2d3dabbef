using System.Globalization;

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

    public EnumValues(IEnumerable<string> values)
    {
        // The declared values are interned, as string literals in C# code are: a typed case's value usually is
        // one of those instances, found by comparing references.
        _values = values.Select(string.Intern).ToArray();
    }

    /// <summary>The values, in declared order.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>Whether <paramref name="value"/> is one of the values: the same instance first, then the same characters.</summary>
    public bool Contains(string value)
    {
        // Every reference is compared, without stopping at a match: the loop then runs the same number of times
        // for every case, so the processor predicts it, where stopping at the match would be mispredicted about
        // once per field of every case (the position of the match varies from case to case).
        var values = _values;
        var same = false;
        for (var i = 0; i < values.Length; i++)
        {
            same |= ReferenceEquals(values[i], value);
        }

        if (same)
        {
            return true;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records <paramref name="value"/> of the field at <paramref name="path"/> as not allowed.</summary>
    public void Invalid(Decision decision, string path, string value) =>
        decision.AddError(path, $"\"{value}\" is not one of the allowed values ({string.Join(", ", _values)})");

    /// <summary>As <see cref="Invalid"/>, for a field of item <paramref name="index"/> of a list (or the item itself when <paramref name="field"/> is empty).</summary>
    public void InvalidItem(Decision decision, string list, int index, string field, string value) =>
        Invalid(decision, string.Create(CultureInfo.InvariantCulture, $"{list}[{index}]{(field.Length > 0 ? "." + field : string.Empty)}"), value);
}
