using System.Buffers;
using System.Text;
using Newtonsoft.Json.Linq;
using RiskTriage.Evaluation;
using RiskTriage.Tests.Probation;
using RiskTriage.Tests.RuleSets;

namespace RiskTriage.Tests.Evaluation;

/// <summary>The UTF-8 writer of decisions gives exactly the bytes of <see cref="CanonicalJson"/>'s text, on every example and on random decisions.</summary>
public sealed class CanonicalUtf8JsonTests
{
    // Every class of character the canonical writer treats apart: escapes, control characters, U+2028/U+2029, pairs,
    // lone surrogates (high and low), the noncharacters, DEL, two- and three-byte characters, plain ASCII.
    private static readonly string[] Pieces =
    [
        "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u0001", "\u001f", "\u007f", "\u2028", "\u2029", "\uD83D\uDE00",
        "\uD800", "\uDFFF", "\uFFFE", "\uFFFF", "é", "€", "日本", "a", "HIGH", " ", "/", "<>&'+", "\u0085", "\u00a0",
    ];

    private static byte[] Utf8(Decision decision)
    {
        var buffer = new ArrayBufferWriter<byte>();
        decision.WriteJson(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static TheoryData<TraceDetail> Traces => [TraceDetail.None, TraceDetail.Summary, TraceDetail.Full];

    [Theory]
    [MemberData(nameof(Traces))]
    public void Every_probation_example_is_written_as_the_bytes_of_its_canonical_text(TraceDetail trace)
    {
        var cases = JArray.Parse(File.ReadAllText(Path.Combine(ProbationRuleSetTests.ProbationPath, "examples", "cases.json")));
        Assert.NotEmpty(cases);
        foreach (var @case in cases)
        {
            var decision = ProbationRuleSetTests.Probation.Evaluate(@case.ToString(Newtonsoft.Json.Formatting.None), trace);
            Assert.Equal(Encoding.UTF8.GetBytes(decision.ToJson()), Utf8(decision));
        }
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Every_example_case_type_decision_is_written_as_the_bytes_of_its_canonical_text(TraceDetail trace)
    {
        foreach (var @case in ExampleCases.All)
        {
            var decision = ExampleCases.RuleSet.Evaluate(@case.Case.ToJson(), trace);
            Assert.Equal(Encoding.UTF8.GetBytes(decision.ToJson()), Utf8(decision));
        }
    }

    [Fact]
    public void Invalid_cases_with_errors_are_written_as_the_bytes_of_their_canonical_text()
    {
        string[] cases = ["{", "[]", "{\"caseId\":\"x\\u2028\\ud800\",\"asOfDate\":\"nope\"}", "{\"caseId\":\"日本\",\"rsrScore\":\"\\u0001\"}"];
        foreach (var json in cases)
        {
            var decision = ProbationRuleSetTests.Probation.Evaluate(json, TraceDetail.Full);
            Assert.Equal(DecisionStatus.Invalid, decision.Status);
            Assert.Equal(Encoding.UTF8.GetBytes(decision.ToJson()), Utf8(decision));
        }
    }

    [Fact]
    public void Random_decisions_are_written_as_the_bytes_of_their_canonical_text()
    {
        var random = new Random(19);
        for (var n = 0; n < 2_000; n++)
        {
            var names = Enumerable.Range(0, random.Next(0, 6)).Select(i => RandomText(random) + i).ToArray();
            var identity = new RuleSetIdentity(RandomText(random), RandomText(random), RandomText(random));
            var decision = new Decision(identity, new OutputLayout(names), random.Next(4) == 0 ? null : RandomText(random), TraceDetail.None);
            for (var i = 0; i < names.Length; i++)
            {
                decision.Values[i] = RandomValue(random, depth: 0);
            }

            for (var i = random.Next(0, 4); i > 0; i--)
            {
                decision.AddReview(RandomText(random), RandomText(random), random.Next(3) == 0 ? null : RandomText(random));
            }

            for (var i = random.Next(0, 3) == 0 ? random.Next(1, 4) : 0; i > 0; i--)
            {
                decision.AddError(RandomText(random), RandomText(random));
            }

            Assert.Equal(Encoding.UTF8.GetBytes(decision.ToJson()), Utf8(decision));
        }
    }

    [Fact]
    public void A_null_writer_is_refused()
    {
        var decision = ProbationRuleSetTests.Probation.Evaluate("{}");
        Assert.Throws<ArgumentNullException>(() => decision.WriteJson(null!));
    }

    private static string RandomText(Random random)
    {
        var sb = new StringBuilder();
        for (var i = random.Next(0, 12); i > 0; i--)
        {
            sb.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return sb.ToString();
    }

    private static RuleValue RandomValue(Random random, int depth) => random.Next(depth < 2 ? 7 : 6) switch
    {
        0 => default,
        1 => RuleValue.FromBool(random.Next(2) == 0),
        2 => RuleValue.FromNumber(BitConverter.Int64BitsToDouble(random.NextInt64())),
        3 => RuleValue.FromNumber(random.Next(2) == 0 ? -0.0 : Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 25)), random.Next(0, 6))),
        4 => RuleValue.FromString(RandomText(random)),
        5 => RuleValue.FromDate(DateOnly.FromDayNumber(random.Next(0, 3_000_000))),
        _ => RuleValue.FromList(Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, depth + 1)).ToList()),
    };
}
