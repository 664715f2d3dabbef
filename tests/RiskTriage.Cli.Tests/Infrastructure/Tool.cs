using System.Text;
using System.Text.RegularExpressions;

namespace RiskTriage.Cli.Tests.Infrastructure;

/// <summary>What a command run in-process wrote and returned.</summary>
internal sealed record CliResult(string[] Args, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The run as one text for a golden file, with machine-specific paths, hashes and timings normalised.</summary>
    public string ToGolden(params (string Path, string Placeholder)[] paths)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(' ', Args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a).Prepend("$ risktriage"))).Append('\n');
        sb.Append("exit code: ").Append(ExitCode).Append('\n');
        sb.Append("--- stdout ---\n").Append(Stdout);
        if (Stdout.Length > 0 && !Stdout.EndsWith('\n'))
        {
            sb.Append('\n');
        }

        sb.Append("--- stderr ---\n").Append(Stderr);
        if (Stderr.Length > 0 && !Stderr.EndsWith('\n'))
        {
            sb.Append('\n');
        }

        return Normalise(sb.ToString(), paths);
    }

    public static string Normalise(string text, params (string Path, string Placeholder)[] paths)
    {
        text = text.Replace("\r\n", "\n");
        var all = paths.Concat([(Repo.TestData, "<testdata>"), (Repo.Root, "<repo>"), (Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar), "<tmp>")])
            .OrderByDescending(p => p.Item1.Length);
        foreach (var (path, placeholder) in all)
        {
            text = text.Replace(path, placeholder).Replace(path.Replace('\\', '/'), placeholder);
        }

        text = Regex.Replace(text, "sha256:[0-9a-f]{64}", "sha256:<hash>");
        text = Regex.Replace(text, @"time: [0-9.]+ s \([0-9,]+ cases/s\)", "time: <elapsed>");
        return text;
    }
}

/// <summary>Runs the command line in-process with captured standard streams.</summary>
internal static class Tool
{
    public static CliResult Run(params string[] args) => RunWithInput(null, args);

    public static CliResult RunWithInput(string? stdin, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var console = new CliConsole(new StringReader(stdin ?? ""), stdout, stderr) { InputIsTerminal = stdin is null };
        var exit = CliApp.Run(args, console);
        return new CliResult(args, exit, stdout.ToString(), stderr.ToString());
    }
}
