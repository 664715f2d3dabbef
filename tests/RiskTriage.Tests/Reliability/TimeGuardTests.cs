using System.Diagnostics;
using RiskTriage.Shared;

namespace RiskTriage.Tests.Reliability;

/// <summary>
/// The time guard every hostile-input and fuzz test runs under (<see cref="TimeGuard"/>, through <see cref="Guarded"/>):
/// it must not fail work that only waited (for a core, for a collection that stopped the process), and must still fail
/// a loop that never ends and a thread blocked forever.
/// </summary>
public sealed class TimeGuardTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);

    [Fact]
    public void The_thread_clock_is_read_on_Linux_so_the_guard_does_not_fall_back_to_wall_time()
    {
        Assert.Equal(OperatingSystem.IsLinux(), ThreadCpuClock.Current().IsAvailable);
        Assert.Equal(OperatingSystem.IsLinux(), ThreadCpuClock.OfCurrentThread() is not null);
    }

    [Fact]
    public void The_thread_clock_counts_work_and_not_waiting()
    {
        var clock = ThreadCpuClock.Current();
        var start = clock.Read()!.Value;
        Thread.Sleep(300);
        var slept = clock.Read()!.Value - start;
        Spin(TimeSpan.FromMilliseconds(200));
        var worked = clock.Read()!.Value - start - slept;
        Assert.True(slept < TimeSpan.FromMilliseconds(100), $"sleeping 300 ms used {slept.TotalMilliseconds} ms of processor time");
        Assert.True(worked >= TimeSpan.FromMilliseconds(190), $"200 ms of spinning counted {worked.TotalMilliseconds} ms");
    }

    /// <summary>
    /// What made the reliability tests flaky: a guarded load that waits (here it sleeps; in CI it waited for a core or a
    /// collection) longer than its limit, without working that long. Failed with the wall-clock guard ("did not finish within 1 s").
    /// </summary>
    [Fact]
    public void Work_that_waits_longer_than_the_limit_without_using_the_processor_passes()
    {
        var result = Guarded.Run("a load that waits", () =>
        {
            Thread.Sleep(TimeSpan.FromSeconds(2));
            return 42;
        }, limit: TimeSpan.FromSeconds(0.5));

        Assert.Equal(42, result);
    }

    [Fact]
    public void A_loop_that_never_ends_fails_on_its_processor_time_however_long_the_backstop()
    {
        var stop = false;
        try
        {
            var e = Assert.Throws<GuardTimeoutException>(() => TimeGuard.Run("a spin loop", () =>
            {
                while (!Volatile.Read(ref stop))
                {
                }

                return 0;
            }, TimeSpan.FromSeconds(0.3), backstop: Long));
            Assert.Contains("a spin loop used", e.Message, StringComparison.Ordinal);
            Assert.Contains("of processor time without finishing, over its limit of 0.3 s", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Volatile.Write(ref stop, true);
        }
    }

    [Fact]
    public void A_thread_blocked_forever_fails_after_the_wall_clock_backstop()
    {
        // Not disposed: the guarded thread still waits on it when the test ends, until the Set below.
        var never = new ManualResetEventSlim(false);
        try
        {
            var e = Assert.Throws<GuardTimeoutException>(() => TimeGuard.Run("a blocked load", () =>
            {
                never.Wait();
                return 0;
            }, Long, backstop: TimeSpan.FromSeconds(1)));
            Assert.Contains("a blocked load did not finish within 1 s of wall time", e.Message, StringComparison.Ordinal);
            Assert.Contains("it is blocked", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            never.Set();
        }
    }

    [Fact]
    public void The_limit_is_per_thread_and_one_looping_thread_of_several_fails_the_guard()
    {
        var stop = false;
        var finished = 0;
        try
        {
            var e = Assert.Throws<GuardTimeoutException>(() => TimeGuard.RunAll("fuzz", [
                () => Interlocked.Increment(ref finished),
                () =>
                {
                    while (!Volatile.Read(ref stop))
                    {
                    }
                },
            ], TimeSpan.FromSeconds(0.3), backstop: Long, progress: () => "1 of 2 done"));
            Assert.Contains("over its limit of 0.3 s: it loops or is far too slow (1 of 2 done)", e.Message, StringComparison.Ordinal);
            Assert.Equal(1, finished);
        }
        finally
        {
            Volatile.Write(ref stop, true);
        }
    }

    [Fact]
    public void An_exception_from_the_guarded_work_reaches_the_test_as_it_was_thrown()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TimeGuard.Run<int>("a failing load", () => throw new InvalidOperationException("bad rule"), TimeSpan.FromSeconds(10)));
        Assert.Equal("bad rule", e.Message);
    }

    [Fact]
    public void A_child_process_that_loops_fails_on_its_processor_time()
    {
        using var process = Process.Start(new ProcessStartInfo("sh", ["-c", "while :; do :; done"]) { UseShellExecute = false })!;
        try
        {
            var e = Assert.Throws<GuardTimeoutException>(() => TimeGuard.WaitForProcess("a looping process", process.WaitForExitAsync(), process, TimeSpan.FromSeconds(0.3), backstop: Long));
            Assert.Contains("a looping process used", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void A_child_process_that_waits_fails_after_the_backstop_and_not_before()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", ["600"]) { UseShellExecute = false })!;
        try
        {
            var clock = Stopwatch.StartNew();
            var e = Assert.Throws<GuardTimeoutException>(() => TimeGuard.WaitForProcess("a waiting process", process.WaitForExitAsync(), process, TimeSpan.FromSeconds(0.2), backstop: TimeSpan.FromSeconds(1.5)));
            Assert.Contains("it is blocked", e.Message, StringComparison.Ordinal);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"failed after {clock.Elapsed.TotalSeconds} s, before the backstop");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static void Spin(TimeSpan work)
    {
        var clock = ThreadCpuClock.Current();
        var start = clock.Read()!.Value;
        while (clock.Read()!.Value - start < work)
        {
        }
    }
}
