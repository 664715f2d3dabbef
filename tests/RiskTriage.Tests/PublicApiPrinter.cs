using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace RiskTriage.Tests;

/// <summary>
/// Prints the public surface of an assembly as text, one type after another, with C#-like signatures:
/// every public type and its public and protected members, nullable annotations, defaults, <c>init</c> setters
/// and constraints. Types are sorted by full name and members by their printed line (ordinal), so the text only
/// changes when the API does. Compiler-generated members with unspeakable names are left out.
/// </summary>
internal static class PublicApiPrinter
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(bool)] = "bool", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(char)] = "char",
        [typeof(decimal)] = "decimal", [typeof(double)] = "double", [typeof(float)] = "float", [typeof(int)] = "int",
        [typeof(uint)] = "uint", [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(short)] = "short",
        [typeof(ushort)] = "ushort", [typeof(object)] = "object", [typeof(string)] = "string", [typeof(void)] = "void",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint",
    };

    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["op_Equality"] = "==", ["op_Inequality"] = "!=", ["op_LessThan"] = "<", ["op_GreaterThan"] = ">",
        ["op_LessThanOrEqual"] = "<=", ["op_GreaterThanOrEqual"] = ">=", ["op_Addition"] = "+", ["op_Subtraction"] = "-",
        ["op_Multiply"] = "*", ["op_Division"] = "/", ["op_Modulus"] = "%", ["op_UnaryNegation"] = "-", ["op_UnaryPlus"] = "+",
        ["op_LogicalNot"] = "!", ["op_True"] = "true", ["op_False"] = "false", ["op_BitwiseAnd"] = "&", ["op_BitwiseOr"] = "|",
        ["op_ExclusiveOr"] = "^", ["op_OnesComplement"] = "~", ["op_Increment"] = "++", ["op_Decrement"] = "--",
    };

    public static string Print(Assembly assembly)
    {
        var context = new NullabilityInfoContext();
        var sb = new StringBuilder();
        foreach (var (header, members) in assembly.GetExportedTypes()
                     .Select(t => (Name: FullName(t), Header: TypeHeader(t, context), Members: Members(t, context)))
                     .OrderBy(t => t.Name, StringComparer.Ordinal)
                     .ThenBy(t => t.Header, StringComparer.Ordinal)
                     .Select(t => (t.Header, t.Members)))
        {
            sb.Append(header).Append('\n');
            foreach (var (_, line) in members.OrderBy(m => m.SortKey, StringComparer.Ordinal).ThenBy(m => m.Line, StringComparer.Ordinal))
            {
                sb.Append("  ").Append(line).Append('\n');
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    // ---- Types ----------------------------------------------------------------------------------

    private static string TypeHeader(Type type, NullabilityInfoContext context)
    {
        var sb = new StringBuilder();
        AppendAttributes(sb, type);
        sb.Append(Accessibility(type)).Append(' ');
        if (IsDelegate(type))
        {
            var invoke = type.GetMethod("Invoke")!;
            sb.Append("delegate ").Append(Format(invoke.ReturnType, context.Create(invoke.ReturnParameter))).Append(' ')
                .Append(TypeName(type, declaration: true)).Append('(').Append(Parameters(invoke, context)).Append(')').Append(Constraints(type.GetGenericArguments()));
            return sb.ToString();
        }

        if (type.IsEnum)
        {
            sb.Append("enum ").Append(TypeName(type, declaration: true));
            var underlying = Enum.GetUnderlyingType(type);
            if (underlying != typeof(int))
            {
                sb.Append(" : ").Append(Keywords[underlying]);
            }

            return sb.ToString();
        }

        if (type.IsInterface)
        {
            sb.Append("interface ");
        }
        else if (type.IsValueType)
        {
            sb.Append(type.IsDefined(typeof(IsReadOnlyAttribute), false) ? "readonly " : string.Empty)
                .Append(type.IsByRefLike ? "ref " : string.Empty)
                .Append(IsRecord(type) ? "record struct " : "struct ");
        }
        else
        {
            sb.Append(type is { IsAbstract: true, IsSealed: true } ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : string.Empty)
                .Append(IsRecord(type) ? "record " : "class ");
        }

        sb.Append(TypeName(type, declaration: true));
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType))
        {
            bases.Add(Format(baseType, null));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(i => Format(i, null)).Order(StringComparer.Ordinal));
        if (bases.Count > 0)
        {
            sb.Append(" : ").Append(string.Join(", ", bases));
        }

        return sb.Append(Constraints(type.GetGenericArguments())).ToString();
    }

    private static bool IsDelegate(Type type) => typeof(MulticastDelegate).IsAssignableFrom(type.BaseType);

    private static bool IsRecord(Type type) =>
        type.GetMethod("<Clone>$", Declared) is not null ||
        (type.IsValueType && type.GetMethod("PrintMembers", Declared) is { } print && print.IsDefined(typeof(CompilerGeneratedAttribute), false));

    private static string Accessibility(Type type) => type switch
    {
        { IsPublic: true } or { IsNestedPublic: true } => "public",
        { IsNestedFamily: true } => "protected",
        { IsNestedFamORAssem: true } => "protected internal",
        _ => "private protected",
    };

    // ---- Members --------------------------------------------------------------------------------

    /// <summary>The visible members, each with a sort key: constructors first, then by name (enum members by value).</summary>
    private static List<(string SortKey, string Line)> Members(Type type, NullabilityInfoContext context)
    {
        var members = new List<(string SortKey, string Line)>();
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var value = Convert.ToDecimal(field.GetRawConstantValue(), CultureInfo.InvariantCulture);
                members.Add(((value + 100_000_000_000_000_000_000m).ToString("000000000000000000000", CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{field.Name} = {value}")));
            }

            return members;
        }

        if (IsDelegate(type))
        {
            return members;
        }

        foreach (var member in type.GetMembers(Declared))
        {
            if (member.Name.Contains('<', StringComparison.Ordinal) || member is Type)
            {
                continue;
            }

            var line = member switch
            {
                ConstructorInfo c when Visible(c) && !c.IsStatic => Attributes(c) + Access(c) + " " + TypeName(type, declaration: false).Split('<')[0] + "(" + Parameters(c, context) + ")",
                MethodInfo m when Visible(m) && !IsAccessor(m) => Method(m, context),
                PropertyInfo p => Property(p, context),
                FieldInfo f when Visible(f) => Field(f, context),
                EventInfo e when e.AddMethod is { } add && Visible(add) => Attributes(e) + Access(add) + Modifiers(add) + " event " + Format(e.EventHandlerType!, context.Create(e)) + " " + e.Name,
                _ => null,
            };
            if (line is not null)
            {
                members.Add((member is ConstructorInfo ? " " : member.Name, line));
            }
        }

        return members;
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static bool Visible(FieldInfo field) => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly;

    private static bool IsAccessor(MethodInfo method) =>
        method.IsSpecialName && (method.Name.StartsWith("get_", StringComparison.Ordinal) || method.Name.StartsWith("set_", StringComparison.Ordinal) ||
                                 method.Name.StartsWith("add_", StringComparison.Ordinal) || method.Name.StartsWith("remove_", StringComparison.Ordinal));

    private static string Access(MethodBase method) =>
        method.IsPublic ? "public" : method.IsFamilyOrAssembly ? "protected internal" : "protected";

    private static string Access(FieldInfo field) =>
        field.IsPublic ? "public" : field.IsFamilyOrAssembly ? "protected internal" : "protected";

    private static string Modifiers(MethodInfo method)
    {
        if (method.IsStatic)
        {
            return method.IsAbstract ? " static abstract" : method.IsVirtual ? " static virtual" : " static";
        }

        if (method.DeclaringType!.IsInterface)
        {
            return method.IsAbstract ? string.Empty : " virtual";
        }

        if (method.IsAbstract)
        {
            return " abstract";
        }

        if (!method.IsVirtual)
        {
            return string.Empty;
        }

        var isOverride = method.GetBaseDefinition().DeclaringType != method.DeclaringType;
        return isOverride
            ? method.IsFinal ? " sealed override" : " override"
            : method.IsFinal ? string.Empty : " virtual";
    }

    private static string Method(MethodInfo method, NullabilityInfoContext context)
    {
        var returnType = Format(method.ReturnType, context.Create(method.ReturnParameter));
        var head = Attributes(method) + Access(method) + Modifiers(method) + " ";
        if (method.Name is "op_Implicit" or "op_Explicit")
        {
            return head + (method.Name == "op_Implicit" ? "implicit" : "explicit") + " operator " + returnType + "(" + Parameters(method, context) + ")";
        }

        if (method.IsSpecialName && Operators.TryGetValue(method.Name, out var symbol))
        {
            return head + returnType + " operator " + symbol + "(" + Parameters(method, context) + ")";
        }

        var generic = method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;
        return head + returnType + " " + method.Name + generic + "(" + Parameters(method, context) + ")" + Constraints(method.GetGenericArguments());
    }

    private static string? Property(PropertyInfo property, NullabilityInfoContext context)
    {
        var get = property.GetMethod is { } g && Visible(g) ? g : null;
        var set = property.SetMethod is { } s && Visible(s) ? s : null;
        if (get is null && set is null)
        {
            return null;
        }

        var main = get ?? set!;
        var indexParameters = property.GetIndexParameters();
        var name = indexParameters.Length > 0
            ? "this[" + string.Join(", ", indexParameters.Select(p => Parameter(p, context, isExtension: false))) + "]"
            : property.Name;
        var accessors = new List<string>();
        if (get is not null)
        {
            accessors.Add((Access(get) == Access(main) ? string.Empty : Access(get) + " ") + "get;");
        }

        if (set is not null)
        {
            var init = set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
            accessors.Add((Access(set) == Access(main) ? string.Empty : Access(set) + " ") + (init ? "init;" : "set;"));
        }

        var required = property.IsDefined(typeof(RequiredMemberAttribute), false) ? " required" : string.Empty;
        return Attributes(property) + Access(main) + Modifiers(main) + required + " " + Format(property.PropertyType, context.Create(property)) + " " + name + " { " + string.Join(" ", accessors) + " }";
    }

    private static string Field(FieldInfo field, NullabilityInfoContext context)
    {
        var type = Format(field.FieldType, context.Create(field));
        if (field.IsLiteral)
        {
            return Attributes(field) + Access(field) + " const " + type + " " + field.Name + " = " + Literal(field.GetRawConstantValue(), field.FieldType);
        }

        var modifiers = (field.IsStatic ? " static" : string.Empty) + (field.IsInitOnly ? " readonly" : string.Empty);
        return Attributes(field) + Access(field) + modifiers + " " + type + " " + field.Name;
    }

    private static string Parameters(MethodBase method, NullabilityInfoContext context)
    {
        var isExtension = method.IsDefined(typeof(ExtensionAttribute), false);
        return string.Join(", ", method.GetParameters().Select((p, i) => Parameter(p, context, isExtension && i == 0)));
    }

    private static string Parameter(ParameterInfo parameter, NullabilityInfoContext context, bool isExtension)
    {
        var sb = new StringBuilder();
        if (isExtension)
        {
            sb.Append("this ");
        }

        if (parameter.IsDefined(typeof(ParamArrayAttribute), false) || parameter.IsDefined(typeof(ParamCollectionAttribute), false))
        {
            sb.Append("params ");
        }

        if (parameter.ParameterType.IsByRef)
        {
            sb.Append(parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ");
        }

        sb.Append(Format(parameter.ParameterType, context.Create(parameter))).Append(' ').Append(parameter.Name);
        if (parameter.HasDefaultValue)
        {
            sb.Append(" = ").Append(Literal(parameter.RawDefaultValue, parameter.ParameterType));
        }

        return sb.ToString();
    }

    private static string Literal(object? value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? (type.IsByRef ? type.GetElementType()! : type);
        return value switch
        {
            null when underlying.IsValueType && Nullable.GetUnderlyingType(type) is null => "default",
            null => "null",
            string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
            bool b => b ? "true" : "false",
            char c => "'" + c + "'",
            _ when underlying.IsEnum => Enum.GetName(underlying, value) is { } name
                ? Format(underlying, null) + "." + name
                : "(" + Format(underlying, null) + ")" + Convert.ToString(value, CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "null",
        };
    }

    private static string Constraints(Type[] genericArguments)
    {
        var sb = new StringBuilder();
        foreach (var argument in genericArguments.Where(a => a.IsGenericParameter))
        {
            var constraints = new List<string>();
            var attributes = argument.GenericParameterAttributes;
            if (attributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                constraints.Add("class");
            }

            var isStruct = attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint);
            if (isStruct)
            {
                constraints.Add("struct");
            }

            constraints.AddRange(argument.GetGenericParameterConstraints().Where(c => !(isStruct && c == typeof(ValueType))).Select(c => Format(c, null)).Order(StringComparer.Ordinal));
            if (attributes.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint) && !isStruct)
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                sb.Append(" where ").Append(argument.Name).Append(" : ").Append(string.Join(", ", constraints));
            }
        }

        return sb.ToString();
    }

    // ---- Attributes worth showing ---------------------------------------------------------------

    private static string Attributes(MemberInfo member)
    {
        var sb = new StringBuilder();
        AppendAttributes(sb, member);
        return sb.ToString();
    }

    private static void AppendAttributes(StringBuilder sb, MemberInfo member)
    {
        if (member.GetCustomAttribute<ObsoleteAttribute>(false) is { } obsolete)
        {
            sb.Append(obsolete.Message is null ? "[Obsolete] " : "[Obsolete(\"" + obsolete.Message + "\")] ");
        }

        if (member is Type { IsEnum: true } type && type.IsDefined(typeof(FlagsAttribute), false))
        {
            sb.Append("[Flags] ");
        }
    }

    // ---- Type names -----------------------------------------------------------------------------

    /// <summary>A type as C# writes it, with namespace, generic arguments and nullable annotations.</summary>
    private static string Format(Type type, NullabilityInfo? nullability)
    {
        if (type.IsByRef || type.IsPointer)
        {
            return Format(type.GetElementType()!, nullability) + (type.IsPointer ? "*" : string.Empty);
        }

        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Format(inner, nullability?.GenericTypeArguments.FirstOrDefault()) + "?";
        }

        var nullable = !type.IsValueType && nullability?.ReadState == NullabilityState.Nullable ? "?" : string.Empty;
        if (type.IsArray)
        {
            var rank = type.GetArrayRank();
            return Format(type.GetElementType()!, nullability?.ElementType) + "[" + new string(',', rank - 1) + "]" + nullable;
        }

        if (type.IsGenericParameter)
        {
            return type.Name + nullable;
        }

        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword + nullable;
        }

        if (!type.IsGenericType)
        {
            return FullName(type) + nullable;
        }

        var arguments = type.GetGenericArguments();
        var formatted = arguments.Select((a, i) =>
            Format(a, nullability is not null && i < nullability.GenericTypeArguments.Length ? nullability.GenericTypeArguments[i] : null));
        return FullName(type.GetGenericTypeDefinition()) + "<" + string.Join(", ", formatted) + ">" + nullable;
    }

    private static string TypeName(Type type, bool declaration)
    {
        var name = FullName(type);
        if (!type.IsGenericType)
        {
            return declaration ? name : type.Name;
        }

        var parameters = "<" + string.Join(", ", type.GetGenericArguments().Select(a => a.Name)) + ">";
        return declaration ? name + parameters : StripArity(type.Name) + parameters;
    }

    /// <summary>Namespace.Outer.Inner without generic arity suffixes.</summary>
    private static string FullName(Type type)
    {
        var name = StripArity(type.Name);
        if (type.DeclaringType is { } outer && !type.IsGenericParameter)
        {
            return FullName(outer) + "." + name;
        }

        return string.IsNullOrEmpty(type.Namespace) ? name : type.Namespace + "." + name;
    }

    private static string StripArity(string name)
    {
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }
}
