namespace RiskTriage.Expressions.Binding;

/// <summary>Something a name in an expression can refer to.</summary>
internal abstract class Symbol(string name, DataType type)
{
    public string Name { get; } = name;

    public DataType Type { get; } = type;

    /// <summary>How the symbol is described in messages: "input", "parameter", "value".</summary>
    public abstract string Describe { get; }

    public override string ToString() => Name;
}

/// <summary>A top-level field of the case.</summary>
internal sealed class InputSymbol(PropertyDef property) : Symbol(property.Name, property.Type)
{
    public PropertyDef Property { get; } = property;

    public override string Describe => "input";
}

/// <summary>A named constant; its value is folded into the compiled code.</summary>
internal sealed class ConstantSymbol(string name, DataType type, object? value) : Symbol(name, type)
{
    public object? Value { get; } = value;

    public override string Describe => "parameter";
}

/// <summary>A named value computed by the rule set (values, scores, bands, table outputs, outputs).</summary>
internal sealed class ValueSymbol(string name, DataType type, string kind) : Symbol(name, type)
{
    public string Kind { get; } = kind;

    public override string Describe => Kind;
}

/// <summary>The parameter of a lambda (<c>s</c> in <c>sentences.Any(s => ...)</c>).</summary>
internal sealed class LambdaParameterSymbol(string name, DataType type) : Symbol(name, type)
{
    public override string Describe => "item";
}

/// <summary>Where names are looked up.</summary>
internal interface IScope
{
    Symbol? Lookup(string name);

    IEnumerable<string> Names { get; }
}

/// <summary>A scope from a dictionary of symbols, optionally inside an outer scope.</summary>
internal sealed class Scope : IScope
{
    private readonly Dictionary<string, Symbol> _symbols = new(StringComparer.Ordinal);
    private readonly IScope? _outer;

    public Scope(IScope? outer = null)
    {
        _outer = outer;
    }

    public Scope Add(Symbol symbol)
    {
        _symbols[symbol.Name] = symbol;
        return this;
    }

    public bool Contains(string name) => _symbols.ContainsKey(name);

    public Symbol? Lookup(string name) => _symbols.TryGetValue(name, out var symbol) ? symbol : _outer?.Lookup(name);

    public IEnumerable<string> Names => _outer is null ? _symbols.Keys : _symbols.Keys.Concat(_outer.Names);

    /// <summary>A scope with every top-level field of an object type as an input.</summary>
    public static Scope ForInputs(ObjectType inputs, IScope? outer = null)
    {
        var scope = new Scope(outer);
        foreach (var property in inputs.Properties)
        {
            scope.Add(new InputSymbol(property));
        }

        return scope;
    }
}
