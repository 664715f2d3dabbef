using Newtonsoft.Json.Linq;
using RiskTriage.Definitions;

namespace RiskTriage.Tests.Definitions;

/// <summary>
/// The rule-level form the checker produces: every element, typed cells, folded parameters, precedence of setters and
/// the location of each element, read from the rule set and never from its JSON.
/// </summary>
public sealed class RuleSetDefinitionTests
{
    private const string Rules = "{" + RuleSetSources.Header + """

        "inputs": {
          "n": "number",
          "level": { "type": "string", "enum": ["LOW", "HIGH"] },
          "when": "date",
          "person": { "type": "object", "properties": { "age": "number" } },
          "tags": { "type": "list", "items": "string" }
        },
        "parameters": { "limit": { "value": 10, "description": "the limit" }, "names": { "value": ["a", "b"] } },
        "values": { "twice": "n * 2" },
        "scorecards": { "score": { "rows": [
          { "id": "big", "when": "n > limit", "points": 5, "reason": "big" },
          { "id": "scaled", "points": "n / 2" } ] } },
        "bands": { "size": { "value": "score", "bands": [
          { "label": "S", "max": 3 },
          { "label": "L", "min": 3, "minInclusive": true } ] } },
        "tables": {
          "grid": {
            "hitPolicy": "FIRST", "inputs": ["level", "n", { "expr": "when", "label": "start" }],
            "outputs": { "grade": { "type": "string", "default": "NONE" }, "days": "number" },
            "rows": [
              { "id": "any", "when": ["-", "< 0", "-"], "then": { "days": { "expr": "twice" }, "grade": "G0" } },
              { "id": "lit", "when": ["HIGH", "[1..limit)", "-"], "then": { "grade": "G1" } },
              { "id": "list", "when": [["LOW", "HIGH"], "!= twice", ">= date(\"2024-01-01\")"], "then": { "grade": "G2", "days": 3 } },
              { "id": "test", "when": [{ "test": "n > 1" }, 7, "-"], "then": { "grade": "G3" } }
            ]
          }
        },
        "rules": [
          { "id": "low", "when": "n < 0", "priority": 1, "then": [ { "set": "flag", "to": "LOW" } ] },
          { "id": "high", "when": "n > 100", "priority": 5, "then": [ { "set": "flag", "to": { "expr": "level" } }, { "review": "BIG", "message": "very big" } ] },
          { "id": "off", "when": "true", "enabled": false, "then": [ { "review": "OFF" } ] }
        ],
        "outputs": { "flag": "string", "grade": "string", "total": { "type": "number", "value": "score + twice" } }
        }
        """;

    private static readonly RuleSetDefinition Definition = RuleSetSources.Load(Rules).Definition;

    [Fact]
    public void The_definition_is_built_on_first_use_once_whichever_threads_ask()
    {
        var ruleSet = RuleSetSources.Load(Rules);
        Assert.NotEqual(DecisionStatus.Invalid, ruleSet.Evaluate("""{ "caseId": "c1", "n": 5 }""").Status);
        Assert.False(ruleSet.Checked.DefinitionBuilder!.IsValueCreated, "loading or evaluating built the definition");

        var read = new RuleSetDefinition[8];
        Parallel.For(0, read.Length, i => read[i] = ruleSet.Definition);

        Assert.True(ruleSet.Checked.DefinitionBuilder.IsValueCreated);
        Assert.All(read, d => Assert.Same(read[0], d));
        Assert.Equal(Definition.Elements.Select(e => e.Name), read[0].Elements.Select(e => e.Name));
    }

    [Fact]
    public void Every_element_is_there_kind_by_kind_in_declaration_order()
    {
        Assert.Equal(["twice", "score", "size", "grid", "low", "high", "off", "flag", "grade", "total"], Definition.Elements.Select(e => e.Name));
        Assert.Equal(["n", "level", "when", "person", "tags"], Definition.Inputs.Select(i => i.Name));
        Assert.Equal("test", Definition.Name);
        Assert.Equal("1", Definition.Version);
        Assert.Equal("caseId", Definition.CaseIdField);
    }

    [Fact]
    public void The_evaluation_order_puts_each_element_after_what_it_reads()
    {
        var order = Definition.EvaluationOrder.Select(e => e.Name).ToList();

        Assert.Equal(Definition.Elements.Count, order.Count);
        Assert.True(order.IndexOf("twice") < order.IndexOf("grid"));
        Assert.True(order.IndexOf("score") < order.IndexOf("size"));
        Assert.True(order.IndexOf("high") < order.IndexOf("flag"));
        Assert.True(order.IndexOf("score") < order.IndexOf("total"));
    }

    [Fact]
    public void Inputs_carry_their_types_enumerations_and_fields()
    {
        var level = Definition.Inputs[1];
        Assert.Equal(ValueTypeKind.String, level.Type.Kind);
        Assert.Equal(["LOW", "HIGH"], level.Type.EnumValues!);
        Assert.Equal(ValueTypeKind.Date, Definition.Inputs[2].Type.Kind);
        var person = Definition.Inputs[3].Type;
        Assert.Equal(ValueTypeKind.Object, person.Kind);
        Assert.Equal("age", Assert.Single(person.Fields).Name);
        Assert.Equal(ValueTypeKind.Number, person.Fields[0].Type.Kind);
        Assert.Equal("list of string", Definition.Inputs[4].Type.ToString());
    }

    [Fact]
    public void Parameters_are_folded_to_typed_values()
    {
        Assert.Equal(RuleValue.FromNumber(10), Definition.Parameters[0].Value);
        Assert.Equal("the limit", Definition.Parameters[0].Description);
        Assert.Equal(RuleValue.FromList([RuleValue.FromString("a"), RuleValue.FromString("b")]), Definition.Parameters[1].Value);
    }

    [Fact]
    public void A_parameter_override_is_the_value_the_definition_holds()
    {
        var definition = RuleSetSources.Load(Rules, new RuleSetOptions { Parameters = new Dictionary<string, object?> { ["limit"] = 20.0 } }).Definition;

        Assert.Equal(RuleValue.FromNumber(20), definition.Parameters[0].Value);
    }

    [Fact]
    public void Expressions_keep_their_text_type_and_place()
    {
        var twice = Assert.IsType<ValueDefinition>(Definition.Elements[0]);
        Assert.Equal("n * 2", twice.Expression.Text);
        Assert.Equal(ValueTypeKind.Number, twice.Type.Kind);
        Assert.Equal(ValueTypeKind.Number, twice.Expression.Type.Kind);
        Assert.Equal("n * 2", Slice(twice.Expression.Location));
        Assert.Equal("\"twice\"", Slice(twice.Location));
    }

    [Fact]
    public void Scorecard_rows_have_constant_or_computed_points()
    {
        var score = Assert.Single(Definition.Scorecards);
        Assert.Equal(["big", "scaled"], score.Rows.Select(r => r.Id));
        Assert.Equal("n > limit", score.Rows[0].When!.Text);
        Assert.Equal(RuleValue.FromNumber(5), score.Rows[0].Points.Constant);
        Assert.Null(score.Rows[0].Points.Expression);
        Assert.Equal("big", score.Rows[0].Reason);
        Assert.Null(score.Rows[1].When);
        Assert.Equal("n / 2", score.Rows[1].Points.Expression!.Text);
    }

    [Fact]
    public void Bands_keep_their_bounds()
    {
        var size = Assert.Single(Definition.BandSets);
        Assert.Equal("score", size.Value.Text);
        Assert.Equal((null, true, 3d, false), (size.Bands[0].Min, size.Bands[0].MinInclusive, size.Bands[0].Max, size.Bands[0].MaxInclusive));
        Assert.Equal((3d, true, (double?)null), (size.Bands[1].Min, size.Bands[1].MinInclusive, size.Bands[1].Max));
    }

    [Fact]
    public void Table_cells_are_typed_tests_not_text()
    {
        var grid = Assert.Single(Definition.Tables);
        Assert.Equal(TableHitPolicy.First, grid.HitPolicy);
        Assert.Equal(["level", "n", "start"], grid.Columns.Select(c => c.Label));
        Assert.Equal(ValueTypeKind.Date, grid.Columns[2].Expression.Type.Kind);

        var any = grid.Rows[0].Cells;
        Assert.IsType<AnyValueTest>(any[0]);
        var less = Assert.IsType<ComparisonTest>(any[1]);
        Assert.Equal((CellComparison.Less, "0"), (less.Comparison, less.Operand.Text.Trim()));

        var lit = grid.Rows[1].Cells;
        Assert.Equal([RuleValue.FromString("HIGH")], Assert.IsType<OneOfTest>(lit[0]).Values);
        var range = Assert.IsType<RangeTest>(lit[1]);
        Assert.Equal(("1", true, "limit", false), (range.Low.Text, range.LowInclusive, range.High.Text, range.HighInclusive));

        var list = grid.Rows[2].Cells;
        Assert.Equal([RuleValue.FromString("LOW"), RuleValue.FromString("HIGH")], Assert.IsType<OneOfTest>(list[0]).Values);
        Assert.Equal(CellComparison.NotEqual, Assert.IsType<ComparisonTest>(list[1]).Comparison);
        var from = Assert.IsType<ComparisonTest>(list[2]);
        Assert.Equal(CellComparison.GreaterOrEqual, from.Comparison);
        Assert.Equal(ValueTypeKind.Date, from.Operand.Type.Kind);

        var test = grid.Rows[3].Cells;
        Assert.Equal("n > 1", Assert.IsType<ConditionTest>(test[0]).Condition.Text);
        Assert.Equal([RuleValue.FromNumber(7)], Assert.IsType<OneOfTest>(test[1]).Values);
        Assert.Equal("\"[1..limit)\"", Slice(range.Location));
    }

    [Fact]
    public void Table_rows_give_their_outputs_as_written_and_the_outputs_their_defaults()
    {
        var grid = Assert.Single(Definition.Tables);
        Assert.Equal(["grade", "days"], grid.Outputs.Select(o => o.Name));
        Assert.Equal(RuleValue.FromString("NONE"), grid.Outputs[0].Default!.Constant);
        Assert.Null(grid.Outputs[1].Default);

        var first = grid.Rows[0].Then;
        Assert.Equal(["days", "grade"], first.Select(t => t.Output));
        Assert.Equal("twice", first[0].Value.Expression!.Text);
        Assert.Equal(RuleValue.FromString("G0"), first[1].Value.Constant);
        Assert.Equal(RuleValue.FromNumber(3), grid.Rows[2].Then[1].Value.Constant);
        Assert.Same(grid, Definition.TableProducing("days"));
        Assert.Null(Definition.TableProducing("twice"));
    }

    [Fact]
    public void Rules_keep_priority_effects_and_whether_they_are_enabled()
    {
        var high = Definition.Rules[1];
        Assert.Equal(("high", 5, true), (high.Id, high.Priority, high.Enabled));
        var set = Assert.IsType<SetOutputEffect>(high.Effects[0]);
        Assert.Equal(("flag", "level"), (set.Output, set.Value.Expression!.Text));
        var review = Assert.IsType<ReviewEffect>(high.Effects[1]);
        Assert.Equal(("BIG", "very big"), (review.Code, review.Message));
        Assert.False(Definition.Rules[2].Enabled);
        Assert.Equal("OFF", Assert.IsType<ReviewEffect>(Assert.Single(Definition.Rules[2].Effects)).Message);
    }

    [Fact]
    public void Outputs_list_their_setters_highest_priority_first()
    {
        var flag = Definition.Outputs[0];
        Assert.Equal(["high", "low"], flag.SetBy);
        Assert.Null(flag.Value);
        Assert.False(flag.ExportsElement);

        var grade = Definition.Outputs[1];
        Assert.True(grade.ExportsElement);
        Assert.Equal("score + twice", Definition.Outputs[2].Value!.Text);
    }

    [Fact]
    public void The_default_rule_set_is_described_element_for_element()
    {
        var ruleSet = DefaultRuleSets.Probation();
        var definition = ruleSet.Definition;
        var files = ruleSet.SourceFiles.ToDictionary(f => f.Key, f => JObject.Parse(f.Value));

        Assert.Equal(ruleSet.OutputNames, definition.Outputs.Select(o => o.Name));
        Assert.Equal(Section("tables").Count(), definition.Tables.Count);
        Assert.Equal(Section("values").Count(), definition.Values.Count);
        Assert.Equal(Section("scorecards").Count(), definition.Scorecards.Count);
        Assert.Equal(Section("bands").Count(), definition.BandSets.Count);
        Assert.Equal(files.Values.Sum(f => (f["rules"] as JArray)?.Count ?? 0), definition.Rules.Count);
        foreach (var table in definition.Tables)
        {
            Assert.All(table.Rows, row => Assert.Equal(table.Columns.Count, row.Cells.Count));
            Assert.Equal($"\"{table.Name}\"", Slice(table.Location, ruleSet.SourceFiles));
        }

        foreach (var element in definition.Elements.Where(e => e is not RuleDefinition))
        {
            Assert.Equal($"\"{element.Name}\"", Slice(element.Location, ruleSet.SourceFiles));
        }

        IEnumerable<JProperty> Section(string name) => files.Values.SelectMany(f => (f[name] as JObject)?.Properties() ?? []);
    }

    private static string Slice(RiskTriage.Diagnostics.SourceLocation location) => Slice(location, RuleSetSources.One(Rules));

    [Fact]
    public void Each_element_and_part_keeps_its_properties_as_written_with_short_forms_under_the_property_they_stand_for()
    {
        static string Written(IReadOnlyList<KeyValuePair<string, string>> properties) => string.Join("; ", properties.Select(p => $"{p.Key}={p.Value}"));

        Assert.Equal("name=\"test\"; version=\"1\"", Written(Definition.DeclarationProperties));
        Assert.Equal(1, Definition.DeclarationLocation.Line);
        Assert.Equal("type=\"number\"", Written(Definition.Inputs.Single(i => i.Name == "n").WrittenProperties));
        Assert.Equal("type=\"string\"; enum=[\"LOW\",\"HIGH\"]", Written(Definition.Inputs.Single(i => i.Name == "level").WrittenProperties));
        Assert.Equal("value=10; description=\"the limit\"", Written(Definition.Parameters.Single(p => p.Name == "limit").WrittenProperties));
        Assert.Equal("expr=\"n * 2\"", Written(Definition.Values.Single().WrittenProperties));
        Assert.Equal("id=\"scaled\"; points=\"n / 2\"", Written(Definition.Scorecards.Single().Rows[1].WrittenProperties));
        Assert.Equal("label=\"S\"; max=3", Written(Definition.BandSets.Single().Bands[0].WrittenProperties));
        Assert.Equal("id=\"lit\"; when=[\"HIGH\",\"[1..limit)\",\"-\"]; then={\"grade\":\"G1\"}", Written(Definition.Tables.Single().Rows[1].WrittenProperties));
        Assert.Equal("id=\"off\"; when=\"true\"; enabled=false; then=[{\"review\":\"OFF\"}]", Written(Definition.Rules.Single(r => r.Id == "off").WrittenProperties));
        Assert.Equal("type=\"string\"", Written(Definition.Outputs.Single(o => o.Name == "flag").WrittenProperties));

        // An element's own properties include the list of its parts; a tool comparing parts one by one skips it.
        Assert.Equal(["value", "bands"], Definition.BandSets.Single().WrittenProperties.Select(p => p.Key));
    }

    [Fact]
    public void The_declaration_is_located_in_the_file_that_writes_it()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["a.json"] = """{ "inputs": { "n": "number" } }""",
            ["b.json"] = "{\n  \"outputs\": { \"n\": \"number\" },\n  \"ruleSet\": { \"version\": \"2\", \"name\": \"two\" }\n}",
        };

        var definition = RuleSet.LoadFromSources(files).Definition;

        Assert.Equal(("b.json", 3), (definition.DeclarationLocation.File, definition.DeclarationLocation.Line));
        Assert.Equal(["version", "name"], definition.DeclarationProperties.Select(p => p.Key));
    }

    private static string Slice(RiskTriage.Diagnostics.SourceLocation location, IReadOnlyDictionary<string, string> files)
    {
        var line = RuleSetSources.Line(files, location.File, location.Line)!;
        return line.Substring(location.Column - 1, location.Length);
    }
}
