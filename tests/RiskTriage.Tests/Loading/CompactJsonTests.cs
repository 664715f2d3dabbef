using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Diagnostics;
using RiskTriage.Loading;
using RiskTriage.Shared;

namespace RiskTriage.Tests.Loading;

/// <summary>
/// The content hash is defined on Newtonsoft's compact text of each file (<c>JToken.ToString(Formatting.None)</c>) and
/// names the rule set in every decision: <see cref="CompactJson"/> must write exactly that text, or every rule set's
/// hash, and so every decision, would change.
/// </summary>
public sealed class CompactJsonTests
{
    private static string Compact(JToken token)
    {
        var text = new StringBuilder();
        CompactJson.Write(text, token);
        return text.ToString();
    }

    private static JObject Parse(string json)
    {
        var bag = new DiagnosticBag();
        var file = RuleFileReader.ParseText("test.json", json, RuleSetLimits.Default, bag);
        Assert.False(bag.HasErrors, string.Join(Environment.NewLine, bag.Diagnostics));
        return file!.Root;
    }

    [Fact]
    public void Every_character_in_a_string_and_a_name_is_written_as_Newtonsoft_writes_it()
    {
        // Every UTF-16 code unit, lone surrogates included, in values and in property names, in blocks so that a
        // difference names the character.
        for (var start = 0; start < 0x10000; start += 256)
        {
            var chars = Enumerable.Range(start, 256).Select(c => (char)c).ToArray();
            var value = new string(chars);
            var obj = new JObject { [value] = value, ["each"] = new JArray(chars.Select(c => new JValue(c.ToString()))) };
            Assert.Equal(obj.ToString(Formatting.None), Compact(obj));
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("1.0")]
    [InlineData("1.50")]
    [InlineData("1e3")]
    [InlineData("1E-7")]
    [InlineData("0.1")]
    [InlineData("123.456e-2")]
    [InlineData("1e20")]
    [InlineData("1e21")]
    [InlineData("100000000000000000000.0")]
    [InlineData("5e-324")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    [InlineData("9223372036854775808")]
    [InlineData("-123456789012345678901234567890")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("null")]
    [InlineData("\"2026-01-31\"")]
    [InlineData("\"2026-01-31T10:00:00Z\"")]
    [InlineData("\"caf\\u00e9 \\\"q\\\" \\/ \\t\"")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("[1, [2, {\"a\": []}], {}]")]
    public void Numbers_literals_and_nesting_are_written_as_Newtonsoft_writes_them(string json)
    {
        var root = Parse($$"""{ "value": {{json}}, /* a comment */ "list": [{{json}}, {{json}}] }""");
        Assert.Equal(root.ToString(Formatting.None), Compact(root));
    }

    [Fact]
    public void Every_rule_file_in_the_repository_is_written_as_Newtonsoft_writes_it()
    {
        var files = Directory.EnumerateFiles(RepositoryRoot.Path, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}.git", StringComparison.Ordinal))
            .ToList();
        var compared = 0;
        foreach (var path in files)
        {
            var bag = new DiagnosticBag();
            if (RuleFileReader.ReadFile(path, path, RuleSetLimits.Default, bag) is { } file)
            {
                Assert.True(file.Root.ToString(Formatting.None) == Compact(file.Root), path);
                compared++;
            }
        }

        Assert.True(compared >= 40, $"only {compared} JSON objects compared");
    }

    [Fact]
    public void The_default_rule_sets_hash_is_the_one_defined_on_Newtonsofts_text()
    {
        // The definition, written out with Newtonsoft as it was first specified: the hash must not move.
        var options = RuleSetOptions.Default;
        var bag = new DiagnosticBag();
        var files = RuleFileReader.ReadRuleSet(Path.Combine(RepositoryRoot.Path, "rules", "probation"), options, bag);
        var text = new StringBuilder();
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            text.Append("file ").Append(file.Path).Append('\n').Append(file.Root.ToString(Formatting.None)).Append('\n');
        }

        var limits = options.Limits;
        text.Append(CultureInfo.InvariantCulture,
            $"cases unknownFields={options.UnknownFields} maxJsonDepth={limits.MaxJsonDepth} maxCollectionItems={limits.MaxCollectionItems} maxCaseStringLength={limits.MaxCaseStringLength} maxCaseLength={limits.MaxCaseLength}\n");
        var expected = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));

        Assert.Equal(expected, RuleFileReader.ContentHash(files, options));
        Assert.Equal(expected, RuleSet.Load(Path.Combine(RepositoryRoot.Path, "rules", "probation")).Identity.Hash);
    }
}
