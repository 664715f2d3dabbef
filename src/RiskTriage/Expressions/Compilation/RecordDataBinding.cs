using System.Linq.Expressions;
using System.Reflection;
using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Expressions.Compilation;

/// <summary>Binds expressions to <see cref="CaseRecord"/>s: a field is a slot read by index.</summary>
internal sealed class RecordDataBinding : DataBinding
{
    public static readonly RecordDataBinding Instance = new();

    private static readonly FieldInfo FieldsField = typeof(CaseRecord).GetField(nameof(CaseRecord.Fields))!;

    public override Type RootType => typeof(CaseRecord);

    public override Expression Member(Expression instance, PropertyDef property)
    {
        var slot = Expression.ArrayAccess(Expression.Field(instance, FieldsField), Expression.Constant(property.Index));
        return property.Type.Kind switch
        {
            TypeKind.Number => Expression.Call(slot, nameof(FieldValue.AsNumber), null),
            TypeKind.Bool => Expression.Call(slot, nameof(FieldValue.AsBool), null),
            TypeKind.Date => Expression.Call(slot, nameof(FieldValue.AsDate), null),
            TypeKind.String => Expression.Call(slot, nameof(FieldValue.AsString), null),
            _ => Expression.Call(slot, nameof(FieldValue.As), [StorageType(property.Type)]),
        };
    }

    public override Expression Element(Expression item, DataType type) => item;

    /// <summary>How a value of a declared type is stored in a record slot or list.</summary>
    public static Type StorageType(DataType type) => type.Kind switch
    {
        TypeKind.Number => typeof(double?),
        TypeKind.Bool => typeof(bool?),
        TypeKind.Date => typeof(DateOnly?),
        TypeKind.String => typeof(string),
        TypeKind.Object => typeof(CaseRecord),
        TypeKind.List => StorageType(type.Element!).MakeArrayType(),
        _ => typeof(object),
    };
}
