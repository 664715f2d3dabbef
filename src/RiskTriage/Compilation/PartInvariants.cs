using System.Linq.Expressions;
using System.Reflection;

namespace RiskTriage.Compilation;

/// <summary>
/// Reads once, at the start of a compiled part, what the part would otherwise read again at every use although it
/// cannot change while the part runs:
/// <list type="bullet">
/// <item>the frame's slot arrays. Read through the frame at each use, every slot access re-loads the array from the
/// frame object and range-checks the index (the JIT cannot prove that a store in between left the field alone). Held
/// in a local, the array is read once and its highest slot is touched once, so the JIT proves every other constant
/// slot index in range and drops those checks;</item>
/// <item>constants of reference type used more than once (lookup tables, text indexes, the rules' review table). The
/// expression compiler keeps such constants in the closure's object array, so each use is a load of that array, a
/// range check, a load and a type check; held in a local it is one of each per part.</item>
/// </list>
/// Nested lambdas (outlined groups of statements) are left as they are: a local of the part they read would have to
/// be captured in a closure.
/// </summary>
internal static class PartInvariants
{
    /// <summary>
    /// <paramref name="statements"/> with the frame's arrays and repeated reference constants read from locals, the
    /// statements that set those locals first; the locals are added to <paramref name="variables"/>.
    /// </summary>
    public static List<Expression> Hoist(ParameterExpression frame, List<Expression> statements, List<ParameterExpression> variables)
    {
        var counter = new ConstantCounter();
        foreach (var statement in statements)
        {
            counter.Visit(statement);
        }

        var rewriter = new Rewriter(frame, counter.Repeated);
        var body = statements.Select(s => rewriter.Visit(s)!).ToList();
        var start = new List<Expression>();
        foreach (var (field, local) in rewriter.Arrays)
        {
            variables.Add(local);
            start.Add(Expression.Assign(local, Expression.Field(frame, field)));
            if (rewriter.HighestSlot.TryGetValue(local, out var highest))
            {
                // One range check on the highest slot the part touches; it dominates the part's other constant slot
                // indexes, whose checks the JIT then removes.
                start.Add(Expression.ArrayIndex(local, Expression.Constant(highest)));
            }
        }

        foreach (var local in rewriter.Constants.Values)
        {
            variables.Add(local.Local);
            start.Add(Expression.Assign(local.Local, local.Constant));
        }

        start.AddRange(body);
        return start;
    }

    /// <summary>Counts the uses of each reference-typed constant outside nested lambdas.</summary>
    private sealed class ConstantCounter : ExpressionVisitor
    {
        private readonly Dictionary<(object, Type), int> _uses = new(KeyComparer.Instance);

        public HashSet<(object, Type)> Repeated { get; } = new(KeyComparer.Instance);

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (IsHoistable(node))
            {
                var key = (node.Value!, node.Type);
                _uses[key] = _uses.GetValueOrDefault(key) + 1;
                if (_uses[key] == 2)
                {
                    Repeated.Add(key);
                }
            }

            return node;
        }

        protected override Expression VisitLambda<T>(Expression<T> node) => node;
    }

    private sealed class Rewriter(ParameterExpression frame, HashSet<(object, Type)> repeated) : ExpressionVisitor
    {
        public Dictionary<FieldInfo, ParameterExpression> Arrays { get; } = [];

        public Dictionary<ParameterExpression, int> HighestSlot { get; } = [];

        public Dictionary<(object, Type), (ConstantExpression Constant, ParameterExpression Local)> Constants { get; } = new(KeyComparer.Instance);

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression == frame && node.Member is FieldInfo { FieldType.IsArray: true } field)
            {
                if (!Arrays.TryGetValue(field, out var local))
                {
                    Arrays[field] = local = Expression.Variable(field.FieldType, "frame." + field.Name);
                }

                return local;
            }

            return base.VisitMember(node);
        }

        protected override Expression VisitIndex(IndexExpression node)
        {
            var visited = base.VisitIndex(node);
            if (visited is IndexExpression { Object: ParameterExpression array, Arguments: [ConstantExpression { Value: int slot }] } && Arrays.ContainsValue(array))
            {
                Note(array, slot);
            }

            return visited;
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            var visited = base.VisitBinary(node);
            if (visited is BinaryExpression { NodeType: ExpressionType.ArrayIndex, Left: ParameterExpression array, Right: ConstantExpression { Value: int slot } }
                && Arrays.ContainsValue(array))
            {
                Note(array, slot);
            }

            return visited;
        }

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (!IsHoistable(node) || !repeated.Contains((node.Value!, node.Type)))
            {
                return node;
            }

            var key = (node.Value!, node.Type);
            if (!Constants.TryGetValue(key, out var hoisted))
            {
                Constants[key] = hoisted = (node, Expression.Variable(node.Type, "constant" + Constants.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            return hoisted.Local;
        }

        protected override Expression VisitLambda<T>(Expression<T> node) => node;

        private void Note(ParameterExpression array, int slot) => HighestSlot[array] = Math.Max(slot, HighestSlot.GetValueOrDefault(array, -1));
    }

    // Constants the expression compiler emits inline (numbers, texts, nulls) cost nothing to repeat.
    private static bool IsHoistable(ConstantExpression node) => node.Value is not null && !node.Type.IsValueType && node.Type != typeof(string);

    private sealed class KeyComparer : IEqualityComparer<(object Value, Type Type)>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals((object Value, Type Type) x, (object Value, Type Type) y) => ReferenceEquals(x.Value, y.Value) && x.Type == y.Type;

        public int GetHashCode((object Value, Type Type) obj) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Value), obj.Type);
    }
}
