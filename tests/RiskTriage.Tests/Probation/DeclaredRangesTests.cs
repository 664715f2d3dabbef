using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Probation;

namespace RiskTriage.Tests.Probation;

/// <summary>
/// The default rule set declares the valid range of every score, count and date (rules/probation/README.md, inputs):
/// out-of-range and sentinel values no longer give lower outcomes as Complete decisions, on the JSON and typed paths.
/// </summary>
public sealed class DeclaredRangesTests
{
    private static RuleSet Probation => Reliability.ProbationData.RuleSet;

    private static JObject Example(string id) => Reliability.ProbationData.Examples().Single(e => ((string)e["caseId"]!).StartsWith(id, StringComparison.Ordinal));

    public static TheoryData<string, string, string> Invalid => new()
    {
        // example, JSON path of the value, the value
        { "EX-01", "ogrsScore", "-1" },
        { "EX-01", "ogrsScore", "-100" },
        { "EX-01", "ogrsScore", "101" },
        { "EX-01", "ovpScore", "100.5" },
        { "EX-01", "predictors.arp", "-1" },
        { "EX-01", "predictors.csrp", "-1" },
        { "EX-01", "predictors.csrp", "250" },
        { "EX-10", "asOfDate", "\"0001-01-01\"" },
        { "EX-10", "latestReleaseDate", "\"9999-12-31\"" },
        { "EX-07", "womensFactors.impulsivity", "3" },
        { "EX-07", "womensFactors.temperControl", "0.5" },
        { "EX-12", "ogrs3.totalSanctions", "0" },
        { "EX-12", "ogrs3.ageAtCurrentConviction", "9" },
        { "EX-01", "pniNeeds.thinking.proCriminalAttitudes", "-1" },
        { "EX-03", "ldcScore", "-3" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_value_outside_its_declared_range_is_invalid_naming_the_field(string example, string path, string value)
    {
        var json = Example(example);
        Assert.NotEqual(DecisionStatus.Invalid, Probation.Evaluate(json.ToString(Formatting.None)).Status);
        Set(json, path, value);

        var decision = Probation.Evaluate(json.ToString(Formatting.None));

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        var error = Assert.Single(decision.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains("outside its valid range", error.Message, StringComparison.Ordinal);
        Assert.True(decision["tier"].IsMissing);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("999.99")]
    public void An_RSR_outside_0_to_100_asks_for_review(string value)
    {
        // rsrScore is declared "outOfRange": "review": the public vector v2-bdd-rsr-999.99 asserts that 999.99 scores
        // no RSR points, so the case is triaged as given, but never as Complete (-1 used to give D1 and LOW_RISK).
        var json = Example("EX-03");
        Set(json, "rsrScore", value);

        var decision = Probation.Evaluate(json.ToString(Formatting.None));

        Assert.Equal(DecisionStatus.ReviewRequired, decision.Status);
        Assert.Contains(decision.ReviewReasons, r => r.Code == "OUT_OF_RANGE" && r.Source == "rsrScore");
    }

    [Fact]
    public void The_typed_path_applies_the_same_ranges_and_refuses_NaN_and_infinity()
    {
        var typed = Probation.For<ProbationCase>();
        var valid = new ProbationCase { CaseId = "t", AsOfDate = new DateOnly(2026, 6, 9), Gender = "Male", RsrScore = 7.1, OgrsScore = 40 };
        Assert.Empty(typed.Evaluate(valid).Errors);
        Assert.DoesNotContain(typed.Evaluate(valid).ReviewReasons, r => r.Code == "OUT_OF_RANGE");

        static string Field(Decision d) => Assert.Single(d.Errors).Path;
        Assert.Equal("rsrScore", Field(typed.Evaluate(new ProbationCase { CaseId = "t", AsOfDate = new DateOnly(2026, 6, 9), Gender = "Male", RsrScore = double.NaN })));
        Assert.Equal("ogrsScore", Field(typed.Evaluate(new ProbationCase { CaseId = "t", AsOfDate = new DateOnly(2026, 6, 9), Gender = "Male", OgrsScore = double.PositiveInfinity })));
        Assert.Equal("ogrsScore", Field(typed.Evaluate(new ProbationCase { CaseId = "t", AsOfDate = new DateOnly(2026, 6, 9), Gender = "Male", OgrsScore = -1 })));
        Assert.Equal("asOfDate", Field(typed.Evaluate(new ProbationCase { CaseId = "t", AsOfDate = DateOnly.MinValue, Gender = "Male" })));
        Assert.Equal("predictors.arp", Field(typed.Evaluate(new ProbationCase { CaseId = "t", AsOfDate = new DateOnly(2026, 6, 9), Gender = "Male", Predictors = new Predictors { Arp = -1, Csrp = 1 } })));

        var review = typed.Evaluate(new ProbationCase { CaseId = "t", AsOfDate = new DateOnly(2026, 6, 9), Gender = "Male", RsrScore = -1 });
        Assert.Equal(DecisionStatus.ReviewRequired, review.Status);
        Assert.Contains(review.ReviewReasons, r => r.Code == "OUT_OF_RANGE" && r.Source == "rsrScore");
    }

    [Fact]
    public void The_typed_path_applies_the_case_limits()
    {
        var typed = Probation.For<ProbationCase>();
        var tooMany = Enumerable.Repeat("RMDO", RuleSetLimits.Default.MaxCollectionItems + 1).ToArray();

        var decision = typed.Evaluate(new ProbationCase { CaseId = "t", AsOfDate = new DateOnly(2026, 6, 9), Gender = "Male", ComplexityFactors = tooMany });

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Equal("complexityFactors", Assert.Single(decision.Errors).Path);
        var longId = typed.Evaluate(new ProbationCase { CaseId = new string('x', RuleSetLimits.Default.MaxCaseStringLength + 1), AsOfDate = new DateOnly(2026, 6, 9), Gender = "Male" });
        Assert.Equal(DecisionStatus.Invalid, longId.Status);
        Assert.Null(longId.CaseId);
    }

    private static void Set(JObject json, string path, string value)
    {
        var parts = path.Split('.');
        var target = json;
        foreach (var part in parts[..^1])
        {
            target = target[part] as JObject ?? (JObject)(target[part] = new JObject());
        }

        target[parts[^1]] = JToken.Parse(value);
    }
}
