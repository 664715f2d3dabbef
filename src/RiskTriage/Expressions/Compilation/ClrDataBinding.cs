using System.Linq.Expressions;
using System.Reflection;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;

namespace RiskTriage.Expressions.Compilation;

/// <summary>
/// Binds expressions to a typed CLR case: each declared field is matched by name to a public property
/// (Newtonsoft <c>[JsonProperty]</c> name first, then the name ignoring case and underscores) and read
/// directly, with numeric types widened to double and enums turned into their declared text values.
/// Every mismatch is found when the binding is created.
/// </summary>
internal sealed class ClrDataBinding : DataBinding
{
    private static readonly MethodInfo EnumLookup = typeof(ClrDataBinding).GetMethod(nameof(LookupEnum), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo DateFromDateTime = typeof(ClrDataBinding).GetMethod(nameof(ToDateOnly), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Dictionary<(Type, PropertyDef), PropertyInfo> _properties = [];
    private readonly Dictionary<(Type, DataType), string?[]> _enumNames = [];

    private ClrDataBinding(Type rootType)
    {
        RootType = rootType;
    }

    public override Type RootType { get; }

    /// <summary>Creates the binding, or reports every field that cannot be bound.</summary>
    public static ClrDataBinding? Create(ObjectType inputs, Type rootType, DiagnosticBag diagnostics, string? file = null)
    {
        var binding = new ClrDataBinding(rootType);
        var before = diagnostics.ErrorCount;
        binding.BindObject(inputs, rootType, inputs.Name, diagnostics, file, []);
        return diagnostics.ErrorCount == before ? binding : null;
    }

    public override Expression Member(Expression instance, PropertyDef property)
    {
        var info = _properties[(instance.Type, property)];
        return Convert(Expression.Property(instance, info), property.Type);
    }

    public override Expression Element(Expression item, DataType type) => Convert(item, type);

    private Expression Convert(Expression raw, DataType type)
    {
        var t = raw.Type;
        var underlying = Nullable.GetUnderlyingType(t);
        switch (type.Kind)
        {
            case TypeKind.Number when t != typeof(double) && t != typeof(double?):
                return Expression.Convert(raw, underlying is null ? typeof(double) : typeof(double?));
            case TypeKind.String when (underlying ?? t).IsEnum:
                var names = _enumNames[(underlying ?? t, type)];
                var asInt = underlying is null
                    ? (Expression)Expression.Convert(raw, typeof(int))
                    : Expression.Convert(raw, typeof(int?));
                return Expression.Call(EnumLookup, Expression.Constant(names), Expression.Convert(asInt, typeof(int?)));
            case TypeKind.Date when (underlying ?? t) == typeof(DateTime):
                return Expression.Call(DateFromDateTime, Expression.Convert(raw, typeof(DateTime?)));
            default:
                return raw;
        }
    }

    private static string? LookupEnum(string?[] names, int? value) =>
        value is { } v && (uint)v < (uint)names.Length ? names[v] : null;

    private static DateOnly? ToDateOnly(DateTime? value) => value is { } d ? DateOnly.FromDateTime(d) : null;

    private static string Normalise(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private void BindObject(ObjectType schema, Type clrType, string path, DiagnosticBag diagnostics, string? file, HashSet<(ObjectType, Type)> seen)
    {
        if (!seen.Add((schema, clrType)))
        {
            return;
        }

        var properties = clrType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();
        foreach (var field in schema.Properties)
        {
            var match = properties.FirstOrDefault(p => JsonName(p) == field.Name)
                ?? properties.FirstOrDefault(p => JsonName(p) is null && Normalise(p.Name) == Normalise(field.Name));
            var fieldPath = path + "." + field.Name;
            if (match is null)
            {
                Report(diagnostics, file,
                    $"the type {clrType.Name} has no public property for the input '{fieldPath}'; add a property named {char.ToUpperInvariant(field.Name[0])}{field.Name[1..]} (or one with [JsonProperty(\"{field.Name}\")])");
                continue;
            }

            if (BindType(field.Type, match.PropertyType, fieldPath, diagnostics, file, seen))
            {
                _properties[(clrType, field)] = match;
            }
        }
    }

    private bool BindType(DataType type, Type clr, string path, DiagnosticBag diagnostics, string? file, HashSet<(ObjectType, Type)> seen)
    {
        var underlying = Nullable.GetUnderlyingType(clr) ?? clr;
        bool ok;
        switch (type.Kind)
        {
            case TypeKind.Number:
                ok = underlying == typeof(double) || underlying == typeof(float) || underlying == typeof(decimal) || underlying == typeof(int)
                     || underlying == typeof(long) || underlying == typeof(short) || underlying == typeof(byte) || underlying == typeof(uint);
                break;
            case TypeKind.Bool:
                ok = underlying == typeof(bool);
                break;
            case TypeKind.Date:
                ok = underlying == typeof(DateOnly) || underlying == typeof(DateTime);
                break;
            case TypeKind.String when underlying.IsEnum:
                return BindEnum(type, underlying, path, diagnostics, file);
            case TypeKind.String:
                ok = clr == typeof(string);
                break;
            case TypeKind.Object:
                ok = clr.IsClass && clr != typeof(string);
                if (ok)
                {
                    BindObject(type.ObjectType!, clr, path, diagnostics, file, seen);
                }

                break;
            case TypeKind.List:
                var element = ListElementType(clr);
                ok = element is not null && BindType(type.Element!, element, path + "[]", diagnostics, file, seen);
                if (element is not null)
                {
                    return ok;
                }

                break;
            default:
                ok = false;
                break;
        }

        if (!ok)
        {
            Report(diagnostics, file, $"the input '{path}' is declared as {type}, but the property has type {clr.Name}, which cannot hold it");
        }

        return ok;
    }

    private bool BindEnum(DataType type, Type enumType, string path, DiagnosticBag diagnostics, string? file)
    {
        var values = Enum.GetValues(enumType).Cast<object>().Select(System.Convert.ToInt64).ToArray();
        if (values.Length == 0 || values.Min() < 0 || values.Max() >= 1024)
        {
            Report(diagnostics, file, $"the enum {enumType.Name} used for '{path}' must number its members from 0 (at most 1023)");
            return false;
        }

        var names = new string?[values.Max() + 1];
        foreach (var name in Enum.GetNames(enumType))
        {
            var value = System.Convert.ToInt64(Enum.Parse(enumType, name));
            var declared = type.EnumValues?.FirstOrDefault(v => Normalise(v) == Normalise(name));
            if (type.EnumValues is not null && declared is null)
            {
                Report(diagnostics, file, $"the enum member {enumType.Name}.{name} has no matching value in '{path}' (one of {DataType.ListValues(type.EnumValues)})");
                return false;
            }

            names[value] = string.Intern(declared ?? name);
        }

        _enumNames[(enumType, type)] = names;
        return true;
    }

    private static void Report(DiagnosticBag diagnostics, string? file, string message) =>
        diagnostics.Add(new Diagnostic(DiagnosticCodes.TypedBindingMismatch, DiagnosticSeverity.Error, message, new SourceLocation(file, 1, 1, 1), null));

    /// <summary>The item type of an indexable list type (array, List, IReadOnlyList, IList), or null.</summary>
    public static Type? ListElementType(Type clr)
    {
        if (clr.IsArray)
        {
            return clr.GetElementType();
        }

        if (clr.IsGenericType && clr.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return clr.GetGenericArguments()[0];
        }

        var readOnlyList = clr.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyList<>));
        return readOnlyList?.GetGenericArguments()[0];
    }

    private static string? JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<Newtonsoft.Json.JsonPropertyAttribute>()?.PropertyName;
}
