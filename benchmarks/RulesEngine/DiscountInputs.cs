using RiskTriage.RulesEngine;
using RulesEngine.Interfaces;

namespace RiskTriage.Benchmarks;

/// <summary>A customer: the discount workflow's <c>input1</c>.</summary>
public sealed record BasicInfo(string Country, int LoyaltyFactor, int TotalPurchasesToDate, string Email);

/// <summary>The customer's orders: <c>input2</c>.</summary>
public sealed record OrderInfo(int TotalOrders);

/// <summary>The customer's visits: <c>input3</c>.</summary>
public sealed record TelemetryInfo(int NoOfVisitsPerMonth);

/// <summary>The same data as one case of the rule set in RiskTriage's format (<c>discount-ruleset.json</c>).</summary>
public sealed class DiscountCase
{
    public string? Country { get; init; }

    public int LoyaltyFactor { get; init; }

    public int TotalPurchasesToDate { get; init; }

    public string? Email { get; init; }

    public int TotalOrders { get; init; }

    public int NoOfVisitsPerMonth { get; init; }

    public static DiscountCase From(object[] inputs)
    {
        var (basic, orders, telemetry) = ((BasicInfo)inputs[0], (OrderInfo)inputs[1], (TelemetryInfo)inputs[2]);
        return new DiscountCase
        {
            Country = basic.Country, LoyaltyFactor = basic.LoyaltyFactor, TotalPurchasesToDate = basic.TotalPurchasesToDate,
            Email = basic.Email, TotalOrders = orders.TotalOrders, NoOfVisitsPerMonth = telemetry.NoOfVisitsPerMonth,
        };
    }
}

/// <summary>
/// The 10-rule discount workflow's files and inputs, shared by the benchmarks and the fresh-process first-call console,
/// and the check that RulesEngine, the drop-in and the rule set in RiskTriage's format agree.
/// </summary>
public static class DiscountInputs
{
    /// <summary>The workflow's rule names, in order: the rule set in RiskTriage's format has a bool output of each name.</summary>
    public static readonly string[] RuleNames =
    [
        "GiveDiscount10", "GiveDiscount20", "GiveDiscount25", "GiveDiscount30", "GiveDiscount30NestedOrExample",
        "GiveDiscount35IndiaBigSpender", "GiveDiscount15Regions", "GiveDiscount5Corporate", "DiscountAmount", "WelcomeNewCustomer",
    ];

    /// <summary>The inputs every timed call uses: an Indian customer who gets the 20% discount and a discount amount.</summary>
    public static object[] Typical =>
        [new BasicInfo("india", 3, 12_000, "asha@contoso.com"), new OrderInfo(4), new TelemetryInfo(6)];

    public static string WorkflowPath => Path.Combine(Shared.RepositoryRoot.Path, "benchmarks", "RulesEngine", "discount-workflow.json");

    public static string RuleSetPath => Path.Combine(Shared.RepositoryRoot.Path, "benchmarks", "RulesEngine", "discount-ruleset.json");

    /// <summary>Inputs spread over every rule's boundaries (seeded: the same on every run).</summary>
    public static IEnumerable<object[]> Generated(int count)
    {
        var random = new Random(20);
        string[] countries = ["india", "uk", "france", "germany", "usa", "India"];
        string[] emails = ["a@contoso.com", "b@fabrikam.com", "c@CONTOSO.COM", "contoso.com"];
        int[] purchases = [0, 4_999, 5_000, 9_999, 10_000, 19_999, 20_000, 49_999, 50_000, 100_000, 100_001];
        for (var i = 0; i < count; i++)
        {
            yield return
            [
                new BasicInfo(countries[random.Next(countries.Length)], random.Next(0, 6), purchases[random.Next(purchases.Length)], emails[random.Next(emails.Length)]),
                new OrderInfo(random.Next(0, 8)),
                new TelemetryInfo(random.Next(0, 20)),
            ];
        }
    }

    /// <summary>Throws unless the three engines give the same result for every rule (and the same discount amount) on the typical and generated inputs.</summary>
    public static void CheckAgreement(IRulesEngine reference, RiskTriageRulesEngine ours, TypedEvaluator<DiscountCase> ruleSet, int count)
    {
        foreach (var inputs in Generated(count).Prepend(Typical))
        {
            var expected = reference.ExecuteAllRulesAsync("Discount", inputs).AsTask().Result;
            var dropIn = ours.ExecuteAllRulesAsync("Discount", inputs).AsTask().Result;
            var decision = ruleSet.Evaluate(DiscountCase.From(inputs));
            for (var i = 0; i < RuleNames.Length; i++)
            {
                var name = RuleNames[i];
                if (expected[i].Rule.RuleName != name || dropIn[i].Rule.RuleName != name
                    || expected[i].IsSuccess != dropIn[i].IsSuccess || decision[name].AsBool != expected[i].IsSuccess
                    || expected[i].ExceptionMessage != dropIn[i].ExceptionMessage)
                {
                    throw new InvalidOperationException($"RulesEngine, the drop-in and the rule set disagree on {name} for {string.Join(", ", inputs)}");
                }
            }

            var amount = expected[8].ActionResult.Output;
            if (!Equals(amount, dropIn[8].ActionResult.Output) || (amount is double d ? d : (double?)null) != decision["discountAmount"].AsNumber)
            {
                throw new InvalidOperationException($"the discount amounts differ for {string.Join(", ", inputs)}: {amount}, {dropIn[8].ActionResult.Output}, {decision["discountAmount"]}");
            }
        }
    }
}
