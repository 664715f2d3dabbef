using System.Globalization;
using RiskTriage.Evaluation;

namespace RiskTriage.Compilation;

/// <summary>
/// The case limits a JSON case is held to as it is read (<see cref="RuleSetLimits.MaxCaseStringLength"/>,
/// <see cref="RuleSetLimits.MaxCollectionItems"/>, whole UTF-16 text), applied by the compiled checks to a typed case,
/// with the same messages. Called out of line so the compiled checks stay small.
/// </summary>
internal static class CaseLimitChecks
{
    /// <summary>Checks one text value of a typed case.</summary>
    public static void Text(Decision decision, string path, string text, int maxLength)
    {
        if (text.Length > maxLength)
        {
            decision.AddError(path, string.Create(CultureInfo.InvariantCulture, $"the text is {text.Length:N0} characters long; the limit is {maxLength:N0}"));
        }
        else if (StrictJsonScanner.HasLoneSurrogate(text))
        {
            decision.AddError(path, StrictJsonScanner.LoneSurrogateMessage);
        }
    }

    /// <summary>Whether <see cref="Text"/> would report <paramref name="text"/>: past the limit, or not whole UTF-16.</summary>
    public static bool Refused(string text, int maxLength) => text.Length > maxLength || StrictJsonScanner.HasLoneSurrogate(text);

    /// <summary>
    /// As <see cref="Text"/>, for a refused text (see <see cref="Refused"/>) in a field of item <paramref name="index"/>
    /// of a list (or the item itself when <paramref name="field"/> is empty). Called only once the text is refused, so
    /// that a list's path made from an outer item's place is made only then.
    /// </summary>
    public static void TextItem(Decision decision, string list, int index, string field, string text, int maxLength) =>
        Text(decision, ItemPath(list, index, field), text, maxLength);

    /// <summary>A typed list with more items than a JSON list may have.</summary>
    public static void TooManyItems(Decision decision, string path, int count, int limit) =>
        decision.AddError(path, string.Create(CultureInfo.InvariantCulture, $"the list has {count:N0} items, more than {limit:N0}"));

    /// <summary>A typed case whose lists hold more items in all than a JSON case may; reported at the list that went over.</summary>
    public static void TooManyCaseItems(Decision decision, string path, int limit) => decision.AddError(path, TooManyCaseItemsMessage(limit));

    /// <summary>The message of a case with more than <paramref name="limit"/> list items in all, typed or JSON.</summary>
    public static string TooManyCaseItemsMessage(int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"the case has more than {limit:N0} list items in all (counting every list in it); the limit is {limit:N0}");

    /// <summary>The path of a field of item <paramref name="index"/> of a list ("orders[1].months"), or of the item itself when <paramref name="field"/> is empty.</summary>
    public static string ItemPath(string list, int index, string field) =>
        string.Create(CultureInfo.InvariantCulture, $"{list}[{index}]{(field.Length > 0 ? "." + field : string.Empty)}");
}
