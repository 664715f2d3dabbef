using Perfolizer.Horology;
using RiskTriage.Shared;

namespace RiskTriage.Benchmarks;

/// <summary>
/// A BenchmarkDotNet clock reading the processor time of the thread that asks (<see cref="ThreadCpuClock"/>): on a
/// machine shared with other work it does not count the time the benchmark's thread waits for a core, which wall time
/// does. In-process jobs only (the clock is read on the thread running the workload); see Program.cs's <c>cpu-time</c>.
/// Resolution 100 ns, so an iteration should run for milliseconds (BenchmarkDotNet's pilot stage sees to it).
/// </summary>
internal sealed class ThreadCpuTimeClock : IClock
{
    public static readonly ThreadCpuTimeClock Instance = new();

    public string Title => "Thread CPU time";

    public bool IsAvailable => ThreadCpuClock.OfCurrentThread() is not null;

    public Frequency Frequency => new(TimeSpan.TicksPerSecond);

    public long GetTimestamp() => ThreadCpuClock.OfCurrentThread()?.Ticks ?? throw new InvalidOperationException("the thread's processor time cannot be read here");
}
