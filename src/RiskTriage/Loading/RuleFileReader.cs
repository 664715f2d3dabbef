using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Diagnostics;

namespace RiskTriage.Loading;

/// <summary>
/// Finds and reads the files of a rule set: strict UTF-8, size and depth limits, duplicate keys rejected,
/// JSON syntax errors reported with line and column. Never throws for bad files.
/// </summary>
internal static class RuleFileReader
{
    /// <summary>Folders inside a rule-set folder that hold other things than rules.</summary>
    private static readonly string[] IgnoredFolders = ["tests", "examples", "schema"];

    public static List<RuleFile> ReadRuleSet(string path, RuleSetLimits limits, DiagnosticBag diagnostics)
    {
        var files = new List<RuleFile>();
        foreach (var (full, display) in FindFiles(path, limits, diagnostics))
        {
            if (ReadFile(full, display, limits, diagnostics) is { } file)
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary><see cref="ReadRuleSet"/> with the files read asynchronously.</summary>
    public static async Task<List<RuleFile>> ReadRuleSetAsync(string path, RuleSetLimits limits, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var files = new List<RuleFile>();
        foreach (var (full, display) in FindFiles(path, limits, diagnostics))
        {
            if (await ReadFileAsync(full, display, limits, diagnostics, useAsync: true, cancellationToken).ConfigureAwait(false) is { } file)
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary>The rule files to read (full path, path to show), in order; problems finding them go to <paramref name="diagnostics"/>.</summary>
    private static List<(string Full, string Relative)> FindFiles(string path, RuleSetLimits limits, DiagnosticBag diagnostics)
    {
        if (File.Exists(path))
        {
            return [(path, System.IO.Path.GetFileName(path))];
        }

        if (!Directory.Exists(path))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.RuleSetNotFound, DiagnosticSeverity.Error,
                $"no rule-set file or folder at '{path}'", new SourceLocation(path, 1, 1, 1), null));
            return [];
        }

        var root = System.IO.Path.GetFullPath(path);
        var paths = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Select(p => (Full: p, Relative: System.IO.Path.GetRelativePath(root, p).Replace('\\', '/')))
            .Where(p => !IgnoredFolders.Any(f => p.Relative.StartsWith(f + "/", StringComparison.Ordinal)))
            .OrderBy(p => p.Relative, StringComparer.Ordinal)
            .ToList();
        if (paths.Count == 0)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.RuleSetNotFound, DiagnosticSeverity.Error,
                $"the folder '{path}' has no .json rule files", new SourceLocation(path, 1, 1, 1), null));
            return [];
        }

        if (paths.Count > limits.MaxFiles)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.FileTooLarge, DiagnosticSeverity.Error,
                $"the folder has {paths.Count} rule files; the limit is {limits.MaxFiles}", new SourceLocation(path, 1, 1, 1), null));
            return [];
        }

        return paths;
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
            if (info.Length > limits.MaxFileBytes)
            {
                Report(diagnostics, displayPath, DiagnosticCodes.FileTooLarge, 1, 1,
                    string.Create(CultureInfo.InvariantCulture, $"the file is {info.Length:N0} bytes; the limit is {limits.MaxFileBytes:N0}. Split it into modules"));
                return null;
            }

            // Devices, pipes and sockets report a length of 0 and may never end, or block until something writes to
            // them: a file of length 0 is read as empty without being opened. Reading stops after the limit in case
            // the file grew since its length was taken.
            bytes = info.Length == 0 ? [] : await ReadAtMostAsync(fullPath, limits.MaxFileBytes, useAsync, cancellationToken).ConfigureAwait(false);
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

        return Parse(displayPath, bytes, limits, diagnostics);
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

    /// <summary>Newtonsoft appends "Path 'x', line 2, position 5." which the location already says.</summary>
    internal static string CleanJsonMessage(string message)
    {
        var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(", line ", StringComparison.Ordinal);
        }

        var text = cut >= 0 ? message[..cut] : message;
        return text.TrimEnd('.', ' ');
    }

    private static void Report(DiagnosticBag diagnostics, string file, string code, int line, int column, string message) =>
        diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, new SourceLocation(file, line, column, 1), null));

    /// <summary>
    /// SHA-256 over the normalised files: each file's relative path and its text with line endings as \n and
    /// no byte-order mark, in path order; then any parameter overrides. The same rules give the same hash on any machine.
    /// </summary>
    public static string ContentHash(IEnumerable<RuleFile> files, IReadOnlyDictionary<string, object?>? overrides)
    {
        var sb = new StringBuilder();
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            sb.Append("file ").Append(file.Path).Append('\n');
            sb.Append(file.Text.Replace("\r\n", "\n", StringComparison.Ordinal)).Append('\n');
        }

        if (overrides is not null)
        {
            foreach (var (name, value) in overrides.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                sb.Append("override ").Append(name).Append('=').Append(JsonConvert.SerializeObject(value)).Append('\n');
            }
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
