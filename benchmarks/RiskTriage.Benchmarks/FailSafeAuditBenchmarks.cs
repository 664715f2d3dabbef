using BenchmarkDotNet.Attributes;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Benchmarks.Baseline;
using RiskTriage.Probation;

namespace RiskTriage.Benchmarks;

/// <summary>
/// The fail-safe audit's own cost per case: the default probation rule set audited over generated cases with random
/// missing fields (the audit evaluates each case once per probe of each missing input it reads). Normal evaluation
/// is measured by <see cref="ProbationEvaluateBenchmarks"/>; the audit adds nothing to it.
/// </summary>
[MemoryDiagnoser]
public class FailSafeAuditBenchmarks
{
    private const int Cases = 16;

    private RuleSet _ruleSet = null!;
    private string[] _json = [];

    [GlobalSetup]
    public void Setup()
    {
        _ruleSet = RuleSet.Load(RepositoryPaths.ProbationRuleSet);
        var typed = _ruleSet.For<ProbationCase>();
        var serializer = JsonSerializer.Create(new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore });
        _json = ProbationCaseGenerator.Generate(Cases * 2, seed: 7)
            .Where(c => typed.Evaluate(c).Status != DecisionStatus.Invalid)
            .Take(Cases)
            .Select(c => JObject.FromObject(c, serializer).ToString(Formatting.None))
            .ToArray();
        if (_json.Length != Cases)
        {
            throw new InvalidOperationException($"the generator gave {_json.Length} valid cases of {Cases}");
        }
    }

    /// <summary>The audit of one case (averaged over the batch), default bounds, missing inputs only.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    public int AuditPerCase() => _ruleSet.AuditFailSafe(_json).Findings.Count;
}
