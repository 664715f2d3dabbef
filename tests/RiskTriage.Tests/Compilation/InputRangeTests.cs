using Newtonsoft.Json.Linq;

namespace RiskTriage.Tests.Compilation;

/// <summary>
/// A value outside its declared range makes the decision invalid naming the field (or asks for review where the rule
/// set says "outOfRange": "review"), on the JSON path and the typed path alike; a typed case is also held to the case
/// limits JSON is read with (finite numbers, text length, whole UTF-16 text, list items).
/// </summary>
public sealed class InputRangeTests
{
    private static readonly RuleSet Rules = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": {
          "caseId": "string",
          "score": { "type": "number", "min": 0, "max": 100 },
          "count": { "type": "number", "min": 0, "integer": true },
          "soft": { "type": "number", "min": 0, "max": 10, "outOfRange": "review" },
          "free": "number",
          "day": { "type": "date", "min": "1900-01-01", "max": "2100-12-31" },
          "note": "string",
          "codes": { "type": "list", "items": "string" },
          "inner": { "type": "object", "properties": { "level": { "type": "number", "min": 0, "max": 2, "integer": true } } },
          "orders": { "type": "list", "items": { "type": "object", "properties": { "months": { "type": "number", "min": 1, "max": 600 }, "start": { "type": "date", "min": "1900-01-01" } } } }
        },
        "outputs": { "score": "number", "soft": "number", "day": "date" }
        }
        """, new RuleSetOptions { Limits = new RuleSetLimits { MaxCaseStringLength = 20, MaxCollectionItems = 3 } });

    public sealed class TypedCase
    {
        public string? CaseId { get; init; }

        public double? Score { get; init; }

        public int? Count { get; init; }

        public double Soft { get; init; }

        public double? Free { get; init; }

        public DateOnly? Day { get; init; }

        public string? Note { get; init; }

        public IReadOnlyList<string>? Codes { get; init; }

        public TypedInner? Inner { get; init; }

        public List<TypedOrder>? Orders { get; init; }
    }

    public sealed class TypedInner
    {
        public double? Level { get; init; }
    }

    public sealed class TypedOrder
    {
        public double Months { get; init; }

        public DateTime? Start { get; init; }
    }

    public static TheoryData<string, string> OutOfRange => new()
    {
        { """{ "score": -1 }""", "score" },
        { """{ "score": -100 }""", "score" },
        { """{ "score": 100.01 }""", "score" },
        { """{ "count": 1.5 }""", "count" },
        { """{ "count": -1 }""", "count" },
        { """{ "day": "0001-01-01" }""", "day" },
        { """{ "day": "2101-01-01" }""", "day" },
        { """{ "inner": { "level": 3 } }""", "inner.level" },
        { """{ "orders": [ { "months": 12 }, { "months": 0 } ] }""", "orders[1].months" },
        { """{ "orders": [ { "months": 12, "start": "1899-12-31" } ] }""", "orders[0].start" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void A_value_outside_its_range_makes_the_JSON_case_invalid_naming_the_field(string json, string path)
    {
        var decision = Rules.Evaluate(json);

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        var error = Assert.Single(decision.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains("outside its valid range", error.Message, StringComparison.Ordinal);
        Assert.All(decision.Outputs, o => Assert.True(o.Value.IsMissing));
        Assert.Equal(decision.ToJson(), Rules.Evaluate(JObject.Parse(json)).ToJson());
    }

    [Fact]
    public void The_bounds_themselves_are_valid()
    {
        var decision = Rules.Evaluate("""{ "score": 0, "count": 0, "soft": 10, "day": "1900-01-01", "inner": { "level": 2 }, "orders": [ { "months": 600, "start": "1900-01-01" } ] }""");
        Assert.Equal(DecisionStatus.Complete, decision.Status);
        Assert.Equal(DecisionStatus.Complete, Rules.Evaluate("""{ "score": 100, "day": "2100-12-31", "count": 1e3 }""").Status);
    }

    [Fact]
    public void Review_mode_triages_with_the_value_and_asks_for_review()
    {
        var decision = Rules.Evaluate("""{ "score": 5, "soft": 11 }""");

        Assert.Equal(DecisionStatus.ReviewRequired, decision.Status);
        var reason = Assert.Single(decision.ReviewReasons);
        Assert.Equal("OUT_OF_RANGE", reason.Code);
        Assert.Equal("soft", reason.Source);
        Assert.Equal(11, decision["soft"].AsNumber);
    }

    [Fact]
    public void The_typed_path_applies_the_same_ranges()
    {
        var typed = Rules.For<TypedCase>();

        Assert.Equal(DecisionStatus.Complete, typed.Evaluate(new TypedCase { Score = 50, Count = 3, Day = new DateOnly(2026, 6, 9) }).Status);
        Assert.Equal("score", Assert.Single(typed.Evaluate(new TypedCase { Score = -1 }).Errors).Path);
        Assert.Equal("count", Assert.Single(typed.Evaluate(new TypedCase { Count = -1 }).Errors).Path);
        Assert.Equal("day", Assert.Single(typed.Evaluate(new TypedCase { Day = DateOnly.MinValue }).Errors).Path);
        Assert.Equal("inner.level", Assert.Single(typed.Evaluate(new TypedCase { Inner = new TypedInner { Level = 0.5 } }).Errors).Path);
        Assert.Equal("orders[1].months", Assert.Single(typed.Evaluate(new TypedCase { Orders = [new() { Months = 1 }, new() { Months = 601 }] }).Errors).Path);
        Assert.Equal("orders[0].start", Assert.Single(typed.Evaluate(new TypedCase { Orders = [new() { Months = 1, Start = new DateTime(1899, 1, 1) }] }).Errors).Path);

        var review = typed.Evaluate(new TypedCase { Soft = -0.5 });
        Assert.Equal(DecisionStatus.ReviewRequired, review.Status);
        Assert.Equal("soft", Assert.Single(review.ReviewReasons).Source);
    }

    [Fact]
    public void The_typed_checks_hold_at_each_bound_and_one_step_past_it()
    {
        var typed = Rules.For<TypedCase>();
        var first = new DateOnly(1900, 1, 1);
        var last = new DateOnly(2100, 12, 31);

        Assert.Equal(DecisionStatus.Complete, typed.Evaluate(new TypedCase { Day = first }).Status);
        Assert.Equal(DecisionStatus.Complete, typed.Evaluate(new TypedCase { Day = last }).Status);
        Assert.Equal("day", Assert.Single(typed.Evaluate(new TypedCase { Day = first.AddDays(-1) }).Errors).Path);
        Assert.Equal("day", Assert.Single(typed.Evaluate(new TypedCase { Day = last.AddDays(1) }).Errors).Path);
        Assert.Equal("day", Assert.Single(typed.Evaluate(new TypedCase { Day = DateOnly.MaxValue }).Errors).Path);

        // No declared range: every finite number, the largest magnitudes included, and nothing else.
        Assert.Equal(DecisionStatus.Complete, typed.Evaluate(new TypedCase { Free = double.MaxValue }).Status);
        Assert.Equal(DecisionStatus.Complete, typed.Evaluate(new TypedCase { Free = double.MinValue }).Status);
        Assert.Equal(DecisionStatus.Complete, typed.Evaluate(new TypedCase { Free = -0.0 }).Status);
        Assert.Equal(DecisionStatus.Complete, typed.Evaluate(new TypedCase { Free = double.Epsilon }).Status);
        Assert.Equal("free", Assert.Single(typed.Evaluate(new TypedCase { Free = double.PositiveInfinity }).Errors).Path);
        Assert.Equal("free", Assert.Single(typed.Evaluate(new TypedCase { Free = double.NaN }).Errors).Path);
    }

    public static TheoryData<string, double> NotFinite => new()
    {
        { "score", double.NaN },
        { "score", double.PositiveInfinity },
        { "free", double.NaN },
        { "free", double.NegativeInfinity },
        { "soft", double.NaN },
    };

    [Theory]
    [MemberData(nameof(NotFinite))]
    public void A_typed_NaN_or_infinity_is_invalid_as_in_JSON(string field, double value)
    {
        var @case = field switch
        {
            "score" => new TypedCase { Score = value },
            "free" => new TypedCase { Free = value },
            _ => new TypedCase { Soft = value },
        };

        var decision = Rules.For<TypedCase>().Evaluate(@case);

        // Even a "review" field: NaN is no value at all, so it cannot be triaged as given.
        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Equal(field, Assert.Single(decision.Errors).Path);
        Assert.Contains("not a finite number", decision.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_typed_case_is_held_to_the_text_and_list_limits()
    {
        var typed = Rules.For<TypedCase>();

        Assert.Equal(DecisionStatus.Complete, typed.Evaluate(new TypedCase { Note = new string('x', 20), Codes = ["a", "b", "c"] }).Status);
        var longText = typed.Evaluate(new TypedCase { Note = new string('x', 21) });
        Assert.Equal("note", Assert.Single(longText.Errors).Path);
        Assert.Contains("limit is 20", longText.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("codes", Assert.Single(typed.Evaluate(new TypedCase { Codes = ["a", "b", "c", "d"] }).Errors).Path);
        Assert.Equal("orders", Assert.Single(typed.Evaluate(new TypedCase { Orders = [new() { Months = 1 }, new() { Months = 1 }, new() { Months = 1 }, new() { Months = 1 }] }).Errors).Path);
        Assert.Equal("codes[1]", Assert.Single(typed.Evaluate(new TypedCase { Codes = ["a", new string('y', 21)] }).Errors).Path);

        // The same limits on the JSON path.
        Assert.Equal("note", Assert.Single(Rules.Evaluate("""{ "note": "xxxxxxxxxxxxxxxxxxxxx" }""").Errors).Path);
        Assert.Equal("codes", Assert.Single(Rules.Evaluate("""{ "codes": ["a", "b", "c", "d"] }""").Errors).Path);
    }

    [Fact]
    public void A_lone_surrogate_in_typed_text_or_case_id_is_invalid()
    {
        var typed = Rules.For<TypedCase>();

        var note = typed.Evaluate(new TypedCase { CaseId = "ok", Note = "a\uD800" });
        Assert.Equal("note", Assert.Single(note.Errors).Path);
        Assert.Equal("ok", note.CaseId);

        var id = typed.Evaluate(new TypedCase { CaseId = "id\uDC00" });
        Assert.Equal(DecisionStatus.Invalid, id.Status);
        Assert.Contains(id.Errors, e => e.Path == "caseId");
        Assert.Null(id.CaseId);

        Assert.Equal("codes[0]", Assert.Single(typed.Evaluate(new TypedCase { Codes = ["\uD83D"] }).Errors).Path);
        Assert.Equal(DecisionStatus.Complete, typed.Evaluate(new TypedCase { Note = "\uD83D\uDE00" }).Status);
    }
}
