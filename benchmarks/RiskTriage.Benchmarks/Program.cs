using BenchmarkDotNet.Configs;
using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
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
    /// With <c>gc-modes</c> first, each one runs under several garbage-collector settings in the same run (see
    /// <see cref="GcModes"/>); with <c>jit-modes</c> first, under several settings of the JIT (see <see cref="JitModes"/>); with <c>cpu-time</c> first, in process, timed by the benchmark thread's processor time rather
    /// than wall time (for a machine shared with other work, see <see cref="ThreadCpuTimeClock"/>); <c>batch-report [cases] [runs]</c> prints what bounds the parallel batch (see BatchReport.cs);
    /// <c>batch-probe [cases] [rounds]</c> how much slower each core works with both busy, one difference at a time (see BatchProbe.cs);
    /// <c>json-rounds [rounds]</c> measures the JSON cases and their Newtonsoft baselines in alternating rounds (see JsonRounds.cs);
    /// <c>cli-cases [file] [count] [rounds] [threads]</c> the CLI's per-case library calls on the CLI's own cases (see CliCases.cs).
    /// </summary>
    public static void Main(string[] args)
    {
        if (args.Length >= 1 && args[0] is "gc-modes" or "jit-modes")
        {
            RunModes(args[1..], args[0] == "gc-modes" ? GcModes : JitModes);
            return;
        }

        if (args.Length >= 1 && args[0] == "cpu-time")
        {
            // The command line's job, run in process and timed by the benchmark thread's processor time (see ThreadCpuTimeClock).
            var (parsed, parsedConfig, _) = ConfigParser.Parse(args[1..], ConsoleLogger.Default);
            if (!parsed)
            {
                Environment.Exit(2);
            }

            var cpuJob = (parsedConfig.GetJobs().FirstOrDefault() ?? Job.Default).UnfreezeCopy()
                .WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance)
                .WithClock(ThreadCpuTimeClock.Instance).WithId("thread-cpu");
            var cpuConfig = DefaultConfig.Instance.AddJob(cpuJob).AddFilter(new SimpleFilter(b => b.Job.Id == "thread-cpu"));
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..], cpuConfig);
            return;
        }

#if !RISKTRIAGE_BEFORE
        if (args.Length >= 1 && args[0] == "batch-report")
        {
            BatchReport.Run(args[1..]);
            return;
        }

        if (args.Length >= 1 && args[0] == "batch-probe")
        {
            BatchProbe.Run(args[1..]);
            return;
        }

        if (args.Length >= 1 && args[0] == "json-rounds")
        {
            JsonRounds.Run(args[1..]);
            return;
        }
#endif

        if (args.Length >= 1 && args[0] == "cli-cases")
        {
            CliCases.Run(args[1..]);
            return;
        }

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

    // Every benchmark the arguments select, once per mode, side by side in one run. The command line's job (--job dry,
    // --launchCount 3, ...) is the base of every mode; BenchmarkDotNet also adds that job as it is, which the filter
    // leaves out.
    private static void RunModes(string[] args, Func<Job, IEnumerable<Job>> modesOf)
    {
        var (parsed, parsedConfig, _) = ConfigParser.Parse(args, ConsoleLogger.Default);
        if (!parsed)
        {
            Environment.Exit(2);
        }

        var modes = modesOf(parsedConfig.GetJobs().FirstOrDefault() ?? Job.Default).ToList();
        var ids = modes.Select(job => job.Id).ToHashSet(StringComparer.Ordinal);
        var config = modes.Aggregate((IConfig)DefaultConfig.Instance, (c, job) => c.AddJob(job))
            .AddFilter(new SimpleFilter(b => ids.Contains(b.Job.Id)));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(WithoutEnvironmentVariables(args), config);
    }

    // The arguments without --envVars and its values: BenchmarkDotNet would set them on every job of the config,
    // replacing each mode's own variable (every mode would then run alike); With has put them in each mode's job.
    private static string[] WithoutEnvironmentVariables(string[] args)
    {
        var kept = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--envVars")
            {
                while (i + 1 < args.Length && !args[i + 1].StartsWith('-'))
                {
                    i++;
                }

                continue;
            }

            kept.Add(args[i]);
        }

        return [.. kept];
    }

    // The job with one more environment variable, keeping those the command line gave (--envVars): setting the list
    // would replace them, and the modes would then differ in more than their own setting.
    private static Job With(Job job, string name, string value) =>
        job.UnfreezeCopy().WithEnvironmentVariables(
            [.. (job.Environment.EnvironmentVariables ?? []).Where(v => v.Key != name), new EnvironmentVariable(name, value)]);

    /// <summary>
    /// The garbage-collector settings a host chooses, as jobs of one run, each <paramref name="baseJob"/> (the command
    /// line's) with: the default (workstation, concurrent; the baseline), server GC, and workstation GC with a 64 MB gen-0
    /// budget. Set through the runtime's environment variables, so every job shares one build and differs only in how
    /// the process is started, e.g. <c>dotnet run -c Release --project benchmarks/RiskTriage.Benchmarks -- gc-modes
    /// --filter '*ProbationBatchBenchmarks*' --launchCount 3</c>. One setting alone: BenchmarkDotNet's own
    /// <c>--envVars DOTNET_gcServer:1</c>.
    /// </summary>
    public static IEnumerable<Job> GcModes(Job baseJob) =>
    [
        baseJob.UnfreezeCopy().WithId("workstation").AsBaseline(),
        With(baseJob, "DOTNET_gcServer", "1").WithId("server"),
        With(baseJob, "DOTNET_GCgen0size", "0x4000000").WithId("gen0-64MB"),
    ];

    /// <summary>
    /// The JIT's settings, as jobs of one run, each <paramref name="baseJob"/> with: the default (tiered, with dynamic
    /// profile-guided optimisation; the baseline), tiered without that optimisation (<c>DOTNET_TieredPGO=0</c>), and every
    /// method fully optimised at once with no tiers (<c>DOTNET_TieredCompilation=0</c>). A rule set's compiled parts are
    /// dynamic methods, which the runtime compiles once, fully optimised, with no tiers and so no profile; the other two
    /// jobs show what the profile gives hand-written code that the compiled parts cannot have, e.g.
    /// <c>dotnet run -c Release --project benchmarks/RiskTriage.Benchmarks -- jit-modes --filter
    /// '*ProbationEvaluateBenchmarks.TypedNoTrace' '*ProbationEvaluateBenchmarks.HandWrittenEqualWork'</c>.
    /// </summary>
    public static IEnumerable<Job> JitModes(Job baseJob) =>
    [
        baseJob.UnfreezeCopy().WithId("tiered-pgo").AsBaseline(),
        With(baseJob, "DOTNET_TieredPGO", "0").WithId("no-pgo"),
        With(baseJob, "DOTNET_TieredCompilation", "0").WithId("no-tiers"),
    ];
}

/// <summary>A benchmark of something the build before a change does not have: a side-by-side run leaves it out of the "before" job.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AfterOnlyAttribute : Attribute;
