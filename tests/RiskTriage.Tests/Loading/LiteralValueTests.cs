using RiskTriage.Diagnostics;
using RiskTriage.Loading;

namespace RiskTriage.Tests.Loading;

/// <summary>Literals as the loader hands them to the checker: kind, value, items and properties, and where each was written.</summary>
public sealed class LiteralValueTests
{
    private static (RuleFile File, LiteralValue Value) Read(string json)
    {
        var bag = new DiagnosticBag();
        var file = RuleFileReader.ParseText("f.json", "{ \"v\": " + json + " }", RuleSetLimits.Default, bag)!;
        Assert.False(bag.HasErrors, string.Join("\n", bag.Diagnostics));
        return (file, LiteralValue.Read(file.Root["v"]!, file));
    }

    [Theory]
    [InlineData("null", "Null")]
    [InlineData("true", "Bool")]
    [InlineData("42", "Integer")]
    [InlineData("-2.5", "Float")]
    [InlineData("\"high\"", "String")]
    [InlineData("[1, 2]", "Array")]
    [InlineData("{ \"expr\": \"a + 1\" }", "Object")]
    public void Each_json_kind_is_read_as_its_literal_kind(string json, string kind) =>
        Assert.Equal(Enum.Parse<LiteralKind>(kind), Read(json).Value.Kind);

    [Fact]
    public void Values_items_and_properties_are_read_with_the_place_each_was_written()
    {
        var (_, list) = Read("[ 7, \"x\", false, { \"test\": \"a > 1\" } ]");

        Assert.Equal(7, list.Items[0].Number);
        Assert.Equal("x", list.Items[1].Text);
        Assert.False(list.Items[2].Bool);
        var test = list.Items[3].Property("test")!;
        Assert.Equal("a > 1", test.Text);
        Assert.Null(list.Items[3].Property("expr"));
        Assert.Equal(new SourceLocation("f.json", 1, 13, 3), list.Items[1].Source.Location);
        Assert.Equal("v[3].test", test.Source.Path);
        Assert.Equal("[7,\"x\",false,{\"test\":\"a > 1\"}]", list.Json);
        Assert.Equal("x", list.Items[1].ToString());
    }

    [Fact]
    public void A_position_inside_a_string_accounts_for_escapes()
    {
        var (_, value) = Read("\"\\\"hi\\\" > x\"");

        // The decoded text is "hi" > x; the x is decoded character 7, written at column 18 of the line.
        Assert.Equal(new SourceLocation("f.json", 1, 18, 1), value.Source.LocateInString(7, 1));
    }

    [Fact]
    public void A_value_given_in_code_reads_as_the_json_it_would_be_written_as()
    {
        var list = LiteralValue.FromObject(new object[] { 1.5, "a" });

        Assert.Equal(LiteralKind.Array, list.Kind);
        Assert.Equal(1.5, list.Items[0].Number);
        Assert.Equal("a", list.Items[1].Text);
        Assert.Equal(LiteralKind.Null, LiteralValue.FromObject(null).Kind);
        Assert.Null(list.Source.File);
        Assert.Equal(new SourceLocation(null, 1, 1, 1), list.Source.Location);
    }
}
