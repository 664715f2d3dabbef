using FsCheck;
using FsCheck.Fluent;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Expressions.Evaluation;
using RiskTriage.Expressions.Parsing;
using RiskTriage.Expressions.Syntax;
using RiskTriage.Runtime;

namespace RiskTriage.Tests.Expressions;

/// <summary>
/// Property tests: arbitrary text never makes the front end throw, and for random well-typed expressions
/// the compiled delegate and the reference evaluator agree on random records.
/// </summary>
public sealed class ExpressionPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(int.Parse(Environment.GetEnvironmentVariable("RT_PROP_N") ?? "500")).WithQuietOnSuccess(true);

    private static readonly CaseRecord EmptyRecord = new(new FieldValue[ExpressionGenerators.Case.Properties.Count]);

    [Fact]
    public void Random_token_soup_only_ever_gives_diagnostics()
    {
        Check.One(Config, Prop.ForAll(Gen.Zip(ExpressionGenerators.TokenSoup, ExpressionGenerators.Records).ToArbitrary(), input =>
        {
            var (text, record) = input;
            try
            {
                CheckFrontEnd(text, record, RuleSetLimits.Default);
                CheckFrontEnd(text, record, new RuleSetLimits { MaxExpressionDepth = 3 });
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"text: {ValueText.Quote(text)}\n{e}");
            }

            return true;
        }));
    }

    [Fact]
    public void Random_unicode_only_ever_gives_diagnostics()
    {
        var text = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(c => (char)c), n)).Select(c => new string(c));
        Check.One(Config, Prop.ForAll(text.ToArbitrary(), t =>
        {
            try
            {
                CheckFrontEnd(t, EmptyRecord, RuleSetLimits.Default);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"text: {ValueText.Quote(t)}\n{e}");
            }

            return true;
        }));
    }

    [Fact]
    public void Compiled_delegates_agree_with_the_reference_evaluator_on_random_well_typed_expressions()
    {
        Check.One(Config, Prop.ForAll(Gen.Zip(ExpressionGenerators.WellTyped, ExpressionGenerators.Records).ToArbitrary(), input =>
        {
            var (text, record) = input;
            var result = RuleExpression.Check(text, ExpressionGenerators.Scope);
            Assert.True(result.Diagnostics.Count == 0,
                $"the generator made an expression with diagnostics:\n{text}\n{string.Join('\n', result.Diagnostics.Diagnostics)}");

            object? compiled, reference;
            bool? condition = null;
            try
            {
                compiled = ExpressionCompiler.CompileToObject<CaseRecord>(result.Bound, RecordDataBinding.Instance)(record);
                reference = new ReferenceEvaluator(record).Evaluate(result.Bound);
                if (result.Bound.Type.Kind == TypeKind.Bool)
                {
                    condition = ExpressionCompiler.CompileCondition<CaseRecord>(result.Bound, RecordDataBinding.Instance)(record);
                }
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{text}\non {ExpressionGenerators.Describe(record)}\n{e}");
            }

            Assert.True(ValueText.Same(compiled, reference),
                $"{text}\non {ExpressionGenerators.Describe(record)}\ncompiled: {ValueText.Format(compiled)}\nreference: {ValueText.Format(reference)}");
            Assert.True(condition is null || condition == (compiled is true), $"{text}: condition {condition} but value {ValueText.Format(compiled)}");
            return true;
        }));
    }

    [Fact]
    public void The_expression_generator_reaches_every_type_and_most_constructs()
    {
        var samples = ExpressionGenerators.WellTyped.Sample(1000, 60);
        var types = samples.Select(s => RuleExpression.Check(s, ExpressionGenerators.Scope).Bound.Type.Kind).Distinct().ToList();
        Assert.Contains(TypeKind.Number, types);
        Assert.Contains(TypeKind.Bool, types);
        Assert.Contains(TypeKind.String, types);
        Assert.Contains(TypeKind.Date, types);
        Assert.Contains(TypeKind.List, types);
        var all = string.Join("\n", samples);
        Assert.True(samples.Length >= 500, $"{samples.Length} samples");
        foreach (var construct in new[] { "=>", " in ", "??", " ? ", "Distinct", "items[", "round(", "null", "date(" })
        {
            Assert.Contains(construct, all, StringComparison.Ordinal);
        }

        Assert.Contains(new[] { "&&", "||", " and ", " or " }, c => all.Contains(c, StringComparison.Ordinal));
    }

    /// <summary>Lex, parse and bind; check the diagnostics are well-formed; compile and run whatever has no errors.</summary>
    private static void CheckFrontEnd(string text, CaseRecord record, RuleSetLimits limits)
    {
        var source = new SourceText(text);
        foreach (var token in Lexer.Tokenize(source, new DiagnosticBag()))
        {
            Assert.True(token.Span.Start >= 0 && token.Span.End <= text.Length, $"token {token.Kind} {token.Span} is outside the text");
        }

        var result = RuleExpression.Check(text, ExpressionGenerators.Scope, null, limits);
        foreach (var diagnostic in result.Diagnostics.Diagnostics)
        {
            Assert.Matches("^RT0[0-2][0-9]{2}$", diagnostic.Code);
            Assert.True(diagnostic.IsError);
            Assert.True(diagnostic.Location.Line >= 1 && diagnostic.Location.Column >= 1 && diagnostic.Location.Length >= 1);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
            var line = result.Source.GetLine(diagnostic.Location.Line - 1);
            // A diagnostic at the end of the text may point at the line break ("\r\n" counts two columns).
            Assert.True(diagnostic.Location.Column <= line.Length + 2, $"{diagnostic} points past its line '{line}'");
            Assert.NotNull(diagnostic.Render(line));
        }

        if (result.HasErrors)
        {
            return;
        }

        Assert.False(ContainsError(result.Bound), $"a bound tree without diagnostics holds an error node: {text}");
        var compiled = ExpressionCompiler.CompileToObject<CaseRecord>(result.Bound, RecordDataBinding.Instance)(record);
        var reference = new ReferenceEvaluator(record).Evaluate(result.Bound);
        Assert.True(ValueText.Same(compiled, reference), $"compiled {ValueText.Format(compiled)} but reference {ValueText.Format(reference)}");
    }

    private static bool ContainsError(BoundExpression node) => node switch
    {
        BoundError => true,
        BoundMember m => ContainsError(m.Target),
        BoundIndex i => ContainsError(i.Target) || ContainsError(i.Index),
        BoundUnary u => ContainsError(u.Operand),
        BoundBinary b => ContainsError(b.Left) || ContainsError(b.Right),
        BoundIn i => ContainsError(i.Value) || ContainsError(i.List),
        BoundConditional c => ContainsError(c.Condition) || ContainsError(c.WhenTrue) || ContainsError(c.WhenFalse),
        BoundList l => l.Items.Any(ContainsError),
        BoundCall c => c.Arguments.Any(ContainsError),
        BoundListMethod m => ContainsError(m.Source) || (m.Argument is not null && ContainsError(m.Argument)),
        _ => false,
    };
}
