using Newtonsoft.Json.Linq;
using RiskTriage.Diagnostics;
using RiskTriage.Loading;

namespace RiskTriage.Tests.Loading;

/// <summary>Where tokens of a rule file are, and where a character inside a JSON string (an expression) is in the file.</summary>
public sealed class RuleFileTests
{
    private static RuleFile Parse(string text)
    {
        var bag = new DiagnosticBag();
        var file = RuleFileReader.ParseText("f.json", text, RuleSetLimits.Default, bag);
        Assert.False(bag.HasErrors, string.Join("\n", bag.Diagnostics));
        return file!;
    }

    /// <summary>The 1-based column of the first occurrence of <paramref name="needle"/> on line <paramref name="line"/>.</summary>
    private static int ColumnOf(RuleFile file, int line, string needle) => file.GetLine(line)!.IndexOf(needle, StringComparison.Ordinal) + 1;

    [Fact]
    public void A_property_is_located_at_the_opening_quote_of_its_name()
    {
        var file = Parse("{\n  \"values\": {\n    \"adult\" :  \"age >= 18\"\n  }\n}");

        var location = file.Locate(file.Root["values"]!.Parent!);
        Assert.Equal(new SourceLocation("f.json", 2, 3, 8), location);

        var adult = ((JObject)file.Root["values"]!).Property("adult")!;
        Assert.Equal(new SourceLocation("f.json", 3, 5, 7), file.Locate(adult));
    }

    [Fact]
    public void A_string_is_located_at_its_opening_quote_and_spans_its_quotes()
    {
        var file = Parse("{ \"a\": [ 1, \"two\", true, null, -2.5 ] }");
        var array = (JArray)file.Root["a"]!;

        Assert.Equal(new SourceLocation("f.json", 1, 13, 5), file.Locate(array[1]));
        Assert.Equal(new SourceLocation("f.json", 1, 10, 1), file.Locate(array[0]));
        Assert.Equal(new SourceLocation("f.json", 1, 20, 4), file.Locate(array[2]));
        Assert.Equal(new SourceLocation("f.json", 1, 26, 4), file.Locate(array[3]));
        Assert.Equal(new SourceLocation("f.json", 1, 32, 4), file.Locate(array[4]));
    }

    [Fact]
    public void Objects_and_arrays_are_located_at_their_opening_bracket()
    {
        var file = Parse("{\n  \"rows\": [\n    { \"id\": \"x\" }\n  ]\n}");

        Assert.Equal(new SourceLocation("f.json", 2, 11, 1), file.Locate(file.Root["rows"]!));
        Assert.Equal(new SourceLocation("f.json", 3, 5, 1), file.Locate(file.Root["rows"]![0]!));
    }

    [Theory]
    [InlineData("""    "when": "plain and typo > 1" }""", "typo")]
    [InlineData("""    "when": "name == \"O\\\"Brien\" and typo > 1" }""", "typo")]
    [InlineData("""    "when": "name == \"Ren\u00e9e\" and typo > 1" }""", "typo")]
    [InlineData("""    "when": "\"\\\\\" == name and typo > 1" }""", "typo")]
    [InlineData("""    "when": "\"a\tb\\n\" == name and typo" }""", "typo")]
    [InlineData("""    "when": "\"\ud83d\ude00\" == name and typo" }""", "typo")]
    [InlineData("""    "when": "name == \"é😀\" and typo" }""", "typo")]
    public void A_position_inside_a_string_maps_to_the_file_column_after_escapes(string line, string word)
    {
        var file = Parse("{ \"x\": 1,\n" + line.Replace("\"when\"", "\"y\": 2, \"when\"", StringComparison.Ordinal) + "\n");
        var token = file.Root["when"]!;
        var decoded = (string)token!;

        var location = file.LocateInString(token, decoded.IndexOf(word, StringComparison.Ordinal), word.Length);

        Assert.Equal(2, location.Line);
        Assert.Equal(ColumnOf(file, 2, word), location.Column);
        Assert.Equal(word.Length, location.Length);
    }

    [Fact]
    public void A_span_covering_an_escape_covers_its_raw_characters()
    {
        var file = Parse("{ \"when\": \"risk == \\\"HGIH\\\"\" }");
        var decoded = (string)file.Root["when"]!;

        var location = file.LocateInString(file.Root["when"]!, decoded.IndexOf('"', StringComparison.Ordinal), "\"HGIH\"".Length);

        Assert.Equal(ColumnOf(file, 1, "\\\"HGIH"), location.Column);
        Assert.Equal("\\\"HGIH\\\"".Length, location.Length);
    }

    [Fact]
    public void Positions_are_the_same_in_a_CRLF_file()
    {
        const string text = "{\r\n  \"ruleSet\": 1,\r\n  \"when\": \"a \\\"b\\\" typo\"\r\n}\r\n";
        var file = Parse(text);
        var decoded = (string)file.Root["when"]!;

        var location = file.LocateInString(file.Root["when"]!, decoded.IndexOf("typo", StringComparison.Ordinal), 4);

        Assert.Equal(new SourceLocation("f.json", 3, ColumnOf(file, 3, "typo"), 4), location);
        Assert.Equal("  \"when\": \"a \\\"b\\\" typo\"", file.GetLine(3));
    }

    [Fact]
    public void The_end_of_a_string_maps_to_its_closing_quote()
    {
        var file = Parse("{ \"when\": \"age >\" }");
        var decoded = (string)file.Root["when"]!;

        var location = file.LocateInString(file.Root["when"]!, decoded.Length, 0);

        Assert.Equal(ColumnOf(file, 1, "\" }"), location.Column);
    }

    [Fact]
    public void GetLine_returns_null_outside_the_file()
    {
        var file = Parse("{\n}");

        Assert.Equal("{", file.GetLine(1));
        Assert.Null(file.GetLine(0));
        Assert.Null(file.GetLine(3));
    }
}
