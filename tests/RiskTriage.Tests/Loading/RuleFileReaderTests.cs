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
        Assert.NotEqual(original, Hash(Minimal.Replace("\"age >= limit\"", "\"age > limit\"", StringComparison.Ordinal)));
        Assert.NotEqual(original, RuleSet.LoadFromSources(new Dictionary<string, string> { ["other.json"] = Minimal }).Identity.Hash);
    }

    [Fact]
    public void Layout_comments_and_escapes_that_decide_nothing_do_not_change_the_hash()
    {
        var original = Hash(Minimal);

        Assert.Equal(original, Hash(Minimal + " \n"));
        Assert.Equal(original, Hash("// policy of 2026\n" + Minimal.Replace("\"inputs\"", "/* what a case holds */ \"inputs\"", StringComparison.Ordinal)));
        Assert.Equal(original, Hash(Minimal.Replace("\"age\": \"number\"", "\"a\\u0067e\":\"number\"", StringComparison.Ordinal)));
    }

    /// <summary>
    /// A raw line break inside a JSON string is kept in the value, so a message written with CR LF differs from the same
    /// message with LF. The hash used to normalise CR LF in the whole text: the two had one hash and different decisions.
    /// </summary>
    [Fact]
    public void A_CR_LF_inside_a_string_gives_another_hash_than_LF_as_it_gives_another_decision()
    {
        const string template = "{ \"ruleSet\": { \"name\": \"crlf\", \"version\": \"1\" }, \"inputs\": { \"age\": \"number\" },\n"
            + "  \"parameters\": { \"note\": \"first line{0}second line\" },\n"
            + "  \"outputs\": { \"message\": { \"type\": \"string\", \"value\": \"note\" } } }";

        // Written as JSON escapes (strict JSON has no raw line breaks inside text).
        var lf = RuleSetSources.Load(template.Replace("{0}", "\\n", StringComparison.Ordinal));
        var crlf = RuleSetSources.Load(template.Replace("{0}", "\\r\\n", StringComparison.Ordinal));

        Assert.NotEqual(lf.Evaluate("{}")["message"].AsString, crlf.Evaluate("{}")["message"].AsString);
        Assert.NotEqual(lf.Identity.Hash, crlf.Identity.Hash);

        // A raw CR LF or LF inside text is not JSON at all: an error, never a message whose line ends depend on the editor.
        foreach (var raw in new[] { "\n", "\r\n" })
        {
            var error = Assert.Throws<RuleSetException>(() => RuleSetSources.Load(template.Replace("{0}", raw, StringComparison.Ordinal)));
            Assert.Contains(error.Diagnostics, d => d.Code == DiagnosticCodes.JsonSyntax);
        }
    }

    /// <summary>Rejecting unknown fields or lowering a case limit makes other decisions from the same files: another hash.</summary>
    [Fact]
    public void The_options_that_decide_how_a_case_is_read_are_part_of_the_hash()
    {
        var files = RuleSetSources.One(Minimal);
        var plain = RuleSet.LoadFromSources(files);
        var reject = RuleSet.LoadFromSources(files, new RuleSetOptions { UnknownFields = UnknownFieldHandling.Reject });
        var shortCases = RuleSet.LoadFromSources(files, new RuleSetOptions { Limits = new RuleSetLimits { MaxCaseLength = 10 } });
        const string json = """{ "age": 20, "other": 1 }""";

        Assert.NotEqual(plain.Evaluate(json).Status, reject.Evaluate(json).Status);
        Assert.NotEqual(plain.Evaluate(json).Status, shortCases.Evaluate(json).Status);
        Assert.Equal(3, new[] { plain, reject, shortCases }.Select(r => r.Identity.Hash).Distinct().Count());
        Assert.Equal(plain.Identity.Hash, RuleSet.LoadFromSources(files, new RuleSetOptions { Limits = new RuleSetLimits { MaxFiles = 7 } }).Identity.Hash);
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
    public void The_source_files_are_the_texts_the_loader_read_and_load_the_same_rule_set()
    {
        var path = Write("ruleset.json", Minimal);
        var ruleSet = RuleSet.Load(_folder);
        File.WriteAllText(path, "changed since");

        Assert.Equal(["ruleset.json"], ruleSet.SourceFiles.Keys);
        Assert.Equal(Minimal, ruleSet.SourceFiles["ruleset.json"]);
        Assert.Equal(ruleSet.Identity, RuleSet.LoadFromSources(ruleSet.SourceFiles).Identity);
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

        Assert.False(RuleSet.TryLoad(_folder, options, out _, out var diagnostics));
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

        Assert.False(RuleSet.TryLoad(_folder, new RuleSetOptions { Limits = new RuleSetLimits { MaxFiles = 3 } }, out _, out var diagnostics));
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

    [Fact]
    public void A_JSON_message_quoting_a_long_input_keeps_its_start_and_end()
    {
        var number = "1" + new string('2', 1_000_000);

        var message = RuleFileReader.CleanJsonMessage($"JSON integer {number} is too large to parse. Path 'n', line 1, position 1000007.");

        Assert.Equal(200 + 3, message.Length);
        Assert.StartsWith("JSON integer 12222", message, StringComparison.Ordinal);
        Assert.Contains("2...2", message, StringComparison.Ordinal);
        Assert.EndsWith("2222 is too large to parse", message, StringComparison.Ordinal);

        // Neither cut falls between the halves of a surrogate pair (here both would without care).
        var quote = RuleFileReader.CleanJsonMessage("Unexpected " + string.Concat(Enumerable.Repeat("\U0001F600", 200)) + "!");
        Assert.Equal(System.Buffers.OperationStatus.Done, System.Text.Unicode.Utf8.FromUtf16(quote, new byte[quote.Length * 3], out _, out _, replaceInvalidSequences: false));
        Assert.EndsWith("\U0001F600!", quote, StringComparison.Ordinal);
    }

    [Fact]
    public void Dot_files_and_dot_folders_such_as_editor_settings_are_not_rule_files()
    {
        Write("ruleset.json", Minimal);
        Write(".vscode/settings.json", """{ "editor.tabSize": 2 }""");
        Write(".eslintrc.json", """{ "root": true }""");
        Write("sub/.hidden.json", "not even JSON");

        var ruleSet = RuleSet.Load(_folder);

        Assert.Equal(["ruleset.json"], ruleSet.Files.Select(f => f.Path));
    }

    /// <summary>
    /// The layout kubelet makes for a ConfigMap volume: the files in a timestamped dot-folder, a <c>..data</c> link to it,
    /// and a top-level link per file through <c>..data</c>. Reading every folder found both copies: duplicate names.
    /// </summary>
    [Fact]
    public void A_Kubernetes_ConfigMap_mount_is_read_once_through_its_top_level_links()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        ConfigMap.Create(_folder, "..2026_12_06_10_00_00.123456789", new()
        {
            ["ruleset.json"] = Minimal,
            ["extra.json"] = """{ "values": { "older": "age >= 65" } }""",
        });

        var ruleSet = RuleSet.Load(_folder);

        Assert.Equal(["extra.json", "ruleset.json"], ruleSet.Files.Select(f => f.Path));
        Assert.DoesNotContain(ruleSet.Warnings, w => w.Code == "RT0307");
    }

    /// <summary>A link loop used to be followed until the path was too long (1.9 GB after 2 minutes with two such links).</summary>
    [Fact]
    public void Links_to_their_own_folder_are_reported_once_each_and_the_folder_is_searched_once()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Write("ruleset.json", Minimal);
        Directory.CreateSymbolicLink(Path.Combine(_folder, "a"), ".");
        Directory.CreateSymbolicLink(Path.Combine(_folder, "b"), _folder);

        var diagnostics = Reliability.Guarded.Run("load", () => RuleSet.TryLoad(_folder, out _, out var d) ? [] : d);

        Assert.Equal([("RT0351", "a"), ("RT0351", "b")], diagnostics.Select(d => (d.Code, d.Location.File!)));
        Assert.All(diagnostics, d => Assert.Contains("reached through a symbolic link", d.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_link_to_a_sibling_folder_inside_the_rule_set_is_a_second_path_to_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Write("ruleset.json", Minimal);
        Write("v2/extra.json", """{ "values": { "older": "age >= 65" } }""");
        Directory.CreateSymbolicLink(Path.Combine(_folder, "current"), "v2");

        Assert.False(RuleSet.TryLoad(_folder, out _, out var diagnostics));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("RT0351", "current"), (diagnostic.Code, diagnostic.Location.File));
        Assert.Contains("is the folder 'v2' again", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folders_nested_deeper_than_the_limit_are_reported_not_searched()
    {
        Write("ruleset.json", Minimal);
        var deep = string.Join('/', Enumerable.Repeat("d", RuleFileReader.MaxFolderDepth + 1));
        Write(deep + "/x.json", """{ "values": { "older": "age >= 65" } }""");

        Assert.False(RuleSet.TryLoad(_folder, out _, out var diagnostics));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("RT0352", deep), (diagnostic.Code, diagnostic.Location.File));
    }

    /// <summary>A link named p.json to /etc/passwd used to be read, and its first line printed in the diagnostic.</summary>
    [Fact]
    public void A_link_to_a_file_outside_the_rule_set_is_an_error_and_its_target_is_never_read()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Write("rules/ruleset.json", Minimal);
        var secret = Write("secret.json", "root:x:0:0:root:/root:/bin/bash");
        File.CreateSymbolicLink(Path.Combine(_folder, "rules", "p.json"), secret);

        Assert.False(RuleSet.TryLoad(Path.Combine(_folder, "rules"), out _, out var diagnostics));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("RT0350", "p.json"), (diagnostic.Code, diagnostic.Location.File));
        Assert.Null(diagnostic.SourceLine);
        Assert.DoesNotContain("root:", diagnostic.Render(), StringComparison.Ordinal);
        Assert.Contains("AllowLinksOutsideRuleSet", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_to_a_folder_outside_the_rule_set_is_not_loaded_unless_the_options_allow_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Write("rules/ruleset.json", Minimal);
        Write("shared/extra.json", """{ "values": { "older": "age >= 65" } }""");
        Directory.CreateSymbolicLink(Path.Combine(_folder, "rules", "shared"), Path.Combine(_folder, "shared"));
        var rules = Path.Combine(_folder, "rules");

        Assert.False(RuleSet.TryLoad(rules, out _, out var diagnostics));
        Assert.Equal(("RT0350", "shared"), (Assert.Single(diagnostics).Code, diagnostics[0].Location.File));

        var allowed = RuleSet.Load(rules, new RuleSetOptions { AllowLinksOutsideRuleSet = true });
        Assert.Equal(["ruleset.json", "shared/extra.json"], allowed.Files.Select(f => f.Path));
    }

    [Fact]
    public void A_rule_set_folder_reached_through_a_link_follows_links_inside_its_target()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Write("real/ruleset.json", Minimal);
        Write("real/.store/extra.json", """{ "values": { "older": "age >= 65" } }""");
        File.CreateSymbolicLink(Path.Combine(_folder, "real", "extra.json"), Path.Combine(_folder, "real", ".store", "extra.json"));
        Directory.CreateSymbolicLink(Path.Combine(_folder, "mounted"), Path.Combine(_folder, "real"));

        var ruleSet = RuleSet.Load(Path.Combine(_folder, "mounted"));

        Assert.Equal(["extra.json", "ruleset.json"], ruleSet.Files.Select(f => f.Path));
    }

    [Fact]
    public void Diagnostics_carry_the_source_line_as_read_so_a_tool_never_reads_the_file_again()
    {
        var path = Write("ruleset.json", Minimal);
        Write("broken.json", "{\n  \"values\": { \"a\": 1,, }\n}");

        Assert.False(RuleSet.TryLoad(_folder, out _, out var diagnostics));
        File.WriteAllText(path, "changed since");

        Assert.Equal(
            [("broken.json", "  \"values\": { \"a\": 1,, }")],
            diagnostics.Select(d => (d.Location.File!, d.SourceLine!)));
        Assert.False(RuleSet.TryLoad(path, out _, out var single));
        Assert.All(single, d => Assert.Equal("changed since", d.SourceLine));
        var fromMemory = RuleSetSources.Errors(File.ReadAllText(path));
        Assert.All(fromMemory, d => Assert.Equal("changed since", d.SourceLine));
    }

    [Fact]
    public void The_content_hash_is_written_in_hexadecimal_as_the_framework_writes_it()
    {
        var every = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();

        Assert.Equal(Convert.ToHexStringLower(every), RuleFileReader.LowerHex(every));
        Assert.Equal(string.Empty, RuleFileReader.LowerHex([]));
    }
}
