using System.Globalization;
using System.Text;
using RiskTriage.Diagnostics;

namespace RiskTriage.Tests.Reliability;

/// <summary>
/// Every <see cref="RuleSetLimits"/> limit at its edge, with small custom limits: just under (or at) the limit
/// works, one over gives the diagnostic (rule files) or an Invalid decision (cases).
/// </summary>
public sealed class LimitTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("risktriage-limits-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static RuleSetOptions With(RuleSetLimits limits) => new() { Limits = limits };

    /// <summary>A rule file of exactly <paramref name="length"/> characters (all ASCII, so as many bytes), padded in its description.</summary>
    private static string FileOfLength(int length)
    {
        var head = "{" + RuleSetSources.Header + "\"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"1\" } }, \"description\": \"";
        const string tail = "\" }";
        return head + new string('x', length - head.Length - tail.Length) + tail;
    }

    // ---- Rule files -------------------------------------------------------------------------------------

    [Fact]
    public void MaxFileBytes_on_disk()
    {
        var limits = new RuleSetLimits { MaxFileBytes = 1_000 };
        var atLimit = Path.Combine(_root, "at.json");
        var over = Path.Combine(_root, "over.json");
        File.WriteAllText(atLimit, FileOfLength(1_000));
        File.WriteAllText(over, FileOfLength(1_001));
        Assert.Equal(1_000, new FileInfo(atLimit).Length);

        Assert.NotNull(Guarded.LoadPath(atLimit, With(limits)).RuleSet);
        var diagnostic = Assert.Single(Guarded.LoadPath(over, With(limits)).Diagnostics);
        Assert.Equal(DiagnosticCodes.FileTooLarge, diagnostic.Code);
        Assert.Contains("1,001 bytes; the limit is 1,000", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxFileBytes_in_memory_counts_bytes_as_on_disk()
    {
        var options = With(new RuleSetLimits { MaxFileBytes = 1_000 });

        Assert.NotNull(Guarded.Load(RuleSetSources.One(FileOfLength(1_000)), options).RuleSet);
        Assert.Equal([DiagnosticCodes.FileTooLarge], Guarded.Load(RuleSetSources.One(FileOfLength(1_001)), options).ErrorCodes);

        // 900 characters, over 1,000 bytes as UTF-8 ('é' takes two): a text too large on disk is too large in memory.
        var accented = FileOfLength(900).Replace('x', 'é');
        var path = Path.Combine(_root, "accented.json");
        File.WriteAllText(path, accented);
        var bytes = new FileInfo(path).Length;
        Assert.Equal(900, accented.Length);
        Assert.InRange(bytes, 1_001, 2_000);

        Assert.Equal([DiagnosticCodes.FileTooLarge], Guarded.LoadPath(path, options).ErrorCodes);
        var diagnostic = Assert.Single(Guarded.Load(RuleSetSources.One(accented), options).Diagnostics);
        Assert.Equal(DiagnosticCodes.FileTooLarge, diagnostic.Code);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes:N0} bytes as UTF-8; the limit is 1,000"), diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxFiles()
    {
        var folder = Path.Combine(_root, "files");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a.json"), "{" + RuleSetSources.Header + "\"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"1\" } } }");
        File.WriteAllText(Path.Combine(folder, "b.json"), "{}");
        File.WriteAllText(Path.Combine(folder, "c.json"), "{}");
        var options = With(new RuleSetLimits { MaxFiles = 3 });

        Assert.NotNull(Guarded.LoadPath(folder, options).RuleSet);
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "sub", "d.json"), "{}");
        var diagnostic = Assert.Single(Guarded.LoadPath(folder, options).Diagnostics);
        Assert.Equal(DiagnosticCodes.FileTooLarge, diagnostic.Code);
        Assert.Contains("more than 3 rule files; the limit is 3", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxExpressionLength()
    {
        var options = With(new RuleSetLimits { MaxExpressionLength = 50 });
        string Text(int length) => "'" + new string('x', length - 2) + "'";
        Dictionary<string, string> File(string expression) => RuleSetSources.One("{" + RuleSetSources.Header +
            "\"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"len(" + expression + ")\" } } }");

        // len( + 46 + ) = 50 characters.
        var ruleSet = Guarded.Load(File(Text(45)), options).RuleSet;
        Assert.NotNull(ruleSet);
        Assert.Equal(43d, ruleSet.Evaluate("{}")["o"].AsNumber);
        Assert.Equal([DiagnosticCodes.ExpressionTooLong], Guarded.Load(File(Text(46)), options).ErrorCodes);
    }

    [Theory]
    [InlineData("parentheses", "(", ")", 1)]
    [InlineData("calls", "abs(", ")", 2)]
    [InlineData("unary minus", "-", "", 1)]
    [InlineData("chained additions", "a + ", "", 1)]
    public void MaxExpressionDepth(string shape, string open, string close, int levelsPerStep)
    {
        // The name at the bottom is a level too: with a limit of 7, six levels around it (or a chain of seven terms).
        // A call takes two levels (the call and its argument list), so three nested calls.
        const int depth = 7;
        var options = With(new RuleSetLimits { MaxExpressionDepth = depth });
        Dictionary<string, string> File(int levels)
        {
            var expression = new StringBuilder();
            for (var i = 0; i < levels; i++)
            {
                expression.Append(open);
            }

            expression.Append('a');
            for (var i = 0; i < levels; i++)
            {
                expression.Append(close);
            }

            return RuleSetSources.One("{" + RuleSetSources.Header + "\"inputs\": { \"a\": \"number\" }, \"values\": { \"v\": \"" + expression + "\" }, \"outputs\": { \"v\": \"number\" } }");
        }

        var deepest = (depth - 1) / levelsPerStep;
        Assert.True(Guarded.Load(File(deepest), options).RuleSet is not null, $"{shape}: {deepest} levels");
        Assert.Equal([DiagnosticCodes.NestedTooDeeply], Guarded.Load(File(deepest + 1), options).ErrorCodes);
    }

    [Fact]
    public void MaxJsonDepth_in_a_rule_file()
    {
        // The object of the file is level 1; each list in the description adds one.
        var options = With(new RuleSetLimits { MaxJsonDepth = 6 });
        Dictionary<string, string> File(int levels) => RuleSetSources.One("{" + RuleSetSources.Header +
            "\"outputs\": { \"o\": { \"type\": \"number\", \"value\": \"1\" } }, \"description\": " + new string('[', levels - 1) + new string(']', levels - 1) + " }");

        Assert.NotNull(Guarded.Load(File(6), options).RuleSet);
        Assert.Equal([DiagnosticCodes.JsonSyntax], Guarded.Load(File(7), options).ErrorCodes);
    }

    // ---- Cases ---------------------------------------------------------------------------------------------

    /// <summary>The case rule set, compiled (checked by <see cref="Guarded.Load"/>), or interpreted when asked: Guarded.Load compiles whatever it is given.</summary>
    private static RuleSet CaseRuleSet(RuleSetLimits limits, bool declareCaseId = true, RuleSetBackend backend = RuleSetBackend.Compiled)
    {
        var sources = CaseRuleSetSources(declareCaseId);
        return backend == RuleSetBackend.Compiled
            ? Guarded.Load(sources, With(limits)).RuleSet ?? throw new InvalidOperationException("the case rule set must load")
            : RuleSet.LoadFromSources(sources, new RuleSetOptions { Limits = limits, Backend = backend });
    }

    private static Dictionary<string, string> CaseRuleSetSources(bool declareCaseId) => RuleSetSources.One("{" + RuleSetSources.Header + """
        "inputs": {
        """ + (declareCaseId ? "\"caseId\": \"string\"," : string.Empty) + """
          "s": "string",
          "xs": { "type": "list", "items": "number" },
          "items": { "type": "list", "items": { "type": "object", "properties": { "tags": { "type": "list", "items": "string" } } } }
        },
        "outputs": {
          "length": { "type": "number", "value": "len(s)" },
          "count": { "type": "number", "value": "xs.Count()" },
          "tags": { "type": "number", "value": "items.Sum(i => i.tags.Count())" }
        }
        }
        """);

    private static Decision Evaluate(RuleSet ruleSet, string json) => Guarded.Evaluate(ruleSet, json);

    private static void AssertInvalid(Decision decision, string path, string message)
    {
        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        var error = Assert.Single(decision.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxJsonDepth_in_a_case()
    {
        var ruleSet = CaseRuleSet(new RuleSetLimits { MaxJsonDepth = 6 });
        string Case(int levels) => "{ \"caseId\": \"d\", \"extra\": " + new string('[', levels - 1) + new string(']', levels - 1) + " }";

        Assert.Equal(DecisionStatus.Complete, Evaluate(ruleSet, Case(6)).Status);
        var decision = Evaluate(ruleSet, Case(7));
        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Equal("d", decision.CaseId);
        Assert.Contains("nested more than 6", Assert.Single(decision.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxCollectionItems()
    {
        var ruleSet = CaseRuleSet(new RuleSetLimits { MaxCollectionItems = 5 });
        string Numbers(int count) => "[" + string.Join(",", Enumerable.Range(0, count)) + "]";
        string Tags(int count) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"t{i}\"")) + "]";

        Assert.Equal(5d, Evaluate(ruleSet, "{ \"xs\": " + Numbers(5) + " }")["count"].AsNumber);
        AssertInvalid(Evaluate(ruleSet, "{ \"xs\": " + Numbers(6) + " }"), "xs", "more than 5 items");

        // Each list on its own: five items of five tags each is within the limit; a sixth tag in one item is not.
        var items = string.Join(",", Enumerable.Repeat("{ \"tags\": " + Tags(5) + " }", 5));
        Assert.Equal(25d, Evaluate(ruleSet, "{ \"items\": [" + items + "] }")["tags"].AsNumber);
        AssertInvalid(Evaluate(ruleSet, "{ \"items\": [" + items + ", { \"tags\": [] }] }"), "items", "more than 5 items");
        AssertInvalid(Evaluate(ruleSet, "{ \"items\": [{ \"tags\": " + Tags(6) + " }] }"), "items[0].tags", "more than 5 items");
    }

    [Fact]
    public void MaxCaseItems_counts_every_list_of_the_case()
    {
        var ruleSet = CaseRuleSet(new RuleSetLimits { MaxCaseItems = 12 });
        string Item(int tags) => "{ \"tags\": [" + string.Join(",", Enumerable.Range(0, tags).Select(i => $"\"t{i}\"")) + "] }";

        // Two items holding five tags each: 12 items in all, at the limit; one more tag in either list goes over.
        Assert.Equal(10d, Evaluate(ruleSet, "{ \"items\": [" + Item(5) + "," + Item(5) + "] }")["tags"].AsNumber);
        AssertInvalid(Evaluate(ruleSet, "{ \"items\": [" + Item(5) + "," + Item(6) + "] }"), "items[1].tags", "more than 12 list items in all");
        AssertInvalid(Evaluate(ruleSet, "{ \"xs\": [1, 2], \"items\": [" + Item(5) + "," + Item(4) + "] }"), "items[1].tags", "more than 12 list items in all");
    }

    public sealed class TagItem
    {
        public List<string>? Tags { get; init; }
    }

    public sealed class LimitCase
    {
        public string? CaseId { get; init; }

        public string? S { get; init; }

        public List<double>? Xs { get; init; }

        public List<TagItem>? Items { get; init; }
    }

    public static TheoryData<RuleSetBackend> Backends => [RuleSetBackend.Compiled, RuleSetBackend.Interpreted];

    [Theory]
    [MemberData(nameof(Backends))]
    public void MaxCaseItems_holds_a_typed_case_as_it_holds_a_JSON_case(RuleSetBackend backend)
    {
        // A typed case's lists were held to their own limit only, so a case refused as JSON was decided when typed.
        var ruleSet = CaseRuleSet(new RuleSetLimits { MaxCaseItems = 12 }, backend: backend);
        string Item(int tags) => "{ \"tags\": [" + string.Join(",", Enumerable.Range(0, tags).Select(i => $"\"t{i}\"")) + "] }";

        foreach (var json in new[]
        {
            "{ \"items\": [" + Item(5) + "," + Item(5) + "] }",
            "{ \"items\": [" + Item(5) + "," + Item(6) + "] }",
            "{ \"xs\": [1, 2], \"items\": [" + Item(5) + "," + Item(4) + "," + Item(7) + "] }",
        })
        {
            var typed = ruleSet.For<LimitCase>().Evaluate(Newtonsoft.Json.JsonConvert.DeserializeObject<LimitCase>(json)!);
            Assert.Equal(Evaluate(ruleSet, json).ToJson(), typed.ToJson());
        }

        var over = ruleSet.For<LimitCase>().Evaluate(new LimitCase { Xs = [1, 2], Items = [new() { Tags = ["a", "b", "c", "d", "e"] }, new() { Tags = ["a", "b", "c", "d"] }, new() { Tags = [] }] });
        AssertInvalid(over, "items[1].tags", "more than 12 list items in all");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_typed_case_whose_lists_share_one_long_list_is_refused_without_being_copied(RuleSetBackend backend)
    {
        // The interpreter copied a typed case into records before any limit was checked: 1,000 items sharing one list
        // of 10,000 tags became 10,000,000 copied items (about 370 MB) before the case was refused.
        var ruleSet = CaseRuleSet(RuleSetLimits.Default, backend: backend);
        var tags = Enumerable.Range(0, 10_000).Select(i => "t" + i).ToList();
        var shared = new LimitCase { Items = [.. Enumerable.Range(0, 1_000).Select(i => new TagItem { Tags = tags })] };
        var evaluator = ruleSet.For<LimitCase>();
        evaluator.Evaluate(new LimitCase { Items = [new TagItem { Tags = ["t"] }] });

        var before = GC.GetAllocatedBytesForCurrentThread();
        var decision = evaluator.Evaluate(shared);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        AssertInvalid(decision, "items[9].tags", "more than 100,000 list items in all");
        // Bounded by the limits (the interpreter reads at most 100,000 items, about 11 MB here), not by the copies.
        Assert.InRange(allocated, 0, 40_000_000);
        Assert.Equal(CaseRuleSet(RuleSetLimits.Default).For<LimitCase>().Evaluate(shared).ToJson(), decision.ToJson());

        // A list past its own limit is refused as the compiled checks refuse it, its items unread.
        var long10001 = new LimitCase { Xs = [1], Items = [new TagItem { Tags = [.. Enumerable.Repeat("t", 10_001)] }] };
        AssertInvalid(evaluator.Evaluate(long10001), "items[0].tags", "the list has 10,001 items, more than 10,000");
    }

    [Fact]
    public void MaxCaseErrors_lists_the_first_errors_and_counts_the_rest()
    {
        var ruleSet = CaseRuleSet(new RuleSetLimits { MaxCaseErrors = 3 });
        string Texts(int count) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"x{i}\"")) + "]";

        Assert.Equal(3, Evaluate(ruleSet, "{ \"xs\": " + Texts(3) + " }").Errors.Count);
        var decision = Evaluate(ruleSet, "{ \"xs\": " + Texts(10) + " }");
        Assert.Equal(DecisionStatus.Invalid, decision.Status);
        Assert.Equal(["xs[0]", "xs[1]", "xs[2]", "$"], decision.Errors.Select(e => e.Path));
        Assert.Equal("and 7 more errors, not listed", decision.Errors[^1].Message);
        Assert.Contains("and 7 more errors", decision.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void MaxCaseErrors_bounds_review_reasons_too()
    {
        var ruleSet = Guarded.Load(RuleSetSources.One("{" + RuleSetSources.Header + """
            "inputs": { "xs": { "type": "list", "items": { "type": "object", "properties": { "a": { "type": "number", "required": true } } } } },
            "outputs": { "n": { "type": "number", "value": "xs.Sum(x => x.a)" } }
            }
            """), With(new RuleSetLimits { MaxCaseErrors = 2 })).RuleSet!;
        var decision = Evaluate(ruleSet, "{ \"xs\": [{}, {}, {}, {}, {}] }");
        Assert.Equal(DecisionStatus.ReviewRequired, decision.Status);
        Assert.Equal(["MISSING_INPUT", "MISSING_INPUT", "MORE_REVIEW_REASONS"], decision.ReviewReasons.Select(r => r.Code));
        Assert.Contains("and 3 more review reasons", decision.ReviewReasons[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxCaseStringLength()
    {
        var ruleSet = CaseRuleSet(new RuleSetLimits { MaxCaseStringLength = 10 });
        var ten = new string('x', 10);
        var eleven = new string('x', 11);

        Assert.Equal(10d, Evaluate(ruleSet, $"{{ \"s\": \"{ten}\" }}")["length"].AsNumber);
        AssertInvalid(Evaluate(ruleSet, $"{{ \"s\": \"{eleven}\" }}"), "s", "11 characters long; the limit is 10");
        Assert.Equal(1d, Evaluate(ruleSet, $"{{ \"items\": [{{ \"tags\": [\"{ten}\"] }}] }}")["tags"].AsNumber);
        AssertInvalid(Evaluate(ruleSet, $"{{ \"items\": [{{ \"tags\": [\"{eleven}\"] }}] }}"), "items[0].tags[0]", "11 characters long");
        Assert.Equal(ten, Evaluate(ruleSet, $"{{ \"caseId\": \"{ten}\" }}").CaseId);
        AssertInvalid(Evaluate(ruleSet, $"{{ \"caseId\": \"{eleven}\" }}"), "caseId", "11 characters long");

        // An undeclared case id is copied into the decision too, so it is held to the same limit (it was not).
        var undeclared = CaseRuleSet(new RuleSetLimits { MaxCaseStringLength = 10 }, declareCaseId: false);
        Assert.Equal(ten, Evaluate(undeclared, $"{{ \"caseId\": \"{ten}\" }}").CaseId);
        var decision = Evaluate(undeclared, $"{{ \"caseId\": \"{eleven}\" }}");
        AssertInvalid(decision, "caseId", "11 characters long");
        Assert.Null(decision.CaseId);

        // So is one given as a whole number, on every path: within a long, and past one (as JSON wrote it).
        foreach (var (id, length) in new[] { ("12345678901", 11), ("-1234567890", 11), ("123456789012345678901234567890", 30) })
        {
            var json = $"{{ \"caseId\": {id} }}";
            foreach (var numbered in new[]
            {
                Evaluate(undeclared, json),
                Guarded.Check(undeclared.Evaluate(Encoding.UTF8.GetBytes(json).AsSpan())),
                Guarded.Check(undeclared.Evaluate(Newtonsoft.Json.Linq.JObject.Parse(json))),
                Guarded.Check(undeclared.Evaluate(new Newtonsoft.Json.JsonTextReader(new StringReader(json)))),
            })
            {
                AssertInvalid(numbered, "caseId", $"the case id is a number {length} characters long; the limit is 10");
                Assert.Null(numbered.CaseId);
            }
        }

        Assert.Equal("1234567890", Evaluate(undeclared, "{ \"caseId\": 1234567890 }").CaseId);

        // A case that is not strict JSON is invalid; its id, read before the fault, is held to the same limit.
        Assert.Null(Evaluate(undeclared, "{ \"caseId\": 12345678901, \"s\": 'x' }").CaseId);
        Assert.Equal("1234567890", Evaluate(undeclared, "{ \"caseId\": 1234567890, \"s\": 'x' }").CaseId);
        Assert.Equal("0", Evaluate(undeclared, "{ \"caseId\": -0, \"s\": 'x' }").CaseId);
    }

    [Fact]
    public void A_JObject_case_id_of_a_huge_whole_number_is_refused_by_its_length_without_making_its_text()
    {
        // Only a JObject built in code can hold such a number (JSON text's integers stop far shorter). Its text was made
        // before its length was checked: 4.2 s for 300,000 digits, growing with the square of the digits, so the first
        // of these (1,204,120 digits) would have taken over a minute; it is now refused at once. The others sit at a
        // power of ten, where the length is found exactly, and just within the limit.
        var undeclared = CaseRuleSet(new RuleSetLimits { MaxCaseStringLength = 10 }, declareCaseId: false);
        var power = System.Numerics.BigInteger.Pow(10, 20_000);
        foreach (var (id, length) in new (System.Numerics.BigInteger Id, int Length)[]
        {
            (System.Numerics.BigInteger.One << 4_000_000, 1_204_120),
            (-(System.Numerics.BigInteger.One << 4_000_000), 1_204_121),
            (power, 20_001),
            (power - 1, 20_000),
            (-power, 20_002),
            (-(power - 1), 20_001),
            (System.Numerics.BigInteger.Parse("99999999999999999999", CultureInfo.InvariantCulture), 20),
            (System.Numerics.BigInteger.Parse("100000000000", CultureInfo.InvariantCulture), 12),
            (System.Numerics.BigInteger.Parse("-10000000000", CultureInfo.InvariantCulture), 12),
        })
        {
            var @case = new Newtonsoft.Json.Linq.JObject { ["caseId"] = new Newtonsoft.Json.Linq.JValue(id) };
            var decision = Guarded.Run("a huge case id", () => Guarded.Check(undeclared.Evaluate(@case)));
            AssertInvalid(decision, "caseId", string.Create(CultureInfo.InvariantCulture, $"the case id is a number {length:N0} characters long; the limit is 10"));
            Assert.Null(decision.CaseId);
        }

        // At the largest limit there is, no id is past it (the bound's arithmetic overflowed an int, and every
        // BigInteger id was refused as too long).
        Assert.Null(RiskTriage.Evaluation.CaseReader.LengthPastLimit(System.Numerics.BigInteger.Parse("-999999999", CultureInfo.InvariantCulture), int.MaxValue));
        Assert.Null(RiskTriage.Evaluation.CaseReader.LengthPastLimit(System.Numerics.BigInteger.One << 4_000_000, int.MaxValue));

        // Within the limit, a whole number held as a BigInteger is the id, as its text.
        var within = new Newtonsoft.Json.Linq.JObject { ["caseId"] = new Newtonsoft.Json.Linq.JValue(System.Numerics.BigInteger.Parse("-999999999", CultureInfo.InvariantCulture)) };
        Assert.Equal("-999999999", Guarded.Check(undeclared.Evaluate(within)).CaseId);
    }

    [Fact]
    public void MaxCaseLength_for_text_and_streams()
    {
        var ruleSet = CaseRuleSet(new RuleSetLimits { MaxCaseLength = 100 });
        string Case(int length)
        {
            const string head = "{ \"caseId\": \"c\", \"s\": \"";
            const string tail = "\" }";
            return head + new string('x', length - head.Length - tail.Length) + tail;
        }

        Decision FromStream(string json) => Guarded.Run("evaluate a stream", () => Guarded.Check(ruleSet.Evaluate(new MemoryStream(Encoding.UTF8.GetBytes(json)))));

        Assert.Equal(DecisionStatus.Complete, Evaluate(ruleSet, Case(100)).Status);
        Assert.Equal(DecisionStatus.Complete, FromStream(Case(100)).Status);
        AssertInvalid(Evaluate(ruleSet, Case(101)), "$", "101 characters long; the limit is 100");

        // A stream used to be read whole, whatever its length; now it is held to the same limit.
        AssertInvalid(FromStream(Case(101)), "$", "more than 100 characters long; the limit is 100");
        AssertInvalid(FromStream(Case(99) + new string(' ', 10_000_000)), "$", "the limit is 100");
        Assert.Equal(DecisionStatus.Complete, FromStream(Case(95) + "     ").Status);

        // A byte order mark is not one of the case's characters, given as text, as a stream or as UTF-8 bytes.
        var marked = "\uFEFF" + Case(100);
        Assert.Equal(DecisionStatus.Complete, Evaluate(ruleSet, marked).Status);
        Assert.Equal(DecisionStatus.Complete, FromStream(marked).Status);
        Assert.Equal(DecisionStatus.Complete, Guarded.Check(ruleSet.Evaluate(Encoding.UTF8.GetBytes(marked).AsSpan())).Status);
        AssertInvalid(Evaluate(ruleSet, "\uFEFF" + Case(101)), "$", "101 characters long; the limit is 100");
    }

    [Fact]
    public void MaxCaseLength_default_stops_a_10_MB_case_given_as_a_stream()
    {
        var ruleSet = CaseRuleSet(RuleSetLimits.Default);
        var json = "{ \"s\": \"" + new string('x', 10_000_000) + "\" }";

        var decision = Guarded.Run("evaluate", () => Guarded.Check(ruleSet.Evaluate(new MemoryStream(Encoding.UTF8.GetBytes(json)))));

        AssertInvalid(decision, "$", "the limit is 4,194,304");
    }
}
