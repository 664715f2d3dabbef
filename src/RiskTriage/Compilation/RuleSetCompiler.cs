using System.Runtime.CompilerServices;
using RiskTriage.Checking;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Lowering;
using RiskTriage.Lowering.Passes;

namespace RiskTriage.Compilation;

/// <summary>
/// Compiles a checked rule set to a delegate per case representation: lowers it (<see cref="Lowerer"/>), runs the
/// passes over the lowered form (<see cref="PassPipeline"/>) and emits it as System.Linq.Expressions
/// (<see cref="LinqEmitter"/>).
/// </summary>
internal static class RuleSetCompiler
{
    /// <param name="ruleSet">The checked rule set (without errors).</param>
    /// <param name="binding">How the case representation is read.</param>
    /// <param name="trace">Whether the code records the trace (a traced decision's evaluator).</param>
    /// <param name="validateEnums">Whether the code checks text inputs against their enumerations (a typed case).</param>
    /// <param name="caseLimits">For a typed case, the limits its text and lists are held to (and its numbers must be
    /// finite); null for a case the reader has already held to them.</param>
    /// <param name="passes">The optional passes to run; every subset gives the same decisions.</param>
    public static Action<TRoot, Decision> Compile<TRoot>(CheckedRuleSet ruleSet, DataBinding binding, bool trace, bool validateEnums,
        RuleSetLimits? caseLimits = null, LoweringPasses passes = LoweringPasses.All)
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled)
        {
            // Native AOT (or dynamic code switched off): the back end in force is the interpreter
            // (CompiledTier.InForce), so nothing calls this. The check also lets the AOT compiler drop the emitter and
            // System.Linq.Expressions' compiler, whose reflection and generic instantiations it cannot see ahead.
            throw new PlatformNotSupportedException(
                "RiskTriage cannot compile a rule set where the runtime does not compile dynamic code (native AOT); its cases are evaluated by the interpreter");
        }

        var form = PassPipeline.Run(Lowerer.Lower(ruleSet, new LoweringOptions(trace, validateEnums, caseLimits)), passes);
        return LinqEmitter.Emit<TRoot>(form, binding);
    }
}
