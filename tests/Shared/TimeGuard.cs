using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;

namespace RiskTriage.Shared;

/// <summary>
/// Runs work that might never end (hostile input, a fuzzed batch, a child process) and fails the test if it does not,
/// without failing it merely because the machine is loaded.
/// <para>
/// A wall-clock limit cannot tell a loop that never ends from a thread that got little of a shared core, or that was
/// stopped with the whole process by a garbage collection or another test (a load that passes alone in 4 s failed
/// twice in one CI run "did not finish within 10 s"). So the limit is on the processor time the guarded threads (or
/// the child process) used themselves: a loop that never ends reaches it however loaded the machine, and waiting for a
/// core does not count. A thread blocked forever uses no processor time, so a wall-clock backstop, many times the
/// limit, still ends the test. Where a thread's processor time cannot be read, the limit applies to wall time.
/// </para>
/// </summary>
internal static class TimeGuard
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>The default backstop: wall time after which work that stays under its processor-time limit counts as blocked.</summary>
    public static TimeSpan DefaultBackstop(TimeSpan cpuLimit) => (cpuLimit * 10) + TimeSpan.FromMinutes(2);

    /// <summary>Runs <paramref name="body"/> on a thread of its own (with <paramref name="stack"/> bytes of stack, 0 for the default) and returns its result or rethrows its exception.</summary>
    /// <exception cref="GuardTimeoutException">The thread used more than <paramref name="cpuLimit"/> of processor time, or had not finished after <paramref name="backstop"/>.</exception>
    public static T Run<T>(string what, Func<T> body, TimeSpan cpuLimit, TimeSpan? backstop = null, int stack = 0)
    {
        T result = default!;
        RunAll(what, [() => result = body()], cpuLimit, backstop, stack);
        return result;
    }

    /// <summary>
    /// Runs each body on a thread of its own and waits for all of them; <paramref name="cpuLimit"/> bounds each thread's
    /// processor time. The first exception a body throws is rethrown once all have finished.
    /// </summary>
    /// <exception cref="GuardTimeoutException">A thread used more than <paramref name="cpuLimit"/>, or they had not all finished after <paramref name="backstop"/>.</exception>
    public static void RunAll(string what, IReadOnlyList<Action> bodies, TimeSpan cpuLimit, TimeSpan? backstop = null, int stack = 0, Func<string>? progress = null)
    {
        var clocks = new ThreadCpuClock[bodies.Count];
        var final = new TimeSpan?[bodies.Count];
        var failures = new ExceptionDispatchInfo?[bodies.Count];
        // Not disposed: after a timeout the guarded threads still run, and signal it when (if) they end.
        var finished = new CountdownEvent(bodies.Count);
        for (var i = 0; i < bodies.Count; i++)
        {
            var index = i;
            new Thread(
                () =>
                {
                    clocks[index] = ThreadCpuClock.Current();
                    try
                    {
                        bodies[index]();
                    }
                    catch (Exception e)
                    {
                        failures[index] = ExceptionDispatchInfo.Capture(e);
                    }
                    finally
                    {
                        // A thread's clock cannot be read once it has ended, so it reads its own last.
                        final[index] = ThreadCpuClock.OfCurrentThread();
                        finished.Signal();
                    }
                },
                stack)
            {
                IsBackground = true,
                Name = "guarded: " + what,
            }.Start();
        }

        var available = ThreadCpuClock.Current().IsAvailable;
        Watch(what, finished.WaitHandle, available ? MostUsed : null, cpuLimit, backstop, progress);
        foreach (var failure in failures)
        {
            failure?.Throw();
        }

        TimeSpan? MostUsed()
        {
            var most = TimeSpan.Zero;
            for (var i = 0; i < clocks.Length; i++)
            {
                var used = final[i] ?? clocks[i].Read() ?? TimeSpan.Zero;
                most = used > most ? used : most;
            }

            return most;
        }
    }

    /// <summary>Waits for <paramref name="done"/> (the work of a child process), bounding the processor time the child process uses.</summary>
    /// <exception cref="GuardTimeoutException">The process used more than <paramref name="cpuLimit"/>, or <paramref name="done"/> had not completed after <paramref name="backstop"/>; the caller kills the process.</exception>
    public static void WaitForProcess(string what, Task done, Process process, TimeSpan cpuLimit, TimeSpan? backstop = null, Func<string>? progress = null)
    {
        var last = TimeSpan.Zero;
        Watch(what, ((IAsyncResult)done).AsyncWaitHandle, Used, cpuLimit, backstop, progress);

        TimeSpan? Used()
        {
            try
            {
                process.Refresh();
                last = process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                // The process has exited: its last reading stands.
            }

            return last;
        }
    }

    private static void Watch(string what, WaitHandle finished, Func<TimeSpan?>? cpu, TimeSpan cpuLimit, TimeSpan? backstop, Func<string>? progress)
    {
        var wall = Stopwatch.StartNew();
        var hardLimit = backstop ?? DefaultBackstop(cpuLimit);
        while (!finished.WaitOne(Poll))
        {
            var used = cpu?.Invoke();
            var more = progress is null ? "" : " (" + progress() + ")";
            if ((used ?? wall.Elapsed) > cpuLimit)
            {
                throw new GuardTimeoutException(used is null
                    ? Format($"{what} did not finish within {cpuLimit.TotalSeconds:0.###} s{more}")
                    : Format($"{what} used {used.Value.TotalSeconds:0.###} s of processor time without finishing, over its limit of {cpuLimit.TotalSeconds:0.###} s: it loops or is far too slow{more}"));
            }

            if (wall.Elapsed > hardLimit)
            {
                throw new GuardTimeoutException(Format(
                    $"{what} did not finish within {hardLimit.TotalSeconds:0.###} s of wall time, having used only {(used ?? TimeSpan.Zero).TotalSeconds:0.###} s of processor time: it is blocked, waiting for something that does not come{more}"));
            }
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Guarded work did not finish: it used more than its processor time, or it was blocked past the backstop.</summary>
internal sealed class GuardTimeoutException(string message) : Exception(message);
