using System.Text;
using Newtonsoft.Json;
using RiskTriage.Diagnostics;

namespace RiskTriage.Tests.Reliability;

/// <summary>
/// Hostile rule sets, held in memory: every one is either rejected at load with the diagnostic its code names, or
/// loads and evaluates safely (a missing value, a review) as the documented semantics say. Each load and evaluation
/// runs on a small stack with a time limit (see <see cref="Guarded"/>), so a crash, a stack overflow or a hang fails.
/// Hostile files on disk (encodings, folders) are in <see cref="HostileFileTests"/>.
/// </summary>
public sealed class HostileRuleSetTests
{
    private const int Deep = 100_000;

    private static readonly string TenMegabytes = new('x', 10_000_000);

    /// <summary>Limits that let the 100,000-deep and 10 MB expressions through to the parser, so the depth limit is what stops them.</summary>
    private static readonly RuleSetOptions Unlimited = new()
    {
        Limits = new RuleSetLimits { MaxFileBytes = 64 * 1024 * 1024, MaxExpressionLength = int.MaxValue },
    };

    /// <summary>One hostile rule set: rejected with <paramref name="Code"/>, or loaded and checked by <paramref name="Evaluates"/>.</summary>
    public sealed record Hostile(string Name, Func<IReadOnlyDictionary<string, string>> Files, string? Code, Action<RuleSet>? Evaluates = null, RuleSetOptions? Options = null, bool Huge = false);

    private static readonly List<Hostile> Catalogue = Build();

    private static readonly Dictionary<string, Hostile> ByName = Catalogue.ToDictionary(h => h.Name, StringComparer.Ordinal);

    public static TheoryData<string> Names => Data(Catalogue.Where(h => !h.Huge));

    public static TheoryData<string> HugeNames => Data(Catalogue.Where(h => h.Huge));

    private static TheoryData<string> Data(IEnumerable<Hostile> cases)
    {
        var data = new TheoryData<string>();
        foreach (var hostile in cases)
        {
            data.Add(hostile.Name);
        }

        return data;
    }

    [Fact]
    public void The_catalogue_has_at_least_forty_distinct_cases()
    {
        Assert.True(Catalogue.Count >= 40, $"{Catalogue.Count} cases");
        Assert.Equal(Catalogue.Count, ByName.Count);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Hostile_rule_set_is_rejected_with_its_code_or_evaluates_safely(string name) => Verify(ByName[name]);

    /// <summary>
    /// Rule sets with thousands of rows, outputs, inputs, list items or columns. Before the fixes, the long lists
    /// overflowed the stack while loading, and the others compiled to single methods whose stack frame grew with the
    /// rule set, overflowing the stack of the thread that evaluated a case (at larger sizes, even a 1 MiB one), which
    /// takes the process down. Now every compiled method has a bounded size: each rule set loads and evaluates on a
    /// 256 KiB stack, and once compiled evaluates on a 64 KiB one.
    /// </summary>
    [Theory]
    [MemberData(nameof(HugeNames))]
    public void Huge_rule_set_loads_and_evaluates_on_a_small_stack(string name) => Verify(ByName[name]);

    private static void Verify(Hostile hostile)
    {
        var limit = hostile.Huge ? Guarded.HugeLimit : Guarded.Limit;
        var stack = hostile.Huge ? Guarded.SmallStack : Guarded.DefaultStack;
        var outcome = Guarded.Load(hostile.Files(), hostile.Options, limit, stack);
        if (hostile.Code is { } code)
        {
            Assert.True(outcome.RuleSet is null, $"{hostile.Name}: expected {code} but the rule set loaded");
            Assert.True(outcome.ErrorCodes.Contains(code), $"{hostile.Name}: expected {code} but got:\n{outcome.Describe()}");
        }
        else
        {
            Assert.True(outcome.RuleSet is not null, $"{hostile.Name}: expected to load but got:\n{outcome.Describe()}");
            Guarded.Run(hostile.Name, () => hostile.Evaluates!(outcome.RuleSet!), limit, stack);
            if (hostile.Huge)
            {
                Guarded.Run(hostile.Name + " (compiled)", () => hostile.Evaluates!(outcome.RuleSet!), limit, Guarded.TinyStack);
            }
        }
    }

    // ---- Building blocks --------------------------------------------------------------------------------

    private const string Inputs = """
        "inputs": {
          "age": "number", "a": "number", "b": "number", "name": "string", "when": "date",
          "flags": { "type": "list", "items": "string" },
          "address": { "type": "object", "properties": { "postcode": "string" } },
          "orders": { "type": "list", "items": { "type": "object", "properties": { "kind": "string", "start": "date" } } }
        },
        """;

    private static Dictionary<string, string> File(string body) => RuleSetSources.One("{" + RuleSetSources.Header + body + "}");

    /// <summary>A rule set whose one named value is <paramref name="expression"/>.</summary>
    private static Dictionary<string, string> Value(string expression) =>
        File(Inputs + "\"values\": { \"v\": " + JsonConvert.ToString(expression) + " }, \"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"1\" } }");

    /// <summary>A rule set with one output of type <paramref name="type"/> computed by <paramref name="expression"/>.</summary>
    private static Dictionary<string, string> Output(string type, string expression) =>
        File(Inputs + "\"outputs\": { \"o\": { \"type\": \"" + type + "\", \"value\": " + JsonConvert.ToString(expression) + " } }");

    private static Action<RuleSet> Gives(string json, object? expected, params string[] reviews) => ruleSet =>
    {
        var decision = Guarded.Check(ruleSet.Evaluate(json, TraceDetail.Full));
        Assert.NotEqual(DecisionStatus.Invalid, decision.Status);
        var value = decision["o"];
        switch (expected)
        {
            case null:
                Assert.True(value.IsMissing, $"o is {value}");
                break;
            case double d:
                Assert.Equal(d, value.AsNumber);
                break;
            case bool flag:
                Assert.Equal(flag, value.AsBool);
                break;
            case string s:
                Assert.Equal(s, value.AsString);
                break;
        }

        Assert.Equal(reviews, decision.ReviewReasons.Select(r => r.Code));
    };

    private static string Join(int count, Func<int, string> item) => string.Join(",", Enumerable.Range(0, count).Select(item));

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    // ---- The catalogue ------------------------------------------------------------------------------------

    private static List<Hostile> Build()
    {
        var list = new List<Hostile>();

        void Rejected(string name, Func<IReadOnlyDictionary<string, string>> files, string code, RuleSetOptions? options = null) =>
            list.Add(new Hostile(name, files, code, null, options));

        void Loads(string name, Func<IReadOnlyDictionary<string, string>> files, Action<RuleSet> evaluates, RuleSetOptions? options = null) =>
            list.Add(new Hostile(name, files, null, evaluates, options));

        void Huge(string name, Func<IReadOnlyDictionary<string, string>> files, Action<RuleSet> evaluates) =>
            list.Add(new Hostile(name, files, null, evaluates, null, Huge: true));

        void Expression(string name, string expression, string code) => Rejected(name, () => Value(expression), code);

        // Reflection and type access, in every spelling.
        Expression("GetType on a number", "age.GetType()", DiagnosticCodes.UnknownMethod);
        Expression("GetType on text, then Assembly", "name.GetType().Assembly", DiagnosticCodes.UnknownMethod);
        Expression("GetType on a list", "flags.GetType()", DiagnosticCodes.UnknownMethod);
        Expression("GetType on an object", "address.GetType()", DiagnosticCodes.UnknownMethod);
        Expression("GetType on a list item", "orders[0].GetType()", DiagnosticCodes.UnknownMethod);
        Expression("GetType inside a list condition", "orders.Any(o => o.GetType() == null)", DiagnosticCodes.UnknownMethod);
        Expression("GetType through ?.", "age?.GetType()", DiagnosticCodes.UnknownMethod);
        Expression("GetType as a function", "GetType()", DiagnosticCodes.UnknownFunction);
        Expression("typeof", "typeof(string)", DiagnosticCodes.ReservedWord);
        Expression("Type.GetType", "Type.GetType(\"System.Diagnostics.Process\")", DiagnosticCodes.UnknownName);
        Expression("System.IO.File", "System.IO.File.ReadAllText(\"/etc/passwd\")", DiagnosticCodes.UnknownName);
        Expression("File", "File.Delete(\"rules.json\")", DiagnosticCodes.UnknownName);
        Expression("Process.Start", "Process.Start(\"sh\")", DiagnosticCodes.UnknownName);
        Expression("System.Diagnostics.Process", "System.Diagnostics.Process.Start(\"sh\", \"-c reboot\")", DiagnosticCodes.UnknownName);
        Expression("Environment.Exit", "Environment.Exit(1)", DiagnosticCodes.UnknownName);
        Expression("Environment variable", "Environment.GetEnvironmentVariable(\"PATH\")", DiagnosticCodes.UnknownName);
        Expression("AppDomain", "AppDomain.CurrentDomain.GetAssemblies()", DiagnosticCodes.UnknownName);
        Expression("Activator", "Activator.CreateInstance(\"System.Object\")", DiagnosticCodes.UnknownName);
        Expression("Assembly.Load", "Assembly.Load(\"System.Private.CoreLib\")", DiagnosticCodes.UnknownName);
        Expression("System.Reflection", "System.Reflection.Assembly.GetExecutingAssembly()", DiagnosticCodes.UnknownName);
        Expression("Math", "Math.Max(1, 2)", DiagnosticCodes.UnknownName);
        Expression("string.Empty", "string.Empty", DiagnosticCodes.UnknownName);
        Expression("global::", "global::System.IO.File", DiagnosticCodes.UnknownName);
        Expression("dynamic", "dynamic", DiagnosticCodes.UnknownName);
        Expression("nameof", "nameof(age)", DiagnosticCodes.ReservedWord);
        Expression("new object", "new object()", DiagnosticCodes.ReservedWord);
        Expression("new WebClient", "new System.Net.WebClient().DownloadString(\"http://example.com\")", DiagnosticCodes.ReservedWord);
        Expression("default(int)", "default(int)", DiagnosticCodes.ReservedWord);
        Expression("default literal", "age ?? default", DiagnosticCodes.ReservedWord);
        Expression("sizeof", "sizeof(int)", DiagnosticCodes.ReservedWord);
        Expression("stackalloc", "stackalloc int[10]", DiagnosticCodes.ReservedWord);
        Expression("checked", "checked(age + 1)", DiagnosticCodes.ReservedWord);
        Expression("delegate", "delegate { return 1; }", DiagnosticCodes.ReservedWord);
        Expression("this", "this.age", DiagnosticCodes.ReservedWord);
        Expression("eval", "eval(\"age\")", DiagnosticCodes.ReservedWord);
        Expression("throw", "age ?? throw", DiagnosticCodes.ReservedWord);
        Expression("cast to object", "(object)age", DiagnosticCodes.TrailingTokens);
        Expression("cast to int", "(int)age", DiagnosticCodes.TrailingTokens);
        Expression("cast to a qualified type", "(System.Object)age", DiagnosticCodes.TrailingTokens);
        Expression("is", "age is object", DiagnosticCodes.TrailingTokens);
        Expression("as", "age as object", DiagnosticCodes.TrailingTokens);
        Expression("property of text", "name.Length", DiagnosticCodes.NoMembers);
        Expression("property of a number", "age.Value", DiagnosticCodes.NoMembers);
        Expression("property of a list", "flags.Count", DiagnosticCodes.NoMembers);
        Expression("property of a list item's text", "flags[0].Length", DiagnosticCodes.NoMembers);
        Expression("method of text", "name.ToUpper()", DiagnosticCodes.UnknownMethod);
        Expression("ToString with a format", "age.ToString(\"N\")", DiagnosticCodes.UnknownMethod);
        Expression("list method not in the table", "flags.First()", DiagnosticCodes.UnknownMethod);
        Expression("Select", "flags.Select(f => f)", DiagnosticCodes.UnknownMethod);
        Expression("generic method", "flags.Select<int>(f => f)", DiagnosticCodes.LambdaNotAllowed);
        Expression("GetEnumerator", "flags.GetEnumerator()", DiagnosticCodes.UnknownMethod);
        Expression("indexer on text", "name[0]", DiagnosticCodes.InvalidIndex);
        Expression("indexer on a number", "age[0]", DiagnosticCodes.InvalidIndex);
        Expression("object indexed by a number", "address[0]", DiagnosticCodes.InvalidIndex);
        Expression("object indexed by a method name", "address[\"GetType\"]", DiagnosticCodes.UnknownMember);
        Expression("function outside the table", "readFile(\"/etc/passwd\")", DiagnosticCodes.UnknownFunction);
        Expression("__arglist", "__arglist(age)", DiagnosticCodes.UnknownFunction);
        Expression("lambda outside a list method", "x => x.GetType()", DiagnosticCodes.LambdaNotAllowed);
        Expression("two statements", "age; System.IO.File.Delete(\"x\")", DiagnosticCodes.UnexpectedCharacter);
        Expression("verbatim text", "@\"abc\"", DiagnosticCodes.UnexpectedCharacter);
        Expression("interpolated text", "$\"{age}\"", DiagnosticCodes.UnexpectedCharacter);
        Expression("assignment", "age = 5", DiagnosticCodes.AssignmentNotAllowed);
        Expression("compound assignment", "age += 1", DiagnosticCodes.AssignmentNotAllowed);

        // Unicode lookalikes and escapes in names: never a way to a different name than the one shown.
        Expression("Cyrillic a in a name", "\u0430ge + 1", DiagnosticCodes.UnknownName);
        Expression("fullwidth letters", "\uFF41\uFF47\uFF45 + 1", DiagnosticCodes.UnknownName);
        Expression("zero-width space inside a name", "a\u200Bge + 1", DiagnosticCodes.UnexpectedCharacter);
        Expression("right-to-left override", "age\u202E + 1", DiagnosticCodes.UnexpectedCharacter);
        Expression("\\u escape in a name", "\\u0061ge + 1", DiagnosticCodes.UnexpectedCharacter);
        Rejected("JSON escape spelling GetType", () => File(Inputs + """
            "values": { "v": "age.\u0047et\u0054ype()" }, "outputs": { "o": { "type": "number", "value": "1" } }
            """), DiagnosticCodes.UnknownMethod);
        Rejected("lookalike declared next to the real name", () => File("""
            "inputs": { "age": "number", "аge": "number" },
            "outputs": { "o": { "type": "number", "value": "age" } }
            """), DiagnosticCodes.InvalidName);

        // 10 MB strings.
        Rejected("10 MB text in an expression", () => Value("'" + TenMegabytes + "'"), DiagnosticCodes.FileTooLarge);
        Rejected("10 MB text in an expression, file limit raised", () => Value("'" + TenMegabytes + "'"), DiagnosticCodes.ExpressionTooLong,
            new RuleSetOptions { Limits = new RuleSetLimits { MaxFileBytes = 64 * 1024 * 1024 } });
        Rejected("10 MB description", () => File("\"description\": \"" + TenMegabytes + "\", \"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"1\" } }"),
            DiagnosticCodes.FileTooLarge);
        Loads("10 MB text parameter, file limit raised",
            () => File("\"parameters\": { \"p\": \"" + TenMegabytes + "\" }, \"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"len(p)\" } }"),
            Gives("{}", 10_000_000d), new RuleSetOptions { Limits = new RuleSetLimits { MaxFileBytes = 64 * 1024 * 1024 } });

        // 100,000-deep expressions: stopped by the depth limit, not the stack.
        void TooDeep(string name, string expression) => Rejected(name, () => Value(expression), DiagnosticCodes.NestedTooDeeply, Unlimited);
        TooDeep("100,000 parentheses", new string('(', Deep) + "age" + new string(')', Deep));
        TooDeep("100,000 unclosed parentheses", new string('(', Deep) + "age");
        TooDeep("100,000 unary minus", new string('-', Deep) + "age");
        TooDeep("100,000 not", Repeat("not ", Deep) + "true");
        TooDeep("100,000 conditionals", Repeat("age > 1 ? 1 : ", Deep) + "2");
        TooDeep("100,000 ??", Repeat("a ?? ", Deep) + "2");
        TooDeep("100,000 nested lists", new string('[', Deep) + "1" + new string(']', Deep));
        TooDeep("100,000 nested calls", Repeat("abs(", Deep) + "1" + new string(')', Deep));
        TooDeep("100,000 nested list conditions", Repeat("orders.Any(o => ", Deep) + "true" + new string(')', Deep));
        TooDeep("100,000 additions", "age" + Repeat(" + age", Deep));
        TooDeep("100,000 members", "address" + Repeat(".postcode", Deep));
        Rejected("100,000 parentheses, default limits", () => Value(new string('(', Deep) + "age" + new string(')', Deep)), DiagnosticCodes.ExpressionTooLong);

        // JSON bombs in a rule file: stopped by the JSON depth limit.
        Rejected("100,000 nested arrays as the file", () => RuleSetSources.One(new string('[', Deep) + new string(']', Deep)), DiagnosticCodes.JsonSyntax);
        Rejected("100,000 nested objects as the file", () => RuleSetSources.One(Repeat("{\"a\":", Deep) + "1" + new string('}', Deep)), DiagnosticCodes.JsonSyntax);
        Rejected("100,000 nested arrays in a description", () => File("\"description\": " + new string('[', Deep) + new string(']', Deep)), DiagnosticCodes.JsonSyntax);
        Rejected("100,000 nested object inputs", () => File("\"inputs\": " + Repeat("{ \"x\": { \"type\": \"object\", \"properties\": ", Deep)), DiagnosticCodes.JsonSyntax);
        Rejected("1,000,000 unclosed brackets", () => RuleSetSources.One(new string('[', 1_000_000)), DiagnosticCodes.JsonSyntax);

        // Huge numbers.
        Expression("1e400 in an expression", "age + 1e400", DiagnosticCodes.InvalidNumber);
        Expression("400 nines in an expression", "age + " + new string('9', 400), DiagnosticCodes.InvalidNumber);
        Rejected("1e400 parameter", () => File("\"parameters\": { \"p\": 1e400 }, \"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"p\" } }"), DiagnosticCodes.WrongJsonKind);
        Rejected("-1e400 in a list parameter", () => File("\"parameters\": { \"p\": [1, -1e400] }, \"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"p.Sum()\" } }"), DiagnosticCodes.WrongJsonKind);
        Rejected("400-digit integer in a rule file", () => File("\"parameters\": { \"p\": " + new string('9', 400) + " }"), DiagnosticCodes.JsonSyntax);
        Rejected("NaN parameter", () => File("\"parameters\": { \"p\": NaN }, \"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"p\" } }"), DiagnosticCodes.JsonSyntax);
        Rejected("1e400 points", () => File(Inputs + """
            "scorecards": { "s": { "rows": [ { "id": "r", "points": 1e400 } ] } }, "outputs": { "s": "number" }
            """), DiagnosticCodes.WrongJsonKind);
        Rejected("1e400 band bound", () => File(Inputs + """
            "bands": { "level": { "value": "age", "bands": [ { "label": "X", "min": 1e400 } ] } }, "outputs": { "level": "string" }
            """), DiagnosticCodes.WrongJsonKind);
        Rejected("1e400 priority", () => File(Inputs + """
            "outputs": { "o": "number" }, "rules": [ { "id": "r", "when": "true", "priority": 1e400, "then": [ { "set": "o", "to": 1 } ] } ]
            """), DiagnosticCodes.WrongJsonKind);
        Rejected("1e400 set by a rule", () => File(Inputs + """
            "outputs": { "o": "number" }, "rules": [ { "id": "r", "when": "true", "then": [ { "set": "o", "to": 1e400 } ] } ]
            """), DiagnosticCodes.TableOutputValue);
        Rejected("1e400 table cell", () => File(Inputs + """
            "tables": { "t": { "inputs": ["age"], "outputs": { "x": "number" }, "rows": [ { "id": "r", "when": [1e400], "then": { "x": 1 } } ] } },
            "outputs": { "x": "number" }
            """), DiagnosticCodes.InvalidCell);
        Rejected("1e400 input default", () => File("""
            "inputs": { "n": { "type": "number", "default": 1e400 } }, "outputs": { "n": "number" }
            """), DiagnosticCodes.DefaultTypeMismatch);
        Rejected("infinite parameter override", () => File("\"parameters\": { \"p\": 1 }, \"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"p\" } }"),
            DiagnosticCodes.WrongJsonKind, new RuleSetOptions { Parameters = new Dictionary<string, object?> { ["p"] = double.PositiveInfinity } });

        // NaN and infinity arithmetic: missing values, and a review where an overflow reaches an output.
        Loads("1e308 * 10 reaching an output", () => Output("number", "a * 10"), Gives("{\"a\": 1e308}", null, "NON_FINITE_OUTPUT"));
        Loads("infinity minus infinity", () => Output("number", "(a * 10) - (a * 10)"), Gives("{\"a\": 1e308}", null, "NON_FINITE_OUTPUT"));
        Loads("0/0 through inputs", () => Output("number", "a / b"), Gives("{\"a\": 0, \"b\": 0}", null));
        Loads("division by zero", () => Output("number", "a / 0"), Gives("{\"a\": 1}", null));
        Loads("remainder by zero", () => Output("number", "a % b"), Gives("{\"a\": 5, \"b\": 0}", null));
        Loads("ln(0)", () => Output("number", "ln(a)"), Gives("{\"a\": 0}", null));
        Loads("log10 of a negative number", () => Output("number", "log10(a)"), Gives("{\"a\": -1}", null));
        Loads("sqrt(-1)", () => Output("number", "sqrt(a)"), Gives("{\"a\": -1}", null));
        Loads("pow overflow", () => Output("number", "pow(10, a)"), Gives("{\"a\": 400}", null));
        Loads("pow of a negative number to a fraction", () => Output("number", "pow(a, 1/3)"), Gives("{\"a\": -8}", null));
        Loads("exp(1000)", () => Output("number", "exp(a)"), Gives("{\"a\": 1000}", null));
        Loads("round of an overflow", () => Output("number", "round(a * 10, 2)"), Gives("{\"a\": 1e308}", null, "NON_FINITE_OUTPUT"));
        Loads("floor of an overflow", () => Output("number", "floor(a * 10)"), Gives("{\"a\": 1e308}", null, "NON_FINITE_OUTPUT"));
        Loads("logistic of an overflow", () => Output("number", "logistic(a * 10)"), Gives("{\"a\": 1e308}", 1d));
        Loads("addDays by an overflow", () => Output("date", "addDays(when, a * 10)"), Gives("{\"a\": 1e308, \"when\": \"2026-06-09\"}", null));
        Loads("addYears by NaN", () => Output("date", "addYears(when, (a * 10) - (a * 10))"), Gives("{\"a\": 1e308, \"when\": \"2026-06-09\"}", null));
        Loads("an overflow compares as very large", () => Output("bool", "a * 10 > 1e308"), Gives("{\"a\": 1e308}", true));
        Loads("an overflow joined to text", () => Output("string", "'x' + (a * 10)"), Gives("{\"a\": 1e308}", "xInfinity"));
        Loads("an overflow falls in the top band", () => File(Inputs + """
            "bands": { "level": { "value": "a * 10", "bands": [ { "label": "LOW", "max": 10 }, { "label": "HIGH", "min": 10 } ] } },
            "outputs": { "o": { "type": "string", "value": "level" } }
            """), Gives("{\"a\": 1e308}", "HIGH"));
        Loads("NaN falls in no band", () => File(Inputs + """
            "bands": { "level": { "value": "(a * 10) - (a * 10)", "bands": [ { "label": "LOW", "max": 10 }, { "label": "HIGH", "min": 10 } ] } },
            "outputs": { "o": { "type": "string", "value": "level" } }
            """), Gives("{\"a\": 1e308}", null, "NO_BAND"));
        Loads("an overflow scored", () => File(Inputs + """
            "scorecards": { "o": { "rows": [ { "id": "r", "points": "a * 10" } ] } }, "outputs": { "o": "number" }
            """), Gives("{\"a\": 1e308}", null, "NON_FINITE_OUTPUT"));

        // Named values holding objects: a full trace records them as missing (it used to fail the evaluation: found by fuzzing).
        Loads("value holding a list of objects, traced", () => File(Inputs + """
            "values": { "all": "orders", "first": "orders[0]", "where": "address" },
            "outputs": { "o": { "type": "number", "value": "all.Count(x => x.kind == 'A') + (first.kind == 'A' ? 1 : 0) + (where.postcode == null ? 0 : 1)" } }
            """), Gives("{\"orders\": [{\"kind\": \"A\"}, {\"kind\": \"B\"}], \"address\": {\"postcode\": \"X\"}}", 3d));

        // Cycles.
        Rejected("value using itself", () => File(Inputs + "\"values\": { \"v\": \"v + 1\" }, \"outputs\": { \"v\": \"number\" }"), DiagnosticCodes.Cycle);
        Rejected("three values in a circle", () => File(Inputs + """
            "values": { "x": "y + 1", "y": "z + 1", "z": "x + 1" }, "outputs": { "x": "number" }
            """), DiagnosticCodes.Cycle);
        Rejected("cycle through a table", () => File(Inputs + """
            "values": { "v": "t + 1" },
            "tables": { "table": { "hitPolicy": "FIRST", "inputs": ["v"], "outputs": { "t": "number" }, "rows": [ { "id": "r", "when": ["-"], "then": { "t": 1 } } ] } },
            "outputs": { "t": "number" }
            """), DiagnosticCodes.Cycle);
        Rejected("cycle through a rule setting an output", () => File(Inputs + """
            "outputs": { "final": "string" },
            "rules": [ { "id": "r", "when": "final == 'A'", "then": [ { "set": "final", "to": "B" } ] } ]
            """), DiagnosticCodes.Cycle);
        Rejected("cycle through a scorecard and its band set", () => File(Inputs + """
            "scorecards": { "score": { "rows": [ { "id": "r", "when": "level == 'HIGH'", "points": 1 } ] } },
            "bands": { "level": { "value": "score", "bands": [ { "label": "LOW", "max": 1 }, { "label": "HIGH", "min": 1 } ] } },
            "outputs": { "level": "string" }
            """), DiagnosticCodes.Cycle);
        Rejected("output value using itself", () => File(Inputs + "\"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"o + 1\" } }"), DiagnosticCodes.Cycle);
        Rejected("cycle between two modules", () => new Dictionary<string, string>
        {
            ["a.json"] = "{" + RuleSetSources.Header + Inputs + "\"module\": \"a\", \"values\": { \"x\": \"y + 1\" }, \"outputs\": { \"x\": \"number\" } }",
            ["b.json"] = "{ \"module\": \"b\", \"values\": { \"y\": \"x + 1\" } }",
        }, DiagnosticCodes.Cycle);
        Loads("a module naming itself", () => new Dictionary<string, string>
        {
            ["a.json"] = "{" + RuleSetSources.Header + Inputs + "\"module\": \"a.json\", \"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"v\" } } }",
            ["b.json"] = "{ \"module\": \"b.json\", \"description\": \"b.json\", \"values\": { \"v\": \"a + 1\" } }",
        }, Gives("{\"a\": 1}", 2d));

        // A chain of 20,000 values running into a two-value cycle: reporting it walked the chain again from every
        // value, which took minutes (quadratic); now a few seconds at most.
        Rejected("20,000 values leading into a cycle", () => File(
            "\"values\": {" + Join(20_000, i => $"\"v{i}\": \"v{i + 1} + 1\"") + ", \"v20000\": \"v20001\", \"v20001\": \"v20000\" }, \"outputs\": { \"v0\": \"number\" }"),
            DiagnosticCodes.Cycle);

        // Duplicates.
        Rejected("key written twice", () => File(Inputs + "\"values\": { \"v\": \"1\", \"v\": \"2\" }"), DiagnosticCodes.JsonSyntax);
        Rejected("key written twice, once escaped", () => File(Inputs + "\"values\": { \"v\": \"1\", \"\\u0076\": \"2\" }"), DiagnosticCodes.JsonSyntax);
        Rejected("section written twice", () => File(Inputs + "\"outputs\": { \"o\": \"number\" }, \"outputs\": { \"p\": \"number\" }"), DiagnosticCodes.JsonSyntax);
        Rejected("name declared in two modules", () => new Dictionary<string, string>
        {
            ["a.json"] = "{" + RuleSetSources.Header + Inputs + "\"values\": { \"v\": \"1\" }, \"outputs\": { \"v\": \"number\" } }",
            ["b.json"] = "{ \"values\": { \"v\": \"2\" } }",
        }, DiagnosticCodes.DuplicateName);
        Rejected("input and value of the same name in two modules", () => new Dictionary<string, string>
        {
            ["a.json"] = "{" + RuleSetSources.Header + Inputs + "\"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"1\" } } }",
            ["b.json"] = "{ \"values\": { \"age\": \"2\" } }",
        }, DiagnosticCodes.DuplicateName);
        Rejected("rule set declared in two modules", () => new Dictionary<string, string>
        {
            ["a.json"] = "{" + RuleSetSources.Header + "\"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"1\" } } }",
            ["b.json"] = "{" + RuleSetSources.Header.TrimEnd(',') + "}",
        }, DiagnosticCodes.RuleSetMetadata);
        Rejected("no rule-set declaration", () => RuleSetSources.One("{ \"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"1\" } } }"), DiagnosticCodes.RuleSetMetadata);
        Rejected("rule id used twice", () => File(Inputs + """
            "outputs": { "o": "number" },
            "rules": [ { "id": "r", "when": "true", "then": [] }, { "id": "r", "when": "false", "then": [] } ]
            """), DiagnosticCodes.DuplicateId);

        // Files as text in memory: a byte-order mark is allowed; an empty or broken file is a diagnostic.
        Loads("byte-order mark", () => RuleSetSources.One("\uFEFF{" + RuleSetSources.Header + "\"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"1\" } } }"), Gives("{}", 1d));
        Loads("lone surrogate in a description", () => File("\"description\": \"\uD800\", \"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"1\" } }"), Gives("{}", 1d));
        Rejected("empty file", () => RuleSetSources.One(string.Empty), DiagnosticCodes.JsonSyntax);
        Rejected("top-level array", () => RuleSetSources.One("[]"), DiagnosticCodes.WrongJsonKind);
        Rejected("text after the object", () => RuleSetSources.One("{" + RuleSetSources.Header.TrimEnd(',') + "} {}"), DiagnosticCodes.JsonSyntax);
        Rejected("NUL characters", () => RuleSetSources.One(new string('\0', 100)), DiagnosticCodes.JsonSyntax);
        Rejected("Newtonsoft constructor in a rule file", () => File("\"parameters\": { \"p\": new Date(1) }"), DiagnosticCodes.JsonSyntax);
        Rejected("file over the size limit", () => File("\"description\": \"" + new string('x', 5_000) + "\""), DiagnosticCodes.FileTooLarge,
            new RuleSetOptions { Limits = new RuleSetLimits { MaxFileBytes = 4_096 } });

        // Huge rule sets (see Huge_rule_set_loads_and_evaluates_on_a_small_stack). Each size overflowed the stack before the fixes:
        // the long lists while loading on 256 KiB, the others when evaluated on 64 KiB once compiled.
        Huge("scorecard with 1,500 rows", () => File(Inputs + "\"scorecards\": { \"o\": { \"rows\": [" +
            Join(1_500, i => $"{{ \"id\": \"r{i}\", \"when\": \"a > {i}\", \"points\": 1 }}") + "] } }, \"outputs\": { \"o\": \"number\" }"),
            Gives("{\"a\": 500}", 500d));
        Huge("FIRST table with 1,500 rows", () => File(Inputs + "\"tables\": { \"t\": { \"hitPolicy\": \"FIRST\", \"inputs\": [\"a\"], \"outputs\": { \"o\": \"number\" }, \"rows\": [" +
            Join(1_500, i => $"{{ \"id\": \"r{i}\", \"when\": [\"== {i}\"], \"then\": {{ \"o\": {i * 2} }} }}") + "] } }, \"outputs\": { \"o\": \"number\" }"),
            Gives("{\"a\": 1234}", 2468d));
        Huge("COLLECT table with 1,500 rows", () => File(Inputs + "\"tables\": { \"t\": { \"hitPolicy\": \"COLLECT\", \"aggregation\": \"SUM\", \"inputs\": [\"a\"], \"outputs\": { \"o\": \"number\" }, \"rows\": [" +
            Join(1_500, i => $"{{ \"id\": \"r{i}\", \"when\": [\"> {i}\"], \"then\": {{ \"o\": 1 }} }}") + "] } }, \"outputs\": { \"o\": \"number\" }"),
            Gives("{\"a\": 1000}", 1000d));
        Huge("2,000 outputs", () => File(Inputs + "\"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"a\" }, " +
            Join(2_000, i => $"\"o{i}\": {{ \"type\": \"number\", \"value\": \"a + {i}\" }}") + " }"),
            Gives("{\"a\": 7}", 7d));
        Huge("2,000 required inputs", () => File("\"inputs\": { \"a\": \"number\", " + Join(2_000, i => $"\"i{i}\": {{ \"type\": \"number\", \"required\": true }}") +
            " }, \"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"a\" } }"),
            ruleSet =>
            {
                var decision = Guarded.Check(ruleSet.Evaluate("{\"a\": 3}"));
                // The first MaxCaseErrors reasons are listed and the rest counted in a last one.
                Assert.Equal(RuleSetLimits.Default.MaxCaseErrors, decision.ReviewReasons.Count(r => r.Code == "MISSING_INPUT"));
                Assert.Equal("and 1,900 more review reasons, not listed", decision.ReviewReasons[^1].Message);
                Assert.Equal(3d, decision["o"].AsNumber);
            });
        Huge("5,000 rules setting one output", () => File(Inputs + "\"outputs\": { \"o\": \"number\" }, \"rules\": [" +
            Join(5_000, i => $"{{ \"id\": \"r{i}\", \"when\": \"a < {i}\", \"priority\": {i % 7}, \"then\": [ {{ \"set\": \"o\", \"to\": {i} }} ] }}") + "]"),
            Gives("{\"a\": 4990}", 4997d));
        Huge("list parameter of 3,000 numbers after in", () => File(Inputs + "\"parameters\": { \"p\": [" + Join(3_000, i => (i * 3).ToString(System.Globalization.CultureInfo.InvariantCulture)) +
            "] }, \"outputs\": { \"o\": { \"type\": \"bool\", \"value\": \"a in p\" } }"),
            ruleSet =>
            {
                Gives("{\"a\": 8997}", true)(ruleSet);
                Gives("{\"a\": 8998}", false)(ruleSet);
                Gives("{}", false)(ruleSet);
            });
        Huge("table with 3,000 columns", () => File(Inputs + "\"tables\": { \"t\": { \"inputs\": [" + Join(3_000, _ => "\"a\"") +
            "], \"outputs\": { \"o\": \"number\" }, \"rows\": [ { \"id\": \"r\", \"when\": [" + Join(3_000, i => $"\">= {i}\"") + "], \"then\": { \"o\": 1 } } ] } }, \"outputs\": { \"o\": \"number\" }"),
            ruleSet =>
            {
                Gives("{\"a\": 2999}", 1d)(ruleSet);
                Gives("{\"a\": 2998}", null)(ruleSet);
            });
        Huge("enumeration of 3,000 values, typed case", () => File("\"inputs\": { \"e\": { \"type\": \"string\", \"enum\": [" + Join(3_000, i => $"\"E{i}\"") +
            "] } }, \"outputs\": { \"o\": { \"type\": \"bool\", \"value\": \"e == 'E2999'\" } }"),
            ruleSet =>
            {
                Assert.Equal(true, Guarded.Check(ruleSet.EvaluateTyped(new EnumCase { E = "E2999" }))["o"].AsBool);
                Assert.Equal(DecisionStatus.Invalid, Guarded.Check(ruleSet.EvaluateTyped(new EnumCase { E = "E3000" })).Status);
            });

        return list;
    }

    /// <summary>A typed case for the long enumeration: typed cases check enumeration values in compiled code.</summary>
    public sealed class EnumCase
    {
        public string? E { get; init; }
    }
}
