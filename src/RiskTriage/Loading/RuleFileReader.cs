using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Diagnostics;

namespace RiskTriage.Loading;

/// <summary>
/// Finds and reads the files of a rule set: strict UTF-8, size and depth limits, duplicate keys rejected,
/// JSON syntax errors reported with line and column. Never throws for bad files.
/// </summary>
internal static partial class RuleFileReader
{
    /// <summary>Folders inside a rule-set folder that hold other things than rules.</summary>
    private static readonly string[] IgnoredFolders = ["tests", "examples", "schema"];

    /// <summary>Deepest folder nesting searched for rule files below the rule-set folder.</summary>
    internal const int MaxFolderDepth = 32;

    /// <summary>
    /// Most entries (files and folders of any kind) looked at while searching a rule-set folder: a folder this large is
    /// not a rule set, and counting stops there instead of listing it all.
    /// </summary>
    internal const int MaxFolderEntries = 100_000;

    /// <summary>Most symbolic links followed to resolve one path, as the operating system's own limit (ELOOP).</summary>
    private const int MaxLinkHops = 40;

    public static List<RuleFile> ReadRuleSet(string path, RuleSetOptions options, DiagnosticBag diagnostics)
    {
        var limits = options.Limits;
        var files = new List<RuleFile>();
        foreach (var (full, display) in FindFiles(path, options, diagnostics))
        {
            if (ReadFile(full, display, limits, diagnostics) is { } file)
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary><see cref="ReadRuleSet"/> with the files read asynchronously.</summary>
    public static async Task<List<RuleFile>> ReadRuleSetAsync(string path, RuleSetOptions options, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var limits = options.Limits;
        var files = new List<RuleFile>();
        foreach (var (full, display) in FindFiles(path, options, diagnostics))
        {
            if (await ReadFileAsync(full, display, limits, diagnostics, useAsync: true, cancellationToken).ConfigureAwait(false) is { } file)
            {
                files.Add(file);
            }
        }

        return files;
    }

    public static RuleFile? ReadFile(string fullPath, string displayPath, RuleSetLimits limits, DiagnosticBag diagnostics) =>

        // Without useAsync nothing awaits, so the task has completed when it is returned.
        ReadFileAsync(fullPath, displayPath, limits, diagnostics, useAsync: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Reads and parses one file, with its reads synchronous or asynchronous as <paramref name="useAsync"/> says.</summary>
    private static async ValueTask<RuleFile?> ReadFileAsync(string fullPath, string displayPath, RuleSetLimits limits, DiagnosticBag diagnostics, bool useAsync, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(fullPath);
            if ((info.Attributes & FileAttributes.Directory) != 0)
            {
                Report(diagnostics, displayPath, DiagnosticCodes.RuleSetNotFound, 1, 1, "this is a folder, not a rule file");
                return null;
            }

            if (info.Length > limits.MaxFileBytes)
            {
                Report(diagnostics, displayPath, DiagnosticCodes.FileTooLarge, 1, 1,
                    string.Create(CultureInfo.InvariantCulture, $"the file is {info.Length:N0} bytes; the limit is {limits.MaxFileBytes:N0}. Split it into modules"));
                return null;
            }

            // Devices, pipes and sockets report a length of 0 and may never end, or block until something writes to
            // them: a file of length 0 is never opened. Reading stops after the limit in case the file grew since its
            // length was taken.
            if (info.Length == 0)
            {
                Report(diagnostics, displayPath, DiagnosticCodes.JsonSyntax, 1, 1,
                    "the file is empty, or is not a regular file (a pipe, device or socket is never read); a rule file holds one JSON object { ... }");
                return null;
            }

            bytes = await ReadAtMostAsync(fullPath, limits.MaxFileBytes, useAsync, cancellationToken).ConfigureAwait(false);
            if (bytes.Length > limits.MaxFileBytes)
            {
                Report(diagnostics, displayPath, DiagnosticCodes.FileTooLarge, 1, 1,
                    string.Create(CultureInfo.InvariantCulture, $"the file is more than {limits.MaxFileBytes:N0} bytes, the limit. Split it into modules"));
                return null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report(diagnostics, displayPath, DiagnosticCodes.RuleSetNotFound, 1, 1, $"the file cannot be read: {e.Message}");
            return null;
        }

        // The text is kept for the diagnostics' source lines; a tool showing them must not read the file again.
        diagnostics.AddSource(displayPath, new FileLines(() => Encoding.UTF8.GetString(bytes)));
        var file = Parse(displayPath, bytes, limits, diagnostics);
        if (file is not null)
        {
            diagnostics.AddSource(displayPath, file);
        }

        return file;
    }

    /// <summary>The file's bytes, but no more than <paramref name="limit"/> + 1 of them.</summary>
    private static async ValueTask<byte[]> ReadAtMostAsync(string path, int limit, bool useAsync, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4_096, useAsync);
        using var memory = new MemoryStream();
        var buffer = new byte[81_920];
        while (memory.Length <= limit)
        {
            var count = (int)Math.Min(buffer.Length, limit + 1L - memory.Length);
            var read = useAsync
                ? await stream.ReadAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false)
                : stream.Read(buffer, 0, count);
            if (read == 0)
            {
                break;
            }

            memory.Write(buffer, 0, read);
        }

        return memory.ToArray();
    }

    public static RuleFile? Parse(string displayPath, byte[] bytes, RuleSetLimits limits, DiagnosticBag diagnostics)
    {
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var index = Math.Max(0, e.Index);
            var line = 1 + bytes.Take(Math.Min(index, bytes.Length)).Count(b => b == (byte)'\n');
            Report(diagnostics, displayPath, DiagnosticCodes.InvalidUtf8, line, 1,
                $"the file is not valid UTF-8 (bad byte near offset {index}); save it as UTF-8");
            return null;
        }

        return ParseText(displayPath, text.TrimStart('\uFEFF'), limits, diagnostics);
    }

    public static RuleFile? ParseText(string displayPath, string text, RuleSetLimits limits, DiagnosticBag diagnostics)
    {
        // Newtonsoft accepts more than JSON (octal and hexadecimal numbers, single quotes, unquoted keys, trailing
        // commas) and stops at its first error: the strict check reports every mistake first, in the author's terms.
        var problems = StrictJson.Check(text, allowComments: true, limits.MaxJsonDepth);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                Report(diagnostics, displayPath, DiagnosticCodes.JsonSyntax, problem.Line, problem.Column, "the file is not valid JSON: " + problem.Message);
            }

            return null;
        }

        JToken root;
        try
        {
            using var reader = new JsonTextReader(new StringReader(text))
            {
                MaxDepth = limits.MaxJsonDepth,
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Double,
            };
            root = JToken.ReadFrom(reader, new JsonLoadSettings
            {
                LineInfoHandling = LineInfoHandling.Load,
                DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
                CommentHandling = CommentHandling.Ignore,
            });
            while (reader.Read())
            {
                if (reader.TokenType != JsonToken.Comment)
                {
                    Report(diagnostics, displayPath, DiagnosticCodes.JsonSyntax, reader.LineNumber, reader.LinePosition,
                        "there is more text after the end of the JSON document; a rule file holds one object");
                    return null;
                }
            }
        }
        catch (JsonReaderException e)
        {
            // Newtonsoft's LinePosition counts the characters before the offending one; columns are 1-based.
            var column = e.LinePosition + 1;
            if (e.Message.StartsWith("Property with the name", StringComparison.Ordinal) && e.LineNumber >= 1)
            {
                // A duplicate name is reported after its colon; point at the name itself.
                var line = text.Split('\n').ElementAtOrDefault(e.LineNumber - 1) ?? string.Empty;
                var close = line.Length == 0 ? -1 : line.LastIndexOf('"', Math.Clamp(e.LinePosition - 1, 0, line.Length - 1));
                var open = close > 0 ? line.LastIndexOf('"', close - 1) : -1;
                column = open >= 0 ? open + 1 : column;
            }

            Report(diagnostics, displayPath, DiagnosticCodes.JsonSyntax, Math.Max(1, e.LineNumber), column,
                "the file is not valid JSON: " + CleanJsonMessage(e.Message));
            return null;
        }

        if (root is not JObject obj)
        {
            Report(diagnostics, displayPath, DiagnosticCodes.WrongJsonKind, 1, 1,
                "a rule file must hold one JSON object { ... } at its top level");
            return null;
        }

        return new RuleFile(displayPath, text, obj);
    }

    /// <summary>
    /// Newtonsoft appends "Path 'x', line 2, position 5." which the location already says. Its message can quote the
    /// input (a whole number past 380 digits, a value it could not convert): a long quote keeps its start and end.
    /// </summary>
    internal static string CleanJsonMessage(string message)
    {
        var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(", line ", StringComparison.Ordinal);
        }

        var text = (cut >= 0 ? message[..cut] : message).TrimEnd('.', ' ');
        if (text.Length <= MaxJsonMessage)
        {
            return text;
        }

        // Not between the halves of a surrogate pair.
        var head = MaxJsonMessage - 60;
        head -= char.IsHighSurrogate(text[head - 1]) ? 1 : 0;
        var tail = text.Length - 60;
        tail += char.IsLowSurrogate(text[tail]) ? 1 : 0;
        return string.Concat(text.AsSpan(0, head), "...", text.AsSpan(tail));
    }

    private const int MaxJsonMessage = 200;

    private static void Report(DiagnosticBag diagnostics, string file, string code, int line, int column, string message) =>
        diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, new SourceLocation(file, line, column, 1), null));

    /// <summary>
    /// SHA-256 over exactly what decides the decisions: each file's relative path and its JSON as parsed (written out
    /// compactly, members in file order), in path order; the parameter overrides; and the options that decide how a
    /// case is read (unknown fields, case limits). Line endings, indentation, comments, a byte-order mark and the
    /// spelling of escapes do not change it, and every change to a value does: a raw CR LF inside a string is part of
    /// the value (the engine keeps it), so it is hashed as such, not normalised to LF. The same rules and options give
    /// the same hash on any machine.
    /// </summary>
    public static string ContentHash(IEnumerable<RuleFile> files, RuleSetOptions options)
    {
        var sb = new StringBuilder();
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            sb.Append("file ").Append(file.Path).Append('\n');
            CompactJson.Write(sb, file.Root);
            sb.Append('\n');
        }

        if (options.Parameters is { } overrides)
        {
            foreach (var (name, value) in overrides.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                sb.Append("override ").Append(name).Append('=').Append(RuleSetOptions.ParameterJson(value)).Append('\n');
            }
        }

        var limits = options.Limits;
        sb.Append(CultureInfo.InvariantCulture,
            $"cases unknownFields={options.UnknownFields.ToString()} maxJsonDepth={limits.MaxJsonDepth} maxCollectionItems={limits.MaxCollectionItems} maxCaseStringLength={limits.MaxCaseStringLength} maxCaseLength={limits.MaxCaseLength}\n");

        // Options added since the line above count only when they differ from their defaults, so that adding an
        // option does not change the hash of every rule set loaded without it.
        var defaults = RuleSetLimits.Default;
        if (limits.MaxCaseItems != defaults.MaxCaseItems || limits.MaxCaseErrors != defaults.MaxCaseErrors)
        {
            sb.Append(CultureInfo.InvariantCulture, $"cases maxCaseItems={limits.MaxCaseItems} maxCaseErrors={limits.MaxCaseErrors}\n");
        }

        return "sha256:" + LowerHex(ContentSha256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>
    /// The bytes in lower-case hexadecimal, as <see cref="Convert.ToHexStringLower(byte[])"/> writes them. A loop of
    /// this assembly: the framework's vectorised one was JIT-compiled at every load (ReadyToRun does not keep it).
    /// </summary>
    internal static string LowerHex(byte[] bytes)
    {
        const string Digits = "0123456789abcdef";
        var text = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            text[2 * i] = Digits[bytes[i] >> 4];
            text[(2 * i) + 1] = Digits[bytes[i] & 0xF];
        }

        return new string(text);
    }
}
