using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;

namespace RiskTriage.Benchmarks;

/// <summary>A typed case for the expression benchmarks.</summary>
public sealed class ScreeningCase
{
    /// <summary>RSR %.</summary>
    public double RsrScore { get; init; }

    /// <summary>RoSH level.</summary>
    public string? Rosh { get; init; }

    /// <summary>Age in years.</summary>
    public double Age { get; init; }

    /// <summary>Whether employed.</summary>
    public bool Employed { get; init; }

    /// <summary>Earlier offences.</summary>
    public double PriorOffences { get; init; }
}

/// <summary>
/// A compiled five-term condition over a typed object against the same condition written as a C# lambda,
/// and the cost of parsing, binding and compiling it.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ExpressionBenchmarks
{
    private const string Condition = "rsrScore >= 7 && rosh in [\"HIGH\", \"VERY_HIGH\"] && age < 25 && !employed && priorOffences > 2";

    private static readonly Func<ScreeningCase, bool> HandWritten = c =>
        c.RsrScore >= 7 && (c.Rosh == "HIGH" || c.Rosh == "VERY_HIGH") && c.Age < 25 && !c.Employed && c.PriorOffences > 2;

    private readonly ObjectType _schema = Schema();
    private ScreeningCase[] _cases = [];
    private Func<ScreeningCase, bool> _compiled = null!;

    private static ObjectType Schema()
    {
        var schema = new ObjectType("case");
        schema.Add("rsrScore", DataType.Number);
        schema.Add("rosh", DataType.Enumeration(["LOW", "MEDIUM", "HIGH", "VERY_HIGH"]));
        schema.Add("age", DataType.Number);
        schema.Add("employed", DataType.Bool);
        schema.Add("priorOffences", DataType.Number);
        return schema;
    }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        string[] levels = ["LOW", "MEDIUM", "HIGH", "VERY_HIGH"];
        _cases = Enumerable.Range(0, 1024).Select(_ => new ScreeningCase
        {
            RsrScore = random.NextDouble() * 15,
            Rosh = levels[random.Next(levels.Length)],
            Age = 18 + random.Next(40),
            Employed = random.Next(2) == 0,
            PriorOffences = random.Next(8),
        }).ToArray();
        _compiled = Compile();
        for (var i = 0; i < _cases.Length; i++)
        {
            if (_compiled(_cases[i]) != HandWritten(_cases[i]))
            {
                throw new InvalidOperationException("the compiled condition and the lambda disagree; the comparison would not be of equal work");
            }
        }
    }

    private Func<ScreeningCase, bool> Compile()
    {
        var bag = new DiagnosticBag();
        var checkedExpression = RuleExpression.Check(Condition, Scope.ForInputs(_schema), DataType.Bool);
        var binding = ClrDataBinding.Create(_schema, typeof(ScreeningCase), bag) ?? throw new InvalidOperationException(string.Join("\n", bag.Diagnostics));
        return ExpressionCompiler.CompileCondition<ScreeningCase>(checkedExpression.Bound, binding);
    }

    /// <summary>The condition written by hand in C#: the physical limit.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 1024)]
    [BenchmarkCategory("Condition")]
    public int HandWrittenLambda()
    {
        var count = 0;
        foreach (var c in _cases)
        {
            if (HandWritten(c))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The hand-written condition in a method the JIT may not inline into the loop: the same call boundary as a
    /// compiled delegate, so this isolates the quality of the compiled code from the JIT's inlining of the lambda.
    /// </summary>
    [Benchmark(OperationsPerInvoke = 1024)]
    [BenchmarkCategory("Condition")]
    public int HandWrittenNotInlined()
    {
        var count = 0;
        foreach (var c in _cases)
        {
            if (HandWrittenCall(c))
            {
                count++;
            }
        }

        return count;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool HandWrittenCall(ScreeningCase c) =>
        c.RsrScore >= 7 && (c.Rosh == "HIGH" || c.Rosh == "VERY_HIGH") && c.Age < 25 && !c.Employed && c.PriorOffences > 2;

    /// <summary>The same condition from rule-expression text, compiled.</summary>
    [Benchmark(OperationsPerInvoke = 1024)]
    [BenchmarkCategory("Condition")]
    public int CompiledExpression()
    {
        var count = 0;
        var compiled = _compiled;
        foreach (var c in _cases)
        {
            if (compiled(c))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Lex, parse, bind and compile the condition to a delegate.</summary>
    [Benchmark]
    [BenchmarkCategory("ParseBindCompile")]
    public Func<ScreeningCase, bool> ParseBindCompile() => Compile();
}
