using RiskTriage.Diagnostics;
using RiskTriage.Expressions;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Expressions.Evaluation;
using RiskTriage.Runtime;

namespace RiskTriage.Tests.Expressions.Compilation;

public sealed class ClrDataBindingTests
{
    private const string ActiveCommunityOrUnrestricted =
        "sentences.Any(s => !s.terminated && (s.type in [\"NC\", \"SC\"] || s.requirements.Any(r => !r.restrictive && !(r.mainCategory in [\"W\", \"W1\"]))))";

    private static readonly string[] SentenceTypes = ["NC", "SC", "CUSTODY", "SSO"];
    private static readonly string[] Categories = ["W", "W1", "UPW", "CURFEW", "RAR"];

    private static readonly ObjectType Requirement = Build("requirement", t =>
    {
        t.Add("mainCategory", DataType.Enumeration(Categories));
        t.Add("restrictive", DataType.Bool);
    });

    private static readonly ObjectType Sentence = Build("sentence", t =>
    {
        t.Add("type", DataType.Enumeration(SentenceTypes));
        t.Add("terminated", DataType.Bool);
        t.Add("requirements", DataType.ListOf(DataType.Of(Requirement)));
    });

    private static readonly ObjectType Inputs = Build("case", t => t.Add("sentences", DataType.ListOf(DataType.Of(Sentence))));

    private static readonly CheckedExpression Expression = RuleExpression.Check(ActiveCommunityOrUnrestricted, Scope.ForInputs(Inputs), DataType.Bool);

    private static ObjectType Build(string name, Action<ObjectType> fields)
    {
        var type = new ObjectType(name);
        fields(type);
        return type;
    }

    /// <summary>A sentence as test data: type, terminated, and requirements as (category, restrictive).</summary>
    public sealed record SentenceData(string Type, bool Terminated, params (string Category, bool Restrictive)[] Requirements);

    public static TheoryData<string, SentenceData[], bool> SentenceCases => new()
    {
        { "no sentences", [], false },
        { "terminated community order", [new("NC", true)], false },
        { "active community order", [new("NC", false)], true },
        { "active suspended sentence order", [new("SC", false)], true },
        { "active custody without requirements", [new("CUSTODY", false)], false },
        { "active custody with a restrictive requirement", [new("CUSTODY", false, ("CURFEW", true))], false },
        { "active custody with an unrestricted W requirement", [new("CUSTODY", false, ("W", false))], false },
        { "active custody with an unrestricted W1 requirement", [new("CUSTODY", false, ("W1", false))], false },
        { "active custody with a restrictive UPW requirement", [new("CUSTODY", false, ("UPW", true))], false },
        { "active custody with an unrestricted UPW requirement", [new("CUSTODY", false, ("UPW", false))], true },
        { "active SSO with W and unrestricted RAR", [new("SSO", false, ("W", false), ("RAR", false))], true },
        { "terminated custody with an unrestricted UPW requirement", [new("CUSTODY", true, ("UPW", false))], false },
        { "terminated community order and active custody with W", [new("NC", true), new("CUSTODY", false, ("W", false), ("CURFEW", true))], false },
        { "terminated custody then active suspended sentence", [new("CUSTODY", true, ("UPW", false)), new("SC", false)], true },
        { "several active custodial sentences, last one qualifies", [new("CUSTODY", false, ("W", false)), new("SSO", false), new("CUSTODY", false, ("CURFEW", true), ("RAR", false))], true },
    };

    [Fact]
    public void Sentence_expression_compiles_against_the_schema()
    {
        Assert.Equal(0, Expression.Diagnostics.Count);
        Assert.Equal(TypeKind.Bool, Expression.Bound.Type.Kind);
    }

    [Theory]
    [MemberData(nameof(SentenceCases))]
    public void Sentence_expression_gives_the_right_answer_on_typed_objects_with_lists(string name, SentenceData[] sentences, bool expected)
    {
        var run = Compile<ListCase>();
        Assert.True(expected == run(new ListCase { Sentences = sentences.Select(ToListSentence).ToList() }), name);
    }

    [Theory]
    [MemberData(nameof(SentenceCases))]
    public void Sentence_expression_gives_the_right_answer_on_typed_objects_with_read_only_lists(string name, SentenceData[] sentences, bool expected)
    {
        var run = Compile<ReadOnlyListCase>();
        Assert.True(expected == run(new ReadOnlyListCase { Sentences = sentences.Select(ToReadOnlySentence).ToList().AsReadOnly() }), name);
    }

    [Theory]
    [MemberData(nameof(SentenceCases))]
    public void Sentence_expression_gives_the_same_answer_whatever_list_is_behind_a_read_only_list(string name, SentenceData[] sentences, bool expected)
    {
        // Loops read an array or a List<T> behind the interface directly and any other list through it: each
        // kind of list, at both levels (sentences, and the requirements inside them), must give the same answer.
        var run = Compile<ReadOnlyListCase>();
        var items = sentences.Select(ToReadOnlySentence).ToList();
        IReadOnlyList<ReadOnlySentence>[] backings = [items, items.ToArray(), items.AsReadOnly(), System.Collections.Immutable.ImmutableArray.CreateRange(items)];
        foreach (var backing in backings)
        {
            Assert.True(expected == run(new ReadOnlyListCase { Sentences = backing }), $"{name} ({backing.GetType().Name})");
        }

        var withListRequirements = items.Select(s => new ReadOnlySentence { Type = s.Type, Terminated = s.Terminated, Requirements = s.Requirements.ToList() }).ToArray();
        Assert.True(expected == run(new ReadOnlyListCase { Sentences = withListRequirements }), name + " (requirements in List<T>)");
    }

    [Theory]
    [MemberData(nameof(SentenceCases))]
    public void Sentence_expression_gives_the_right_answer_on_typed_objects_with_arrays(string name, SentenceData[] sentences, bool expected)
    {
        var run = Compile<ArrayCase>();
        Assert.True(expected == run(new ArrayCase { Sentences = sentences.Select(ToArraySentence).ToArray() }), name);
    }

    [Theory]
    [MemberData(nameof(SentenceCases))]
    public void Sentence_expression_gives_the_same_answer_on_records_and_the_reference_evaluator(string name, SentenceData[] sentences, bool expected)
    {
        var record = new CaseRecord([FieldValue.OfReference(sentences.Select(ToRecord).ToArray())]);
        var compiled = ExpressionCompiler.CompileToObject<CaseRecord>(Expression.Bound, RecordDataBinding.Instance)(record);
        var reference = new ReferenceEvaluator(record).Evaluate(Expression.Bound);
        Assert.True(expected.Equals(compiled), name);
        Assert.True(expected.Equals(reference), name);
    }

    [Fact]
    public void Sentence_expression_treats_missing_lists_and_items_as_missing_not_as_errors()
    {
        var run = Compile<ArrayCase>();
        Assert.False(run(new ArrayCase { Sentences = null }));
        Assert.False(run(new ArrayCase { Sentences = [null!] }));
        Assert.False(run(new ArrayCase { Sentences = [new ArraySentence { Type = "CUSTODY", Requirements = null }] }));
        Assert.False(run(new ArrayCase { Sentences = [new ArraySentence { Type = "CUSTODY", Requirements = [null!] }] }));
        Assert.True(run(new ArrayCase { Sentences = [null!, new ArraySentence { Type = "SC", Terminated = false }] }));
        Assert.False(run(new ArrayCase { Sentences = [new ArraySentence { Type = "SC", Terminated = null }] }));

        // An unknown category (null) is not W or W1, so an unrestricted requirement without one counts.
        Assert.True(run(new ArrayCase { Sentences = [new ArraySentence { Type = "CUSTODY", Terminated = false, Requirements = [new ArrayRequirement { MainCategory = null, Restrictive = false }] }] }));

        // Unknown restrictiveness is not "not restrictive".
        Assert.False(run(new ArrayCase { Sentences = [new ArraySentence { Type = "CUSTODY", Terminated = false, Requirements = [new ArrayRequirement { MainCategory = "UPW", Restrictive = null }] }] }));
    }

    [Fact]
    public void The_same_expressions_give_the_same_answers_on_typed_objects_and_records()
    {
        string[] expressions =
        [
            "age + score * 2", "-age", "age / 0", "age % 5", "unknownScore ?? age", "unknownScore + 1", "score > 2 && custody",
            "rosh", "rosh == \"HIGH\"", "rosh in [\"HIGH\", \"VERY_HIGH\"]", "lower(rosh)", "name + \" (\" + age + \")\"",
            "unknownText == null", "unknownText ?? \"none\"", "upper(trim(padded))", "dob", "assessed", "unknownDate ?? assessed",
            "yearsBetween(dob, assessed)", "daysBetween(dob, assessed)", "addYears(dob, 18) <= assessed", "scores", "scores[2]",
            "scores.Sum()", "scores.Where(s => s > 1)", "scores.Distinct().Count()", "gaps.Sum()", "gaps[1]", "noScores.Count()",
            "noScores.Min()", "unknownScores.Count()", "codes", "codes.Distinct().Count()", "\"ARSON\" in codes",
            "offender.address.postcode", "offender.name", "partner.name", "partner?.address?.town",
            "sentences.Count(s => !s.terminated)", "sentences.Sum(s => s.length)", "sentences[1].requirements[1].mainCategory",
            "sentences.Where(s => s.length > 10).Count()", "sentences.Any(s => s.requirements.Any(r => r.mainCategory == \"RAR\"))",
            "sentences.Max(s => daysBetween(s.start, assessed))", "sentences[0].requirements.Any(r => r.restrictive)",
            "sentences.Where(s => !s.terminated)[0].start", "custody ? sentences.Count() : 0",
        ];
        var clr = TestSchema.ClrBinding;
        foreach (var text in expressions)
        {
            var bound = TestSchema.CheckValid(text).Bound;
            var fromRecord = ExpressionCompiler.CompileToObject<CaseRecord>(bound, RecordDataBinding.Instance)(TestSchema.Record);
            var fromObject = ExpressionCompiler.CompileToObject<GoldenCase>(bound, clr)(TestSchema.Clr);
            Assert.True(ValueText.Same(fromRecord, fromObject), $"{text}: record {ValueText.Format(fromRecord)}, object {ValueText.Format(fromObject)}");
        }
    }

    [Fact]
    public void Properties_are_matched_by_json_name_then_by_name_ignoring_case_and_underscores()
    {
        // GoldenCase.SomethingElse carries [JsonProperty("unknownText")]; Unknown_Date matches unknownDate.
        Assert.Equal("x", ExpressionCompiler.CompileToObject<GoldenCase>(TestSchema.CheckValid("unknownText").Bound, TestSchema.ClrBinding)(new GoldenCase { SomethingElse = "x" }));
        Assert.Equal(
            new DateOnly(2020, 1, 2),
            ExpressionCompiler.CompileToObject<GoldenCase>(TestSchema.CheckValid("unknownDate").Bound, TestSchema.ClrBinding)(new GoldenCase { Unknown_Date = new DateOnly(2020, 1, 2) }));
    }

    [Fact]
    public void Numbers_of_every_width_are_read_as_doubles()
    {
        var inputs = new ObjectType("numbers");
        foreach (var name in new[] { "i", "l", "s", "b", "u", "f", "m", "ni" })
        {
            inputs.Add(name, DataType.Number);
        }

        var binding = CreateBinding(inputs, typeof(Numbers));
        var bound = RuleExpression.Check("i + l + s + b + u + f + m + (ni ?? 1000)", Scope.ForInputs(inputs));
        var result = ExpressionCompiler.CompileToObject<Numbers>(bound.Bound, binding)(new Numbers { I = 1, L = 2, S = 3, B = 4, U = 5, F = 0.5f, M = 0.25m });
        Assert.Equal(1015.75, result);
    }

    [Fact]
    public void Enum_members_are_read_as_their_declared_text_values()
    {
        Assert.Equal("VERY_HIGH", ExpressionCompiler.CompileToObject<GoldenCase>(TestSchema.CheckValid("rosh").Bound, TestSchema.ClrBinding)(new GoldenCase { Rosh = GoldenRosh.VeryHigh }));
        Assert.Equal(true, ExpressionCompiler.CompileToObject<GoldenCase>(TestSchema.CheckValid("rosh == \"VERY_HIGH\"").Bound, TestSchema.ClrBinding)(new GoldenCase { Rosh = GoldenRosh.VeryHigh }));
    }

    [Fact]
    public void An_enum_value_outside_its_members_reads_as_missing()
    {
        var result = ExpressionCompiler.CompileToObject<GoldenCase>(TestSchema.CheckValid("rosh").Bound, TestSchema.ClrBinding)(new GoldenCase { Rosh = (GoldenRosh)42 });
        Assert.Null(result);
    }

    [Fact]
    public void Date_times_are_read_as_dates()
    {
        var result = ExpressionCompiler.CompileToObject<GoldenCase>(TestSchema.CheckValid("assessed").Bound, TestSchema.ClrBinding)(
            new GoldenCase { Assessed = new DateTime(2026, 6, 9, 23, 59, 59, DateTimeKind.Utc) });
        Assert.Equal(new DateOnly(2026, 6, 9), result);
    }

    [Fact]
    public void Missing_objects_lists_and_text_read_as_missing_without_null_reference_exceptions()
    {
        var empty = new GoldenCase { Name = null!, Padded = null!, Scores = null!, Gaps = null!, NoScores = null!, Codes = null!, Sentences = null!, Offender = null };
        string[] expressions =
        [
            "name", "upper(padded)", "len(name)", "scores.Sum()", "scores[0]", "gaps.Any()", "noScores.Count()", "codes.Contains(\"x\")",
            "codes.Distinct().Count()", "offender.address.postcode", "sentences.Any(s => s.terminated)", "sentences[0].type",
            "sentences.Where(s => s.terminated)", "\"x\" in codes",
        ];
        foreach (var text in expressions)
        {
            var result = ExpressionCompiler.CompileToObject<GoldenCase>(TestSchema.CheckValid(text).Bound, TestSchema.ClrBinding)(empty);
            Assert.True(result is null or false, $"{text} gave {ValueText.Format(result)}");
        }
    }

    [Fact]
    public void Every_mismatch_is_reported_when_the_binding_is_created()
    {
        var inputs = new ObjectType("case");
        inputs.Add("missing", DataType.Number);
        inputs.Add("text", DataType.Number);
        inputs.Add("flag", DataType.Date);
        inputs.Add("level", DataType.Enumeration(["ONE", "TWO"]));
        inputs.Add("items", DataType.ListOf(DataType.Number));
        inputs.Add("count", DataType.ListOf(DataType.Number));

        var bag = new DiagnosticBag();
        Assert.Null(ClrDataBinding.Create(inputs, typeof(Mismatched), bag, "rules/case.json"));
        var diagnostics = bag.Diagnostics.ToList();
        Assert.Equal(6, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticCodes.TypedBindingMismatch, d.Code));
        Assert.All(diagnostics, d => Assert.Equal("rules/case.json", d.Location.File));
        Assert.Contains(diagnostics, d => d.Message.Contains("no public property for the input 'case.missing'", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Message.Contains("'case.text' is declared as number, but the property has type String", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Message.Contains("'case.flag' is declared as date", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Message.Contains("Level.Three has no matching value in 'case.level'", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Message.Contains("'case.items[]' is declared as number", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Message.Contains("'case.count' is declared as list of number", StringComparison.Ordinal));
    }

    [Fact]
    public void A_recursive_object_type_binds_once()
    {
        var node = new ObjectType("node");
        node.Add("value", DataType.Number);
        node.Add("next", DataType.Of(node));
        var binding = CreateBinding(node, typeof(Node));
        var bound = RuleExpression.Check("next.next.value + value", Scope.ForInputs(node));
        Assert.Equal(0, bound.Diagnostics.Count);
        var result = ExpressionCompiler.CompileToObject<Node>(bound.Bound, binding)(new Node { Value = 1, Next = new Node { Next = new Node { Value = 2 } } });
        Assert.Equal(3d, result);
    }

    private static Func<T, bool> Compile<T>()
    {
        var bag = new DiagnosticBag();
        var binding = ClrDataBinding.Create(Inputs, typeof(T), bag);
        Assert.True(binding is not null, string.Join("\n", bag.Diagnostics));
        return ExpressionCompiler.CompileCondition<T>(Expression.Bound, binding!);
    }

    private static ClrDataBinding CreateBinding(ObjectType inputs, Type type)
    {
        var bag = new DiagnosticBag();
        var binding = ClrDataBinding.Create(inputs, type, bag);
        Assert.True(binding is not null, string.Join("\n", bag.Diagnostics));
        return binding!;
    }

    private static ListSentence ToListSentence(SentenceData s) => new()
    {
        Type = s.Type,
        Terminated = s.Terminated,
        Requirements = s.Requirements.Select(r => new ListRequirement { MainCategory = Enum.Parse<Category>(r.Category, ignoreCase: true), Restrictive = r.Restrictive }).ToList(),
    };

    private static ReadOnlySentence ToReadOnlySentence(SentenceData s) => new()
    {
        Type = Enum.Parse<SentenceType>(s.Type, ignoreCase: true),
        Terminated = s.Terminated,
        Requirements = s.Requirements.Select(r => new ReadOnlyRequirement { Category = r.Category, Restrictive = r.Restrictive }).ToArray(),
    };

    private static ArraySentence ToArraySentence(SentenceData s) => new()
    {
        Type = s.Type,
        Terminated = s.Terminated,
        Requirements = s.Requirements.Select(r => new ArrayRequirement { MainCategory = r.Category, Restrictive = r.Restrictive }).ToArray(),
    };

    private static CaseRecord ToRecord(SentenceData s) => new(
    [
        FieldValue.OfReference(s.Type),
        FieldValue.OfBool(s.Terminated),
        FieldValue.OfReference(s.Requirements.Select(r => new CaseRecord([FieldValue.OfReference(r.Category), FieldValue.OfBool(r.Restrictive)])).ToArray()),
    ]);

    public enum Category
    {
        W,
        W1,
        Upw,
        Curfew,
        Rar,
    }

    public enum SentenceType
    {
        NC,
        SC,
        Custody,
        Sso,
    }

    public enum Level
    {
        One,
        Two,
        Three,
    }

    /// <summary>Sentences in a <see cref="List{T}"/>, requirements in a List with enum categories.</summary>
    public sealed class ListCase
    {
        public List<ListSentence> Sentences { get; init; } = [];
    }

    public sealed class ListSentence
    {
        public string Type { get; init; } = string.Empty;

        public bool Terminated { get; init; }

        public List<ListRequirement> Requirements { get; init; } = [];
    }

    public sealed class ListRequirement
    {
        public Category MainCategory { get; init; }

        public bool Restrictive { get; init; }
    }

    /// <summary>Sentences in an <see cref="IReadOnlyList{T}"/> with an enum type, requirements in an IReadOnlyList.</summary>
    public sealed class ReadOnlyListCase
    {
        public IReadOnlyList<ReadOnlySentence> Sentences { get; init; } = [];
    }

    public sealed class ReadOnlySentence
    {
        public SentenceType Type { get; init; }

        public bool Terminated { get; init; }

        public IReadOnlyList<ReadOnlyRequirement> Requirements { get; init; } = [];
    }

    public sealed class ReadOnlyRequirement
    {
        [Newtonsoft.Json.JsonProperty("mainCategory")]
        public string? Category { get; init; }

        public bool Restrictive { get; init; }
    }

    /// <summary>Sentences and requirements in arrays, with nullable fields.</summary>
    public sealed class ArrayCase
    {
        public ArraySentence[]? Sentences { get; init; }
    }

    public sealed class ArraySentence
    {
        public string? Type { get; init; }

        public bool? Terminated { get; init; }

        public ArrayRequirement[]? Requirements { get; init; } = [];
    }

    public sealed class ArrayRequirement
    {
        public string? MainCategory { get; init; }

        public bool? Restrictive { get; init; }
    }

    public sealed class Numbers
    {
        public int I { get; init; }

        public long L { get; init; }

        public short S { get; init; }

        public byte B { get; init; }

        public uint U { get; init; }

        public float F { get; init; }

        public decimal M { get; init; }

        public int? Ni { get; init; }
    }

    public sealed class Mismatched
    {
        public string Text { get; init; } = string.Empty;

        public bool Flag { get; init; }

        public Level Level { get; init; }

        public List<string> Items { get; init; } = [];

        public int Count { get; init; }
    }

    public sealed class Node
    {
        public double Value { get; init; }

        public Node? Next { get; init; }
    }
}
