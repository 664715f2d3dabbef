using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Newtonsoft.Json.Linq;
using RiskTriage.Benchmarks.Baseline;
using RiskTriage.Compilation;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Interpretation;
using RiskTriage.Observability;
using RiskTriage.Probation;
using RiskTriage.Runtime;
using RiskTriage.Tests.Probation;

namespace RiskTriage.Tests.Interpretation;

/// <summary>
/// <see cref="RuleSetBackend.Tiered"/>: the interpreter answers at once, compiled code takes over when the background
/// compilation ends, with byte-identical decisions before, during and after the switch, from any number of threads; a
/// failed compilation leaves the interpreter answering and is published as a span and a counter.
/// </summary>
public sealed class CompiledTierTests
{
    private static readonly RuleSetOptions TieredOptions = new() { Backend = RuleSetBackend.Tiered };

    private static readonly Lazy<RuleSet> Compiled = new(() => RuleSet.Load(ProbationRuleSetTests.ProbationPath, new RuleSetOptions { Backend = RuleSetBackend.Compiled }));

    private static readonly Lazy<string[]> Cases = new(() => JArray.Parse(File.ReadAllText(Path.Combine(ProbationRuleSetTests.ProbationPath, "examples", "cases.json")))
        .Select(c => c.ToString(Newtonsoft.Json.Formatting.None))
        .Concat(ProbationCaseGenerator.Generate(40, seed: 19).Select(c => DomainVectors.ToContractJson(c).ToString(Newtonsoft.Json.Formatting.None)))
        .ToArray());

    [Fact]
    public void The_default_back_end_compiles_at_load()
    {
        // Compiled is the default: a rule set the compiler cannot build is reported by the load, and a service's
        // tests exercise the code its cases run on. Tiered is asked for (the CLI's eval does).
        Assert.Equal(RuleSetBackend.Compiled, new RuleSetOptions().Backend);
        Assert.Equal(RuleSetBackend.Compiled, RuleSetOptions.Default.Backend);
    }

    [Fact]
    public async Task A_tiered_rule_set_answers_as_the_compiled_one_before_and_after_it_switches_over()
    {
        var tiered = RuleSet.Load(ProbationRuleSetTests.ProbationPath, TieredOptions);
        var expected = Cases.Value.Select(json => Compiled.Value.Evaluate(json, TraceDetail.Full).ToJson()).ToList();

        Assert.Equal(expected, Cases.Value.Select(json => tiered.Evaluate(json, TraceDetail.Full).ToJson()));
        Assert.True(await tiered.WaitForCompiledAsync());
        Assert.Equal(RuleSetBackend.Compiled, tiered.Backend);
        Assert.IsNotType<RuleSetInterpreter>(RecordEvaluator(tiered).Target);
        Assert.Equal(expected, Cases.Value.Select(json => tiered.Evaluate(json, TraceDetail.Full).ToJson()));
        Assert.Equal(Compiled.Value.Identity, tiered.Identity);
    }

    [Fact]
    public async Task A_tiered_rule_set_compiles_nothing_until_it_evaluates_or_is_waited_for()
    {
        var loaded = RuleSet.Load(ProbationRuleSetTests.ProbationPath, TieredOptions);
        var compiled = (Lazy<Task<bool>>)typeof(RuleSet).GetField("_compiled", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(loaded)!;

        Assert.False(compiled.IsValueCreated);
        Assert.Equal(RuleSetBackend.Interpreted, loaded.Backend);
        Assert.Equal(Compiled.Value.Evaluate(Cases.Value[0]).ToJson(), loaded.Evaluate(Cases.Value[0]).ToJson());
        Assert.True(compiled.IsValueCreated);
        Assert.True(await loaded.WaitForCompiledAsync());
        Assert.Equal(RuleSetBackend.Compiled, loaded.Backend);
    }

    [Fact]
    public async Task The_back_end_reports_what_evaluates_and_the_wait_says_whether_compiled_code_will()
    {
        var compiled = RuleSet.Load(ProbationRuleSetTests.ProbationPath, new RuleSetOptions { Backend = RuleSetBackend.Compiled });
        var interpreted = RuleSet.Load(ProbationRuleSetTests.ProbationPath, new RuleSetOptions { Backend = RuleSetBackend.Interpreted });

        Assert.Equal(RuleSetBackend.Compiled, compiled.Backend);
        Assert.True(await compiled.WaitForCompiledAsync());
        Assert.Equal(RuleSetBackend.Interpreted, interpreted.Backend);
        Assert.False(await interpreted.WaitForCompiledAsync());
        Assert.Equal(RuleSetBackend.Interpreted, interpreted.Backend);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RuleSet.Load(ProbationRuleSetTests.ProbationPath, TieredOptions).WaitForCompiledAsync(cancelled.Token));
    }

    [Fact]
    public async Task Typed_cases_of_a_tiered_rule_set_give_the_compiled_decisions()
    {
        var tiered = RuleSet.Load(ProbationRuleSetTests.ProbationPath, TieredOptions).For<ProbationCase>();
        var compiled = Compiled.Value.For<ProbationCase>();
        var cases = ProbationCaseGenerator.Generate(60, seed: 23).ToList();
        var expected = cases.Select(c => compiled.Evaluate(c, TraceDetail.Full).ToJson()).ToList();
        var untraced = cases.Select(c => compiled.Evaluate(c).ToJson()).ToList();

        // Compared while the typed evaluator's compilation runs, then once it is in force.
        do
        {
            Assert.Equal(untraced, cases.Select(c => tiered.Evaluate(c).ToJson()));
            Assert.Equal(expected, cases.Select(c => tiered.Evaluate(c, TraceDetail.Full).ToJson()));
        }
        while (!tiered.Compiled.Value.IsCompleted);

        Assert.True(await tiered.Compiled.Value);
        Assert.Equal(untraced, cases.Select(c => tiered.Evaluate(c).ToJson()));
        Assert.Equal(expected, cases.Select(c => tiered.Evaluate(c, TraceDetail.Full).ToJson()));
    }

    [Fact]
    public async Task The_switch_over_under_concurrent_evaluation_gives_identical_decisions()
    {
        var ruleSet = Compiled.Value;
        var interpreter = new RuleSetInterpreter(ruleSet.Checked);
        var expected = Cases.Value.Select(json => ruleSet.Evaluate(json).ToJson()).ToArray();
        using var gate = new ManualResetEventSlim();
        var tier = new TieredEvaluator<CaseRecord>(ruleSet.Identity, interpreter.Evaluate, () =>
        {
            gate.Wait();
            return RuleSetCompiler.Compile<CaseRecord>(ruleSet.Checked, RecordDataBinding.Instance, trace: false, validateEnums: false);
        });

        // Four threads evaluate through the tier while the compilation is held, through the switch and after it.
        var records = Cases.Value.Select(json => Record(ruleSet, json)).ToArray();
        var results = new ConcurrentBag<(int Case, string Json, bool Compiled)>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = w; !stop.IsCancellationRequested || i < w + (4 * records.Length); i++)
            {
                var index = i % records.Length;
                var compiled = tier.Compiled.IsCompleted;
                var decision = ruleSet.NewDecision(records[index].CaseId, TraceDetail.None);
                RuleSet.Run(tier.Evaluate, records[index].Record, decision);
                results.Add((index, decision.ToJson(), compiled));
            }
        })).ToArray();

        await Task.Delay(100);
        gate.Set();
        // Generous: in a full test run the compilations of many other rule sets may be queued ahead of this one.
        Assert.True(await tier.Compiled.WaitAsync(TimeSpan.FromMinutes(10)));
        await Task.Delay(50);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Contains(results, r => !r.Compiled);
        Assert.Contains(results, r => r.Compiled);
        Assert.All(results, r => Assert.Equal(expected[r.Case], r.Json));
    }

    [Fact]
    public async Task A_failed_compilation_keeps_the_interpreter_answering_and_is_published()
    {
        var ruleSet = Compiled.Value;
        var identity = ruleSet.Identity with { Name = "tier-failure-" + Guid.NewGuid().ToString("N") };
        var failures = new ConcurrentQueue<long>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == RiskTriageTelemetry.CompilationFailuresInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            // Other tests run in parallel: only this rule set's measurements.
            foreach (var tag in tags)
            {
                if (tag.Key == RiskTriageTelemetry.RuleSetNameTag && Equals(tag.Value, identity.Name))
                {
                    failures.Enqueue(value);
                }
            }
        });
        meters.Start();
        var spans = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RiskTriageTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == RiskTriageTelemetry.CompileActivity && Equals(activity.GetTagItem(RiskTriageTelemetry.RuleSetNameTag), identity.Name))
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(activities);

        var interpreter = new RuleSetInterpreter(ruleSet.Checked);
        var tier = new TieredEvaluator<CaseRecord>(identity, interpreter.Evaluate, () => throw new InvalidOperationException("a defect in the emitter"));

        Assert.False(await tier.Compiled.WaitAsync(TimeSpan.FromMinutes(10)));
        foreach (var json in Cases.Value)
        {
            var (record, caseId) = Record(ruleSet, json);
            var decision = ruleSet.NewDecision(caseId, TraceDetail.None);
            RuleSet.Run(tier.Evaluate, record, decision);
            Assert.Equal(ruleSet.Evaluate(json).ToJson(), decision.ToJson());
        }

        Assert.Equal([1L], failures);
        var span = Assert.Single(spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.StartsWith(DiagnosticCodes.CompiledTierFailed + ":", span.StatusDescription, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: a defect in the emitter", span.StatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_is_worded_with_its_code_the_rule_set_and_what_happens_next()
    {
        var failure = CompiledTier.Failure(new RuleSetIdentity("probation", "3.1", "sha256:00"), new OutOfMemoryException("no room"));

        Assert.Equal(DiagnosticCodes.CompiledTierFailed, failure.Code);
        Assert.Equal("RT0750", failure.Code);
        Assert.Equal(DiagnosticSeverity.Warning, failure.Severity);
        Assert.Contains("probation 3.1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("OutOfMemoryException: no room", failure.Message, StringComparison.Ordinal);
        Assert.Contains("evaluated by the interpreter, with the same decisions", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RuleSetBackend.Compiled)]
    [InlineData(RuleSetBackend.Interpreted)]
    [InlineData(RuleSetBackend.Tiered)]
    public async Task Where_dynamic_code_is_not_compiled_every_back_end_is_the_interpreter_and_nothing_is_compiled(RuleSetBackend backend)
    {
        // Native AOT: Expression.Compile would interpret the emitted tree (slower than the interpreter, after a load
        // spent building it), and the emitter's reflection is not kept by the AOT compiler.
        var ruleSet = Compiled.Value;
        var interpreter = new RuleSetInterpreter(ruleSet.Checked);
        var compilations = 0;
        Action<CaseRecord, Decision>? published = null;
        var evaluators = CompiledTier.For<CaseRecord>(backend, ruleSet.Identity, () => interpreter.Evaluate,
            trace =>
            {
                Interlocked.Increment(ref compilations);
                return RuleSetCompiler.Compile<CaseRecord>(ruleSet.Checked, RecordDataBinding.Instance, trace, validateEnums: false);
            },
            code => published = code, dynamicCodeCompiled: false);

        var (record, caseId) = Record(ruleSet, Cases.Value[0]);
        foreach (var (evaluate, trace) in new[] { (evaluators.Evaluate, TraceDetail.None), (evaluators.Traced.Value, TraceDetail.Full) })
        {
            var decision = ruleSet.NewDecision(caseId, trace);
            RuleSet.Run(evaluate, record, decision);
            Assert.Equal(ruleSet.Evaluate(Cases.Value[0], trace).ToJson(), decision.ToJson());
        }

        Assert.False(await evaluators.Compiled.Value);
        Assert.Same(interpreter, evaluators.Evaluate.Target);
        Assert.Equal(0, compilations);
        Assert.Null(published);
    }

    [Theory]
    [InlineData(RuleSetBackend.Compiled, true, RuleSetBackend.Compiled)]
    [InlineData(RuleSetBackend.Tiered, true, RuleSetBackend.Tiered)]
    [InlineData(RuleSetBackend.Interpreted, true, RuleSetBackend.Interpreted)]
    [InlineData(RuleSetBackend.Compiled, false, RuleSetBackend.Interpreted)]
    [InlineData(RuleSetBackend.Tiered, false, RuleSetBackend.Interpreted)]
    [InlineData(RuleSetBackend.Interpreted, false, RuleSetBackend.Interpreted)]
    public void The_back_end_asked_for_is_in_force_only_where_dynamic_code_is_compiled(RuleSetBackend requested, bool dynamicCodeCompiled, RuleSetBackend expected) =>
        Assert.Equal(expected, CompiledTier.InForce(requested, dynamicCodeCompiled));

    private static Action<CaseRecord, Decision> RecordEvaluator(RuleSet ruleSet) =>
        (Action<CaseRecord, Decision>)typeof(RuleSet).GetField("_recordEvaluator", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(ruleSet)!;

    /// <summary>A case read as the rule set reads it, for evaluating through a tier directly.</summary>
    private static (CaseRecord Record, string? CaseId) Record(RuleSet ruleSet, string json)
    {
        using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(json));
        var read = RiskTriage.Evaluation.CaseReader.Read(reader, ruleSet.Checked.Inputs, ruleSet.Checked.CaseIdField, ruleSet.Options, wholeDocument: true);
        return (read.Record ?? throw new InvalidOperationException("the case could not be read: " + json), read.CaseId);
    }
}
