using Newtonsoft.Json.Linq;

namespace RiskTriage.RulesEngine.Lowering;

/// <summary>
/// The part of an input's CLR type that a workflow reads: only the members its expressions name are declared as
/// RiskTriage inputs, so members of types RiskTriage cannot hold (dates, dictionaries) matter only when used.
/// </summary>
internal sealed class SchemaNode(DlType type)
{
    public DlType Type { get; } = type;

    public SortedDictionary<string, SchemaNode> Fields { get; } = new(StringComparer.Ordinal);

    public SchemaNode? Items { get; set; }

    public SchemaNode Field(string name, DlType type)
    {
        if (!Fields.TryGetValue(name, out var node))
        {
            node = new SchemaNode(type);
            Fields.Add(name, node);
        }

        return node;
    }

    public SchemaNode ItemNode() => Items ??= new SchemaNode(Type.Element!);

    /// <summary>The RiskTriage input declaration for this node.</summary>
    public JToken ToDeclaration() => Type.Kind switch
    {
        DlKind.Integer or DlKind.Real => "number",
        DlKind.Bool => "bool",
        DlKind.String => "string",
        DlKind.List => new JObject { ["type"] = "list", ["items"] = ItemNode().ToDeclaration() },
        _ => new JObject { ["type"] = "object", ["properties"] = Properties() },
    };

    private JObject Properties()
    {
        var properties = new JObject();
        foreach (var (name, node) in Fields)
        {
            properties[name] = node.ToDeclaration();
        }

        return properties;
    }
}
