using RiskTriage.Probation;

namespace RiskTriage.Benchmarks.Baseline;

/// <summary>
/// Deterministic generator of realistic random probation cases that reach every branch of the default rules
/// (including unknown values and boundary scores), for benchmarks and differential tests.
/// </summary>
public static class ProbationCaseGenerator
{
    private static readonly DateOnly _asOfDate = new(2026, 6, 9);

    // Weighted towards LOW and NOT_APPLICABLE, as in practice.
    private static readonly string[] _levels =
    [
        "LOW", "LOW", "LOW", "LOW", "MEDIUM", "MEDIUM", "HIGH", "VERY_HIGH", "NOT_APPLICABLE", "NOT_APPLICABLE",
    ];
    private static readonly string[] _roshLevels = ["LOW", "MEDIUM", "MEDIUM", "HIGH", "HIGH", "VERY_HIGH"];
    private static readonly string[] _mappaLevels = ["M1", "M1", "M2", "M3"];
    private static readonly string[] _mappaCategories = ["M1", "M2", "M3", "M4"];
    private static readonly string[] _severities = ["NO_NEED", "STANDARD", "SEVERE"];
    private static readonly string[] _settings = ["COMMUNITY", "COMMUNITY", "LICENCE", "CUSTODY"];
    private static readonly string[] _sentenceTypes = ["NC", "SC", "SP", "CO", "SSO"];
    private static readonly string?[] _requirementCategories = ["W", "W1", "F", "X", "RAR", "M", null];

    // Ten register codes that score, plus an unknown one that must be ignored.
    private static readonly string[] _complexityCodes =
    [
        "RMDO", "ALSH", "RVLN", "RCCO", "RCPR", "RCHD", "RPIR", "RVAD", "STRG", "RTAO", "XUNK",
    ];

    private static readonly string[] _offenceCategories =
    [
        "VIOLENCE", "ROBBERY", "PUBLIC_ORDER", "SEXUAL_NOT_CHILD", "SEXUAL_CHILD", "SOLICITING",
        "BURGLARY_DOMESTIC", "BURGLARY_OTHER", "THEFT_NON_MOTOR", "HANDLING", "FRAUD_FORGERY",
        "ABSCONDING_BAIL", "TWOC", "THEFT_FROM_VEHICLE", "OTHER_MOTORING", "DRINK_DRIVING",
        "CRIMINAL_DAMAGE", "DRUG_IMPORT_EXPORT_PRODUCTION", "DRUG_POSSESSION_SUPPLY", "OTHER",
    ];

    // Threshold values where the rules change outcome, including the BigDecimal quirks of the RSR bands.
    private static readonly double[] _rsrBoundaries = [0, 0.99, 1.0, 2.99, 3.0, 6.9, 6.99, 6.995, 7.0, 99.98, 99.99, 999.99];
    private static readonly double[] _percentBoundaries = [0, 9, 10, 29, 30, 49, 50, 59, 60, 74, 75, 89, 90, 99, 100];
    private static readonly double[] _arpBoundaries = [0, 14.99, 15, 24.99, 25, 49.99, 50, 74.99, 75, 89.99, 90, 99.99];
    private static readonly double[] _csrpBoundaries = [0, 0.49, 0.5, 0.99, 1.0, 2.99, 3.0, 6.89, 6.9, 12.5];
    private static readonly double[] _vrpBoundaries = [0, 29.99, 30, 59.99, 60, 79.99, 80, 99.99];

    // DC-SRP Medium scores by tier sub-range (never below 0.60, which the source treats as an error).
    private static readonly double[][] _dcSrpMediumRanges =
    [
        [0.60, 1.11],
        [1.12, 2.10],
        [2.11, 3.35],
        [3.36, 4.57],
    ];

    /// <summary>Generates <paramref name="count"/> cases; the same seed always gives the same cases.</summary>
    /// <param name="count">Number of cases.</param>
    /// <param name="seed">Seed for <see cref="Random"/>.</param>
    /// <returns>The generated cases, all evaluated as of 2026-06-09.</returns>
    public static ProbationCase[] Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var cases = new ProbationCase[count];
        for (int i = 0; i < count; i++)
        {
            cases[i] = NextCase(random, $"GEN-{seed}-{i:D6}");
        }

        return cases;
    }

    private static ProbationCase NextCase(Random random, string caseId)
    {
        double genderRoll = random.NextDouble();
        string? gender = genderRoll < 0.82 ? "Male" : genderRoll < 0.97 ? "Female" : null;
        string? mappaLevel = Chance(random, 0.2) ? Pick(random, _mappaLevels) : null;
        // MAPPA category normally travels with a level; a few cases have one without the other.
        string? mappaCategory = mappaLevel is not null
            ? (Chance(random, 0.9) ? Pick(random, _mappaCategories) : null)
            : (Chance(random, 0.05) ? Pick(random, _mappaCategories) : null);
        IReadOnlyList<Sentence>? sentences = Chance(random, 0.15) ? null : NextSentences(random);
        bool liferIpp = Chance(random, 0.06);

        return new ProbationCase
        {
            CaseId = caseId,
            AsOfDate = _asOfDate,
            Gender = gender,
            RsrScore = Chance(random, 0.1) ? null : NextScore(random, 15, _rsrBoundaries),
            OgrsScore = Chance(random, 0.5) ? null : NextScore(random, 99, _percentBoundaries, wholeNumbers: true),
            Ogrs3 = Chance(random, 0.35) ? null : NextOgrs3Factors(random),
            OvpScore = Chance(random, 0.3) ? null : NextScore(random, 99, _percentBoundaries, wholeNumbers: true),
            OspDcLevel = NextLevel(random, 0.35),
            OspIicLevel = NextLevel(random, 0.35),
            SaraPartner = NextLevel(random, 0.4),
            SaraOthers = NextLevel(random, 0.4),
            Rosh = Chance(random, 0.25) ? null : Pick(random, _roshLevels),
            MappaLevel = mappaLevel,
            MappaCategory = mappaCategory,
            ComplexityFactors = Chance(random, 0.1) ? null : NextComplexityFactors(random),
            IomNominal = NextBool(random, 0.1, 0.05),
            PreviousEnforcementActivity = NextBool(random, 0.2, 0.05),
            HasValidAssessment = NextBool(random, 0.7, 0.05),
            Needs = Chance(random, 0.1) ? null : NextNeeds(random),
            // Women's factors only count for women, but men get some too so the gender gate is exercised.
            WomensFactors = Chance(random, gender == "Female" ? 0.8 : 0.05) ? NextWomensFactors(random) : null,
            Sentences = sentences,
            HasMandateForChange = sentences is null ? NextBool(random, 0.7, 0.3) : null,
            Unsupervised = NextBool(random, 0.15, 0.05),
            HasActiveEvent = NextBool(random, 0.95, 0.03),
            Predictors = Chance(random, 0.08) ? null : NextPredictors(random),
            LiferIpp = Chance(random, 0.02) ? null : liferIpp,
            LatestReleaseDate = NextReleaseDate(random, liferIpp),
            DomesticAbuse = NextBool(random, 0.2, 0.03),
            Stalking = NextBool(random, 0.05, 0.03),
            ChildProtection = NextBool(random, 0.08, 0.03),
            EverCommittedSexualOffence = NextBool(random, 0.1, 0.03),
            PniNeeds = Chance(random, 0.08) ? null : NextPniNeeds(random),
            LdcScore = Chance(random, 0.1) ? null : (Chance(random, 0.05) ? 2.99 : random.Next(0, 7)),
            Setting = Chance(random, 0.05) ? null : Pick(random, _settings),
        };
    }

    private static Ogrs3Factors NextOgrs3Factors(Random random)
    {
        int ageAtFirst = random.Next(10, 41);
        int ageAtConviction = ageAtFirst + random.Next(0, 40);
        int ageAtStart = ageAtConviction + random.Next(0, 4);
        int totalSanctions = Chance(random, 0.2) ? 1 : random.Next(2, 41);
        // Occasionally drop one factor or use an unknown offence category: OGRS3 then cannot be computed.
        int missing = Chance(random, 0.08) ? random.Next(0, 5) : -1;
        return new Ogrs3Factors
        {
            AgeAtStartOfFollowUp = missing == 0 ? null : ageAtStart,
            TotalSanctions = missing == 1 ? null : totalSanctions,
            AgeAtFirstSanction = missing == 2 ? null : ageAtFirst,
            AgeAtCurrentConviction = missing == 3 ? null : ageAtConviction,
            OffenceCategory = missing == 4 ? null : Chance(random, 0.02) ? "NOT_A_CATEGORY" : Pick(random, _offenceCategories),
        };
    }

    private static string[] NextComplexityFactors(Random random)
    {
        var codes = new List<string>();
        for (int i = 0; i < _complexityCodes.Length; i++)
        {
            if (Chance(random, 0.12))
            {
                codes.Add(_complexityCodes[i]);
            }
        }

        if (codes.Count > 0 && Chance(random, 0.1))
        {
            codes.Add(codes[random.Next(codes.Count)]);
        }

        return codes.ToArray();
    }

    private static Needs NextNeeds(Random random) => new()
    {
        Accommodation = NextSeverity(random),
        EducationTrainingAndEmployability = NextSeverity(random),
        Relationships = NextSeverity(random),
        LifestyleAndAssociates = NextSeverity(random),
        DrugMisuse = NextSeverity(random),
        AlcoholMisuse = NextSeverity(random),
        ThinkingAndBehaviour = NextSeverity(random),
        Attitudes = NextSeverity(random),
        FinancialManagementAndIncome = NextSeverity(random),
        EmotionalWellBeing = NextSeverity(random),
    };

    private static string? NextSeverity(Random random) => Chance(random, 0.15) ? null : Pick(random, _severities);

    private static WomensFactors NextWomensFactors(Random random) => new()
    {
        ParentingResponsibilities = NextBool(random, 0.4, 0.05),
        Impulsivity = NextItem(random, 0.05),
        TemperControl = NextItem(random, 0.05),
    };

    private static Sentence[] NextSentences(Random random)
    {
        // Most people on probation have at least one event; an empty list (no current events) is kept rare.
        var sentences = new Sentence[Chance(random, 0.05) ? 0 : random.Next(1, 4)];
        for (int i = 0; i < sentences.Length; i++)
        {
            var requirements = new SentenceRequirement[random.Next(0, 4)];
            for (int j = 0; j < requirements.Length; j++)
            {
                requirements[j] = new SentenceRequirement
                {
                    MainCategory = Pick(random, _requirementCategories),
                    Restrictive = NextBool(random, 0.3, 0.03),
                };
            }

            sentences[i] = new Sentence
            {
                Type = Chance(random, 0.03) ? null : Pick(random, _sentenceTypes),
                Terminated = NextBool(random, 0.2, 0.03),
                Requirements = Chance(random, 0.05) ? null : requirements,
            };
        }

        return sentences;
    }

    private static Predictors NextPredictors(Random random)
    {
        DcSrpPredictor? dcSrp = null;
        if (Chance(random, 0.5))
        {
            string? band = Chance(random, 0.05) ? null : Pick(random, _levels);
            double? score;
            if (Chance(random, 0.05))
            {
                score = null;
            }
            else if (band == "MEDIUM")
            {
                double[] range = _dcSrpMediumRanges[random.Next(_dcSrpMediumRanges.Length)];
                score = Math.Round(range[0] + random.NextDouble() * (range[1] - range[0]), 2);
            }
            else
            {
                score = Chance(random, 0.05) ? 0 : Math.Round(0.01 + random.NextDouble() * 8, 2);
            }

            dcSrp = new DcSrpPredictor { Score = score, Band = band };
        }

        return new Predictors
        {
            Arp = Chance(random, 0.03) ? null : NextScore(random, 99.99, _arpBoundaries),
            Csrp = Chance(random, 0.03) ? null : NextScore(random, 12, _csrpBoundaries),
            ArpType = NextPredictorType(random),
            CsrpType = NextPredictorType(random),
            DcSrp = dcSrp,
            Vrp = Chance(random, 0.2) ? null : NextScore(random, 99.99, _vrpBoundaries),
            VrpType = NextPredictorType(random),
            IicSrp = Chance(random, 0.25) ? null : new IicSrpPredictor
            {
                Score = Chance(random, 0.5) ? null : Math.Round(random.NextDouble() * 12, 2),
                Band = Chance(random, 0.1) ? null : Pick(random, _levels),
            },
        };
    }

    private static string? NextPredictorType(Random random)
    {
        double roll = random.NextDouble();
        return roll < 0.02 ? null : roll < 0.3 ? "STATIC" : "DYNAMIC";
    }

    private static DateOnly? NextReleaseDate(Random random, bool liferIpp)
    {
        if (!Chance(random, liferIpp ? 0.85 : 0.3))
        {
            return null;
        }

        // Exact one- and five-year boundaries matter for the lifer step, so they are drawn on purpose.
        return random.Next(0, 8) switch
        {
            0 => _asOfDate.AddYears(-1),
            1 => _asOfDate.AddYears(-1).AddDays(-1),
            2 => _asOfDate.AddYears(-5),
            3 => _asOfDate.AddYears(-5).AddDays(-1),
            _ => _asOfDate.AddDays(-random.Next(0, 365 * 9)),
        };
    }

    private static PniNeeds NextPniNeeds(Random random) => new()
    {
        Sex = Chance(random, 0.02) ? null : new PniSexNeeds
        {
            SexualPreoccupation = NextItem(random, 0.015),
            OffenceRelatedSexualInterests = NextItem(random, 0.015),
            EmotionalCongruence = NextItem(random, 0.015),
        },
        Thinking = Chance(random, 0.02) ? null : new PniThinkingNeeds
        {
            ProCriminalAttitudes = NextItem(random, 0.015),
            HostileOrientation = NextItem(random, 0.015),
        },
        Relationships = Chance(random, 0.02) ? null : new PniRelationshipNeeds
        {
            CurRelCloseFamily = NextItem(random, 0.015),
            PrevCloseRelationships = NextItem(random, 0.015),
            EasilyInfluenced = NextItem(random, 0.015),
            AggressiveControllingBehaviour = NextItem(random, 0.015),
        },
        SelfManagement = Chance(random, 0.02) ? null : new PniSelfManagementNeeds
        {
            Impulsivity = NextItem(random, 0.015),
            TemperControl = NextItem(random, 0.015),
            ProblemSolvingSkills = NextItem(random, 0.015),
            DifficultiesCoping = NextItem(random, 0.015),
        },
    };

    private static double? NextItem(Random random, double nullChance) =>
        Chance(random, nullChance) ? null : random.Next(0, 3);

    private static string? NextLevel(Random random, double nullChance) =>
        Chance(random, nullChance) ? null : Pick(random, _levels);

    private static bool? NextBool(Random random, double trueChance, double nullChance)
    {
        if (Chance(random, nullChance))
        {
            return null;
        }

        return Chance(random, trueChance);
    }

    // One draw in five lands on a rule threshold; the rest are skewed towards low scores, as real
    // predictor distributions are.
    private static double NextScore(Random random, double max, double[] boundaries, bool wholeNumbers = false)
    {
        if (Chance(random, 0.2))
        {
            return Pick(random, boundaries);
        }

        double u = random.NextDouble();
        double value = u * u * max;
        return wholeNumbers ? Math.Round(value) : Math.Round(value, 2);
    }

    private static bool Chance(Random random, double probability) => random.NextDouble() < probability;

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];
}
