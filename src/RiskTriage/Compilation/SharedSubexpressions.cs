using System.Globalization;
using System.Text;
using RiskTriage.Expressions.Binding;

namespace RiskTriage.Compilation;

/// <summary>
/// Finds the arithmetic an expression computes more than once (the default rules test a sum such as
/// <c>(a ?? 2) + (b ?? 2) + (c ?? 2)</c> against two bounds in one value) and rewrites the expression to read each
/// such sum from a value of its own, which <see cref="LinqEmitter"/> computes once into a local before the expression.
/// </summary>
/// <remarks>
/// Only pure arithmetic is shared: <c>+</c>, <c>-</c>, <c>*</c> of numbers over literals, inputs and their fields,
/// named values, <c>??</c>, <c>-x</c> and other such sums. Such an expression has no effects and gives no error (a
/// missing operand makes it missing; an overflow an infinity), and the case's fields are read once at the part's start
/// anyway (see <c>InputReads</c>), so computing it once before the expression, also where a branch that does not run
/// held it, gives the same value at every place it stood. Anything else (calls, lists, lambdas, division, text, dates)
/// is left where it is. The trace records the value's result, never these intermediate sums.
/// </remarks>
internal static class SharedSubexpressions
{
    /// <summary>Sums with fewer nodes than this are not worth a local: a lone operand or <c>-a</c>; <c>a + 1</c> (three) is shared.</summary>
    private const int MinimumNodes = 3;

    /// <summary>
    /// The shared sums of <paramref name="value"/> (each a new symbol and the expression it stands for, in any order:
    /// none reads another) and <paramref name="value"/> with every place of each sum reading its symbol;
    /// no sums and <paramref name="value"/> itself when nothing is computed twice.
    /// </summary>
    public static (IReadOnlyList<(ValueSymbol Symbol, BoundExpression Value)> Shared, BoundExpression Value) Rewrite(BoundExpression value)
    {
        var keys = new KeyWalker();
        keys.Visit(value);
        var repeated = keys.Places.Where(p => p.Value.Count > 1).OrderByDescending(p => p.Key.Length).ToList();
        if (repeated.Count == 0)
        {
            return ([], value);
        }

        // Largest first: a sum inside a shared sum is computed once with it, so only its places outside count.
        var covered = new HashSet<BoundExpression>(ReferenceEqualityComparer.Instance);
        var replaced = new Dictionary<BoundExpression, ValueSymbol>(ReferenceEqualityComparer.Instance);
        var shared = new List<(ValueSymbol Symbol, BoundExpression Value)>();
        foreach (var (_, places) in repeated)
        {
            var outside = places.Where(p => !covered.Contains(p)).ToList();
            if (outside.Count < 2)
            {
                continue;
            }

            var symbol = new ValueSymbol("$shared" + shared.Count.ToString(CultureInfo.InvariantCulture), outside[0].Type, "shared value");
            shared.Add((symbol, outside[0]));
            foreach (var place in outside)
            {
                replaced[place] = symbol;
                new Cover(covered).Visit(place);
            }
        }

        if (shared.Count == 0)
        {
            return ([], value);
        }

        // Each shared sum is computed from its own first place, as written: none reads another's symbol.
        return (shared, new Replace(replaced).Visit(value));
    }

    /// <summary>Gives each pure node a text that is the same for the same computation, and lists the places of each sum.</summary>
    private sealed class KeyWalker : BoundTreeVisitor<string?>
    {
        private readonly Dictionary<object, int> _symbols = new(ReferenceEqualityComparer.Instance);

        public Dictionary<string, List<BoundExpression>> Places { get; } = new(StringComparer.Ordinal);

        private string Id(object symbol)
        {
            if (!_symbols.TryGetValue(symbol, out var id))
            {
                _symbols[symbol] = id = _symbols.Count;
            }

            return id.ToString(CultureInfo.InvariantCulture);
        }

        public override string? VisitLiteral(BoundLiteral node) => node.Value switch
        {
            null => "null",
            double d => "d" + d.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            _ => null,
        };

        public override string? VisitInput(BoundInput node) => "i" + Id(node.Symbol);

        public override string? VisitValueReference(BoundValueReference node) => "v" + Id(node.Symbol);

        public override string? VisitLambdaParameter(BoundLambdaParameter node) => null;

        public override string? VisitMember(BoundMember node) =>
            Visit(node.Target) is { } target ? target + ".m" + Id(node.Property) : null;

        public override string? VisitIndex(BoundIndex node)
        {
            Visit(node.Target);
            Visit(node.Index);
            return null;
        }

        public override string? VisitUnary(BoundUnary node) =>
            Visit(node.Operand) is { } operand && node.Operator == BoundUnaryOperator.Negate && IsNumber(node) ? "(-" + operand + ")" : null;

        public override string? VisitBinary(BoundBinary node)
        {
            var left = Visit(node.Left);
            var right = Visit(node.Right);
            if (left is null || right is null || !IsNumber(node) || !IsNumber(node.Left) || !IsNumber(node.Right))
            {
                return null;
            }

            var symbol = node.Operator switch
            {
                BoundBinaryOperator.Add => "+",
                BoundBinaryOperator.Subtract => "-",
                BoundBinaryOperator.Multiply => "*",
                BoundBinaryOperator.Coalesce => "??",
                _ => null,
            };
            if (symbol is null)
            {
                return null;
            }

            var key = new StringBuilder().Append('(').Append(left).Append(' ').Append(symbol).Append(' ').Append(right).Append(')').ToString();
            if (symbol != "??" && Size(node) >= MinimumNodes)
            {
                if (!Places.TryGetValue(key, out var places))
                {
                    Places[key] = places = [];
                }

                places.Add(node);
            }

            return key;
        }

        public override string? VisitIn(BoundIn node)
        {
            Visit(node.Value);
            Visit(node.List);
            return null;
        }

        public override string? VisitConditional(BoundConditional node)
        {
            Visit(node.Condition);
            Visit(node.WhenTrue);
            Visit(node.WhenFalse);
            return null;
        }

        public override string? VisitList(BoundList node)
        {
            foreach (var item in node.Items)
            {
                Visit(item);
            }

            return null;
        }

        public override string? VisitCall(BoundCall node)
        {
            foreach (var argument in node.Arguments)
            {
                Visit(argument);
            }

            return null;
        }

        // A lambda's body reads its parameter, different at each item: nothing in it is shared with the outside.
        public override string? VisitListMethod(BoundListMethod node)
        {
            Visit(node.Source);
            return null;
        }

        public override string? VisitError(BoundError node) => null;

        private static bool IsNumber(BoundExpression node) => DataType.Number.Equals(node.Type);

        private static int Size(BoundExpression node) => node switch
        {
            BoundBinary b => 1 + Size(b.Left) + Size(b.Right),
            BoundUnary u => 1 + Size(u.Operand),
            BoundMember m => 1 + Size(m.Target),
            _ => 1,
        };
    }

    /// <summary>Adds every node of a tree to a set.</summary>
    private sealed class Cover(HashSet<BoundExpression> covered) : BoundTreeWalker
    {
        public override bool VisitBinary(BoundBinary node) => covered.Add(node) & base.VisitBinary(node);

        public override bool VisitUnary(BoundUnary node) => covered.Add(node) & base.VisitUnary(node);
    }

    /// <summary>Puts a reference to its symbol in each place of a shared sum.</summary>
    private sealed class Replace(Dictionary<BoundExpression, ValueSymbol> replaced) : BoundTreeRewriter
    {
        public override BoundExpression VisitBinary(BoundBinary node) =>
            replaced.TryGetValue(node, out var symbol) ? new BoundValueReference(symbol, node.Span) : base.VisitBinary(node);
    }
}
