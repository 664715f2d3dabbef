using RiskTriage.Diagnostics;

namespace RiskTriage.Tests.RuleSets;

/// <summary>The example rule set evaluated from typed CLR objects must decide exactly as it does from the same case in JSON.</summary>
public sealed class TypedEvaluatorTests
{
    private static RuleSet Example => ExampleCases.RuleSet;

    public static TheoryData<string, TraceDetail> NamedCases()
    {
        var data = new TheoryData<string, TraceDetail>();
        foreach (var (name, _) in ExampleCases.All)
        {
            data.Add(name, TraceDetail.None);
            data.Add(name, TraceDetail.Summary);
            data.Add(name, TraceDetail.Full);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NamedCases))]
    public void Typed_case_and_the_same_case_as_JSON_give_identical_decisions(string name, TraceDetail trace)
    {
        var typed = ExampleCases.ByName(name);

        var fromObject = Example.EvaluateTyped(typed, trace);
        var fromJson = Example.Evaluate(typed.ToJson(), trace);

        Assert.NotEqual(DecisionStatus.Invalid, fromJson.Status);
        Assert.Equal(fromJson.ToJson(), fromObject.ToJson());
    }

    [Fact]
    public void Typed_decisions_match_the_golden_JSON_decisions_of_the_same_cases()
    {
        // The golden files were produced from JSON; the typed path must reproduce them byte for byte.
        var expected = Path.Combine(GoldenRuleSetTests.GoldenDirectory, "example", "expected");
        foreach (var (file, typed) in new[]
                 {
                     ("young-in-custody.json", ExampleCases.YoungInCustody),
                     ("very-high-risk.json", ExampleCases.VeryHighRisk),
                     ("adult-low-risk.json", ExampleCases.AdultLowRisk),
                     ("medium-two-active-orders.json", ExampleCases.MediumWithTwoActiveOrders),
                     ("missing-required.json", ExampleCases.MissingRequired),
                 })
        {
            var golden = File.ReadAllText(Path.Combine(expected, file)).TrimEnd('\n', '\r');
            Assert.Equal(golden, Example.EvaluateTyped(typed, TraceDetail.Full).ToJson());
        }
    }

    [Fact]
    public void A_case_deserialised_from_JSON_evaluates_like_the_JSON_itself()
    {
        foreach (var path in Directory.GetFiles(Path.Combine(GoldenRuleSetTests.GoldenDirectory, "example", "cases"), "*.json"))
        {
            var json = File.ReadAllText(path);
            var fromJson = Example.Evaluate(json, TraceDetail.Full);
            if (fromJson.Status == DecisionStatus.Invalid || json.Contains("officer", StringComparison.Ordinal))
            {
                continue; // not representable as an ExampleCase (wrong types, malformed, extra fields)
            }

            Assert.Equal(fromJson.ToJson(), Example.EvaluateTyped(ExampleCase.FromJson(json), TraceDetail.Full).ToJson());
        }
    }

    [Fact]
    public void Generated_cases_decide_identically_typed_and_as_JSON()
    {
        foreach (var typed in ExampleCases.Generate(300))
        {
            Assert.Equal(Example.Evaluate(typed.ToJson(), TraceDetail.Full).ToJson(), Example.EvaluateTyped(typed, TraceDetail.Full).ToJson());
            Assert.Equal(Example.Evaluate(typed.ToJson()).ToJson(), Example.EvaluateTyped(typed).ToJson());
        }
    }

    [Fact]
    public void CLR_enums_DateTime_arrays_and_non_nullable_numbers_bind_and_decide_like_text()
    {
        var withEnums = new ExampleCaseWithEnums
        {
            CaseId = "very-high-risk",
            AsOfDate = new DateTime(2026, 6, 9, 0, 0, 0, DateTimeKind.Unspecified),
            Age = 19,
            PriorOffences = 12,
            Risk = ExampleRisk.VeryHigh,
            Flags = ["WEAPON"],
            Employed = true,
            Address = new ExampleAddress { Postcode = "ZZ9", Stable = true },
            Orders =
            [
                new ExampleOrderWithEnum { Kind = ExampleOrderKind.Custody, Start = new DateOnly(2025, 3, 1) },
                new ExampleOrderWithEnum { Kind = ExampleOrderKind.Community, Ended = true, Start = new DateOnly(2023, 1, 1) },
            ],
        };

        var expected = Example.EvaluateTyped(ExampleCases.VeryHighRisk, TraceDetail.Full).ToJson();
        Assert.Equal(expected, Example.EvaluateTyped(withEnums, TraceDetail.Full).ToJson());
    }

    [Fact]
    public void Typed_enum_text_outside_the_declared_list_makes_the_case_invalid_with_the_path()
    {
        var typed = new ExampleCase
        {
            CaseId = "bad-enum",
            AsOfDate = new DateOnly(2026, 6, 9),
            Age = 30,
            Risk = "EXTREME",
            Orders = [new ExampleOrder { Kind = "CUSTODY" }, new ExampleOrder { Kind = "PAROLE" }],
        };

        var decision = Example.EvaluateTyped(typed, TraceDetail.Full);

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Equal(["risk", "orders[1].kind"], decision.Errors.Select(e => e.Path));
        Assert.Contains("EXTREME", decision.Errors[0].Message, StringComparison.Ordinal);
        Assert.All(decision.Outputs, o => Assert.True(o.Value.IsMissing));
        Assert.Empty(decision.ReviewReasons);
        Assert.Equal("bad-enum", decision.CaseId);

        // The same case as JSON is invalid at the same paths.
        Assert.Equal(decision.Errors.Select(e => e.Path), Example.Evaluate(typed.ToJson()).Errors.Select(e => e.Path));
    }

    [Fact]
    public void Typed_enum_text_is_case_sensitive_like_JSON()
    {
        var typed = new ExampleCase { CaseId = "lower", AsOfDate = new DateOnly(2026, 6, 9), Age = 30, Risk = "high" };

        Assert.Equal(DecisionStatus.Invalid, Example.EvaluateTyped(typed).Status);
        Assert.Equal(DecisionStatus.Invalid, Example.Evaluate(typed.ToJson()).Status);
    }

    [Fact]
    public void Typed_enum_text_made_at_run_time_is_allowed_when_its_characters_are()
    {
        // Values read from a database or a file are not the rule set's own (interned) instances: they are
        // compared by their characters once the reference compare finds nothing.
        static string Copy(string text) => new(text.AsSpan());
        var literal = new ExampleCase { CaseId = "copied", AsOfDate = new DateOnly(2026, 6, 9), Age = 30, Risk = "HIGH", Orders = [new ExampleOrder { Kind = "CUSTODY" }] };
        var copied = new ExampleCase { CaseId = "copied", AsOfDate = new DateOnly(2026, 6, 9), Age = 30, Risk = Copy("HIGH"), Orders = [new ExampleOrder { Kind = Copy("CUSTODY") }] };

        var decision = Example.EvaluateTyped(copied);

        Assert.NotEqual(DecisionStatus.Invalid, decision.Status);
        Assert.Equal(Example.EvaluateTyped(literal).ToJson(), decision.ToJson());
    }

    [Fact]
    public void A_null_typed_case_is_invalid_and_does_not_throw()
    {
        var decision = Example.For<ExampleCase>().Evaluate(null!);

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Equal("$", Assert.Single(decision.Errors).Path);
    }

    [Fact]
    public void A_property_that_throws_gives_an_invalid_decision_instead_of_an_exception()
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "age": "number" },
            "outputs": { "adult": { "type": "bool", "value": "age >= 18" } }
            }
            """);

        var decision = ruleSet.EvaluateTyped(new ThrowingCase(), TraceDetail.Full);

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Contains("InvalidOperationException", Assert.Single(decision.Errors).Message, StringComparison.Ordinal);
        Assert.True(decision["adult"].IsMissing);
    }

    [Fact]
    public void A_type_that_cannot_hold_the_inputs_is_rejected_with_every_mismatch()
    {
        var exception = Assert.Throws<RuleSetException>(() => Example.For<WrongShape>());

        Assert.All(exception.Diagnostics, d => Assert.Equal("RT0401", d.Code));
        var messages = string.Join("\n", exception.Diagnostics.Select(d => d.Message));
        Assert.Contains("'case.age'", messages, StringComparison.Ordinal);
        Assert.Contains("'case.flags'", messages, StringComparison.Ordinal);
        Assert.Contains("'case.address'", messages, StringComparison.Ordinal);
    }

    [Fact]
    public void The_typed_evaluator_is_created_once_per_type()
    {
        Assert.Same(Example.For<ExampleCase>(), Example.For<ExampleCase>());
        Assert.NotSame((object)Example.For<ExampleCase>(), Example.For<ExampleCaseWithEnums>());
    }

    public sealed class ThrowingCase
    {
        public double? Age => throw new InvalidOperationException("the upstream record is corrupt");
    }

    public sealed class WrongShape
    {
        public string? CaseId { get; init; }

        public DateOnly? AsOfDate { get; init; }

        public string? Age { get; init; }

        public int? PriorOffences { get; init; }

        public string? Risk { get; init; }

        public int? Flags { get; init; }

        public bool? Employed { get; init; }

        public ExampleOrder? Orders { get; init; }
    }
}
