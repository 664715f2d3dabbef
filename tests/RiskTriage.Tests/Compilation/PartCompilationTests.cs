using System.Collections.Concurrent;
using System.Linq.Expressions;
using RiskTriage.Compilation;

namespace RiskTriage.Tests.Compilation;

/// <summary>
/// A rule set's parts are compiled while the emitter is still emitting the later ones (<see cref="PartCompilation{TRoot}"/>),
/// and come back in the order they were handed over, with the exception compiling them in order would throw.
/// </summary>
public sealed class PartCompilationTests
{
    private static readonly ConcurrentDictionary<int, ConcurrentQueue<int>> Runs = new();
    private static int s_nextRun;

    [Fact]
    public void A_part_is_compiled_while_the_later_parts_are_still_being_emitted()
    {
        var (run, calls) = NewRun();
        var compilation = new PartCompilation<object>(maxHelpers: 1);
        compilation.Add(Part(run, 0));

        // Nothing more is handed over and Finish is not called: only a helper can compile the first part.
        Assert.True(SpinWait.SpinUntil(() => compilation.CompiledCount == 1, TimeSpan.FromMinutes(2)), "the first part was not compiled before the emission ended");

        compilation.Add(Part(run, 1));
        foreach (var part in compilation.Finish())
        {
            part(null!, null!, null!);
        }

        Assert.Equal([0, 1], calls);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Parts_come_back_in_the_order_they_were_handed_over_however_many_threads_compile_them(int helpers)
    {
        var (run, calls) = NewRun();
        var compilation = new PartCompilation<object>(helpers);
        for (var i = 0; i < 40; i++)
        {
            compilation.Add(Part(run, i));
        }

        var parts = compilation.Finish();
        Assert.Equal(40, parts.Length);
        foreach (var part in parts)
        {
            part(null!, null!, null!);
        }

        Assert.Equal(Enumerable.Range(0, 40), calls);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void The_first_part_that_fails_to_compile_throws_as_a_compilation_in_order_would(int helpers)
    {
        var (run, _) = NewRun();
        var compilation = new PartCompilation<object>(helpers);
        compilation.Add(Part(run, 0));
        compilation.Add(Unbound("first"));
        for (var i = 2; i < 30; i++)
        {
            compilation.Add(i % 3 == 0 ? Unbound("later" + i) : Part(run, i));
        }

        var error = Assert.Throws<InvalidOperationException>(() => compilation.Finish());
        Assert.Contains("'first'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thread_that_asks_for_it_compiles_every_part_itself()
    {
        // The reliability tests load hostile rule sets on a thread of a small stack and a processor-time limit; a part
        // compiled by a helper of the pool was held to neither.
        Assert.Equal(Environment.ProcessorCount - 1, new PartCompilation<object>().MaxHelpers);
        var thread = new Thread(() =>
        {
            PartCompilation.OnCallingThread = true;
            Assert.Equal(0, new PartCompilation<object>().MaxHelpers);
        });
        thread.Start();
        thread.Join();
        Assert.False(PartCompilation.OnCallingThread);
    }

    [Fact]
    public void A_compilation_abandoned_because_the_emission_failed_waits_for_the_parts_being_compiled()
    {
        // Before, Abandon only stopped new parts being taken: the helpers' compilations of large earlier parts went on
        // after the failed load had returned.
        var (run, _) = NewRun();
        var compilation = new PartCompilation<object>(maxHelpers: 1);
        compilation.Add(Large(run));
        Assert.True(SpinWait.SpinUntil(() => compilation.InFlight > 0 || compilation.CompiledCount > 0, TimeSpan.FromMinutes(2)), "no helper took the part");
        compilation.Add(Part(run, 1));
        compilation.Abandon();
        Assert.Equal(0, compilation.InFlight);
    }

    /// <summary>A part of many statements, whose compilation takes a while.</summary>
    private static Expression<Action<object, Decision, EvaluationFrame>> Large(int run)
    {
        var record = typeof(PartCompilationTests).GetMethod(nameof(Record), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        return Expression.Lambda<Action<object, Decision, EvaluationFrame>>(
            Expression.Block(Enumerable.Range(0, 20_000).Select(i => Expression.Call(record, Expression.Constant(run), Expression.Constant(i)))),
            Expression.Parameter(typeof(object)), Expression.Parameter(typeof(Decision)), Expression.Parameter(typeof(EvaluationFrame)));
    }

    /// <summary>Called by the compiled parts: records which part ran.</summary>
    internal static void Record(int run, int part) => Runs[run].Enqueue(part);

    private static (int Run, ConcurrentQueue<int> Calls) NewRun()
    {
        var run = Interlocked.Increment(ref s_nextRun);
        var calls = new ConcurrentQueue<int>();
        Runs[run] = calls;
        return (run, calls);
    }

    private static Expression<Action<object, Decision, EvaluationFrame>> Part(int run, int index) =>
        Expression.Lambda<Action<object, Decision, EvaluationFrame>>(
            Expression.Call(typeof(PartCompilationTests).GetMethod(nameof(Record), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!, Expression.Constant(run), Expression.Constant(index)),
            Expression.Parameter(typeof(object)), Expression.Parameter(typeof(Decision)), Expression.Parameter(typeof(EvaluationFrame)));

    // A variable read outside any scope that declares it: the expression compiler refuses it, naming the variable.
    private static Expression<Action<object, Decision, EvaluationFrame>> Unbound(string name) =>
        Expression.Lambda<Action<object, Decision, EvaluationFrame>>(
            Expression.Block(typeof(void), Expression.Variable(typeof(int), name)),
            Expression.Parameter(typeof(object)), Expression.Parameter(typeof(Decision)), Expression.Parameter(typeof(EvaluationFrame)));
}
