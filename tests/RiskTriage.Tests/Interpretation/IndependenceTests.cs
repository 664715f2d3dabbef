using System.Reflection;
using System.Reflection.Emit;
using RiskTriage.Interpretation;

namespace RiskTriage.Tests.Interpretation;

/// <summary>
/// The interpreter is a second implementation of the language only while it shares no semantics with the compiled
/// code: no method of its calls the compiled code's arithmetic, comparisons, dates or texts.
/// </summary>
public sealed class IndependenceTests
{
    /// <summary>
    /// Allowed from <c>RiskTriage.Runtime</c>: the case as the reader stores it (read, not computed on) and the error a
    /// case gets for computing past the engine's bounds. Everything else there (<c>RuntimeFunctions</c>,
    /// <c>IsoDate</c>, <c>TextSet</c>, <c>TextIndex</c>, <c>ConcatSite</c>) is the compiled code's semantics.
    /// </summary>
    private static readonly string[] AllowedRuntimeTypes = ["CaseRecord", "FieldValue", "EvaluationLimitException"];

    /// <summary>Namespaces and types that are the compiled code: the reference evaluator (over the runtime functions), the rule-set compiler and emitter.</summary>
    private static readonly string[] ForbiddenNamespaces =
        ["RiskTriage.Expressions.Evaluation", "RiskTriage.Compilation.RuleSetCompiler", "RiskTriage.Compilation.LinqEmitter", "RiskTriage.Compilation.PartedEvaluator"];

    [Fact]
    public void No_method_of_the_interpreter_calls_the_compiled_codes_semantics()
    {
        var types = typeof(RuleSetInterpreter).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(RuleSetInterpreter).Namespace || (t.DeclaringType is { } outer && Outermost(outer).Namespace == typeof(RuleSetInterpreter).Namespace))
            .ToList();
        Assert.Contains(typeof(ExpressionInterpreter), types);
        Assert.Contains(typeof(Semantics), types);

        var calls = types.SelectMany(Methods).SelectMany(m => CalledMembers(m).Select(called => (Caller: m, Called: called))).ToList();
        Assert.True(calls.Count > 100, $"only {calls.Count} calls were found: the IL reader is not reading the methods");
        var forbidden = calls.Where(c => Forbidden(c.Called))
            .Select(c => $"{c.Caller.DeclaringType!.Name}.{c.Caller.Name} calls {c.Called.DeclaringType!.FullName}.{c.Called.Name}")
            .Distinct()
            .ToList();
        Assert.True(forbidden.Count == 0, string.Join("\n", forbidden));
    }

    [Fact]
    public void The_check_sees_a_call_to_the_runtime_functions()
    {
        var called = CalledMembers(typeof(IndependenceTests).GetMethod(nameof(CallsDivide), BindingFlags.NonPublic | BindingFlags.Static)!).ToList();
        Assert.Contains(called, Forbidden);
    }

    private static double? CallsDivide() => RiskTriage.Runtime.RuntimeFunctions.Divide(1, 2);

    private static bool Forbidden(MemberInfo member)
    {
        var type = member.DeclaringType;
        while (type?.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        if (type is null)
        {
            return false;
        }

        return (type.Namespace == "RiskTriage.Runtime" && !AllowedRuntimeTypes.Contains(type.Name))
            || ForbiddenNamespaces.Any(n => type.Namespace == n || type.FullName == n)
            || type.Namespace == "RiskTriage.Expressions.Compilation" && type.Name == "ExpressionCompiler";
    }

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    private static IEnumerable<MethodBase> Methods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Cast<MethodBase>()
            .Concat(type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly));

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The methods and constructors <paramref name="method"/>'s IL calls, creates or takes a pointer to.</summary>
    private static IEnumerable<MemberInfo> CalledMembers(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType!.IsGenericType ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineMethod:
                    yield return method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments)!;
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }
}
