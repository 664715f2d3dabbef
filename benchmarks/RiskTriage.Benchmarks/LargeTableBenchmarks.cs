using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace RiskTriage.Benchmarks;

/// <summary>
/// A FIRST table of number bands (<c>[i..i+1)</c>, one row per band) as a policy team might write a score-to-points
/// lookup. Written with range cells it is indexed (a binary search among the bands' bounds, from 32 rows on); the
/// same tests written as expressions (<c>{ "test": "n &gt;= i &amp;&amp; n &lt; i+1" }</c>) are tested row by row. The
/// setup checks that both give the same output for every benchmarked case.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LargeTableBenchmarks
{
    private const int Cases = 1024;

    private BandCase[] _cases = [];
    private TypedEvaluator<BandCase> _indexed = null!;
    private TypedEvaluator<BandCase> _rowByRow = null!;

    /// <summary>Rows (bands) in the table.</summary>
    [Params(64, 1_000)]
    public int Rows { get; set; }

    /// <summary>The case: one number, missing in about one case in twenty.</summary>
    public sealed class BandCase
    {
        /// <summary>The value looked up in the bands.</summary>
        public double? N { get; init; }
    }

    [GlobalSetup]
    public void Setup()
    {
        _indexed = Load(i => $"\"[{i}..{i + 1})\"").For<BandCase>();
        _rowByRow = Load(i => $"{{ \"test\": \"n >= {i} && n < {i + 1}\" }}").For<BandCase>();
        var random = new Random(1);
        _cases = Enumerable.Range(0, Cases).Select(_ => new BandCase { N = random.Next(20) == 0 ? null : (random.NextDouble() * (Rows + 2)) - 1 }).ToArray();
        foreach (var c in _cases)
        {
            // Outputs, not whole decisions: the two rule sets' texts, and so their content hashes, differ.
            if (!_indexed.Evaluate(c).Outputs.SequenceEqual(_rowByRow.Evaluate(c).Outputs))
            {
                throw new InvalidOperationException($"the indexed and the row-by-row table disagree on {c.N}");
            }
        }
    }

    private RuleSet Load(Func<int, string> cell)
    {
        var rows = string.Join(", ", Enumerable.Range(0, Rows).Select(i => $$"""{ "id": "r{{i}}", "when": [{{cell(i)}}], "then": { "points": {{i}} } }"""));
        var json = $$"""
            {
              "ruleSet": { "name": "bands", "version": "1" },
              "inputs": { "n": "number" },
              "tables": { "bands": { "hitPolicy": "FIRST", "inputs": ["n"], "outputs": { "points": "number" }, "rows": [ {{rows}} ] } },
              "outputs": { "points": "number" }
            }
            """;
        return RuleSet.LoadFromSources(new Dictionary<string, string> { ["bands.json"] = json });
    }

    /// <summary>Range cells: the table is indexed.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Cases)]
    [BenchmarkCategory("Table")]
    public Decision? IndexedBands() => EvaluateAll(_indexed);

    /// <summary>The same tests as expressions: row by row.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("Table")]
    public Decision? RowByRowBands() => EvaluateAll(_rowByRow);

    private Decision? EvaluateAll(TypedEvaluator<BandCase> evaluator)
    {
        Decision? last = null;
        foreach (var c in _cases)
        {
            last = evaluator.Evaluate(c);
        }

        return last;
    }
}
