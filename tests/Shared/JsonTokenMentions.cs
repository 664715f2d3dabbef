using System.Reflection;
using Newtonsoft.Json.Linq;

namespace RiskTriage.Shared;

/// <summary>
/// Finds where an assembly's types hold, pass or work on Newtonsoft tokens (any <c>Newtonsoft.Json.Linq</c> type):
/// the walk behind the tests that keep rule-file JSON inside the loader. Linked into the test projects that check it.
/// </summary>
internal static class JsonTokenMentions
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>
    /// Every base type, field, property, method or constructor whose type or signature mentions a token type, and
    /// with <paramref name="locals"/> every method with a local of one (named "Method (local)").
    /// </summary>
    public static IEnumerable<(Type Owner, string Member)> In(Assembly assembly, bool locals = false)
    {
        foreach (var type in assembly.GetTypes())
        {
            if (Mentions(type.BaseType) || type.GetInterfaces().Any(Mentions))
            {
                yield return (type, "(base type)");
            }

            foreach (var field in type.GetFields(Declared).Where(f => Mentions(f.FieldType)))
            {
                yield return (type, field.Name);
            }

            foreach (var property in type.GetProperties(Declared).Where(p => Mentions(p.PropertyType)))
            {
                yield return (type, property.Name);
            }

            foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            {
                if ((method is MethodInfo info && Mentions(info.ReturnType)) || method.GetParameters().Any(p => Mentions(p.ParameterType)))
                {
                    yield return (type, method.Name);
                }

                // A method can parse a file into a JObject without it showing in any signature.
                if (locals && method.GetMethodBody()?.LocalVariables.Any(l => Mentions(l.LocalType)) == true)
                {
                    yield return (type, method.Name + " (local)");
                }
            }
        }
    }

    private static bool Mentions(Type? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.HasElementType)
        {
            return Mentions(type.GetElementType());
        }

        return type.Namespace == typeof(JToken).Namespace || (type.IsGenericType && type.GetGenericArguments().Any(Mentions));
    }
}
