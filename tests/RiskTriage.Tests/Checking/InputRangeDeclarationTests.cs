using RiskTriage.Diagnostics;

namespace RiskTriage.Tests.Checking;

/// <summary>
/// An input's declared range (<c>min</c>, <c>max</c>, <c>integer</c>, <c>outOfRange</c>) is checked when the rule set
/// loads: only on number and date inputs, bounds of the input's type, min at most max, the default inside, each
/// error located at the key that is wrong.
/// </summary>
public sealed class InputRangeDeclarationTests
{
    private static List<Diagnostic> Errors(string inputs) =>
        RuleSetSources.Errors("{" + RuleSetSources.Header + "\n\"inputs\": {\n" + inputs + "\n},\n\"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"1\" } } }")
            .Where(d => d.IsError).ToList();

    public static TheoryData<string, string, string, int, int> BadDeclarations => new()
    {
        // input declaration, code, a word of the message, line, column (the "inputs" start on line 2)
        { """ "score": { "type": "number", "min": 10, "max": 5 } """, DiagnosticCodes.InvalidRange, "empty", 3, 38 },
        { """ "score": { "type": "number", "min": "0" } """, DiagnosticCodes.InvalidRange, "finite number", 3, 38 },
        { """ "score": { "type": "number", "max": 1e999 } """, DiagnosticCodes.InvalidRange, "finite number", 3, 33 },
        { """ "name": { "type": "string", "min": 0 } """, DiagnosticCodes.RangeOnWrongType, "only number and date", 3, 30 },
        { """ "flag": { "type": "bool", "outOfRange": "review" } """, DiagnosticCodes.RangeOnWrongType, "only number and date", 3, 28 },
        { """ "items": { "type": "list", "items": "number", "max": 3 } """, DiagnosticCodes.RangeOnWrongType, "only number and date", 3, 48 },
        { """ "born": { "type": "date", "min": "1900-13-01" } """, DiagnosticCodes.InvalidRange, "YYYY-MM-DD", 3, 35 },
        { """ "born": { "type": "date", "min": 1900 } """, DiagnosticCodes.InvalidRange, "YYYY-MM-DD", 3, 35 },
        { """ "born": { "type": "date", "min": "2000-01-01", "max": "1999-12-31" } """, DiagnosticCodes.InvalidRange, "empty", 3, 35 },
        { """ "born": { "type": "date", "integer": true } """, DiagnosticCodes.RangeOnWrongType, "integer", 3, 28 },
        { """ "score": { "type": "number", "integer": "yes" } """, DiagnosticCodes.InvalidRange, "true or false", 3, 42 },
        { """ "score": { "type": "number", "max": 1, "outOfRange": "clamp" } """, DiagnosticCodes.InvalidRange, "\"review\"", 3, 55 },
        { """ "score": { "type": "number", "min": 0, "max": 100, "default": -1 } """, DiagnosticCodes.DefaultOutOfRange, "outside its declared range", 3, 64 },
        { """ "score": { "type": "number", "integer": true, "default": 1.5 } """, DiagnosticCodes.DefaultOutOfRange, "whole numbers", 3, 59 },
        { """ "born": { "type": "date", "min": "2000-01-01", "default": "1999-12-31" } """, DiagnosticCodes.DefaultOutOfRange, "2000-01-01 to", 3, 60 },
        { """ "o3": { "type": "object", "properties": { "age": { "type": "number", "min": 10, "max": 9 } } } """, DiagnosticCodes.InvalidRange, "'age'", 3, 78 },
    };

    [Theory]
    [MemberData(nameof(BadDeclarations))]
    public void A_bad_range_declaration_is_a_located_error(string input, string code, string words, int line, int column)
    {
        var error = Assert.Single(Errors(input));

        Assert.Equal(code, error.Code);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Good_range_declarations_load()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": {
              "score": { "type": "number", "min": 0, "max": 100, "default": 0, "outOfRange": "review" },
              "count": { "type": "number", "min": 0, "integer": true },
              "born": { "type": "date", "min": "1900-01-01", "max": "2100-12-31", "default": "2000-02-29" },
              "low": { "type": "number", "max": -1.5 }
            },
            "outputs": { "o": { "type": "number", "value": "score" } } }
            """);

        Assert.Empty(ruleSet.Warnings);
    }

    [Fact]
    public void OutOfRange_without_a_range_is_a_warning()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "score": { "type": "number", "outOfRange": "review" } },
            "outputs": { "o": { "type": "number", "value": "score" } } }
            """);

        Assert.Equal(DiagnosticCodes.InvalidRange, Assert.Single(ruleSet.Warnings).Code);
    }
}
