using RiskTriage.Benchmarks.Baseline;
using RiskTriage.Compilation;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Lowering;
using RiskTriage.Lowering.Passes;
using RiskTriage.Probation;
using RiskTriage.Tests.Differential;
using RiskTriage.Tests.Probation;

namespace RiskTriage.Tests.Lowering.Passes;

/// <summary>Which enumerated inputs the enumeration-codes pass codes, and that comparing codes changes no decision.</summary>
public sealed class EnumCodesTests
{
    private static readonly RuleSet Rules = RuleSetSources.Load("{" + RuleSetSources.Header + """
        "inputs": {
          "level": { "type": "string", "enum": ["LOW", "MEDIUM", "HIGH"] },
          "kind": { "type": "string", "enum": ["A", "B", "C"], "default": "B" },
          "obj": { "type": "object", "properties": { "k": { "type": "string", "enum": ["X", "Y"] } } },
          "ks": { "type": "list", "items": { "type": "string", "enum": ["X", "Y"] } },
          "free": "string",
          "score": "number"
        },
        "values": {
          "isHigh": "level == \"HIGH\"", "notLow": "level != \"LOW\"", "highFirst": "\"HIGH\" == level", "missing": "level == null",
          "upper": "level in [\"MEDIUM\", \"HIGH\"]", "orMissing": "level in [\"LOW\", null]", "outside": "level not in [\"HIGH\"]",
          "kindB": "kind == \"B\"", "kindIn": "kind in [\"A\", \"C\"]", "objY": "obj.k == \"Y\"", "objIn": "obj.k in [\"X\", null]",
          "anyY": "ks.Any(k => k == \"Y\")", "same": "level == free", "echo": "level",
          "grade": "level == \"HIGH\" ? \"G1\" : kind == \"A\" ? \"G2\" : null", "gradeOr": "grade ?? kind", "gradeIsG1": "grade == \"G1\"",
          "labIn": "lab in [\"H\", null]", "bandHigh": "scoreBand == \"HIGH\"", "mixed": "score > 3 ? free : \"F\""
        },
        "bands": { "scoreBand": { "value": "score", "bands": [ { "label": "LOW", "max": 5 }, { "label": "HIGH", "min": 5 } ] } },
        "tables": {
          "points": { "hitPolicy": "FIRST", "inputs": ["level", "obj.k"], "outputs": { "p": { "type": "number", "default": -1 } },
            "rows": [
              { "id": "high-y", "when": ["HIGH", "Y"], "then": { "p": 3 } },
              { "id": "high", "when": ["HIGH", "-"], "then": { "p": 2 } },
              { "id": "low-or-medium", "when": [["LOW", "MEDIUM"], "-"], "then": { "p": 1 } }
            ] },
          "labels": { "hitPolicy": "FIRST", "inputs": ["echo"], "outputs": { "lab": "string" },
            "rows": [ { "id": "h", "when": ["HIGH"], "then": { "lab": "H" } }, { "id": "m", "when": ["MEDIUM"], "then": { "lab": "M" } } ] }
        },
        "outputs": {
          "isHigh": "bool", "notLow": "bool", "highFirst": "bool", "missing": "bool", "upper": "bool", "orMissing": "bool", "outside": "bool",
          "kindB": "bool", "kindIn": "bool", "objY": "bool", "objIn": "bool", "anyY": "bool", "same": "bool", "echo": "string", "p": "number",
          "grade": "string", "gradeOr": "string", "gradeIsG1": "bool", "labIn": "bool", "bandHigh": "bool", "lab": "string", "scoreBand": "string", "mixed": "string"
        }
        }
        """);

    [Fact]
    public void Checked_enumerations_at_the_top_level_and_in_objects_are_coded_and_list_items_are_not()
    {
        var form = EnumCodes.Run(LoweringTestKit.Lower(Rules, validateEnums: true));

        Assert.Equal(["level", "kind", "obj.k"], form.EnumCodes.OrderBy(c => c.Value.Slot).Select(c => c.Key));
        Assert.Equal([0, 1, 2], form.EnumCodes.Values.Select(c => c.Slot).Order());

        // A code is the value's position; a default is coded as the value it stands for.
        Assert.Equal(["LOW", "MEDIUM", "HIGH"], form.EnumCodes["level"].Values);
        Assert.Equal(-1, form.EnumCodes["level"].Default);
        Assert.Equal(1, form.EnumCodes["kind"].Default);
    }

    [Fact]
    public void Text_symbols_that_take_only_known_texts_are_coded_with_those_texts()
    {
        var form = EnumCodes.Run(LoweringTestKit.Lower(Rules, validateEnums: true));
        var coded = form.CodedSymbols.GroupBy(c => c.Key.Name).ToDictionary(g => g.Key, g => g.First().Value);

        Assert.Equal(["G1", "G2"], coded["grade"]);
        Assert.Equal(["G1", "G2", "A", "B", "C"], coded["gradeOr"]);
        Assert.Equal(["LOW", "MEDIUM", "HIGH"], coded["echo"]);
        Assert.Equal(["LOW", "HIGH"], coded["scoreBand"]);
        Assert.Equal(["H", "M"], coded["lab"]);
        Assert.False(coded.ContainsKey("mixed"), "free text is not a known text");
        Assert.False(coded.ContainsKey("isHigh"), "only text symbols are coded");
    }

    [Fact]
    public void A_coded_symbol_whose_texts_leave_one_out_is_refused_when_compiled_rather_than_given_a_wrong_code()
    {
        var form = EnumCodes.Run(LoweringTestKit.Lower(Rules, validateEnums: true));
        var grade = form.CodedSymbols.Keys.First(s => s.Name == "grade");
        var wrong = new Dictionary<RiskTriage.Expressions.Binding.ValueSymbol, IReadOnlyList<string>>(form.CodedSymbols) { [grade] = ["G1"] };
        var bag = new DiagnosticBag();
        var binding = ClrDataBinding.Create(Rules.Checked.Inputs, typeof(EnumCase), bag, nameof(EnumCase))!;

        var error = Assert.Throws<InvalidOperationException>(() => LinqEmitter.Emit<EnumCase>(form.WithEnumCodes(form.EnumCodes, wrong), binding));
        Assert.Contains("'G2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_enumeration_checks_or_without_the_pass_nothing_is_coded_and_later_passes_keep_the_codes()
    {
        Assert.Empty(EnumCodes.Run(LoweringTestKit.Lower(Rules, validateEnums: false)).EnumCodes);
        Assert.Empty(LoweringTestKit.Lower(Rules, validateEnums: true).EnumCodes);

        var coded = EnumCodes.Run(LoweringTestKit.Lower(Rules, validateEnums: true));
        Assert.Same(coded.EnumCodes, Partitioning.Run(Nullability.Run(coded), budget: 4).EnumCodes);
        Assert.Same(coded.CodedSymbols, Partitioning.Run(Nullability.Run(coded), budget: 4).CodedSymbols);
    }

    [Fact]
    public void The_emitter_compares_codes_not_text_so_a_code_that_names_another_value_changes_the_outputs()
    {
        // A wrong fact: the default of 'kind' coded as A where the rule set declares B. Were the text compared, a case
        // without a kind would still see B; compared as codes, it sees A.
        var form = EnumCodes.Run(LoweringTestKit.Lower(Rules, validateEnums: true));
        var wrongCodes = new Dictionary<string, EnumCode>(form.EnumCodes) { ["kind"] = form.EnumCodes["kind"] with { Default = 0 } };
        var bag = new DiagnosticBag();
        var binding = ClrDataBinding.Create(Rules.Checked.Inputs, typeof(EnumCase), bag, nameof(EnumCase))!;
        var right = LinqEmitter.Emit<EnumCase>(form, binding);
        var wrong = LinqEmitter.Emit<EnumCase>(form.WithEnumCodes(wrongCodes), binding);

        var rightDecision = Rules.NewDecision(null, TraceDetail.None);
        right(new EnumCase { Level = "LOW" }, rightDecision);
        var wrongDecision = Rules.NewDecision(null, TraceDetail.None);
        wrong(new EnumCase { Level = "LOW" }, wrongDecision);

        Assert.True(rightDecision["kindB"].AsBool);
        Assert.False(rightDecision["kindIn"].AsBool);
        Assert.False(wrongDecision["kindB"].AsBool);
        Assert.True(wrongDecision["kindIn"].AsBool);
    }

    private static IEnumerable<(string? Level, string? Kind, string? K, double? Score)> Cases() =>
        from level in new[] { null, "LOW", "MEDIUM", "HIGH", "NONE", new string("HIGH".ToCharArray()) }
        from kind in new[] { null, "A", "B", "Z" }
        from k in new[] { null, "X", "absent", "Y", "W" }
        from score in new double?[] { null, 1, 7, double.NaN }
        select (level, kind, k, score);

    [Fact]
    public void Decisions_are_the_same_with_the_pass_on_and_off_for_every_value_missing_value_default_missing_object_and_invalid_value()
    {
        var on = LoweringTestKit.Typed<EnumCase>(Rules, LoweringPasses.All);
        var off = LoweringTestKit.Typed<EnumCase>(Rules, LoweringPasses.All & ~LoweringPasses.EnumCodes);
        var compared = 0;

        // One evaluator runs every case in turn, so a case whose object is absent follows one whose object held a valid
        // code ("X"): the frame keeps codes between cases, so a stale code would show.
        foreach (var (level, kind, k, score) in Cases())
        {
            var @case = new EnumCase
            {
                Level = level,
                Kind = kind,
                Obj = k == "absent" ? null : new EnumObject { K = k },
                Ks = k is null or "absent" ? null : [k, "X"],
                Free = level,
                Score = score,
            };
            foreach (var detail in new[] { TraceDetail.None, TraceDetail.Full })
            {
                Assert.Equal(off(@case, detail).ToJson(), on(@case, detail).ToJson());
                compared++;
            }
        }

        Assert.Equal(2 * 6 * 4 * 5 * 4, compared);
    }

    [Fact]
    public void The_probation_rule_set_codes_its_enumerations_and_decides_alike_with_the_pass_on_and_off()
    {
        var ruleSet = ProbationRuleSetTests.Probation;
        var form = EnumCodes.Run(LoweringTestKit.Lower(ruleSet, validateEnums: true));
        Assert.Contains("rosh", form.EnumCodes.Keys);
        Assert.Contains("needs.ACCOMMODATION", form.EnumCodes.Keys);

        var cases = ProbationCaseGenerator.Generate(300, seed: 91);
        var on = LoweringTestKit.Typed<ProbationCase>(ruleSet, LoweringPasses.All);
        var off = LoweringTestKit.Typed<ProbationCase>(ruleSet, LoweringPasses.All & ~LoweringPasses.EnumCodes);
        for (var i = 0; i < cases.Length; i++)
        {
            var detail = i % 10 == 0 ? TraceDetail.Full : TraceDetail.None;
            Assert.True(off(cases[i], detail).ToJson() == on(cases[i], detail).ToJson(), $"case {i}");
        }
    }

    public sealed class EnumCase
    {
        public string? Level { get; init; }

        public string? Kind { get; init; }

        public EnumObject? Obj { get; init; }

        public List<string?>? Ks { get; init; }

        public string? Free { get; init; }

        public double? Score { get; init; }
    }

    public sealed class EnumObject
    {
        public string? K { get; init; }
    }
}
