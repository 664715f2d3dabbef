using Newtonsoft.Json.Linq;
using RiskTriage.Evaluation;
using RiskTriage.Tests.Probation;

namespace RiskTriage.Tests.Evaluation;

/// <summary>
/// The trace as recorded (a compiled site and the values read per step) and as read (the public entries, made on
/// first read): what is read is what an eager trace would hold, once, for every reader.
/// </summary>
public sealed class TraceBuilderTests
{
    private static readonly TraceSite Row = new(TraceEntryKind.ScorecardRow, "score", "young", "under 25", ["age"]);
    private static readonly TraceSite Named = new(TraceEntryKind.Value, "adult", null, "age 18 or over", []);
    private static readonly TraceSite Rule = new(TraceEntryKind.Rule, "rules", "high", "high risk", ["risk", "age", "flag"]);

    // The entries as the trace held them when each was made as it was recorded.
    private static TraceEntry[] Eager(bool full)
    {
        var row = new TraceEntry(TraceEntryKind.ScorecardRow, "score", "young", "under 25", RuleValue.FromNumber(10), full ? 1 : 0);
        var rule = new TraceEntry(TraceEntryKind.Rule, "rules", "high", "high risk", RuleValue.Missing, full ? 3 : 0);
        if (full)
        {
            row.AddOperand(new TraceOperand("age", RuleValue.FromNumber(20)));
            rule.AddOperand(new TraceOperand("risk", RuleValue.FromString("HIGH")));
            rule.AddOperand(new TraceOperand("age", RuleValue.FromNumber(20)));
            rule.AddOperand(new TraceOperand("flag", RuleValue.Missing));
        }

        return [row, new TraceEntry(TraceEntryKind.Value, "adult", null, "age 18 or over", RuleValue.FromBool(true)), rule];
    }

    private static TraceBuilder Record(TraceDetail level, OutputLayout? layout = null)
    {
        var trace = new TraceBuilder(level, layout ?? new OutputLayout(["score"]));
        trace.Entry(Row, RuleValue.FromNumber(10));
        trace.Operand(RuleValue.FromNumber(20));
        trace.Entry(Named, RuleValue.FromBool(true));
        trace.Entry(Rule, RuleValue.Missing);
        trace.Operand(RuleValue.FromString("HIGH"));
        trace.Operand(RuleValue.FromNumber(20));
        trace.Operand(RuleValue.Missing);
        return trace;
    }

    private static void AssertSame(IReadOnlyList<TraceEntry> expected, IReadOnlyList<TraceEntry> actual)
    {
        Assert.Equal(expected.Select(e => (e.Kind, e.Element, e.Item, e.Detail, e.Value)), actual.Select(e => (e.Kind, e.Element, e.Item, e.Detail, e.Value)));
        Assert.Equal(expected.Select(e => e.Operands.ToList()), actual.Select(e => e.Operands.ToList()));
    }

    [Theory]
    [InlineData(TraceDetail.Full)]
    [InlineData(TraceDetail.Summary)]
    public void Entries_read_are_those_an_eager_trace_held_each_with_its_own_operands(TraceDetail level)
    {
        var trace = Record(level);

        Assert.Equal(3, trace.Count);
        AssertSame(Eager(level == TraceDetail.Full), trace.Entries);
    }

    [Fact]
    public void The_entries_are_made_once_and_every_reader_on_any_thread_gets_the_same_read_only_list()
    {
        var trace = Record(TraceDetail.Full);
        using var start = new Barrier(8);
        var read = new IReadOnlyList<TraceEntry>[8];
        var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            read[i] = trace.Entries;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(read, r => Assert.Same(read[0], r));
        Assert.Same(read[0], trace.Entries);
        Assert.Same(read[0][2].Operands, read[0][2].Operands);
        Assert.Throws<NotSupportedException>(() => ((IList<TraceEntry>)read[0]).Add(read[0][0]));
        AssertSame(Eager(full: true), read[0]);
    }

    [Fact]
    public void A_trace_longer_than_any_before_grows_and_the_next_ones_start_with_room_for_it()
    {
        var layout = new OutputLayout(["score"]);
        var trace = new TraceBuilder(TraceDetail.Full, layout);
        for (var i = 0; i < 1_000; i++)
        {
            trace.Entry(Rule, RuleValue.FromNumber(i));
            trace.Operand(RuleValue.FromNumber(i));
            trace.Operand(RuleValue.FromNumber(-i));
            trace.Operand(RuleValue.Missing);
            trace.Entry(Named, RuleValue.FromNumber(i));
        }

        var entries = trace.Entries;
        Assert.Equal(2_000, entries.Count);
        Assert.Equal([new TraceOperand("risk", RuleValue.FromNumber(999)), new TraceOperand("age", RuleValue.FromNumber(-999)), new TraceOperand("flag", RuleValue.Missing)],
            entries[1_998].Operands);
        Assert.Empty(entries[1_999].Operands);

        trace.RememberSize(layout);
        Assert.Equal((2_000, 3_000, 16), (layout.FullTraceEntries, layout.FullTraceOperands, layout.TraceEntries));

        // A summary keeps its own hint (it has fewer steps), and no hint passes the bound.
        var summary = Record(TraceDetail.Summary, layout);
        summary.RememberSize(layout);
        Assert.Equal((2_000, 3_000, 16), (layout.FullTraceEntries, layout.FullTraceOperands, layout.TraceEntries));
        var huge = new TraceBuilder(TraceDetail.Summary, layout);
        for (var i = 0; i < OutputLayout.MaxTraceEntriesHint + 10; i++)
        {
            huge.Entry(Named, RuleValue.Missing);
        }

        huge.RememberSize(layout);
        Assert.Equal(OutputLayout.MaxTraceEntriesHint, layout.TraceEntries);
        Assert.Equal(OutputLayout.MaxTraceEntriesHint + 10, huge.Entries.Count);
    }

    [Fact]
    public void A_decisions_trace_cannot_be_changed_through_its_list()
    {
        var decision = ProbationRuleSetTests.Probation.Evaluate(ExampleCase(), TraceDetail.Full);
        var trace = decision.Trace!;

        Assert.Throws<NotSupportedException>(() => ((IList<TraceEntry>)trace).Add(trace[0]));
        Assert.Throws<NotSupportedException>(() => ((IList<TraceEntry>)trace).RemoveAt(0));
        Assert.Same(trace, decision.Trace);
    }

    [Fact]
    public void A_full_trace_allocates_one_small_step_per_entry_and_one_value_per_operand_not_an_object_each()
    {
        // A rule set of its own, so that no other test's cases change the size its traces are started with.
        var rules = RuleSet.Load(ProbationRuleSetTests.ProbationPath);
        var json = ExampleCase();
        var full = rules.Evaluate(json, TraceDetail.Full).Trace!;
        var (entries, operands) = (full.Count, full.Sum(e => e.Operands.Count));
        Assert.True(entries > 100 && operands > 20, $"the example case traces {entries} entries and {operands} operands");

        var traced = AllocatedPerEvaluation(() => rules.Evaluate(json, TraceDetail.Full));
        var untraced = AllocatedPerEvaluation(() => rules.Evaluate(json));

        // Per entry a site reference, its value and where its operands start (32 B); per operand its value (16 B); a
        // few hundred bytes for the builder and its two arrays. An object per entry and per operand came to 113 B an entry.
        var budget = (32 * entries) + (16 * operands) + 512;
        Assert.True(traced - untraced <= budget, $"a full trace of {entries} entries and {operands} operands allocated {traced - untraced} B; the budget is {budget} B");
    }

    private static JObject ExampleCase() =>
        (JObject)JArray.Parse(File.ReadAllText(Path.Combine(ProbationRuleSetTests.ProbationPath, "examples", "cases.json")))[0];

    private static long AllocatedPerEvaluation(Func<Decision> evaluate)
    {
        for (var i = 0; i < 50; i++)
        {
            evaluate();
        }

        const int Runs = 50;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Runs; i++)
        {
            evaluate();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Runs;
    }
}
