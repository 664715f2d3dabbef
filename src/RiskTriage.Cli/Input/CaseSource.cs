using System.Globalization;
using Newtonsoft.Json;

namespace RiskTriage.Cli.Input;

/// <summary>How a batch of cases is laid out.</summary>
internal enum CaseFormat
{
    /// <summary>No cases at all.</summary>
    Empty,

    /// <summary>One JSON case per line; a bad line does not stop the batch.</summary>
    Ndjson,

    /// <summary>A JSON array of cases, read element by element.</summary>
    JsonArray,

    /// <summary>One or more JSON cases written over several lines (e.g. one pretty-printed case).</summary>
    JsonStream,
}

/// <summary>One case as read from the input: its JSON text, or why it could not be read.</summary>
/// <param name="Line">The 1-based line the case starts on.</param>
/// <param name="Text">The case's JSON text, when it could be read.</param>
/// <param name="Error">Why the case could not be read (the text is then null).</param>
/// <param name="Fatal">True when the input cannot be read past this point (reported once, as <see cref="CaseSource.FatalError"/>).</param>
internal readonly record struct RawCase(long Line, string? Text, string? Error, bool Fatal = false);

/// <summary>
/// Streams cases from NDJSON (line by line) or a JSON array (element by element), never holding more than
/// one case in memory. The format is told from the first characters.
/// </summary>
internal sealed class CaseSource(TextReader reader, string name, int maxCaseLength)
{
    private readonly BufferedTextReader _reader = new(reader);

    /// <summary>The name used in messages: the file as given, or <c>&lt;stdin&gt;</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The layout found (known once reading has started).</summary>
    public CaseFormat Format { get; private set; } = CaseFormat.Empty;

    /// <summary>Set when the input could not be read to its end (a JSON array that breaks off); the batch then stops.</summary>
    public string? FatalError { get; private set; }

    /// <summary>Reads the cases in input order.</summary>
    public IEnumerable<RawCase> Read()
    {
        var skipped = _reader.SkipWhiteSpace();
        var first = _reader.Peek();
        if (first < 0)
        {
            Format = CaseFormat.Empty;
            return [];
        }

        if (first == '[')
        {
            Format = CaseFormat.JsonArray;
            return ReadJson(array: true, skipped);
        }

        // A line that opens an object without closing it is the start of a multi-line (pretty-printed) case.
        var firstLine = _reader.PeekFirstLine().TrimEnd();
        if (first == '{' && !firstLine.EndsWith('}') && firstLine.Length < (1 << 16) - 1)
        {
            Format = CaseFormat.JsonStream;
            return ReadJson(array: false, skipped);
        }

        Format = CaseFormat.Ndjson;
        return ReadLines(skipped);
    }

    private IEnumerable<RawCase> ReadLines(int skippedLines)
    {
        long line = skippedLines;
        while (_reader.ReadLine(maxCaseLength, out var tooLong) is { } text)
        {
            line++;
            if (tooLong)
            {
                yield return new RawCase(line, null,
                    string.Create(CultureInfo.InvariantCulture, $"line {line} is longer than the limit of {maxCaseLength:N0} characters for one case"));
            }
            else if (!string.IsNullOrWhiteSpace(text))
            {
                yield return new RawCase(line, text, null);
            }
        }
    }

    private IEnumerable<RawCase> ReadJson(bool array, int skippedLines)
    {
        using var json = new JsonTextReader(_reader)
        {
            CloseInput = false,
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            SupportMultipleContent = !array,
            MaxDepth = 256,
        };

        var started = !array;
        while (true)
        {
            RawCase? item;
            var fatal = false;
            try
            {
                if (!started)
                {
                    // The first character is '[' (that is how the format was told).
                    started = json.Read();
                }

                item = ReadElement(json, array, skippedLines);
            }
            catch (JsonReaderException e)
            {
                var line = e.LineNumber + skippedLines;
                var column = e.LinePosition + 1; // Newtonsoft counts the characters before the offending one
                var message = JsonText.CleanMessage(e.Message);
                FatalError = string.Create(CultureInfo.InvariantCulture,
                    $"{Name}({line},{column}): error: not valid JSON: {message}; the rest of the input cannot be read");
                item = new RawCase(line, null, string.Create(CultureInfo.InvariantCulture, $"not valid JSON at line {line}, column {column}: {message}"), Fatal: true);
                fatal = true;
            }

            if (item is null)
            {
                yield break;
            }

            yield return item.Value;
            if (fatal)
            {
                yield break;
            }
        }
    }

    /// <summary>Reads the next case; null at the end (a closing bracket with nothing but comments after it).</summary>
    private static RawCase? ReadElement(JsonTextReader json, bool array, int skippedLines)
    {
        while (json.Read())
        {
            if (json.TokenType == JsonToken.Comment)
            {
                continue;
            }

            if (array && json.TokenType == JsonToken.EndArray)
            {
                while (json.Read())
                {
                    if (json.TokenType != JsonToken.Comment)
                    {
                        throw new JsonReaderException(
                            "unexpected content after the end of the array of cases", json.Path, json.LineNumber, json.LinePosition, null);
                    }
                }

                return null;
            }

            var line = json.LineNumber + skippedLines;
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            using (var writer = new JsonTextWriter(text) { Formatting = Formatting.None })
            {
                writer.WriteToken(json, writeChildren: true);
            }

            return new RawCase(line, text.ToString(), null);
        }

        if (array)
        {
            throw new JsonReaderException("the array of cases is not closed with ']'", json.Path, json.LineNumber, json.LinePosition, null);
        }

        return null;
    }
}
