using RiskTriage.Compilation;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Lowering;
using RiskTriage.Lowering.Passes;

namespace RiskTriage.Tests.Lowering;

/// <summary>Lowers and compiles loaded rule sets with chosen options and passes, for the lowering and pass tests.</summary>
internal static class LoweringTestKit
{
    public static LoweredRuleSet Lower(RuleSet ruleSet, bool trace = false, bool validateEnums = false, RuleSetLimits? limits = null) =>
        Lowerer.Lower(ruleSet.Checked, new LoweringOptions(trace, validateEnums, limits));

    public static LoweredRuleSet Lower(string json, bool trace = false) => Lower(RuleSetSources.Load(json), trace);

    /// <summary>The element of the form named <paramref name="name"/> (the one that is not an output when an output shares its name).</summary>
    public static LoweredElement Element(LoweredRuleSet form, string name)
    {
        var named = Elements(form, name);
        return named.Count == 1 ? named[0] : named.Single(e => e.Kind != "output");
    }

    /// <summary>The elements of the form named <paramref name="name"/>.</summary>
    public static List<LoweredElement> Elements(LoweredRuleSet form, string name) => [.. form.Elements.Where(e => e.Name == name)];

    /// <summary>A typed evaluator of <paramref name="ruleSet"/> compiled with only <paramref name="passes"/>.</summary>
    public static Func<T, TraceDetail, Decision> Typed<T>(RuleSet ruleSet, LoweringPasses passes)
    {
        var binding = Binding<T>(ruleSet);
        var plain = RuleSetCompiler.Compile<T>(ruleSet.Checked, binding, trace: false, validateEnums: true, ruleSet.Limits, passes);
        var traced = new Lazy<Action<T, Decision>>(() => RuleSetCompiler.Compile<T>(ruleSet.Checked, binding, trace: true, validateEnums: true, ruleSet.Limits, passes));
        return (@case, detail) =>
        {
            var decision = ruleSet.NewDecision(null, detail);
            RuleSet.Run(detail == TraceDetail.None ? plain : traced.Value, @case, decision);
            if (decision.Errors.Count > 0)
            {
                decision.ClearOutputs();
            }

            return decision;
        };
    }

    /// <summary>The expressions of the parts of a typed, untraced evaluator of <paramref name="ruleSet"/> with every pass (for tests of their shape).</summary>
    public static List<System.Linq.Expressions.Expression<Action<T, Decision, EvaluationFrame>>> Parts<T>(RuleSet ruleSet) =>
        LinqEmitter.PartExpressions<T>(PassPipeline.Run(Lower(ruleSet, validateEnums: true, limits: ruleSet.Limits), LoweringPasses.All), Binding<T>(ruleSet));

    private static DataBinding Binding<T>(RuleSet ruleSet)
    {
        var bag = new DiagnosticBag();
        return ClrDataBinding.Create(ruleSet.Checked.Inputs, typeof(T), bag, typeof(T).Name)
            ?? throw new InvalidOperationException(string.Join("\n", bag.Diagnostics));
    }
}
