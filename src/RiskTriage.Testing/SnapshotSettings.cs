using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Evaluation;

namespace RiskTriage.Testing;

/// <summary>
/// How <see cref="DecisionSnapshots"/> checks one snapshot, after Verify's <c>VerifySettings</c>: members to leave out
/// or scrub, text to scrub inside values, and the arguments of a <c>[Theory]</c> case that name its file.
/// Each method changes these settings and returns them, so calls chain:
/// <code>
/// var settings = new SnapshotSettings()
///     .IgnoreMember("$.ruleSet.hash")          // a JSON path into each decision
///     .ScrubMember("caseId")                    // every member of that name, at any depth
///     .ScrubInline(new Regex(@"\d{4}-\d{2}-\d{2}"), "{Date}")
///     .UseParameters(rsr, gender);              // TierTests.High_risk_7.1_Male.verified.json
/// </code>
/// Members are left out and scrubbed before the text is compared and before any file is written, so neither the
/// verified nor the received file holds them. The paths and names apply to each decision on its own, also when several
/// decisions are verified as one array. A settings object is not thread-safe; make one per test.
/// </summary>
public sealed class SnapshotSettings
{
    /// <summary>The replacement of a scrubbed value unless another is given: <c>{Scrubbed}</c>, as in Verify.</summary>
    public const string Scrubbed = "{Scrubbed}";

    // A parameter text longer than this is cut and ends with a hash of the whole, to keep file names short.
    private const int MaxParametersLength = 100;

    private readonly List<string> _ignored = [];
    private readonly List<(string Member, string Replacement)> _scrubbedMembers = [];
    private readonly List<(Regex Pattern, string Replacement)> _scrubbedText = [];

    /// <summary>The part of the file name that tells a theory's cases apart (see <see cref="UseParameters"/>); null when not set.</summary>
    internal string? Parameters { get; private set; }

    /// <summary>
    /// Leaves a member out of the snapshot: by name (every property of that name, at any depth, e.g. <c>hash</c>), or by
    /// a JSON path into each decision when it starts with <c>$</c> (e.g. <c>$.ruleSet.hash</c>, <c>$.trace[*].detail</c>,
    /// <c>$..caseId</c>; Newtonsoft's JSONPath).
    /// </summary>
    /// <param name="nameOrPath">A property name, or a JSON path starting with <c>$</c>.</param>
    /// <returns>These settings.</returns>
    /// <exception cref="ArgumentException">The name is empty, or the path is not a valid JSON path or selects the whole decision.</exception>
    public SnapshotSettings IgnoreMember(string nameOrPath)
    {
        _ignored.Add(CheckMember(nameOrPath));
        return this;
    }

    /// <summary>
    /// Replaces a member's value with <paramref name="replacement"/>, keeping the member in the snapshot (a null value stays
    /// null, so the snapshot still shows whether there was a value). The member is named as for <see cref="IgnoreMember"/>.
    /// </summary>
    /// <param name="nameOrPath">A property name, or a JSON path starting with <c>$</c>.</param>
    /// <param name="replacement">The text written instead of the value; default <see cref="Scrubbed"/>.</param>
    /// <returns>These settings.</returns>
    /// <exception cref="ArgumentException">The name is empty, or the path is not a valid JSON path or selects the whole decision.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="replacement"/> is null.</exception>
    public SnapshotSettings ScrubMember(string nameOrPath, string replacement = Scrubbed)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        _scrubbedMembers.Add((CheckMember(nameOrPath), replacement));
        return this;
    }

    /// <summary>
    /// Replaces every match of <paramref name="pattern"/> inside every text value of the snapshot (not inside property
    /// names), e.g. dates in review-reason messages. Applied after the members are left out and scrubbed, in the order added.
    /// </summary>
    /// <param name="pattern">The text to replace.</param>
    /// <param name="replacement">The replacement; <c>$1</c>-style group references work as in <see cref="Regex.Replace(string, string)"/>. Default <see cref="Scrubbed"/>.</param>
    /// <returns>These settings.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SnapshotSettings ScrubInline(Regex pattern, string replacement = Scrubbed)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(replacement);
        _scrubbedText.Add((pattern, replacement));
        return this;
    }

    /// <summary>
    /// Gives the snapshot a file of its own for one case of a <c>[Theory]</c>, named after its arguments as Verify's
    /// <c>UseParameters</c> does: <c>UseParameters(rsr, gender)</c> gives <c>&lt;TestClass&gt;.&lt;TestName&gt;_7.1_Male.verified.json</c>.
    /// Pass the theory's arguments yourself, in order (the helper does not read them from the test framework, so it
    /// works with any). Without it every case of a theory would share one file, which <see cref="DecisionSnapshots"/> refuses.
    /// </summary>
    /// <remarks>
    /// Values are written invariantly, whatever the culture: numbers in round-trip form, <c>true</c>/<c>false</c>,
    /// <c>null</c>, dates as <c>yyyy-MM-dd</c>, lists with <c>,</c> between items, joined by <c>_</c>; characters that
    /// cannot be in a file name become <c>-</c>. A text over 100 characters is cut and ends with a hash of the whole.
    /// Two cases whose values give the same text share a file, and the second is refused: add a name to <c>Verify</c> then.
    /// </remarks>
    /// <param name="values">The theory's arguments.</param>
    /// <returns>These settings.</returns>
    /// <exception cref="ArgumentException">No values were given.</exception>
    public SnapshotSettings UseParameters(params object?[] values)
    {
        // UseParameters(null) passes a null array, not one null value.
        values ??= [null];
        if (values.Length == 0)
        {
            throw new ArgumentException("give the theory's arguments, e.g. UseParameters(rsr, gender)", nameof(values));
        }

        var text = new string(string.Join("_", values.Select(ValueText)).Select(c => DecisionSnapshots.IsFileNameChar(c) ? c : '-').ToArray());
        if (text.Length > MaxParametersLength)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
            text = text[..(MaxParametersLength - 9)] + "-" + hash;
        }

        Parameters = text;
        return this;
    }

    /// <summary>A decision's canonical JSON with the members left out and scrubbed; the text unchanged when there is nothing to do.</summary>
    internal string Apply(string json)
    {
        if (_ignored.Count == 0 && _scrubbedMembers.Count == 0 && _scrubbedText.Count == 0)
        {
            return json;
        }

        var root = Parse(json);
        foreach (var member in _ignored)
        {
            foreach (var token in Select(root, member))
            {
                (token.Parent is JProperty property ? property : token).Remove();
            }
        }

        foreach (var (member, replacement) in _scrubbedMembers)
        {
            foreach (var token in Select(root, member))
            {
                if (token.Type != JTokenType.Null)
                {
                    token.Replace(new JValue(replacement));
                }
            }
        }

        if (_scrubbedText.Count > 0)
        {
            foreach (var value in root.DescendantsAndSelf().OfType<JValue>().Where(v => v.Type == JTokenType.String))
            {
                var text = (string)value.Value!;
                foreach (var (pattern, replacement) in _scrubbedText)
                {
                    text = pattern.Replace(text, replacement);
                }

                value.Value = text;
            }
        }

        var sb = new StringBuilder(json.Length);
        Write(sb, root);
        return sb.ToString();
    }

    private static string CheckMember(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        if (nameOrPath.StartsWith('$'))
        {
            if (nameOrPath.Trim() == "$")
            {
                throw new ArgumentException("the path '$' selects the whole decision; name a member inside it, e.g. '$.ruleSet.hash'", nameof(nameOrPath));
            }

            try
            {
                _ = new JObject().SelectTokens(nameOrPath).Count();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Newtonsoft's path parser throws JsonException for most bad paths but IndexOutOfRangeException for some.
                throw new ArgumentException($"'{nameOrPath}' is not a valid JSON path ({e.Message}); write e.g. '$.ruleSet.hash' or '$.trace[*].detail'", nameof(nameOrPath), e);
            }
        }

        return nameOrPath;
    }

    /// <summary>The tokens a name or path selects, collected first so that they can be removed or replaced.</summary>
    private static List<JToken> Select(JContainer root, string member) => member.StartsWith('$')
        ? root.SelectTokens(member).Where(t => t != root).ToList()
        : root.DescendantsAndSelf().OfType<JProperty>().Where(p => p.Name == member).Select(p => p.Value).ToList();

    private static JObject Parse(string json)
    {
        // Dates stay text and numbers stay doubles, so that writing back gives the canonical tokens unchanged.
        using var reader = new JsonTextReader(new StringReader(json))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = null,
        };
        return JObject.Load(reader);
    }

    /// <summary>Writes a token as canonical JSON does (<see cref="CanonicalJson"/>): compact, numbers and strings written the same way.</summary>
    private static void Write(StringBuilder sb, JToken token)
    {
        switch (token)
        {
            case JObject obj:
                sb.Append('{');
                var firstProperty = true;
                foreach (var property in obj.Properties())
                {
                    sb.Append(firstProperty ? "" : ",");
                    firstProperty = false;
                    CanonicalJson.String(sb, property.Name);
                    sb.Append(':');
                    Write(sb, property.Value);
                }

                sb.Append('}');
                break;
            case JArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    sb.Append(i > 0 ? "," : "");
                    Write(sb, array[i]);
                }

                sb.Append(']');
                break;
            case JValue { Type: JTokenType.String } text:
                CanonicalJson.String(sb, (string?)text.Value);
                break;
            case JValue { Type: JTokenType.Integer or JTokenType.Float } number:
                CanonicalJson.Number(sb, Convert.ToDouble(number.Value, CultureInfo.InvariantCulture));
                break;
            case JValue { Type: JTokenType.Boolean } flag:
                sb.Append((bool)flag.Value! ? "true" : "false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    private static string ValueText(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(",", items.Cast<object?>().Select(ValueText)),
        _ => value.ToString() ?? string.Empty,
    };
}
