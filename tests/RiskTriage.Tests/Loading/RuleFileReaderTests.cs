using System.Text;
using RiskTriage.Diagnostics;
using RiskTriage.Loading;

namespace RiskTriage.Tests.Loading;

/// <summary>Finding and reading rule files: folders, encodings, syntax errors with their positions, limits, and the content hash.</summary>
public sealed class RuleFileReaderTests : IDisposable
{
    private const string Minimal = """
        {
          "ruleSet": { "name": "hash", "version": "1" },
          "inputs": { "age": "number" },
          "parameters": { "limit": 18, "codes": ["A", "B"] },
          "outputs": { "adult": { "type": "bool", "value": "age >= limit" } }
        }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "risktriage-tests-" + Guid.NewGuid().ToString("N"));

    public RuleFileReaderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    private string Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Hash(string text, IReadOnlyDictionary<string, object?>? overrides = null) =>
        RuleSet.LoadFromSources(RuleSetSources.One(text), new RuleSetOptions { Parameters = overrides }).Identity.Hash;

    private static Diagnostic SingleError(string text)
    {
        var diagnostics = RuleSetSources.Errors(text);
        return Assert.Single(diagnostics, d => d.IsError);
    }

    [Fact]
    public void CRLF_and_LF_line_endings_give_the_same_hash()
    {
        var lf = Minimal.Replace("\r\n", "\n", StringComparison.Ordinal);
        var crlf = lf.Replace("\n", "\r\n", StringComparison.Ordinal);

        Assert.Equal(Hash(lf), Hash(crlf));
    }

    [Fact]
    public void CRLF_and_LF_folders_on_disk_give_the_same_hash_and_the_same_decisions()
    {
        var lf = Minimal.Replace("\r\n", "\n", StringComparison.Ordinal);
        Write("lf/ruleset.json", lf);
        Write("crlf/ruleset.json", lf.Replace("\n", "\r\n", StringComparison.Ordinal));

        var fromLf = RuleSet.Load(Path.Combine(_folder, "lf"));
        var fromCrlf = RuleSet.Load(Path.Combine(_folder, "crlf"));

        Assert.Equal(fromLf.Identity.Hash, fromCrlf.Identity.Hash);
        Assert.Equal(fromLf.Evaluate("""{ "age": 20 }""").ToJson(), fromCrlf.Evaluate("""{ "age": 20 }""").ToJson());
    }

    [Fact]
    public void A_byte_order_mark_does_not_change_the_hash()
    {
        var lf = Minimal.Replace("\r\n", "\n", StringComparison.Ordinal);
        Write("plain/ruleset.json", lf);
        Write("bom/ruleset.json", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(lf)]);

        Assert.Equal(RuleSet.Load(Path.Combine(_folder, "plain")).Identity.Hash, RuleSet.Load(Path.Combine(_folder, "bom")).Identity.Hash);
        Assert.Equal(RuleSet.LoadFromSources(new Dictionary<string, string> { ["ruleset.json"] = "\uFEFF" + lf }).Identity.Hash, RuleSet.Load(Path.Combine(_folder, "bom")).Identity.Hash);
    }

    [Fact]
    public void Any_change_to_the_rules_changes_the_hash()
    {
        var original = Hash(Minimal);

        Assert.NotEqual(original, Hash(Minimal.Replace("\"limit\": 18", "\"limit\": 19", StringComparison.Ordinal)));
        Assert.NotEqual(original, Hash(Minimal.Replace("\"version\": \"1\"", "\"version\": \"2\"", StringComparison.Ordinal)));
        Assert.NotEqual(original, Hash(Minimal + " "));
        Assert.NotEqual(original, RuleSet.LoadFromSources(new Dictionary<string, string> { ["other.json"] = Minimal }).Identity.Hash);
    }

    [Fact]
    public void A_parameter_override_changes_the_hash_and_the_same_override_gives_the_same_hash()
    {
        var original = Hash(Minimal);
        var overridden = Hash(Minimal, new Dictionary<string, object?> { ["limit"] = 21 });

        Assert.NotEqual(original, overridden);
        Assert.Equal(overridden, Hash(Minimal, new Dictionary<string, object?> { ["limit"] = 21 }));
        Assert.NotEqual(overridden, Hash(Minimal, new Dictionary<string, object?> { ["limit"] = 22 }));
        Assert.NotEqual(overridden, Hash(Minimal, new Dictionary<string, object?> { ["limit"] = 21, ["codes"] = new[] { "A" } }));
        Assert.Equal(original, Hash(Minimal, new Dictionary<string, object?>()));
    }

    [Fact]
    public void Override_order_does_not_change_the_hash()
    {
        var one = new Dictionary<string, object?> { ["limit"] = 21, ["codes"] = new[] { "C" } };
        var other = new Dictionary<string, object?> { ["codes"] = new[] { "C" }, ["limit"] = 21 };

        Assert.Equal(Hash(Minimal, one), Hash(Minimal, other));
    }

    [Fact]
    public void Loading_a_folder_and_loading_its_files_from_memory_give_the_same_rule_set()
    {
        var folder = TestPaths.TestRuleSet("example");
        var fromDisk = RuleSet.Load(folder);
        var fromMemory = RuleSet.LoadFromSources(RuleSetSources.ReadFolder(folder));

        Assert.Equal(fromDisk.Identity, fromMemory.Identity);
    }

    [Fact]
    public void The_files_of_a_folder_are_read_in_path_order_including_subfolders_but_not_tests_examples_or_schema()
    {
        Write("b.json", """{ "ruleSet": { "name": "folder", "version": "1" }, "inputs": { "age": "number" } }""");
        Write("a.json", """{ "values": { "adult": "age >= 18" } }""");
        Write("sub/c.json", """{ "outputs": { "adult": "bool" } }""");
        Write("tests/case.json", "[ not a rule file ]");
        Write("examples/case.json", "{ \"age\": 1 }");
        Write("schema/ruleset.schema.json", """{ "$schema": "x", "type": "object" }""");
        Write("notes.txt", "ignored");

        var ruleSet = RuleSet.Load(_folder);

        Assert.Equal(["a.json", "b.json", "sub/c.json"], ruleSet.Files.Select(f => f.Path));
        Assert.Equal(true, ruleSet.Evaluate("""{ "age": 20 }""")["adult"].AsBool);
    }

    [Fact]
    public void A_single_file_can_be_loaded_on_its_own()
    {
        var path = Write("solo.json", Minimal);

        var ruleSet = RuleSet.Load(path);

        Assert.Equal("solo.json", Assert.Single(ruleSet.Files).Path);
    }

    [Fact]
    public void A_missing_path_or_an_empty_folder_is_reported_not_thrown()
    {
        Assert.False(RuleSet.TryLoad(Path.Combine(_folder, "nowhere"), out var none, out var diagnostics));
        Assert.Null(none);
        Assert.Equal("RT0318", Assert.Single(diagnostics).Code);

        Directory.CreateDirectory(Path.Combine(_folder, "empty"));
        Assert.False(RuleSet.TryLoad(Path.Combine(_folder, "empty"), out _, out diagnostics));
        Assert.Equal("RT0318", Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void A_file_that_is_not_UTF8_is_reported_on_the_line_of_the_bad_byte()
    {
        Write("ruleset.json", [.. Encoding.UTF8.GetBytes("{\n  \"ruleSet\": { \"name\": \"caf"), 0xE9, .. Encoding.UTF8.GetBytes("\", \"version\": \"1\" }\n}")]);

        Assert.False(RuleSet.TryLoad(_folder, out _, out var diagnostics));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("RT0302", diagnostic.Code);
        Assert.Equal(("ruleset.json", 2), (diagnostic.Location.File, diagnostic.Location.Line));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_reported_without_being_read()
    {
        Write("ruleset.json", Minimal);
        var options = new RuleSetOptions { Limits = new RuleSetLimits { MaxFileBytes = 100 } };

        Assert.False(RuleSet.TryLoad(_folder, out _, out var diagnostics, options));
        Assert.Equal("RT0301", Assert.Single(diagnostics).Code);
        Assert.Equal("RT0301", Assert.Single(RuleSetSources.Errors(Minimal, options)).Code);
    }

    [Fact]
    public void Too_many_files_are_reported()
    {
        for (var i = 0; i < 4; i++)
        {
            Write($"f{i}.json", "{}");
        }

        Assert.False(RuleSet.TryLoad(_folder, out _, out var diagnostics, new RuleSetOptions { Limits = new RuleSetLimits { MaxFiles = 3 } }));
        Assert.Equal("RT0301", Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void JSON_nested_deeper_than_the_limit_is_a_syntax_error_not_a_stack_overflow()
    {
        var deep = "{ \"ruleSet\": { \"name\": \"deep\", \"version\": \"1\" }, \"description\": " + new string('[', 200) + new string(']', 200) + " }";

        Assert.Equal("RT0303", SingleError(deep).Code);
    }

    [Theory]
    [InlineData("{ \"ruleSet\": { \"name\": \"x\", \"version\": \"1\" } \"inputs\": {} }", 1, 45)] // a missing comma: just after the value before it
    [InlineData("{\n  \"ruleSet\": { \"name\": \"x\", \"version\": \"1\" },\n  \"inputs\": { \"age\": \"number\" }\n  \"outputs\": {}\n}", 3, 32)]
    [InlineData("{\n  \"inputs\": { \"age\": \"number\",, }\n}", 2, 31)]
    [InlineData("{\n  \"inputs\": { \"age\": numbr }\n}", 2, 22)] // text without quotes: at its first letter
    [InlineData("{\n  \"inputs\": {}\n}\n}", 4, 1)]
    public void A_JSON_syntax_error_is_located_at_the_offending_character(string text, int line, int column)
    {
        var diagnostic = SingleError(text);

        Assert.Equal("RT0303", diagnostic.Code);
        Assert.Equal((line, column), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void A_syntax_error_in_a_CRLF_file_is_at_the_same_line_and_column_as_in_an_LF_file()
    {
        const string text = "{\n  \"ruleSet\": { \"name\": \"x\", \"version\": \"1\" },\n  \"inputs\": { \"age\": \"number\" }\n  \"outputs\": {}\n}";

        var lf = SingleError(text).Location;
        var crlf = SingleError(text.Replace("\n", "\r\n", StringComparison.Ordinal)).Location;

        Assert.Equal(lf, crlf);
    }

    [Fact]
    public void A_duplicate_key_is_reported_at_the_second_occurrence_of_the_name()
    {
        const string text = "{\n  \"ruleSet\": { \"name\": \"x\", \"version\": \"1\" },\n  \"values\": {\n    \"adult\": \"1\",\n    \"adult\": \"2\"\n  }\n}";

        var diagnostic = SingleError(text);

        Assert.Equal("RT0303", diagnostic.Code);
        Assert.Equal((5, 5), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Contains("'adult'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_file_with_a_syntax_error_is_reported_in_one_pass()
    {
        var diagnostics = RuleSetSources.Errors(new Dictionary<string, string>
        {
            ["a.json"] = "{ \"values\": { } ",
            ["b.json"] = "{ \"ruleSet\": { \"name\": \"x\", \"version\": \"1\" } }",
            ["c.json"] = "[]",
            ["d.json"] = "{ } { }",
        });

        Assert.Equal([("a.json", "RT0303"), ("c.json", "RT0304"), ("d.json", "RT0303")], diagnostics.Select(d => (d.Location.File!, d.Code)));
    }

    [Fact]
    public void A_syntax_error_in_one_file_does_not_hide_the_problems_of_the_others()
    {
        var diagnostics = RuleSetSources.Errors(new Dictionary<string, string>
        {
            ["ruleset.json"] = "{ \"ruleSet\": { \"name\": \"x\", \"version\": \"1\" },\n  \"inputs\": { \"age\": \"number\" },\n  \"values\": { \"old\": \"age > \\\"x\\\"\" } }",
            ["scores.json"] = "{ \"values\": { \"a\": \"age + 1\" \"b\": \"2\" } }",
            ["tiers.json"] = "{ \"outputs\": { \"tier\": { \"type\": \"string\", \"value\": \"b\" } } }",
        });

        // scores.json's syntax error, and ruleset.json's type error; not "unknown value 'b'" in tiers.json, which
        // only comes from scores.json not being read.
        Assert.Equal([("ruleset.json", "RT0206"), ("scores.json", "RT0303")], diagnostics.Select(d => (d.Location.File!, d.Code)));
    }

    [Fact]
    public void Comments_in_rule_files_are_allowed()
    {
        var ruleSet = RuleSetSources.Load("""
            // the policy of 2026
            {
              "ruleSet": { "name": "comments", "version": "1" }, /* metadata */
              "inputs": { "age": "number" },
              "outputs": { "age": "number" } // exported
            }
            """);

        Assert.Equal(["age"], ruleSet.OutputNames);
    }

    [Fact]
    public void Clean_JSON_messages_drop_Newtonsofts_path_and_position()
    {
        Assert.Equal("Unexpected character encountered while parsing value: @",
            RuleFileReader.CleanJsonMessage("Unexpected character encountered while parsing value: @. Path 'a', line 1, position 6."));
        Assert.Equal("Unexpected end", RuleFileReader.CleanJsonMessage("Unexpected end, line 3, position 1."));
    }
}
