using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace RiskTriage.Tests.Reliability;

/// <summary>
/// Bad cases against the probation rule set: each gives one decision with the right status and the path of every
/// problem, and in a batch (sequential or parallel) nothing is lost, merged, reordered or stopped.
/// </summary>
public sealed class BadCaseTests
{
    private static RuleSet Probation => ProbationData.RuleSet;

    /// <summary>
    /// One bad case: its JSON, the status it must get, the error paths an Invalid decision must list (exactly), and
    /// the case id the decision must carry (null when the id cannot be read).
    /// </summary>
    public sealed record BadCase(string Name, string Json, DecisionStatus Status, string[] Paths, string? CaseId);

    private static readonly JObject Base = ProbationData.Examples()[1];

    private static string Id(string name) => "bad-" + name.Replace(' ', '-');

    /// <summary>The base example with <paramref name="edit"/> applied and its id set from the name.</summary>
    private static string Mutate(string name, Action<JObject> edit)
    {
        var json = (JObject)Base.DeepClone();
        json["caseId"] = Id(name);
        edit(json);
        return json.ToString(Formatting.None);
    }

    /// <summary>The base example with one field's JSON text replaced.</summary>
    private static string Set(string name, string path, string rawJson) => Mutate(name, json =>
    {
        var token = json.SelectToken(path) ?? throw new InvalidOperationException(path);
        token.Replace(JToken.Parse(rawJson));
    });

    public static readonly IReadOnlyList<BadCase> Catalogue = Build();

    private static List<BadCase> Build()
    {
        var list = new List<BadCase>();
        void Invalid(string name, string json, params string[] paths) => list.Add(new BadCase(name, json, DecisionStatus.Invalid, paths, Id(name)));
        void Wrong(string name, string path, string raw) => Invalid(name, Set(name, path, raw), path);
        void Evaluates(string name, string json, DecisionStatus status) => list.Add(new BadCase(name, json, status, [], Id(name)));

        // Wrong types: nothing is coerced.
        Wrong("number as text", "rsrScore", "\"5.1\"");
        Wrong("number as true", "rsrScore", "true");
        Wrong("number as a list", "ovpScore", "[28]");
        Wrong("enumeration as a number", "gender", "1");
        Wrong("enumeration in the wrong case", "gender", "\"male\"");
        Wrong("enumeration with a space", "rosh", "\"MEDIUM \"");
        Wrong("bool as text", "iomNominal", "\"false\"");
        Wrong("bool as a number", "iomNominal", "0");
        Wrong("list as text", "complexityFactors", "\"RMDO\"");
        Invalid("list item as a number", Set("list item as a number", "complexityFactors", "[\"RMDO\", 7]"), "complexityFactors[1]");
        Wrong("object as a list", "needs", "[]");
        Wrong("list of objects as an object", "sentences", "{}");
        Wrong("nested bool as text", "sentences[0].terminated", "\"no\"");
        Wrong("deep number as text", "pniNeeds.thinking.proCriminalAttitudes", "\"1\"");
        Wrong("nested enumeration unknown", "predictors.arpType", "\"STATIC_\"");
        Wrong("date as a number", "asOfDate", "20260609");
        Invalid("two wrong fields", Mutate("two wrong fields", j =>
        {
            j["rsrScore"] = "high";
            j["gender"] = 5;
        }), "gender", "rsrScore");
        Invalid("list item of the wrong kind", Set("list item of the wrong kind", "sentences", "[\"SC\"]"), "sentences[0]");
        Invalid("list item wrong inside an object", Set("list item wrong inside an object", "complexityFactors", "[\"RMDO\", null, {}]"), "complexityFactors[2]");
        Invalid("case id as a number", Set("case id as a number", "caseId", "5"), "caseId");
        list[^1] = list[^1] with { CaseId = null };

        // Impossible dates.
        foreach (var date in new[] { "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "2026-6-9", "09/06/2026", "2026-06-09T00:00:00", "", " 2026-06-09", "２０２６-06-09" })
        {
            var name = $"date '{date}'";
            Invalid(name, Set(name, "asOfDate", JsonConvert.ToString(date)), "asOfDate");
        }

        // Numbers that are not numbers.
        Wrong("1e400", "rsrScore", "1e400");
        Invalid("NaN", Mutate("NaN", _ => { }).Replace("\"rsrScore\":5.1", "\"rsrScore\":NaN", StringComparison.Ordinal), "rsrScore");
        Invalid("Infinity", Mutate("Infinity", _ => { }).Replace("\"rsrScore\":5.1", "\"rsrScore\":-Infinity", StringComparison.Ordinal), "rsrScore");
        Invalid("400-digit integer", Mutate("400-digit integer", _ => { }).Replace("\"rsrScore\":5.1", "\"rsrScore\":" + new string('9', 400), StringComparison.Ordinal), "rsrScore");

        // Missing required fields: evaluated, sent for review.
        Evaluates("required date missing", Mutate("required date missing", j => j.Remove("asOfDate")), DecisionStatus.ReviewRequired);
        Evaluates("required enumeration null", Set("required enumeration null", "gender", "null"), DecisionStatus.ReviewRequired);
        Evaluates("only an id", "{\"caseId\": \"" + Id("only an id") + "\"}", DecisionStatus.ReviewRequired);
        list.Add(new BadCase("empty object", "{}", DecisionStatus.ReviewRequired, [], null));

        // Unknown fields are ignored by default (see Unknown_fields_are_ignored_or_rejected for Reject).
        Evaluates("unknown field", Mutate("unknown field", j => j["bogus"] = new JArray(1, 2)), DecisionStatus.Complete);
        Evaluates("unknown nested field", Mutate("unknown nested field", j => j["needs"]!["FOO"] = "SEVERE"), DecisionStatus.Complete);

        // Nulls inside lists.
        Evaluates("null list items", Set("null list items", "complexityFactors", "[null, \"RMDO\", null]"), DecisionStatus.Complete);
        // A null sentence or requirement is one whose details are not known: evaluated, and sent for review (SENTENCE_DETAILS_MISSING).
        Evaluates("null list of objects item", Set("null list of objects item", "sentences", "[null, {\"type\": \"CO\", \"terminated\": false, \"requirements\": [null]}]"), DecisionStatus.ReviewRequired);
        Evaluates("everything null", "{\"caseId\": \"" + Id("everything null") + "\", " + string.Join(", ", Probation.InputNames.Where(n => n != "caseId").Select(n => $"\"{n}\": null")) + "}", DecisionStatus.ReviewRequired);

        // Malformed JSON: the id is kept when it comes before the break.
        var id = Id("cut off");
        Invalid("cut off", "{\"caseId\": \"" + id + "\", \"gender\": ", "gender");
        Invalid("missing comma", "{\"caseId\": \"" + Id("missing comma") + "\" \"gender\": \"Male\"}", "caseId");
        Invalid("two objects", Mutate("two objects", _ => { }) + "{}", "$");
        Invalid("Newtonsoft constructor", Mutate("Newtonsoft constructor", _ => { }).Replace("\"rosh\":\"MEDIUM\"", "\"rosh\":new Date(1)", StringComparison.Ordinal), "rosh");
        Invalid("JSON bomb in a field", Mutate("JSON bomb in a field", _ => { }).Replace("\"ldcScore\":0", "\"ldcScore\":" + new string('[', 100_000) + new string(']', 100_000), StringComparison.Ordinal), "ldcScore");
        list[^1] = list[^1] with { Paths = [] };
        list.Add(new BadCase("id after the break", "{\"gender\": \"Male\" \"caseId\": \"late\"}", DecisionStatus.Invalid, ["gender"], null));

        // Newtonsoft reads a left-out value as undefined: it used to pass for null (and take the field's default).
        Invalid("value left out", "{\"caseId\": \"" + Id("value left out") + "\", \"gender\": , \"asOfDate\": \"2026-06-09\"}", "gender");
        Invalid("list item left out", Set("list item left out", "complexityFactors", "[\"RMDO\"]").Replace("[\"RMDO\"]", "[\"RMDO\",,\"ALSH\"]", StringComparison.Ordinal), "complexityFactors[1]");
        Invalid("undefined", Set("undefined", "rsrScore", "1").Replace("\"rsrScore\":1", "\"rsrScore\":undefined", StringComparison.Ordinal), "rsrScore");
        foreach (var (name, json) in new[] { ("empty text", string.Empty), ("a list", "[1, 2]"), ("a number", "42"), ("a text", "\"case\""), ("null", "null"), ("an unclosed string", "{\"caseId\": \"x") })
        {
            list.Add(new BadCase(name, json, DecisionStatus.Invalid, [], null));
        }

        return list;
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var bad in Catalogue)
        {
            data.Add(bad.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Bad_case_gives_one_decision_with_its_status_paths_and_id(string name)
    {
        var bad = Catalogue.Single(b => b.Name == name);

        var decision = Guarded.Evaluate(Probation, bad.Json, TraceDetail.Full);

        Assert.Equal(bad.Status, decision.Status);
        Assert.Equal(bad.CaseId, decision.CaseId);
        if (bad.Status == DecisionStatus.Invalid && bad.Paths.Length > 0)
        {
            Assert.Equal(bad.Paths, decision.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        }

        if (bad.Status == DecisionStatus.ReviewRequired && bad.Name.Contains("required", StringComparison.Ordinal))
        {
            Assert.Contains(decision.ReviewReasons, r => r.Code == "MISSING_INPUT");
        }
    }

    /// <summary>
    /// 209 sentences each with 9,999 numbers where requirement objects belong: within every per-list limit and the
    /// case length, but 2.09 million wrong items. The decision listed an error for each (a 226 MB record; 40 such
    /// cases in the CLI were killed for memory); now the items past the case's limit are skipped and the errors past
    /// the listed ones only counted.
    /// </summary>
    [Fact]
    public void A_case_with_millions_of_wrong_items_gives_a_bounded_decision()
    {
        var requirements = "[" + string.Join(",", Enumerable.Repeat("1", 9_999)) + "]";
        var sentence = "{ \"type\": \"SC\", \"requirements\": " + requirements + " }";
        var json = "{ \"caseId\": \"many\", \"sentences\": [" + string.Join(",", Enumerable.Repeat(sentence, 209)) + "] }";
        Assert.True(json.Length <= RuleSetLimits.Default.MaxCaseLength);

        var decisions = Guarded.Run("batch", () => Probation.EvaluateMany([json, json, json], new BatchOptions { MaxDegreeOfParallelism = 2 }).ToList(), Guarded.HugeLimit);
        Assert.Equal(3, decisions.Count);
        foreach (var decision in decisions)
        {
            Guarded.Check(decision);
            Assert.Equal("many", decision.CaseId);
            Assert.Equal(RuleSetLimits.Default.MaxCaseErrors + 1, decision.Errors.Count);
            Assert.Equal("sentences[0].requirements[0]", decision.Errors[0].Path);
            Assert.Matches("^and [0-9,]+ more errors, not listed$", decision.Errors[^1].Message);
            Assert.True(decision.ToJson().Length < 64 * 1024, $"{decision.ToJson().Length:N0} characters");
        }
    }

    [Fact]
    public void Unknown_fields_are_ignored_or_rejected()
    {
        var clean = Mutate("unknown", _ => { });
        var extra = Mutate("unknown", j =>
        {
            j["bogus"] = new JObject { ["deep"] = new JArray(1, "x", JValue.CreateNull()) };
            j["needs"]!["FOO"] = "SEVERE";
            j["sentences"]![0]!["extra"] = true;
            j["predictors"]!["dcSrp"]!["zz"] = 1;
        });

        // Ignore (the default): the decision is exactly the one without the extra fields.
        Assert.Equal(Probation.Evaluate(clean, TraceDetail.Full).ToJson(), Guarded.Evaluate(Probation, extra, TraceDetail.Full).ToJson());

        // Reject: every undeclared field is listed with its path, and nothing is evaluated.
        var rejected = Guarded.Evaluate(ProbationData.RejectingUnknownFields, extra);
        Assert.Equal(DecisionStatus.Invalid, rejected.Status);
        Assert.Equal(["bogus", "needs.FOO", "predictors.dcSrp.zz", "sentences[0].extra"], rejected.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal(Id("unknown"), rejected.CaseId);
        Assert.Equal(DecisionStatus.Complete, Guarded.Evaluate(ProbationData.RejectingUnknownFields, clean).Status);
    }

    // ---- Batches ------------------------------------------------------------------------------------------

    /// <summary>Generated cases with every bad case (and a null) spread among them.</summary>
    private static List<(string? Json, string? CaseId)> Mixed()
    {
        var inputs = ProbationData.Generated(600, seed: 11).Select(c => ((string?)ProbationData.ToJson(c), c.CaseId)).ToList();
        var step = inputs.Count / (Catalogue.Count + 1);
        for (var i = 0; i < Catalogue.Count; i++)
        {
            inputs.Insert((i + 1) * step + i, (Catalogue[i].Json, Catalogue[i].CaseId));
        }

        inputs.Insert(0, (Catalogue[^1].Json, null));
        inputs.Insert(17, (null, null));
        inputs.Add((Catalogue[0].Json, Catalogue[0].CaseId));
        return inputs;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void A_batch_gives_one_decision_per_case_in_input_order(int parallelism)
    {
        var inputs = Mixed();
        var options = new BatchOptions { MaxDegreeOfParallelism = parallelism, Trace = TraceDetail.Summary };

        var decisions = Guarded.Run("batch", () => Probation.EvaluateMany(inputs.Select(i => i.Json!), options).ToList(), TimeSpan.FromSeconds(60));

        Assert.Equal(inputs.Count, decisions.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.Equal(inputs[i].CaseId, decisions[i].CaseId);
            var single = inputs[i].Json is { } json ? Probation.Evaluate(json, TraceDetail.Summary).ToJson() : null;
            if (single is not null)
            {
                Assert.Equal(single, decisions[i].ToJson());
            }
            else
            {
                Assert.Equal("the case is null", Assert.Single(decisions[i].Errors).Message);
            }
        }

        var complete = decisions.Count(d => d.Status == DecisionStatus.Complete);
        var review = decisions.Count(d => d.Status == DecisionStatus.ReviewRequired);
        var invalid = decisions.Count(d => d.Status == DecisionStatus.Invalid);
        Assert.Equal(inputs.Count, complete + review + invalid);
        Assert.True(complete > 0 && review > 0, $"{complete} complete, {review} for review");
        Assert.True(invalid >= Catalogue.Count(b => b.Status == DecisionStatus.Invalid) + 3, $"{invalid} invalid");
    }

    [Fact]
    public void Sequential_and_parallel_batches_of_bad_cases_are_identical()
    {
        var inputs = Mixed().Select(i => i.Json!).ToList();
        var options = new BatchOptions { Trace = TraceDetail.Full };

        var sequential = Probation.EvaluateMany(inputs, options).Select(d => d.ToJson()).ToList();
        var parallel = Probation.EvaluateMany(inputs, options with { MaxDegreeOfParallelism = 8 }).Select(d => d.ToJson()).ToList();

        Assert.Equal(sequential, parallel);
    }
}
