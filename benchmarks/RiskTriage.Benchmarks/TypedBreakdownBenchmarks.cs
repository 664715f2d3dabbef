using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RiskTriage.Benchmarks.Baseline;
#if !RISKTRIAGE_BEFORE
using RiskTriage.Compilation;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Lowering.Passes;
#endif
using RiskTriage.Probation;

namespace RiskTriage.Benchmarks;

/// <summary>
/// Where the time of a typed evaluation goes, phase by phase, for the engine and for <see cref="HandWrittenTriage"/>'s
/// equal-work variant split the same way, on the cases of <see cref="ProbationEvaluateBenchmarks"/>: (a) the input
/// checks (with, for the engine, the binding of the inputs into the frame), (b) the rules' computation without the
/// decision, (c) the decision's construction from computed values, and (d) the whole. Each phase runs on its own over
/// state the setup prepared per case (the engine's frames after the checks, the hand-written outputs and raised
/// reviews), so the phases add up to the whole but for what lies between them (the engine's frame rental, hand-offs
/// and the evaluator's wrapper). <see cref="EngineOneMethod"/> against <see cref="EngineParted"/> is what the split into
/// parts costs.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TypedBreakdownBenchmarks
{
    private const int Cases = 1024;

    private ProbationCase[] _cases = [];
    private BaselineOutputs[] _outputs = [];
    private long[] _raised = [];
    private ReviewReason?[] _outOfRange = [];
#if !RISKTRIAGE_BEFORE
    private RuleSet _ruleSet = null!;
    private TypedEvaluator<ProbationCase> _typed = null!;
    private Action<ProbationCase, Decision, EvaluationFrame>[] _parts = [];
    private EvaluationFrame[] _frames = [];
    private EvaluationFrame _oneFrame = null!;
    private Decision[] _decisions = [];
    private Action<ProbationCase, Decision> _parted = null!;
    private Action<ProbationCase, Decision> _oneMethod = null!;
#endif

    [GlobalSetup]
    public void Setup()
    {
        var ruleSet = RuleSet.Load(RepositoryPaths.ProbationRuleSet);
        var typed = ruleSet.For<ProbationCase>();
        _cases = ProbationCaseGenerator.Generate(Cases * 2, seed: 1)
            .Where(c => typed.Evaluate(c).Status != DecisionStatus.Invalid)
            .Take(Cases)
            .ToArray();

        _outputs = new BaselineOutputs[Cases];
        _raised = new long[Cases];
        _outOfRange = new ReviewReason?[Cases];
        for (var i = 0; i < Cases; i++)
        {
            if (HandWrittenTriage.CheckInputs(_cases[i], out _outOfRange[i]) is not null)
            {
                throw new InvalidOperationException($"the hand-written checks find {_cases[i].CaseId} invalid where the engine does not");
            }

            _raised[i] = HandWrittenTriage.Compute(_cases[i], out _outputs[i]);
            // EvaluateChecked is these three phases in a row, so the split is checked against the engine's decision
            // (HandWrittenBaselineTests compare every output of the whole with it): the same tier and review reasons.
            var split = HandWrittenTriage.Build(in _outputs[i], _raised[i], _outOfRange[i]);
            var engine = typed.Evaluate(_cases[i]);
            if (split.Outputs!.Tier != engine["tier"].AsString || !split.ReviewReasons.SequenceEqual(engine.ReviewReasons))
            {
                throw new InvalidOperationException($"the hand-written phases disagree with the engine on {_cases[i].CaseId}");
            }
        }

#if !RISKTRIAGE_BEFORE
        _ruleSet = ruleSet;
        _typed = typed;
        _typed.Compiled.Value.GetAwaiter().GetResult();
        var bag = new DiagnosticBag();
        var binding = ClrDataBinding.Create(ruleSet.Checked.Inputs, typeof(ProbationCase), bag, nameof(ProbationCase))
            ?? throw new InvalidOperationException("ProbationCase does not bind to the rule set");
        _parted = RuleSetCompiler.Compile<ProbationCase>(ruleSet.Checked, binding, trace: false, validateEnums: true, ruleSet.Limits, LoweringPasses.All);
        _oneMethod = RuleSetCompiler.Compile<ProbationCase>(ruleSet.Checked, binding, trace: false, validateEnums: true, ruleSet.Limits,
            LoweringPasses.All & ~LoweringPasses.Partitioning);
        var evaluator = (PartedEvaluator<ProbationCase>)_parted.Target!;
        _parts = evaluator.Parts;
        if (_parts.Length < 3 || ((PartedEvaluator<ProbationCase>)_oneMethod.Target!).Parts.Length != 3)
        {
            throw new InvalidOperationException("expected the checks, at least one part of rules, and the outputs; and one part of rules without partitioning");
        }

        // The hand-offs: every value a later part reads is stored to and loaded from the frame once per case.
        Console.WriteLine($"// engine: {_parts.Length} compiled parts (the checks, {_parts.Length - 2} of rules, the outputs); frame slots: {evaluator.Layout}");

        // Each case keeps its own frame and decision as the checks left them, so that each later phase can run alone.
        _frames = new EvaluationFrame[Cases];
        _oneFrame = EvaluationFrame.Create(evaluator.Layout);
        _decisions = new Decision[Cases];
        for (var i = 0; i < Cases; i++)
        {
            _frames[i] = EvaluationFrame.Create(evaluator.Layout);
            _decisions[i] = ruleSet.NewDecision(_cases[i].CaseId, TraceDetail.None);
            _parts[0](_cases[i], _decisions[i], _frames[i]);
            for (var p = 1; p < _parts.Length - 1; p++)
            {
                _parts[p](_cases[i], _decisions[i], _frames[i]);
            }

            var phased = DecisionPhase(i);
            var expected = typed.Evaluate(_cases[i]);
            foreach (var name in expected.Outputs.Keys)
            {
                if (!phased[name].Equals(expected[name]))
                {
                    throw new InvalidOperationException($"the engine's phases disagree with the whole on {_cases[i].CaseId}'s {name}");
                }
            }

            // The rules' phase in one frame, as an evaluation runs it, gives the same outputs and review reasons.
            RulesInOneFrame(i);
            var inOneFrame = _ruleSet.NewDecision(_cases[i].CaseId, TraceDetail.None);
            _parts[^1](_cases[i], inOneFrame, _oneFrame);
            if (!inOneFrame.Outputs.SequenceEqual(expected.Outputs) || !inOneFrame.ReviewReasons.SequenceEqual(phased.ReviewReasons))
            {
                throw new InvalidOperationException($"the rules' parts run in one frame disagree on {_cases[i].CaseId}");
            }

            var oneMethod = ruleSet.NewDecision(_cases[i].CaseId, TraceDetail.None);
            _oneMethod(_cases[i], oneMethod);
            if (oneMethod.ToJson() != expected.ToJson())
            {
                throw new InvalidOperationException($"the rule set compiled as one part disagrees on {_cases[i].CaseId}");
            }
        }
#endif
    }

    /// <summary>(a) hand-written: every enumeration and range checked, the out-of-range review reason made.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("TypedBreakdown")]
    public int HandWrittenChecks()
    {
        var invalid = 0;
        foreach (var c in _cases)
        {
            invalid += HandWrittenTriage.CheckInputs(c, out _) is null ? 0 : 1;
        }

        return invalid;
    }

    /// <summary>(b) hand-written: every output and which review reasons are raised, into a struct on the stack.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("TypedBreakdown")]
    public long HandWrittenRules()
    {
        long raised = 0;
        foreach (var c in _cases)
        {
            raised ^= HandWrittenTriage.Compute(c, out _);
        }

        return raised;
    }

    /// <summary>(c) hand-written: the result object and the review reasons' array made from computed outputs.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("TypedBreakdown")]
    public CheckedBaselineResult HandWrittenResult()
    {
        CheckedBaselineResult last = default;
        for (var i = 0; i < _outputs.Length; i++)
        {
            last = HandWrittenTriage.Build(in _outputs[i], _raised[i], _outOfRange[i]);
        }

        return last;
    }

    /// <summary>(d) hand-written: the whole (<see cref="ProbationEvaluateBenchmarks.HandWrittenEqualWork"/>).</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("TypedBreakdown")]
    public CheckedBaselineResult HandWrittenWhole()
    {
        CheckedBaselineResult last = default;
        foreach (var c in _cases)
        {
            last = HandWrittenTriage.EvaluateChecked(c);
        }

        return last;
    }

#if !RISKTRIAGE_BEFORE
    /// <summary>
    /// (a) engine: the compiled input checks (enumerations, ranges, limits, missing required inputs), which also bind
    /// the enumerated inputs' codes into the frame. The decision is reset (its values cleared) for each case, as the
    /// checks add the missing inputs' review reasons to it.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("TypedBreakdown")]
    [AfterOnly]
    public Decision? EngineChecks()
    {
        var checks = _parts[0];
        Decision? last = null;
        for (var i = 0; i < _cases.Length; i++)
        {
            last = _decisions[i];
            last.Reset();
            checks(_cases[i], last, _frames[i]);
        }

        return last;
    }

    /// <summary>(b) engine: the rules' parts, each value handed to a later part through the frame; no output written.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("TypedBreakdown")]
    [AfterOnly]
    public object EngineRules()
    {
        var parts = _parts;
        for (var i = 0; i < _cases.Length; i++)
        {
            for (var p = 1; p < parts.Length - 1; p++)
            {
                parts[p](_cases[i], _decisions[i], _frames[i]);
            }
        }

        return _frames[^1];
    }

    /// <summary>
    /// (b) engine, as an evaluation runs it: the rules' parts of every case in one frame, reused (a typed evaluation
    /// rents one frame per thread), the enumerated inputs' codes the checks bound copied in first. <see cref="EngineRules"/>
    /// gives each case a frame of its own (about 1 MB in all), whose reads miss the cache where an evaluation's do not.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("TypedBreakdown")]
    [AfterOnly]
    public object EngineRulesOneFrame()
    {
        for (var i = 0; i < _cases.Length; i++)
        {
            RulesInOneFrame(i);
        }

        return _oneFrame;
    }

    private void RulesInOneFrame(int i)
    {
        var parts = _parts;
        _frames[i].Codes.AsSpan().CopyTo(_oneFrame.Codes);
        for (var p = 1; p < parts.Length - 1; p++)
        {
            parts[p](_cases[i], _decisions[i], _oneFrame);
        }
    }

    /// <summary>(c) engine: a new decision, the rules' review reasons added and every output written from the frame.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("TypedBreakdown")]
    [AfterOnly]
    public Decision? EngineDecision()
    {
        Decision? last = null;
        for (var i = 0; i < _cases.Length; i++)
        {
            last = DecisionPhase(i);
        }

        return last;
    }

    /// <summary>(d) engine: the whole (<see cref="ProbationEvaluateBenchmarks.TypedNoTrace"/>).</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("TypedBreakdown")]
    [AfterOnly]
    public Decision? EngineWhole()
    {
        Decision? last = null;
        foreach (var c in _cases)
        {
            last = _typed.Evaluate(c);
        }

        return last;
    }

    /// <summary>The compiled parts run by their evaluator into a new decision, without the typed evaluator's wrapper (case id, exception guard).</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("TypedBreakdown")]
    [AfterOnly]
    public Decision? EngineParted() => RunAll(_parted);

    /// <summary>As <see cref="EngineParted"/>, with the rules compiled as one part (no partitioning pass): the split's cost is the difference.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    [BenchmarkCategory("TypedBreakdown")]
    [AfterOnly]
    public Decision? EngineOneMethod() => RunAll(_oneMethod);

    private Decision? RunAll(Action<ProbationCase, Decision> evaluate)
    {
        Decision? last = null;
        foreach (var c in _cases)
        {
            last = _ruleSet.NewDecision(c.CaseId, TraceDetail.None);
            evaluate(c, last);
        }

        return last;
    }

    private Decision DecisionPhase(int i)
    {
        var decision = _ruleSet.NewDecision(_cases[i].CaseId, TraceDetail.None);
        _parts[^1](_cases[i], decision, _frames[i]);
        return decision;
    }
#endif
}
