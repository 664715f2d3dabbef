using System.Buffers;
using System.Globalization;
using System.Text;
using RiskTriage.Shared;

namespace RiskTriage.Benchmarks;

/// <summary>
/// What the CLI's per-case library work costs on the CLI's own cases, one thread, no pipeline:
/// <c>cli-cases [cases.ndjson] [count] [rounds]</c> reads the first <c>count</c> lines of a batch made by
/// <c>benchmarks/cli-throughput.sh</c> (default <c>artifacts/cli-throughput/cases-1000000.ndjson</c>, 200,000 lines)
/// into memory, then per round evaluates them as UTF-8 (<see cref="RuleSet.Evaluate(ReadOnlySpan{byte}, TraceDetail)"/>),
/// alone and followed by <see cref="Decision.WriteJson(IBufferWriter{byte})"/> into a reused buffer, both over
/// 1,024 lines reused ("hot") and over every line once ("cold"), and prints the thread's processor time per case.
/// </summary>
/// <remarks>
/// Why: <c>eval --stages</c> gives the workers' read + evaluate and decision JSON per case inside the CLI, and
/// <c>JsonUtf8NoTrace</c> / <c>DecisionJson</c> give them on the benchmarks' own cases; this is the same calls on the
/// CLI's cases with nothing else around them, the floor under the CLI's per-case cost with today's library (RESULTS.md,
/// session 12).
/// </remarks>
internal static class CliCases
{
    private const int Hot = 1_024;

    public static void Run(string[] args)
    {
        var root = RepositoryRoot.Path;
        var file = args.Length > 0 ? args[0] : Path.Combine(root, "artifacts", "cli-throughput", "cases-1000000.ndjson");
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"cli-cases: '{file}' does not exist; make it with benchmarks/cli-throughput.sh (it keeps its batches in artifacts/cli-throughput).");
            Environment.Exit(2);
        }

        var ruleSet = RuleSet.Load(Path.Combine(root, "rules", "probation"));
        var lines = File.ReadLines(file).Take(count).Select(Encoding.UTF8.GetBytes).ToArray();
        if (lines.Length < Hot)
        {
            Console.Error.WriteLine($"cli-cases: '{file}' has {lines.Length} lines; at least {Hot} are needed.");
            Environment.Exit(2);
        }

        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        double PerCase(Func<int, byte[]> line, int n, bool write)
        {
            var start = ThreadCpuClock.OfCurrentThread() ?? throw new PlatformNotSupportedException("cli-cases needs the thread's processor time (Linux)");
            for (var i = 0; i < n; i++)
            {
                var decision = ruleSet.Evaluate(line(i), TraceDetail.None);
                if (write)
                {
                    buffer.ResetWrittenCount();
                    decision.WriteJson(buffer);
                }
            }

            return (ThreadCpuClock.OfCurrentThread()!.Value - start).TotalNanoseconds / n;
        }

        for (var warm = 0; warm < 30; warm++)
        {
            PerCase(i => lines[i % Hot], Hot, write: true);
        }

        Console.WriteLine($"{lines.Length:N0} cases of {file}, .NET {Environment.Version}; the thread's processor time, ns per case");
        Console.WriteLine("round  hot: evaluate  hot: + WriteJson  cold: evaluate  cold: + WriteJson");
        for (var round = 0; round < rounds; round++)
        {
            var hot = PerCase(i => lines[i % Hot], lines.Length, write: false);
            var hotJson = PerCase(i => lines[i % Hot], lines.Length, write: true);
            var cold = PerCase(i => lines[i], lines.Length, write: false);
            var coldJson = PerCase(i => lines[i], lines.Length, write: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{round,5}  {hot,13:N0}  {hotJson,17:N0}  {cold,14:N0}  {coldJson,18:N0}"));
        }
    }
}
