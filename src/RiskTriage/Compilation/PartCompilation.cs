using System.Linq.Expressions;
using System.Runtime.ExceptionServices;

namespace RiskTriage.Compilation;

/// <summary>
/// Compiles a rule set's parts while the emitter is still emitting the later ones. A part is compiled (System.Linq.Expressions'
/// compiler, then the JIT, when its delegate is made) on another core as soon as it is handed over, each part taken by
/// the first core free. Emitting the parts is about a third of a compilation (the default rule set, under load: emitting
/// 105 ms, compiling its 13 parts 193 ms, RESULTS.md session 17): compiled only once all were emitted, the other cores
/// had nothing to do while they were; and with parts taken one at a time, no core is left with a range of its own
/// while another has finished.
/// </summary>
/// <typeparam name="TRoot">The case representation the parts read.</typeparam>
internal sealed class PartCompilation<TRoot>
{
    private readonly object _gate = new();
    private readonly List<Expression<Action<TRoot, Decision, EvaluationFrame>>> _parts = [];
    private readonly List<Action<TRoot, Decision, EvaluationFrame>?> _compiled = [];
    private readonly int _maxHelpers;
    private int _next;
    private int _helpers;
    private int _inFlight;
    private bool _abandoned;
    private (int Index, ExceptionDispatchInfo Error)? _failure;

    /// <summary>A compilation helped by a thread of the pool per other core (none when <see cref="PartCompilation.OnCallingThread"/> is set).</summary>
    public PartCompilation()
        : this(PartCompilation.OnCallingThread ? 0 : Environment.ProcessorCount - 1)
    {
    }

    /// <param name="maxHelpers">How many threads of the pool compile parts at once besides the one that calls
    /// <see cref="Finish"/>; 0 compiles every part there.</param>
    internal PartCompilation(int maxHelpers) => _maxHelpers = Math.Max(0, maxHelpers);

    /// <summary>How many threads of the pool may compile parts besides the one that finishes (for tests).</summary>
    internal int MaxHelpers => _maxHelpers;

    /// <summary>The parts being compiled now (for tests).</summary>
    internal int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>The parts compiled so far (for tests).</summary>
    internal int CompiledCount
    {
        get
        {
            lock (_gate)
            {
                return _compiled.Count(c => c is not null);
            }
        }
    }

    /// <summary>Hands over the next part, in order; a helper compiles it when one is free.</summary>
    public void Add(Expression<Action<TRoot, Decision, EvaluationFrame>> part)
    {
        bool start;
        lock (_gate)
        {
            _parts.Add(part);
            _compiled.Add(null);
            start = _helpers < _maxHelpers;
            if (start)
            {
                _helpers++;
            }
        }

        if (start)
        {
            // A helper that the pool starts late (or never) costs nothing: Finish compiles whatever no helper has taken,
            // and waits only for the parts a helper has begun.
            Task.Factory.StartNew(static state => ((PartCompilation<TRoot>)state!).Help(), this, CancellationToken.None,
                TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// No more parts will come and none is wanted (the emission failed): the helpers take no more, and this waits for
    /// the parts they are compiling, so that no compilation outlives the failed load.
    /// </summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _abandoned = true;
            while (_inFlight > 0)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>
    /// Compiles on this thread the parts no helper has taken, waits for those being compiled, and returns every part's
    /// delegate in the order the parts were handed over. A part that fails to compile throws what compiling the parts one
    /// after the other would throw: the first failing part's exception (later parts are not begun once one has failed).
    /// </summary>
    public Action<TRoot, Decision, EvaluationFrame>[] Finish()
    {
        while (TryTake(helper: false, out var index, out var part))
        {
            Compile(index, part);
        }

        lock (_gate)
        {
            while (_inFlight > 0)
            {
                Monitor.Wait(_gate);
            }

            _failure?.Error.Throw();
            return _compiled.Select(c => c!).ToArray();
        }
    }

    private void Help()
    {
        while (TryTake(helper: true, out var index, out var part))
        {
            Compile(index, part);
        }
    }

    /// <summary>The next part not yet taken; false when there is none (a helper then counts itself out, in the same step).</summary>
    private bool TryTake(bool helper, out int index, out Expression<Action<TRoot, Decision, EvaluationFrame>> part)
    {
        lock (_gate)
        {
            if (_next < _parts.Count && _failure is null && !_abandoned)
            {
                index = _next++;
                part = _parts[index];
                _inFlight++;
                return true;
            }

            if (helper)
            {
                _helpers--;
            }

            index = -1;
            part = null!;
            return false;
        }
    }

    private void Compile(int index, Expression<Action<TRoot, Decision, EvaluationFrame>> part)
    {
        Action<TRoot, Decision, EvaluationFrame>? code = null;
        ExceptionDispatchInfo? error = null;
        try
        {
            code = part.Compile();
        }
        catch (Exception e)
        {
            error = ExceptionDispatchInfo.Capture(e);
        }

        lock (_gate)
        {
            _compiled[index] = code;
            if (error is not null && (_failure is not { } failed || index < failed.Index))
            {
                // Every part before this one was taken before it, so the lowest failing index once all are done is the
                // part a compilation in order would have failed at.
                _failure = (index, error);
            }

            if (--_inFlight == 0)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }
}

/// <summary>What every <see cref="PartCompilation{TRoot}"/> shares.</summary>
internal static class PartCompilation
{
    /// <summary>
    /// When set on a thread, the compilations it starts compile every part on it (no helper): the reliability tests
    /// load hostile rule sets on a thread of a small stack and a processor-time limit, and the parts' compilation must
    /// run there to be held to both.
    /// </summary>
    [ThreadStatic]
    internal static bool OnCallingThread;
}
