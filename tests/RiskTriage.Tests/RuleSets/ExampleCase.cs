namespace RiskTriage.Tests.RuleSets;

/// <summary>The example's risk levels as a CLR enum (VeryHigh binds to "VERY_HIGH": case and underscores are ignored).</summary>
public enum ExampleRisk
{
    Low,
    Medium,
    High,
    VeryHigh,
}

public enum ExampleOrderKind
{
    Custody,
    Community,
}

/// <summary>The example's case with CLR enums, DateTime dates, arrays and non-nullable numbers where the rules allow it.</summary>
public sealed class ExampleCaseWithEnums
{
    public string? CaseId { get; init; }

    public DateTime AsOfDate { get; init; }

    public double Age { get; init; }

    public int PriorOffences { get; init; }

    public ExampleRisk? Risk { get; init; }

    public string[]? Flags { get; init; }

    public bool? Employed { get; init; }

    public ExampleAddress? Address { get; init; }

    public ExampleOrderWithEnum[]? Orders { get; init; }
}

public sealed class ExampleOrderWithEnum
{
    public ExampleOrderKind? Kind { get; init; }

    public bool? Ended { get; init; }

    public DateOnly? Start { get; init; }
}

/// <summary>Example cases shared by the end-to-end tests.</summary>
internal static class ExampleCases
{
    public static RuleSet RuleSet => LoadedRuleSet.Value;

    private static readonly Lazy<RuleSet> LoadedRuleSet = new(() => global::RiskTriage.RuleSet.Load(TestPaths.TestRuleSet("example")));

    public static ExampleCase YoungInCustody => new()
    {
        CaseId = "young-in-custody",
        AsOfDate = new DateOnly(2026, 6, 9),
        Age = 20,
        PriorOffences = 3,
        Risk = "HIGH",
        Flags = ["GANG"],
        Employed = false,
        Address = new ExampleAddress { Postcode = "AB1", Stable = false },
        Orders = [new ExampleOrder { Kind = "CUSTODY", Ended = false, Start = new DateOnly(2024, 1, 1) }],
    };

    public static ExampleCase VeryHighRisk => new()
    {
        CaseId = "very-high-risk",
        AsOfDate = new DateOnly(2026, 6, 9),
        Age = 19,
        PriorOffences = 12,
        Risk = "VERY_HIGH",
        Flags = ["WEAPON"],
        Employed = true,
        Address = new ExampleAddress { Postcode = "ZZ9", Stable = true },
        Orders =
        [
            new ExampleOrder { Kind = "CUSTODY", Start = new DateOnly(2025, 3, 1) },
            new ExampleOrder { Kind = "COMMUNITY", Ended = true, Start = new DateOnly(2023, 1, 1) },
        ],
    };

    public static ExampleCase AdultLowRisk => new()
    {
        CaseId = "adult-low-risk",
        AsOfDate = new DateOnly(2026, 6, 9),
        Age = 40,
        Risk = "LOW",
        Flags = [],
        Address = new ExampleAddress { Stable = true },
        Orders = [],
    };

    public static ExampleCase MediumWithTwoActiveOrders => new()
    {
        CaseId = "medium-two-active-orders",
        AsOfDate = new DateOnly(2026, 6, 9),
        Age = 30,
        Risk = "HIGH",
        Employed = false,
        Address = new ExampleAddress { Stable = true },
        Orders = [new ExampleOrder { Kind = "COMMUNITY", Ended = false }, new ExampleOrder { Kind = "COMMUNITY" }, new ExampleOrder { Kind = "COMMUNITY", Ended = true }],
    };

    /// <summary>Required inputs missing at the top level, in a nested object and in a list item; no risk (a rule asks for review).</summary>
    public static ExampleCase MissingRequired => new()
    {
        CaseId = "missing-required",
        Address = new ExampleAddress { Postcode = "AB1" },
        Orders = [new ExampleOrder { Ended = false }, new ExampleOrder { Kind = "COMMUNITY" }],
    };

    public static ExampleCase NothingButId => new() { CaseId = "nothing" };

    public static IEnumerable<(string Name, ExampleCase Case)> All =>
    [
        (nameof(YoungInCustody), YoungInCustody),
        (nameof(VeryHighRisk), VeryHighRisk),
        (nameof(AdultLowRisk), AdultLowRisk),
        (nameof(MediumWithTwoActiveOrders), MediumWithTwoActiveOrders),
        (nameof(MissingRequired), MissingRequired),
        (nameof(NothingButId), NothingButId),
    ];

    public static ExampleCase ByName(string name) => All.Single(c => c.Name == name).Case;

    /// <summary><paramref name="count"/> varied, valid cases (deterministic), for batch and concurrency tests.</summary>
    public static List<ExampleCase> Generate(int count)
    {
        var random = new Random(20260609);
        var risks = new[] { null, "LOW", "MEDIUM", "HIGH", "VERY_HIGH" };
        var flags = new[] { "GANG", "WEAPON", "DRUGS" };
        var cases = new List<ExampleCase>(count);
        for (var i = 0; i < count; i++)
        {
            cases.Add(new ExampleCase
            {
                CaseId = "case-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                AsOfDate = new DateOnly(2026, 1, 1).AddDays(random.Next(365)),
                Age = random.Next(10) == 0 ? null : 16 + random.Next(60),
                PriorOffences = random.Next(4) == 0 ? null : random.Next(15),
                Risk = risks[random.Next(risks.Length)],
                Flags = random.Next(5) == 0 ? null : flags.Where(_ => random.Next(3) == 0).ToList(),
                Employed = random.Next(3) switch { 0 => null, 1 => true, _ => false },
                Address = random.Next(4) == 0 ? null : new ExampleAddress { Stable = random.Next(5) == 0 ? null : random.Next(2) == 0 },
                Orders = Enumerable.Range(0, random.Next(4)).Select(_ => new ExampleOrder
                {
                    Kind = random.Next(2) == 0 ? "CUSTODY" : "COMMUNITY",
                    Ended = random.Next(3) == 0 ? null : random.Next(2) == 0,
                    Start = new DateOnly(2020, 1, 1).AddDays(random.Next(2000)),
                }).ToList(),
            });
        }

        return cases;
    }
}
