using System.Linq.Expressions;
using RiskTriage.Compilation;
using RiskTriage.Tests.Lowering;

namespace RiskTriage.Tests.Expressions.Compilation;

/// <summary>
/// Which inputs a compiled part reads once at its start: a number, flag or text stored in an auto-property of the
/// case is read where it is used (one load, no stack slot); an input whose getter is code of the case's own is still
/// called once per part however often the part uses it.
/// </summary>
public sealed class InputReadsTests
{
    private static readonly RuleSet RuleSet = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "a": "number", "b": "number" },
        "values": {
          "sum": "a + b",
          "twice": "a * 2 + b * 2",
          "big": "a > 10 && b > 10"
        },
        "outputs": { "sum": "number", "twice": "number", "big": "bool" }
        }
        """);

    [Fact]
    public void An_auto_property_input_is_read_where_it_is_used()
    {
        // The input checks read each checked input once for their own tests; the rules' parts and the outputs are the
        // compiler's reads.
        var parts = Parts<AutoCase>().Where(p => !p.Name!.EndsWith("_Checks", StringComparison.Ordinal)).ToList();

        Assert.True(parts.Count >= 2);
        foreach (var part in parts)
        {
            var reads = new CaseReadsIntoVariables(part.Parameters[0]);
            reads.Visit(part.Body);
            Assert.True(reads.Count == 0, $"{part.Name} copies {reads.Count} of the case's auto-properties into variables");
        }

        var decision = RuleSet.For<AutoCase>().Evaluate(new AutoCase { A = 11, B = 12 });
        Assert.Equal(23.0, decision["sum"].AsNumber);
        Assert.Equal(46.0, decision["twice"].AsNumber);
        Assert.True(decision["big"].AsBool);
    }

    [Fact]
    public void An_input_with_a_getter_of_its_own_is_read_once_per_part()
    {
        var counting = new CountingCase();
        var parts = Parts<CountingCase>();
        var decision = RuleSet.For<CountingCase>().Evaluate(counting);

        Assert.Equal(7.0, decision["sum"].AsNumber);
        // Read once by each part that uses it (the checks among them): never once per use (a is used four times).
        Assert.Equal(PartsReading<CountingCase>(parts, nameof(CountingCase.A)), counting.AReads);
    }

    [Fact]
    public void A_virtual_auto_property_is_read_once_per_part_as_an_override_may_be_code_of_its_own()
    {
        var overriding = new OverridingCase();
        var parts = Parts<VirtualCase>();
        var decision = RuleSet.For<VirtualCase>().Evaluate(overriding);

        Assert.Equal(7.0, decision["sum"].AsNumber);
        Assert.Equal(PartsReading<VirtualCase>(parts, nameof(VirtualCase.A)), overriding.AReads);
    }

    private static int PartsReading<T>(List<Expression<Action<T, Decision, EvaluationFrame>>> parts, string property) =>
        parts.Count(part => new MemberReads(part.Parameters[0], property).Reads(part.Body));

    private static List<Expression<Action<T, Decision, EvaluationFrame>>> Parts<T>() => LoweringTestKit.Parts<T>(RuleSet);

    public sealed class AutoCase
    {
        public double? A { get; init; }

        public double? B { get; init; }
    }

    public sealed class CountingCase
    {
        public int AReads { get; private set; }

        public double? A
        {
            get
            {
                AReads++;
                return 3;
            }
        }

        public double? B => 4;
    }

    public class VirtualCase
    {
        public virtual double? A { get; init; }

        public double? B { get; init; }
    }

    public sealed class OverridingCase : VirtualCase
    {
        public OverridingCase() => B = 4;

        public int AReads { get; private set; }

        public override double? A
        {
            get
            {
                AReads++;
                return 3;
            }

            init { }
        }
    }

    /// <summary>Whether an expression reads a property of the case.</summary>
    private sealed class MemberReads(ParameterExpression @case, string property) : ExpressionVisitor
    {
        private bool _found;

        public bool Reads(Expression body)
        {
            Visit(body);
            return _found;
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            _found |= node.Expression == @case && node.Member.Name == property;
            return base.VisitMember(node);
        }
    }

    /// <summary>Counts assignments of a member of the case itself to a variable (the reads hoisted to a part's start).</summary>
    private sealed class CaseReadsIntoVariables(ParameterExpression @case) : ExpressionVisitor
    {
        public int Count { get; private set; }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node is { NodeType: ExpressionType.Assign, Left: ParameterExpression, Right: MemberExpression { Expression: var target } } && target == @case)
            {
                Count++;
            }

            return base.VisitBinary(node);
        }
    }
}
