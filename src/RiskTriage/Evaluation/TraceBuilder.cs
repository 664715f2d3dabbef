namespace RiskTriage.Evaluation;

/// <summary>Collects trace entries while a traced delegate runs. Only traced evaluations create one.</summary>
internal sealed class TraceBuilder(TraceDetail level, int expectedEntries)
{
    // Room for as many steps as the rule set's traces have had, so the list is not regrown several times per decision.
    private readonly List<TraceEntry> _entries = new(expectedEntries);
    private TraceEntry? _current;

    public IReadOnlyList<TraceEntry> Entries => _entries;

    public bool IsFull => level == TraceDetail.Full;

    /// <summary>
    /// Starts a step of the kind whose JSON name is <paramref name="kind"/> (<c>table-row</c>, ..., as the compiled rule
    /// set passes it); <paramref name="operands"/> is how many operands will follow (recorded in a full trace only).
    /// </summary>
    public void Entry(string kind, string element, string? item, string? detail, RuleValue value, int operands)
    {
        _current = new TraceEntry(TraceEntry.KindOf(kind), element, item, detail, value, level == TraceDetail.Full ? operands : 0);
        _entries.Add(_current);
    }

    public void Operand(string name, RuleValue value)
    {
        if (level == TraceDetail.Full)
        {
            _current?.AddOperand(new TraceOperand(name, value));
        }
    }
}
