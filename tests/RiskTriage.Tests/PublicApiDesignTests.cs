using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using RiskTriage.Diagnostics;
using RiskTriage.Testing;

namespace RiskTriage.Tests;

/// <summary>
/// The conventions a .NET developer expects of a library's public surface (the framework design guidelines), checked
/// over every public type of every package, so that a new type is held to them too.
/// </summary>
public sealed class PublicApiDesignTests
{
    private static readonly Assembly[] Packages = [typeof(RuleSet).Assembly, typeof(DecisionSnapshots).Assembly];

    private static IEnumerable<Type> PublicTypes => Packages.SelectMany(a => a.GetExportedTypes()).OrderBy(t => t.FullName, StringComparer.Ordinal);

    [Fact]
    public void Every_public_exception_has_the_standard_constructors()
    {
        var missing = PublicTypes.Where(t => typeof(Exception).IsAssignableFrom(t))
            .SelectMany(t => new[] { Type.EmptyTypes, [typeof(string)], [typeof(string), typeof(Exception)] }
                .Where(parameters => t.GetConstructor(parameters) is null)
                .Select(parameters => $"{t.Name}({string.Join(", ", parameters.Select(p => p.Name))})"))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_public_enum_has_a_zero_value()
    {
        var missing = PublicTypes.Where(t => t.IsEnum && !Enum.GetValues(t).Cast<object>().Any(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) == 0))
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_event_payload_is_an_EventArgs_named_so()
    {
        var events = PublicTypes.SelectMany(t => t.GetEvents(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)).ToList();
        Assert.NotEmpty(events);

        var wrong = events
            .Select(e => (Event: e, Payload: e.EventHandlerType!.IsGenericType ? e.EventHandlerType.GetGenericArguments()[0] : typeof(EventArgs)))
            .Where(e => !typeof(EventArgs).IsAssignableFrom(e.Payload) || !e.Payload.Name.EndsWith("EventArgs", StringComparison.Ordinal))
            .Select(e => $"{e.Event.DeclaringType!.Name}.{e.Event.Name}: {e.Payload.Name}")
            .ToList();

        Assert.Empty(wrong);
    }

    /// <summary>
    /// A record compares its members with their own Equals: a list or dictionary member compares by reference, so two
    /// records with equal contents are unequal. Such a record must define its equality, or be a class.
    /// </summary>
    [Fact]
    public void No_public_record_compares_collections_by_reference()
    {
        var wrong = PublicTypes.Where(IsRecord)
            .Where(t => t.GetProperties().Any(p => p.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(p.PropertyType)))
            .Where(t => t.GetMethod("Equals", [t])!.IsDefined(typeof(CompilerGeneratedAttribute)))
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void No_optional_parameter_follows_an_out_parameter()
    {
        var wrong = PublicMethods()
            .Where(m => m.GetParameters().SkipWhile(p => !p.IsOut).Any(p => p.IsOptional))
            .Select(Describe)
            .ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void Every_Try_method_says_when_its_nullable_out_parameters_are_set()
    {
        var context = new NullabilityInfoContext();
        var tries = PublicMethods().Where(m => m.Name.StartsWith("Try", StringComparison.Ordinal) && m.ReturnType == typeof(bool)).ToList();
        Assert.NotEmpty(tries);

        var wrong = tries
            .SelectMany(m => m.GetParameters().Where(p => p.IsOut && context.Create(p).WriteState == NullabilityState.Nullable)
                .Where(p => p.GetCustomAttribute<NotNullWhenAttribute>() is not { ReturnValue: true } && p.GetCustomAttribute<MaybeNullWhenAttribute>() is not { ReturnValue: false })
                .Select(p => $"{Describe(m)}: {p.Name}"))
            .ToList();

        Assert.Empty(wrong);
    }

    /// <summary>
    /// C# prefers a generic <c>M&lt;T&gt;(T)</c> over <c>M(Stream)</c> for a <c>MemoryStream</c>: an overload taking any
    /// class must not share its name with overloads taking a type that has subclasses, or the call means something else
    /// than it reads.
    /// </summary>
    [Fact]
    public void No_generic_overload_can_capture_a_call_meant_for_another_overload()
    {
        var wrong = PublicMethods()
            .GroupBy(m => (m.DeclaringType, m.Name))
            .SelectMany(group => group
                .Where(m => m.IsGenericMethodDefinition && m.GetParameters() is [{ ParameterType.IsGenericParameter: true }, ..])
                .SelectMany(generic => group.Where(other => !other.IsGenericMethodDefinition && other.GetParameters() is [{ ParameterType: { IsSealed: false } first }, ..] && !first.IsValueType)
                    .Select(other => $"{Describe(generic)} captures calls meant for {Describe(other)}")))
            .ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void Diagnostic_codes_are_public_constants_each_with_its_own_code()
    {
        var codes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.True(typeof(DiagnosticCodes).IsPublic);
        Assert.True(codes.Count > 50);
        Assert.All(codes, c => Assert.Matches("^RT[0-9]{4}$", c));
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("RT0201", DiagnosticCodes.UnknownName);
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null || type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null;

    private static IEnumerable<MethodInfo> PublicMethods() => PublicTypes
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(m => !m.IsSpecialName);

    private static string Describe(MethodInfo method) =>
        $"{method.DeclaringType!.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})";
}
