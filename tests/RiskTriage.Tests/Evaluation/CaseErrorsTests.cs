namespace RiskTriage.Tests.Evaluation;

/// <summary>
/// A case's error quotes at most the first 40 characters of a text it refuses, and never cuts a surrogate pair in two
/// (before, a pair at the 40th character left its first half alone in the message, written as <c>\ud83d</c>).
/// </summary>
public sealed class CaseErrorsTests
{
    private static readonly string Long = new string('x', 39) + "\U0001F600" + new string('y', 20);

    public static TheoryData<string, string> Refused => new()
    {
        { "d", "\"" + new string('x', 39) + "...\" is not a valid date" },
        { "n", "expected number but found text \"" + new string('x', 39) + "...\"" },
        { "e", "\"" + new string('x', 39) + "...\" is not one of the allowed values (A, B)" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_long_text_is_quoted_to_its_first_40_characters_without_cutting_a_surrogate_pair(string field, string message)
    {
        var ruleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "d": "date", "n": "number", "e": { "type": "string", "enum": ["A", "B"] } },
            "outputs": { "o": { "type": "number", "value": "n" } }
            }
            """);
        var json = "{ \"" + field + "\": \"" + Long + "\" }";
        foreach (var decision in new[] { ruleSet.Evaluate(json), ruleSet.Evaluate(System.Text.Encoding.UTF8.GetBytes(json).AsSpan()) })
        {
            var error = Assert.Single(decision.Errors);
            Assert.Equal(field, error.Path);
            Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\\ud83d", decision.ToJson(), StringComparison.OrdinalIgnoreCase);
        }
    }
}
