using System.Diagnostics;
using System.Runtime.CompilerServices;
using RiskTriage.Diagnostics;
using RiskTriage.Observability;

namespace RiskTriage.Interpretation;

/// <summary>
/// The second tier of a <see cref="RuleSetBackend.Tiered"/> rule set: compiles an evaluator in the background while
/// the interpreter answers, and hands the compiled code to its owner when it is ready. Both make the same decisions,
/// so the owner swaps one delegate for the other in a single reference write: a caller sees the switch only as speed.
/// </summary>
internal static class CompiledTier
{
    /// <summary>
    /// At most one compilation per core at a time, on the thread pool: a service that loads many rule sets (or a test
    /// run that loads thousands) queues its compilations rather than starting a thread for each.
    /// </summary>
    private static readonly TaskScheduler Compilations =
        new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, Math.Max(1, Environment.ProcessorCount)).ConcurrentScheduler;

    private static readonly Lazy<Task<bool>> IsCompiled = new(Task.FromResult(true));

    private static readonly Lazy<Task<bool>> NotCompiled = new(Task.FromResult(false));

    /// <summary>
    /// The evaluators of one case representation for <paramref name="backend"/>: untraced, traced (made on first use),
    /// and whether compiled code evaluates the untraced cases. The one place the three back ends are told apart, for
    /// JSON case records and typed cases alike.
    /// </summary>
    /// <param name="backend">The back end the rule set was loaded with.</param>
    /// <param name="identity">The rule set's identity, for a failed compilation's telemetry.</param>
    /// <param name="interpreter">Makes the interpreter's evaluator (not called for <see cref="RuleSetBackend.Compiled"/>).</param>
    /// <param name="compile">Compiles the evaluator, traced or not.</param>
    /// <param name="publish">Puts the compiled untraced evaluator in force in place of the interpreter (Tiered only).</param>
    public static Evaluators<T> For<T>(RuleSetBackend backend, RuleSetIdentity identity, Func<Action<T, Decision>> interpreter,
        Func<bool, Action<T, Decision>> compile, Action<Action<T, Decision>> publish) =>
        For(backend, identity, interpreter, compile, publish, RuntimeFeature.IsDynamicCodeCompiled);

    /// <summary>
    /// The back end that can run <paramref name="requested"/> here: the one asked for, or the interpreter where
    /// compiled code would not be compiled (native AOT, or dynamic code switched off), because there
    /// <see cref="System.Linq.Expressions.LambdaExpression.Compile()"/> makes System.Linq.Expressions interpret the
    /// emitted tree, which is slower than this library's interpreter of the checked rule set, and would spend the load
    /// building it. Both make the same decisions.
    /// </summary>
    internal static RuleSetBackend InForce(RuleSetBackend requested, bool dynamicCodeCompiled) =>
        dynamicCodeCompiled ? requested : RuleSetBackend.Interpreted;

    /// <summary><see cref="For{T}(RuleSetBackend, RuleSetIdentity, Func{Action{T, Decision}}, Func{bool, Action{T, Decision}}, Action{Action{T, Decision}})"/> as if the runtime compiled dynamic code or not.</summary>
    internal static Evaluators<T> For<T>(RuleSetBackend backend, RuleSetIdentity identity, Func<Action<T, Decision>> interpreter,
        Func<bool, Action<T, Decision>> compile, Action<Action<T, Decision>> publish, bool dynamicCodeCompiled)
    {
        switch (InForce(backend, dynamicCodeCompiled))
        {
            case RuleSetBackend.Interpreted:
            {
                // Nothing is compiled: the interpreter traces when the decision asks for a trace.
                var interpreted = interpreter();
                return new(interpreted, new Lazy<Action<T, Decision>>(interpreted), NotCompiled);
            }

            case RuleSetBackend.Tiered:
            {
                // The first evaluation starts the compilation: a rule set that is only loaded compiles nothing.
                var interpreted = interpreter();
                var (evaluate, compiled) = OnFirstUse(identity, interpreted, () => compile(false), publish);
                return new(evaluate, new Lazy<Action<T, Decision>>(() => new TieredEvaluator<T>(identity, interpreted, () => compile(true)).Evaluate), compiled);
            }

            default:
                return new(compile(false), new Lazy<Action<T, Decision>>(() => compile(true)), IsCompiled);
        }
    }

    /// <summary>
    /// Starts compiling with <paramref name="compile"/>; when it returns, <paramref name="publish"/> puts the code in
    /// force. Never throws, and a failure never loses a decision: the interpreter stays in force, and the failure is
    /// published as the <see cref="RiskTriageTelemetry.CompilationFailuresInstrument"/> counter and the error status
    /// of the <see cref="RiskTriageTelemetry.CompileActivity"/> span (<see cref="DiagnosticCodes.CompiledTierFailed"/>).
    /// </summary>
    /// <returns>Completes with true once the compiled code is in force, false when it could not be built.</returns>
    public static Task<bool> Start<T>(RuleSetIdentity identity, Func<Action<T, Decision>> compile, Action<Action<T, Decision>> publish) =>
        Task.Factory.StartNew(() => Build(identity, compile, publish), CancellationToken.None, TaskCreationOptions.DenyChildAttach, Compilations);

    /// <summary>
    /// The interpreter, wrapped so that its first call starts the compilation (as a reading of the returned
    /// <see cref="Lazy{T}"/> does): a rule set that is only loaded (validated, explained, listed) compiles nothing, and
    /// once the compiled code is published the wrapper is gone from the evaluation path.
    /// </summary>
    private static (Action<T, Decision> Interpreted, Lazy<Task<bool>> Compiled) OnFirstUse<T>(RuleSetIdentity identity, Action<T, Decision> interpreted,
        Func<Action<T, Decision>> compile, Action<Action<T, Decision>> publish)
    {
        var compiled = new Lazy<Task<bool>>(() => Start(identity, compile, publish));
        return ((input, decision) =>
        {
            _ = compiled.Value;
            interpreted(input, decision);
        }, compiled);
    }

    /// <summary>Compiles and publishes on the calling thread; what <see cref="Start"/> runs in the background.</summary>
    internal static bool Build<T>(RuleSetIdentity identity, Func<Action<T, Decision>> compile, Action<Action<T, Decision>> publish)
    {
        using var activity = RiskTriageActivities.Source.StartActivity(RiskTriageTelemetry.CompileActivity);
        if (activity is not null)
        {
            activity.SetTag(RiskTriageTelemetry.RuleSetNameTag, identity.Name);
            activity.SetTag(RiskTriageTelemetry.RuleSetVersionTag, identity.Version);
            activity.SetTag(RiskTriageTelemetry.RuleSetHashTag, identity.Hash);
        }

        Action<T, Decision> compiled;
        try
        {
            compiled = compile();
        }
        catch (Exception e)
        {
            // Out of memory or stack, or a defect in the compiler: the interpreter keeps answering, with the same decisions.
            var diagnostic = Failure(identity, e);
            activity?.SetStatus(ActivityStatusCode.Error, $"{diagnostic.Code}: {diagnostic.Message}");
            RiskTriageMetrics.Shared.RecordCompilationFailure(identity, e);
            return false;
        }

        publish(compiled);
        return true;
    }

    /// <summary>The diagnostic that words a failed background compilation.</summary>
    internal static Diagnostic Failure(RuleSetIdentity identity, Exception e) =>
        new(DiagnosticCodes.CompiledTierFailed, DiagnosticSeverity.Warning,
            $"the rule set {identity.Name} {identity.Version} could not be compiled in the background ({e.GetType().Name}: {e.Message}); "
            + "its cases are evaluated by the interpreter, with the same decisions but more slowly. Please report this",
            new SourceLocation(identity.Name, 1, 1, 1), null);
}

/// <summary>What <see cref="CompiledTier.For{T}(RuleSetBackend, RuleSetIdentity, Func{Action{T, Decision}}, Func{bool, Action{T, Decision}}, Action{Action{T, Decision}})"/> makes: a case representation's evaluators under one back end.</summary>
/// <param name="Evaluate">Evaluates an untraced case (for Tiered, the interpreter until compiled code is published).</param>
/// <param name="Traced">Evaluates a traced case; made on first use.</param>
/// <param name="Compiled">Completes with true once compiled code evaluates untraced cases, false when the interpreter does for good.</param>
internal readonly record struct Evaluators<T>(Action<T, Decision> Evaluate, Lazy<Action<T, Decision>> Traced, Lazy<Task<bool>> Compiled);

/// <summary>
/// An evaluator that is the interpreter until <see cref="CompiledTier"/> has built compiled code for it, then the
/// compiled code: for the evaluators started on first use (traced decisions), where one more call does not count.
/// </summary>
/// <typeparam name="T">The case representation.</typeparam>
internal sealed class TieredEvaluator<T>
{
    private Action<T, Decision> _current;

    public TieredEvaluator(RuleSetIdentity identity, Action<T, Decision> interpreted, Func<Action<T, Decision>> compile)
    {
        _current = interpreted;
        Compiled = CompiledTier.Start(identity, compile, code => Volatile.Write(ref _current, code));
    }

    /// <summary>Completes with true once the compiled code is in force, false when it could not be built.</summary>
    public Task<bool> Compiled { get; }

    public void Evaluate(T input, Decision decision) => Volatile.Read(ref _current)(input, decision);
}
