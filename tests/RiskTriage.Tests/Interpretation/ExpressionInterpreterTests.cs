using FsCheck;
using FsCheck.Fluent;
using RiskTriage.Expressions;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Interpretation;
using RiskTriage.Runtime;
using RiskTriage.Tests.Expressions;

namespace RiskTriage.Tests.Interpretation;

/// <summary>The interpreter against the compiled delegates on random expressions, and on the edges the language documents.</summary>
public sealed class ExpressionInterpreterTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(int.Parse(Environment.GetEnvironmentVariable("RT_PROP_N") ?? "2000")).WithQuietOnSuccess(true);

    private static object? Interpret(string text, CaseRecord? record = null) =>
        new ExpressionInterpreter(record ?? TestSchema.Record, _ => null).Evaluate(TestSchema.CheckValid(text).Bound);

    [Fact]
    public void The_interpreter_agrees_with_compiled_delegates_on_random_well_typed_expressions()
    {
        Check.One(Config, Prop.ForAll(Gen.Zip(ExpressionGenerators.WellTyped, ExpressionGenerators.Records).ToArbitrary(), input =>
        {
            var (text, record) = input;
            var result = RuleExpression.Check(text, ExpressionGenerators.Scope);
            Assert.True(result.Diagnostics.Count == 0, text);
            var compiled = ExpressionCompiler.CompileToObject<CaseRecord>(result.Bound, RecordDataBinding.Instance)(record);
            var interpreted = new ExpressionInterpreter(record, _ => null).Evaluate(result.Bound);
            Assert.True(ValueText.Same(compiled, interpreted),
                $"{text}\non {ExpressionGenerators.Describe(record)}\ncompiled: {ValueText.Format(compiled)}\ninterpreted: {ValueText.Format(interpreted)}");
            return true;
        }));
    }

    [Theory]
    [InlineData("7 / 2", 3.5)]
    [InlineData("7 / 0", null)]
    [InlineData("-7 % 3", -1d)]
    [InlineData("round(2.675, 2)", 2.68)]
    [InlineData("round(-2.5)", -3d)]
    [InlineData("round(2.5, 1.5)", null)]
    [InlineData("min(3, 1, 2)", 1d)]
    [InlineData("clamp(5, 3, 1)", null)]
    [InlineData("ln(0)", null)]
    [InlineData("exp(1000)", null)]
    [InlineData("sqrt(-1)", null)]
    [InlineData("logistic(-1000)", 0d)]
    [InlineData("yearsBetween(date('2000-02-29'), date('2001-02-28'))", 0d)]
    [InlineData("yearsBetween(date('2000-02-29'), date('2001-03-01'))", 1d)]
    [InlineData("yearsBetween(date('2001-03-01'), date('2000-02-29'))", -1d)]
    [InlineData("daysBetween(date('2024-02-28'), date('2024-03-01'))", 2d)]
    [InlineData("len('abc' + 1.5)", 6d)]
    [InlineData("len(lower('ÀB'))", 2d)]
    public void Functions_and_operators_give_what_the_language_documents(string text, object? expected) =>
        Assert.Equal(expected, Interpret(text));

    [Theory]
    [InlineData("2024-02-30")]
    [InlineData("2023-02-29")]
    [InlineData("2024-2-03")]
    [InlineData(" 2024-02-03")]
    [InlineData("2024-02-03 ")]
    [InlineData("0000-01-01")]
    [InlineData("２０２４-01-01")]
    [InlineData("2024/01/01")]
    [InlineData("")]
    public void Date_text_other_than_a_real_yyyy_mm_dd_is_no_date(string text)
    {
        Assert.Null(ExpressionInterpreter.Call("date", [text]));
        Assert.Null(RiskTriage.Runtime.RuntimeFunctions.ParseDate(text));
    }

    [Theory]
    [InlineData("addYears(date('9999-12-31'), 1)")]
    [InlineData("addDays(date('0001-01-01'), -1)")]
    [InlineData("addDays(date('2024-01-01'), 0.5)")]
    public void Dates_past_the_ends_of_the_calendar_are_missing(string text) => Assert.Null(Interpret(text));

    [Fact]
    public void Date_arithmetic_reaches_the_ends_of_the_calendar()
    {
        Assert.Equal(new DateOnly(9999, 12, 31), Interpret("addDays(date('9999-12-30'), 1)"));
        Assert.Equal(new DateOnly(1, 1, 1), Interpret("addYears(date('0002-01-01'), -1)"));
        Assert.Equal(new DateOnly(2023, 3, 1), Interpret("addYears(date('2020-02-29'), 3)"));
    }

    [Fact]
    public void Every_function_of_the_function_table_has_a_meaning()
    {
        foreach (var name in FunctionTable.Names)
        {
            foreach (var overload in FunctionTable.Lookup(name)!)
            {
                var arguments = overload.Parameters.Select(p => p.Kind switch
                {
                    TypeKind.Number => (object?)1d,
                    TypeKind.String => "2024-01-01",
                    TypeKind.Date => new DateOnly(2024, 1, 1),
                    _ => true,
                }).ToArray();
                var result = ExpressionInterpreter.Call(name, arguments);
                Assert.True(result is not null, $"{overload.Signature} gave missing for {string.Join(", ", arguments)}");
                Assert.Null(ExpressionInterpreter.Call(name, [.. arguments.Select((a, i) => i == 0 ? null : a)]));
            }
        }
    }

    [Fact]
    public void A_join_past_the_text_limit_is_refused_naming_the_element()
    {
        var bound = TestSchema.CheckValid("'ab' + 'cd'").Bound;
        var interpreter = new ExpressionInterpreter(TestSchema.Record, _ => null) { Element = "the value 'x'" };
        Assert.Equal("abcd", interpreter.Evaluate(bound));

        var doubling = RuleSetSources.Load("""
            {
              "ruleSet": { "name": "doubling", "version": "1" },
              "inputs": { "s": "string" },
              "values": {
                "a": "s + s + s + s + s + s + s + s + s + s", "b": "a + a + a + a + a + a + a + a + a + a", "c": "b + b + b + b + b + b + b + b + b + b",
                "d": "c + c + c + c + c + c + c + c + c + c", "e": "d + d + d + d + d + d + d + d + d + d"
              },
              "outputs": { "out": { "type": "number", "value": "len(e)" } }
            }
            """, new RuleSetOptions { Backend = RuleSetBackend.Interpreted });
        var decision = doubling.Evaluate("""{ "s": "01234567890123456789" }""");
        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Contains("the value 'e' would join texts", decision.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(RuleSetSources.Load(doubling.SourceFiles.Values.Single()).Evaluate("""{ "s": "01234567890123456789" }""").ToJson(), decision.ToJson());
    }
}
