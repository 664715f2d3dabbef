namespace RiskTriage.Cli;

/// <summary>The standard streams a command uses, so commands can run in-process under tests.</summary>
/// <param name="In">Standard input (cases read from <c>-</c>).</param>
/// <param name="Out">Standard output: the command's result.</param>
/// <param name="Error">Standard error: diagnostics, progress and summaries.</param>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    /// <summary>True when standard error is a terminal, so a progress bar can be drawn on it.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>True when standard input is a terminal (nothing is piped in), so reading it would wait for typing.</summary>
    public bool InputIsTerminal { get; init; }

    /// <summary>The process's own console, with buffered UTF-8 standard output.</summary>
    public static CliConsole FromProcess()
    {
        var utf8 = Input.Utf8Text.Encoding;
        var stdout = new StreamWriter(StandardOutput.Open(), utf8, 1 << 16) { AutoFlush = false };
        var stderr = new StreamWriter(Console.OpenStandardError(), utf8, 1 << 12) { AutoFlush = true };
        var stdin = new StreamReader(Console.OpenStandardInput(), Input.Utf8Text.Reading, detectEncodingFromByteOrderMarks: true, 1 << 16);
        return new CliConsole(stdin, stdout, stderr)
        {
            ErrorIsTerminal = !Console.IsErrorRedirected,
            InputIsTerminal = !Console.IsInputRedirected,
        };
    }
}

/// <summary>The process exit codes every command uses.</summary>
public static class ExitCodes
{
    /// <summary>Everything worked (all cases decided, no rule errors, all tests passed).</summary>
    public const int Success = 0;

    /// <summary>A usage error, an unreadable file, a rule set with errors, or failed tests.</summary>
    public const int Failure = 1;

    /// <summary>The batch ran, but some cases were invalid.</summary>
    public const int InvalidCases = 2;

    /// <summary>Standard output was closed by its reader (e.g. <c>| head</c>): the command stopped reading and evaluating (128 + SIGPIPE, as a shell reports a process ended by a closed pipe).</summary>
    public const int OutputClosed = 141;
}

/// <summary>A problem the user can fix, reported as one line on standard error (never a stack trace).</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    /// <summary>The exit code to return.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>True when the message already starts with a <c>file(line,col):</c> location and is printed as it is.</summary>
    public bool Located { get; private init; }

    /// <summary>A problem at a place in a file, printed as <c>file(line,col): error: message</c>.</summary>
    public static CliException At(string file, long line, long column, string message) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{file}({line},{column}): error: {message}")) { Located = true };

    /// <summary>A message that already starts with its <c>file(line,col): error:</c> location (e.g. a case source's fatal error).</summary>
    public static CliException Preformatted(string locatedMessage) => new(locatedMessage) { Located = true };
}
