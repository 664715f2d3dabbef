using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace RiskTriage.Cli.Processing;

/// <summary>The parts of an <c>eval</c> run whose processor time <see cref="StageTimes"/> reports.</summary>
internal enum Stage
{
    /// <summary>Reader thread: cutting the input into cases (the file's reads included, as system time).</summary>
    Cut,

    /// <summary>Reader thread: making chunks of cases and handing them to the workers (waits for a free worker included).</summary>
    HandOff,

    /// <summary>Worker: reading and evaluating a case (<see cref="RuleSet.Evaluate(ReadOnlySpan{byte}, TraceDetail)"/>).</summary>
    ReadEvaluate,

    /// <summary>Worker: writing a decision's JSON (<see cref="Decision.WriteJson(System.Buffers.IBufferWriter{byte})"/>).</summary>
    WriteJson,

    /// <summary>Worker: the rest of a case (its result for the summary, its line feed, an invalid case's record).</summary>
    CaseRest,

    /// <summary>Worker: a chunk's own work (its buffer and result array), outside its cases.</summary>
    ChunkRest,

    /// <summary>Main thread: writing each chunk's bytes to the output.</summary>
    Write,

    /// <summary>Main thread: counting each case for the summary (and the progress bar).</summary>
    Tally,

    /// <summary>Main thread: waiting for the next chunk (the spinning before it blocks is processor time).</summary>
    Wait,

    /// <summary>Main thread: flushing the output at the end.</summary>
    Flush,

    /// <summary>
    /// Worker: reading and evaluating a case of a chunk begun before the rule set's compiled code was in force (the
    /// interpreter evaluates those cases while the compiled tier is built in the background).
    /// </summary>
    ReadEvaluateInterpreted,
}

/// <summary>
/// The processor time of each <see cref="Stage"/> of an <c>eval</c> run (<c>eval --stages</c>), for finding what bounds its
/// throughput. Each pipeline thread reads its own processor clock at the ends of a chunk's work
/// and around every wait, and shares the processor time between two readings among the stages run in between by their
/// wall-clock laps (a monotonic clock read at the end of each stage of a case, about 30 ns; the thread's processor clock
/// is a system call of about 1 us, too slow to read per case). Time off the CPU between two readings (a busy machine)
/// is shared in proportion too; the report says how much of each thread's wall time that was. Nothing is measured
/// when the option is off: the pipeline gets no <see cref="StageTimes"/>.
/// </summary>
internal sealed class StageTimes
{
    /// <summary>The wall time between two <see cref="Written"/> points on the timeline at first, in seconds.</summary>
    internal const double TimelineStep = 0.25;

    /// <summary>
    /// The most <see cref="Written"/> points the timeline keeps: past them, every other one goes and the step doubles,
    /// so a run of hours reports about as many lines as a run of seconds.
    /// </summary>
    internal const int MaxTimelinePoints = 64;

    private const string WrittenLabel = "written";

    private static readonly int StageCount = Enum.GetValues<Stage>().Length;

    private readonly object _gate = new();
    private readonly double[] _cpu = new double[StageCount];
    private readonly double[] _wall = new double[StageCount];
    private readonly Dictionary<string, (double Cpu, double Wall, int Sections)> _threads = [];
    private readonly TimeSpan _startUser;
    private readonly TimeSpan _startSystem;
    private readonly TimeSpan _startGcPause;
    private readonly int[] _startCollections;
    private readonly long _startAllocated;
    private readonly long _startJitMethods;
    private readonly TimeSpan _startJitTime;
    private readonly List<(Moment At, string Label, long Cases)> _timeline = [];
    private long _cases;
    private long _interpretedCases;
    private long _lastPoint = Stopwatch.GetTimestamp();
    private double _step;
    private int _points;

    /// <summary>Starts measuring: what the process spent before (start-up, the rule set's load) is reported apart.</summary>
    /// <param name="batchBegins">The timeline's label for this moment (see <see cref="Milestone"/>).</param>
    /// <param name="timelineStep">The wall time between two <see cref="Written"/> points at first, in seconds.</param>
    public StageTimes(string batchBegins = "batch begins", double timelineStep = TimelineStep)
    {
        _step = timelineStep;
        _timeline.Add((Moment.Now(), batchBegins, 0));
        (_startUser, _startSystem) = ProcessCpu();
        _startGcPause = GC.GetTotalPauseDuration();
        _startCollections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        _startAllocated = GC.GetTotalAllocatedBytes();
        _startJitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
        _startJitTime = System.Runtime.JitInfo.GetCompilationTime();
    }

    /// <summary>True where a thread's own processor time can be read (Linux, Windows); elsewhere only wall time is split.</summary>
    public static bool ThreadCpuAvailable => ThreadCpu.Available;

    /// <summary>Starts a section of the calling thread's work (a chunk, a thread's whole loop); time not given to a stage goes to <paramref name="rest"/>.</summary>
    public Section Begin(string thread, Stage rest) => new(this, thread, rest);

    /// <summary>The processor time given to <paramref name="stage"/> so far, in seconds.</summary>
    public double Cpu(Stage stage)
    {
        lock (_gate)
        {
            return _cpu[(int)stage];
        }
    }

    /// <summary>The wall time lapped to <paramref name="stage"/> so far, in seconds.</summary>
    public double Wall(Stage stage)
    {
        lock (_gate)
        {
            return _wall[(int)stage];
        }
    }

    /// <summary>
    /// Puts a moment on the report's timeline (main thread): the wall time since the process started, the process's
    /// processor time by then and the cases written, so the report shows, interval by interval, how busy the cores were.
    /// </summary>
    /// <param name="at">When; null for now.</param>
    public void Milestone(string label, long cases, Moment? at = null)
    {
        lock (_gate)
        {
            _timeline.Add((at ?? Moment.Now(), label, cases));
        }
    }

    /// <summary>
    /// Called by the main thread after each chunk is written: a point on the timeline once the step (at first
    /// <see cref="TimelineStep"/>) has passed since the last one (a clock read a chunk, and a read of the process's
    /// processor time per point); at most <see cref="MaxTimelinePoints"/> such points are kept.
    /// </summary>
    public void Written(long cases)
    {
        var now = Stopwatch.GetTimestamp();
        if (now - _lastPoint < _step * Stopwatch.Frequency)
        {
            return;
        }

        _lastPoint = now;
        Milestone(WrittenLabel, cases);
        if (++_points > MaxTimelinePoints)
        {
            // Each point holds totals, so dropping one merges its interval into the next one's.
            lock (_gate)
            {
                var index = 0;
                _timeline.RemoveAll(p => p.Label == WrittenLabel && index++ % 2 == 0);
                _points = _timeline.Count(p => p.Label == WrittenLabel);
            }

            _step *= 2;
        }
    }

    /// <summary>Counts the cases the run evaluated (for the per-case figures).</summary>
    public void AddCases(long count) => Interlocked.Add(ref _cases, count);

    /// <summary>Counts cases of a chunk begun before the compiled tier was in force (<see cref="Stage.ReadEvaluateInterpreted"/>).</summary>
    public void AddInterpretedCases(long count) => Interlocked.Add(ref _interpretedCases, count);

    /// <summary>Writes the report: per stage its processor time in all and a case, then the process's, the collector's and the JIT's.</summary>
    public void Report(TextWriter writer)
    {
        var (endUser, endSystem) = ProcessCpu();
        var cases = Math.Max(1, Interlocked.Read(ref _cases));
        var perCase = 1e6 / cases;
        var inv = CultureInfo.InvariantCulture;
        lock (_gate)
        {
            var load = (_startUser + _startSystem).TotalSeconds;
            var run = (endUser + endSystem).TotalSeconds - load;
            var threadsCpu = _threads.Values.Sum(t => t.Cpu);
            writer.WriteLine(string.Create(inv, $"stages of {cases:N0} cases ({(ThreadCpuAvailable ? "each thread's processor time, split between its stages by wall-clock laps" : "wall time: no thread processor clock on this platform")}):"));
            writer.WriteLine(string.Create(inv, $"  {"stage",-44}{"CPU s",9}{"us/case",9}{"wall s",9}"));
            Row("start-up and load (process, before the batch)", load, double.NaN);
            foreach (var stage in Enum.GetValues<Stage>())
            {
                Row(Label(stage), _cpu[(int)stage], _wall[(int)stage]);
            }

            writer.WriteLine(string.Create(inv, $"  (cases in chunks begun before the compiled tier was in force: {Interlocked.Read(ref _interpretedCases):N0})"));
            if (ThreadCpuAvailable)
            {
                Row("other threads (tier-1 JIT, compile, GC, runtime)", run - threadsCpu, double.NaN);
            }

            Row("process in all", load + run, double.NaN);
            writer.WriteLine(string.Create(inv,
                $"  process: user {endUser.TotalSeconds:0.000} s, system {endSystem.TotalSeconds:0.000} s ({(endUser + endSystem).TotalSeconds * 1e5 / cases:0.00} CPU s per 100,000 cases)"));
            foreach (var (name, t) in _threads.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                var offCpu = t.Wall > 0 && ThreadCpu.Available ? Math.Max(0, 1 - (t.Cpu / t.Wall)) : 0;
                writer.WriteLine(string.Create(inv,
                    $"  {name}: {t.Cpu:0.000} s of processor time over {t.Sections:N0} section{(t.Sections == 1 ? "" : "s")} of {t.Wall:0.000} s wall ({offCpu:P0} of it off the CPU or blocked)"));
            }

            if (ThreadsByName() is { Count: > 0 } named)
            {
                // The pipeline's threads are pool threads too: this is every live thread's whole life, by name.
                writer.WriteLine("  live threads by name, whole life (Linux, 10 ms ticks): " + string.Join(", ",
                    named.OrderByDescending(t => t.Value.User + t.Value.System).Select(t =>
                        string.Create(inv, $"{t.Key} x{t.Value.Count} user {t.Value.User:0.00} s system {t.Value.System:0.00} s"))));
            }

            writer.WriteLine(string.Create(inv,
                $"  GC during the batch: {GC.CollectionCount(0) - _startCollections[0]:N0} gen0, {GC.CollectionCount(1) - _startCollections[1]:N0} gen1, {GC.CollectionCount(2) - _startCollections[2]:N0} gen2 collections, pauses {(GC.GetTotalPauseDuration() - _startGcPause).TotalSeconds:0.000} s, {(GC.GetTotalAllocatedBytes() - _startAllocated) / (double)cases:N0} bytes allocated a case"));
            writer.WriteLine(string.Create(inv,
                $"  JIT: {_startJitMethods:N0} methods in {_startJitTime.TotalSeconds:0.000} s before the batch, {System.Runtime.JitInfo.GetCompiledMethodCount() - _startJitMethods:N0} in {(System.Runtime.JitInfo.GetCompilationTime() - _startJitTime).TotalSeconds:0.000} s during it (all threads)"));
            WriteTimeline(writer);
        }

        void Row(string label, double cpu, double wall) =>
            writer.WriteLine(string.Create(inv, $"  {label,-44}{cpu,9:0.000}{cpu * perCase,9:0.00}{(double.IsNaN(wall) ? "" : wall.ToString("0.000", inv)),9}"));
    }

    /// <summary>
    /// The timeline: for each moment, the interval since the one before (from the process's start): its wall time, the
    /// cases written in it and their rate, and the process's processor time over the interval's wall time (with two
    /// cores, 200 % is both busy; less is a core idle or a thread waiting, whatever the stage tables say of the rest).
    /// </summary>
    private void WriteTimeline(TextWriter writer)
    {
        var inv = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(inv,
            $"  timeline (wall s since the process started; CPU: the process's processor time in the interval over its wall time, {100 * Environment.ProcessorCount} % = {Environment.ProcessorCount} cores busy):"));
        writer.WriteLine(string.Create(inv, $"    {"at s",8} {"moment",-24}{"cases",12}{"interval s",12}{"cases/s",10}{"CPU %",7}"));
        var before = (At: new Moment(0, 0), Cases: 0L);
        foreach (var (at, label, cases) in _timeline.OrderBy(p => p.At.Wall))
        {
            var wall = at.Wall - before.At.Wall;
            var rate = wall > 0 ? ((cases - before.Cases) / wall).ToString("N0", inv) : "";
            var cpu = wall > 0 ? (100 * (at.Cpu - before.At.Cpu) / wall).ToString("0", inv) : "";
            writer.WriteLine(string.Create(inv, $"    {at.Wall,8:0.000} {label,-24}{cases,12:N0}{wall,12:0.000}{rate,10}{cpu,7}"));
            before = (at, cases);
        }
    }

    private static string Label(Stage stage) => stage switch
    {
        Stage.Cut => "reader: line cutting (file reads included)",
        Stage.HandOff => "reader: chunks and hand-off",
        Stage.ReadEvaluate => "workers: read + evaluate",
        Stage.WriteJson => "workers: decision JSON (WriteJson)",
        Stage.CaseRest => "workers: rest of a case",
        Stage.ChunkRest => "workers: rest of a chunk",
        Stage.Write => "main: output write",
        Stage.Tally => "main: summary tally",
        Stage.Wait => "main: waiting for chunks",
        Stage.ReadEvaluateInterpreted => "workers: read + evaluate, interpreted",
        _ => "main: output flush",
    };

    /// <summary>The processor time of the process's live threads, summed by thread name (Linux's /proc); empty elsewhere.</summary>
    private static Dictionary<string, (int Count, double User, double System)> ThreadsByName()
    {
        var named = new Dictionary<string, (int Count, double User, double System)>(StringComparer.Ordinal);
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc/self/task"))
        {
            return named;
        }

        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                // pid (comm) state ppid ... utime stime: the fields after the name's closing parenthesis, utime the 12th.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var close = stat.LastIndexOf(')');
                var name = stat[(stat.IndexOf('(') + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                var user = long.Parse(fields[11], CultureInfo.InvariantCulture) / 100.0;
                var system = long.Parse(fields[12], CultureInfo.InvariantCulture) / 100.0;
                var before = named.GetValueOrDefault(name);
                named[name] = (before.Count + 1, before.User + user, before.System + system);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // The thread ended while being read.
            }
        }

        return named;
    }

    private static (TimeSpan User, TimeSpan System) ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return (process.UserProcessorTime, process.PrivilegedProcessorTime);
    }

    /// <summary>A moment of the run: the wall time since the process started and the process's processor time by then, in seconds.</summary>
    internal readonly record struct Moment(double Wall, double Cpu)
    {
        public static Moment Now()
        {
            using var process = Process.GetCurrentProcess();
            return new((DateTime.UtcNow - process.StartTime.ToUniversalTime()).TotalSeconds, process.TotalProcessorTime.TotalSeconds);
        }
    }

    private void Add(string thread, double[] cpu, double[] wall, double threadCpu, double sectionWall)
    {
        lock (_gate)
        {
            for (var i = 0; i < cpu.Length; i++)
            {
                _cpu[i] += cpu[i];
                _wall[i] += wall[i];
            }

            var before = _threads.GetValueOrDefault(thread);
            _threads[thread] = (before.Cpu + threadCpu, before.Wall + sectionWall, before.Sections + 1);
        }
    }

    /// <summary>
    /// A section of one thread's work. <see cref="Lap"/> gives the wall time since the last mark to a stage (cheap: for
    /// every case); <see cref="Mark"/> does too, and then reads the thread's processor clock and shares the processor
    /// time since the previous reading between the stages lapped since, by their wall time: a stage that may block
    /// (a wait for a worker or a chunk) is ended with <see cref="Mark"/> and begun after one, so it gets exactly its own
    /// processor time. <see cref="End"/> marks the section's rest. One thread only.
    /// </summary>
    internal sealed class Section
    {
        private readonly StageTimes _owner;
        private readonly string _thread;
        private readonly Stage _rest;
        private readonly long[] _laps = new long[StageCount];
        private readonly double[] _cpu = new double[StageCount];
        private readonly double[] _wall = new double[StageCount];
        private readonly double _startCpu;
        private readonly long _start;
        private double _markCpu;
        private long _markTime;
        private long _last;

        internal Section(StageTimes owner, string thread, Stage rest)
        {
            _owner = owner;
            _thread = thread;
            _rest = rest;
            _start = _last = _markTime = Stopwatch.GetTimestamp();
            _startCpu = _markCpu = ThreadCpu.Read() ?? 0;
        }

        /// <summary>Gives the wall time since the last mark to <paramref name="stage"/>.</summary>
        public void Lap(Stage stage)
        {
            var now = Stopwatch.GetTimestamp();
            _laps[(int)stage] += now - _last;
            _last = now;
        }

        /// <summary>Laps <paramref name="stage"/>, then shares the processor time since the last <see cref="Mark"/> between the stages lapped since.</summary>
        public void Mark(Stage stage)
        {
            Lap(stage);
            var elapsed = _last - _markTime;
            var cpu = ThreadCpu.Read() ?? (double)(_last - _start) / Stopwatch.Frequency;
            var spent = cpu - _markCpu;
            for (var i = 0; i < _laps.Length; i++)
            {
                if (_laps[i] != 0)
                {
                    _wall[i] += (double)_laps[i] / Stopwatch.Frequency;
                    _cpu[i] += elapsed > 0 ? spent * _laps[i] / elapsed : 0;
                    _laps[i] = 0;
                }
            }

            _markCpu = cpu;
            _markTime = _last;
        }

        /// <summary>Ends the section (once): the time since the last mark is its rest's.</summary>
        public void End()
        {
            Mark(_rest);
            _owner.Add(_thread, _cpu, _wall, _markCpu - _startCpu, (double)(_last - _start) / Stopwatch.Frequency);
        }
    }

    /// <summary>The calling thread's processor time in seconds; null where the platform has no such clock here.</summary>
    internal static class ThreadCpu
    {
        public static bool Available { get; } = Read() is not null;

        public static double? Read()
        {
            try
            {
                if (OperatingSystem.IsLinux() && Environment.Is64BitProcess)
                {
                    // CLOCK_THREAD_CPUTIME_ID: the scheduler's run time of this thread up to now. (getrusage's thread
                    // times lag the running thread by up to a scheduler tick: read at a section's end, they miss a
                    // share of every section.)
                    return clock_gettime(3, out var now) == 0 ? now.Seconds + (now.Nanoseconds / 1e9) : null;
                }

                if (OperatingSystem.IsWindows())
                {
                    // User and kernel time, in 100 ns units (updated at the scheduler's clock ticks).
                    return GetThreadTimes(GetCurrentThread(), out _, out _, out var kernel, out var user) ? (user + kernel) / 1e7 : null;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return null;
            }

            return null;
        }

        [DllImport("libc", SetLastError = false)]
        private static extern int clock_gettime(int clock, out TimeSpec time);

        [DllImport("kernel32")]
        private static extern IntPtr GetCurrentThread();

        [DllImport("kernel32")]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool GetThreadTimes(IntPtr thread, out long creation, out long exit, out long kernel, out long user);

        /// <summary>Linux's <c>struct timespec</c> on 64-bit targets.</summary>
        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }
}
