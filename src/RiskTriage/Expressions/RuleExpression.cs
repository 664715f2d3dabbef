using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Parsing;
using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Expressions;

/// <summary>One expression taken through the front phases: its text, syntax tree, bound tree and diagnostics.</summary>
internal sealed class CheckedExpression(SourceText source, ExpressionSyntax syntax, BoundExpression bound, DiagnosticBag diagnostics)
{
    public SourceText Source { get; } = source;

    public ExpressionSyntax Syntax { get; } = syntax;

    public BoundExpression Bound { get; } = bound;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public bool HasErrors => Diagnostics.HasErrors;
}

/// <summary>The front door of the expression language: lex, parse and bind one expression text.</summary>
internal static class RuleExpression
{
    public static ExpressionSyntax Parse(string text, DiagnosticBag diagnostics, RuleSetLimits? limits = null) =>
        Parser.Parse(new SourceText(text), diagnostics, limits ?? RuleSetLimits.Default);

    /// <summary>Parses and binds <paramref name="text"/> against <paramref name="scope"/>; never throws for bad text.</summary>
    public static CheckedExpression Check(string text, IScope scope, DataType? expected = null, RuleSetLimits? limits = null)
    {
        var source = new SourceText(text);
        var diagnostics = new DiagnosticBag();
        var syntax = Parser.Parse(source, diagnostics, limits ?? RuleSetLimits.Default);
        var bound = diagnostics.HasErrors && syntax is ErrorSyntax
            ? new BoundError(syntax.Span)
            : Binder.Bind(syntax, source, scope, diagnostics, expected);
        return new CheckedExpression(source, syntax, bound, diagnostics);
    }
}
