using System.Reflection;
using RiskTriage.Compilation;

namespace RiskTriage.Tests.Compilation;

/// <summary>
/// Compiled code fills a decision through <see cref="DecisionBuilder"/>, whose members are public to the assembly,
/// not through <see cref="Decision"/>'s non-public members found by reflection; and no benchmark-only hook is left in
/// the evaluator.
/// </summary>
public sealed class DecisionBuilderTests
{
    private static readonly string[] BackEndFolders = ["Compilation", "Lowering"];

    [Fact]
    public void The_back_end_reaches_no_member_by_non_public_reflection()
    {
        var files = BackEndFolders.SelectMany(f => Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "src", "RiskTriage", f), "*.cs", SearchOption.AllDirectories)).ToList();

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.DoesNotContain("BindingFlags.NonPublic", File.ReadAllText(file), StringComparison.Ordinal));
    }

    [Fact]
    public void The_builder_offers_what_compiled_code_does_to_a_decision_as_public_static_methods()
    {
        var methods = typeof(DecisionBuilder).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).ToHashSet();

        Assert.Superset(new HashSet<string> { nameof(DecisionBuilder.AddReview), nameof(DecisionBuilder.Cells), nameof(DecisionBuilder.References), nameof(DecisionBuilder.SetOutput), nameof(DecisionBuilder.Tracer) }, methods);

        var decision = RuleSetSources.Load("{" + RuleSetSources.Header + """ "inputs": { "n": "number" }, "outputs": { "n": "number" } }""").Evaluate("{}", TraceDetail.Full);
        var reason = new ReviewReason("CODE", "message", null);
        DecisionBuilder.AddReview(decision, reason);
        Assert.Equal(reason, Assert.Single(decision.ReviewReasons));
        Assert.Same(DecisionBuilder.Cells(decision), DecisionBuilder.Cells(decision));
        Assert.Same(DecisionBuilder.References(decision), DecisionBuilder.References(decision));
        Assert.NotNull(DecisionBuilder.Tracer(decision));
    }

    [Fact]
    public void A_reference_is_stored_at_its_place_and_a_place_outside_the_references_is_refused()
    {
        // The store skips the array's covariance check, not its bounds: a place outside is a defect, never a write past the end.
        var decision = RuleSetSources.Load("{" + RuleSetSources.Header + """ "inputs": { "t": "string" }, "outputs": { "t": "string", "u": "string" } }""").Evaluate("{}");
        var references = DecisionBuilder.References(decision);
        Assert.Equal(2, references.Length);

        DecisionBuilder.SetReference(references, 1, "second");
        Assert.Equal("second", decision["u"].AsString);
        Assert.True(decision["t"].IsMissing);
        Assert.Throws<IndexOutOfRangeException>(() => DecisionBuilder.SetReference(references, 2, "past"));
        Assert.Throws<IndexOutOfRangeException>(() => DecisionBuilder.SetReference(references, -1, "before"));

        // Nor its type: an array of texts seen as object?[] would take any object through a plain store.
        object?[] texts = new string?[2];
        Assert.Throws<ArrayTypeMismatchException>(() => DecisionBuilder.SetReference(texts, 0, 42));
        Assert.Null(texts[0]);
    }

    [Fact]
    public void A_code_is_stored_at_its_byte_of_the_cells_and_a_place_outside_the_cells_is_refused()
    {
        // One number, then two enumerated texts as the bytes 8 and 9 of the second cell.
        var decision = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "n": "number" },
            "outputs": { "a": { "type": "string", "enum": ["X", "Y"] }, "n": "number", "b": { "type": "string", "enum": ["P", "Q", "R"] } }
            }
            """).Evaluate("{}");
        var cells = DecisionBuilder.Cells(decision);
        Assert.Equal(2, cells.Length);

        DecisionBuilder.SetCode(cells, 9, 3);
        DecisionBuilder.SetCode(cells, 8, 2);
        Assert.Equal("R", decision["b"].AsString);
        Assert.Equal("Y", decision["a"].AsString);
        Assert.True(decision["n"].IsMissing);
        DecisionBuilder.SetCode(cells, 8, 0);
        Assert.True(decision["a"].IsMissing);
        Assert.Equal("R", decision["b"].AsString);

        Assert.Throws<IndexOutOfRangeException>(() => DecisionBuilder.SetCode(cells, 16, 1));
        Assert.Throws<IndexOutOfRangeException>(() => DecisionBuilder.SetCode(cells, -1, 1));
        Assert.Equal([0L], cells[..1]);
    }

    [Fact]
    public void No_benchmark_hook_is_left_in_the_library()
    {
        var members = typeof(RuleSet).Assembly.GetTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.Contains("FixedWork", StringComparison.Ordinal))
            .Select(m => $"{m.DeclaringType}.{m.Name}");

        Assert.Empty(members);
    }
}
