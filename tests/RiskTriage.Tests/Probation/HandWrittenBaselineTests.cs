using Newtonsoft.Json.Linq;
using RiskTriage.Benchmarks.Baseline;
using RiskTriage.Probation;

namespace RiskTriage.Tests.Probation;

/// <summary>Proves the hand-written baseline against every shared domain test vector.</summary>
public sealed class HandWrittenBaselineTests
{
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

        switch (vector.Function)
        {
            case DomainVectors.IsHighRisk:
                Assert.Equal(vector.ExpectedFlag, result.PniHighRisk);
                break;
            case DomainVectors.IsMediumRisk:
                Assert.Equal(vector.ExpectedFlag, result.PniMediumRisk);
                break;
            case DomainVectors.IsHighIntensityBasedOnRiskScores:
                Assert.Equal(vector.ExpectedFlag, result.PniHighIntensityByRisk);
                break;
            case DomainVectors.GetRiskClassification:
                Assert.Equal(vector.ExpectedClassification, result.PniRiskLevel);
                break;
            default:
                Assert.Fail($"Unknown PNI function '{vector.Function}' in vector {id}.");
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
        ProbationCase[] cases = ProbationCaseGenerator.Generate(10_000, seed: 20260609);
        ProbationCase[] again = ProbationCaseGenerator.Generate(10_000, seed: 20260609);

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
}
