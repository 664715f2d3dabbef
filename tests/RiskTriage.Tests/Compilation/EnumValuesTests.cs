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

    public sealed class Case
    {
        public string? Rosh { get; init; }

        public List<Order>? Orders { get; init; }
    }

    public sealed class Order
    {
        public string? Level { get; init; }
    }

    [Theory]
    [InlineData(RuleSetBackend.Compiled)]
    [InlineData(RuleSetBackend.Interpreted)]
    public void A_typed_case_gets_the_error_a_JSON_case_gets_its_hint_and_its_text_cut_short(RuleSetBackend backend)
    {
        // The typed checks wrote the whole text (up to the case's text limit) and no "did you mean"; the JSON readers
        // wrote its first 40 characters and the hint. A cut never splits a surrogate pair (the 40th character here is
        // the first half of one).
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "rosh": { "type": "string", "enum": ["LOW", "MEDIUM", "HIGH", "VERY_HIGH"] },
              "orders": { "type": "list", "items": { "type": "object", "properties": { "level": { "type": "string", "enum": ["LOW", "HIGH"] } } } } },
            "outputs": { "r": { "type": "string", "value": "rosh" } }
            }
            """, new RuleSetOptions { Backend = backend });
        var longText = new string('x', 39) + "\U0001F600" + new string('y', 100);
        var @case = new Case { Rosh = "VERY_HGH", Orders = [new Order { Level = "LOW" }, new Order { Level = longText }] };
        var json = Newtonsoft.Json.JsonConvert.SerializeObject(@case, new Newtonsoft.Json.JsonSerializerSettings
        {
            ContractResolver = new Newtonsoft.Json.Serialization.CamelCasePropertyNamesContractResolver(),
        });

        var typed = ruleSet.For<Case>().Evaluate(@case);
        var fromJson = ruleSet.Evaluate(json);
        Assert.Equal(
            [
                new CaseError("rosh", "\"VERY_HGH\" is not one of the allowed values (LOW, MEDIUM, HIGH, VERY_HIGH); did you mean 'VERY_HIGH'?"),
                new CaseError("orders[1].level", "\"" + new string('x', 39) + "...\" is not one of the allowed values (LOW, HIGH)"),
            ],
            typed.Errors);
        Assert.Equal(fromJson.ToJson(), typed.ToJson());
        Assert.Equal(fromJson.Errors, ruleSet.Evaluate(System.Text.Encoding.UTF8.GetBytes(json).AsSpan()).Errors);
    }

    [Theory]
    [InlineData(RuleSetBackend.Compiled)]
    [InlineData(RuleSetBackend.Interpreted)]
    public void A_typed_case_of_many_values_outside_an_enumeration_searches_for_a_hint_only_for_the_errors_listed(RuleSetBackend backend)
    {
        // The message, and its "did you mean" search over the allowed values, was made for every bad value, also
        // once the decision listed no more errors (as a JSON case's readers never did).
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "orders": { "type": "list", "items": { "type": "object", "properties": { "level": { "type": "string", "enum": ["LOW", "HIGH"] } } } } },
            "outputs": { "n": { "type": "number", "value": "orders.Count()" } }
            }
            """, new RuleSetOptions { Backend = backend });
        var @case = new Case { Orders = [.. Enumerable.Range(0, 1_000).Select(_ => new Order { Level = "HIGG" })] };
        var evaluator = ruleSet.For<Case>();
        evaluator.Evaluate(@case);

        var before = RiskTriage.Diagnostics.NameSuggester.Searches;
        var decision = evaluator.Evaluate(@case);
        var searches = RiskTriage.Diagnostics.NameSuggester.Searches - before;

        var listed = ruleSet.Options.Limits.MaxCaseErrors;
        Assert.Equal(listed + 1, decision.Errors.Count); // the listed ones and the one counting the rest
        Assert.Equal("\"HIGG\" is not one of the allowed values (LOW, HIGH); did you mean 'HIGH'?", decision.Errors[0].Message);
        Assert.InRange(searches, 1, listed);
    }
}
