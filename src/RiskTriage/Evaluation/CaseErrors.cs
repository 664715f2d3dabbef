using RiskTriage.Runtime;

namespace RiskTriage.Evaluation;

/// <summary>
/// The errors found reading one case: listed up to <see cref="RuleSetLimits.MaxCaseErrors"/>, counted past it (a
/// hostile case must not turn into millions of errors). The case readers fill it; the entry point that made the
/// decision copies it in, so a reader never needs a decision.
/// </summary>
internal sealed class CaseErrors(int maxListed)
{
    private readonly List<CaseError> _listed = [];

    /// <summary>The errors listed, in the order they were found.</summary>
    public IReadOnlyList<CaseError> Listed => _listed;

    /// <summary>How many errors were found past the listed ones.</summary>
    public int Unlisted { get; private set; }

    /// <summary>
    /// The error of a text that is not one of an enumeration's <paramref name="values"/>: the text (its first 40
    /// characters), the allowed values and the nearest one if it is close. The same for a JSON case and a typed one.
    /// </summary>
    public static string NotAllowed(string text, IReadOnlyList<string> values) =>
        $"\"{Truncate(text)}\" is not one of the allowed values ({Expressions.Binding.DataType.ListValues(values)}){Diagnostics.NameSuggester.Hint(text, values)}";

    /// <summary>The first 40 characters of <paramref name="text"/> and "...", or all of it if no longer; a surrogate pair is never cut.</summary>
    public static string Truncate(string text)
    {
        if (text.Length <= 40)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[39]) ? 39 : 40;
        return text[..length] + "...";
    }

    /// <summary>Whether another error would be listed: when not, a caller can skip composing its path and message.</summary>
    public bool ListsMore => _listed.Count < maxListed;

    public void Add(string path, string message)
    {
        if (ListsMore)
        {
            _listed.Add(new CaseError(path, message));
        }
        else
        {
            Unlisted++;
        }
    }

    /// <summary>Gives a decision with no errors yet these errors (its limit on listed errors is the same).</summary>
    public void CopyTo(Decision decision)
    {
        foreach (var error in _listed)
        {
            decision.AddError(error.Path, error.Message);
        }

        // Past its limit a decision only counts: the text of an unlisted error is never read.
        for (var i = 0; i < Unlisted; i++)
        {
            decision.AddError("$", string.Empty);
        }
    }
}

/// <summary>What reading a case gives: the record (null when the case could not be read at all), its id, and its errors.</summary>
/// <param name="Record">The case, shaped by the declared inputs; null when the JSON itself could not be read.</param>
/// <param name="CaseId">The case id read, if any (also when the case has errors).</param>
/// <param name="Errors">The errors found, or null when there were none.</param>
internal readonly record struct CaseReadResult(CaseRecord? Record, string? CaseId, CaseErrors? Errors);
