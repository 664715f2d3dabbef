namespace RiskTriage.Cli.Tests;

public class JsonTextTests
{
    [Fact]
    public void Checking_a_case_nested_a_million_levels_deep_takes_little_memory()
    {
        var deep = new string('[', 1_000_000) + new string(']', 1_000_000);
        JsonText.SyntaxError("[1]");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = JsonText.SyntaxError(deep);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(error);
        Assert.True(allocated < 4_000_000, $"checking allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_syntax_error_before_deep_nesting_is_still_found()
    {
        var error = JsonText.SyntaxError("{\"a\": 1,,\n \"b\": " + new string('[', 5000) + new string(']', 5000) + "}");

        Assert.NotNull(error);
        Assert.Equal(1, error.Value.Line);
    }
}
