using System.Linq.Expressions;
using RiskTriage.Tests.Differential;
using RiskTriage.Tests.Lowering;

namespace RiskTriage.Tests.Expressions.Compilation;

/// <summary>
/// Nullability facts per branch (<c>ExpressionCompiler.Facts.cs</c>): inside the arm of a test that proves a value
/// present, the value is read as its plain type. Which forms prove it, that the emitted parts use the plain read, and
/// that decisions (outputs, review reasons, errors, full traces) stay the interpreter's with the value present,
/// missing, and present in one branch only.
/// </summary>
public sealed class BranchFactsTests
{
    // x and p are named values (held in locals), o.n a field of an object input (read once, into a variable):
    // the two kinds of value a fact is kept for.
    private static readonly RuleSet Rules = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": {
          "a": "number", "b": "number", "flag": "bool",
          "o": { "type": "object", "properties": { "n": "number", "f": "bool" } },
          "items": { "type": "list", "items": { "type": "object", "properties": { "n": "number" } } }
        },
        "values": {
          "x": "a",
          "p": "flag",
          "notNull": "x != null ? x * 2 + 1 : -1",
          "isNull": "x == null ? 0 : x - 3",
          "andForm": "x != null && x > 2",
          "orForm": "x == null || x < 5",
          "ordering": "x > 1 ? x + b : b",
          "literal": "x == 3 ? x * x : 0",
          "notForm": "not (x == null) ? x : 7",
          "notOr": "!(x == null || p == null) ? (p ? x : -x) : 0",
          "inForm": "x in [1, 2, 3] ? x + 10 : 0",
          "notIn": "x not in [1, 2] ? 0 : x",
          "falseArms": "x != null ? (x > 1 ? 0 : (x ?? 8)) : (x ?? 9) + (x in [1, 2] ? 0 : (x ?? 7))",
          "oneBranch": "p != null ? (p && x != null ? x : 0) : (x ?? 5) + 1",
          "flagArm": "p == true ? (p && x > 0) : p",
          "member": "o.n != null ? o.n / 2 + o.n : (o.f == true ? 1 : 0)",
          "divide": "x != null ? x / b : 0",
          "huge": "x != null ? x * 1e300 * 1e300 : 0",
          "overItems": "items.Any(i => i.n != null && i.n > x) ? 1 : items.Count(i => x != null && i.n == x)",
          "notEqual": "x != 3 ? x : -1",
          "notOrdering": "!(x > 1) ? x : 5",
          "inWithNull": "x in [1, null] ? x : 0",
          "orFlag": "p || x > 0 ? x : 0"
        },
        "scorecards": {
          "score": {
            "rows": [
              { "id": "x", "when": "x > 0", "points": "x", "reason": "x scored" },
              { "id": "n", "when": "o.n != null && p != true", "points": "o.n * 2" },
              { "id": "b", "when": "p == true", "points": "b", "reason": "b scored" },
              { "id": "either", "points": "x ?? 1" }
            ]
          }
        },
        "rules": [
          { "id": "present", "when": "x != null && x > 4 && o.n != null && o.n < x", "then": [ { "set": "level", "to": 2 }, { "review": "X_OVER_N", "message": "x over n" } ] },
          { "id": "missing", "when": "x == null || p == null", "then": [ { "review": "X_OR_P_MISSING", "message": "x or p missing" } ] }
        ],
        "outputs": {
          "notNull": "number", "isNull": "number", "andForm": "bool", "orForm": "bool", "ordering": "number", "literal": "number",
          "notForm": "number", "notOr": "number", "inForm": "number", "notIn": "number", "falseArms": "number", "oneBranch": "number", "flagArm": "bool",
          "member": "number", "score": "number", "divide": "number", "huge": "number", "overItems": "number",
          "notEqual": "number", "notOrdering": "number", "inWithNull": "number", "orFlag": "number",
          "level": { "type": "number", "value": "1" }
        }
        }
        """);

    [Fact]
    public void A_value_a_branch_proves_present_is_read_as_its_plain_type_there_and_only_there()
    {
        var bodies = LoweringTestKit.Parts<FactsCase>(Rules).Select(p => p.Body).ToList();
        var plainReads = bodies.SelectMany(PlainReads).ToList();

        // x in the arms of notNull (1), isNull (1), andForm (1), orForm (1), ordering (1), literal (2), notForm (1),
        // notOr (2), inForm (1), notIn (1), oneBranch (1), divide (1), huge (1), overItems (1: the Count's i.n == x)
        // and the rule (2: x > 4 and o.n < x); p in notOr (1), oneBranch (1: p && ...) and flagArm (1); o.n in member
        // (2) and the rule (1); falseArms (2: x > 1 and x ?? 8, under x != null). Not x > 0 in flagArm, nor i.n in
        // overItems (an item's field), nor the false arms of x != null, x > 1 and x in [...], nor a test outside an arm.
        // The scorecard's points: x under x > 0 and o.n under o.n != null (one each). None in the forms that prove
        // nothing: x != 3 (true when x is missing), not (x > 1) (x > 1 is false when x is missing), x in [1, null]
        // (a missing x is in the list), p || x > 0 (true with p true and x missing).
        Assert.Equal(21, plainReads.Count(r => r == "x"));
        Assert.Equal(3, plainReads.Count(r => r == "p"));
        Assert.Equal(4, plainReads.Count(r => r.EndsWith(".n", StringComparison.Ordinal)));
        Assert.Equal(28, plainReads.Count(r => r is not ("held" or "points")));
    }

    /// <summary>
    /// Finding a fact's key compiles what a test names, and compiling an input hoists its read to the part's start: a
    /// text compared by its enumeration's code is never read as text, and must not be read for a fact either (only
    /// numbers and flags are read as their plain type). Review of session 18.
    /// </summary>
    [Fact]
    public void A_test_of_an_enumerated_text_adds_no_read_of_the_text()
    {
        var rules = RuleSetSources.Load("{" + RuleSetSources.Header + """
            "inputs": { "a": "number", "o": { "type": "object", "properties": { "level": { "type": "string", "enum": ["A", "B"] } } } },
            "values": { "v": "o.level == \"A\" && a > 1 ? a : 0", "w": "o.level in [\"A\", \"B\"] ? 1 : 2" },
            "outputs": { "v": "number", "w": "number" }
            }
            """);

        var variables = LoweringTestKit.Parts<LevelCase>(rules).SelectMany(p => BlockVariables(p.Body)).Select(v => v.Name ?? "").ToList();

        // The code is read (its variable "#code o.level"), the text never (a variable named "o.level").
        Assert.Contains("#code o.level", variables);
        Assert.DoesNotContain("o.level", variables);
        Assert.Equal(3, rules.EvaluateTyped(new LevelCase { A = 3, O = new LevelObject { Level = "A" } }).Outputs["v"].AsNumber);
    }

    [Fact]
    public void A_scorecard_rows_points_proven_present_by_its_condition_are_added_with_no_test()
    {
        var points = LoweringTestKit.Parts<FactsCase>(Rules).SelectMany(p => BlockVariables(p.Body)).Where(v => v.Name == "points").ToList();

        // x under x > 0, o.n * 2 under o.n != null, and x ?? 1 (present anyway) as double; b, which p == true does
        // not prove, as double?.
        Assert.Equal(4, points.Count);
        Assert.Equal(3, points.Count(v => v.Type == typeof(double)));
    }

    [Fact]
    public void Decisions_are_the_interpreters_with_values_present_missing_and_present_in_one_branch_only()
    {
        var interpreted = InterpretedOracle.For(Rules);
        var numbers = new double?[] { null, 0, -0.0, 1, 2, 3, 4.5, -7, 1e200, double.NaN };
        var flags = new bool?[] { null, true, false };
        foreach (var a in numbers)
        {
            foreach (var b in new double?[] { null, 0, 2 })
            {
                foreach (var flag in flags)
                {
                    foreach (var n in new double?[] { null, 1, 3 })
                    {
                        var @case = new FactsCase
                        {
                            A = a, B = b, Flag = flag,
                            O = n == 3 ? null : new FactsObject { N = n, F = flag },
                            Items = flag is null ? null : [new FactsItem { N = n }, new FactsItem { N = a }],
                        };
                        var detail = n is null ? TraceDetail.Full : TraceDetail.None;
                        Assert.True(interpreted.EvaluateTyped(@case, detail).ToJson() == Rules.EvaluateTyped(@case, detail).ToJson(),
                            $"a={a} b={b} flag={flag} n={n}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Json_cases_decide_as_the_interpreter_too()
    {
        var interpreted = InterpretedOracle.For(Rules);
        foreach (var json in new[]
        {
            """{"caseId":"c","asOfDate":"2026-01-01"}""",
            """{"caseId":"c","asOfDate":"2026-01-01","a":5,"b":0,"flag":true,"o":{"n":1},"items":[{"n":null},{"n":9}]}""",
            """{"caseId":"c","asOfDate":"2026-01-01","a":3,"flag":false,"o":{"f":true},"items":[]}""",
            """{"caseId":"c","asOfDate":"2026-01-01","a":2,"o":null,"items":[{"n":2}]}""",
        })
        {
            Assert.Equal(interpreted.Evaluate(json, TraceDetail.Full).ToJson(), Rules.Evaluate(json, TraceDetail.Full).ToJson());
        }
    }

    /// <summary>
    /// The names of the nullable values read as their plain type (<c>Value</c> of a variable); among them a
    /// scorecard row's <c>points</c> not proven present, read under its own <c>HasValue</c> test.
    /// </summary>
    private static IEnumerable<string> PlainReads(Expression body)
    {
        var finder = new PlainReadFinder();
        finder.Visit(body);
        return finder.Found;
    }

    private static List<ParameterExpression> BlockVariables(Expression body)
    {
        var finder = new PlainReadFinder();
        finder.Visit(body);
        return finder.Variables;
    }

    private sealed class PlainReadFinder : ExpressionVisitor
    {
        public List<ParameterExpression> Variables { get; } = [];

        protected override Expression VisitBlock(BlockExpression node)
        {
            Variables.AddRange(node.Variables);
            return base.VisitBlock(node);
        }

        public List<string> Found { get; } = [];

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Member.Name == nameof(Nullable<double>.Value) && node.Expression is ParameterExpression { Name: { } name, Type: var type }
                && Nullable.GetUnderlyingType(type) is not null)
            {
                Found.Add(name);
            }

            return base.VisitMember(node);
        }
    }

    public sealed class FactsCase
    {
        public double? A { get; init; }

        public double? B { get; init; }

        public bool? Flag { get; init; }

        public FactsObject? O { get; init; }

        public List<FactsItem>? Items { get; init; }
    }

    public sealed class FactsObject
    {
        public double? N { get; init; }

        public bool? F { get; init; }
    }

    public sealed class FactsItem
    {
        public double? N { get; init; }
    }

    public sealed class LevelCase
    {
        public double? A { get; init; }

        public LevelObject? O { get; init; }
    }

    public sealed class LevelObject
    {
        public string? Level { get; init; }
    }
}
