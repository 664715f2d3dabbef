using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Expressions.Binding;
using RiskTriage.Tests.Expressions;

namespace RiskTriage.Tests.Reliability;

/// <summary>A case of many list items, printed as what it holds when FsCheck reports it.</summary>
public sealed record BulkyCase(string Json, string Summary)
{
    public override string ToString() => $"{Summary} ({Json.Length:N0} characters)";
}

/// <summary>Rule files held in memory, printed readably when FsCheck reports a failing input.</summary>
public sealed record FuzzRuleSet(IReadOnlyDictionary<string, string> Files)
{
    public override string ToString() => string.Join("\n", Files.Select(f => $"--- {f.Key}\n{f.Value}"));
}

/// <summary>
/// FsCheck generators for the fuzz tests: random JSON, rule files built from random pieces of the rule format
/// (well formed and not), rule files carrying random token streams and well-typed expressions, and random cases for
/// a rule set's inputs (right and wrong types, nulls, extra fields, deep nesting, broken text).
/// </summary>
internal static class FuzzGenerators
{
    // ---- JSON ------------------------------------------------------------------------------------------

    private static readonly Gen<double> Numbers = Gen.Frequency(
        (6, Gen.Choose(-5, 40).Select(i => (double)i)),
        (3, Gen.Elements(0.5, 6.9, 6.95, 99.99, -0.0, 1e-300, 1e308, -1e308, 1.7976931348623157e308, 4.9e-324, 2.675, 1e15, 123456789.125)),
        (1, Gen.Choose(int.MinValue, int.MaxValue).Select(i => i / 7.0)));

    private static readonly string[] Words =
    [
        "", " ", "a", "A", "x", "LOW", "MEDIUM", "HIGH", "VERY_HIGH", "low", "Male", "Female", "NO_NEED", "SEVERE", "RMDO", "COMMUNITY",
        "2026-06-09", "2026-02-30", "2024-02-29", "0001-01-01", "9999-12-31", "2026-6-9", "true", "null", "1", "1e400", "NaN",
        "é", "東京", "\u0000", "\u200B", "\uFEFF", "\uD800", "\"", "\\", "{", "]", "-", ">= 3", "[1..2)", "== 'x'", "new Date(1)",
    ];

    private static readonly Gen<string> Texts = Gen.Frequency(
        (8, Gen.Elements(Words)),
        (2, Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(Gen.Choose(32, 0x2FF).Select(c => (char)c), n)).Select(c => new string(c))),
        (1, Gen.Elements(200, 5_000).Select(n => new string('x', n))));

    private static Gen<JToken> Scalar => Gen.Frequency<JToken>(
        (3, Numbers.Select(n => (JToken)new JValue(n))),
        (1, Gen.Choose(-1000, 1000).Select(n => (JToken)new JValue((long)n))),
        (3, Texts.Select(t => (JToken)new JValue(t))),
        (2, Gen.Elements(true, false).Select(b => (JToken)new JValue(b))),
        (2, Gen.Constant<JToken>(JValue.CreateNull())));

    /// <summary>Any JSON value, nested at most <paramref name="depth"/> deep.</summary>
    public static Gen<JToken> AnyJson(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (5, Scalar),
            (1, Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(AnyJson(depth - 1), n)).Select(items => (JToken)new JArray(items))),
            (1, Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Gen.Zip(Gen.Elements(Words), AnyJson(depth - 1)), n))
                .Select(pairs => (JToken)Object(pairs))));

    private static JObject Object(IEnumerable<(string Key, JToken Value)> pairs)
    {
        var obj = new JObject();
        foreach (var (key, value) in pairs)
        {
            obj[key] = value;
        }

        return obj;
    }

    /// <summary>Arrays nested around the JSON depth limit (64), for JSON bombs in small doses.</summary>
    private static readonly Gen<JToken> Nested = Gen.Choose(55, 70).Select(depth =>
    {
        JToken token = new JValue(1);
        for (var i = 0; i < depth; i++)
        {
            token = new JArray(token);
        }

        return token;
    });

    // ---- Broken text -----------------------------------------------------------------------------------

    /// <summary>Usually the text as it is; sometimes cut, with a character dropped, doubled or inserted, or with garbage around it.</summary>
    public static Gen<string> Damaged(Gen<string> texts) =>
        from text in texts
        from damage in Gen.Frequency((50, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3)), (1, Gen.Constant(4)), (1, Gen.Constant(5)))
        from position in Gen.Choose(0, Math.Max(0, text.Length))
        from character in Gen.Elements('{', '}', '[', ']', ',', ':', '"', '\'', '\\', '/', '*', '0', 'x', '\u00e9', '\0', ' ', '\n')
        select damage switch
        {
            1 => text[..position],
            2 when position < text.Length => text.Remove(position, 1),
            3 => text.Insert(position, character.ToString()),
            4 when position < text.Length => text.Insert(position, text[position..Math.Min(text.Length, position + 8)]),
            5 => "[" + text + "]" + character,
            _ => text,
        };

    // ---- Cases -----------------------------------------------------------------------------------------

    /// <summary>Random JSON cases for <paramref name="schema"/>: mostly the right shape, with wrong kinds, nulls, extra fields and broken text mixed in.</summary>
    public static Gen<string> Cases(ObjectType schema) =>
        Damaged(Gen.Frequency((6, Gen.Constant(0)), (3, Gen.Constant(1)), (1, Gen.Constant(2)))
            .SelectMany(chaos => CaseObject(schema, 3, chaos)).Select(c => c.ToString(Formatting.None)));

    /// <summary>A case object; <paramref name="chaos"/> 0 has only the right kinds (and nulls), 1 a few wrong ones, 2 many.</summary>
    private static Gen<JToken> CaseObject(ObjectType type, int depth, int chaos) =>
        from fields in Gen.CollectToArray(type.Properties.Select(p => Field(p, depth, chaos)))
        from extras in Gen.Frequency((chaos == 0 ? 30 : 9, Gen.Constant(Array.Empty<(string, JToken)>())), (1, Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Zip(Gen.Elements(Words), AnyJson(2)), n))))
        from id in Gen.Frequency((6, Gen.Choose(0, 999_999).Select(i => (JToken?)new JValue("fuzz-" + i.ToString(CultureInfo.InvariantCulture)))), (1, Scalar.Select(s => (JToken?)s)), (1, Gen.Constant<JToken?>(null)))
        select (JToken)Object(fields.Where(f => f.Value is not null).Select(f => (f.Name, f.Value!)).Concat(extras)
            .Concat(id is not null && depth == 3 ? [("caseId", id)] : Array.Empty<(string, JToken)>())
            .GroupBy(p => p.Item1).Select(g => g.Last()));

    /// <summary>
    /// Cases built to make much work from little text: a list of the schema (at any depth, inside objects and lists of
    /// objects) filled with hundreds or thousands of items of the wrong kind, each an error, or of the right kind, each
    /// read and checked; a list of objects on the way holds several such objects.
    /// </summary>
    public static Gen<BulkyCase> Bulky(ObjectType schema)
    {
        var lists = ListPaths(schema).ToArray();
        return from list in Gen.Elements(lists)
               from count in Gen.Elements(300, 2_000, 9_999, 20_000)
               from copies in Gen.Elements(1, 3, 20, 200)
               from wrong in Gen.Elements(true, false)
               select new BulkyCase(
                   "{\"caseId\":\"bulky\"," + BulkyField(list, 0, count, copies, wrong)[1..],
                   $"{string.Join(".", list.Select(p => p.Name))}: {count:N0} {(wrong ? "wrong" : "right")} items, {copies} copies of each list of objects on the way");
    }

    /// <summary>Each list reachable in <paramref name="type"/>: the properties on the way, the last one a list of scalars.</summary>
    private static IEnumerable<PropertyDef[]> ListPaths(ObjectType type)
    {
        foreach (var property in type.Properties)
        {
            var inner = property.Type.Kind switch
            {
                TypeKind.Object => property.Type.ObjectType,
                TypeKind.List when property.Type.Element!.Kind == TypeKind.Object => property.Type.Element.ObjectType,
                _ => null,
            };
            if (inner is not null)
            {
                foreach (var path in ListPaths(inner))
                {
                    yield return [property, .. path];
                }
            }
            else if (property.Type.Kind == TypeKind.List)
            {
                yield return [property];
            }
        }
    }

    /// <summary>An object with the field at <paramref name="path"/>[<paramref name="step"/>] holding the bulk.</summary>
    private static string BulkyField(PropertyDef[] path, int step, int count, int copies, bool wrong)
    {
        var property = path[step];
        string value;
        if (step == path.Length - 1)
        {
            var items = property.Type.Element!;
            var item = wrong
                ? (items.Kind == TypeKind.Number ? "\"x\"" : "7")
                : items.Kind switch
                {
                    TypeKind.Number => "1",
                    TypeKind.Bool => "true",
                    TypeKind.Date => "\"2026-01-01\"",
                    TypeKind.String when items.EnumValues is { } values => JsonConvert.ToString(values.First()),
                    _ => "\"x\"",
                };
            value = "[" + string.Join(",", Enumerable.Repeat(item, count)) + "]";
        }
        else
        {
            var inner = BulkyField(path, step + 1, count, copies, wrong);
            value = property.Type.Kind == TypeKind.List ? "[" + string.Join(",", Enumerable.Repeat(inner, copies)) + "]" : inner;
        }

        return "{" + JsonConvert.ToString(property.Name) + ":" + value + "}";
    }

    private static Gen<(string Name, JToken? Value)> Field(PropertyDef property, int depth, int chaos) =>
        Gen.Frequency(
            (6, Gen.Constant<JToken?>(null)),
            (2, Gen.Constant<JToken?>(JValue.CreateNull())),
            (24, Value(property.Type, depth, chaos).Select(v => (JToken?)v)),
            (chaos switch { 0 => 0, 1 => 1, _ => 6 }, AnyJson(2).Select(v => (JToken?)v)),
            (chaos == 2 ? 1 : 0, Nested.Select(v => (JToken?)v)))
        .Select(v => (property.Name, v));

    private static Gen<JToken> Value(DataType type, int depth, int chaos) => type.Kind switch
    {
        TypeKind.Number => Numbers.Select(n => (JToken)new JValue(n)),
        TypeKind.Bool => Gen.Elements(true, false).Select(b => (JToken)new JValue(b)),
        TypeKind.Date => Gen.Frequency(
            (8, Gen.Choose(new DateOnly(1950, 1, 1).DayNumber, new DateOnly(2035, 12, 31).DayNumber).Select(d => DateOnly.FromDayNumber(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            (1, Gen.Elements("0001-01-01", "9999-12-31", "2024-02-29")),
            (chaos, Gen.Elements("2026-02-29", "2026-06-09T00:00:00", "09/06/2026", "")))
            .Select(d => (JToken)new JValue(d)),
        TypeKind.String when type.EnumValues is { } values => Gen.Frequency(
            (9, Gen.Elements(values.ToArray())),
            (chaos, Gen.Elements(values.ToArray()).Select(v => v.ToLowerInvariant() + (v.Length % 2 == 0 ? " " : string.Empty))))
            .Select(v => (JToken)new JValue(v)),
        TypeKind.String => Texts.Select(t => (JToken)new JValue(t)),
        TypeKind.Object when depth > 0 => CaseObject(type.ObjectType!, depth - 1, chaos),
        TypeKind.List when depth > 0 => Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(
            Gen.Frequency((8, Value(type.Element!, depth - 1, chaos)), (1, Gen.Constant<JToken>(JValue.CreateNull()))), n)).Select(items => (JToken)new JArray(items)),
        _ => Gen.Constant<JToken>(JValue.CreateNull()),
    };

    // ---- Rule files from random pieces -----------------------------------------------------------------

    /// <summary>The inputs every generated rule set declares: the schema of <see cref="ExpressionGenerators"/>, so its expressions bind.</summary>
    public const string BaseInputs = """
        "n1": "number", "n2": { "type": "number", "required": true }, "n3": { "type": "number", "default": 1 },
        "b1": "bool", "b2": "bool", "e1": { "type": "string", "enum": ["A", "B", "C"] }, "s1": "string", "d1": "date", "d2": "date",
        "ns": { "type": "list", "items": "number" }, "strs": { "type": "list", "items": "string" },
        "items": { "type": "list", "items": { "type": "object", "properties": {
          "v": "number", "f": "bool", "k": { "type": "string", "enum": ["A", "B", "C"] }, "d": "date" } } }
        """;

    private static readonly string[] Names =
    [
        "v1", "v2", "v3", "score", "level", "total", "t1", "t2", "o1", "o2", "flag", "p1", "p2", "n1", "b1", "e1",
        "x", "_y", "Score", "1bad", "risk-score", "new", "and", "in", "\u0430ge", "", "a b",
    ];

    private static readonly Gen<string> Name = Gen.Frequency((12, Gen.Elements(Names.Take(18).ToArray())), (2, Gen.Elements(Names)), (1, Texts));

    private static readonly Gen<string> TypeName = Gen.Frequency(
        (10, Gen.Elements("number", "bool", "string", "date")),
        (2, Gen.Elements("list", "object")),
        (1, Gen.Elements("Number", "int", "text", "", "enum", "any")));

    private static readonly Gen<string> SimpleExpressions = Gen.Elements(
        "n1", "n1 + n2", "n1 > 2", "b1", "b1 and not b2", "e1", "e1 == 'A'", "s1", "d1", "d1 < d2", "ns.Count()", "ns.Sum()",
        "items.Any(i => i.f)", "items.Count(i => i.k == 'B')", "strs.Contains('x')", "len(s1)", "n1 ?? 0", "round(n1 / 3, 2)",
        "v1", "v2 + 1", "score", "level", "total > 3", "t1", "p1", "o1", "flag", "v1 == v2", "score >= p1",
        "daysBetween(d1, d2)", "addDays(d1, n1)", "1", "true", "'A'", "null", "date('2026-06-09')", "[1, 2, 3]");

    /// <summary>An expression: simple ones naming the generated elements, well-typed random ones, and token soup.</summary>
    public static readonly Gen<string> Expressions = Gen.Frequency(
        (6, SimpleExpressions),
        (3, ExpressionGenerators.WellTyped),
        (3, ExpressionGenerators.TokenSoup));

    /// <summary>Usually the expected JSON, sometimes any other kind of JSON in its place.</summary>
    private static Gen<JToken> OrWrong(Gen<JToken> expected, int wrong = 1) =>
        Gen.Frequency((20, expected), (wrong, AnyJson(2)));

    private static Gen<JToken> Text(Gen<string> text) => text.Select(t => (JToken)new JValue(t));

    private static Gen<JToken> ObjectOf(Gen<string> keys, Gen<JToken> values, int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Gen.Zip(keys, values), n)).Select(pairs => (JToken)Object(pairs.GroupBy(p => p.Item1).Select(g => g.First())));

    private static Gen<JToken> ArrayOf(Gen<JToken> items, int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(items, n)).Select(items => (JToken)new JArray(items));

    /// <summary>Builds an object from optional keys: each present with its chance, with its generated value.</summary>
    private static Gen<JToken> Shape(params (string Key, int Percent, Gen<JToken> Value)[] keys) => Shape(true, keys);

    private static Gen<JToken> CleanShape(params (string Key, int Percent, Gen<JToken> Value)[] keys) => Shape(false, keys);

    private static Gen<JToken> Shape(bool typos, (string Key, int Percent, Gen<JToken> Value)[] keys) =>
        from present in Gen.CollectToArray(keys.Select(k => Gen.Choose(1, 100).Select(roll => roll <= k.Percent)))
        from values in Gen.CollectToArray(keys.Select(k => k.Value))
        from unknown in Gen.Frequency((15, Gen.Constant(false)), (typos ? 1 : 0, Gen.Constant(true)))
        select (JToken)Object(keys.Select((k, i) => (k.Key, Present: present[i], Value: values[i])).Where(k => k.Present).Select(k => (k.Key, k.Value))
            .Concat(unknown ? [("prority", (JToken)new JValue(1))] : Array.Empty<(string, JToken)>()));

    private static readonly Gen<JToken> Declaration = Gen.Frequency(
        (4, Text(TypeName)),
        (3, Shape(
            ("type", 95, Text(TypeName)),
            ("required", 30, Gen.Elements(true, false).Select(b => (JToken)new JValue(b))),
            ("default", 15, Scalar),
            ("enum", 15, ArrayOf(Text(Gen.Elements("A", "B", "C", "A", "")), 4)),
            ("items", 20, Text(TypeName)),
            ("properties", 15, ObjectOf(Name, Text(TypeName), 3)),
            ("description", 10, Text(Texts)))));

    private static readonly Gen<JToken> Parameter = Gen.Frequency(
        (4, Scalar),
        (1, ArrayOf(Scalar, 4)),
        (1, ArrayOf(Numbers.Select(n => (JToken)new JValue(n)), 5)),
        (2, Shape(("value", 90, Scalar), ("type", 50, Text(TypeName)), ("description", 10, Text(Texts)))));

    private static readonly Gen<JToken> ValueDeclaration = Gen.Frequency(
        (4, Text(Expressions)),
        (1, Shape(("expr", 90, Text(Expressions)), ("type", 50, Text(TypeName)), ("description", 10, Text(Texts)))));

    private static readonly Gen<JToken> ScoreRow = Shape(
        ("id", 95, Text(Gen.Elements("r1", "r2", "r3", "r1", ""))),
        ("when", 70, Text(Expressions)),
        ("points", 95, Gen.Frequency((3, Numbers.Select(n => (JToken)new JValue(n))), (2, Text(Expressions)))),
        ("reason", 20, Text(Texts)));

    private static readonly Gen<JToken> Scorecard = Shape(("rows", 95, OrWrong(ArrayOf(ScoreRow, 4))), ("description", 10, Text(Texts)));

    private static readonly Gen<JToken> Band = Shape(
        ("label", 95, Text(Gen.Elements("LOW", "MEDIUM", "HIGH", "LOW", ""))),
        ("min", 60, Gen.Frequency((5, Numbers.Select(n => (JToken)new JValue(n))), (1, Scalar))),
        ("max", 60, Gen.Frequency((5, Numbers.Select(n => (JToken)new JValue(n))), (1, Scalar))),
        ("minInclusive", 15, Gen.Elements(true, false).Select(b => (JToken)new JValue(b))),
        ("maxInclusive", 15, Gen.Elements(true, false).Select(b => (JToken)new JValue(b))));

    private static readonly Gen<JToken> BandSet = Shape(("value", 90, Text(Expressions)), ("bands", 95, OrWrong(ArrayOf(Band, 4))));

    private static readonly Gen<JToken> Cell = Gen.Frequency(
        (4, Text(Gen.Elements("-", "", "A", "B", "< 3", ">= 2", "== 'A'", "!= 1", "[1..5)", "(0..2]", "]1..3[", "n1", "p1", "date('2026-01-01')", ">= date('2026-01-01')", "true", "x y"))),
        (2, Scalar),
        (1, ArrayOf(Scalar, 3)),
        (1, Shape(("test", 95, Text(Expressions)))),
        (1, Text(Expressions)));

    private static Gen<JToken> TableRow(int columns) => Shape(
        ("id", 95, Text(Gen.Elements("r1", "r2", "r3", "r4", "r1"))),
        ("when", 95, OrWrong(Gen.Frequency((6, Gen.ArrayOf(Cell, columns).Select(c => (JToken)new JArray(c))), (1, ArrayOf(Cell, 4))))),
        ("then", 90, ObjectOf(Gen.Elements("t1", "t2", "zz"), Gen.Frequency((4, Scalar), (1, Shape(("expr", 95, Text(Expressions))))), 2)),
        ("description", 5, Text(Texts)));

    private static readonly Gen<JToken> Table = Gen.Choose(0, 4).SelectMany(columns => Shape(
        ("hitPolicy", 70, Text(Gen.Elements("UNIQUE", "FIRST", "PRIORITY", "ANY", "COLLECT", "unique", "RANDOM"))),
        ("aggregation", 15, Text(Gen.Elements("SUM", "MIN", "MAX", "COUNT", "AVG"))),
        ("inputs", 95, OrWrong(Gen.ArrayOf(Gen.Frequency((4, Text(Expressions)), (1, Shape(("expr", 95, Text(Expressions)), ("label", 50, Text(Texts))))), columns).Select(i => (JToken)new JArray(i)))),
        ("outputs", 95, OrWrong(ObjectOf(Gen.Elements("t1", "t2"), Declaration, 2))),
        ("rows", 95, OrWrong(ArrayOf(TableRow(columns), 5)))));

    private static readonly Gen<JToken> Effect = Gen.Frequency(
        (3, Shape(("set", 95, Text(Gen.Elements("o1", "o2", "score", "n1", "zz"))), ("to", 95, Gen.Frequency((3, Scalar), (1, Shape(("expr", 95, Text(Expressions)))))))),
        (2, Shape(("review", 95, Text(Gen.Elements("R1", "NO_DATA", ""))), ("message", 50, Text(Texts)))),
        (1, AnyJson(1)));

    private static readonly Gen<JToken> Rule = Shape(
        ("id", 95, Text(Gen.Elements("rule1", "rule2", "rule3", "rule1"))),
        ("when", 95, Text(Expressions)),
        ("then", 95, OrWrong(ArrayOf(Effect, 3))),
        ("priority", 25, Gen.Frequency((4, Gen.Choose(-5, 5).Select(p => (JToken)new JValue(p))), (1, Scalar))),
        ("enabled", 10, Gen.Elements(true, false).Select(b => (JToken)new JValue(b))),
        ("description", 5, Text(Texts)));

    private static readonly Gen<JToken> Output = Gen.Frequency(
        (3, Text(TypeName)),
        (3, Shape(
            ("type", 90, Text(TypeName)),
            ("value", 70, Text(Expressions)),
            ("enum", 10, ArrayOf(Text(Gen.Elements("A", "B", "LOW", "HIGH")), 3)),
            ("items", 10, Text(TypeName)),
            ("description", 5, Text(Texts)))));

    private static readonly Gen<JToken> RuleSetDeclaration = Gen.Frequency(
        (12, Gen.Constant<JToken>(new JObject { ["name"] = "fuzz", ["version"] = "1" })),
        (1, Shape(("name", 80, Text(Texts)), ("version", 80, Scalar), ("caseId", 30, Text(Gen.Elements("caseId", "n1", "zz"))))));

    /// <summary>The sections of one file, each present or not, mostly of the right kind.</summary>
    private static Gen<JObject> Module(bool declares) =>
        from inputs in ObjectOf(Name, Declaration, 3)
        from sections in Shape(
            ("parameters", 40, OrWrong(ObjectOf(Gen.Elements("p1", "p2", "p3"), Parameter, 3))),
            ("values", 60, OrWrong(ObjectOf(Gen.Elements("v1", "v2", "v3", "flag", "n1"), ValueDeclaration, 4))),
            ("scorecards", 40, OrWrong(ObjectOf(Gen.Elements("score", "total"), Scorecard, 2))),
            ("bands", 30, OrWrong(ObjectOf(Gen.Elements("level", "grade"), BandSet, 2))),
            ("tables", 40, OrWrong(ObjectOf(Gen.Elements("table1", "table2"), Table, 2))),
            ("rules", 40, OrWrong(ArrayOf(Rule, 3))),
            ("outputs", 85, OrWrong(ObjectOf(Gen.Elements("o1", "o2", "score", "level", "t1", "v1", "n1"), Output, 4))),
            ("description", 5, AnyJson(1)),
            ("module", 5, AnyJson(1)))
        from declaration in RuleSetDeclaration
        from baseInputs in Gen.Frequency((12, Gen.Constant(true)), (1, Gen.Constant(false)))
        select Compose((JObject)sections, declares ? declaration : null, declares && baseInputs ? (JObject)inputs : null);

    private static JObject Compose(JObject sections, JToken? declaration, JObject? extraInputs)
    {
        var file = new JObject();
        if (declaration is not null)
        {
            file["ruleSet"] = declaration;
            var inputs = JObject.Parse("{" + BaseInputs + "}");
            foreach (var property in extraInputs?.Properties() ?? [])
            {
                inputs[property.Name] = property.Value;
            }

            file["inputs"] = inputs;
        }

        foreach (var property in sections.Properties())
        {
            file[property.Name] = property.Value;
        }

        return file;
    }

    // ---- Rule sets that mostly load: typed pieces over the base inputs -----------------------------------

    private static readonly Gen<string> NumberExpression = Gen.Elements(
        "n1", "n1 + n2", "n1 * n3 - 2", "ns.Sum()", "ns.Count()", "ns.Max()", "len(s1)", "n1 ?? 0", "round(n1 / 3, 2)", "n1 / n2", "n1 % n2",
        "daysBetween(d1, d2)", "yearsBetween(d1, d2)", "items.Count(i => i.f)", "items.Sum(i => i.v)", "1", "2.5", "-3", "pow(n1, n2)",
        "min(n1, n2)", "max(n1, 3, n3)", "clamp(n1, 0, 10)", "sqrt(n1)", "ln(n1)", "exp(n1)", "n1 * 1e308", "abs(n2)", "p1", "p1 * n1");

    private static readonly Gen<string> BoolExpression = Gen.Elements(
        "n1 > 2", "b1", "b1 and not b2", "b1 or b2", "e1 == 'A'", "e1 in ['A', 'B']", "items.Any(i => i.f)", "items.All(i => i.v > 0)",
        "strs.Contains('x')", "d1 < d2", "true", "n1 in [1, 2]", "n1 == null", "s1 != null", "startsWith(s1, 'a')", "ns.Any(x => x > p1)",
        "addDays(d1, 30) > d2", "n2 >= n3");

    private static Gen<JToken> Typed(Gen<string> expressions) => Text(Gen.Frequency((20, expressions), (1, ExpressionGenerators.WellTyped)));

    private static readonly Gen<JToken> CleanNumberCell = Gen.Frequency(
        (3, Text(Gen.Elements("-", "< 3", ">= 2", "[0..5)", "(1..10]", "== 4", "!= 1", "p1", "> n3"))),
        (1, Numbers.Select(n => (JToken)new JValue(n))),
        (1, Gen.Constant<JToken>(JValue.CreateNull())),
        (1, CleanShape(("test", 100, Typed(BoolExpression)))));

    private static readonly Gen<JToken> CleanEnumCell = Gen.Frequency(
        (3, Text(Gen.Elements("-", "A", "B", "C", "!= 'A'"))),
        (1, Gen.Constant<JToken>(new JArray("A", "C"))));

    private static readonly Gen<JToken> CleanModule =
        from parameters in CleanShape(("p1", 100, Numbers.Where(double.IsFinite).Select(n => (JToken)new JValue(n))), ("p2", 30, ArrayOf(Numbers.Select(n => (JToken)new JValue(n)), 4)))
        from values in CleanShape(("v1", 70, Typed(NumberExpression)), ("flag", 50, Typed(BoolExpression)))
        from rows in Gen.Choose(0, 5).SelectMany(count => Gen.CollectToArray(Enumerable.Range(0, count).Select(i => CleanShape(
            ("id", 100, Gen.Constant<JToken>(new JValue("r" + i.ToString(CultureInfo.InvariantCulture)))),
            ("when", 70, Typed(BoolExpression)),
            ("points", 100, Gen.Frequency((3, Numbers.Where(double.IsFinite).Select(n => (JToken)new JValue(n))), (2, Typed(NumberExpression))))))))
        from cut in Gen.Choose(-2, 12)
        from hitPolicy in Gen.Elements("UNIQUE", "FIRST", "ANY", "COLLECT")
        from aggregation in Gen.Elements<string?>(null, "SUM", "MIN", "MAX", "COUNT")
        from tableRows in Gen.Choose(0, 6).SelectMany(count => Gen.CollectToArray(Enumerable.Range(0, count).Select(i =>
            from number in CleanNumberCell
            from text in CleanEnumCell
            from result in Gen.Frequency((3, Numbers.Where(double.IsFinite).Select(n => (JToken)new JValue(n))), (1, CleanShape(("expr", 100, Typed(NumberExpression)))), (1, Gen.Constant<JToken>(JValue.CreateNull())))
            select (JToken)new JObject { ["id"] = "row" + i.ToString(CultureInfo.InvariantCulture), ["when"] = new JArray(number, text), ["then"] = new JObject { ["t1"] = result } })))
        from rules in Gen.Choose(0, 4).SelectMany(count => Gen.CollectToArray(Enumerable.Range(0, count).Select(i =>
            from when in Typed(BoolExpression)
            from to in Gen.Frequency((2, Numbers.Where(double.IsFinite).Select(n => (JToken)new JValue(n))), (1, CleanShape(("expr", 100, Typed(NumberExpression)))))
            from priority in Gen.Choose(-2, 2)
            from review in Gen.Elements(true, false)
            select (JToken)new JObject
            {
                ["id"] = "rule" + i.ToString(CultureInfo.InvariantCulture),
                ["when"] = when,
                ["priority"] = priority,
                ["then"] = review ? new JArray(new JObject { ["set"] = "o1", ["to"] = to }, new JObject { ["review"] = "R" + i.ToString(CultureInfo.InvariantCulture) }) : new JArray(new JObject { ["set"] = "o1", ["to"] = to }),
            })))
        from o2 in Typed(NumberExpression)
        select (JToken)new JObject
        {
            ["parameters"] = parameters,
            ["values"] = values,
            ["scorecards"] = new JObject { ["score"] = new JObject { ["rows"] = new JArray(rows) } },
            ["bands"] = new JObject
            {
                ["level"] = new JObject
                {
                    ["value"] = "score",
                    ["bands"] = new JArray(new JObject { ["label"] = "LOW", ["max"] = cut }, new JObject { ["label"] = "HIGH", ["min"] = cut }),
                },
            },
            ["tables"] = new JObject
            {
                ["table1"] = new JObject
                {
                    ["hitPolicy"] = hitPolicy,
                    ["aggregation"] = hitPolicy == "COLLECT" && aggregation is not null ? aggregation : null,
                    ["inputs"] = new JArray("n1", "e1"),
                    ["outputs"] = new JObject { ["t1"] = hitPolicy == "PRIORITY" ? new JObject { ["type"] = "string", ["enum"] = new JArray("A", "B") } : "number" },
                    ["rows"] = new JArray(tableRows),
                },
            },
            ["rules"] = new JArray(rules),
            ["outputs"] = new JObject
            {
                ["o1"] = "number",
                ["o2"] = new JObject { ["type"] = "number", ["value"] = o2 },
                ["score"] = "number",
                ["level"] = "string",
                ["t1"] = hitPolicy == "COLLECT" && aggregation is null ? new JObject { ["type"] = "list", ["items"] = "number" } : "number",
            },
        };

    private static readonly Gen<FuzzRuleSet> CleanRuleSets = CleanModule.Select(module =>
    {
        var file = Compose((JObject)module, new JObject { ["name"] = "fuzz", ["version"] = "1" }, null);
        foreach (var table in file.SelectTokens("tables.*").OfType<JObject>())
        {
            if (table["aggregation"]?.Type == JTokenType.Null)
            {
                table.Remove("aggregation");
            }
        }

        foreach (var section in new[] { "parameters", "values" })
        {
            if (file[section] is JObject { Count: 0 })
            {
                file.Remove(section);
            }
        }

        return new FuzzRuleSet(RuleSetSources.One(file.ToString(Formatting.Indented)));
    });

    /// <summary>Random rule sets of one to three files, built from random pieces of the format, as text (sometimes broken).</summary>
    public static Gen<FuzzRuleSet> RuleSets => Gen.Frequency((1, AnyRuleSets), (1, CleanRuleSets));

    private static readonly Gen<FuzzRuleSet> AnyRuleSets =
        from count in Gen.Frequency((6, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
        from modules in Gen.CollectToArray(Enumerable.Range(0, count).Select(i => Module(declares: i == 0)))
        from texts in Gen.CollectToArray(modules.Select(m => Damaged(Gen.Constant(m.ToString(Formatting.Indented)))))
        from duplicateDeclaration in Gen.Frequency((20, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new FuzzRuleSet(texts.Select((t, i) => (Name: $"m{i}.json", Text: duplicateDeclaration && i == 1 && t.Length > 0 ? t.Insert(1, "\"ruleSet\": { \"name\": \"x\", \"version\": \"2\" },") : t))
            .ToDictionary(f => f.Name, f => f.Text, StringComparer.Ordinal));

    /// <summary>
    /// A fixed, valid rule set with one random expression placed in one of the places expressions go (a value, a
    /// condition, points, a table input or cell, a band value, a rule effect, an output value).
    /// </summary>
    public static readonly Gen<FuzzRuleSet> WithExpression =
        from expression in Gen.Frequency((3, ExpressionGenerators.TokenSoup), (2, ExpressionGenerators.WellTyped), (1, SimpleExpressions))
        from place in Gen.Choose(0, 8)
        select new FuzzRuleSet(RuleSetSources.One(Place(expression, place)));

    private static string Place(string expression, int place)
    {
        var e = JsonConvert.ToString(expression);
        var value = place == 0 ? e : "\"1\"";
        var when = place == 1 ? e : "\"n1 > 1\"";
        var points = place == 2 ? e : "2";
        var column = place == 3 ? e : "\"n1\"";
        var cell = place == 4 ? e : "\">= 2\"";
        var band = place == 5 ? e : "\"score\"";
        var effect = place == 6 ? "{ \"expr\": " + e + " }" : "\"HIGH\"";
        var output = place == 7 ? e : "\"v\"";
        var test = place == 8 ? "{ \"test\": " + e + " }" : "\"-\"";
        return "{" + RuleSetSources.Header + "\"inputs\": {" + BaseInputs + "}," + $$"""
            "values": { "v": {{value}} },
            "scorecards": { "score": { "rows": [ { "id": "r1", "when": {{when}}, "points": {{points}} }, { "id": "r2", "points": 1 } ] } },
            "bands": { "level": { "value": {{band}}, "bands": [ { "label": "LOW", "max": 2 }, { "label": "HIGH", "min": 2 } ] } },
            "tables": { "t": { "hitPolicy": "FIRST", "inputs": [ {{column}}, "e1" ], "outputs": { "t1": "number" },
              "rows": [ { "id": "a", "when": [ {{cell}}, {{test}} ], "then": { "t1": 1 } }, { "id": "b", "when": [ "-", "-" ], "then": { "t1": 2 } } ] } },
            "rules": [ { "id": "rule", "when": "b1 == true", "then": [ { "set": "label", "to": {{effect}} }, { "review": "R1" } ] } ],
            "outputs": { "out": { "type": "string", "value": "'x'" }, "label": "string", "o": { "type": "number", "value": {{output}} },
              "score": "number", "level": "string", "t1": "number" }
            }
            """;
    }

    /// <summary>The schema of the generated rule sets' base inputs, for generating their cases.</summary>
    /// <summary>
    /// Valid rule sets whose values grow text fast: a chain of values each joining earlier ones (doubling, Fibonacci-like
    /// or with a case's text), up to 64 long, read by an output directly or through <c>len</c>, <c>upper</c> or a
    /// comparison. The longest chains would need more memory than any host has.
    /// </summary>
    public static Gen<FuzzRuleSet> Amplifying =>
        from length in Gen.Choose(8, 64)
        from step in Gen.Elements("{0} + {0}", "{0} + {1}", "{0} + s1 + {0}", "{0} + upper({0})", "trim({0} + ' ' + {0})")
        from seed in Gen.Elements("'ab'", "s1", "s1 ?? 'x'", "'\u00e9\u00e9\u00e9\u00e9'")
        from read in Gen.Elements(("v{0}", "string"), ("len(v{0})", "number"), ("upper(v{0})", "string"), ("v{0} == 'x'", "bool"), ("contains(v{0}, 'zz')", "bool"), ("len(v{0}) > 5 ? 'long' : 'short'", "string"))
        select new FuzzRuleSet(new Dictionary<string, string> { ["ruleset.json"] = AmplifyingFile(length, step, seed, read) });

    private static string AmplifyingFile(int length, string step, string seed, (string Expression, string Type) read)
    {
        var values = new JObject { ["v0"] = seed, ["v1"] = "v0 + 'c'" };
        for (var i = 2; i <= length; i++)
        {
            values["v" + i.ToString(CultureInfo.InvariantCulture)] = string.Format(CultureInfo.InvariantCulture, step, "v" + (i - 1).ToString(CultureInfo.InvariantCulture), "v" + (i - 2).ToString(CultureInfo.InvariantCulture));
        }

        var file = new JObject
        {
            ["ruleSet"] = new JObject { ["name"] = "amplifying", ["version"] = "1.0.0" },
            ["inputs"] = JObject.Parse("{" + BaseInputs + "}"),
            ["values"] = values,
            ["outputs"] = new JObject { ["out"] = new JObject { ["type"] = read.Type, ["value"] = string.Format(CultureInfo.InvariantCulture, read.Expression, length) } },
        };
        return file.ToString(Formatting.Indented);
    }

    public static ObjectType BaseSchema => ExpressionGenerators.Case;
}
