using RiskTriage.Loading;

namespace RiskTriage.Tests.Loading;

/// <summary>Rule files are strict JSON plus comments: each kind of mistake is reported where it is, in the author's terms, with a fix.</summary>
public sealed class StrictJsonTests
{
    private static StrictJson.Problem Single(string text) => Assert.Single(StrictJson.Check(text, allowComments: true, maxDepth: 64));

    [Theory]
    [InlineData("missing comma", "{\n  \"a\": 1\n  \"b\": 2\n}", 2, 9, "expected ',' or '}' after the value on line 2")]
    [InlineData("missing comma in a list", "{ \"a\": [1 2] }", 1, 10, "expected ',' or ']' after the value on line 1")]
    [InlineData("missing colon", "{ \"a\" 1 }", 1, 6, "expected ':' after the key on line 1")]
    [InlineData("unclosed text", "{ \"a\": \"open\n}", 1, 8, "this text has no closing quote before the end of line 1: add \"")]
    [InlineData("unclosed object", "{ \"a\": { \"b\": 1 }", 1, 1, "this object is not closed: a '}' is missing before the end of the file")]
    [InlineData("unclosed list", "{ \"a\": [1, 2 }", 1, 14, "expected ']' to close the list opened on line 1, not '}'")]
    [InlineData("trailing comma in an object", "{ \"a\": 1, }", 1, 9, "a comma before '}' is not allowed in JSON: remove it")]
    [InlineData("trailing comma in a list", "{ \"a\": [1, 2,] }", 1, 13, "a comma before ']' is not allowed in JSON: remove it")]
    [InlineData("stray text", "{ \"a\": 1 } x", 1, 12, "there is more text after the end of the JSON document; a rule file holds one object")]
    [InlineData("stray character", "{ \"a\": 1 @ }", 1, 10, "unexpected character '@'")]
    [InlineData("octal-looking number", "{ \"a\": 075 }", 1, 8, "a number cannot start with 0 (075): write 75 (JSON has no octal numbers)")]
    [InlineData("hexadecimal number", "{ \"a\": 0x4B }", 1, 8, "JSON has no hexadecimal numbers: write 75 instead of 0x4B")]
    [InlineData("single quotes", "{ \"a\": 'HIGH' }", 1, 8, "text must be in double quotes \"...\"; JSON has no single quotes")]
    [InlineData("unquoted key", "{ a: 1 }", 1, 3, "a key must be in double quotes: \"a\"")]
    [InlineData("unquoted text", "{ \"a\": HIGH }", 1, 8, "text must be in double quotes: \"HIGH\"")]
    [InlineData("new Date", "{ \"a\": new Date(1) }", 1, 8, "'new ...' is JavaScript, not JSON: write the value itself (a date as text \"YYYY-MM-DD\")")]
    [InlineData("undefined", "{ \"a\": undefined }", 1, 8, "'undefined' is not JSON: write null")]
    [InlineData("raw NUL", "{ \"a\": 1 \0}", 1, 10, "a NUL character (U+0000) is not allowed in a rule file; remove it")]
    [InlineData("raw NUL in text", "{ \"a\": \"x\0\" }", 1, 10, "the control character U+0000 cannot appear in text as it is; write it as \\u0000")]
    [InlineData("plus sign", "{ \"a\": +1 }", 1, 8, "a number cannot start with '+': write 1")]
    [InlineData("point first", "{ \"a\": .5 }", 1, 8, "a number needs a digit before its point: write 0.5")]
    [InlineData("NaN", "{ \"a\": NaN }", 1, 8, "'NaN' is not a JSON number; rule files hold finite numbers")]
    [InlineData("bad escape", "{ \"a\": \"C:\\d\" }", 1, 11, "'\\d' is not an escape JSON knows; write \\\\ for a backslash (the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")]
    [InlineData("missing value", "{ \"a\": }", 1, 8, "a value is missing after ':'")]
    [InlineData("empty", "  ", 1, 1, "the file is empty; a rule file holds one JSON object { ... }")]
    [InlineData("comment never closed", "{ } /* x", 1, 5, "this comment is not closed: '*/' is missing")]
    public void Each_mistake_is_reported_where_it_is_with_a_fix(string name, string text, int line, int column, string message)
    {
        var problem = Single(text);

        Assert.True((line, column, message) == (problem.Line, problem.Column, problem.Message), $"{name}: {problem}");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{ \"a\": [1, -2.5, 0, 0.5e-3, 1E+9, true, false, null, \"\\u00e9\\n\\\"\"], \"b\": { \"c\": {} } }")]
    [InlineData("// a comment\n{ /* here */ \"a\": 1 // there\n}")]
    [InlineData("[]")]
    public void Strict_JSON_with_comments_has_no_problems(string text)
    {
        Assert.Empty(StrictJson.Check(text, allowComments: true, maxDepth: 64));
    }

    [Fact]
    public void Comments_can_be_refused_for_readers_that_take_plain_JSON()
    {
        var problem = Assert.Single(StrictJson.Check("{ \"a\": 1 } // note", allowComments: false, maxDepth: 64));

        Assert.Equal((1, 12, "comments are not allowed here"), (problem.Line, problem.Column, problem.Message));
    }

    [Fact]
    public void Every_mistake_of_a_file_is_reported_in_one_pass()
    {
        var problems = StrictJson.Check("{\n  \"a\": 075,\n  \"b\": 'x'\n  \"c\": [1, 2,],\n}", allowComments: true, maxDepth: 64);

        Assert.Equal([(2, 8), (3, 8), (3, 11), (4, 13), (4, 15)], problems.Select(p => (p.Line, p.Column)));
    }

    [Fact]
    public void The_number_of_problems_is_bounded()
    {
        var text = "{ \"a\": [" + string.Concat(Enumerable.Repeat("07, ", 1000)) + "1] }";

        Assert.Equal(StrictJson.MaxProblems, StrictJson.Check(text, allowComments: true, maxDepth: 64).Count);
    }

    [Fact]
    public void Deep_nesting_stops_the_check_without_recursion()
    {
        var text = new string('[', 100_000) + new string(']', 100_000);

        Assert.Empty(StrictJson.Check(text, allowComments: true, maxDepth: 64));
    }
}
