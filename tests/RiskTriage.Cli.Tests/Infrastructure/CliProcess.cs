using System.Diagnostics;
using System.Text;

namespace RiskTriage.Cli.Tests.Infrastructure;

/// <summary>Runs the command line as a real process (for what only a process has: pipes, signals, being killed).</summary>
internal static class CliProcess
{
    /// <summary>The tool's assembly, built beside the tests.</summary>
    private static string Assembly => Path.Combine(AppContext.BaseDirectory, "RiskTriage.Cli.dll");

    public static Process Start(params string[] args)
    {
        Assert.True(File.Exists(Assembly), "the tool is not built beside the tests: " + Assembly);
        var start = new ProcessStartInfo(DotNetHost(), ["exec", Assembly, .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        return Process.Start(start)!;
    }

    /// <summary>Writes the line to the process's standard input again and again until it stops reading (or the token is cancelled).</summary>
    /// <returns>A task with the number of bytes written.</returns>
    public static Task<long> FeedForever(Process process, string line, CancellationToken cancel, Action<long>? progress = null) => Task.Run(async () =>
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        var block = Enumerable.Repeat(bytes, 64).SelectMany(b => b).ToArray();
        var stream = process.StandardInput.BaseStream;
        long written = 0;
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                await stream.WriteAsync(block, cancel);
                await stream.FlushAsync(cancel);
                written += block.Length;
                progress?.Invoke(written);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The process stopped reading (or the test is over).
        }

        return written;
    });

    /// <summary>The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH for test runs), else dotnet on the PATH.</summary>
    private static string DotNetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
