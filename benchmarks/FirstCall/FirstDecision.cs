using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using RiskTriage;
using RiskTriage.Checking;
using RiskTriage.Compilation;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Interpretation;
using RiskTriage.Loading;
using RiskTriage.Lowering;
using RiskTriage.Lowering.Passes;
using RiskTriage.Runtime;
using RiskTriage.Shared;

namespace RiskTriage.Benchmarks;

/// <summary>
/// The first decision of the default probation rule set in a fresh process (benchmarks/first-decision.sh): the rule
/// set loaded from rules/probation with RuleSetBackend.Tiered and one case evaluated, timed in process from before the
/// load to the decision. Each line is "key value" pairs: milliseconds (wall, and the loading thread's CPU: on a shared
/// machine the steadier of the two), JIT counts and time (System.Runtime.JitInfo).
/// </summary>
internal static class FirstDecision
{
    private static string RuleSetPath => Path.Combine(RepositoryRoot.Path, "rules", "probation");

    private static string CasePath => Path.Combine(RepositoryRoot.Path, "benchmarks", "FirstCall", "probation-case.json");

    /// <summary>Through the public API only, as a user's program does it.</summary>
    public static string Run()
    {
        var json = File.ReadAllText(CasePath);
        var path = RuleSetPath;
        var report = new Report();
        // Tiered: what a program that must answer soon asks for (the default, Compiled, compiles during the load).
        var ruleSet = RuleSet.Load(path, new RuleSetOptions { Backend = RuleSetBackend.Tiered });
        report.Phase("load");
        var decision = ruleSet.Evaluate(json);
        report.Phase("evaluate");
        report.Total("first-decision");
        // After the first decision: the warnings (the tables' coverage analysis runs on this first read).
        var warnings = ruleSet.Warnings.Count;
        report.Phase("read-warnings");
        return report.With($"warnings {warnings} status {decision.Status} {ruleSet.OutputNames[0]} {decision[ruleSet.OutputNames[0]]}");
    }

    /// <summary>
    /// The case's decisions as canonical JSON, one a line: untraced and fully traced, from the JSON case and from the
    /// same case typed, with the rule set's default back end. Two builds (ReadyToRun and native AOT, whose library
    /// evaluates with its interpreter) decide alike when these lines are byte for byte the same.
    /// </summary>
    public static string DecisionsJson()
    {
        var json = File.ReadAllText(CasePath);
        var ruleSet = RuleSet.Load(RuleSetPath);
        var evaluator = ruleSet.For<Probation.ProbationCase>();
        var typed = TypedCase();
        return string.Join(Environment.NewLine,
            ruleSet.Evaluate(json).ToJson(),
            ruleSet.Evaluate(json, TraceDetail.Full).ToJson(),
            evaluator.Evaluate(typed).ToJson(),
            evaluator.Evaluate(typed, TraceDetail.Full).ToJson());
    }

    /// <summary>The load taken apart, phase by phase, through the library's internals.</summary>
    public static string Phases()
    {
        var json = File.ReadAllText(CasePath);
        var path = RuleSetPath;
        var report = new Report();
        var options = RuleSetOptions.Default;
        var bag = new DiagnosticBag();
        var files = RuleFileReader.ReadRuleSet(path, options, bag);
        report.Phase("read+parse");
        var model = ModelReader.Read(files, bag);
        report.Phase("model");
        var hash = RuleFileReader.ContentHash(files, options);
        report.Phase("hash");
        var checkedRuleSet = RuleSetChecker.Check(model, options, bag, hash, deferCoverage: true);
        report.Phase("check");
        if (bag.HasErrors)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, bag.Diagnostics));
        }

        _ = new RuleSetInterpreter(checkedRuleSet);
        report.Phase("interpreter");
        // What the rule set builds for its case readers as it is made: the JSON text reader's names, and the UTF-8 schema.
        _ = Evaluation.CaseReader.NameTable(checkedRuleSet.Inputs);
        report.Phase("name-table");
        _ = Evaluation.Utf8CaseSchema.Build(checkedRuleSet.Inputs, checkedRuleSet.CaseIdField);
        report.Phase("utf8-schema");
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled)
        {
            // Native AOT: the library evaluates with its interpreter and never lowers, emits or compiles.
            checkedRuleSet.PendingCoverage?.ReportTo(bag);
            report.Phase("deferred-coverage");
            report.Total("load-phases");
            return report.With(string.Empty);
        }

        var lowered = Lowerer.Lower(checkedRuleSet, new LoweringOptions(false, false, null));
        report.Phase("lower");
        var form = PassPipeline.Run(lowered, LoweringPasses.All);
        report.Phase("passes");
        var expression = LinqEmitter.Emit<CaseRecord>(form, RecordDataBinding.Instance);
        report.Phase("emit+compile");
        // What a load leaves until its warnings are read (the tables' coverage analysis), measured last so that it
        // does not lend the phases above the code it JIT-compiles.
        checkedRuleSet.PendingCoverage?.ReportTo(bag);
        report.Phase("deferred-coverage");
        GC.KeepAlive(expression);
        GC.KeepAlive(json);
        report.Total("load-phases");
        return report.With(string.Empty);
    }

    /// <summary>
    /// Evaluation speed once loaded, for the README's note on native AOT: the default back end (compiled code, or the
    /// interpreter where dynamic code is not compiled) and the interpreter, each on the JSON case and on the same case
    /// as a <see cref="Probation.ProbationCase"/>; nanoseconds per decision, the median of 7 timed rounds after a
    /// warm-up. A timing loop in one process, not BenchmarkDotNet: for orders of magnitude, not for small ratios.
    /// </summary>
    public static string Speed()
    {
        var json = File.ReadAllText(CasePath);
        var typed = TypedCase();
        var text = new StringBuilder();
        string? expected = null;
        foreach (var (name, backend) in new[] { ("default", RuleSetBackend.Compiled), ("interpreted", RuleSetBackend.Interpreted) })
        {
            var ruleSet = RuleSet.Load(RuleSetPath, new RuleSetOptions { Backend = backend });
            var evaluator = ruleSet.For<Probation.ProbationCase>();
            var decisions = ruleSet.Evaluate(json).ToJson();
            if (evaluator.Evaluate(typed).ToJson() != decisions)
            {
                throw new InvalidOperationException($"the {name} back end decided the typed case otherwise than its JSON");
            }

            expected ??= decisions;
            if (decisions != expected)
            {
                throw new InvalidOperationException($"the {name} back end decided otherwise:{Environment.NewLine}{decisions}{Environment.NewLine}{expected}");
            }

            text.Append(CultureInfo.InvariantCulture,
                $"{name}-backend {ruleSet.Backend} {name}-json-ns {NanosecondsPerCall(() => ruleSet.Evaluate(json)):F0} {name}-typed-ns {NanosecondsPerCall(() => evaluator.Evaluate(typed)):F0} ");
        }

        return text.Append("same-decisions true").ToString();
    }

    /// <summary>
    /// probation-case.json as a <see cref="Probation.ProbationCase"/>, written out: Newtonsoft's reflection-based
    /// deserialization finds no constructor under native AOT.
    /// </summary>
    private static Probation.ProbationCase TypedCase() => new()
    {
        CaseId = "EX-01-mappa-custody", AsOfDate = new DateOnly(2026, 6, 9), Gender = "Male", RsrScore = 23.4, OgrsScore = 81, OvpScore = 66,
        Rosh = "HIGH", MappaLevel = "M2", MappaCategory = "M1", ComplexityFactors = ["RMDO", "STRG"], IomNominal = true, HasValidAssessment = true,
        Needs = new()
        {
            Accommodation = "SEVERE", EducationTrainingAndEmployability = "NO_NEED", Relationships = "NO_NEED", LifestyleAndAssociates = "SEVERE",
            DrugMisuse = "STANDARD", AlcoholMisuse = "NO_NEED", ThinkingAndBehaviour = "SEVERE", Attitudes = "SEVERE",
            FinancialManagementAndIncome = "NO_NEED", EmotionalWellBeing = "NO_NEED",
        },
        Sentences = [new() { Type = "SC", Terminated = false, Requirements = [] }],
        Unsupervised = false, HasActiveEvent = true,
        Predictors = new()
        {
            Arp = 82.5, Csrp = 7.4, ArpType = "DYNAMIC", CsrpType = "DYNAMIC", Vrp = 66, VrpType = "DYNAMIC",
            DcSrp = new() { Band = "NOT_APPLICABLE" }, IicSrp = new() { Band = "NOT_APPLICABLE" },
        },
        DomesticAbuse = false, Stalking = false, ChildProtection = false, EverCommittedSexualOffence = false,
        SaraPartner = "NOT_APPLICABLE", SaraOthers = "NOT_APPLICABLE", OspDcLevel = "NOT_APPLICABLE", OspIicLevel = "NOT_APPLICABLE",
        PniNeeds = new()
        {
            Thinking = new() { ProCriminalAttitudes = 2, HostileOrientation = 2 },
            Relationships = new() { CurRelCloseFamily = 1, PrevCloseRelationships = 2, EasilyInfluenced = 2, AggressiveControllingBehaviour = 1 },
            SelfManagement = new() { Impulsivity = 2, TemperControl = 2, ProblemSolvingSkills = 1, DifficultiesCoping = 1 },
        },
        LdcScore = 1, Setting = "CUSTODY", LiferIpp = false,
    };

    private static double NanosecondsPerCall(Func<Decision> evaluate)
    {
        const int Calls = 20_000;
        for (var i = 0; i < Calls; i++)
        {
            _ = evaluate();
        }

        var rounds = new double[7];
        for (var round = 0; round < rounds.Length; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Calls; i++)
            {
                _ = evaluate();
            }

            rounds[round] = clock.Elapsed.TotalNanoseconds / Calls;
        }

        Array.Sort(rounds);
        return rounds[rounds.Length / 2];
    }

    /// <summary>
    /// The floor under the read+parse phase: the same rule files read and parsed by Newtonsoft alone, into the same
    /// JToken tree with line information and the same settings as the loader, in a fresh process (no strict scan).
    /// </summary>
    public static string NewtonsoftFloor()
    {
        var paths = Directory.GetFiles(RuleSetPath, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToArray();
        var report = new Report();
        var tokens = 0;
        foreach (var path in paths)
        {
            using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(File.ReadAllText(path)))
            {
                DateParseHandling = Newtonsoft.Json.DateParseHandling.None,
                FloatParseHandling = Newtonsoft.Json.FloatParseHandling.Double,
            };
            var root = Newtonsoft.Json.Linq.JToken.ReadFrom(reader, new Newtonsoft.Json.Linq.JsonLoadSettings
            {
                LineInfoHandling = Newtonsoft.Json.Linq.LineInfoHandling.Load,
                DuplicatePropertyNameHandling = Newtonsoft.Json.Linq.DuplicatePropertyNameHandling.Error,
                CommentHandling = Newtonsoft.Json.Linq.CommentHandling.Ignore,
            });
            tokens += root.Count();
        }

        report.Phase("newtonsoft-parse");
        return report.With(string.Create(CultureInfo.InvariantCulture, $"files {paths.Length} top-level-tokens {tokens}"));
    }

    private sealed class Report
    {
        private readonly StringBuilder _text = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        private readonly double _threadCpuAtStart = ThreadCpuMilliseconds();
        private TimeSpan _last;
        private double _lastThreadCpu = ThreadCpuMilliseconds();
        private long _jitMethods = JitInfo.GetCompiledMethodCount();
        private TimeSpan _jitTime = JitInfo.GetCompilationTime();

        public void Phase(string name)
        {
            var now = _clock.Elapsed;
            var methods = JitInfo.GetCompiledMethodCount();
            var jit = JitInfo.GetCompilationTime();
            var threadCpu = ThreadCpuMilliseconds();
            _text.Append(CultureInfo.InvariantCulture, $"{name}-ms {(now - _last).TotalMilliseconds:F1} {name}-thread-cpu-ms {threadCpu - _lastThreadCpu:F1} {name}-jit-methods {methods - _jitMethods} {name}-jit-ms {(jit - _jitTime).TotalMilliseconds:F1} ");
            _last = now;
            _lastThreadCpu = threadCpu;
            _jitMethods = methods;
            _jitTime = jit;
        }

        public void Total(string name)
        {
            var process = Process.GetCurrentProcess();
            _text.Append(CultureInfo.InvariantCulture,
                $"{name}-ms {_clock.Elapsed.TotalMilliseconds:F1} {name}-cpu-ms {(process.TotalProcessorTime - _cpuAtStart).TotalMilliseconds:F1} "
                + $"{name}-thread-cpu-ms {ThreadCpuMilliseconds() - _threadCpuAtStart:F1} "
                + $"jit-methods {JitInfo.GetCompiledMethodCount()} jit-ms {JitInfo.GetCompilationTime().TotalMilliseconds:F1} "
                + $"since-process-start-ms {(DateTime.Now - process.StartTime).TotalMilliseconds:F1} ");
        }

        public string With(string tail) => (_text + tail).TrimEnd();

        /// <summary>
        /// The CPU time of the calling thread (Linux: CLOCK_THREAD_CPUTIME_ID): on a shared machine, a steadier measure
        /// of the work before the first decision than the wall clock, and without the background compilation's thread.
        /// </summary>
        private static double ThreadCpuMilliseconds()
        {
            if (!OperatingSystem.IsLinux())
            {
                return double.NaN;
            }

            ClockGetTime(3, out var time);
            return (time.Seconds * 1e3) + (time.Nanoseconds / 1e6);
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);

        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }
}
