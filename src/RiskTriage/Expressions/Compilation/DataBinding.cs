using System.Linq.Expressions;
using RiskTriage.Expressions.Binding;

namespace RiskTriage.Expressions.Compilation;

/// <summary>
/// Tells the compiler how to read declared fields from a concrete representation of the case: a typed
/// CLR object (<see cref="ClrDataBinding"/>) or a schema-shaped record read from JSON (<see cref="RecordDataBinding"/>).
/// Reads produce the compiler's representation: numbers as <c>double</c>/<c>double?</c>, true/false as
/// <c>bool</c>/<c>bool?</c>, text as <c>string</c>, dates as <c>DateOnly</c>/<c>DateOnly?</c>, lists as an
/// indexable list type and objects as a reference type.
/// </summary>
internal abstract class DataBinding
{
    /// <summary>The CLR type of the case itself.</summary>
    public abstract Type RootType { get; }

    /// <summary>Reads a field from a non-null instance of its owner's CLR type.</summary>
    public abstract Expression Member(Expression instance, PropertyDef property);

    /// <summary>Converts a list item as stored to the compiler's representation of <paramref name="type"/>.</summary>
    public abstract Expression Element(Expression item, DataType type);
}
