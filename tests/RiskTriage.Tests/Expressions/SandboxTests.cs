using System.Globalization;
using System.Linq.Expressions;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Runtime;

namespace RiskTriage.Tests.Expressions;

/// <summary>
/// Hostile expressions are rejected when they are checked, with a diagnostic and never an exception, and
/// nothing outside the fixed function table is reachable from what compiles.
/// </summary>
public sealed class SandboxTests
{
    private const int Hundred000 = 100_000;

    private static readonly RuleSetLimits Unlimited = new() { MaxExpressionLength = int.MaxValue };

    public static TheoryData<string, string> HostileExpressions => new()
    {
        { "\"\".GetType().Assembly", DiagnosticCodes.UnknownMethod },
        { "System.IO.File.ReadAllText(\"/etc/passwd\")", DiagnosticCodes.UnknownName },
        { "Type.GetType(\"System.Diagnostics.Process\")", DiagnosticCodes.UnknownName },
        { "new System.Net.WebClient()", DiagnosticCodes.ReservedWord },
        { "new System.Net.WebClient().DownloadString(\"http://example.com\")", DiagnosticCodes.ReservedWord },
        { "System.Diagnostics.Process.Start(\"sh\")", DiagnosticCodes.UnknownName },
        { "Activator.CreateInstance(typeof(object))", DiagnosticCodes.UnknownName },
        { "AppDomain.CurrentDomain.GetAssemblies()", DiagnosticCodes.UnknownName },
        { "Environment.Exit(1)", DiagnosticCodes.UnknownName },
        { "Environment.GetEnvironmentVariable(\"PATH\")", DiagnosticCodes.UnknownName },
        { "typeof(string).Assembly", DiagnosticCodes.ReservedWord },
        { "default(int)", DiagnosticCodes.ReservedWord },
        { "this.age", DiagnosticCodes.ReservedWord },
        { "Math.Max(1, 2)", DiagnosticCodes.UnknownName },
        { "DateTime.Now", DiagnosticCodes.UnknownName },
        { "string.Empty", DiagnosticCodes.UnknownName },
        { "age.GetType()", DiagnosticCodes.UnknownMethod },
        { "name.Length", DiagnosticCodes.NoMembers },
        { "name.GetType().GetMethod(\"Exit\")", DiagnosticCodes.UnknownMethod },
        { "sentences.GetType()", DiagnosticCodes.UnknownMethod },
        { "sentences[0].GetType()", DiagnosticCodes.UnknownMethod },
        { "sentences.Any(s => s.GetType() == null)", DiagnosticCodes.UnknownMethod },
        { "scores.ToString()", DiagnosticCodes.UnknownMethod },
        { "scores.Select(s => s)", DiagnosticCodes.UnknownMethod },
        { "scores.Aggregate((a, b) => a)", DiagnosticCodes.UnexpectedToken },
        { "offender.GetHashCode()", DiagnosticCodes.UnknownMethod },
        { "offender[\"GetType\"]", DiagnosticCodes.UnknownMember },
        { "age = 5", DiagnosticCodes.AssignmentNotAllowed },
        { "age += 1", DiagnosticCodes.AssignmentNotAllowed },
        { "scores.Any(s => s = 1)", DiagnosticCodes.AssignmentNotAllowed },
        { "age; System.IO.File.Delete(\"x\")", DiagnosticCodes.UnexpectedCharacter },
        { "@\"abc\"", DiagnosticCodes.UnexpectedCharacter },
        { "$\"{age}\"", DiagnosticCodes.UnexpectedCharacter },
        { "nameof(age)", DiagnosticCodes.ReservedWord },
        { "x => x.GetType()", DiagnosticCodes.LambdaNotAllowed },
        { "eval(\"1\")", DiagnosticCodes.ReservedWord },
        { "unknownFunction(\"/etc/passwd\")", DiagnosticCodes.UnknownFunction },
        { "GetType()", DiagnosticCodes.UnknownFunction },
        { "ToString()", DiagnosticCodes.UnknownFunction },
    };

    [Theory]
    [MemberData(nameof(HostileExpressions))]
    public void Hostile_expression_is_rejected_at_compile_time_with_a_diagnostic(string text, string code)
    {
        var result = TestSchema.Check(text);
        Assert.True(result.HasErrors, $"'{text}' was accepted");
        Assert.Contains(result.Diagnostics.Diagnostics, d => d.Code == code);
    }

    [Fact]
    public void Compiled_code_calls_only_the_runtime_functions_and_plain_data_access()
    {
        string[] expressions =
        [
            "round(sqrt(abs(score - age)) + logistic(0), 2) > 1",
            "upper(trim(padded)) + lower(name) + age",
            "yearsBetween(dob, assessed) >= 18 && addYears(dob, 18) <= assessed",
            "sentences.Any(s => !s.terminated && (s.type in [\"NC\", \"SC\"] || s.requirements.Any(r => !r.restrictive && !(r.mainCategory in [\"W\", \"W1\"]))))",
            "scores.Where(s => s > 2).Distinct().Count() + codes.Distinct().Count() + scores[1] + len(codes)",
            "(unknownScore ?? 3) / age % 2 + sentences.Sum(s => s.length) + sentences.Max(s => s.length)",
            "offender?.address?.postcode == \"AB1 2CD\" || \"x\" in codes || startsWith(name, \"J\")",
            "min(1, 2, 3) + max(age, 4) + clamp(age, 0, 10) + exp(0) + ln(1) + log10(10) + pow(2, 2) + floor(1.5) + ceil(1.5)",
            "date(\"2026-06-09\") > addDays(assessed, -1) && daysBetween(dob, assessed) > 0 && contains(name, \"a\") && endsWith(name, \"e\")",
        ];
        foreach (var text in expressions)
        {
            var bound = TestSchema.CheckValid(text).Bound;
            foreach (var (binding, root) in new (DataBinding, Type)[] { (RecordDataBinding.Instance, typeof(CaseRecord)), (TestSchema.ClrBinding, typeof(GoldenCase)) })
            {
                var tree = new ExpressionCompiler(binding, Expression.Parameter(root, "case")).Compile(bound);
                var calls = new MethodCollector();
                calls.Visit(tree);
                Assert.All(calls.Methods, m => Assert.True(IsAllowed(m), $"'{text}' compiles to a call of {m.DeclaringType}.{m.Name}"));
                Assert.DoesNotContain(calls.Methods, m => m.DeclaringType!.Namespace is "System.Reflection" or "System.IO" or "System.Diagnostics");
            }
        }
    }

    /// <summary>What compiled rule code may call: the runtime functions, data access and value operators.</summary>
    private static bool IsAllowed(System.Reflection.MethodInfo method)
    {
        var type = method.DeclaringType!;
        if (type == typeof(RuntimeFunctions) || type == typeof(ConcatSite) || type == typeof(FieldValue) || type == typeof(ClrDataBinding))
        {
            return true;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var generic
            && (generic == typeof(List<>) || generic == typeof(Nullable<>) || generic == typeof(IReadOnlyList<>) || generic == typeof(IReadOnlyCollection<>)))
        {
            return true;
        }

        // Property getters of the typed case classes, string equality, Math.Floor and the operators of DateOnly.
        return type.Namespace == typeof(GoldenCase).Namespace
            || (type == typeof(string) && (method.Name == nameof(string.Equals) || method.Name.StartsWith("op_", StringComparison.Ordinal)))
            || (type == typeof(Math) && method.Name == nameof(Math.Floor))
            || (type == typeof(DateOnly) && method.Name.StartsWith("op_", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_function_in_the_table_is_implemented_in_the_runtime_functions()
    {
        foreach (var name in FunctionTable.Names)
        {
            Assert.All(FunctionTable.Lookup(name)!, o => Assert.Equal(typeof(RuntimeFunctions), o.Method.DeclaringType));
        }
    }

    [Fact]
    public void Over_long_expression_is_reported_with_an_invariant_culture_message()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var text = new string('(', Hundred000) + "1" + new string(')', Hundred000);
            var diagnostic = TestSchema.Single(text);
            Assert.Equal(DiagnosticCodes.ExpressionTooLong, diagnostic.Code);
            Assert.Equal((1, 1), (diagnostic.Location.Line, diagnostic.Location.Column));
            Assert.Contains("200,001 characters long; the limit is 10,000", diagnostic.Message, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    public static TheoryData<string, string> DeepExpressions => new()
    {
        { "parentheses", new string('(', Hundred000) + "1" + new string(')', Hundred000) },
        { "unclosed parentheses", new string('(', Hundred000) + "1" },
        { "unary minus", new string('-', Hundred000) + "1" },
        { "unary not", new string('!', Hundred000) + "true" },
        { "not keyword", string.Concat(Enumerable.Repeat("not ", Hundred000)) + "true" },
        { "list literals", new string('[', Hundred000) + "1" + new string(']', Hundred000) },
        { "function calls", string.Concat(Enumerable.Repeat("abs(", Hundred000)) + "1" + new string(')', Hundred000) },
        { "conditionals", string.Concat(Enumerable.Repeat("custody ? 1 : ", Hundred000)) + "2" },
        { "coalesce chain", string.Concat(Enumerable.Repeat("unknownScore ?? ", Hundred000)) + "2" },
        { "addition chain", "age" + string.Concat(Enumerable.Repeat(" + age", Hundred000)) },
        { "and chain", "custody" + string.Concat(Enumerable.Repeat(" && custody", Hundred000)) },
        { "member chain", "offender" + string.Concat(Enumerable.Repeat(".address", Hundred000)) },
        { "index chain", "scores" + string.Concat(Enumerable.Repeat("[0]", Hundred000)) },
        { "method chain", "scores" + string.Concat(Enumerable.Repeat(".Where(s => true)", Hundred000)) + ".Count()" },
        { "nested lambdas", string.Concat(Enumerable.Repeat("sentences.Any(s => ", Hundred000)) + "true" + new string(')', Hundred000) },
        { "comparison chain", "age" + string.Concat(Enumerable.Repeat(" < age", Hundred000)) },
    };

    [Theory]
    [MemberData(nameof(DeepExpressions))]
    public void Deep_nesting_is_stopped_by_the_depth_limit_without_a_stack_overflow(string shape, string text)
    {
        // A thread with a small, fixed stack makes the test independent of the runner's stack size.
        Diagnostic[] diagnostics = [];
        BoundExpression? bound = null;
        RunWithStack(() =>
        {
            var result = TestSchema.Check(text, null, Unlimited);
            diagnostics = result.Diagnostics.Diagnostics.ToArray();
            bound = result.Bound;
        });

        Assert.True(diagnostics.Length > 0, shape);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.NestedTooDeeply);
        Assert.Single(diagnostics, d => d.Code == DiagnosticCodes.NestedTooDeeply);
        Assert.True(diagnostics.Length < 10, $"{shape}: {diagnostics.Length} diagnostics:\n{string.Join('\n', diagnostics.Take(10))}");
        Assert.NotNull(bound);
    }

    [Theory]
    [MemberData(nameof(DeepExpressions))]
    public void Deep_nesting_over_the_default_length_limit_is_reported_only_as_too_long(string shape, string text)
    {
        var diagnostic = TestSchema.Single(text);
        Assert.True(diagnostic.Code == DiagnosticCodes.ExpressionTooLong, shape);
    }

    [Fact]
    public void A_5000_term_chain_within_the_length_limit_is_too_deep()
    {
        var text = string.Join("+", Enumerable.Repeat("a", 5_000));
        Assert.True(text.Length <= RuleSetLimits.Default.MaxExpressionLength);
        var scope = new Scope().Add(new ConstantSymbol("a", DataType.Number, 1.0));
        Diagnostic[] diagnostics = [];
        RunWithStack(() => diagnostics = RuleExpression.Check(text, scope).Diagnostics.Diagnostics.ToArray());
        Assert.Equal(DiagnosticCodes.NestedTooDeeply, Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void A_chain_at_the_depth_limit_binds_and_evaluates()
    {
        var text = string.Join(" + ", Enumerable.Repeat("age", RuleSetLimits.Default.MaxExpressionDepth));
        Assert.Equal(34d * RuleSetLimits.Default.MaxExpressionDepth, TestSchema.EvaluateCompiled(text));
    }

    [Fact]
    public void Nesting_at_the_depth_limit_binds_and_evaluates()
    {
        var depth = RuleSetLimits.Default.MaxExpressionDepth - 1;
        var text = new string('(', depth) + "age" + new string(')', depth);
        Assert.Equal(34d, TestSchema.EvaluateCompiled(text));
    }

    [Fact]
    public void Random_binary_garbage_is_reported_not_thrown()
    {
        var random = new Random(20260609);
        for (var i = 0; i < 200; i++)
        {
            var chars = new char[random.Next(1, 200)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = (char)random.Next(0, 0x10000);
            }

            var result = TestSchema.Check(new string(chars));
            Assert.True(result.HasErrors || result.Diagnostics.Count == 0);
        }
    }

    private static void RunWithStack(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException("the check threw", failure);
        }
    }

    private sealed class MethodCollector : ExpressionVisitor
    {
        public List<System.Reflection.MethodInfo> Methods { get; } = [];

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            Methods.Add(node.Method);
            return base.VisitMethodCall(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Member is System.Reflection.PropertyInfo { GetMethod: { } getter })
            {
                Methods.Add(getter);
            }

            return base.VisitMember(node);
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.Method is not null)
            {
                Methods.Add(node.Method);
            }

            return base.VisitBinary(node);
        }

        protected override Expression VisitNew(NewExpression node)
        {
            Assert.True(node.Type.IsGenericType && node.Type.GetGenericTypeDefinition() == typeof(List<>), $"compiled code creates {node.Type}");
            return base.VisitNew(node);
        }
    }
}
