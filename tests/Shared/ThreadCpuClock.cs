using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RiskTriage.Shared;

/// <summary>
/// The processor time one thread has used. Unlike wall time, it does not advance while the thread waits for a core
/// taken by other processes, while the whole process is stopped by a garbage collection another thread started, or
/// while the thread is blocked; so a bound on it holds on a loaded machine as on a quiet one. Linked into the test and
/// benchmark projects (the tests' time guards, the batch benchmark's report).
/// </summary>
internal readonly struct ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    private readonly int _clock;

    private ThreadCpuClock(int clock) => _clock = clock;

    /// <summary>Whether the clock can be read (false where the platform has no per-thread clock; see <see cref="Current"/>).</summary>
    public bool IsAvailable => _clock != 0;

    /// <summary>
    /// The calling thread's clock, which any thread can read while the calling thread lives (Linux:
    /// <c>pthread_getcpuclockid</c>); an unavailable clock on other platforms or when the C library lacks it.
    /// </summary>
    public static ThreadCpuClock Current()
    {
        if (!OperatingSystem.IsLinux())
        {
            return default;
        }

        try
        {
            // A thread's CPU clock id is negative on Linux, so 0 is free to mean "none".
            return Native.pthread_getcpuclockid(Native.pthread_self(), out var clock) == 0 && clock != 0 ? new ThreadCpuClock(clock) : default;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return default;
        }
    }

    /// <summary>The calling thread's own processor time (<c>CLOCK_THREAD_CPUTIME_ID</c>), or null where it cannot be read.</summary>
    public static TimeSpan? OfCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return Native.clock_gettime(ClockThreadCpuTimeId, out var time) == 0 ? time.ToTimeSpan() : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The thread's processor time so far, or null if the clock is unavailable or the thread has ended.</summary>
    public TimeSpan? Read() => _clock != 0 && Native.clock_gettime(_clock, out var time) == 0 ? time.ToTimeSpan() : null;

    /// <summary>The processor time of every thread of this process so far (the garbage collector's included).</summary>
    public static TimeSpan OfProcess()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;

        public readonly TimeSpan ToTimeSpan() => TimeSpan.FromTicks((Seconds * TimeSpan.TicksPerSecond) + (Nanoseconds / 100));
    }

    private static class Native
    {
        private const string Libc = "libc.so.6";

        [DllImport(Libc)]
        public static extern nuint pthread_self();

        [DllImport(Libc)]
        public static extern int pthread_getcpuclockid(nuint thread, out int clock);

        [DllImport(Libc)]
        public static extern int clock_gettime(int clock, out Timespec time);
    }
}
