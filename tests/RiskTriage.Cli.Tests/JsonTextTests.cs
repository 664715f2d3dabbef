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

    [Theory]
    [InlineData("""{"a":[1,2.5e3,-0,1e400,123456789012345678901234567890,true,false,null,"é\n\ud800"],"b":{}}""", true)]
    [InlineData("  [ ]  ", true)]
    [InlineData("\"text\"", true)]
    [InlineData("{'a':1}", false)]
    [InlineData("{\"a\":1} /* note */", false)]
    [InlineData("{\"a\":012}", false)]
    [InlineData("{\"a\":NaN}", false)]
    [InlineData("{\"a\":\"tab\there\"}", false)]
    [InlineData("{\"a\":1,}", false)]
    [InlineData("{\"a\":1} {}", false)]
    [InlineData("\uFEFF{}", false)]
    [InlineData("", false)]
    public void Json_well_formed_by_RFC_8259_is_told_apart_and_has_no_syntax_error_for_Newtonsoft(string json, bool wellFormed)
    {
        Assert.Equal(wellFormed, JsonText.IsWellFormed(System.Text.Encoding.UTF8.GetBytes(json)));
        if (wellFormed)
        {
            Assert.Null(JsonText.SyntaxError(json));
        }
    }

    [Theory]
    [InlineData(380)]
    [InlineData(381)]
    public void A_number_longer_than_Newtonsoft_parses_is_not_called_well_formed(int length)
    {
        foreach (var number in new[] { new string('9', length), "-" + new string('9', length - 1) })
        {
            var json = "{\"a\":" + number + "}";
            var newtonsoftReadsIt = JsonText.SyntaxError(json) is null;

            Assert.Equal(length <= 380, newtonsoftReadsIt);
            Assert.Equal(newtonsoftReadsIt, JsonText.IsWellFormed(System.Text.Encoding.UTF8.GetBytes(json)));
        }
    }
}
