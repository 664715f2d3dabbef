using System.Runtime.InteropServices;
using System.Text;

namespace RiskTriage.Cli.Input;

/// <summary>Opens input and output files with one clear message when they cannot be used.</summary>
internal static class InputFiles
{
    public static Encoding Utf8 => Utf8Text.Encoding;

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
        using var reader = stream is null ? null : new StreamReader(stream, Utf8Text.Reading, detectEncodingFromByteOrderMarks: true);
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

    /// <summary>
    /// True when two paths name the same file: the same full path once links are followed, or (on Linux) the
    /// same device and inode, which also catches hard links and links in the folders on the way.
    /// </summary>
    public static bool SameFile(string a, string b)
    {
        if (!File.Exists(a) || !File.Exists(b))
        {
            return false;
        }

        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (string.Equals(Resolve(a), Resolve(b), comparison))
        {
            return true;
        }

        return FileId(a) is { } idA && FileId(b) is { } idB && idA == idB;
    }

    /// <summary>The full path of the file a path names, following links to the final target.</summary>
    public static string Resolve(string path)
    {
        try
        {
            var info = new FileInfo(Path.GetFullPath(path));
            return Path.GetFullPath((info.ResolveLinkTarget(returnFinalTarget: true) ?? info).FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Path.GetFullPath(path);
        }
    }

    /// <summary>
    /// True unless the path names something other than a regular file (a device such as <c>/dev/null</c>, a pipe):
    /// such a target is written in place, as it cannot be replaced by renaming. Known on Linux; elsewhere, from
    /// the file's attributes.
    /// </summary>
    public static bool IsRegularFileOrAbsent(string path)
    {
        if (!File.Exists(path))
        {
            return true;
        }

        if (Stat(path) is { } stat)
        {
            return (stat.Mode & FileTypeMask) == RegularFile;
        }

        try
        {
            return (File.GetAttributes(path) & FileAttributes.Device) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>The file's device and inode numbers (Linux only; null elsewhere or when they cannot be read).</summary>
    private static (ulong Device, ulong Inode)? FileId(string path) => Stat(path) is { } stat ? (stat.Device, stat.Inode) : null;

    /// <summary>The file's device, inode and type (Linux only; null elsewhere or when they cannot be read).</summary>
    private static (ulong Device, ulong Inode, int Mode)? Stat(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // struct statx has the same layout on every Linux architecture: stx_mode at byte 28, stx_ino at 32,
        // stx_dev_major and stx_dev_minor at 136 and 140.
        var buffer = new byte[256];
        try
        {
            if (Statx(AtCurrentFolder, path, 0, StatxTypeAndInode, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        var device = ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140);
        return (device, BitConverter.ToUInt64(buffer, 32), BitConverter.ToUInt16(buffer, 28));
    }

    private const int AtCurrentFolder = -100;
    private const uint StatxTypeAndInode = 0x1 | 0x100; // STATX_TYPE | STATX_INO
    private const int FileTypeMask = 0xF000; // S_IFMT
    private const int RegularFile = 0x8000; // S_IFREG

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int folder, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}

/// <summary>
/// An output file written in full or not at all: the text goes to a temporary file in the same folder, which
/// <see cref="Commit"/> renames over the target; a run that fails or is interrupted leaves the old file as it was.
/// </summary>
internal sealed class OutputFile : IDisposable
{
    private readonly string _path;
    private readonly string? _temporary;
    private readonly FileStream _stream;
    private bool _committed;

    /// <param name="path">The target.</param>
    /// <param name="temporary">The temporary file written, or null when the target (a device, a pipe) is written in place.</param>
    /// <param name="stream">The file written.</param>
    private OutputFile(string path, string? temporary, FileStream stream)
    {
        _path = path;
        _temporary = temporary;
        _stream = stream;
        Writer = new StreamWriter(stream, InputFiles.Utf8, 1 << 16);
    }

    /// <summary>Where to write the text.</summary>
    public TextWriter Writer { get; }

    /// <summary>Starts writing <paramref name="path"/>, refusing a folder and any of the files the command reads.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="what">What the file is, for messages.</param>
    /// <param name="inputs">The files the command reads (null or <c>-</c> for standard input are ignored).</param>
    /// <exception cref="CliException">The file cannot be written, or it is one of the inputs.</exception>
    public static OutputFile Create(string path, string what, params (string? Path, string What)[] inputs)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"cannot write {what} '{path}': it is a folder, not a file");
        }

        foreach (var (input, inputWhat) in inputs)
        {
            if (!InputFiles.IsStdin(input) && InputFiles.SameFile(path, input!))
            {
                throw new CliException($"cannot write {what} '{path}': it is the {inputWhat} '{input}', which would be overwritten; write to another file");
            }
        }

        if (!InputFiles.IsRegularFileOrAbsent(path))
        {
            return Open(path, what, inPlace: true, () => new OutputFile(path, null, new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16)));
        }

        var full = InputFiles.Resolve(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new CliException($"cannot write {what} '{path}': its folder does not exist");
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        return Open(path, what, inPlace: false, () =>
        {
            var output = new OutputFile(full, temporary, new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16));
            try
            {
                if (!OperatingSystem.IsWindows() && File.Exists(full))
                {
                    // The replacement keeps the old file's permissions.
                    File.SetUnixFileMode(output._stream.SafeFileHandle, File.GetUnixFileMode(full));
                }

                return output;
            }
            catch
            {
                output.Dispose();
                throw;
            }
        });
    }

    private static OutputFile Open(string path, string what, bool inPlace, Func<OutputFile> open)
    {
        try
        {
            return open();
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException(inPlace
                ? $"cannot write {what} '{path}': permission denied"
                : $"cannot write {what} '{path}': permission denied (a temporary file is written in its folder first, then renamed)");
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"cannot write {what} '{path}': {e.Message}");
        }
    }

    /// <summary>Writes the rest of the text to disk and puts the file in place of the old one.</summary>
    public void Commit()
    {
        Writer.Flush();
        if (_temporary is null)
        {
            _stream.Dispose();
            _committed = true;
            return;
        }

        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(_temporary, _path, overwrite: true);
        _committed = true;
    }

    /// <summary>Removes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        try
        {
            Writer.Dispose();
        }
        catch (IOException)
        {
            // The text is being thrown away; a failure to write the last of it changes nothing.
        }

        if (_temporary is null)
        {
            return;
        }

        try
        {
            File.Delete(_temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
