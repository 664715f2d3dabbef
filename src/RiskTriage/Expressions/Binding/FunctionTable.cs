using System.Reflection;
using RiskTriage.Runtime;

namespace RiskTriage.Expressions.Binding;

/// <summary>One callable form of a function: its parameter types, result type and implementation.</summary>
internal sealed class FunctionOverload(string name, DataType[] parameters, DataType returnType, MethodInfo method, bool variadic = false)
{
    public string Name { get; } = name;

    public IReadOnlyList<DataType> Parameters { get; } = parameters;

    public DataType ReturnType { get; } = returnType;

    public MethodInfo Method { get; } = method;

    /// <summary>Takes two or more arguments of the first parameter type, folded pairwise (min, max).</summary>
    public bool Variadic { get; } = variadic;

    public string Signature => Variadic
        ? $"{Name}({Parameters[0]}, {Parameters[0]}, ...)"
        : $"{Name}({string.Join(", ", Parameters)})";
}

/// <summary>
/// The fixed table of functions an expression may call. Nothing outside this table (and the list methods)
/// is reachable from a rule expression.
/// </summary>
internal static class FunctionTable
{
    private static readonly Dictionary<string, FunctionOverload[]> Functions = Build();

    public static IEnumerable<string> Names => Functions.Keys;

    /// <summary><c>len(list)</c> is bound as a list count rather than through this table.</summary>
    public const string Len = "len";

    public static FunctionOverload[]? Lookup(string name) => Functions.GetValueOrDefault(name);

    private static Dictionary<string, FunctionOverload[]> Build()
    {
        var n = DataType.Number;
        var s = DataType.String;
        var d = DataType.Date;
        var b = DataType.Bool;
        var table = new Dictionary<string, List<FunctionOverload>>(StringComparer.Ordinal);

        void Add(string name, string method, DataType result, DataType[] parameters, bool variadic = false)
        {
            var info = typeof(RuntimeFunctions).GetMethod(method, BindingFlags.Public | BindingFlags.Static,
                parameters.Select(ClrParameterType).ToArray())
                ?? throw new InvalidOperationException($"missing runtime function {method}");
            if (!table.TryGetValue(name, out var list))
            {
                table[name] = list = [];
            }

            list.Add(new FunctionOverload(name, parameters, result, info, variadic));
        }

        Add("min", nameof(RuntimeFunctions.Min), n, [n, n], variadic: true);
        Add("max", nameof(RuntimeFunctions.Max), n, [n, n], variadic: true);
        Add("abs", nameof(RuntimeFunctions.Abs), n, [n]);
        Add("round", nameof(RuntimeFunctions.Round), n, [n]);
        Add("round", nameof(RuntimeFunctions.Round), n, [n, n]);
        Add("floor", nameof(RuntimeFunctions.Floor), n, [n]);
        Add("ceil", nameof(RuntimeFunctions.Ceil), n, [n]);
        Add("clamp", nameof(RuntimeFunctions.Clamp), n, [n, n, n]);
        Add("exp", nameof(RuntimeFunctions.Exp), n, [n]);
        Add("ln", nameof(RuntimeFunctions.Ln), n, [n]);
        Add("log10", nameof(RuntimeFunctions.Log10), n, [n]);
        Add("pow", nameof(RuntimeFunctions.Pow), n, [n, n]);
        Add("sqrt", nameof(RuntimeFunctions.Sqrt), n, [n]);
        Add("logistic", nameof(RuntimeFunctions.Logistic), n, [n]);
        Add("daysBetween", nameof(RuntimeFunctions.DaysBetween), n, [d, d]);
        Add("yearsBetween", nameof(RuntimeFunctions.YearsBetween), n, [d, d]);
        Add("addYears", nameof(RuntimeFunctions.AddYears), d, [d, n]);
        Add("addDays", nameof(RuntimeFunctions.AddDays), d, [d, n]);
        Add("date", nameof(RuntimeFunctions.ParseDate), d, [s]);
        Add("lower", nameof(RuntimeFunctions.Lower), s, [s]);
        Add("upper", nameof(RuntimeFunctions.Upper), s, [s]);
        Add("trim", nameof(RuntimeFunctions.Trim), s, [s]);
        Add("startsWith", nameof(RuntimeFunctions.StartsWith), b, [s, s]);
        Add("endsWith", nameof(RuntimeFunctions.EndsWith), b, [s, s]);
        Add("contains", nameof(RuntimeFunctions.Contains), b, [s, s]);
        Add(Len, nameof(RuntimeFunctions.Len), n, [s]);
        return table.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The nullable CLR type that carries values of a scalar type in compiled code.</summary>
    public static Type ClrParameterType(DataType type) => type.Kind switch
    {
        TypeKind.Number => typeof(double?),
        TypeKind.Bool => typeof(bool?),
        TypeKind.String => typeof(string),
        TypeKind.Date => typeof(DateOnly?),
        _ => typeof(object),
    };
}
