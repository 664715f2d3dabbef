namespace RiskTriage.Lowering.Passes;

/// <summary>The optional passes over the lowered form; each changes speed only, so any subset gives the same decisions.</summary>
[Flags]
internal enum LoweringPasses
{
    /// <summary>No pass: the form as lowered.</summary>
    None = 0,

    /// <summary><see cref="Passes.TableIndexing"/>.</summary>
    TableIndexing = 1,

    /// <summary><see cref="Passes.ConstantOutputs"/>.</summary>
    ConstantOutputs = 2,

    /// <summary><see cref="Passes.Partitioning"/>.</summary>
    Partitioning = 4,

    /// <summary><see cref="Passes.Nullability"/>.</summary>
    Nullability = 8,

    /// <summary><see cref="Passes.EnumCodes"/>.</summary>
    EnumCodes = 16,

    /// <summary>Every pass (the default).</summary>
    All = TableIndexing | ConstantOutputs | Partitioning | Nullability | EnumCodes,
}

/// <summary>Runs the chosen passes in a fixed order.</summary>
internal static class PassPipeline
{
    public static LoweredRuleSet Run(LoweredRuleSet form, LoweringPasses passes)
    {
        if (passes.HasFlag(LoweringPasses.TableIndexing))
        {
            form = TableIndexing.Run(form);
        }

        if (passes.HasFlag(LoweringPasses.ConstantOutputs))
        {
            form = ConstantOutputs.Run(form);
        }

        if (passes.HasFlag(LoweringPasses.Nullability))
        {
            form = Nullability.Run(form);
        }

        if (passes.HasFlag(LoweringPasses.EnumCodes))
        {
            form = EnumCodes.Run(form);
        }

        if (passes.HasFlag(LoweringPasses.Partitioning))
        {
            form = Partitioning.Run(form);
        }

        return form;
    }
}
