using Newtonsoft.Json.Linq;
using RiskTriage.Benchmarks.Baseline;
using RiskTriage.Probation;
using Xunit.Abstractions;

namespace RiskTriage.Tests.Probation;

/// <summary>
/// Proves the hand-written baseline against every public test vector in rules/probation/tests, and its equal-work variant
/// (<see cref="HandWrittenTriage.EvaluateChecked"/>) against the rule set's typed evaluator: invalid or not, the first
/// error, every output and every review reason in order.
/// </summary>
public sealed class HandWrittenBaselineTests(ITestOutputHelper output)
{
    private const int GeneratedSeed = 20260609;

    private static readonly Lazy<IReadOnlyList<SchemaField>> _schemaFields = new(ReadSchemaFields);

    // Ids rather than vectors keep each row a separately reported, serialisable test case.
    public static TheoryData<string> V2TierVectorIds => TierIds(DomainVectors.V2Model);

    public static TheoryData<string> V3TierVectorIds => TierIds(DomainVectors.V3Model);

    public static TheoryData<string> PniVectorIds
    {
        get
        {
            var ids = new TheoryData<string>();
            foreach (PniVector vector in DomainVectors.PniVectors())
            {
                ids.Add(vector.Id);
            }

            return ids;
        }
    }

    [Fact]
    public void All_vectors_are_loaded()
    {
        Assert.Equal(145, DomainVectors.TierVectors().Count(v => v.Model == DomainVectors.V2Model));
        Assert.Equal(105, DomainVectors.TierVectors().Count(v => v.Model == DomainVectors.V3Model));
        Assert.Equal(83, DomainVectors.PniVectors().Count);
    }

    [Theory]
    [MemberData(nameof(V2TierVectorIds))]
    public void V2_tier_matches_derived_expected(string id)
    {
        TierVector vector = DomainVectors.TierVector(id);

        BaselineResult result = HandWrittenTriage.Evaluate(vector.Case);

        Assert.Equal(vector.Expected.Tier, result.Tier);
        Assert.Equal(vector.Expected.ProtectLevel, result.ProtectLevel);
        Assert.Equal(vector.Expected.ProtectPoints, result.ProtectPoints);
        Assert.Equal(vector.Expected.ChangeLevel, result.ChangeLevel);
        Assert.Equal(vector.Expected.ChangePoints, result.ChangePoints);
    }

    [Theory]
    [MemberData(nameof(V3TierVectorIds))]
    public void V3_tier_matches_derived_expected(string id)
    {
        TierVector vector = DomainVectors.TierVector(id);

        BaselineResult result = HandWrittenTriage.Evaluate(vector.Case);

        Assert.Equal(vector.Expected.Tier, result.TierV3);
        // The file omits "provisional" exactly where the tier is not a letter; the baseline returns null there.
        Assert.Equal(vector.Expected.Provisional, result.TierV3Provisional);
    }

    [Theory]
    [MemberData(nameof(PniVectorIds))]
    public void Pni_risk_matches_expected(string id)
    {
        PniVector vector = DomainVectors.PniVector(id);

        BaselineResult result = HandWrittenTriage.Evaluate(vector.Case);

        switch (vector.Output)
        {
            case DomainVectors.PniHighRisk:
                Assert.Equal(vector.ExpectedFlag, result.PniHighRisk);
                break;
            case DomainVectors.PniMediumRisk:
                Assert.Equal(vector.ExpectedFlag, result.PniMediumRisk);
                break;
            case DomainVectors.PniHighIntensityByRisk:
                Assert.Equal(vector.ExpectedFlag, result.PniHighIntensityByRisk);
                break;
            case DomainVectors.PniRiskLevel:
                Assert.Equal(vector.ExpectedClassification, result.PniRiskLevel);
                break;
            default:
                Assert.Fail($"Unknown PNI output '{vector.Output}' in vector {id}.");
                break;
        }
    }

    // scores.md §2 worked examples (R1 OGRS3RiskProducerServiceTest).
    [Theory]
    [InlineData(60.0, 2.0, 47.0, 59.0, "SOLICITING", 8.0, 16.0)] // DOB 1965-12-07, conviction 2025-05-13, follow-up 2026-12-06
    [InlineData(30.0, 2.0, 21.0, 30.0, "FRAUD_FORGERY", 11.0, 20.0)] // DOB 1991-07-17, conviction 2021-08-05, follow-up 2021-12-12
    public void Ogrs3_worked_examples_reproduce(
        double ageAtStart, double sanctions, double ageAtFirst, double ageAtConviction, string offence, double oneYear, double twoYear)
    {
        var probationCase = new ProbationCase
        {
            Gender = "Male",
            Ogrs3 = new Ogrs3Factors
            {
                AgeAtStartOfFollowUp = ageAtStart,
                TotalSanctions = sanctions,
                AgeAtFirstSanction = ageAtFirst,
                AgeAtCurrentConviction = ageAtConviction,
                OffenceCategory = offence,
            },
        };

        BaselineResult result = HandWrittenTriage.Evaluate(probationCase);

        Assert.Equal(oneYear, result.Ogrs3OneYear);
        Assert.Equal(twoYear, result.Ogrs3TwoYear);
        Assert.Equal("LOW", result.Ogrs3Band);
    }

    [Fact]
    public void Generated_cases_never_throw_and_are_deterministic()
    {
        ProbationCase[] cases = ProbationCaseGenerator.Generate(10_000, seed: GeneratedSeed);
        ProbationCase[] again = ProbationCaseGenerator.Generate(10_000, seed: GeneratedSeed);

        for (int i = 0; i < cases.Length; i++)
        {
            BaselineResult result = HandWrittenTriage.Evaluate(cases[i]);
            BaselineResult repeat = HandWrittenTriage.Evaluate(again[i]);
            Assert.NotEqual("ERROR", result.TierV3);
            Assert.Equal(result.Tier, repeat.Tier);
            Assert.Equal(result.TierV3, repeat.TierV3);
            Assert.Equal(result.ProgrammePathway, repeat.ProgrammePathway);
        }
    }

    [Fact]
    public void Generated_cases_round_trip_through_contract_json()
    {
        foreach (ProbationCase original in ProbationCaseGenerator.Generate(2_000, seed: 7))
        {
            JObject json = DomainVectors.ToContractJson(original);
            ProbationCase reread = DomainVectors.ToProbationCase(JObject.Parse(json.ToString()));

            Assert.True(
                JToken.DeepEquals(
                    JObject.FromObject(HandWrittenTriage.Evaluate(original)),
                    JObject.FromObject(HandWrittenTriage.Evaluate(reread))),
                $"{original.CaseId} evaluates differently after a JSON round trip: {json}");
        }
    }

    public static TheoryData<string> EnumeratedInputPaths
    {
        get
        {
            var paths = new TheoryData<string>();
            foreach (SchemaField input in _schemaFields.Value)
            {
                if (input.AllowedValues is not null)
                {
                    paths.Add(input.Path);
                }
            }

            return paths;
        }
    }

    public static TheoryData<string> RequiredInputPaths
    {
        get
        {
            var paths = new TheoryData<string>();
            foreach (SchemaField input in _schemaFields.Value)
            {
                if (input.Required)
                {
                    paths.Add(input.Path);
                }
            }

            return paths;
        }
    }

    [Fact]
    public void Schema_declares_the_enumerations_and_required_inputs_the_equal_work_variant_checks()
    {
        // A new enumeration or required input in ruleset.json adds rows to the theories below; this count makes the
        // change visible here too.
        Assert.Equal(25, _schemaFields.Value.Count(f => f.AllowedValues is not null));
        Assert.Equal(new[] { "asOfDate", "gender" }, _schemaFields.Value.Where(f => f.Required).Select(f => f.Path));
    }

    [Fact]
    public void Equal_work_variant_agrees_with_the_rule_set_on_10000_generated_cases()
    {
        ProbationCase[] cases = ProbationCaseGenerator.Generate(10_000, seed: GeneratedSeed);

        Agreement agreement = CompareWithRuleSet(cases);

        output.WriteLine(agreement.Summary);
        Assert.True(agreement.Differences.Count == 0, string.Join("\n", agreement.Differences.Take(30)));
        // The generator's unknown offence categories are the invalid cases; the rest reach every rule's review
        // except those it never produces (a missing date, a mandate conflict, an inconsistent DC-SRP); its RSR of 999.99
        // (as in the public vector v2-bdd-rsr-999.99) is outside 0-100 and asks for review.
        Assert.InRange(agreement.Invalid, 1, cases.Length / 20);
        Assert.Equal(
            new[]
            {
                "MANDATE_WITHOUT_SENTENCES", "MISSING_INPUT", "NO_ACTIVE_EVENT_INFO", "NO_ASSESSMENT",
                "NO_ASSESSMENT_INFO", "NO_COMPLEXITY_FACTORS", "NO_ENFORCEMENT_INFO", "NO_IOM_INFO",
                "NO_MAPPA_CATEGORY", "NO_MAPPA_LEVEL", "NO_NEEDS", "NO_OGRS", "NO_OGRS_SCORE", "NO_PREDICTORS",
                "NO_ROSH", "NO_RSR", "NO_SENTENCES", "NO_SETTING", "NO_UNSUPERVISED_INFO", "NO_WOMENS_FACTORS",
                "OGRS3_FACTORS_INVALID", "OUT_OF_RANGE", "PNI_ARP_NOT_STATIC", "PNI_MISSING_INFORMATION",
                "PNI_NEED_ANSWERS_MISSING", "PNI_NO_ARP", "PNI_NO_CSRP", "PNI_NO_DC_SRP", "PNI_NO_IIC_SRP",
                "PNI_NO_LDC", "PNI_NO_NEED_ANSWERS", "PNI_NO_OGRS", "PNI_NO_OSP_DC", "PNI_NO_OSP_IIC", "PNI_NO_OVP",
                "PNI_NO_RISK_SCORES", "PNI_NO_SARA_OTHERS", "PNI_NO_SARA_PARTNER", "PNI_NO_SEXUAL_OFFENCE_HISTORY",
                "PNI_NO_VRP", "PNI_OGRS3_ERA_ONLY", "PNI_OGRS4_ERA_ONLY", "PNI_OMISSION", "PNI_VRP_NOT_STATIC",
                "RESET_NO_CHILD_PROTECTION", "SENTENCE_DETAILS_MISSING", "V3_NO_CHILD_PROTECTION", "V3_NO_DCSRP",
                "V3_NO_DOMESTIC_ABUSE", "V3_NO_LIFER_IPP", "V3_NO_PREDICTOR_TYPE", "V3_NO_RELEASE_DATE",
                "V3_NO_SEXUAL_OFFENCE_HISTORY", "V3_NO_STALKING",
            },
            agreement.ReviewCodes.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EnumeratedInputPaths))]
    public void Equal_work_variant_agrees_with_the_rule_set_on_every_value_of_an_enumeration_and_values_outside_it(string path)
    {
        IReadOnlyList<string> allowedValues = _schemaFields.Value.Single(f => f.Path == path).AllowedValues!;
        ProbationCase[] validCases = ValidGeneratedCases(100);
        var cases = new List<ProbationCase>();
        foreach (ProbationCase generated in validCases)
        {
            foreach (string allowed in allowedValues)
            {
                cases.Add(With(generated, (path, allowed)));
                foreach (string invalid in OutsideTheEnumeration(allowed))
                {
                    cases.Add(With(generated, (path, invalid)));
                }
            }
        }

        Agreement agreement = CompareWithRuleSet(cases);

        output.WriteLine(agreement.Summary);
        Assert.True(agreement.Differences.Count == 0, string.Join("\n", agreement.Differences.Take(30)));
        Assert.Equal(validCases.Length * allowedValues.Count, agreement.Compared);
        Assert.Equal(validCases.Length * allowedValues.Count * OutsideTheEnumeration("X").Length, agreement.ErrorPaths[path]);
    }

    [Fact]
    public void Equal_work_variant_holds_the_case_to_the_case_limits_as_the_rule_set_does()
    {
        // The typed evaluator holds a typed case to the limits a JSON case is read with (texts of at most 100,000
        // characters and whole UTF-16, lists of at most 10,000 items): the case id, the complexity factors, the
        // sentences, each one's type and its requirements; each at its place in the schema's order among the other checks.
        string tooLong = new('x', 100_001);
        JArray Many(Func<int, JToken> item) => [.. Enumerable.Range(0, 10_001).Select(item)];
        var changes = new List<Action<JObject>>
        {
            json => json["caseId"] = tooLong,
            json => json["caseId"] = "c\uD800",
            json => json["caseId"] = "\uDC00c",
            json => json["caseId"] = "c\uD83D\uDE00 " + new string('x', 99_996),
            json => json["complexityFactors"] = new JArray("RMDO", "RV\uDBFF"),
            json => json["complexityFactors"] = new JArray("RMDO", JValue.CreateNull(), tooLong),
            json => json["complexityFactors"] = Many(i => "RMDO"),
            json => json["sentences"] = new JArray(new JObject { ["type"] = "SC" }, new JObject { ["type"] = "\uD800" }),
            json => json["sentences"] = new JArray(JValue.CreateNull(), new JObject { ["type"] = tooLong }),
            json => json["sentences"] = Many(i => new JObject { ["type"] = "SC" }),
            json => json["sentences"] = new JArray(new JObject { ["type"] = "SC", ["requirements"] = Many(i => new JObject { ["mainCategory"] = "X" }) }),
            json => json["sentences"] = new JArray(new JObject { ["type"] = "SC", ["requirements"] = new JArray(new JObject { ["mainCategory"] = tooLong }) }),
            json => json["sentences"] = new JArray(new JObject { ["type"] = "SC", ["requirements"] = new JArray(new JObject { ["mainCategory"] = "W" }, new JObject { ["mainCategory"] = "R\uDC00" }) }),
            json => json["sentences"] = new JArray(Enumerable.Range(0, 11).Select(i => new JObject { ["type"] = "SC", ["requirements"] = new JArray(Enumerable.Range(0, 10_000).Select(j => JValue.CreateNull())) })),
            json => { json["caseId"] = "c\uD800"; json["gender"] = "BAD"; },
            json => { json["mappaCategory"] = "BAD"; json["complexityFactors"] = new JArray("\uD800"); },
            json => { json["complexityFactors"] = new JArray("\uD800"); json["needs"] = new JObject { ["ACCOMMODATION"] = "BAD" }; },
            json => { json["womensFactors"] = new JObject { ["impulsivity"] = 7 }; json["sentences"] = new JArray(new JObject { ["type"] = "\uD800" }); },
            json => { json["sentences"] = new JArray(new JObject { ["type"] = "\uD800" }); json["predictors"] = new JObject { ["arp"] = 200 }; },
        };
        var cases = ValidGeneratedCases(10).SelectMany(c => changes.Select(change => With(DomainVectors.ToContractJson(c), change))).ToList();

        Agreement agreement = CompareWithRuleSet(cases);

        output.WriteLine(agreement.Summary);
        Assert.True(agreement.Differences.Count == 0, string.Join("\n", agreement.Differences.Take(30).Select(d => d.Length > 400 ? d[..400] : d)));
        // Valid: a case id of 100,000 characters with a surrogate pair. A requirement's main category (a field of a
        // list in a list item) is held to the text limit too, and the three lists to 100,000 items together.
        Assert.Equal(10 * 1, agreement.Compared);
        Assert.Equal(10 * (changes.Count - 1), agreement.Invalid);
        Assert.Equal(["caseId", "complexityFactors", "complexityFactors[0]", "complexityFactors[1]", "complexityFactors[2]", "mappaCategory", "sentences", "sentences[0].requirements", "sentences[0].requirements[0].mainCategory", "sentences[0].requirements[1].mainCategory", "sentences[0].type", "sentences[1].type", "sentences[9].requirements", "womensFactors.impulsivity"],
            agreement.ErrorPaths.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Equal_work_variant_reports_the_first_invalid_value_in_schema_order()
    {
        string[] paths = _schemaFields.Value.Where(f => f.AllowedValues is not null).Select(f => f.Path).ToArray();
        var cases = new List<ProbationCase>();
        foreach (ProbationCase generated in ValidGeneratedCases(20))
        {
            // Every pair of enumerated fields, set in both orders, so only the schema's order can pick the first.
            for (int i = 0; i < paths.Length; i++)
            {
                for (int j = 0; j < paths.Length; j++)
                {
                    if (i != j)
                    {
                        cases.Add(With(generated, (paths[j], "BAD_" + j), (paths[i], "BAD_" + i)));
                    }
                }
            }
        }

        Agreement agreement = CompareWithRuleSet(cases);

        output.WriteLine(agreement.Summary);
        Assert.True(agreement.Differences.Count == 0, string.Join("\n", agreement.Differences.Take(30)));
        Assert.Equal(cases.Count, agreement.Invalid);
        // Only the last field in the schema's order is never the first error.
        Assert.Equal(paths.Length - 1, agreement.ErrorPaths.Count);
        Assert.DoesNotContain(paths[^1], agreement.ErrorPaths.Keys);
    }

    [Theory]
    [MemberData(nameof(RequiredInputPaths))]
    public void Equal_work_variant_agrees_with_the_rule_set_when_a_required_input_is_missing(string path)
    {
        var cases = new List<ProbationCase>();
        foreach (ProbationCase generated in ValidGeneratedCases(1_000))
        {
            cases.Add(With(generated, (path, null)));
            cases.Add(With(generated, _schemaFields.Value.Where(f => f.Required).Select(f => (f.Path, (string?)null)).ToArray()));
        }

        Agreement agreement = CompareWithRuleSet(cases);

        output.WriteLine(agreement.Summary);
        Assert.True(agreement.Differences.Count == 0, string.Join("\n", agreement.Differences.Take(30)));
        Assert.Equal(cases.Count, agreement.Compared);
        Assert.Equal(cases.Count, agreement.MissingInputs[path]);
    }

    [Fact]
    public void Equal_work_variant_agrees_with_the_rule_set_on_conflicting_mandates_inconsistent_dc_srp_and_null_items()
    {
        var cases = new List<ProbationCase>();
        foreach (ProbationCase generated in ValidGeneratedCases(1_000))
        {
            JObject json = DomainVectors.ToContractJson(generated);
            if (json["sentences"] is JArray)
            {
                cases.Add(With(json, j => j["hasMandateForChange"] = true));
                cases.Add(With(json, j => j["hasMandateForChange"] = false));
                // A null requirement says nothing, so (like a requirement with every field unknown) it keeps a mandate.
                cases.Add(With(json, j => j["sentences"] = new JArray(new JObject { ["type"] = "CO", ["requirements"] = new JArray(JValue.CreateNull()) })));
                cases.Add(With(json, j => ((JArray)j["sentences"]!).Add(JValue.CreateNull())));
            }

            cases.Add(With(json, j => j["predictors"] = new JObject
            {
                ["arp"] = 40,
                ["csrp"] = 2,
                ["dcSrp"] = new JObject { ["band"] = "MEDIUM", ["score"] = 0.59 },
            }));
        }

        Agreement agreement = CompareWithRuleSet(cases);

        output.WriteLine(agreement.Summary);
        Assert.True(agreement.Differences.Count == 0, string.Join("\n", agreement.Differences.Take(30)));
        Assert.True(agreement.ReviewCodes.GetValueOrDefault("MANDATE_CONFLICT") > 100);
        Assert.True(agreement.ReviewCodes.GetValueOrDefault("DCSRP_INCONSISTENT") > 100);
    }

    // Values outside the enumeration that holds allowed: empty, unknown, and near misses of an allowed value.
    private static string[] OutsideTheEnumeration(string allowed) =>
        ["", "NOT_AN_ALLOWED_VALUE", allowed + " ", allowed.ToLowerInvariant()];

    // Generated cases the rule set accepts, so a test's own invalid value is the only one.
    private static ProbationCase[] ValidGeneratedCases(int count)
    {
        TypedEvaluator<ProbationCase> evaluator = ProbationRuleSetTests.Probation.For<ProbationCase>();
        return ProbationCaseGenerator.Generate(count * 2, seed: GeneratedSeed)
            .Where(c => evaluator.Evaluate(c).Status != DecisionStatus.Invalid)
            .Take(count)
            .ToArray();
    }

    private static Agreement CompareWithRuleSet(IEnumerable<ProbationCase> cases)
    {
        TypedEvaluator<ProbationCase> evaluator = ProbationRuleSetTests.Probation.For<ProbationCase>();
        var agreement = new Agreement();
        foreach (ProbationCase probationCase in cases)
        {
            Decision decision = evaluator.Evaluate(probationCase);
            CheckedBaselineResult result = HandWrittenTriage.EvaluateChecked(probationCase);
            int before = agreement.Differences.Count;
            agreement.Add(probationCase, decision, result);
            if (agreement.Differences.Count > before)
            {
                agreement.Differences.Add("  case: " + DomainVectors.ToContractJson(probationCase).ToString(Newtonsoft.Json.Formatting.None));
            }
        }

        return agreement;
    }

    // A copy of the case with the fields at the given paths (e.g. "predictors.dcSrp.band", "sentences[0].type") set,
    // creating missing objects and list items on the way; made through JSON, so its strings are not interned.
    private static ProbationCase With(ProbationCase probationCase, params (string Path, string? Value)[] fields) =>
        With(DomainVectors.ToContractJson(probationCase), json =>
        {
            foreach ((string path, string? value) in fields)
            {
                SetPath(json, path, value);
            }
        });

    private static ProbationCase With(JObject json, Action<JObject> change)
    {
        var copy = (JObject)json.DeepClone();
        change(copy);
        return DomainVectors.ToProbationCase(copy);
    }

    private static void SetPath(JObject root, string path, string? value)
    {
        string[] segments = path.Split('.');
        JToken container = root;
        for (int i = 0; i < segments.Length; i++)
        {
            bool last = i == segments.Length - 1;
            string segment = segments[i];
            bool item = segment.EndsWith("[0]", StringComparison.Ordinal);
            string name = item ? segment[..^3] : segment;
            var parent = (JObject)container;
            if (!item)
            {
                if (last)
                {
                    parent[name] = value;
                }
                else
                {
                    if (parent[name] is not JObject)
                    {
                        parent[name] = new JObject();
                    }

                    container = parent[name]!;
                }

                continue;
            }

            if (parent[name] is not JArray list)
            {
                list = [];
                parent[name] = list;
            }

            if (last)
            {
                if (list.Count == 0)
                {
                    list.Add(value);
                }
                else
                {
                    list[0] = value;
                }
            }
            else
            {
                if (list.Count == 0 || list[0] is not JObject)
                {
                    if (list.Count == 0)
                    {
                        list.Add(new JObject());
                    }
                    else
                    {
                        list[0] = new JObject();
                    }
                }

                container = list[0];
            }
        }
    }

    // Every enumerated or required field of ruleset.json's inputs, with list items as "[0]" (the item the tests change).
    private static IReadOnlyList<SchemaField> ReadSchemaFields()
    {
        JObject ruleSet = JObject.Parse(File.ReadAllText(Path.Combine(ProbationRuleSetTests.ProbationPath, "ruleset.json")));
        var fields = new List<SchemaField>();
        AddFields(fields, (JObject)ruleSet["inputs"]!, string.Empty);
        return fields;
    }

    private static void AddFields(List<SchemaField> fields, JObject properties, string prefix)
    {
        foreach ((string name, JToken? declaration) in properties)
        {
            AddField(fields, declaration, prefix + name);
        }
    }

    private static void AddField(List<SchemaField> fields, JToken? declaration, string path)
    {
        if (declaration is not JObject field)
        {
            return;
        }

        List<string>? allowed = field["enum"]?.Values<string>().Select(v => v!).ToList();
        bool required = field.Value<bool?>("required") == true && field["default"] is null;
        if (allowed is not null || required)
        {
            fields.Add(new SchemaField(path, allowed, required));
        }

        switch (field.Value<string>("type"))
        {
            case "object":
                AddFields(fields, (JObject)field["properties"]!, path + ".");
                break;
            case "list":
                AddField(fields, field["items"], path + "[0]");
                break;
        }
    }

    private static void Compare(List<string> differences, string id, string name, object? expected, RuleValue actual) =>
        OutputComparison.Compare(differences, "equal-work baseline", id, name, expected, actual);

    private static TheoryData<string> TierIds(string model)
    {
        var ids = new TheoryData<string>();
        foreach (TierVector vector in DomainVectors.TierVectors())
        {
            if (vector.Model == model)
            {
                ids.Add(vector.Id);
            }
        }

        return ids;
    }

    private sealed record SchemaField(string Path, IReadOnlyList<string>? AllowedValues, bool Required);

    /// <summary>What a comparison found: the differences, and what the compared cases reached.</summary>
    private sealed class Agreement
    {
        public List<string> Differences { get; } = [];

        public int Compared { get; private set; }

        public int Invalid { get; private set; }

        public Dictionary<string, int> ErrorPaths { get; } = [];

        public Dictionary<string, int> ReviewCodes { get; } = [];

        public Dictionary<string, int> MissingInputs { get; } = [];

        public string Summary =>
            $"{Compared} valid and {Invalid} invalid cases compared, {Differences.Count} difference lines; review reasons: "
            + string.Join(", ", ReviewCodes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));

        public void Add(ProbationCase probationCase, Decision decision, CheckedBaselineResult result)
        {
            string id = probationCase.CaseId ?? "(no id)";
            bool invalid = decision.Status == DecisionStatus.Invalid;
            if (invalid != result.Invalid)
            {
                Differences.Add($"{id}: rule set {decision.Status}, equal-work baseline {(result.Invalid ? "invalid: " + result.Error : "valid")}");
                return;
            }

            if (invalid)
            {
                Invalid++;
                ErrorPaths[decision.Errors[0].Path] = ErrorPaths.GetValueOrDefault(decision.Errors[0].Path) + 1;
                if (!Equals(decision.Errors[0], result.Error))
                {
                    Differences.Add($"{id} first error: rule set {decision.Errors[0]}, equal-work baseline {result.Error}");
                }

                if (result.Outputs is not null || result.ReviewReasons.Count > 0)
                {
                    Differences.Add($"{id}: the equal-work baseline computed outputs or review reasons for an invalid case");
                }

                return;
            }

            Compared++;
            foreach (ReviewReason reason in decision.ReviewReasons)
            {
                ReviewCodes[reason.Code] = ReviewCodes.GetValueOrDefault(reason.Code) + 1;
                if (reason.Code == "MISSING_INPUT")
                {
                    MissingInputs[reason.Source!] = MissingInputs.GetValueOrDefault(reason.Source!) + 1;
                }
            }

            if (!decision.ReviewReasons.SequenceEqual(result.ReviewReasons))
            {
                Differences.Add($"{id} review reasons: rule set [{string.Join(", ", decision.ReviewReasons)}], equal-work baseline [{string.Join(", ", result.ReviewReasons)}]");
            }

            BaselineResult expected = result.Outputs!;
            Compare(Differences, id, "tier", expected.Tier, decision["tier"]);
            Compare(Differences, id, "protectLevel", expected.ProtectLevel, decision["protectLevel"]);
            Compare(Differences, id, "protectPoints", expected.ProtectPoints, decision["protectPoints"]);
            Compare(Differences, id, "changeLevel", expected.ChangeLevel, decision["changeLevel"]);
            Compare(Differences, id, "changePoints", expected.ChangePoints, decision["changePoints"]);
            Compare(Differences, id, "tierV3", expected.TierV3, decision["tierV3"]);
            Compare(Differences, id, "tierV3Provisional", expected.TierV3Provisional, decision["tierV3Provisional"]);
            Compare(Differences, id, "ogrs3OneYear", expected.Ogrs3OneYear, decision["ogrs3OneYear"]);
            Compare(Differences, id, "ogrs3TwoYear", expected.Ogrs3TwoYear, decision["ogrs3TwoYear"]);
            Compare(Differences, id, "ogrs3Band", expected.Ogrs3Band, decision["ogrs3Band"]);
            Compare(Differences, id, "pniRiskLevel", expected.PniRiskLevel, decision["pniRiskLevel"]);
            Compare(Differences, id, "pniNeedLevel", expected.PniNeedLevel, decision["pniNeedLevel"]);
            Compare(Differences, id, "programmePathway", expected.ProgrammePathway, decision["programmePathway"]);
            Compare(Differences, id, "programme", expected.Programme, decision["programme"]);
            Compare(Differences, id, "practitionerGrade", expected.PractitionerGrade, decision["practitionerGrade"]);
            Compare(Differences, id, "workloadPoints", expected.WorkloadPoints, decision["workloadPoints"]);
            Compare(Differences, id, "contactSuspended", expected.ContactSuspended, decision["contactSuspended"]);
        }
    }
}
