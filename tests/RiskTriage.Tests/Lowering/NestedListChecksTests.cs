using Newtonsoft.Json;
using RiskTriage.Lowering;
using RiskTriage.Tests.Evaluation;

namespace RiskTriage.Tests.Lowering;

/// <summary>
/// A list held by a list item (<c>sentences[i].requirements</c>) has its items checked as a top-level list's are, at
/// any depth: a required field missing asks for review, a value outside its declared range or enumeration makes the
/// case invalid, and a typed case's text and list limits hold there too. Before, only the inner list's length was
/// checked (typed cases only), so a missing required field, or a value outside its range, went through silently.
/// </summary>
public sealed class NestedListChecksTests
{
    private const string Rules = """
        "inputs": {
          "items": { "type": "list", "items": { "type": "object", "properties": {
            "inner": { "type": "list", "items": { "type": "object", "properties": {
              "n": { "type": "number", "required": true, "min": 0, "max": 10 },
              "e": { "type": "string", "enum": ["A", "B"] },
              "s": "string",
              "deep": { "type": "list", "items": { "type": "object", "properties": { "d": { "type": "date", "min": "2000-01-01" } } } } } } },
            "box": { "type": "object", "properties": {
              "tags": { "type": "list", "items": { "type": "object", "properties": { "t": { "type": "number", "required": true } } } } } } } } }
        },
        "outputs": { "total": { "type": "number", "value": "items.Sum(i => i.inner.Sum(x => x.n ?? 0))" } }
        }
        """;

    public sealed class Deep { public DateOnly? D { get; init; } }

    public sealed class Inner { public double? N { get; init; } public string? E { get; init; } public string? S { get; init; } public List<Deep>? Deep { get; init; } }

    public sealed class Tag { public double? T { get; init; } }

    public sealed class Box { public List<Tag>? Tags { get; init; } }

    public sealed class Item { public List<Inner>? Inner { get; init; } public Box? Box { get; init; } }

    public sealed class Case { public List<Item>? Items { get; init; } }

    private static RuleSet Load(RuleSetBackend backend) => RuleSetSources.Load("{" + RuleSetSources.Header + Rules,
        new RuleSetOptions { Backend = backend, Limits = new RuleSetLimits { MaxCaseStringLength = 10, MaxCollectionItems = 3 } });

    public static TheoryData<RuleSetBackend> Backends => [RuleSetBackend.Compiled, RuleSetBackend.Interpreted];

    /// <summary>The case as JSON and as the typed case it deserialises to: both decisions, which must agree.</summary>
    private static (Decision Json, Decision Typed) Both(RuleSetBackend backend, string json)
    {
        var ruleSet = Load(backend);
        var typed = ruleSet.For<Case>().Evaluate(JsonConvert.DeserializeObject<Case>(json)!);
        return (ruleSet.Evaluate(json), typed);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_required_field_missing_inside_an_inner_list_asks_for_review(RuleSetBackend backend)
    {
        var (json, typed) = Both(backend, """{ "items": [{ "inner": [{ "n": 1 }] }, { "inner": [{ "n": 2 }, {}], "box": { "tags": [{ "t": 1 }, {}] } }] }""");

        Assert.Equal(DecisionStatus.ReviewRequired, json.Status);
        Assert.Equal(["items[1].inner[1].n", "items[1].box.tags[1].t"], json.ReviewReasons.Select(r => r.Source));
        Assert.All(json.ReviewReasons, r => Assert.Equal("MISSING_INPUT", r.Code));
        Assert.Equal(json.ToJson(), typed.ToJson());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_value_outside_its_declared_range_inside_an_inner_list_is_an_error(RuleSetBackend backend)
    {
        var (json, typed) = Both(backend, """{ "items": [{ "inner": [{ "n": 1 }, { "n": 50 }] }] }""");

        Assert.Equal(DecisionStatus.Invalid, json.Status);
        var error = Assert.Single(json.Errors);
        Assert.Equal("items[0].inner[1].n", error.Path);
        Assert.Contains("is 50, outside its valid range (0 to 10)", error.Message, StringComparison.Ordinal);
        Assert.Equal(json.ToJson(), typed.ToJson());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Three_lists_deep_a_date_before_its_minimum_is_an_error(RuleSetBackend backend)
    {
        var (json, typed) = Both(backend, """{ "items": [{ "inner": [{ "n": 1, "deep": [{ "d": "2001-01-01" }] }, { "n": 1, "deep": [{}, { "d": "1999-12-31" }] }] }] }""");

        Assert.Equal(DecisionStatus.Invalid, json.Status);
        Assert.Equal("items[0].inner[1].deep[1].d", Assert.Single(json.Errors).Path);
        Assert.Equal(json.ToJson(), typed.ToJson());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_typed_case_is_held_to_the_enumerations_and_text_limit_inside_an_inner_list_as_a_JSON_case_is(RuleSetBackend backend)
    {
        var (json, typed) = Both(backend, """{ "items": [{ "inner": [{ "n": 1, "e": "A", "s": "0123456789" }, { "n": 1, "e": "Z" }, { "n": 1, "s": "01234567890" }] }] }""");

        Assert.Equal(["items[0].inner[1].e", "items[0].inner[2].s"], json.Errors.Select(e => e.Path));
        Assert.Equal(json.Errors.Select(e => e.Path), typed.Errors.Select(e => e.Path));
        Assert.Equal(DecisionStatus.Invalid, typed.Status);
        Assert.Equal("the text is 11 characters long; the limit is 10", typed.Errors[1].Message);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_typed_inner_list_longer_than_the_item_limit_is_an_error_and_its_items_are_not_checked(RuleSetBackend backend)
    {
        var items = new Case { Items = [new Item { Inner = [new() { N = 1 }, new() { N = 1 }, new() { N = 1 }, new() { N = 99 }] }] };

        var decision = Load(backend).For<Case>().Evaluate(items);

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        var error = Assert.Single(decision.Errors);
        Assert.Equal("items[0].inner", error.Path);
        Assert.Equal("the list has 4 items, more than 3", error.Message);
    }

    [Fact]
    public void Texts_within_the_limit_inside_an_inner_list_are_checked_without_making_their_paths()
    {
        // The path of a text inside a list held by a list item is made only for a text that is refused: it was made
        // for every text checked (about 200 bytes each). (The interpreter copies a typed case's items into records.)
        var evaluator = Load(RuleSetBackend.Compiled).For<Case>();
        Case Texts(string? text) => new() { Items = [new Item { Inner = [.. Enumerable.Range(0, 3).Select(i => new Inner { N = 1, S = text })] }] };
        var texts = Texts("fine");
        var none = Texts(null);

        Assert.Equal(DecisionStatus.Complete, evaluator.Evaluate(texts).Status);
        Assert.Equal(DecisionTests.LeastAllocated(() => evaluator.Evaluate(none)), DecisionTests.LeastAllocated(() => evaluator.Evaluate(texts)));
    }

    [Fact]
    public void An_inner_list_lowers_to_list_checks_inside_the_outer_list_items_checks()
    {
        var form = LoweringTestKit.Lower("{" + RuleSetSources.Header + Rules);
        var outer = Assert.IsType<ListChecks>(Assert.Single(form.Checks));
        var inner = Assert.IsType<ListChecks>(outer.ItemChecks[0]);
        Assert.Equal("inner", inner.Path);
        Assert.Null(inner.MaxItems);
        Assert.Equal(["n", "n", "deep"], inner.ItemChecks.Select(c => c.Path));
        Assert.Equal("d", Assert.IsType<DateRangeCheck>(Assert.Single(Assert.IsType<ListChecks>(inner.ItemChecks[2]).ItemChecks)).Path);
        var box = Assert.IsType<ObjectChecks>(outer.ItemChecks[1]);
        Assert.Equal("box.tags", Assert.IsType<ListChecks>(Assert.Single(box.Inner)).Path);
    }
}
