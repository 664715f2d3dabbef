using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;
using RiskTriage.Testing;

namespace RiskTriage.Tests.Testing;

/// <summary>
/// The snapshot helper: first run, match, mismatch with a diff, accept. Each test works in its own temporary
/// folder through the internal overload that takes the folder, with acceptance passed explicitly so the
/// environment of the test run cannot change the outcome.
/// </summary>
public sealed class DecisionSnapshotsTests : IDisposable
{
    private const string Stem = "MyTests.Tier_is_decided";
    private readonly string _folder = Directory.CreateTempSubdirectory("risktriage-snapshots-").FullName;

    private string VerifiedPath => Path.Combine(_folder, Stem + ".verified.json");

    private string ReceivedPath => Path.Combine(_folder, Stem + ".received.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Decision Decide(double rsr, string caseId = "case-1") =>
        DefaultRuleSets.Probation().Evaluate(
            $$"""{"caseId":"{{caseId}}","asOfDate":"2025-06-01","gender":"Male","rsrScore":{{rsr.ToString(CultureInfo.InvariantCulture)}},"ogrsScore":0,"rosh":"LOW","complexityFactors":[],"sentences":[{"type":"SC","terminated":false,"requirements":[]}]}""");

    private void Verify(Decision decision, bool accept = false) =>
        DecisionSnapshots.VerifyText(DecisionSnapshots.Format(decision), _folder, Stem, accept);

    [Fact]
    public void First_run_writes_the_received_file_and_fails_without_creating_a_verified_file()
    {
        var decision = Decide(7.1);

        var e = Assert.Throws<SnapshotMismatchException>(() => Verify(decision));

        Assert.True(e.IsNewSnapshot);
        Assert.Equal(VerifiedPath, e.VerifiedPath);
        Assert.Equal(ReceivedPath, e.ReceivedPath);
        Assert.Empty(e.Diff);
        Assert.Contains("no verified snapshot", e.Message, StringComparison.Ordinal);
        Assert.Contains(DecisionSnapshots.AcceptVariable + "=1", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(VerifiedPath));
        Assert.Equal(DecisionSnapshots.Format(decision), File.ReadAllText(ReceivedPath));
    }

    [Fact]
    public void A_matching_snapshot_passes_and_removes_a_stale_received_file()
    {
        var decision = Decide(7.1);
        File.WriteAllText(VerifiedPath, DecisionSnapshots.Format(decision));
        File.WriteAllText(ReceivedPath, "stale");

        Verify(decision);

        Assert.False(File.Exists(ReceivedPath));
        Assert.Equal(DecisionSnapshots.Format(decision), File.ReadAllText(VerifiedPath));
    }

    [Fact]
    public void Line_endings_and_a_byte_order_mark_in_the_verified_file_do_not_matter()
    {
        var decision = Decide(7.1);
        var crlf = DecisionSnapshots.Format(decision).Replace("\n", "\r\n", StringComparison.Ordinal);
        File.WriteAllText(VerifiedPath, crlf.TrimEnd('\r', '\n'), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Verify(decision);

        Assert.False(File.Exists(ReceivedPath));
    }

    [Fact]
    public void A_mismatch_writes_the_received_file_and_fails_with_a_readable_line_diff()
    {
        var before = Decide(7.1);
        var after = Decide(2.0);
        Assert.NotEqual(before["protectLevel"], after["protectLevel"]);
        File.WriteAllText(VerifiedPath, DecisionSnapshots.Format(before));

        var e = Assert.Throws<SnapshotMismatchException>(() => Verify(after));

        Assert.False(e.IsNewSnapshot);
        Assert.Equal(DecisionSnapshots.Format(after), File.ReadAllText(ReceivedPath));
        Assert.Equal(DecisionSnapshots.Format(before), File.ReadAllText(VerifiedPath));
        var diff = e.Diff.Split('\n');
        Assert.Equal("--- verified " + Stem + ".verified.json", diff[0]);
        Assert.Equal("+++ received " + Stem + ".received.json", diff[1]);
        Assert.Matches(@"^@@ -\d+,\d+ \+\d+,\d+ @@$", diff[2]);
        Assert.Contains("-    \"protectLevel\": " + Json(before["protectLevel"]) + ",", diff);
        Assert.Contains("+    \"protectLevel\": " + Json(after["protectLevel"]) + ",", diff);
        Assert.Contains("-    \"tier\": " + Json(before["tier"]) + ",", diff);
        Assert.Contains("+    \"tier\": " + Json(after["tier"]) + ",", diff);
        Assert.Contains("   \"outputs\": {", diff); // an unchanged context line
        Assert.Contains(e.Diff, e.Message, StringComparison.Ordinal);
        Assert.Contains(VerifiedPath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepting_writes_the_verified_file_removes_the_received_file_and_passes()
    {
        var before = Decide(7.1);
        var after = Decide(2.0);
        File.WriteAllText(VerifiedPath, DecisionSnapshots.Format(before));
        Assert.Throws<SnapshotMismatchException>(() => Verify(after));
        Assert.True(File.Exists(ReceivedPath));

        Verify(after, accept: true);

        Assert.False(File.Exists(ReceivedPath));
        Assert.Equal(DecisionSnapshots.Format(after), File.ReadAllText(VerifiedPath));
        Verify(after);
    }

    [Fact]
    public void Accepting_a_new_snapshot_creates_the_verified_file()
    {
        var decision = Decide(7.1);

        Verify(decision, accept: true);

        Assert.Equal(DecisionSnapshots.Format(decision), File.ReadAllText(VerifiedPath));
        Assert.False(File.Exists(ReceivedPath));
    }

    [Fact]
    public void The_environment_variables_request_acceptance()
    {
        var saved = (Environment.GetEnvironmentVariable(DecisionSnapshots.AcceptVariable), Environment.GetEnvironmentVariable(DecisionSnapshots.GeneralAcceptVariable));
        try
        {
            Environment.SetEnvironmentVariable(DecisionSnapshots.GeneralAcceptVariable, null);
            Environment.SetEnvironmentVariable(DecisionSnapshots.AcceptVariable, null);
            Assert.False(DecisionSnapshots.AcceptRequested());
            Environment.SetEnvironmentVariable(DecisionSnapshots.AcceptVariable, "0");
            Assert.False(DecisionSnapshots.AcceptRequested());
            Environment.SetEnvironmentVariable(DecisionSnapshots.AcceptVariable, "1");
            Assert.True(DecisionSnapshots.AcceptRequested());
            Environment.SetEnvironmentVariable(DecisionSnapshots.AcceptVariable, "True");
            Assert.True(DecisionSnapshots.AcceptRequested());
            Environment.SetEnvironmentVariable(DecisionSnapshots.AcceptVariable, null);
            Environment.SetEnvironmentVariable(DecisionSnapshots.GeneralAcceptVariable, "1");
            Assert.True(DecisionSnapshots.AcceptRequested());
        }
        finally
        {
            Environment.SetEnvironmentVariable(DecisionSnapshots.AcceptVariable, saved.Item1);
            Environment.SetEnvironmentVariable(DecisionSnapshots.GeneralAcceptVariable, saved.Item2);
        }
    }

    [Fact]
    public void Files_are_named_after_the_test_source_file_and_method_with_an_optional_suffix()
    {
        Assert.Equal("TierTests.High_risk", DecisionSnapshots.FileStem("/src/tests/TierTests.cs", "High_risk", null));
        Assert.Equal("TierTests.High_risk", DecisionSnapshots.FileStem(@"C:\src\tests\TierTests.cs", "High_risk", null));
        Assert.Equal("TierTests.High_risk.female", DecisionSnapshots.FileStem("/src/tests/TierTests.cs", "High_risk", "female"));
        Assert.Throws<ArgumentException>(() => DecisionSnapshots.FileStem("/src/tests/TierTests.cs", "High_risk", "a/b"));
        Assert.Throws<ArgumentException>(() => DecisionSnapshots.FileStem("/src/tests/TierTests.cs", "High_risk", ""));
        Assert.Throws<ArgumentException>(() => DecisionSnapshots.FileStem("/src/tests/TierTests.cs", "", null));
    }

    [Fact]
    public void A_source_path_mapped_by_a_deterministic_build_is_found_again_from_the_test_binaries()
    {
        var project = Directory.CreateDirectory(Path.Combine(_folder, "repo", "tests", "My.Tests"));
        File.WriteAllText(Path.Combine(project.FullName, "TierTests.cs"), "// test");
        var binaries = Directory.CreateDirectory(Path.Combine(project.FullName, "bin", "Release", "net10.0"));

        Assert.Equal(project.FullName, DecisionSnapshots.ResolveSourceDirectory("/_/tests/My.Tests/TierTests.cs", [binaries.FullName]));
        Assert.Equal(project.FullName, DecisionSnapshots.ResolveSourceDirectory(@"/_1/tests\My.Tests\TierTests.cs", [binaries.FullName]));
        Assert.Equal(project.FullName, DecisionSnapshots.ResolveSourceDirectory(Path.Combine(project.FullName, "TierTests.cs"), []));
        Assert.Throws<InvalidOperationException>(() => DecisionSnapshots.ResolveSourceDirectory("/_/tests/Other.Tests/TierTests.cs", [binaries.FullName]));
        Assert.Throws<ArgumentException>(() => DecisionSnapshots.ResolveSourceDirectory("", [binaries.FullName]));
    }

    [Fact]
    public void The_snapshot_is_the_canonical_json_indented_with_every_token_unchanged()
    {
        var decision = DefaultRuleSets.Probation().Evaluate(
            """{"caseId":"odd \"quoted\" {id}, [with] : punctuation\u00e9\\","asOfDate":"2025-06-01","gender":"Male","rsrScore":6.95}""",
            TraceDetail.Full);

        var text = DecisionSnapshots.Format(decision);

        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
        Assert.StartsWith("{\n  \"ruleSet\": {\n    \"name\": \"probation\",", text, StringComparison.Ordinal);
        Assert.Contains("  \"caseId\": \"odd \\\"quoted\\\" {id}, [with] : punctuation\u00e9\\\\\",\n", text, StringComparison.Ordinal);
        Assert.Contains("\"rsrScore\": 6.95", text, StringComparison.Ordinal);
        Assert.True(JToken.DeepEquals(JToken.Parse(decision.ToJson()), JToken.Parse(text)));
        Assert.Equal(decision.ToJson(), string.Concat(Unindent(text)));
    }

    [Fact]
    public void Several_decisions_are_one_json_array_in_input_order()
    {
        var text = DecisionSnapshots.Format([Decide(7.1, "first"), Decide(2.0, "second")]);

        var array = JArray.Parse(text);
        Assert.Equal(["first", "second"], array.Select(d => (string?)d["caseId"]));
        Assert.StartsWith("[\n  {\n    \"ruleSet\": {", text, StringComparison.Ordinal);
        Assert.Equal("[]\n", DecisionSnapshots.Format(Array.Empty<Decision>()));
    }

    [Fact]
    public void The_snapshot_text_does_not_depend_on_the_culture()
    {
        var decision = DefaultRuleSets.Probation().Evaluate(
            """{"caseId":"c","asOfDate":"2025-06-01","gender":"Male","rsrScore":6.95,"ogrsScore":12.5}""", TraceDetail.Full);
        var invariant = RunInCulture(CultureInfo.InvariantCulture, () => DecisionSnapshots.Format(decision));
        foreach (var culture in new[] { "de-DE", "fr-FR", "ar-SA", "fa-IR", "tr-TR" })
        {
            Assert.Equal(invariant, RunInCulture(new CultureInfo(culture), () => DecisionSnapshots.Format(decision)));
        }
    }

    [Fact]
    public void Verify_keeps_the_snapshot_beside_the_calling_test_source_file()
    {
        // The real entry point: the committed files DecisionSnapshotsTests.Verify_keeps_the_snapshot_beside_the_calling_test_source_file[.traced].verified.json
        // beside this file, found through [CallerFilePath] (also when a CI build maps source paths to /_/). A small fixed rule set
        // keeps them stable while the default rule set evolves.
        var ruleSet = RuleSetSources.Load(
            """
            {
              "ruleSet": { "name": "snapshot-example", "version": "1" },
              "inputs": { "caseId": "string", "score": { "type": "number", "required": true } },
              "outputs": { "score": "number", "doubled": { "type": "number", "value": "score * 2" } }
            }
            """);
        DecisionSnapshots.Verify([ruleSet.Evaluate("""{"caseId":"a","score":6.95}"""), ruleSet.Evaluate("""{"caseId":"b"}""")]);
        DecisionSnapshots.Verify(ruleSet.Evaluate("""{"caseId":"c","score":-0.5}""", TraceDetail.Full), "traced");
    }

    [Theory]
    [InlineData(6.95)]
    [InlineData(-0.5)]
    public void Verify_gives_each_theory_case_its_own_file_named_after_its_arguments(double score)
    {
        // The committed files DecisionSnapshotsTests.Verify_gives_each_theory_case_its_own_file_named_after_its_arguments_<score>.verified.json,
        // without the content hash, so that a change of wording in the rule set does not fail them.
        var settings = new SnapshotSettings().UseParameters(score).IgnoreMember("$.ruleSet.hash");

        DecisionSnapshots.Verify(SnapshotExample.Evaluate(string.Create(CultureInfo.InvariantCulture, $$"""{"caseId":"theory","score":{{score}}}""")), settings);
    }

    [Fact]
    public void Verify_refuses_to_check_one_snapshot_file_twice_in_a_run()
    {
        var decision = SnapshotExample.Evaluate("""{"caseId":"twice","score":1}""");
        DecisionSnapshots.Verify(decision, "once");

        // What every case of a [Theory] without UseParameters does: the second check names the file and the way out.
        var e = Assert.Throws<InvalidOperationException>(() => DecisionSnapshots.Verify(decision, "once"));

        Assert.Contains("DecisionSnapshotsTests.Verify_refuses_to_check_one_snapshot_file_twice_in_a_run.once.verified.json is checked twice in this test run", e.Message, StringComparison.Ordinal);
        Assert.Contains("UseParameters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_claimed_twice_fails_whatever_the_case_of_its_name()
    {
        var claimed = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        DecisionSnapshots.Claim(claimed, VerifiedPath, "First_test");
        DecisionSnapshots.Claim(claimed, ReceivedPath, "First_test");

        var e = Assert.Throws<InvalidOperationException>(() => DecisionSnapshots.Claim(claimed, VerifiedPath.ToUpperInvariant(), "Second_test"));

        Assert.Contains("first by First_test, then by Second_test", e.Message, StringComparison.Ordinal);
    }

    private static RuleSet SnapshotExample => SnapshotSettingsTests.Rules("the snapshot example");

    private static T RunInCulture<T>(CultureInfo culture, Func<T> action)
    {
        var (saved, savedUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }

    /// <summary>Removes the indentation the helper adds (outside strings), giving back the compact text.</summary>
    private static IEnumerable<char> Unindent(string text)
    {
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                yield return c;
                if (c == '\\')
                {
                    yield return text[++i];
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
                yield return c;
            }
            else if (c is not (' ' or '\n'))
            {
                yield return c;
            }
        }
    }

    private static string Json(RuleValue value) => value.Kind == RuleValueKind.Missing ? "null" : value.Kind == RuleValueKind.Number ? value.ToString() : "\"" + value + "\"";
}
