using RiskTriage.Tests.RuleSets;

namespace RiskTriage.Tests.Evaluation;

/// <summary>What a decision exposes: status from errors and reviews, outputs by name and in order, traces by level.</summary>
public sealed class DecisionTests
{
    private static readonly RuleSet Rules = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "age": { "type": "number", "required": true }, "risk": { "type": "string", "enum": ["LOW", "HIGH"] } },
        "scorecards": { "score": { "rows": [ { "id": "young", "when": "age < 25", "points": 10, "reason": "under 25" } ] } },
        "rules": [ { "id": "high", "description": "high risk", "when": "risk == \"HIGH\"", "then": [ { "review": "HIGH_RISK", "message": "check it" } ] } ],
        "outputs": { "score": "number", "label": { "type": "string", "value": "risk" }, "age": "number" }
        }
        """);

    [Fact]
    public void A_decision_with_no_reviews_and_no_errors_is_complete()
    {
        var decision = Rules.Evaluate("""{ "age": 20, "risk": "LOW" }""");

        Assert.Equal(DecisionStatus.Complete, decision.Status);
        Assert.Empty(decision.ReviewReasons);
        Assert.Empty(decision.Errors);
    }

    [Fact]
    public void Any_review_reason_makes_the_decision_need_review_and_keeps_the_outputs()
    {
        var decision = Rules.Evaluate("""{ "age": 20, "risk": "HIGH" }""");

        Assert.Equal(DecisionStatus.ReviewRequired, decision.Status);
        Assert.Equal(new ReviewReason("HIGH_RISK", "check it", "high"), Assert.Single(decision.ReviewReasons));
        Assert.Equal(10, decision["score"].AsNumber);
    }

    [Fact]
    public void Errors_make_the_decision_invalid_with_no_outputs_and_no_reviews()
    {
        var decision = Rules.Evaluate("""{ "risk": "HIGH", "age": "twenty" }""");

        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Empty(decision.ReviewReasons);
        Assert.All(decision.Outputs, o => Assert.True(o.Value.IsMissing));
    }

    [Fact]
    public void Outputs_come_in_declaration_order_and_by_name()
    {
        var decision = Rules.Evaluate("""{ "age": 30, "risk": "LOW" }""");

        Assert.Equal(["score", "label", "age"], decision.Outputs.Select(o => o.Key));
        Assert.Equal(["score", "label", "age"], Rules.OutputNames);
        Assert.Equal(RuleValue.FromNumber(0), decision["score"]);
        Assert.Equal(RuleValue.FromString("LOW"), decision["label"]);
    }

    [Fact]
    public void Outputs_are_a_dictionary_view_in_declaration_order_that_allocates_nothing_per_access()
    {
        var decision = Rules.Evaluate("""{ "age": 30, "risk": "LOW" }""");

        IReadOnlyDictionary<string, RuleValue> outputs = decision.Outputs;
        Assert.Same(decision.Outputs, decision.Outputs);
        Assert.Equal(["score", "label", "age"], outputs.Keys);
        Assert.Equal(RuleValue.FromString("LOW"), outputs["label"]);
        Assert.True(outputs.TryGetValue("age", out var age) && age == RuleValue.FromNumber(30));
        Assert.False(outputs.TryGetValue("nothing", out _));
        Assert.False(outputs.ContainsKey("Score"));
        Assert.Equal(3, outputs.Count);
        Assert.Equal(new KeyValuePair<string, RuleValue>("label", RuleValue.FromString("LOW")), decision.Outputs[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => decision.Outputs[3]);
        Assert.Contains("its outputs are score, label, age", Assert.Throws<KeyNotFoundException>(() => outputs["nothing"]).Message, StringComparison.Ordinal);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0.0;
        for (var i = 0; i < 100; i++)
        {
            foreach (var (_, value) in decision.Outputs)
            {
                sum += value.AsNumber ?? 0;
            }

            sum += decision.Outputs["age"].AsNumber ?? 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocated);
        Assert.Equal(6_000, sum);
    }

    [Fact]
    public void Trace_entry_kinds_are_an_enum_written_to_json_by_their_names()
    {
        var decision = Rules.Evaluate("""{ "age": 20, "risk": "HIGH" }""", TraceDetail.Summary);

        Assert.Equal([TraceEntryKind.ScorecardRow, TraceEntryKind.Rule, TraceEntryKind.Output, TraceEntryKind.Output, TraceEntryKind.Output], decision.Trace!.Select(e => e.Kind));
        Assert.Contains("\"kind\":\"scorecard-row\"", decision.ToJson(), StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"rule\"", decision.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_an_output_the_rule_set_does_not_have_lists_the_outputs()
    {
        var decision = Rules.Evaluate("""{ "age": 30 }""");

        var exception = Assert.Throws<KeyNotFoundException>(() => decision["scroe"]);
        Assert.Contains("score, label, age", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_decision_names_the_rule_set_that_made_it()
    {
        var decision = Rules.Evaluate("""{ "age": 30 }""");

        Assert.Equal(Rules.Identity, decision.RuleSet);
        Assert.Equal("test", decision.RuleSet.Name);
        Assert.Equal("1", decision.RuleSet.Version);
        Assert.Matches("^sha256:[0-9a-f]{64}$", decision.RuleSet.Hash);
    }

    [Fact]
    public void No_trace_is_kept_unless_asked_for()
    {
        Assert.Null(Rules.Evaluate("""{ "age": 20, "risk": "HIGH" }""").Trace);
        Assert.DoesNotContain("\"trace\"", Rules.Evaluate("""{ "age": 20, "risk": "HIGH" }""").ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_trace_says_what_happened_and_a_full_trace_adds_the_operands()
    {
        var summary = Rules.Evaluate("""{ "age": 20, "risk": "HIGH" }""", TraceDetail.Summary).Trace!;
        var full = Rules.Evaluate("""{ "age": 20, "risk": "HIGH" }""", TraceDetail.Full).Trace!;

        Assert.Equal(
            ["ScorecardRow score young", "Rule rules high", "Output score ", "Output label ", "Output age "],
            summary.Select(e => $"{e.Kind} {e.Element} {e.Item}"));
        Assert.All(summary, e => Assert.Empty(e.Operands));

        Assert.Equal(summary.Select(e => (e.Kind, e.Element, e.Item, e.Detail, e.Value)), full.Select(e => (e.Kind, e.Element, e.Item, e.Detail, e.Value)));
        var row = full[0];
        Assert.Equal("under 25", row.Detail);
        Assert.Equal(RuleValue.FromNumber(10), row.Value);
        Assert.Equal(new TraceOperand("age", RuleValue.FromNumber(20)), Assert.Single(row.Operands));
        Assert.Equal("high risk", full[1].Detail);
        Assert.Equal(new TraceOperand("risk", RuleValue.FromString("HIGH")), Assert.Single(full[1].Operands));
    }

    [Fact]
    public void Tracing_does_not_change_the_outcome()
    {
        foreach (var (_, @case) in ExampleCases.All)
        {
            var json = @case.ToJson();
            var plain = ExampleCases.RuleSet.Evaluate(json);
            foreach (var level in new[] { TraceDetail.Summary, TraceDetail.Full })
            {
                var traced = ExampleCases.RuleSet.Evaluate(json, level);
                Assert.Equal(plain.Status, traced.Status);
                Assert.Equal(plain.Outputs, traced.Outputs);
                Assert.Equal(plain.ReviewReasons, traced.ReviewReasons);
            }
        }
    }

    [Fact]
    public void A_full_trace_holds_each_steps_operands_and_they_cannot_be_changed()
    {
        var decision = Rules.Evaluate("""{ "age": 20, "risk": "HIGH" }""", TraceDetail.Full);
        var row = Assert.Single(decision.Trace!, e => e.Kind == TraceEntryKind.ScorecardRow);
        var operand = Assert.Single(row.Operands);
        Assert.Equal(new TraceOperand("age", RuleValue.FromNumber(20)), operand);
        Assert.Throws<NotSupportedException>(() => ((IList<TraceOperand>)row.Operands).Add(operand));

        var summary = Rules.Evaluate("""{ "age": 20, "risk": "HIGH" }""", TraceDetail.Summary);
        Assert.Empty(Assert.Single(summary.Trace!, e => e.Kind == TraceEntryKind.ScorecardRow).Operands);
    }

    [Fact]
    public void Traces_of_many_steps_are_whole_however_many_steps_earlier_traces_had()
    {
        // The rule set remembers how many steps its traces take, to size the next ones: a longer trace than any
        // before, and a shorter one after it, must both be complete.
        var rows = string.Join(", ", Enumerable.Range(0, 300).Select(i => $$"""{ "id": "r{{i}}", "when": "age > {{i}}", "points": 1 }"""));
        var many = RuleSetSources.Load("{" + RuleSetSources.Header + $$"""
            "inputs": { "age": "number" },
            "scorecards": { "score": { "rows": [ {{rows}} ] } },
            "outputs": { "score": "number" }
            }
            """);
        foreach (var age in new[] { 5, 250, 40, 301, 0 })
        {
            var decision = many.Evaluate($$"""{ "age": {{age}} }""", TraceDetail.Full);
            Assert.Equal(Math.Min(age, 300), decision.Trace!.Count(e => e.Kind == TraceEntryKind.ScorecardRow));
            Assert.Equal(Math.Min(age, 300), decision["score"].AsNumber);
        }
    }

    [Fact]
    public void A_step_keeps_every_operand_even_beyond_the_number_it_was_made_for()
    {
        var entry = new TraceEntry(TraceEntryKind.Rule, "rules", "r", null, RuleValue.Missing, operands: 1);
        Assert.Empty(entry.Operands);
        var operands = Enumerable.Range(0, 5).Select(i => new TraceOperand("x" + i, RuleValue.FromNumber(i))).ToList();
        foreach (var operand in operands)
        {
            entry.AddOperand(operand);
        }

        Assert.Equal(operands, entry.Operands);
        Assert.Same(entry.Operands, entry.Operands);
    }

    private static readonly RuleSet SixReasons = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "n": "number", "m": { "type": "number", "required": true } },
        "rules": [
          { "id": "r0", "description": "r0", "when": "n > 0", "then": [ { "review": "R0", "message": "r0" } ] },
          { "id": "r1", "description": "r1", "when": "n > 1", "then": [ { "review": "R1", "message": "r1" } ] },
          { "id": "r2", "description": "r2", "when": "n > 2", "then": [ { "review": "R2", "message": "r2" } ] },
          { "id": "r3", "description": "r3", "when": "n > 3", "then": [ { "review": "R3", "message": "r3" } ] },
          { "id": "r4", "description": "r4", "when": "n > 4", "then": [ { "review": "R4", "message": "r4" } ] },
          { "id": "r5", "description": "r5", "when": "n > 5", "then": [ { "review": "R5", "message": "r5" } ] }
        ],
        "outputs": { "n": "number" }
        }
        """);

    [Fact]
    public void The_rules_review_reasons_cost_nothing_until_they_are_read()
    {
        // The rules' reasons of a decision are kept as which rules fired (a mask in the decision): evaluating allocates
        // nothing for them, and neither does writing the decision's JSON. Reading ReviewReasons makes their list once:
        // an array of exactly six references (16 bytes of header, 8 of length, 48 of references), kept with what few
        // decisions have (the decision's extras).
        var typed = SixReasons.For<TwoNumbers>();
        var six = new TwoNumbers { N = 10, M = 1 };
        var none = new TwoNumbers { N = -1, M = 1 };
        Assert.Equal(["R0", "R1", "R2", "R3", "R4", "R5"], typed.Evaluate(six).ReviewReasons.Select(r => r.Code));
        Assert.Empty(typed.Evaluate(none).ReviewReasons);
        Assert.Equal(DecisionStatus.ReviewRequired, typed.Evaluate(six).Status);

        Assert.Equal(0, LeastAllocated(() => typed.Evaluate(six)) - LeastAllocated(() => typed.Evaluate(none)));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        Assert.Equal(0, LeastAllocated(() => { buffer.ResetWrittenCount(); typed.Evaluate(six).WriteJson(buffer); })
            - LeastAllocated(() => { buffer.ResetWrittenCount(); typed.Evaluate(none).WriteJson(buffer); }));
        var decision = typed.Evaluate(six);
        Assert.Same(decision.ReviewReasons, decision.ReviewReasons);
        Assert.Equal(6, decision.ReviewReasons.Count);
    }

    [Fact]
    public void An_untraced_decision_without_errors_is_one_small_object_and_its_outputs()
    {
        // 16 bytes of header, eight references (rule set, layout, case id, output cells, output references, review
        // reasons, the rules' reasons, what few decisions have), the mask of fired rules and two counts: 96 bytes; the outputs, one number here, are an array of one
        // 8-byte cell (32 bytes), and no array of references (there is no text output). Errors, a trace and the
        // outputs' view are kept apart, made only for a decision that has them.
        var typed = SixReasons.For<TwoNumbers>();
        var none = new TwoNumbers { N = -1, M = 1 };
        Assert.Equal(DecisionStatus.Complete, typed.Evaluate(none).Status);
        Assert.Equal(96 + 32, LeastAllocated(() => typed.Evaluate(none)));
    }

    private static readonly RuleSet EveryKind = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "n": "number", "m": { "type": "number", "required": true }, "d": "date", "s": "string", "nums": { "type": "list", "items": "number" } },
        "outputs": {
          "n": "number", "m": "number", "half": { "type": "number", "value": "n / 2" }, "negative": { "type": "number", "value": "m * -1" },
          "big": { "type": "bool", "value": "n > 1" }, "d": "date", "s": "string",
          "size": { "type": "string", "value": "n > 1 ? \"BIG\" : \"SMALL\"" }, "nums": { "type": "list", "items": "number", "value": "nums" },
          "huge": { "type": "number", "value": "1e308 * (m + 10)" }
        }
        }
        """);

    private const string Full = """{ "n": 3, "m": 0, "d": "2024-02-29", "s": "x\"y", "nums": [1, 0.5, -0] }""";

    private const string Edges = """{ "n": 1, "m": -0, "d": "0001-01-01", "s": "", "nums": [] }""";

    public static TheoryData<string> EveryKindCases => [Full, Edges, """{ "m": 1.5e-300 }""", """{ "n": -1e300, "m": 2, "d": "9999-12-31" }"""];

    [Theory]
    [MemberData(nameof(EveryKindCases))]
    public void Outputs_of_every_kind_read_back_as_written_by_the_compiled_code_and_the_interpreter(string json)
    {
        // Numbers, true/false and dates are kept in 8-byte cells, texts and lists as references: each reads back as
        // the value the output was given (missing included), and both back ends give the same decision.
        var interpreted = RuleSetSources.Load(EveryKind.SourceFiles.Values.Single(), new RuleSetOptions { Backend = RuleSetBackend.Interpreted });
        var compiled = EveryKind.Evaluate(json);
        var byInterpreter = interpreted.Evaluate(json);

        Assert.Equal(byInterpreter.ToJson(), compiled.ToJson());
        foreach (var decision in new[] { compiled, byInterpreter })
        {
            var outputs = decision.Outputs;
            Assert.Equal(outputs.Select(o => o.Value), outputs.Values);
            Assert.Equal(["n", "m", "half", "negative", "big", "d", "s", "size", "nums", "huge"], outputs.Keys);
            Assert.True(decision["huge"].IsMissing);
            Assert.Contains(decision.ReviewReasons, r => r.Code == "NON_FINITE_OUTPUT" && r.Source == "huge");
        }
    }

    [Fact]
    public void Outputs_of_every_kind_keep_their_values_and_kinds()
    {
        var full = EveryKind.Evaluate(Full).ToJson();
        Assert.Contains("""
            "outputs":{"n":3,"m":0,"half":1.5,"negative":0,"big":true,"d":"2024-02-29","s":"x\"y","size":"BIG","nums":[1,0.5,0],"huge":null}
            """, full, StringComparison.Ordinal);

        var decision = EveryKind.Evaluate(Edges);
        Assert.Equal(new DateOnly(1, 1, 1), decision["d"].AsDate);
        Assert.Equal(false, decision["big"].AsBool);
        Assert.Equal(RuleValueKind.String, decision["s"].Kind);
        Assert.Equal(string.Empty, decision["s"].AsString);
        Assert.Empty(decision["nums"].AsList!);
        Assert.Equal(0, decision["negative"].AsNumber);
        Assert.True(EveryKind.Evaluate("""{ "m": 1 }""")["d"].IsMissing);
        Assert.Equal(-1.5e-300, EveryKind.Evaluate("""{ "m": 1.5e-300 }""")["negative"].AsNumber);
    }

    private static readonly RuleSet SixNumbersTwoTexts = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": { "n": "number", "m": { "type": "number", "required": true } },
        "outputs": {
          "n": "number", "m": "number", "a": { "type": "number", "value": "n + 1" }, "b": { "type": "number", "value": "n + 2" },
          "c": { "type": "number", "value": "n + 3" }, "e": { "type": "number", "value": "n + 4" },
          "x": { "type": "string", "value": "n > 1 ? \"BIG\" : \"SMALL\"" }, "y": { "type": "string", "value": "m > 1 ? \"BIG\" : \"SMALL\"" }
        }
        }
        """);

    [Fact]
    public void A_number_or_text_output_costs_one_8_byte_cell_or_reference()
    {
        // Six numbers in one array of 8-byte cells (24 + 48 bytes), two texts in one array of references (24 + 16),
        // beside the 96-byte decision: 208 bytes, where one 16-byte value per output took 72 + 24 + 128 = 224 (with a
        // decision of 72 bytes then).
        var typed = SixNumbersTwoTexts.For<TwoNumbers>();
        var two = new TwoNumbers { N = 2, M = 1 };
        var decision = typed.Evaluate(two);
        Assert.Equal(DecisionStatus.Complete, decision.Status);
        Assert.Equal("BIG", decision["x"].AsString);
        Assert.Equal(6, decision["e"].AsNumber);
        Assert.Equal(96 + (24 + (6 * 8)) + (24 + (2 * 8)), LeastAllocated(() => typed.Evaluate(two)));
    }

    [Fact]
    public void Review_reasons_from_the_checks_and_the_rules_are_listed_in_order_and_every_reading_gets_the_same_list()
    {
        // The missing required input's reason is added by the checks before the rules' six are reserved.
        var typed = SixReasons.For<TwoNumbers>();
        var decision = typed.Evaluate(new TwoNumbers { N = 3 });

        Assert.Equal(["MISSING_INPUT", "R0", "R1", "R2"], decision.ReviewReasons.Select(r => r.Code));
        Assert.Same(decision.ReviewReasons, decision.ReviewReasons);
        Assert.Equal(DecisionStatus.ReviewRequired, decision.Status);

        var checksOnly = typed.Evaluate(new TwoNumbers { N = 0 });
        Assert.Equal("MISSING_INPUT", Assert.Single(checksOnly.ReviewReasons).Code);
        Assert.Same(checksOnly.ReviewReasons, checksOnly.ReviewReasons);
        Assert.Equal(checksOnly.ToJson(), SixReasons.Evaluate("""{ "n": 0 }""").ToJson());
    }

    [Fact]
    public void Threads_reading_a_new_decision_s_review_reasons_at_once_all_get_the_same_list()
    {
        var typed = SixReasons.For<TwoNumbers>();
        for (var round = 0; round < 100; round++)
        {
            // One reason from the checks in room for four: the first reading makes the list of one. Or six of the rules',
            // kept as the rules that fired: the first reading makes their list.
            var decision = typed.Evaluate(round % 2 == 0 ? new TwoNumbers { N = 0 } : new TwoNumbers { N = 10, M = 1 });
            var seen = new IReadOnlyList<ReviewReason>[4];
            using var start = new Barrier(seen.Length);
            var threads = Enumerable.Range(0, seen.Length).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                seen[i] = decision.ReviewReasons;
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.All(seen, list => Assert.Same(seen[0], list));
            Assert.Equal(round % 2 == 0 ? 1 : 6, seen[0].Count);
        }
    }

    /// <summary>The fewest bytes <paramref name="evaluate"/> allocated in five runs (the first may allocate for the JIT).</summary>
    internal static long LeastAllocated(Action evaluate)
    {
        var least = long.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            evaluate();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }

    [Fact]
    public void Review_reasons_and_errors_are_read_only_lists_that_cannot_change_the_decision()
    {
        // They were the decision's own array and list: a caller could cast and write into the "immutable" decision.
        var reviewed = SixReasons.For<TwoNumbers>().Evaluate(new TwoNumbers { N = 3 });
        var reviewedJson = reviewed.ToJson();
        var reasons = Assert.IsAssignableFrom<IList<ReviewReason>>(reviewed.ReviewReasons);
        Assert.Throws<NotSupportedException>(() => reasons[0] = new ReviewReason("LOW", "nothing to see", null));
        Assert.Same(reviewed.ReviewReasons, reviewed.ReviewReasons);

        // Through a JSON case the reasons are kept another way (the missing input's first, in an array).
        var fromJson = SixReasons.Evaluate("""{ "n": 2 }""");
        Assert.Throws<NotSupportedException>(() => ((IList<ReviewReason>)fromJson.ReviewReasons)[0] = new ReviewReason("LOW", "nothing to see", null));

        var invalid = SixReasons.Evaluate("""{ "n": "three", "m": 1 }""");
        var invalidJson = invalid.ToJson();
        var errors = Assert.IsAssignableFrom<ICollection<CaseError>>(invalid.Errors);
        Assert.Throws<NotSupportedException>(() => errors.Clear());
        Assert.Throws<NotSupportedException>(() => ((IList<CaseError>)invalid.Errors)[0] = new CaseError("$", "fine"));
        Assert.Same(invalid.Errors, invalid.Errors);

        Assert.Equal(reviewedJson, reviewed.ToJson());
        Assert.Equal(invalidJson, invalid.ToJson());
        Assert.Equal(["MISSING_INPUT", "R0", "R1", "R2"], reviewed.ReviewReasons.Select(r => r.Code));
        Assert.Equal("n", Assert.Single(invalid.Errors).Path);
    }

    [Fact]
    public void A_list_output_cannot_be_changed_through_its_value()
    {
        // AsList was the decision's own array (a parameter's, for a list output set from one): a caller could cast it
        // and change the decision, or the rule set.
        var decision = EveryKind.Evaluate(Full);
        var json = decision.ToJson();

        var items = Assert.IsAssignableFrom<IList<RuleValue>>(decision["nums"].AsList);
        Assert.Throws<NotSupportedException>(() => items[0] = RuleValue.FromNumber(9));
        Assert.Equal([1d, 0.5, -0d], decision["nums"].AsList!.Select(v => v.AsNumber!.Value));
        Assert.Equal(json, decision.ToJson());
    }

    public sealed class TwoNumbers
    {
        public double? N { get; set; }

        public double? M { get; set; }
    }
}
