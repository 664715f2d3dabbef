using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace RiskTriage.Benchmarks;

public static class Program
{
    /// <summary>
    /// Runs the benchmarks BenchmarkDotNet's arguments select. With <c>before &lt;folder&gt;</c> first, each one runs twice
    /// in the same run, side by side: against the library as it is (<c>after</c>) and against the library in an older
    /// checkout kept in the folder (<c>before</c>, the baseline of the ratio column), e.g.
    /// <c>git worktree add --detach ../before main~3</c>, then
    /// <c>dotnet run -c Release --project benchmarks/RiskTriage.Benchmarks -- before ../before --filter '*Probation*'</c>.
    /// </summary>
    public static void Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "before")
        {
            var project = Path.Combine(Path.GetFullPath(args[1]), "src", "RiskTriage", "RiskTriage.csproj");
            if (!File.Exists(project))
            {
                Console.Error.WriteLine($"before: '{project}' does not exist; give the root of an older checkout of this repository.");
                Environment.Exit(2);
            }

            var config = DefaultConfig.Instance
                .AddJob(Job.Default.WithArguments([new MsBuildArgument($"/p:RiskTriageBefore={project}")]).WithId("before").AsBaseline())
                .AddJob(Job.Default.WithId("after"))
                .AddFilter(new SimpleFilter(b => b.Job.Id != "before" || !b.Descriptor.WorkloadMethod.IsDefined(typeof(AfterOnlyAttribute), false)));
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[2..], config);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}

/// <summary>A benchmark of something the build before a change does not have: a side-by-side run leaves it out of the "before" job.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AfterOnlyAttribute : Attribute;
