namespace RiskTriage.Tests.Compilation;

/// <summary>
/// Tests against a rule set's constant list of texts are compiled without a loop over the list:
/// <c>levels.Contains(x)</c> as a chain of compares (one lookup for a long list), and
/// <c>codes.Count(c => xs.Contains(c))</c> as one pass over <c>xs</c> (unless <c>xs</c> reads <c>c</c>). These check
/// the compiled answers against the plain meaning, on typed and JSON cases, with texts that are not the rule set's
/// own instances, missing lists, missing items, duplicates and unknown texts. <c>x in levels</c> (a chain of
/// compares before this change too) is checked alongside.
/// </summary>
public sealed class ConstantListTests
{
    private static readonly string[] Codes = ["RMDO", "ALSH", "RVLN", "RCCO", "RCPR", "RCHD", "RPIR", "RVAD", "STRG", "RTAO", "RVLN"];
    private static readonly string[] Levels = ["HIGH", "VERY_HIGH"];
    private static readonly string[] Many = ["A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2", "C3", "D1", "D2", "D3"];

    private static readonly RuleSet Rules = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "factors": { "type": "list", "items": "string" }, "level": "string", "tier": "string" },
        "parameters": {
          "codes": { "value": ["RMDO", "ALSH", "RVLN", "RCCO", "RCPR", "RCHD", "RPIR", "RVAD", "STRG", "RTAO", "RVLN"] },
          "levels": { "value": ["HIGH", "VERY_HIGH"] },
          "many": { "value": ["A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2", "C3", "D1", "D2", "D3"] },
          "none": { "value": [] }
        },
        "outputs": {
          "codesFound": { "type": "number", "value": "codes.Count(c => factors.Contains(c))" },
          "anyCode": { "type": "bool", "value": "codes.Any(c => factors.Contains(c))" },
          "levelsFound": { "type": "number", "value": "levels.Count(l => factors.Contains(l))" },
          "noneFound": { "type": "number", "value": "none.Count(c => factors.Contains(c))" },
          "selfFound": { "type": "number", "value": "codes.Count(c => [c].Contains(c))" },
          "othersFound": { "type": "number", "value": "codes.Count(c => factors.Where(f => f != c).Contains(c))" },
          "inLevels": { "type": "bool", "value": "level in levels" },
          "notInLevels": { "type": "bool", "value": "level not in levels" },
          "levelsContain": { "type": "bool", "value": "levels.Contains(level)" },
          "inMany": { "type": "bool", "value": "tier in many" },
          "manyContain": { "type": "bool", "value": "many.Contains(tier)" },
          "inNone": { "type": "bool", "value": "level in none" }
        }
        }
        """);

    public sealed class ListCase
    {
        public IReadOnlyList<string?>? Factors { get; init; }

        public string? Level { get; init; }

        public string? Tier { get; init; }
    }

    // Texts made at run time, so they are not the rule set's (interned) instances and are matched by their characters.
    private static string Fresh(string text) => new(text.AsSpan());

    public static IEnumerable<object?[]> Factors()
    {
        yield return [null];
        yield return [Array.Empty<string?>()];
        yield return [new string?[] { "RMDO" }];
        yield return [new string?[] { Fresh("RMDO"), Fresh("RTAO") }];
        yield return [new string?[] { "RVLN" }];
        yield return [new string?[] { "RMDO", "RMDO", Fresh("RMDO") }];
        yield return [new string?[] { null, "ALSH", null }];
        yield return [new string?[] { "rmdo", "RMD", "RMDOX", "", "HIGH" }];
        yield return [new string?[] { "HIGH", Fresh("VERY_HIGH"), "STRG" }];
        yield return [Codes.Concat(Levels).Select(Fresh).ToArray()];
        yield return [new List<string?> { "RCCO", "RCPR", Fresh("RCHD") }];
    }

    public static IEnumerable<object?[]> Texts() =>
        new[] { null, "HIGH", "VERY_HIGH", "LOW", "high", "", "HIGHX", "A1", "D3", "B2", "E1", "A" }
            .SelectMany(t => new[] { new object?[] { t, false }, [t, true] });

    [Theory]
    [MemberData(nameof(Factors))]
    public void Counting_the_constant_codes_a_list_holds_counts_each_listed_code_once_per_place_in_the_constant(IReadOnlyList<string?>? factors)
    {
        var expectedCodes = factors is null ? 0 : Codes.Count(c => factors.Contains(c, StringComparer.Ordinal));
        var expectedLevels = factors is null ? 0 : Levels.Count(c => factors.Contains(c, StringComparer.Ordinal));
        foreach (var decision in Both(new ListCase { Factors = factors }))
        {
            Assert.Equal(expectedCodes, decision["codesFound"].AsNumber);
            Assert.Equal(expectedCodes > 0, decision["anyCode"].AsBool);
            Assert.Equal(expectedLevels, decision["levelsFound"].AsNumber);
            Assert.Equal(0, decision["noneFound"].AsNumber);

            // A list that reads the code itself is searched for each code, not matched in one pass.
            Assert.Equal(Codes.Length, decision["selfFound"].AsNumber);
            Assert.Equal(0, decision["othersFound"].AsNumber);
        }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_text_is_in_a_constant_list_when_one_of_its_texts_has_the_same_characters(string? text, bool fresh)
    {
        text = fresh && text is not null ? Fresh(text) : text;
        var inLevels = text is not null && Levels.Contains(text, StringComparer.Ordinal);
        var inMany = text is not null && Many.Contains(text, StringComparer.Ordinal);
        foreach (var decision in Both(new ListCase { Level = text, Tier = text }))
        {
            Assert.Equal(inLevels, decision["inLevels"].AsBool);
            Assert.Equal(!inLevels, decision["notInLevels"].AsBool);
            Assert.Equal(inLevels, decision["levelsContain"].AsBool);
            Assert.Equal(inMany, decision["inMany"].AsBool);
            Assert.Equal(inMany, decision["manyContain"].AsBool);
            Assert.False(decision["inNone"].AsBool);
        }
    }

    [Fact]
    public void The_traced_delegates_give_the_same_answers()
    {
        var @case = new ListCase { Factors = ["RVLN", Fresh("STRG"), null], Level = Fresh("VERY_HIGH"), Tier = "C2" };
        Assert.Equal(Rules.EvaluateTyped(@case).Outputs, Rules.EvaluateTyped(@case, TraceDetail.Full).Outputs);
        Assert.Equal(3, Rules.EvaluateTyped(@case, TraceDetail.Full)["codesFound"].AsNumber);
    }

    /// <summary>The decisions for the typed case and for the same case as JSON.</summary>
    private static Decision[] Both(ListCase @case)
    {
        var json = Newtonsoft.Json.JsonConvert.SerializeObject(new { factors = @case.Factors, level = @case.Level, tier = @case.Tier });
        var decisions = new[] { Rules.EvaluateTyped(@case), Rules.Evaluate(json) };
        Assert.All(decisions, d => Assert.Equal(DecisionStatus.Complete, d.Status));
        return decisions;
    }
}
