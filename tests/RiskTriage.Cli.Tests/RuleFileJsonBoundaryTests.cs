using System.Reflection;
using Newtonsoft.Json.Linq;
using RiskTriage.Cli.Commands;

namespace RiskTriage.Cli.Tests;

/// <summary>
/// The CLI's explanation and rule-level diff read the rule set's public definition (<see cref="RuleSet.Definition"/>),
/// never the rule files' JSON: no type of theirs holds, passes or works on a Newtonsoft token. Case JSON is read in
/// <c>RiskTriage.Cli.Input</c> and the commands.
/// </summary>
public sealed class RuleFileJsonBoundaryTests
{
    private static readonly string[] RuleReadingNamespaces = ["RiskTriage.Cli.Explain", "RiskTriage.Cli.Diff"];

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void Explain_and_diff_handle_no_json_token()
    {
        var offenders = JsonMentions(typeof(ExplainCommand).Assembly)
            .Where(m => RuleReadingNamespaces.Contains(m.Owner.Namespace) || m.Owner == typeof(ExplainCommand))
            .Select(m => $"{m.Owner.FullName}.{m.Member}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offenders.Count == 0, "Newtonsoft.Json.Linq in the explanation or the rule-level diff (read RuleSet.Definition instead):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_check_sees_a_token_where_one_is()
    {
        // Planted members: the same walk over this assembly must find each, or the test above proves nothing.
        var found = JsonMentions(typeof(RuleFileJsonBoundaryTests).Assembly).Where(m => m.Owner == typeof(Planted)).Select(m => m.Member).ToList();

        Assert.Contains("_token", found);
        Assert.Contains("Cells", found);
        Assert.Contains("Read", found);
        Assert.Contains("Count (local)", found);
    }

    /// <summary>Every field, property, method, constructor or method local whose type or signature mentions a Newtonsoft.Json.Linq type.</summary>
    private static IEnumerable<(Type Owner, string Member)> JsonMentions(Assembly assembly)
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

                // Locals too: a method can parse a file into a JObject without it showing in any signature.
                if (method.GetMethodBody()?.LocalVariables.Any(l => Mentions(l.LocalType)) == true)
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

    private sealed class Planted
    {
#pragma warning disable CS0169, IDE0051 // read by reflection only
        private readonly JToken? _token;
#pragma warning restore CS0169, IDE0051

        public IReadOnlyList<(string, JValue)> Cells { get; } = [];

        public static int Read(Dictionary<string, JArray> rows) => rows.Count;

        public static int Count(string text)
        {
            JObject parsed;
            try
            {
                parsed = JObject.Parse(text);
            }
            catch (Newtonsoft.Json.JsonException)
            {
                return 0;
            }

            return parsed.Count;
        }
    }
}
