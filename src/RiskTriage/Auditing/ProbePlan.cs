using System.Globalization;
using Newtonsoft.Json.Linq;
using RiskTriage.Checking;
using RiskTriage.Expressions.Binding;

namespace RiskTriage.Auditing;

/// <summary>
/// What a fail-safe audit probes, read from the checked rule set once: which declared fields the rule set reads, and
/// for each the values worth trying. Numbers get the boundaries the rule set names (comparisons, bands, table cells),
/// each and just either side; the constants compared with that field directly come first, then every other number the
/// rule set names (a boundary can be reached through a computed value). A number the rules only ever compare with
/// constants (<c>x &gt;= 60</c>, <c>x == null</c>, <c>x in [...]</c>, a band set on <c>x</c>) gets its own boundaries only:
/// every evaluation then depends on <c>x</c> only through which side of each constant it lies, and the probes at,
/// just below and just above each constant (and the whole numbers either side, for whole-number inputs) reach every
/// such pattern, so the other constants could not change an outcome. Enumerations get every value, booleans both.
/// </summary>
internal sealed class ProbePlan
{
    private readonly HashSet<PropertyDef> _read = [];
    private readonly Dictionary<PropertyDef, List<object>> _direct = [];
    private readonly List<object> _global = [];
    private readonly HashSet<object> _globalSeen = [];
    private readonly Dictionary<LambdaParameterSymbol, PropertyDef> _lambdaSources = [];
    private readonly Dictionary<PropertyDef, IReadOnlyList<JToken>> _probes = [];

    // How often each number field is read, and how many of those reads only compare it with a constant.
    private readonly Dictionary<PropertyDef, int> _numberReads = [];
    private readonly Dictionary<PropertyDef, int> _comparedReads = [];
    private readonly int _maxProbes;

    public ProbePlan(CheckedRuleSet ruleSet, int maxProbes)
    {
        _maxProbes = maxProbes;
        Inputs = ruleSet.Inputs;
        foreach (var node in ruleSet.Order)
        {
            Collect(node);
        }
    }

    public ObjectType Inputs { get; }

    /// <summary>Whether the rule set reads the field (or, for an object or list, something inside it).</summary>
    public bool Reads(PropertyDef property) => _read.Contains(property);

    /// <summary>The values a missing field is set to in turn, in a fixed order, at most the bound.</summary>
    public IReadOnlyList<JToken> Probes(PropertyDef property)
    {
        if (!_probes.TryGetValue(property, out var probes))
        {
            probes = Build(property.Type, property);
            _probes[property] = probes;
        }

        return probes;
    }

    private List<JToken> Build(DataType type, PropertyDef property)
    {
        var probes = new List<JToken>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(JToken token)
        {
            if (probes.Count < _maxProbes && seen.Add(token.ToString(Newtonsoft.Json.Formatting.None)))
            {
                probes.Add(token);
            }
        }

        switch (type.Kind)
        {
            case TypeKind.Bool:
                Add(new JValue(true));
                Add(new JValue(false));
                break;
            case TypeKind.String when type.EnumValues is { } values:
                foreach (var value in values)
                {
                    Add(new JValue(value));
                }

                break;
            case TypeKind.String:
                foreach (var value in Constants(property).OfType<string>())
                {
                    Add(new JValue(value));
                }

                break;
            case TypeKind.Number:
                var comparedOnly = OnlyCompared(property);
                foreach (var value in comparedOnly ? Direct(property).OfType<double>() : Constants(property).OfType<double>())
                {
                    Add(Number(value));
                    Add(Number(Math.BitDecrement(value)));
                    Add(Number(Math.BitIncrement(value)));
                    if (comparedOnly && double.IsFinite(value))
                    {
                        Add(Number(Math.Floor(value)));
                        Add(Number(Math.Ceiling(value)));
                        Add(Number(Math.Floor(value) - 1));
                        Add(Number(Math.Ceiling(value) + 1));
                    }
                }

                Add(Number(0));
                break;
            case TypeKind.Date:
                foreach (var value in Constants(property).OfType<DateOnly>())
                {
                    foreach (var day in new[] { value, value.AddDays(-1), value.AddDays(1) })
                    {
                        Add(new JValue(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                    }
                }

                break;
            case TypeKind.Object when type.ObjectType is { } objectType:
                // The object present with one field known at a time (the others missing), and present but empty.
                Add(new JObject());
                foreach (var field in objectType.Properties.Where(Reads))
                {
                    foreach (var probe in Build(field.Type, field))
                    {
                        Add(new JObject(new JProperty(field.Name, probe)));
                    }
                }

                break;
            case TypeKind.List when type.Element is { } element:
                // The list empty, then one item of each probe shape.
                Add(new JArray());
                foreach (var item in Build(element, property))
                {
                    Add(new JArray(item));
                }

                break;
        }

        return probes;
    }

    // A whole number is written as one (60, not 60.0): it reads the same and a finding shows it as an author wrote it.
    private static JValue Number(double value) =>
        Math.Abs(value) < 9e15 && value == Math.Floor(value) ? new JValue((long)value) : new JValue(value);

    // The constants compared with the field directly, then every other constant of the rule set.
    private IEnumerable<object> Constants(PropertyDef property) => Direct(property).Concat(_global);

    private List<object> Direct(PropertyDef property) => _direct.TryGetValue(property, out var direct) ? direct : [];

    // Every read of the field compares it with a constant (none feeds arithmetic, a function, a table cell or an output).
    private bool OnlyCompared(PropertyDef property) =>
        _numberReads.TryGetValue(property, out var reads) && _comparedReads.GetValueOrDefault(property) == reads;

    // A read of a number field that is only compared with a constant: counted against the field's reads.
    private void Compared(BoundExpression? operand)
    {
        var property = operand switch
        {
            BoundInput input => input.Symbol.Property,
            BoundMember member => member.Property,
            _ => null,
        };
        if (property is { Type.Kind: TypeKind.Number })
        {
            _comparedReads[property] = _comparedReads.GetValueOrDefault(property) + 1;
        }
    }

    private void Read(PropertyDef property)
    {
        _read.Add(property);
        if (property.Type.Kind == TypeKind.Number)
        {
            _numberReads[property] = _numberReads.GetValueOrDefault(property) + 1;
        }
    }

    private void Collect(CheckedNode node)
    {
        switch (node)
        {
            case ValueNode value:
                Walk(value.Expression);
                break;
            case ScorecardNode scorecard:
                foreach (var row in scorecard.Rows)
                {
                    Walk(row.When);
                    Walk(row.Points);
                }

                break;
            case BandNode bands:
                Walk(bands.Value);
                Compared(bands.Value);
                foreach (var band in bands.Bands)
                {
                    foreach (var bound in new[] { band.Min, band.Max })
                    {
                        if (bound is { } b)
                        {
                            Attribute(bands.Value, b);
                        }
                    }
                }

                break;
            case TableNode table:
                foreach (var input in table.Inputs)
                {
                    Walk(input);
                }

                foreach (var row in table.Rows)
                {
                    for (var i = 0; i < row.Cells.Count; i++)
                    {
                        var cell = row.Cells[i];
                        Walk(cell.Condition);
                        var subject = i < table.Inputs.Count ? table.Inputs[i] : null;
                        foreach (var constant in CellConstants(cell.Shape))
                        {
                            Attribute(subject, constant);
                        }
                    }

                    foreach (var output in row.Outputs)
                    {
                        Walk(output);
                    }
                }

                foreach (var output in table.Outputs)
                {
                    Walk(output.Default);
                }

                break;
            case RuleNode rule:
                Walk(rule.When);
                break;
            case OutputNode output:
                Walk(output.Value);
                foreach (var setter in output.Setters)
                {
                    Walk(setter.Value);
                }

                break;
        }
    }

    private static IEnumerable<object> CellConstants(CellShape shape) => shape switch
    {
        CellShape.Range range => new[] { range.Low, range.High }.Where(double.IsFinite).Cast<object>(),
        CellShape.OneOf oneOf => oneOf.Values.Where(v => v is not null).Cast<object>(),
        _ => [],
    };

    // The field an expression reads directly (an input, a member chain, a lambda item's member), if it is one.
    private PropertyDef? Subject(BoundExpression? expression) => expression switch
    {
        BoundInput input => input.Symbol.Property,
        BoundMember member => member.Property,
        BoundLambdaParameter parameter => _lambdaSources.GetValueOrDefault(parameter.Symbol),
        BoundUnary unary => Subject(unary.Operand),
        _ => null,
    };

    private void Attribute(BoundExpression? subject, object constant)
    {
        constant = Normalise(constant);
        if (!_globalSeen.Contains(constant))
        {
            _globalSeen.Add(constant);
            _global.Add(constant);
        }

        if (Subject(subject) is { } property)
        {
            if (!_direct.TryGetValue(property, out var list))
            {
                _direct[property] = list = [];
            }

            if (!list.Contains(constant))
            {
                list.Add(constant);
            }
        }
    }

    private static object Normalise(object constant) => constant switch
    {
        int i => (double)i,
        long l => (double)l,
        decimal m => (double)m,
        _ => constant,
    };

    private void Walk(BoundExpression? expression)
    {
        // Iterative over an explicit stack: rule expressions are bounded, but a walk must not be the first recursion to find a limit.
        if (expression is null)
        {
            return;
        }

        var step = new WalkStep(this);
        step.Pending.Push(expression);
        while (step.Pending.Count > 0)
        {
            step.Pending.Pop().Accept(step);
        }
    }

    /// <summary>One node of <see cref="Walk"/>: records what it reads and the constants compared with it, and queues its children.</summary>
    private sealed class WalkStep(ProbePlan plan) : BoundTreeVisitor<bool>
    {
        public Stack<BoundExpression> Pending { get; } = new();

        public override bool VisitLiteral(BoundLiteral node)
        {
            if (node.Value is { } value)
            {
                plan.Attribute(null, value);
            }

            return true;
        }

        public override bool VisitInput(BoundInput node)
        {
            plan.Read(node.Symbol.Property);
            return true;
        }

        public override bool VisitMember(BoundMember node)
        {
            plan.Read(node.Property);
            Pending.Push(node.Target);
            return true;
        }

        public override bool VisitLambdaParameter(BoundLambdaParameter node) => true;

        public override bool VisitValueReference(BoundValueReference node) => true;

        public override bool VisitError(BoundError node) => true;

        public override bool VisitIndex(BoundIndex node)
        {
            Pending.Push(node.Target);
            Pending.Push(node.Index);
            return true;
        }

        public override bool VisitUnary(BoundUnary node)
        {
            Pending.Push(node.Operand);
            return true;
        }

        public override bool VisitBinary(BoundBinary node)
        {
            if (node.Operator is >= BoundBinaryOperator.Less and <= BoundBinaryOperator.NotEqual)
            {
                if (node.Right is BoundLiteral rightLiteral)
                {
                    plan.Compared(node.Left);
                    if (rightLiteral.Value is { } right)
                    {
                        plan.Attribute(node.Left, right);
                    }
                }

                if (node.Left is BoundLiteral leftLiteral)
                {
                    plan.Compared(node.Right);
                    if (leftLiteral.Value is { } left)
                    {
                        plan.Attribute(node.Right, left);
                    }
                }
            }

            Pending.Push(node.Left);
            Pending.Push(node.Right);
            return true;
        }

        public override bool VisitIn(BoundIn node)
        {
            if (node.List is BoundList literals)
            {
                if (literals.Items.All(i => i is BoundLiteral))
                {
                    plan.Compared(node.Value);
                }

                foreach (var item in literals.Items.OfType<BoundLiteral>())
                {
                    if (item.Value is { } v)
                    {
                        plan.Attribute(node.Value, v);
                    }
                }
            }

            Pending.Push(node.Value);
            Pending.Push(node.List);
            return true;
        }

        public override bool VisitConditional(BoundConditional node)
        {
            Pending.Push(node.Condition);
            Pending.Push(node.WhenTrue);
            Pending.Push(node.WhenFalse);
            return true;
        }

        public override bool VisitList(BoundList node)
        {
            foreach (var item in node.Items)
            {
                Pending.Push(item);
            }

            return true;
        }

        public override bool VisitCall(BoundCall node)
        {
            foreach (var argument in node.Arguments)
            {
                Pending.Push(argument);
            }

            return true;
        }

        public override bool VisitListMethod(BoundListMethod node)
        {
            if (node.Parameter is { } parameter && plan.Subject(node.Source) is { } source)
            {
                plan._lambdaSources[parameter] = source;
            }

            if (node.Method == ListMethod.Contains && node.Argument is BoundLiteral { Value: { } sought })
            {
                plan.Attribute(node.Source, sought);
            }

            Pending.Push(node.Source);
            if (node.Argument is { } body)
            {
                Pending.Push(body);
            }

            return true;
        }
    }
}
