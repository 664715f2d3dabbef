using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using RiskTriage.Testing;

namespace RiskTriage.Tests.Testing;

/// <summary>
/// Snapshot settings: members left out or scrubbed by name or JSON path before comparing and writing, text scrubbed
/// inside values, and a theory case's arguments naming its file.
/// </summary>
public sealed class SnapshotSettingsTests : IDisposable
{
    private const string Stem = "MyTests.Tier_is_decided";
    private readonly string _folder = Directory.CreateTempSubdirectory("risktriage-snapshot-settings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The same rules, differing only in their description: the content hash differs, every decision is the same.</summary>
    internal static RuleSet Rules(string description) => RuleSetSources.Load(
        $$"""
        {
          "ruleSet": { "name": "snapshot-example", "version": "1", "description": "{{description}}" },
          "inputs": { "caseId": "string", "score": { "type": "number", "required": true } },
          "outputs": { "score": "number", "doubled": { "type": "number", "value": "score * 2" } }
        }
        """);

    [Fact]
    public void A_description_change_fails_a_plain_snapshot_but_not_one_that_ignores_the_hash()
    {
        var before = Rules("first wording").Evaluate("""{"caseId":"a","score":6.95}""");
        var after = Rules("second wording").Evaluate("""{"caseId":"a","score":6.95}""");
        Assert.NotEqual(before.RuleSet.Hash, after.RuleSet.Hash);
        DecisionSnapshots.VerifyText(DecisionSnapshots.Format(before), _folder, Stem, accept: true);

        // The issue: a change of wording alone failed every snapshot.
        var plain = Assert.Throws<SnapshotMismatchException>(() => DecisionSnapshots.VerifyText(DecisionSnapshots.Format(after), _folder, Stem, accept: false));
        Assert.Contains("\"hash\"", plain.Diff, StringComparison.Ordinal);

        var settings = new SnapshotSettings().IgnoreMember("$.ruleSet.hash");
        DecisionSnapshots.VerifyText(DecisionSnapshots.Format(before, settings), _folder, Stem, accept: true);
        DecisionSnapshots.VerifyText(DecisionSnapshots.Format(after, settings), _folder, Stem, accept: false);

        // Left out before writing: the verified file does not hold the hash at all.
        var verified = File.ReadAllText(Path.Combine(_folder, Stem + ".verified.json"));
        Assert.DoesNotContain("hash", verified, StringComparison.Ordinal);
        Assert.Contains("\"version\": \"1\"", verified, StringComparison.Ordinal);
    }

    [Fact]
    public void A_received_file_is_written_with_the_members_already_left_out_and_scrubbed()
    {
        var settings = new SnapshotSettings().IgnoreMember("hash").ScrubMember("caseId");
        var decision = Rules("x").Evaluate("""{"caseId":"volatile-123","score":1}""");

        var e = Assert.Throws<SnapshotMismatchException>(() => DecisionSnapshots.VerifyText(DecisionSnapshots.Format(decision, settings), _folder, Stem, accept: false));

        var received = File.ReadAllText(e.ReceivedPath);
        Assert.DoesNotContain("volatile-123", received, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", received, StringComparison.Ordinal);
        Assert.Contains("\"caseId\": \"{Scrubbed}\"", received, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_named_without_a_path_is_left_out_at_any_depth()
    {
        var decision = DefaultRuleSets.Probation().Evaluate("""{"caseId":"c","asOfDate":"2025-06-01","gender":"Male","rsrScore":6.95}""", TraceDetail.Full);
        Assert.Contains("\"detail\"", decision.ToJson(), StringComparison.Ordinal);

        var text = DecisionSnapshots.Format(decision, new SnapshotSettings().IgnoreMember("detail").IgnoreMember("message"));

        var json = JObject.Parse(text);
        Assert.DoesNotContain(json.Descendants().OfType<JProperty>(), p => p.Name is "detail" or "message");
        Assert.NotEmpty(json["trace"]!);
        Assert.Equal(decision.ReviewReasons.Count, json["reviewReasons"]!.Count());
    }

    [Fact]
    public void Scrubbed_members_keep_their_place_and_a_null_stays_null()
    {
        var rules = Rules("x");
        var settings = new SnapshotSettings().ScrubMember("caseId").ScrubMember("$.outputs.doubled", "{Doubled}");

        var first = DecisionSnapshots.Format(rules.Evaluate("""{"caseId":"a-1","score":2}"""), settings);
        var second = DecisionSnapshots.Format(rules.Evaluate("""{"caseId":"b-2","score":3}"""), settings);
        var noId = JObject.Parse(DecisionSnapshots.Format(rules.Evaluate("""{"score":3}"""), settings));

        Assert.Equal("{Scrubbed}", (string?)JObject.Parse(first)["caseId"]);
        Assert.Equal("{Doubled}", (string?)JObject.Parse(first)["outputs"]!["doubled"]);
        Assert.Equal(first.Replace("\"score\": 2", "\"score\": 3", StringComparison.Ordinal), second);
        Assert.Equal(JTokenType.Null, noId["caseId"]!.Type);
    }

    [Fact]
    public void Text_inside_values_is_scrubbed_but_property_names_are_not()
    {
        var decision = Rules("x").Evaluate("""{"caseId":"case 2026-06-09 (2026-06-10)","score":1}""");
        var settings = new SnapshotSettings().ScrubInline(new Regex(@"\d{4}-\d{2}-\d{2}"), "{Date}").ScrubInline(new Regex("(case) "), "$1_");

        var json = JObject.Parse(DecisionSnapshots.Format(decision, settings));

        Assert.Equal("case_{Date} ({Date})", (string?)json["caseId"]);
        Assert.NotNull(json["outputs"]!["doubled"]);
    }

    [Fact]
    public void Settings_that_match_nothing_leave_the_snapshot_byte_identical()
    {
        // Values are parsed and written back: every number, escape and unusual character must come out as it went in.
        var probation = DefaultRuleSets.Probation();
        var decisions = new[]
        {
            probation.Evaluate("""{"caseId":"odd \"quoted\" \u2028 \u0001 é 😀 \\","asOfDate":"2025-06-01","gender":"Male","rsrScore":6.95,"ogrsScore":12.5}""", TraceDetail.Full),
            probation.Evaluate("""{"caseId":"n","asOfDate":"2025-06-01","gender":"Female","rsrScore":1e-7,"ogrsScore":99.99999999999999}""", TraceDetail.Full),
            probation.Evaluate("""{"caseId":"bad","rsrScore":"x"}"""),
            Rules("x").Evaluate("""{"caseId":"big","score":1e300}"""),
            Rules("x").Evaluate("""{"caseId":"neg","score":-0.000123456789}"""),
        };
        var settings = new SnapshotSettings().IgnoreMember("noSuchMember").ScrubMember("$.noSuch.path").ScrubInline(new Regex("^never matches$"));

        foreach (var decision in decisions)
        {
            Assert.Equal(DecisionSnapshots.Format(decision), DecisionSnapshots.Format(decision, settings));
        }

        Assert.Equal(DecisionSnapshots.Format(decisions), DecisionSnapshots.Format(decisions, settings));
    }

    [Fact]
    public void Paths_apply_to_each_decision_of_an_array_snapshot()
    {
        var rules = Rules("x");
        var decisions = new[] { rules.Evaluate("""{"caseId":"a","score":1}"""), rules.Evaluate("""{"caseId":"b","score":2}""") };

        var array = JArray.Parse(DecisionSnapshots.Format(decisions, new SnapshotSettings().IgnoreMember("$.ruleSet").ScrubMember("$.caseId")));

        Assert.Equal(2, array.Count);
        Assert.All(array, d => Assert.Null(d["ruleSet"]));
        Assert.All(array, d => Assert.Equal("{Scrubbed}", (string?)d["caseId"]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("$")]
    [InlineData("$.outputs[")]
    [InlineData("$..[?(@.x ==")]
    public void A_bad_member_name_or_path_is_refused_with_a_clear_message(string member)
    {
        var settings = new SnapshotSettings();

        var ignore = Assert.ThrowsAny<ArgumentException>(() => settings.IgnoreMember(member));
        var scrub = Assert.ThrowsAny<ArgumentException>(() => settings.ScrubMember(member));

        Assert.Equal("nameOrPath", ignore.ParamName);
        Assert.Equal(ignore.Message, scrub.Message);
        if (member.StartsWith('$'))
        {
            Assert.Contains(member == "$" ? "selects the whole decision" : "is not a valid JSON path", ignore.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(7.1, "Male")]
    [InlineData(-0.5, "Female")]
    public void UseParameters_names_the_file_after_the_arguments(double rsr, string gender)
    {
        var settings = new SnapshotSettings().UseParameters(rsr, gender);

        Assert.Equal(FormattableString.Invariant($"{rsr}_{gender}"), settings.Parameters);
        Assert.Equal(FormattableString.Invariant($"TierTests.High_risk_{rsr}_{gender}"), DecisionSnapshots.FileStem("/src/TierTests.cs", "High_risk", null, settings.Parameters));
        Assert.Equal(FormattableString.Invariant($"TierTests.High_risk_{rsr}_{gender}.traced"), DecisionSnapshots.FileStem("/src/TierTests.cs", "High_risk", "traced", settings.Parameters));
    }

    [Fact]
    public void Parameter_values_are_written_invariantly_and_safely_for_a_file_name()
    {
        var german = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("1.5_2026-06-09_null_true", new SnapshotSettings().UseParameters(1.5, new DateOnly(2026, 6, 9), null, true).Parameters);
        }
        finally
        {
            CultureInfo.CurrentCulture = german;
        }

        Assert.Equal("a-b-c_1,2,3_-", new SnapshotSettings().UseParameters("a/b:c", new[] { 1, 2, 3 }, "?").Parameters);
        Assert.Throws<ArgumentException>(() => new SnapshotSettings().UseParameters());
    }

    [Fact]
    public void Long_parameter_texts_are_cut_and_stay_distinct()
    {
        var a = new SnapshotSettings().UseParameters(new string('a', 300) + "1").Parameters!;
        var b = new SnapshotSettings().UseParameters(new string('a', 300) + "2").Parameters!;

        Assert.Equal(100, a.Length);
        Assert.Equal(100, b.Length);
        Assert.NotEqual(a, b);
    }
}
