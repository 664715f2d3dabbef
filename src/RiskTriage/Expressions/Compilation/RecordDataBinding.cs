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

    private static readonly FieldInfo ReferenceField = typeof(FieldValue).GetField(nameof(FieldValue.Reference))!;
    private static readonly FieldInfo NumberField = typeof(FieldValue).GetField(nameof(FieldValue.Number))!;

    public override Expression Member(Expression instance, PropertyDef property)
    {
        var slot = Expression.ArrayAccess(Expression.Field(instance, FieldsField), Expression.Constant(property.Index));

        // Read inline rather than by calling FieldValue's readers: in a large compiled part the JIT stops inlining
        // calls once the method's budget is spent, and a call per field read costs more than the read.
        var value = Expression.Variable(typeof(FieldValue), property.Name);
        var reference = Expression.Field(value, ReferenceField);
        var present = Expression.ReferenceNotEqual(reference, Expression.Constant(null));
        Expression read = property.Type.Kind switch
        {
            TypeKind.Number => Expression.Condition(present, Expression.Convert(Expression.Field(value, NumberField), typeof(double?)), Expression.Constant(null, typeof(double?))),
            TypeKind.Bool => Expression.Condition(present,
                Expression.Convert(Expression.NotEqual(Expression.Field(value, NumberField), Expression.Constant(0d)), typeof(bool?)),
                Expression.Constant(null, typeof(bool?))),
            TypeKind.Date => Expression.Call(value, nameof(FieldValue.AsDate), null),
            _ => Expression.TypeAs(reference, StorageType(property.Type)),
        };
        return Expression.Block(read.Type, [value], Expression.Assign(value, slot), read);
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
