namespace RiskTriage.Evaluation;

/// <summary>Collects trace entries while a traced delegate runs. Only traced evaluations create one.</summary>
internal sealed class TraceBuilder(TraceDetail level)
{
    private readonly List<TraceEntry> _entries = [];
    private TraceEntry? _current;

    public IReadOnlyList<TraceEntry> Entries => _entries;

    public bool IsFull => level == TraceDetail.Full;

    public void Entry(string kind, string element, string? item, string? detail, RuleValue value)
    {
        _current = new TraceEntry(kind, element, item, detail, value);
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
