using System.Text;

namespace RiskTriage.Cli.Input;

/// <summary>Opens input and output files with one clear message when they cannot be used.</summary>
internal static class InputFiles
{
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static bool IsStdin(string? path) => path is null || path == "-";

    /// <summary>Opens a file for streaming reads.</summary>
    /// <exception cref="CliException">The file does not exist or cannot be read.</exception>
    public static CountingStream OpenRead(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"cannot read {what} '{path}': it is a folder, not a file");
        }

        if (!File.Exists(path))
        {
            throw new CliException($"cannot read {what} '{path}': no such file");
        }

        try
        {
            return new CountingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {what} '{path}': {e.Message}");
        }
    }

    /// <summary>
    /// Reads a text file or standard input that must be small, stopping one character after <paramref name="maxChars"/>:
    /// a longer input (or a device that never ends, such as <c>/dev/zero</c>) is refused without being held in memory.
    /// </summary>
    /// <exception cref="CliException">The file does not exist, cannot be read, or is longer than <paramref name="maxChars"/>.</exception>
    public static string ReadAtMost(string path, string what, TextReader stdin, int maxChars)
    {
        using var stream = IsStdin(path) ? null : OpenRead(path, what);
        using var reader = stream is null ? null : new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: true);
        var source = reader ?? stdin;
        var name = IsStdin(path) ? "<stdin>" : path;
        var text = new System.Text.StringBuilder();
        var buffer = new char[Math.Min(1 << 16, maxChars + 1)];
        try
        {
            int read;
            while ((read = source.Read(buffer, 0, Math.Min(buffer.Length, maxChars + 1 - text.Length))) > 0)
            {
                text.Append(buffer, 0, read);
                if (text.Length > maxChars)
                {
                    throw CliException.At(name, 1, 1, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"the {what} is longer than {maxChars:N0} characters, the limit for one case (RuleSetLimits.MaxCaseLength)"));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {what} '{path}': {e.Message}");
        }

        return text.ToString();
    }

    /// <summary>Creates (or replaces) an output file.</summary>
    /// <exception cref="CliException">The file cannot be created.</exception>
    public static StreamWriter CreateText(string path, string what)
    {
        try
        {
            return new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16), Utf8, 1 << 16);
        }
        catch (DirectoryNotFoundException)
        {
            throw new CliException($"cannot write {what} '{path}': its folder does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {what} '{path}': permission denied");
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"cannot write {what} '{path}': {e.Message}");
        }
    }
}
