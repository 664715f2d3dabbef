using System.Globalization;

namespace RiskTriage.Cli.Input;

/// <summary>How a batch of cases is laid out (<c>--format</c>).</summary>
public enum CaseFormat
{
    /// <summary>One JSON case per line (NDJSON, JSON Lines); a bad line is that line's error and the batch goes on.</summary>
    Ndjson,

    /// <summary>A JSON array of cases; each element is its own case, valid or not.</summary>
    JsonArray,

    /// <summary>JSON cases one after another, each over as many lines as it likes (one pretty-printed case, or several).</summary>
    JsonStream,
}

/// <summary>One case as read from the input: its JSON text, or why it could not be read.</summary>
/// <param name="Line">The 1-based line the case starts on.</param>
/// <param name="Text">The case's JSON text, when it could be read.</param>
/// <param name="Error">Why the case could not be read (the text is then null).</param>
/// <param name="Fatal">True when the input cannot be read past this point (reported once, as <see cref="CaseSource.FatalError"/>).</param>
/// <param name="Column">The 1-based column the case starts at on its first line.</param>
internal readonly record struct RawCase(long Line, string? Text, string? Error, bool Fatal = false, long Column = 1)
{
    /// <summary>The case's UTF-8 bytes, not yet decoded or checked, when it was read as bytes (<see cref="Utf8LineReader"/>; <see cref="Text"/> is then null).</summary>
    public ReadOnlyMemory<byte> Utf8 { get; init; }

    /// <summary>Where a place in the case's text (1-based line and column within the text) is in the input.</summary>
    public (long Line, long Column) InInput(long line, long column) => (Line + line - 1, line == 1 ? Column + column - 1 : column);

    /// <summary>What a case weighs in a chunk of cases being evaluated: its text's length (an error record weighs nothing).</summary>
    public static long Weight(RawCase raw) => raw.Text?.Length ?? raw.Utf8.Length;
}

/// <summary>
/// Streams cases from NDJSON (line by line), a JSON array (element by element) or JSON cases one after another,
/// never holding more than one case in memory. The layout is never guessed from the first case: it is the one
/// asked for; else a file named <c>.ndjson</c> or <c>.jsonl</c> is NDJSON; else input whose first character
/// (after white space) is <c>[</c> is an array; else a file named <c>.json</c> holds JSON cases one after another;
/// anything else (standard input included) is NDJSON.
/// </summary>
internal sealed class CaseSource(TextReader reader, string name, int maxCaseLength, CaseFormat? format = null)
{
    private readonly BufferedTextReader _reader = new(reader);
    private bool _formatFromFileName;

    /// <summary>The name used in messages: the file as given, or <c>&lt;stdin&gt;</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The layout read (known once reading has started); null for an input with no cases at all.</summary>
    public CaseFormat? Format { get; private set; }

    /// <summary>Set when the input could not be read to its end (a JSON array that breaks off); the batch then stops.</summary>
    public string? FatalError { get; private set; }

    /// <summary>The layout a file's name asks for: NDJSON for <c>.ndjson</c> and <c>.jsonl</c>, JSON for <c>.json</c>; null otherwise.</summary>
    public static CaseFormat? FormatOfFileName(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".ndjson" or ".jsonl" => CaseFormat.Ndjson,
        ".json" => CaseFormat.JsonStream,
        _ => null,
    };

    /// <summary>NDJSON read as bytes, with where its first case starts (see <see cref="CaseInput.Open"/>); null to read the text reader.</summary>
    public (Utf8LineReader Reader, long Line, long Column)? Utf8Lines { get; init; }

    /// <summary>Reads the cases in input order.</summary>
    public IEnumerable<RawCase> Read()
    {
        if (Utf8Lines is var (lines, firstLine, firstColumn))
        {
            Format = CaseFormat.Ndjson;
            return lines.Read(firstLine, firstColumn);
        }

        var scanner = new JsonValueScanner(_reader, maxCaseLength);
        scanner.SkipWhiteSpace();
        var first = scanner.Peek();
        if (first < 0)
        {
            Format = null;
            return [];
        }

        var byName = FormatOfFileName(Name);
        _formatFromFileName = format is null && byName is not null && !(byName == CaseFormat.JsonStream && first == '[');
        Format = format ?? (byName == CaseFormat.Ndjson ? CaseFormat.Ndjson
            : first == '[' ? CaseFormat.JsonArray
            : byName ?? CaseFormat.Ndjson);
        return Format switch
        {
            CaseFormat.Ndjson => ReadLines(scanner.Line, scanner.Column),
            CaseFormat.JsonArray => ReadArray(scanner),
            _ => ReadStream(scanner),
        };
    }

    private IEnumerable<RawCase> ReadLines(long firstLine, long firstColumn)
    {
        var line = firstLine - 1;
        var column = firstColumn;
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
                yield return Checked(new RawCase(line, text, null, Column: column));
            }

            column = 1;
        }
    }

    private IEnumerable<RawCase> ReadArray(JsonValueScanner scanner)
    {
        if (scanner.Peek() != '[')
        {
            yield return Fatal(scanner.Line, scanner.Column, "expected '[' to open the array of cases (--format array was given)");
            yield break;
        }

        scanner.Skip();
        if (Trivia(scanner) is { } comment)
        {
            yield return comment;
            yield break;
        }

        if (scanner.Peek() == ']')
        {
            scanner.Skip();
            if (End(scanner) is { } trailing)
            {
                yield return trailing;
            }

            yield break;
        }

        while (true)
        {
            if (scanner.Peek() is ',' or ']' or -1)
            {
                yield return Fatal(scanner.Line, scanner.Column, scanner.Peek() < 0 ? "the array of cases is not closed with ']'" : "a case is missing before this");
                yield break;
            }

            var value = scanner.ScanValue();
            yield return Case(value);
            if (value.Break is not null)
            {
                yield break;
            }

            if (Trivia(scanner) is { } error)
            {
                yield return error;
                yield break;
            }

            var next = scanner.Peek();
            if (next == ']')
            {
                scanner.Skip();
                if (End(scanner) is { } trailing)
                {
                    yield return trailing;
                }

                yield break;
            }

            if (next != ',')
            {
                yield return Fatal(scanner.Line, scanner.Column, next < 0
                    ? "the array of cases is not closed with ']'"
                    : string.Create(CultureInfo.InvariantCulture, $"expected ',' or ']' after the case that starts at line {value.Line}"));
                yield break;
            }

            scanner.Skip();
            if (Trivia(scanner) is { } afterComma)
            {
                yield return afterComma;
                yield break;
            }
        }
    }

    private IEnumerable<RawCase> ReadStream(JsonValueScanner scanner)
    {
        while (true)
        {
            if (Trivia(scanner) is { } error)
            {
                yield return error;
                yield break;
            }

            var next = scanner.Peek();
            if (next < 0)
            {
                yield break;
            }

            if (next is ',' or ']' or '}')
            {
                yield return Fatal(scanner.Line, scanner.Column, next == ','
                    ? "cases one after another are not separated by ','; write them as an array [ ... ] for that"
                    : $"'{(char)next}' closes nothing");
                yield break;
            }

            var value = scanner.ScanValue();
            yield return Case(value);
            if (value.Break is not null)
            {
                yield break;
            }
        }
    }

    /// <summary>The case for a scanned value: its text, a too-long error, or (when its structure breaks off) the error that ends the batch.</summary>
    private RawCase Case(ScannedValue value)
    {
        if (value.Break is not null)
        {
            // Newtonsoft, given the text up to the break, usually names the first real mistake (a missing '}'
            // shows up as the next case's '{' where a name was expected); else the break itself is the place.
            if (value.Text is { } partial && JsonText.SyntaxError(partial) is { } syntax && Inside(partial, syntax.Line, syntax.Column))
            {
                var raw = new RawCase(value.Line, null, null, Column: value.Column);
                var (line, column) = raw.InInput(syntax.Line, syntax.Column);
                return Fatal(line, column, syntax.Message);
            }

            return Fatal(value.BreakLine, value.BreakColumn, value.Break);
        }

        return value.Text is null
            ? new RawCase(value.Line, null, string.Create(CultureInfo.InvariantCulture,
                $"the case that starts at line {value.Line} is longer than the limit of {maxCaseLength:N0} characters for one case"), Column: value.Column)
            : Checked(new RawCase(value.Line, value.Text, null, Column: value.Column));
    }

    /// <summary>A case read as bytes (<see cref="RawCase.Utf8"/>), as the text reader would have given it: decoded and <see cref="Checked"/>.</summary>
    internal static RawCase Decoded(RawCase raw) => Checked(raw with { Text = Utf8Text.Reading.GetString(raw.Utf8.Span), Utf8 = default });

    /// <summary>The case, or its error when its text holds bytes that are not UTF-8 (see <see cref="Utf8Text"/>).</summary>
    internal static RawCase Checked(RawCase raw)
    {
        var at = Utf8Text.InvalidAt(raw.Text);
        if (at < 0)
        {
            return raw;
        }

        var text = raw.Text.AsSpan(0, at);
        var breaks = 0;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                breaks++;
                lineStart = i + 1;
            }
        }

        var (line, column) = raw.InInput(breaks + 1, at - lineStart + 1);
        return raw with
        {
            Text = null,
            Error = string.Create(CultureInfo.InvariantCulture, $"the case cannot be read at line {line}, column {column}: {Utf8Text.Describe(raw.Text, at)}"),
        };
    }

    /// <summary>True when the (1-based) place is before the end of the text, i.e. not an "unexpected end" of a text cut short.</summary>
    private static bool Inside(string text, int line, int column)
    {
        var start = 0;
        for (var l = 1; l < line; l++)
        {
            var next = text.IndexOfAny(['\r', '\n'], start);
            if (next < 0)
            {
                return false;
            }

            start = next + (text[next] == '\r' && next + 1 < text.Length && text[next + 1] == '\n' ? 2 : 1);
        }

        return start + column - 1 < text.TrimEnd().Length;
    }

    private RawCase? Trivia(JsonValueScanner scanner) =>
        scanner.SkipTrivia() is { } error ? Fatal(scanner.Line, scanner.Column, error) : null;

    /// <summary>Nothing but white space and comments may follow the array.</summary>
    private RawCase? End(JsonValueScanner scanner) =>
        Trivia(scanner) ?? (scanner.Peek() < 0 ? null : Fatal(scanner.Line, scanner.Column, "unexpected content after the end of the array of cases"));

    private RawCase Fatal(long line, long column, string message)
    {
        var hint = _formatFromFileName && Format == CaseFormat.JsonStream
            ? $" (a file named .json is read as JSON cases one after another; for one case per line, name it .ndjson or pass --format ndjson)"
            : "";
        FatalError = string.Create(CultureInfo.InvariantCulture,
            $"{Name}({line},{column}): error: not valid JSON: {message}; the rest of the input cannot be read{hint}");
        return new RawCase(line, null, string.Create(CultureInfo.InvariantCulture, $"not valid JSON at line {line}, column {column}: {message}"), Fatal: true, Column: column);
    }
}
