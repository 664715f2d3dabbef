using BenchmarkDotNet.Running;

namespace RiskTriage.Benchmarks;

public static class Program
{
    /// <summary>Runs the benchmarks BenchmarkDotNet's arguments select (e.g. <c>--filter '*RulesEngineBenchmarks*'</c>).</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
