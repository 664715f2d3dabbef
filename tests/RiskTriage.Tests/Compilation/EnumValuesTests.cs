using RiskTriage.Compilation;

namespace RiskTriage.Tests.Compilation;

/// <summary>The allowed values of an enumerated input: found by instance or by characters, and reported with the field's path.</summary>
public sealed class EnumValuesTests
{
    private static readonly EnumValues Levels = new(["LOW", "MEDIUM", "HIGH", "VERY_HIGH"]);

    [Theory]
    [InlineData("LOW")]
    [InlineData("VERY_HIGH")]
    public void A_declared_value_is_allowed_whether_or_not_it_is_the_same_instance(string value)
    {
        Assert.True(Levels.Contains(value));
        Assert.True(Levels.Contains(new string(value.AsSpan())));
    }

    [Theory]
    [InlineData("")]
    [InlineData("low")]
    [InlineData("HIGH ")]
    [InlineData("VERY HIGH")]
    public void Other_text_is_not_allowed(string value) => Assert.False(Levels.Contains(value));

    [Fact]
    public void The_declared_values_keep_their_order()
    {
        Assert.Equal(["LOW", "MEDIUM", "HIGH", "VERY_HIGH"], Levels.Values);
    }

    [Fact]
    public void A_value_not_allowed_is_an_error_at_its_path_listing_the_allowed_values()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + "\"inputs\": { \"x\": \"number\" }, \"outputs\": { \"x\": \"number\" } }");
        var decision = ruleSet.NewDecision(null, TraceDetail.None);
        Levels.Invalid(decision, "rosh", "SEVERE");
        Levels.InvalidItem(decision, "orders", 2, "level", "x");
        Levels.InvalidItem(decision, "codes", 0, string.Empty, "y");
        Assert.Equal(
            [
                new CaseError("rosh", "\"SEVERE\" is not one of the allowed values (LOW, MEDIUM, HIGH, VERY_HIGH)"),
                new CaseError("orders[2].level", "\"x\" is not one of the allowed values (LOW, MEDIUM, HIGH, VERY_HIGH)"),
                new CaseError("codes[0]", "\"y\" is not one of the allowed values (LOW, MEDIUM, HIGH, VERY_HIGH)"),
            ],
            decision.Errors);
        Assert.Equal(DecisionStatus.Invalid, decision.Status);
    }
}
