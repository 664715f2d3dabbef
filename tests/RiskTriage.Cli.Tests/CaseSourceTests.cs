using RiskTriage.Cli.Input;

namespace RiskTriage.Cli.Tests;

public class CaseSourceTests
{
    private static (CaseFormat? Format, List<RawCase> Cases, string? Fatal) Read(string text, int maxCaseLength = 1000, string name = "cases", CaseFormat? format = null)
    {
        var source = new CaseSource(new StringReader(text), name, maxCaseLength, format);
        var cases = source.Read().ToList();
        return (source.Format, cases, source.FatalError);
    }

    [Fact]
    public void Ndjson_lines_keep_their_line_numbers_across_blank_lines_and_crlf()
    {
        var (format, cases, fatal) = Read("\r\n\r\n{\"a\":1}\r\n\r\n{\"a\":2}\r\n   \r\n{\"a\":3}");

        Assert.Equal(CaseFormat.Ndjson, format);
        Assert.Null(fatal);
        Assert.Equal([3L, 5L, 7L], cases.Select(c => c.Line));
        Assert.Equal(["{\"a\":1}", "{\"a\":2}", "{\"a\":3}"], cases.Select(c => c.Text));
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        var (format, cases, _) = Read("\uFEFF{\"a\":1}\n");

        Assert.Equal(CaseFormat.Ndjson, format);
        Assert.Equal("{\"a\":1}", Assert.Single(cases).Text);
    }

    [Fact]
    public void Empty_input_has_no_cases()
    {
        var (format, cases, fatal) = Read(" \n\t\n");

        Assert.Null(format);
        Assert.Empty(cases);
        Assert.Null(fatal);
    }

    [Fact]
    public void A_line_longer_than_the_limit_becomes_an_error_and_reading_goes_on()
    {
        var (_, cases, fatal) = Read("{\"a\":1}\n{\"b\":\"" + new string('x', 5000) + "\"}\n{\"a\":3}\n", maxCaseLength: 100);

        Assert.Null(fatal);
        Assert.Equal(3, cases.Count);
        Assert.Null(cases[1].Text);
        Assert.Contains("longer than the limit of 100 characters", cases[1].Error);
        Assert.Equal("{\"a\":3}", cases[2].Text);
        Assert.Equal(3, cases[2].Line);
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_are_read_whole()
    {
        var big = "{\"b\":\"" + new string('y', 200_000) + "\"}";
        var (_, cases, _) = Read("{\"a\":1}\n" + big + "\r\n{\"a\":3}", maxCaseLength: 1_000_000);

        Assert.Equal(["{\"a\":1}", big, "{\"a\":3}"], cases.Select(c => c.Text));
    }

    [Fact]
    public void A_json_array_is_read_element_by_element_with_start_lines()
    {
        var (format, cases, fatal) = Read("\n[ // cases\n  {\"a\": 1},\n  {\"a\": 2,\n   \"d\": \"2026-01-01\"}, 42\n]\n/* end */\n");

        Assert.Equal(CaseFormat.JsonArray, format);
        Assert.Null(fatal);
        Assert.Equal(["{\"a\": 1}", "{\"a\": 2,\n   \"d\": \"2026-01-01\"}", "42"], cases.Select(c => c.Text));
        Assert.Equal([3L, 4L, 5L], cases.Select(c => c.Line));
        Assert.Equal([3L, 3L, 24L], cases.Select(c => c.Column));
    }

    [Fact]
    public void Content_after_the_array_is_an_error()
    {
        var (_, cases, fatal) = Read("[{\"a\":1}]\n{\"a\":2}");

        Assert.NotNull(fatal);
        Assert.Equal(2, cases.Count);
        Assert.Contains("not valid JSON at line 2, column 1", cases[1].Error);
        Assert.True(cases[1].Fatal);
    }

    [Fact]
    public void An_unclosed_array_is_an_error()
    {
        var (_, cases, fatal) = Read("[{\"a\":1},\n{\"a\":2}");

        Assert.NotNull(fatal);
        Assert.Equal(3, cases.Count);
        Assert.Null(cases[2].Text);
    }

    [Theory]
    [InlineData("cases.json", null)]
    [InlineData("cases", CaseFormat.JsonStream)]
    [InlineData("cases.ndjson", CaseFormat.JsonStream)]
    public void Pretty_printed_cases_one_after_another_are_read_as_json_from_a_json_file_or_when_asked(string name, CaseFormat? asked)
    {
        var (format, cases, fatal) = Read("{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}\n", name: name, format: asked);

        Assert.Equal(CaseFormat.JsonStream, format);
        Assert.Null(fatal);
        Assert.Equal(["{\n  \"a\": 1\n}", "{\n  \"a\": 2\n}"], cases.Select(c => c.Text));
        Assert.Equal([1L, 4L], cases.Select(c => c.Line));
    }

    private static string Lines(int count, string separator = "\n") =>
        string.Join(separator, Enumerable.Range(1, count).Select(i => $"{{\"caseId\":\"C-{i}\"}}"));

    [Theory]
    [InlineData("<stdin>")]
    [InlineData("cases.ndjson")]
    [InlineData("cases.jsonl")]
    [InlineData("cases.txt")]
    public void A_first_line_that_is_not_a_whole_case_is_that_lines_error_and_every_other_line_is_read(string name)
    {
        // The first line opens an object it does not close: it used to switch the whole input to multi-line JSON,
        // where the first mistake ended the batch (1 record out of 1,000).
        var (format, cases, fatal) = Read("{\"caseId\":\"C-0\", \"asOfDate\":\n" + Lines(999) + "\n", name: name);

        Assert.Equal(CaseFormat.Ndjson, format);
        Assert.Null(fatal);
        Assert.Equal(1000, cases.Count);
        Assert.Equal("{\"caseId\":\"C-0\", \"asOfDate\":", cases[0].Text);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), cases.Select(c => c.Line));
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public void Every_kind_of_line_break_ends_an_ndjson_line(string lineBreak)
    {
        var (format, cases, fatal) = Read(Lines(1000, lineBreak) + lineBreak, maxCaseLength: 100);

        Assert.Equal(CaseFormat.Ndjson, format);
        Assert.Null(fatal);
        Assert.Equal(1000, cases.Count);
        Assert.Equal("{\"caseId\":\"C-1000\"}", cases[^1].Text);
        Assert.Equal(1000, cases[^1].Line);
    }

    [Fact]
    public void Carriage_returns_alone_and_mixed_line_breaks_are_counted_in_an_array()
    {
        var (_, cases, fatal) = Read("[\r{\"a\":1},\r\n\r{\"a\":2},\n\r\n{\"a\":3}]\r");

        Assert.Null(fatal);
        Assert.Equal([2L, 4L, 6L], cases.Select(c => c.Line));
    }

    [Fact]
    public void A_compact_first_line_does_not_decide_how_the_lines_after_it_are_read()
    {
        // NDJSON unless asked otherwise: each line is a case (here three lines are not whole cases).
        const string text = "{\"a\":1}\n{\n  \"a\": 2\n}\n";
        var (format, lines, _) = Read(text, name: "<stdin>");
        var (asJson, cases, fatal) = Read(text, name: "<stdin>", format: CaseFormat.JsonStream);

        Assert.Equal(CaseFormat.Ndjson, format);
        Assert.Equal(["{\"a\":1}", "{", "  \"a\": 2", "}"], lines.Select(c => c.Text));
        Assert.Equal(CaseFormat.JsonStream, asJson);
        Assert.Null(fatal);
        Assert.Equal(["{\"a\":1}", "{\n  \"a\": 2\n}"], cases.Select(c => c.Text));
    }

    [Theory]
    [InlineData("<stdin>", "{\"a\":1}", CaseFormat.Ndjson)]
    [InlineData("<stdin>", "  \n [{\"a\":1}]", CaseFormat.JsonArray)]
    [InlineData("cases.json", "[{\"a\":1}]", CaseFormat.JsonArray)]
    [InlineData("cases.json", "{\"a\":1}", CaseFormat.JsonStream)]
    [InlineData("cases.JSON", "{\"a\":1}", CaseFormat.JsonStream)]
    [InlineData("cases.ndjson", "[1]\n[2]", CaseFormat.Ndjson)]
    [InlineData("cases.jsonl", "{\"a\":1}", CaseFormat.Ndjson)]
    [InlineData("cases.txt", "{\n\"a\":1}", CaseFormat.Ndjson)]
    public void The_layout_comes_from_the_name_and_the_first_character(string name, string text, CaseFormat expected)
    {
        Assert.Equal(expected, Read(text, name: name).Format);
    }

    [Fact]
    public void A_valid_element_nested_deeper_than_the_engine_accepts_is_its_own_case_and_the_array_goes_on()
    {
        var deep = new string('[', 300) + new string(']', 300);
        var (_, cases, fatal) = Read("[{\"a\":1},\n{\"x\":" + deep + "},\n{\"a\":3}]", maxCaseLength: 10_000);

        Assert.Null(fatal);
        Assert.Equal(["{\"a\":1}", "{\"x\":" + deep + "}", "{\"a\":3}"], cases.Select(c => c.Text));
        Assert.Equal([1L, 2L, 3L], cases.Select(c => c.Line));
    }

    [Fact]
    public void An_element_that_is_not_valid_json_inside_is_its_own_case_and_the_array_goes_on()
    {
        var (_, cases, fatal) = Read("[{\"a\":1},\n {\"a\": 7.1,, \"b\": }, tru,\n{\"a\":3}]");

        Assert.Null(fatal);
        Assert.Equal(["{\"a\":1}", "{\"a\": 7.1,, \"b\": }", "tru", "{\"a\":3}"], cases.Select(c => c.Text));
    }

    [Fact]
    public void Brackets_quotes_and_comments_inside_texts_do_not_end_an_element()
    {
        var (_, cases, fatal) = Read("[{\"a\":\"]}\\\"[{\"}, /* ] */ {\"b\":[\"x\" /* } */, // ]\n 1]} // ]\n]");

        Assert.Null(fatal);
        Assert.Equal(["{\"a\":\"]}\\\"[{\"}", "{\"b\":[\"x\" /* } */, // ]\n 1]}"], cases.Select(c => c.Text));
    }

    [Fact]
    public void An_element_longer_than_the_limit_is_its_own_error_and_the_array_goes_on()
    {
        var (_, cases, fatal) = Read("[{\"a\":1},\n{\"b\":\"" + new string('x', 70_000) + "\"},\n{\"a\":3}]", maxCaseLength: 1000);

        Assert.Null(fatal);
        Assert.Equal(3, cases.Count);
        Assert.Null(cases[1].Text);
        Assert.Contains("the case that starts at line 2 is longer than the limit of 1,000 characters", cases[1].Error);
        Assert.Equal("{\"a\":3}", cases[2].Text);
    }

    [Theory]
    [InlineData("[{\"a\":1},\n{\"a\":2 \"b\":3},\n{\"a\":3} {\"a\":4}]", 3, "line 3, column 9: expected ',' or ']' after the case that starts at line 3")]
    [InlineData("[{\"a\":1},\n{\"a\":\"no end},\n{\"a\":3}]", 1, "line 2, column 15: a text value is not closed before the end of its line")]
    [InlineData("[{\"a\":1},\n{\"a\":[1,2},\n{\"a\":3}]", 1, "line 2, column 10: '}' closes a list opened with '['")]
    [InlineData("[{\"a\":1},\n{\"a\":2},\n]", 2, "line 3, column 1: a case is missing before this")]
    [InlineData("[{\"a\":1},\n{\"a\":2}", 2, "line 2, column 8: the array of cases is not closed with ']'")]
    [InlineData("[{\"a\":1}] x", 1, "line 1, column 11: unexpected content after the end of the array of cases")]
    [InlineData("[{\"a\":1}, /* no end", 1, "line 1, column 20: a comment opened with '/*' is not closed with '*/'")]
    public void A_syntax_error_that_breaks_the_array_ends_it_with_an_error_saying_where_keeping_every_case_before(string text, int kept, string error)
    {
        var (_, cases, fatal) = Read(text);

        Assert.Equal(kept + 1, cases.Count);
        Assert.All(cases.Take(kept), c => Assert.NotNull(c.Text));
        Assert.True(cases[^1].Fatal);
        Assert.Equal("not valid JSON at " + error, cases[^1].Error);
        Assert.StartsWith("cases(" + error[5..error.IndexOf(',')] + ",", fatal);
    }

    [Fact]
    public void A_case_not_closed_before_the_next_one_is_reported_at_the_first_real_mistake()
    {
        var (_, cases, fatal) = Read("[\n  {\"a\": 1},\n  {\"a\": 2, \"b\": 1.2,\n  {\"a\": 3}\n]\n");

        Assert.Equal(2, cases.Count);
        Assert.Equal("not valid JSON at line 4, column 3: Invalid property identifier character: {", cases[1].Error);
        Assert.StartsWith("cases(4,3): error: not valid JSON:", fatal);
    }

    [Fact]
    public void A_json_file_that_breaks_off_says_how_to_read_it_as_one_case_per_line()
    {
        var (_, cases, fatal) = Read("{\"a\":\"x}\n{\"a\":2}\n", name: "cases.json");

        Assert.Single(cases);
        Assert.Contains("name it .ndjson or pass --format ndjson", fatal);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_make_their_case_an_error_instead_of_becoming_replacement_characters()
    {
        var bytes = "{\"caseId\":\"C-1\"}\n{\"caseId\":\"C-\u00FF2\"}\n[{\"caseId\":\"C-3\"}]\n"u8.ToArray();
        var bad = Array.IndexOf(bytes, (byte)0xC3);
        bytes[bad] = 0xFF; // a byte that never appears in UTF-8
        bytes[bad + 1] = (byte)'x';
        var source = new CaseSource(new StreamReader(new MemoryStream(bytes), Utf8Text.Encoding), "cases", 1000);

        var cases = source.Read().ToList();

        Assert.Equal(3, cases.Count);
        Assert.Equal("{\"caseId\":\"C-1\"}", cases[0].Text);
        Assert.Null(cases[1].Text);
        Assert.Equal("the case cannot be read at line 2, column 14: it holds bytes that are not UTF-8 (or the noncharacter U+FFFE)", cases[1].Error);
        Assert.False(cases[1].Fatal);
        Assert.Equal("[{\"caseId\":\"C-3\"}]", cases[2].Text);
        Assert.DoesNotContain(cases, c => c.Text?.Contains('\uFFFD') == true);
    }
}
