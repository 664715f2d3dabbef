using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace RiskTriage.RulesEngine.Lowering;

internal enum DlKind { Integer, Real, Bool, String, Object, List, Null }

/// <summary>
/// The static type of a Dynamic LINQ value, as RulesEngine would type it from the inputs' CLR types: integer and
/// real numbers stay apart (integer division), value types may be nullable, objects know their CLR type.
/// </summary>
internal sealed record DlType(DlKind Kind, bool Nullable = false, Type? Clr = null, DlType? Element = null)
{
    public static readonly DlType Integer = new(DlKind.Integer);
    public static readonly DlType Real = new(DlKind.Real);
    public static readonly DlType Bool = new(DlKind.Bool);
    public static readonly DlType String = new(DlKind.String);
    public static readonly DlType Null = new(DlKind.Null);

    public bool IsNumber => Kind is DlKind.Integer or DlKind.Real;

    /// <summary>A reference (string, object, list) or nullable value: reading through it can meet null.</summary>
    public bool CanBeNull => Nullable || Kind is DlKind.String or DlKind.Object or DlKind.List or DlKind.Null;

    public DlType AsNullable() => Kind is DlKind.Integer or DlKind.Real or DlKind.Bool && !Nullable ? this with { Nullable = true } : this;

    public string Describe() => Kind switch
    {
        DlKind.Object => Clr?.Name ?? "object",
        DlKind.List => $"list of {Element?.Describe()}",
        DlKind.Integer => Nullable ? "int?" : "int",
        DlKind.Real => Nullable ? "double?" : "double",
        DlKind.Bool => Nullable ? "bool?" : "bool",
        _ => Kind.ToString().ToLowerInvariant(),
    };

    private static readonly ConcurrentDictionary<Type, DlType?> ClrTypes = new();
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, PropertyInfo>> Members = new();

    /// <summary>The type RulesEngine gives a CLR type, or null when it is outside the supported subset.</summary>
    public static DlType? FromClr(Type type) => ClrTypes.GetOrAdd(type, Map);

    private static DlType? Map(Type type)
    {
        var underlying = System.Nullable.GetUnderlyingType(type);
        var t = underlying ?? type;
        var nullable = underlying is not null;
        if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(uint))
        {
            return new DlType(DlKind.Integer, nullable, t);
        }

        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal))
        {
            return new DlType(DlKind.Real, nullable, t);
        }

        if (t == typeof(bool))
        {
            return new DlType(DlKind.Bool, nullable, t);
        }

        if (t == typeof(string))
        {
            return String;
        }

        if (t.IsValueType || t.IsEnum || t == typeof(object) || typeof(IDictionary).IsAssignableFrom(t))
        {
            return null;
        }

        var element = ListElement(t);
        if (element is not null)
        {
            var elementType = FromClr(element);
            return elementType is null || elementType.Kind == DlKind.List ? null : new DlType(DlKind.List, false, t, elementType);
        }

        return typeof(IEnumerable).IsAssignableFrom(t) ? null : new DlType(DlKind.Object, false, t);
    }

    /// <summary>The public readable instance properties of a CLR type, matched without case as Dynamic LINQ does.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> MembersOf(Type type) => Members.GetOrAdd(type, t =>
    {
        var map = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.CanRead && property.GetIndexParameters().Length == 0)
            {
                map.TryAdd(property.Name, property);
            }
        }

        return map;
    });

    private static Type? ListElement(Type t)
    {
        if (t.IsArray)
        {
            return t.GetElementType();
        }

        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return t.GetGenericArguments()[0];
        }

        return t.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))?.GetGenericArguments()[0];
    }
}
