using System.Linq.Expressions;
using RiskTriage.Compilation;
using RiskTriage.Expressions.Binding;
using RiskTriage.Benchmarks.Baseline;
using RiskTriage.Lowering;
using RiskTriage.Probation;
using RiskTriage.Tests.Differential;
using RiskTriage.Tests.Lowering;
using RiskTriage.Tests.Probation;

namespace RiskTriage.Tests.Compilation;

/// <summary>
/// A sum an expression computes more than once is computed once into a local (<see cref="SharedSubexpressions"/>):
/// which sums are shared, and that the decisions (outputs, review reasons, errors, traces) are the interpreter's.
/// </summary>
public sealed class SharedSubexpressionsTests
{
    private static readonly RuleSet Rules = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "a": "number", "b": "number", "c": "number", "flag": "bool" },
        "values": {
          "graded": "((a ?? 2) + (b ?? 2) + c) >= 5 ? 2 : ((a ?? 2) + (b ?? 2) + c) >= 2 ? 1 : 0",
          "onOnePath": "flag ? 0 : (a + b) * 2 + (a + b)",
          "nested": "(a * b + c) - (a * b + c) * (a * b)",
          "notShared": "sqrt(a + b + c) + sqrt(a + b + c) + (a + b) / c + (a + b) / c",
          "pair": "a + b",
          "alike": "((a ?? 1) + b) * ((a ?? 2) + b) + ((a ?? 1) + c) * ((a ?? 1) + b)"
        },
        "rules": [
          { "id": "high", "when": "(a + b + c) > 10 and (a + b + c) < 1000", "then": [ { "set": "level", "to": 3 }, { "review": "SUM_HIGH", "message": "a high sum" } ] }
        ],
        "outputs": {
          "graded": "number", "onOnePath": "number", "nested": "number", "notShared": "number", "pair": "number", "alike": "number",
          "level": { "type": "number", "value": "1" }
        }
        }
        """);

    [Fact]
    public void A_sum_computed_twice_is_shared_and_its_places_read_one_value()
    {
        var (shared, value) = SharedSubexpressions.Rewrite(ValueOf("graded"));

        var sum = Assert.Single(shared);
        Assert.Equal(BoundBinaryOperator.Add, Assert.IsType<BoundBinary>(sum.Value).Operator);
        Assert.Equal(2, References(value, sum.Symbol));
    }

    [Fact]
    public void Only_the_largest_repeated_sum_is_shared_when_the_smaller_is_inside_it_and_a_sum_standing_alone_once_is_not()
    {
        // (a + b) is inside (a + b) * 2 once and alone once: two places, shared; (a + b) * 2 only once.
        var (shared, value) = SharedSubexpressions.Rewrite(ValueOf("onOnePath"));
        Assert.Equal(2, References(value, Assert.Single(shared).Symbol));

        // a * b + c twice; a * b inside it twice (covered) and once alone: only the larger is shared.
        (shared, value) = SharedSubexpressions.Rewrite(ValueOf("nested"));
        var larger = Assert.Single(shared);
        Assert.Equal(BoundBinaryOperator.Add, Assert.IsType<BoundBinary>(larger.Value).Operator);
        Assert.Equal(2, References(value, larger.Symbol));

        Assert.Empty(SharedSubexpressions.Rewrite(ValueOf("pair")).Shared);
    }

    [Fact]
    public void Sums_that_differ_in_a_literal_or_an_operand_are_not_taken_for_one_another()
    {
        // (a ?? 1) + b twice; (a ?? 2) + b and (a ?? 1) + c once each.
        var (shared, value) = SharedSubexpressions.Rewrite(ValueOf("alike"));

        Assert.Equal(2, References(value, Assert.Single(shared).Symbol));
    }

    [Fact]
    public void Calls_and_division_are_not_shared_but_the_sums_inside_them_are()
    {
        // sqrt(...) and (a + b) / c stay where they are (a call, a division that may be missing); a + b + c inside
        // the two calls, and a + b inside the divisions and the sum, are shared.
        var (shared, value) = SharedSubexpressions.Rewrite(ValueOf("notShared"));

        Assert.Equal(2, shared.Count);
        Assert.All(shared, s => Assert.Equal(BoundBinaryOperator.Add, Assert.IsType<BoundBinary>(s.Value).Operator));
        Assert.Equal(2, CountNodes(value, n => n is BoundCall));
        Assert.Equal(2, CountNodes(value, n => n is BoundBinary { Operator: BoundBinaryOperator.Divide }));
    }

    [Fact]
    public void The_emitter_computes_a_shared_sum_once_into_a_local()
    {
        var parts = LoweringTestKit.Parts<AbcCase>(Rules);

        var shared = parts.SelectMany(p => Locals(p.Body)).Where(l => l.Name!.StartsWith("$shared", StringComparison.Ordinal)).ToList();
        // graded, onOnePath, nested, notShared (two), alike and the rule's condition.
        Assert.Equal(7, shared.Count);
    }

    [Fact]
    public void Decisions_are_the_interpreters_with_sums_missing_on_one_path_infinite_or_not_taken()
    {
        var interpreted = InterpretedOracle.For(Rules);
        var numbers = new double?[] { null, 0, 1, 2.5, -3, 7, 600, 1e200, -1e200 };
        foreach (var a in numbers)
        {
            foreach (var b in numbers)
            {
                foreach (var c in new double?[] { null, 0, 2, 1e200 })
                {
                    foreach (var flag in new bool?[] { null, true, false })
                    {
                        var @case = new AbcCase { A = a, B = b, C = c, Flag = flag };
                        var detail = flag is null ? TraceDetail.Full : TraceDetail.None;
                        Assert.True(interpreted.EvaluateTyped(@case, detail).ToJson() == Rules.EvaluateTyped(@case, detail).ToJson(), $"a={a} b={b} c={c} flag={flag}");
                    }
                }
            }
        }
    }

    [Fact]
    public void The_probation_rule_set_shares_sums_and_decides_as_the_interpreter()
    {
        var ruleSet = ProbationRuleSetTests.Probation;
        var parts = LoweringTestKit.Parts<ProbationCase>(ruleSet);
        Assert.Contains(parts.SelectMany(p => Locals(p.Body)), l => l.Name!.StartsWith("$shared", StringComparison.Ordinal));

        var interpreted = InterpretedOracle.For(ruleSet);
        var cases = ProbationCaseGenerator.Generate(300, seed: 1515);
        for (var i = 0; i < cases.Length; i++)
        {
            var detail = i % 10 == 0 ? TraceDetail.Full : TraceDetail.None;
            Assert.True(interpreted.EvaluateTyped(cases[i], detail).ToJson() == ruleSet.EvaluateTyped(cases[i], detail).ToJson(), $"case {i}");
        }
    }

    private static BoundExpression ValueOf(string name) =>
        LoweringTestKit.Element(LoweringTestKit.Lower(Rules), name).Ops.OfType<Compute>().Single().Value;

    private static int References(BoundExpression tree, ValueSymbol symbol) =>
        CountNodes(tree, n => n is BoundValueReference r && ReferenceEquals(r.Symbol, symbol));

    private static int CountNodes(BoundExpression tree, Func<BoundExpression, bool> match)
    {
        var counter = new Counter(match);
        counter.Visit(tree);
        return counter.Count;
    }

    private static IEnumerable<ParameterExpression> Locals(Expression body)
    {
        var finder = new BlockLocals();
        finder.Visit(body);
        return finder.Found;
    }

    private sealed class Counter(Func<BoundExpression, bool> match) : BoundTreeWalker
    {
        public int Count { get; private set; }

        public override bool VisitBinary(BoundBinary node) => Note(node) & base.VisitBinary(node);

        public override bool VisitValueReference(BoundValueReference node) => Note(node);

        public override bool VisitCall(BoundCall node) => Note(node) & base.VisitCall(node);

        private bool Note(BoundExpression node)
        {
            Count += match(node) ? 1 : 0;
            return true;
        }
    }

    private sealed class BlockLocals : ExpressionVisitor
    {
        public List<ParameterExpression> Found { get; } = [];

        protected override Expression VisitBlock(BlockExpression node)
        {
            Found.AddRange(node.Variables);
            return base.VisitBlock(node);
        }
    }

    public sealed class AbcCase
    {
        public double? A { get; init; }

        public double? B { get; init; }

        public double? C { get; init; }

        public bool? Flag { get; init; }
    }
}
