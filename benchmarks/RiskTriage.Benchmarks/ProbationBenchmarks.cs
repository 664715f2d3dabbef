using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Benchmarks.Baseline;
using RiskTriage.Probation;

namespace RiskTriage.Benchmarks;

/// <summary>
/// The default probation rule set against the same rules written by hand in C# (the baseline): typed cases
/// with no, summary and full trace, and JSON cases against Newtonsoft reading the same JSON. The setup checks
/// that the rule set and the baseline agree on every case, and that the baseline's equal-work variant raises the
/// same review reasons, so the comparison is of equal work.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ProbationEvaluateBenchmarks
{
    private const int Cases = 1024;

    private ProbationCase[] _cases = [];
    private string[] _json = [];
    private byte[][] _utf8 = [];
    private Evaluation.Utf8CaseSchema _utf8Schema = null!;
#if !RISKTRIAGE_BEFORE
    private Evaluation.CaseReadResult[] _read = [];
#endif
    private TypedEvaluator<ProbationCase> _typed = null!;
    private RuleSet _ruleSet = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ruleSet = RuleSet.Load(RepositoryPaths.ProbationRuleSet);
        _typed = _ruleSet.For<ProbationCase>();
        _cases = ProbationCaseGenerator.Generate(Cases * 2, seed: 1)
            .Where(c => _typed.Evaluate(c).Status != DecisionStatus.Invalid)
            .Take(Cases)
            .ToArray();
        var serializer = JsonSerializer.Create(new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore });
        _json = _cases.Select(c => JObject.FromObject(c, serializer).ToString(Formatting.None)).ToArray();
        _utf8 = _json.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        _utf8Schema = Evaluation.Utf8CaseSchema.Build(_ruleSet.Checked.Inputs, _ruleSet.Checked.CaseIdField);
#if !RISKTRIAGE_BEFORE
        _read = _json.Select(j => _ruleSet.TryReadCase(j, out var read) ? read : throw new InvalidOperationException("a generated case is left to the strict path")).ToArray();
#endif
        foreach (var @case in _cases)
        {
            var expected = HandWrittenTriage.Evaluate(@case);
            var decision = _typed.Evaluate(@case);
            if (decision["tier"].AsString != expected.Tier || decision["tierV3"].AsString != expected.TierV3
                || decision["programmePathway"].AsString != expected.ProgrammePathway || decision["workloadPoints"].AsNumber != expected.WorkloadPoints)
            {
                throw new InvalidOperationException($"the rule set and the baseline disagree on {@case.CaseId}; the comparison would not be of equal work");
            }

            var equalWork = HandWrittenTriage.EvaluateChecked(@case);
            if (equalWork.Invalid || equalWork.Outputs!.Tier != expected.Tier || !equalWork.ReviewReasons.SequenceEqual(decision.ReviewReasons))
            {
                throw new InvalidOperationException($"the rule set and the equal-work baseline disagree on {@case.CaseId}; the comparison would not be of equal work");
            }
        }
    }

    /// <summary>The rules written by hand in C#: the physical limit.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Cases)]
    [BenchmarkCategory("Evaluate")]
    public object? HandWrittenBaseline()
    {
        object? last = null;
        foreach (var c in _cases)
        {
            last = HandWrittenTriage.Evaluate(c);
        }

        return last;
    }

    /// <summary>
    /// The rules written by hand in C# doing what the typed evaluator does beyond the outputs: every enumerated input
    /// checked against its allowed values, missing required inputs reported, and every rule's review reason raised
    /// in the engine's order (the review reasons are one more allocation when there are any).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("Evaluate")]
    public CheckedBaselineResult HandWrittenEqualWork()
    {
        CheckedBaselineResult last = default;
        foreach (var c in _cases)
        {
            last = HandWrittenTriage.EvaluateChecked(c);
        }

        return last;
    }

    /// <summary>The compiled rule set on typed cases, no trace.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("Evaluate")]
    public Decision? TypedNoTrace()
    {
        Decision? last = null;
        foreach (var c in _cases)
        {
            last = _typed.Evaluate(c);
        }

        return last;
    }

    /// <summary>Typed cases with a summary trace.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("Evaluate")]
    public Decision? TypedSummaryTrace()
    {
        Decision? last = null;
        foreach (var c in _cases)
        {
            last = _typed.Evaluate(c, TraceDetail.Summary);
        }

        return last;
    }

    /// <summary>Typed cases with a full trace (operand values included).</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("Evaluate")]
    public Decision? TypedFullTrace()
    {
        Decision? last = null;
        foreach (var c in _cases)
        {
            last = _typed.Evaluate(c, TraceDetail.Full);
        }

        return last;
    }

    /// <summary>
    /// Newtonsoft reading the same JSON, token by token (each value read into <see cref="JsonReader.Value"/>), and
    /// nothing else: the baseline for JSON cases. Dates stay text (<see cref="DateParseHandling.None"/>, as the engine
    /// reads them): Newtonsoft's default would also parse every date-like string into a <see cref="DateTime"/>, work the
    /// engine does not ask of a reader, which would make the baseline slower and the ratio look better than it is.
    /// </summary>
    /// <remarks>
    /// This read (8 KB allocated per case) slows by up to 1.7x while the other core works through its cache: on a
    /// 2-vCPU machine it measured 5.6 us in one job and 9.4-10 us in others, on the same code, the switch happening
    /// inside one process (RESULTS.md, session 12, helper J). A job setting does not steady it; for a ratio both sides
    /// lived through, run <c>json-rounds</c> (JsonRounds.cs), which alternates both in one process.
    /// </remarks>
    [Benchmark(Baseline = true, OperationsPerInvoke = Cases)]
    [BenchmarkCategory("Json")]
    public int NewtonsoftReadOnly()
    {
        var tokens = 0;
        foreach (var json in _json)
        {
            tokens += ReadTokens(new StringReader(json));
        }

        return tokens;
    }

    /// <summary>
    /// Newtonsoft reading the same JSON given as UTF-8 bytes, as it reads a request body or a file (a
    /// <see cref="StreamReader"/> decodes the bytes): the baseline for UTF-8 cases, so that they are not set against a
    /// reader handed text already decoded.
    /// </summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Cases)]
    [BenchmarkCategory("JsonUtf8")]
    public int NewtonsoftReadOnlyUtf8()
    {
        var tokens = 0;
        foreach (var json in _utf8)
        {
            tokens += ReadTokens(new StreamReader(new MemoryStream(json, writable: false), System.Text.Encoding.UTF8));
        }

        return tokens;
    }

    /// <summary>Reads every token of one JSON text with Newtonsoft, dates left as text; the number of tokens.</summary>
    private static int ReadTokens(TextReader text)
    {
        using var reader = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None };
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    /// <summary>JSON cases: read against the schema and evaluated, no trace.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("Json")]
    public Decision? JsonNoTrace()
    {
        Decision? last = null;
        foreach (var json in _json)
        {
            last = _ruleSet.Evaluate(json);
        }

        return last;
    }

    /// <summary>The same JSON cases given as UTF-8 bytes (a request body, a line of a file), no trace.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("JsonUtf8")]
    public Decision? JsonUtf8NoTrace()
    {
        Decision? last = null;
        foreach (var json in _utf8)
        {
            last = _ruleSet.Evaluate(json.AsSpan());
        }

        return last;
    }

    /// <summary>
    /// The engine's reading alone: the UTF-8 cases read against the schema into case records, nothing evaluated
    /// (the part of <see cref="JsonUtf8NoTrace"/> to set against Newtonsoft's read).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("JsonUtf8")]
    public bool JsonUtf8ReadOnly()
    {
        var read = true;
        foreach (var json in _utf8)
        {
            read &= Evaluation.Utf8CaseReader.TryRead(json, _utf8Schema, _ruleSet.Checked.CaseIdField, _ruleSet.Options, out _);
        }

        return read;
    }

#if !RISKTRIAGE_BEFORE
    /// <summary>
    /// The engine's reading alone for text: the cases given as strings read into case records (made UTF-8, then read
    /// as <see cref="JsonUtf8ReadOnly"/> reads), nothing evaluated.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("Json")]
    [AfterOnly]
    public bool JsonReadOnly()
    {
        var read = true;
        foreach (var json in _json)
        {
            read &= _ruleSet.TryReadCase(json, out _);
        }

        return read;
    }

    /// <summary>
    /// The evaluation alone of the cases <see cref="JsonNoTrace"/> reads: case records read once in the setup, then
    /// decided (the rest of <see cref="JsonNoTrace"/>'s time beside <see cref="JsonReadOnly"/>).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("Json")]
    [AfterOnly]
    public Decision? JsonEvaluateOnly()
    {
        Decision? last = null;
        foreach (var read in _read)
        {
            last = _ruleSet.Decide(read, TraceDetail.None);
        }

        return last;
    }
#endif
}

/// <summary>Loading, checking and compiling the default rule set from its files, in a warm process.</summary>
[MemoryDiagnoser]
public class ProbationCompileBenchmarks
{
    /// <summary>Read, check and compile (the typed binding is compiled on first use and is not included).</summary>
    [Benchmark]
    [BenchmarkCategory("Compile")]
    public RuleSet LoadProbationRuleSet() => RuleSet.Load(RepositoryPaths.ProbationRuleSet);
}

/// <summary>
/// A batch of 1,000,000 typed cases, sequential and on every core, and the ceiling for the parallel batch: the same
/// evaluations split in one contiguous share per core, with no ordered hand-off and no decision held (what the cores,
/// the allocator and the garbage collector allow). For the garbage collector's modes side by side, run it with
/// <c>gc-modes</c> first (see Program.cs); for what bounds the parallel batch (GC pauses, each thread's processor time,
/// waits), <c>batch-report</c> (BatchReport.cs).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ProbationBatchBenchmarks
{
    private ProbationCase[] _cases = [];
    private RuleSet _ruleSet = null!;

    [Params(1_000_000)]
    public int Count { get; set; }

    /// <summary>The cases of the batch (set up by <see cref="Setup"/>).</summary>
    internal ProbationCase[] Cases => _cases;

    /// <summary>The default probation rule set.</summary>
    internal RuleSet RuleSet => _ruleSet;

    [GlobalSetup]
    public void Setup()
    {
        _ruleSet = RuleSet.Load(RepositoryPaths.ProbationRuleSet);
        var distinct = ProbationCaseGenerator.Generate(10_000, seed: 3);
        _cases = Enumerable.Range(0, Count).Select(i => distinct[i % distinct.Length]).ToArray();
        _ruleSet.For<ProbationCase>();
    }

    /// <summary>One thread.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Batch")]
    public int Sequential() => CountReviews(_ruleSet.EvaluateMany(_cases));

    /// <summary>Every core (ordered results).</summary>
    [Benchmark]
    [BenchmarkCategory("Batch")]
    public int Parallel() => CountReviews(_ruleSet.EvaluateMany(_cases, new BatchOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }));

    /// <summary>Every core, each evaluating a contiguous share and dropping its decisions: the parallel batch's ceiling.</summary>
    [Benchmark]
    [BenchmarkCategory("Batch")]
    public int UnorderedCeiling()
    {
        var evaluator = _ruleSet.For<ProbationCase>();
        var workers = Environment.ProcessorCount;
        var reviews = new int[workers];
        var threads = new Thread[workers];
        for (var w = 0; w < workers; w++)
        {
            var worker = w;
            threads[w] = new Thread(() =>
            {
                var review = 0;
                for (int i = (int)((long)_cases.Length * worker / workers), end = (int)((long)_cases.Length * (worker + 1) / workers); i < end; i++)
                {
                    if (evaluator.Evaluate(_cases[i]).Status != DecisionStatus.Complete)
                    {
                        review++;
                    }
                }

                reviews[worker] = review;
            });
            threads[w].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        return reviews.Sum();
    }

    internal static int CountReviews(IEnumerable<Decision> decisions)
    {
        var review = 0;
        foreach (var decision in decisions)
        {
            if (decision.Status != DecisionStatus.Complete)
            {
                review++;
            }
        }

        return review;
    }
}
