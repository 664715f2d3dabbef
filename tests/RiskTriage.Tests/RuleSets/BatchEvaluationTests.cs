namespace RiskTriage.Tests.RuleSets;

/// <summary>EvaluateMany: one decision per case, in input order, the same sequentially and in parallel.</summary>
public sealed class BatchEvaluationTests
{
    private static RuleSet Example => ExampleCases.RuleSet;

    private static readonly List<ExampleCase> Cases = ExampleCases.Generate(400);

    /// <summary>Valid cases mixed with broken ones: a batch must never drop, merge or reorder a case.</summary>
    private static List<string> JsonCases()
    {
        var json = Cases.Select(c => c.ToJson()).ToList();
        json.Insert(3, "{ \"caseId\": \"broken\", \"age\": ");
        json.Insert(10, "[1, 2, 3]");
        json.Insert(50, "{ \"caseId\": \"wrong-type\", \"age\": \"old\" }");
        json.Insert(51, string.Empty);
        json.Add("{ \"caseId\": \"last\" }");
        return json;
    }

    [Fact]
    public void One_decision_per_JSON_case_in_input_order()
    {
        var json = JsonCases();

        var decisions = Example.EvaluateMany(json).ToList();

        Assert.Equal(json.Count, decisions.Count);
        for (var i = 0; i < json.Count; i++)
        {
            Assert.Equal(Example.Evaluate(json[i]).ToJson(), decisions[i].ToJson());
        }

        Assert.Equal(DecisionStatus.Invalid, decisions[3].Status);
        Assert.Equal(DecisionStatus.Invalid, decisions[10].Status);
        Assert.Equal("wrong-type", decisions[50].CaseId);
        Assert.Equal("last", decisions[^1].CaseId);
    }

    [Fact]
    public void Sequential_and_parallel_batches_give_identical_JSON()
    {
        var json = JsonCases();
        var options = new BatchOptions { Trace = TraceDetail.Full };

        var sequential = Example.EvaluateMany(json, options).Select(d => d.ToJson()).ToList();
        var parallel = Example.EvaluateMany(json, options with { MaxDegreeOfParallelism = 8 }).Select(d => d.ToJson()).ToList();
        var allCores = Example.EvaluateMany(json, options with { MaxDegreeOfParallelism = Environment.ProcessorCount + 1 }).Select(d => d.ToJson()).ToList();

        Assert.Equal(sequential, parallel);
        Assert.Equal(sequential, allCores);
    }

    [Fact]
    public void Typed_batches_are_ordered_and_match_single_evaluations_and_JSON_batches()
    {
        var sequential = Example.EvaluateMany(Cases).Select(d => d.ToJson()).ToList();
        var parallel = Example.EvaluateMany(Cases, new BatchOptions { MaxDegreeOfParallelism = 8 }).Select(d => d.ToJson()).ToList();
        var fromJson = Example.EvaluateMany(Cases.Select(c => c.ToJson()), new BatchOptions { MaxDegreeOfParallelism = 4 }).Select(d => d.ToJson()).ToList();

        Assert.Equal(Cases.Count, sequential.Count);
        Assert.Equal(sequential, parallel);
        Assert.Equal(sequential, fromJson);
        Assert.Equal(Cases.Select(c => Example.EvaluateTyped(c).ToJson()), sequential);
        Assert.Equal(Cases.Select(c => c.CaseId), Example.EvaluateMany(Cases, new BatchOptions { MaxDegreeOfParallelism = 8 }).Select(d => d.CaseId));
    }

    [Fact]
    public void A_null_in_a_typed_batch_gives_an_invalid_decision_in_its_place()
    {
        var cases = new List<ExampleCase> { ExampleCases.AdultLowRisk, null!, ExampleCases.VeryHighRisk };

        var decisions = Example.EvaluateMany(cases, new BatchOptions { MaxDegreeOfParallelism = 2 }).ToList();

        Assert.Equal([DecisionStatus.Complete, DecisionStatus.Invalid, DecisionStatus.Complete], decisions.Select(d => d.Status));
        Assert.Equal(["adult-low-risk", null, "very-high-risk"], decisions.Select(d => d.CaseId));
    }

    [Fact]
    public void The_batch_trace_level_applies_to_every_decision()
    {
        var json = JsonCases().Take(20).ToList();

        Assert.All(Example.EvaluateMany(json), d => Assert.Null(d.Trace));
        Assert.All(Example.EvaluateMany(json, new BatchOptions { Trace = TraceDetail.Summary }).Where(d => d.Status != DecisionStatus.Invalid),
            d => Assert.NotEmpty(d.Trace!));
    }

    [Fact]
    public void An_empty_batch_gives_no_decisions_and_a_null_batch_is_refused()
    {
        Assert.Empty(Example.EvaluateMany(Array.Empty<string>()));
        Assert.Empty(Example.EvaluateMany(Array.Empty<ExampleCase>(), new BatchOptions { MaxDegreeOfParallelism = 4 }));
        Assert.Throws<ArgumentNullException>(() => Example.EvaluateMany((IEnumerable<string>)null!));
    }
}
