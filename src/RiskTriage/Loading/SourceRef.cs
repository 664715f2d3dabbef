using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Diagnostics;

namespace RiskTriage.Loading;

/// <summary>
/// Where something was written in a rule file, as a diagnostic needs it: its position, its JSON path, and the
/// position of characters inside it when it is a string (an expression). The loader makes one per JSON value it
/// hands on, so the checker can key "the same place" by reference without seeing the JSON.
/// </summary>
/// <remarks>
/// Position and path are worked out on first use from the value the loader read: most elements never get a
/// diagnostic, and loading must not pay for the ones it does not report.
/// </remarks>
internal sealed class SourceRef
{
    private readonly JToken? _token;
    private SourceLocation? _location;

    internal SourceRef(RuleFile? file, JToken? token)
    {
        File = file;
        _token = token;
    }

    /// <summary>A place in no file (a value given in code, such as a parameter override).</summary>
    public static SourceRef None { get; } = new(null, null);

    /// <summary>The file it was written in; null for <see cref="None"/>.</summary>
    public RuleFile? File { get; }

    /// <summary>Its position: a string or property key points at its opening quote, other values at their first character.</summary>
    public SourceLocation Location => _location ??= File is null || _token is null ? new SourceLocation(File?.Path, 1, 1, 1) : File.Locate(_token);

    /// <summary>Its JSON path (e.g. <c>tables.tier.rows[2].cells[0]</c>), or null when it is in no file.</summary>
    public string? Path => _token?.Path;

    /// <summary>The position of <paramref name="length"/> decoded characters from <paramref name="offset"/> of a string (escapes accounted for).</summary>
    public SourceLocation LocateInString(int offset, int length) =>
        File is null || _token is null ? Location : File.LocateInString(_token, offset, length);

    /// <summary>The value as compact JSON text, e.g. <c>"high"</c> or <c>[1,2]</c> (for messages).</summary>
    internal string Json => _token?.ToString(Formatting.None) ?? "null";

    /// <summary>The value as Newtonsoft shows a token in text (a string without quotes), as older messages quote it.</summary>
    internal string Display => _token?.ToString() ?? string.Empty;

    /// <summary>
    /// The properties as written, name → value as compact JSON in written order: those of the object written here
    /// (for a named element, the object after its name), or for a value written in short form (<c>"age": "number"</c>)
    /// that value under <paramref name="shortFormKey"/>, the property the short form stands for.
    /// </summary>
    internal IReadOnlyList<KeyValuePair<string, string>> WrittenProperties(string shortFormKey)
    {
        var value = _token is JProperty property ? property.Value : _token;
        return value switch
        {
            null => [],
            JObject obj => obj.Properties().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ToString(Formatting.None))).ToArray(),
            _ => [new KeyValuePair<string, string>(shortFormKey, value.ToString(Formatting.None))],
        };
    }
}
