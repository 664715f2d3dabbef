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

    /// <summary>Reads a whole (small) text file.</summary>
    /// <exception cref="CliException">The file does not exist or cannot be read.</exception>
    public static string ReadAllText(string path, string what)
    {
        using var stream = OpenRead(path, what);
        using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: true);
        try
        {
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {what} '{path}': {e.Message}");
        }
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
