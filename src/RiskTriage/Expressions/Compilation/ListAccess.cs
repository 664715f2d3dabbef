using System.Linq.Expressions;
using System.Reflection;
using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Expressions.Compilation;

/// <summary>The variables and set-up a loop over a list needs, and how it counts and reads the list.</summary>
internal sealed record ListView(IReadOnlyList<ParameterExpression> Variables, IReadOnlyList<Expression> Setup, Expression Count, Func<Expression, Expression> Item);

/// <summary>How to count and index a list type: arrays directly, others through Count and the indexer.</summary>
internal sealed class ListAccess
{
    private readonly PropertyInfo? _count;
    private readonly PropertyInfo? _indexer;

    private ListAccess(PropertyInfo? count, PropertyInfo? indexer)
    {
        _count = count;
        _indexer = indexer;
    }

    public static ListAccess For(Type listType)
    {
        if (listType.IsArray)
        {
            return new ListAccess(null, null);
        }

        var element = ClrDataBinding.ListElementType(listType)
            ?? throw new InvalidOperationException($"{listType.Name} is not an indexable list");
        var readOnlyList = typeof(IReadOnlyList<>).MakeGenericType(element);
        var readOnlyCollection = typeof(IReadOnlyCollection<>).MakeGenericType(element);
        if (listType.IsInterface)
        {
            return new ListAccess(readOnlyCollection.GetProperty("Count"), readOnlyList.GetProperty("Item"));
        }

        // A concrete class (List<T>): its own members avoid interface dispatch.
        var count = listType.GetProperty("Count", BindingFlags.Public | BindingFlags.Instance, null, typeof(int), Type.EmptyTypes, null);
        var indexer = listType.GetProperty("Item", BindingFlags.Public | BindingFlags.Instance, null, element, [typeof(int)], null);
        return count is not null && indexer is not null
            ? new ListAccess(count, indexer)
            : new ListAccess(readOnlyCollection.GetProperty("Count"), readOnlyList.GetProperty("Item"));
    }

    public Expression Count(Expression list) =>
        _count is null ? Expression.ArrayLength(list) : Expression.Property(Convert(list, _count), _count);

    /// <summary>
    /// How a loop reads the list held in <paramref name="list"/>. A list typed as an interface (a typed case's
    /// <c>IReadOnlyList&lt;T&gt;</c>) is looked at once, before the loop: an array or a <c>List&lt;T&gt;</c> is then
    /// read directly, and only other lists through the interface. An interface call per item costs more than the
    /// work a rule does with the item, and compiled rule sets are not profiled, so the JIT would not guess the type.
    /// </summary>
    public static ListView View(ParameterExpression list)
    {
        var access = For(list.Type);
        var element = list.Type.IsInterface ? ClrDataBinding.ListElementType(list.Type) : null;
        if (element is null)
        {
            return new ListView([], [], access.Count(list), i => access.Item(list, i));
        }

        var arrayType = element.MakeArrayType();
        var listType = typeof(List<>).MakeGenericType(element);
        var array = Expression.Variable(arrayType, "array");
        var items = Expression.Variable(listType, "items");
        var listAccess = For(listType);
        var isArray = Expression.NotEqual(array, Expression.Constant(null, arrayType));
        var isList = Expression.NotEqual(items, Expression.Constant(null, listType));
        return new ListView(
            [array, items],
            [
                Expression.Assign(array, Expression.TypeAs(list, arrayType)),
                Expression.Assign(items, Expression.Condition(isArray, Expression.Constant(null, listType), Expression.TypeAs(list, listType))),
            ],
            Expression.Condition(isArray, Expression.ArrayLength(array), Expression.Condition(isList, listAccess.Count(items), access.Count(list))),
            i => Expression.Condition(isArray, Expression.ArrayIndex(array, i), Expression.Condition(isList, listAccess.Item(items, i), access.Item(list, i))));
    }

    public Expression Item(Expression list, Expression index) =>
        _indexer is null ? Expression.ArrayIndex(list, index) : Expression.Property(Convert(list, _indexer), _indexer, index);

    private static Expression Convert(Expression list, PropertyInfo member) =>
        member.DeclaringType!.IsAssignableFrom(list.Type) && list.Type != member.DeclaringType && member.DeclaringType.IsInterface
            ? Expression.Convert(list, member.DeclaringType)
            : list;
}
