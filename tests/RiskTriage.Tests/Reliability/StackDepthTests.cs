using System.Text;
using Newtonsoft.Json;
using RiskTriage.Diagnostics;

namespace RiskTriage.Tests.Reliability;

/// <summary>
/// A host could raise the depth limits without bound: MaxExpressionDepth 3000 and an expression of 3,000 nested
/// parentheses overflowed the stack in the parser, which ends the process. Now the depth limits have hard maximums,
/// every expression at the maximum loads and evaluates on a 1 MiB thread, and each recursive phase checks the stack
/// it has left, so a deep expression on a thread with a small stack is a diagnostic, not an overflow. (These run on
/// threads of a chosen stack size through <see cref="Guarded"/>: before the checks, the small-stack loads overflowed
/// and took the test process down.)
/// </summary>
public sealed class StackDepthTests
{
    private static readonly RuleSetOptions Deepest = new()
    {
        Limits = new RuleSetLimits { MaxExpressionDepth = RuleSetLimits.HardMaxExpressionDepth, MaxJsonDepth = RuleSetLimits.HardMaxJsonDepth, MaxExpressionLength = 1_000_000 },
    };

    [Theory]
    [InlineData(nameof(RuleSetLimits.MaxExpressionDepth), 3_000)]
    [InlineData(nameof(RuleSetLimits.MaxExpressionDepth), RuleSetLimits.HardMaxExpressionDepth + 1)]
    [InlineData(nameof(RuleSetLimits.MaxJsonDepth), 3_000)]
    [InlineData(nameof(RuleSetLimits.MaxJsonDepth), RuleSetLimits.HardMaxJsonDepth + 1)]
    [InlineData(nameof(RuleSetLimits.MaxExpressionDepth), 0)]
    [InlineData(nameof(RuleSetLimits.MaxCollectionItems), 0)]
    [InlineData(nameof(RuleSetLimits.MaxCaseItems), -1)]
    [InlineData(nameof(RuleSetLimits.MaxCaseErrors), 0)]
    [InlineData(nameof(RuleSetLimits.MaxFileBytes), -5)]
    public void A_limit_out_of_its_range_is_rejected_when_the_limits_are_made(string name, int value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Set(name, value));
        Assert.Equal(name, error.ParamName);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hard_maximums_themselves_are_allowed()
    {
        Assert.Equal(RuleSetLimits.HardMaxExpressionDepth, Deepest.Limits.MaxExpressionDepth);
        Assert.Equal(RuleSetLimits.HardMaxJsonDepth, Deepest.Limits.MaxJsonDepth);
    }

    private static RuleSetLimits Set(string name, int value)
    {
        var property = typeof(RuleSetLimits).GetProperty(name)!;
        var limits = new RuleSetLimits();
        try
        {
            // The init accessor, as an object initializer calls it.
            property.SetMethod!.Invoke(limits, [value]);
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }

        return limits;
    }

    /// <summary>Expressions nested <paramref name="depth"/> levels in each way the grammar nests.</summary>
    public static TheoryData<string> Shapes => new() { "parentheses", "negation", "not", "call", "conditional", "right-nested sum", "left-nested sum" };

    private static string Nested(string shape, int depth) => shape switch
    {
        "parentheses" => new string('(', depth - 1) + "a" + new string(')', depth - 1),
        "negation" => Repeat("-", depth - 1) + "a",
        "not" => Repeat("not ", depth - 1) + "(a > 0)",
        "call" => Repeat("abs(", depth / 2) + "a" + new string(')', depth / 2),
        "conditional" => Repeat("a > 0 ? 1 : (", depth / 2) + "a" + new string(')', depth / 2),
        "right-nested sum" => Repeat("a + (", depth / 2) + "a" + new string(')', depth / 2),
        "left-nested sum" => string.Join(" + ", Enumerable.Repeat("a", depth - 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    private static Dictionary<string, string> WithOutput(string expression, string type = "number") => RuleSetSources.One("{" + RuleSetSources.Header +
        "\"inputs\": { \"a\": \"number\" }, \"outputs\": { \"o\": { \"type\": \"" + type + "\", \"value\": " + JsonConvert.ToString(expression) + " } } }");

    [Theory]
    [MemberData(nameof(Shapes))]
    public void An_expression_at_the_hard_maximum_loads_and_evaluates_on_a_1_MiB_thread(string shape)
    {
        var type = shape == "not" ? "bool" : "number";
        var outcome = Guarded.Load(WithOutput(Nested(shape, RuleSetLimits.HardMaxExpressionDepth - 2), type), Deepest, Guarded.HugeLimit, Guarded.DefaultStack);
        Assert.True(outcome.RuleSet is not null, outcome.Describe());
        var decision = Guarded.Evaluate(outcome.RuleSet!, "{ \"a\": 1 }");
        Assert.False(decision.Outputs.Single().Value.IsMissing);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_deep_expression_on_a_small_stack_is_a_diagnostic_not_an_overflow(string shape)
    {
        var outcome = Guarded.Load(WithOutput(Nested(shape, RuleSetLimits.HardMaxExpressionDepth - 2), shape == "not" ? "bool" : "number"), Deepest, Guarded.HugeLimit, 160 * 1024);
        if (outcome.RuleSet is null)
        {
            Assert.Subset(new HashSet<string> { DiagnosticCodes.NestedTooDeeply, DiagnosticCodes.StackExhausted }, outcome.ErrorCodes.ToHashSet());
            Assert.Contains(outcome.Diagnostics, d => d.Message.Contains("stack of the loading thread", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Types_nested_to_the_hard_maximum_load_on_a_1_MiB_thread_and_a_small_stack_gives_a_diagnostic()
    {
        const int levels = 120;
        var type = "\"number\"";
        for (var i = 0; i < levels; i++)
        {
            type = "{ \"type\": \"object\", \"properties\": { \"x\": " + type + " } }";
        }

        var files = RuleSetSources.One("{" + RuleSetSources.Header + "\"inputs\": { \"deep\": " + type + " }, \"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"1\" } } }");
        Assert.NotNull(Guarded.Load(files, Deepest, Guarded.HugeLimit, Guarded.DefaultStack).RuleSet);
        var small = Guarded.Load(files, Deepest, Guarded.HugeLimit, 160 * 1024);
        Assert.True(small.RuleSet is not null || small.ErrorCodes.Contains(DiagnosticCodes.StackExhausted), small.Describe());
    }
}
