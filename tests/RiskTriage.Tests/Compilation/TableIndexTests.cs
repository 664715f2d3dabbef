using System.Text;
using Newtonsoft.Json.Linq;
using RiskTriage.Checking;
using RiskTriage.Compilation;
using RiskTriage.Lowering;
using RiskTriage.Lowering.Passes;
using RiskTriage.Expressions.Binding;
using RiskTriage.Tests.Lowering;

namespace RiskTriage.Tests.Compilation;

/// <summary>
/// Tables of literal tests are compiled to an index rather than tested row by row. The index must find the same
/// rows: the same tables written with the same tests as expressions (which are tested row by row) give the same
/// outputs and review reasons on every case, under every hit policy, for text (enumerated or free), true/false and
/// missing values.
/// </summary>
public sealed class TableIndexTests
{
    // Columns: kind (enumerated text), label (free text, so values read from JSON are not the declared instances),
    // flag (true/false). Cells: a literal, a list of literals, null (missing), or "-".
    private static readonly string[] Columns = ["kind", "label", "flag"];

    private static readonly (string Policy, string[][] Rows)[] Tables =
    [
        ("FIRST", [["A", "x", "true"], ["A", "-", "-"], ["[B,C]", "y", "false"], ["-", "null", "-"], ["-", "-", "null"]]),
        ("PRIORITY", [["-", "-", "-"], ["A", "-", "true"], ["[A,B]", "x", "-"], ["C", "[x,y]", "false"]]),
        ("UNIQUE", [["A", "x", "-"], ["A", "y", "true"], ["B", "-", "-"], ["C", "y", "false"], ["null", "-", "-"]]),
        ("UNIQUE", [["A", "-", "-"], ["B", "-", "-"], ["C", "x", "-"], ["C", "y", "-"]]),
    ];

    private static readonly string[] Kinds = ["A", "B", "C", null!];
    private static readonly string[] Labels = ["x", "y", "z", "", null!];
    private static readonly bool?[] Flags = [true, false, null];

    private static string RuleSetJson(bool asExpressions)
    {
        var tables = new StringBuilder();
        var outputs = new StringBuilder();
        for (var t = 0; t < Tables.Length; t++)
        {
            var (policy, rows) = Tables[t];
            // PRIORITY ranks rows by the order of their output in its enumeration: here not the rows' order.
            var output = policy == "PRIORITY" ? "{ \"type\": \"string\", \"enum\": [\"row 1\", \"row 3\", \"row 0\", \"row 2\"] }" : "\"string\"";
            tables.Append(t == 0 ? string.Empty : ",").Append($"\"t{t}\": {{ \"hitPolicy\": \"{policy}\", \"inputs\": [\"kind\", \"label\", \"flag\"], \"outputs\": {{ \"o{t}\": {output} }}, \"rows\": [");
            for (var r = 0; r < rows.Length; r++)
            {
                var cells = rows[r].Select((cell, c) => Cell(cell, Columns[c], asExpressions));
                tables.Append(r == 0 ? string.Empty : ",").Append($"{{ \"id\": \"r{r}\", \"when\": [{string.Join(", ", cells)}], \"then\": {{ \"o{t}\": \"row {r}\" }} }}");
            }

            tables.Append("] }");
            outputs.Append(t == 0 ? string.Empty : ",").Append($"\"o{t}\": \"string\"");
        }

        return "{" + RuleSetSources.Header + $$"""
            "inputs": { "kind": { "type": "string", "enum": ["A", "B", "C"] }, "label": "string", "flag": "bool" },
            "tables": { {{tables}} },
            "outputs": { {{outputs}} }
            }
            """;
    }

    private static string Cell(string cell, string column, bool asExpression)
    {
        if (cell == "-")
        {
            return "\"-\"";
        }

        var values = cell.StartsWith('[') ? cell.Trim('[', ']').Split(',') : [cell];
        if (!asExpression)
        {
            var literals = values.Select(v => v is "true" or "false" or "null" ? v : $"\"{v}\"").ToList();
            return literals.Count == 1 ? literals[0] : "[" + string.Join(", ", literals) + "]";
        }

        var tests = values.Select(v => v is "true" or "false" or "null" ? $"{column} == {v}" : $"{column} == \\\"{v}\\\"");
        return $"{{ \"test\": \"{string.Join(" || ", tests)}\" }}";
    }

    private static readonly RuleSet Indexed = RuleSetSources.Load(RuleSetJson(asExpressions: false));
    private static readonly RuleSet RowByRow = RuleSetSources.Load(RuleSetJson(asExpressions: true));

    public static TheoryData<string?, string?, bool?> AllCases()
    {
        var data = new TheoryData<string?, string?, bool?>();
        foreach (var kind in Kinds)
        {
            foreach (var label in Labels)
            {
                foreach (var flag in Flags)
                {
                    data.Add(kind, label, flag);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void An_indexed_table_finds_the_rows_that_testing_row_by_row_finds(string? kind, string? label, bool? flag)
    {
        var json = new JObject { ["kind"] = kind, ["label"] = label, ["flag"] = flag }.ToString();
        var indexed = Indexed.Evaluate(json, TraceDetail.Full);
        var rowByRow = RowByRow.Evaluate(json, TraceDetail.Full);
        Assert.Equal(rowByRow.Outputs, indexed.Outputs);
        Assert.Equal(rowByRow.ReviewReasons, indexed.ReviewReasons);
        Assert.Equal(rowByRow.Trace!.Select(e => (e.Kind, e.Element, e.Item)), indexed.Trace!.Select(e => (e.Kind, e.Element, e.Item)));

        // A typed case holds whatever instances its caller made: here copies, never the declared ones.
        var typed = Indexed.EvaluateTyped(new TypedCase { Kind = Copy(kind), Label = Copy(label), Flag = flag });
        Assert.Equal(rowByRow.Outputs, typed.Outputs);
        Assert.Equal(rowByRow.ReviewReasons, typed.ReviewReasons);
    }

    [Fact]
    public void Only_tables_of_literal_tests_within_the_key_limit_are_indexed()
    {
        static MatchRow Row(params CellShape[] shapes) =>
            new("r", shapes.Select(s => new CheckedCell(s is CellShape.AnyValue ? null : new BoundLiteral(true, DataType.Bool, default), s)).ToList(), []);

        var literal = new CellShape.OneOf(["A"]);
        Assert.NotNull(TableIndex.TryBuild([Row(literal, new CellShape.AnyValue())], [DataType.String, DataType.String]));
        Assert.Null(TableIndex.TryBuild([Row(new CellShape.Range(0, true, 1, false))], [DataType.Number]));
        Assert.Null(TableIndex.TryBuild([Row(new CellShape.Opaque())], [DataType.String]));
        Assert.Null(TableIndex.TryBuild([Row(literal)], [DataType.Number]));

        // 5 columns of 7 literals: 8^5 keys, more than the limit.
        var wide = Enumerable.Range(0, 7).Select(i => Row(Enumerable.Repeat<CellShape>(new CellShape.OneOf([i.ToString(System.Globalization.CultureInfo.InvariantCulture)]), 5).ToArray())).ToList();
        Assert.Null(TableIndex.TryBuild(wide, Enumerable.Repeat(DataType.String, 5).ToList()));
    }

    [Fact]
    public void Text_keys_match_by_characters_and_missing_values_only_a_null_literal()
    {
        var keys = new TextKeys(["HIGH", null, "LOW"]);
        Assert.Equal(1, keys.Of("HIGH"));
        Assert.Equal(1, keys.Of(new string("HIGH".AsSpan())));
        Assert.Equal(2, keys.Of("LOW"));
        Assert.Equal(3, keys.Of(null));
        Assert.Null(keys.Literal(2));
        Assert.Equal(0, keys.Of("high"));
        Assert.Equal(0, new TextKeys(["HIGH"]).Of(null));
    }

    [Fact]
    public void A_flag_column_picks_its_key_part_without_a_call()
    {
        // The default rule set keys tables by flags (computed and read from the case): each key part is a constant
        // picked by the flag's tests, not a call to BoolKeys.Of.
        var ruleSet = RuleSet.Load(Probation.ProbationRuleSetTests.ProbationPath);
        var flagColumns = PassPipeline.Run(LoweringTestKit.Lower(ruleSet, validateEnums: true, limits: ruleSet.Limits), LoweringPasses.All).Elements.SelectMany(e => e.Ops).OfType<FirstMatch>()
            .Sum(m => m.Index?.Columns.Count(c => c is BoolKeys { Count: > 0 }) ?? 0);
        Assert.True(flagColumns > 0, "the default rule set has no table keyed by a flag");

        var calls = new BoolKeysCalls();
        foreach (var part in LoweringTestKit.Parts<RiskTriage.Probation.ProbationCase>(ruleSet))
        {
            calls.Visit(part.Body);
        }

        Assert.Equal(0, calls.Count);
    }

    /// <summary>Cases of a table keyed by a flag computed as a plain <c>bool</c> (<c>n > 1</c>, false when n is missing) and by a flag input.</summary>
    public static TheoryData<double?, bool?> FlagCases() => new()
    {
        { null, null }, { null, true }, { 0, false }, { 0, null }, { 1, true }, { 2, null }, { 2, true }, { 2, false }, { -0d, true }, { 5, false },
    };

    private const string FlagTableJson = "{" + RuleSetSources.Header + """
              "inputs": { "n": "number", "flag": "bool" },
              "tables": { "t": { "hitPolicy": "FIRST", "inputs": [{ "expr": "n > 1", "label": "big" }, "flag"],
                "outputs": { "o": "number" },
                "rows": [
                  { "id": "r1", "when": [true, true], "then": { "o": 1 } },
                  { "id": "r2", "when": [true, null], "then": { "o": 2 } },
                  { "id": "r3", "when": [false, false], "then": { "o": 3 } },
                  { "id": "r4", "when": [false, null], "then": { "o": 4 } },
                  { "id": "r5", "when": ["-", true], "then": { "o": 5 } } ] } },
              "outputs": { "o": "number" }
            }
            """;

    [Fact]
    public void The_flag_table_is_indexed_by_a_plain_and_a_nullable_flag_column()
    {
        // What the theory below relies on to reach both forms of FlagKey: the table is indexed, by two flag columns,
        // one a plain bool (n > 1) and one a bool? (the flag input).
        var ruleSet = RuleSetSources.Load(FlagTableJson);
        var index = PassPipeline.Run(LoweringTestKit.Lower(ruleSet), LoweringPasses.All).Elements.SelectMany(e => e.Ops).OfType<FirstMatch>().Single().Index;
        Assert.NotNull(index);
        Assert.Equal(2, index.Columns.Count(c => c is BoolKeys { Count: > 0 }));
        var calls = new BoolKeysCalls();
        foreach (var part in LoweringTestKit.Parts<FlagCase>(ruleSet))
        {
            calls.Visit(part.Body);
        }

        // Neither column calls BoolKeys, and one of the two (the bool? input) is tested through its own variable.
        Assert.Equal(0, calls.Count);
        Assert.Equal(1, calls.NullableFlags);
    }

    [Theory]
    [MemberData(nameof(FlagCases))]
    public void A_table_keyed_by_flags_finds_the_rows_the_interpreter_finds(double? n, bool? flag)
    {
        var compiled = RuleSetSources.Load(FlagTableJson);
        var interpreted = RuleSetSources.Load(FlagTableJson, new RuleSetOptions { Backend = RuleSetBackend.Interpreted });
        var input = new JObject { ["n"] = n, ["flag"] = flag }.ToString();
        Assert.Equal(interpreted.Evaluate(input, TraceDetail.Full).ToJson(), compiled.Evaluate(input, TraceDetail.Full).ToJson());
        var typed = compiled.EvaluateTyped(new FlagCase { N = n, Flag = flag }, TraceDetail.Full);
        Assert.Equal(interpreted.EvaluateTyped(new FlagCase { N = n, Flag = flag }, TraceDetail.Full).ToJson(), typed.ToJson());
    }

    private static string? Copy(string? text) => text is null ? null : new string(text.AsSpan());

    private sealed class FlagCase
    {
        public double? N { get; init; }

        public bool? Flag { get; init; }
    }

    /// <summary>Calls to <see cref="BoolKeys"/>' methods, nested lambdas included.</summary>
    private sealed class BoolKeysCalls : System.Linq.Expressions.ExpressionVisitor
    {
        public int Count { get; private set; }

        /// <summary>The bool? variables a flag column's key part is picked through (the nullable form of the key).</summary>
        public int NullableFlags { get; private set; }

        protected override System.Linq.Expressions.Expression VisitBlock(System.Linq.Expressions.BlockExpression node)
        {
            NullableFlags += node.Variables.Count(v => v.Name == "flag" && v.Type == typeof(bool?));
            return base.VisitBlock(node);
        }

        protected override System.Linq.Expressions.Expression VisitMethodCall(System.Linq.Expressions.MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(BoolKeys))
            {
                Count++;
            }

            return base.VisitMethodCall(node);
        }
    }

    private sealed class TypedCase
    {
        public string? Kind { get; init; }

        public string? Label { get; init; }

        public bool? Flag { get; init; }
    }
}
