using System.Text;
using RulesEngine.Models;
using RiskTriage.Shared;
using Xunit.Abstractions;
using ReEngine = RulesEngine.RulesEngine;

namespace RiskTriage.RulesEngine.Tests;

/// <summary>
/// The corpus of workflows in Corpus/workflows.json, each run by Microsoft RulesEngine and by
/// <see cref="RiskTriageRulesEngine"/> on the same random inputs, comparing every field of every result tree.
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    private const int InputsPerWorkflow = 1000;

    public static TheoryData<string> WorkflowNames()
    {
        var data = new TheoryData<string>();
        foreach (var workflow in Corpus.Workflows)
        {
            data.Add(workflow.WorkflowName);
        }

        return data;
    }

    [Fact]
    public void The_corpus_has_at_least_60_workflows() => Assert.True(Corpus.Workflows.Length >= 60, $"{Corpus.Workflows.Length} workflows");

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public async Task Workflow_gives_the_same_results_as_RulesEngine(string name)
    {
        var workflow = Corpus.Workflows.Single(w => w.WorkflowName == name);
        var reference = new ReEngine([Corpus.Copy(workflow)]);
        var ours = new RiskTriageRulesEngine([Corpus.Copy(workflow)]);
        var generator = new InputGenerator(name.GetHashCode(StringComparison.Ordinal) ^ 20);
        var comparisons = 0;
        for (var i = 0; i < InputsPerWorkflow; i++)
        {
            var customer = generator.Customer();
            var visit = generator.Visit();
            var expected = await reference.ExecuteAllRulesAsync(name, customer, visit);
            var actual = await ours.ExecuteAllRulesAsync(name, customer, visit);
            var differences = new List<string>();
            comparisons += ResultComparer.Compare(expected, actual, "", differences);
            if (differences.Count > 0)
            {
                Assert.Fail($"input {i} ({System.Text.Json.JsonSerializer.Serialize(customer)}, {visit}):{Environment.NewLine}{string.Join(Environment.NewLine, differences)}");
            }
        }

        output.WriteLine($"{name}: {InputsPerWorkflow} inputs, {comparisons} field comparisons");
        Corpus.Count(comparisons);
    }
}

internal static class Corpus
{
    private static long _comparisons;

    public static readonly Workflow[] Workflows = System.Text.Json.JsonSerializer.Deserialize<Workflow[]>(
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "RiskTriage.RulesEngine.Tests", "Corpus", "workflows.json")))!;

    public static Workflow Copy(Workflow workflow) =>
        System.Text.Json.JsonSerializer.Deserialize<Workflow>(System.Text.Json.JsonSerializer.Serialize(workflow))!;

    public static void Count(int comparisons)
    {
        var total = Interlocked.Add(ref _comparisons, comparisons);
        Console.WriteLine($"differential comparisons so far: {total}");
    }
}

/// <summary>Compares two result lists field by field; returns how many fields it compared.</summary>
internal static class ResultComparer
{
    public static int Compare(IEnumerable<RuleResultTree>? expected, IEnumerable<RuleResultTree>? actual, string path, List<string> differences)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
            {
                differences.Add($"{path}: ChildResults {(expected is null ? "null" : "present")} vs {(actual is null ? "null" : "present")}");
            }

            return 1;
        }

        var e = expected.ToList();
        var a = actual.ToList();
        if (e.Count != a.Count)
        {
            differences.Add($"{path}: {e.Count} results vs {a.Count}");
            return 1;
        }

        var count = 1;
        for (var i = 0; i < e.Count; i++)
        {
            var where = $"{path}/{e[i].Rule.RuleName}";
            count += 6;
            Check(e[i].Rule.RuleName == a[i].Rule.RuleName, where, "RuleName", e[i].Rule.RuleName, a[i].Rule.RuleName, differences);
            Check(ReferenceEquals(e[i].Rule.SuccessEvent, a[i].Rule.SuccessEvent) || e[i].Rule.SuccessEvent == a[i].Rule.SuccessEvent, where, "SuccessEvent", e[i].Rule.SuccessEvent, a[i].Rule.SuccessEvent, differences);
            Check(e[i].IsSuccess == a[i].IsSuccess, where, "IsSuccess", e[i].IsSuccess, a[i].IsSuccess, differences);
            Check(SameMessage(e[i].ExceptionMessage, a[i].ExceptionMessage), where, "ExceptionMessage", e[i].ExceptionMessage, a[i].ExceptionMessage, differences);
            Check(Equals(e[i].ActionResult?.Output, a[i].ActionResult?.Output), where, "ActionResult.Output", e[i].ActionResult?.Output, a[i].ActionResult?.Output, differences);
            Check((e[i].ActionResult?.Exception is null) == (a[i].ActionResult?.Exception is null), where, "ActionResult.Exception", e[i].ActionResult?.Exception?.Message, a[i].ActionResult?.Exception?.Message, differences);
            foreach (var (key, value) in e[i].Inputs.Where(kv => kv.Key.StartsWith("input", StringComparison.Ordinal)))
            {
                count++;
                Check(a[i].Inputs.TryGetValue(key, out var other) && ReferenceEquals(value, other), where, $"Inputs[{key}]", value, a[i].Inputs.GetValueOrDefault(key), differences);
            }

            count += Compare(e[i].ChildResults, a[i].ChildResults, where, differences);
        }

        return count;
    }

    // Scoped-parameter failures carry the whole exception with its stack trace in RulesEngine: the first line is compared.
    private static bool SameMessage(string? expected, string? actual)
    {
        static string FirstLine(string? s) => (s ?? string.Empty).Split('\n')[0].TrimEnd('\r');
        return FirstLine(expected) == FirstLine(actual);
    }

    private static void Check(bool same, string path, string field, object? expected, object? actual, List<string> differences)
    {
        if (!same)
        {
            differences.Add($"{path}: {field}: RulesEngine {Show(expected)}, RiskTriage {Show(actual)}");
        }
    }

    private static string Show(object? value) => value is null ? "null" : $"{value} ({value.GetType().Name})";
}
