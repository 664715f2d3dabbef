namespace RiskTriage.Evaluation;

/// <summary>
/// Collects trace entries while a traced delegate runs. Only traced evaluations create one. An entry is recorded as
/// its compiled <see cref="TraceSite"/> and the values read (one array slot each, no object per entry or operand);
/// the public <see cref="TraceEntry"/> objects are made from them once, when the trace is first read.
/// </summary>
/// <remarks>
/// Written only by the evaluation that owns the decision; once the decision is returned nothing writes it, and
/// <see cref="Entries"/> publishes one list that every reader, on any thread, then shares.
/// </remarks>
internal sealed class TraceBuilder
{
    private readonly TraceDetail _level;
    private Step[] _steps;
    private int _count;

    // The operand values of every entry, one after another (full trace only); each step knows where its own start.
    private RuleValue[] _operands;
    private int _operandCount;

    private IReadOnlyList<TraceEntry>? _entries;

    /// <param name="level">Summary or full.</param>
    /// <param name="layout">Where the rule set keeps how many steps and operands its traces have had, so the arrays
    /// are not regrown several times per decision.</param>
    public TraceBuilder(TraceDetail level, OutputLayout layout)
    {
        _level = level;
        var full = level == TraceDetail.Full;
        _steps = new Step[full ? layout.FullTraceEntries : layout.TraceEntries];
        _operands = full ? new RuleValue[layout.FullTraceOperands] : [];
    }

    /// <summary>The entries, made on first read and the same list on every read after it.</summary>
    public IReadOnlyList<TraceEntry> Entries => Volatile.Read(ref _entries) ?? Publish();

    /// <summary>How many entries have been recorded.</summary>
    public int Count => _count;

    public bool IsFull => _level == TraceDetail.Full;

    /// <summary>Records an entry of <paramref name="site"/> with <paramref name="value"/>; a full trace then records its operands.</summary>
    public void Entry(TraceSite site, RuleValue value)
    {
        var steps = _steps;
        var n = _count;
        if ((uint)n >= (uint)steps.Length)
        {
            steps = Grow(ref _steps, n);
        }

        steps[n] = new Step(site, value, _operandCount);
        _count = n + 1;
    }

    /// <summary>Records the value of the next operand of the last entry (full trace only: a summary records none).</summary>
    public void Operand(RuleValue value)
    {
        if (_level != TraceDetail.Full)
        {
            return;
        }

        var operands = _operands;
        var n = _operandCount;
        if ((uint)n >= (uint)operands.Length)
        {
            operands = Grow(ref _operands, n);
        }

        operands[n] = value;
        _operandCount = n + 1;
    }

    /// <summary>Lets the next decisions of the rule set at this level start with room for as many steps and operands as this one had.</summary>
    public void RememberSize(OutputLayout layout)
    {
        if (_level == TraceDetail.Full)
        {
            layout.FullTraceEntries = Larger(layout.FullTraceEntries, _count);
            layout.FullTraceOperands = Larger(layout.FullTraceOperands, _operandCount);
        }
        else
        {
            layout.TraceEntries = Larger(layout.TraceEntries, _count);
        }
    }

    private static int Larger(int hint, int seen) => seen > hint ? Math.Min(seen, OutputLayout.MaxTraceEntriesHint) : hint;

    private static T[] Grow<T>(ref T[] array, int count)
    {
        Array.Resize(ref array, Math.Max(16, count * 2));
        return array;
    }

    private IReadOnlyList<TraceEntry> Publish()
    {
        var made = Array.AsReadOnly(Make());

        // Readers racing on the first read may each make the entries; all of them return the one published first.
        return Interlocked.CompareExchange(ref _entries, made, null) ?? made;
    }

    private TraceEntry[] Make()
    {
        var entries = new TraceEntry[_count];
        for (var i = 0; i < entries.Length; i++)
        {
            var step = _steps[i];
            var site = step.Site;
            var end = i + 1 < entries.Length ? _steps[i + 1].FirstOperand : _operandCount;

            // The compiled rule set records exactly the site's operands after its entry (none in a summary).
            var count = Math.Min(end - step.FirstOperand, site.OperandNames.Length);
            System.Diagnostics.Debug.Assert(count == end - step.FirstOperand, "a step recorded more operands than its site names");
            TraceOperand[]? operands = null;
            if (count > 0)
            {
                operands = new TraceOperand[count];
                for (var k = 0; k < count; k++)
                {
                    operands[k] = new TraceOperand(site.OperandNames[k], _operands[step.FirstOperand + k]);
                }
            }

            var entry = new TraceEntry(site, step.Value, operands);
            entries[i] = entry;
        }

        return entries;
    }

    /// <summary>One recorded entry: its site, its value, and where its operands start among the operand values.</summary>
    private readonly record struct Step(TraceSite Site, RuleValue Value, int FirstOperand);
}
