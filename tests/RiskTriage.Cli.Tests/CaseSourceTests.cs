using RiskTriage.Cli.Input;

namespace RiskTriage.Cli.Tests;

public class CaseSourceTests
{
    private static (CaseFormat Format, List<RawCase> Cases, string? Fatal) Read(string text, int maxCaseLength = 1000)
    {
        var source = new CaseSource(new StringReader(text), "cases", maxCaseLength);
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

        Assert.Equal(CaseFormat.Empty, format);
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
        Assert.Equal(["{\"a\":1}", "{\"a\":2,\"d\":\"2026-01-01\"}", "42"], cases.Select(c => c.Text));
        Assert.Equal([3L, 4L, 5L], cases.Select(c => c.Line));
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

    [Fact]
    public void Pretty_printed_cases_one_after_another_are_read_as_a_stream()
    {
        var (format, cases, fatal) = Read("{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}\n");

        Assert.Equal(CaseFormat.JsonStream, format);
        Assert.Null(fatal);
        Assert.Equal(["{\"a\":1}", "{\"a\":2}"], cases.Select(c => c.Text));
        Assert.Equal([1L, 4L], cases.Select(c => c.Line));
    }
}
