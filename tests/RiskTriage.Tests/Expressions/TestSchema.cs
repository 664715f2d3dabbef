using RiskTriage.Diagnostics;
using RiskTriage.Expressions;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Runtime;

namespace RiskTriage.Tests.Expressions;

/// <summary>
/// The fixed schema, record and typed object the expression tests (and the golden files) run against.
/// The record and <see cref="GoldenCase"/> hold the same data, so every expression must give the same
/// answer through <see cref="RecordDataBinding"/>, <see cref="ClrDataBinding"/> and the reference evaluator.
/// </summary>
internal static class TestSchema
{
    public static readonly string[] RoshValues = ["LOW", "MEDIUM", "HIGH", "VERY_HIGH"];
    public static readonly string[] SentenceTypes = ["NC", "SC", "CUSTODY", "SSO"];
    public static readonly string[] Categories = ["W", "W1", "UPW", "CURFEW", "RAR"];

    public static readonly ObjectType Requirement = BuildRequirement();
    public static readonly ObjectType Sentence = BuildSentence();
    public static readonly ObjectType Address = BuildAddress();
    public static readonly ObjectType Person = BuildPerson();
    public static readonly ObjectType Case = BuildCase();

    /// <summary>The inputs of <see cref="Case"/> plus the parameter <c>threshold</c> = 7.</summary>
    public static readonly Scope Scope = Scope.ForInputs(Case).Add(new ConstantSymbol("threshold", DataType.Number, 7.0));

    public static readonly CaseRecord Record = BuildRecord();

    public static readonly GoldenCase Clr = GoldenCase.Create();

    public static readonly ClrDataBinding ClrBinding = CreateClrBinding();

    public static CheckedExpression Check(string text, DataType? expected = null, RuleSetLimits? limits = null) =>
        RuleExpression.Check(text, Scope, expected, limits);

    /// <summary>Checks an expression that must have no diagnostics at all.</summary>
    public static CheckedExpression CheckValid(string text, DataType? expected = null)
    {
        var result = Check(text, expected);
        Assert.True(result.Diagnostics.Count == 0,
            $"'{text}' should bind without diagnostics but gave:\n{string.Join('\n', result.Diagnostics.Diagnostics)}");
        return result;
    }

    /// <summary>The value of a valid expression on the fixed record, compiled through <see cref="RecordDataBinding"/>.</summary>
    public static object? EvaluateCompiled(string text) =>
        ExpressionCompiler.CompileToObject<CaseRecord>(CheckValid(text).Bound, RecordDataBinding.Instance)(Record);

    /// <summary>The codes of all diagnostics of <paramref name="text"/>, in order.</summary>
    public static string[] Codes(string text, DataType? expected = null, RuleSetLimits? limits = null) =>
        Check(text, expected, limits).Diagnostics.Diagnostics.Select(d => d.Code).ToArray();

    public static Diagnostic Single(string text, DataType? expected = null, RuleSetLimits? limits = null)
    {
        var diagnostics = Check(text, expected, limits).Diagnostics.Diagnostics.ToList();
        Assert.True(diagnostics.Count == 1, $"expected one diagnostic for '{text}' but got:\n{string.Join('\n', diagnostics)}");
        return diagnostics[0];
    }

    private static ClrDataBinding CreateClrBinding()
    {
        var bag = new DiagnosticBag();
        var binding = ClrDataBinding.Create(Case, typeof(GoldenCase), bag);
        return binding ?? throw new InvalidOperationException("GoldenCase does not bind: " + string.Join("; ", bag.Diagnostics));
    }

    private static ObjectType BuildRequirement()
    {
        var type = new ObjectType("requirement");
        type.Add("mainCategory", DataType.Enumeration(Categories));
        type.Add("restrictive", DataType.Bool);
        return type;
    }

    private static ObjectType BuildSentence()
    {
        var type = new ObjectType("sentence");
        type.Add("type", DataType.Enumeration(SentenceTypes));
        type.Add("terminated", DataType.Bool);
        type.Add("length", DataType.Number);
        type.Add("start", DataType.Date);
        type.Add("requirements", DataType.ListOf(DataType.Of(Requirement)));
        return type;
    }

    private static ObjectType BuildAddress()
    {
        var type = new ObjectType("address");
        type.Add("postcode", DataType.String);
        type.Add("town", DataType.String);
        return type;
    }

    private static ObjectType BuildPerson()
    {
        var type = new ObjectType("person");
        type.Add("name", DataType.String);
        type.Add("address", DataType.Of(Address));
        return type;
    }

    private static ObjectType BuildCase()
    {
        var type = new ObjectType("case");
        type.Add("rosh", DataType.Enumeration(RoshValues));
        type.Add("age", DataType.Number);
        type.Add("score", DataType.Number);
        type.Add("unknownScore", DataType.Number);
        type.Add("female", DataType.Bool);
        type.Add("custody", DataType.Bool);
        type.Add("unknownFlag", DataType.Bool);
        type.Add("name", DataType.String);
        type.Add("padded", DataType.String);
        type.Add("unknownText", DataType.String);
        type.Add("dob", DataType.Date);
        type.Add("assessed", DataType.Date);
        type.Add("unknownDate", DataType.Date);
        type.Add("scores", DataType.ListOf(DataType.Number));
        type.Add("gaps", DataType.ListOf(DataType.Number));
        type.Add("noScores", DataType.ListOf(DataType.Number));
        type.Add("unknownScores", DataType.ListOf(DataType.Number));
        type.Add("codes", DataType.ListOf(DataType.String));
        type.Add("offender", DataType.Of(Person));
        type.Add("partner", DataType.Of(Person));
        type.Add("sentences", DataType.ListOf(DataType.Of(Sentence)));
        return type;
    }

    private static FieldValue Text(string? value) => value is null ? default : FieldValue.OfReference(value);

    private static FieldValue Date(string value) => FieldValue.OfDate(DateOnly.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

    private static CaseRecord RequirementRecord(string category, bool restrictive) =>
        new([FieldValue.OfReference(category), FieldValue.OfBool(restrictive)]);

    private static CaseRecord SentenceRecord(string type, bool terminated, double length, string start, params CaseRecord[] requirements) =>
        new([FieldValue.OfReference(type), FieldValue.OfBool(terminated), FieldValue.OfNumber(length), Date(start), FieldValue.OfReference(requirements)]);

    private static CaseRecord BuildRecord()
    {
        var offender = new CaseRecord([Text("Jane Doe"), FieldValue.OfReference(new CaseRecord([Text("AB1 2CD"), Text("Leeds")]))]);
        CaseRecord[] sentences =
        [
            SentenceRecord("NC", true, 12, "2024-01-15", RequirementRecord("UPW", false)),
            SentenceRecord("CUSTODY", false, 24, "2025-03-01", RequirementRecord("W", false), RequirementRecord("CURFEW", true)),
            SentenceRecord("SSO", false, 6, "2025-11-20", RequirementRecord("RAR", false)),
        ];
        return new CaseRecord(
        [
            FieldValue.OfReference("HIGH"),
            FieldValue.OfNumber(34),
            FieldValue.OfNumber(2.5),
            default,
            FieldValue.OfBool(false),
            FieldValue.OfBool(true),
            default,
            Text("Jane Doe"),
            Text("  Mixed Case  "),
            default,
            Date("1992-02-29"),
            Date("2026-06-09"),
            default,
            FieldValue.OfReference(new double?[] { 3, 1, 4, 1, 5 }),
            FieldValue.OfReference(new double?[] { 2, null, 7 }),
            FieldValue.OfReference(Array.Empty<double?>()),
            default,
            FieldValue.OfReference(new[] { "RMDO", "ARSON", "RMDO" }),
            FieldValue.OfReference(offender),
            default,
            FieldValue.OfReference(sentences),
        ]);
    }
}

internal enum GoldenRosh
{
    Low,
    Medium,
    High,
    VeryHigh,
}

internal enum GoldenCategory
{
    W,
    W1,
    Upw,
    Curfew,
    Rar,
}

/// <summary>The typed twin of <see cref="TestSchema.Record"/>: different CLR shapes for the same data.</summary>
internal sealed class GoldenCase
{
    public GoldenRosh Rosh { get; init; }

    public int Age { get; init; }

    public double Score { get; init; }

    public double? UnknownScore { get; init; }

    public bool Female { get; init; }

    public bool Custody { get; init; }

    public bool? UnknownFlag { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Padded { get; init; } = string.Empty;

    [Newtonsoft.Json.JsonProperty("unknownText")]
    public string? SomethingElse { get; init; }

    public DateOnly Dob { get; init; }

    public DateTime Assessed { get; init; }

    public DateOnly? Unknown_Date { get; init; }

    public List<double> Scores { get; init; } = [];

    public double?[] Gaps { get; init; } = [];

    public IReadOnlyList<int> NoScores { get; init; } = [];

    public List<double>? UnknownScores { get; init; }

    public string[] Codes { get; init; } = [];

    public GoldenPerson? Offender { get; init; }

    public GoldenPerson? Partner { get; init; }

    public IReadOnlyList<GoldenSentence> Sentences { get; init; } = [];

    public static GoldenCase Create() => new()
    {
        Rosh = GoldenRosh.High,
        Age = 34,
        Score = 2.5,
        Female = false,
        Custody = true,
        Name = "Jane Doe",
        Padded = "  Mixed Case  ",
        Dob = new DateOnly(1992, 2, 29),
        Assessed = new DateTime(2026, 6, 9, 15, 30, 0, DateTimeKind.Unspecified),
        Scores = [3, 1, 4, 1, 5],
        Gaps = [2, null, 7],
        NoScores = [],
        Codes = ["RMDO", "ARSON", "RMDO"],
        Offender = new GoldenPerson { Name = "Jane Doe", Address = new GoldenAddress { Postcode = "AB1 2CD", Town = "Leeds" } },
        Sentences =
        [
            new GoldenSentence { Type = "NC", Terminated = true, Length = 12, Start = new DateOnly(2024, 1, 15), Requirements = [new() { MainCategory = GoldenCategory.Upw, Restrictive = false }] },
            new GoldenSentence
            {
                Type = "CUSTODY", Terminated = false, Length = 24, Start = new DateOnly(2025, 3, 1),
                Requirements = [new() { MainCategory = GoldenCategory.W, Restrictive = false }, new() { MainCategory = GoldenCategory.Curfew, Restrictive = true }],
            },
            new GoldenSentence { Type = "SSO", Terminated = false, Length = 6, Start = new DateOnly(2025, 11, 20), Requirements = [new() { MainCategory = GoldenCategory.Rar, Restrictive = false }] },
        ],
    };
}

internal sealed class GoldenPerson
{
    public string? Name { get; init; }

    public GoldenAddress? Address { get; init; }
}

internal sealed class GoldenAddress
{
    public string? Postcode { get; init; }

    public string? Town { get; init; }
}

internal sealed class GoldenSentence
{
    public string Type { get; init; } = string.Empty;

    public bool Terminated { get; init; }

    public decimal Length { get; init; }

    public DateOnly Start { get; init; }

    public GoldenRequirement[] Requirements { get; init; } = [];
}

internal sealed class GoldenRequirement
{
    public GoldenCategory MainCategory { get; init; }

    public bool? Restrictive { get; init; }
}
