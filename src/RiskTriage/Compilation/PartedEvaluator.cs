namespace RiskTriage.Compilation;

/// <summary>Runs a compiled rule set's parts in order over one frame; the first part checks the inputs.</summary>
internal sealed class PartedEvaluator<TRoot>(Action<TRoot, Decision, EvaluationFrame>[] parts, FrameLayout layout)
{
    /// <summary>The compiled parts in order: the input checks, the rules' parts, then the review reasons and outputs (for the breakdown benchmarks).</summary>
    internal Action<TRoot, Decision, EvaluationFrame>[] Parts => parts;

    /// <summary>The frame the parts hand values over in.</summary>
    internal FrameLayout Layout => layout;

    public void Evaluate(TRoot input, Decision decision)
    {
        var frame = EvaluationFrame.Rent(layout);
        try
        {
            parts[0](input, decision, frame);

            // A case with a value outside an enumeration or a declared range is invalid: nothing is evaluated.
            if (decision.HasErrors)
            {
                return;
            }

            for (var i = 1; i < parts.Length; i++)
            {
                parts[i](input, decision, frame);
            }
        }
        finally
        {
            frame.Return();
        }
    }
}
