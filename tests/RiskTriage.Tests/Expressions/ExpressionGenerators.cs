using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using RiskTriage.Expressions.Binding;
using RiskTriage.Runtime;

namespace RiskTriage.Tests.Expressions;

/// <summary>
/// FsCheck generators for the property tests: a small schema, random records over it, random well-typed
/// expressions over it, and random token soup.
/// </summary>
internal static class ExpressionGenerators
{
    public static readonly string[] EnumValues = ["A", "B", "C"];

    /// <summary>item: v number, f bool, k enum, d date.</summary>
    public static readonly ObjectType Item = BuildItem();

    /// <summary>case: n1..n3 number, b1 b2 bool, e1 enum, s1 string, d1 d2 date, ns list of number, strs list of string, items list of item.</summary>
    public static readonly ObjectType Case = BuildCase();

    public static readonly Scope Scope = Scope.ForInputs(Case);

    private static ObjectType BuildItem()
    {
        var item = new ObjectType("item");
        item.Add("v", DataType.Number);
        item.Add("f", DataType.Bool);
        item.Add("k", DataType.Enumeration(EnumValues));
        item.Add("d", DataType.Date);
        return item;
    }

    private static ObjectType BuildCase()
    {
        var type = new ObjectType("case");
        type.Add("n1", DataType.Number);
        type.Add("n2", DataType.Number);
        type.Add("n3", DataType.Number);
        type.Add("b1", DataType.Bool);
        type.Add("b2", DataType.Bool);
        type.Add("e1", DataType.Enumeration(EnumValues));
        type.Add("s1", DataType.String);
        type.Add("d1", DataType.Date);
        type.Add("d2", DataType.Date);
        type.Add("ns", DataType.ListOf(DataType.Number));
        type.Add("strs", DataType.ListOf(DataType.String));
        type.Add("items", DataType.ListOf(DataType.Of(Item)));
        return type;
    }

    // ---- Records -------------------------------------------------------------------------------------

    private static Gen<T> WithMissing<T>(Gen<T> present, int presentWeight = 4)
        where T : struct => Gen.Frequency((1, Gen.Constant(default(T))), (presentWeight, present));

    private static readonly Gen<double> Numbers = Gen.OneOf(
        Gen.Choose(-3, 10).Select(i => (double)i),
        Gen.Elements(0.5, 2.5, -1.25, 1e3, 2.675, 0.1, 1e-3, 7.5));

    private static readonly Gen<DateOnly> Dates = Gen.OneOf(
        Gen.Choose(new DateOnly(1990, 1, 1).DayNumber, new DateOnly(2030, 12, 31).DayNumber).Select(DateOnly.FromDayNumber),
        Gen.Elements(new DateOnly(2000, 2, 29), new DateOnly(2024, 2, 29), new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 1), new DateOnly(2026, 6, 9)));

    private static readonly Gen<string> Texts = Gen.Elements("A", "B", "C", "a", " A ", string.Empty, "xyz", "AB");

    private static readonly Gen<FieldValue> NumberField = WithMissing(Numbers.Select(FieldValue.OfNumber));

    private static readonly Gen<FieldValue> BoolField = WithMissing(Gen.Elements(true, false).Select(FieldValue.OfBool));

    private static readonly Gen<FieldValue> DateField = WithMissing(Dates.Select(FieldValue.OfDate));

    private static readonly Gen<FieldValue> EnumField = WithMissing(Gen.Elements(EnumValues).Select(v => FieldValue.OfReference(v)));

    private static readonly Gen<FieldValue> TextField = WithMissing(Texts.Select(v => FieldValue.OfReference(v)));

    private static Gen<FieldValue> ListField<T>(Gen<T> item) =>
        WithMissing(Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(item, n)).Select(a => FieldValue.OfReference(a)));

    private static readonly Gen<CaseRecord> ItemRecord =
        Gen.CollectToArray([NumberField, BoolField, EnumField, DateField]).Select(f => new CaseRecord(f));

    public static readonly Gen<CaseRecord> Records = Gen.CollectToArray(
    [
        NumberField, NumberField, NumberField, BoolField, BoolField, EnumField, TextField, DateField, DateField,
        ListField(Gen.Frequency((1, Gen.Constant<double?>(null)), (5, Numbers.Select(n => (double?)n)))),
        ListField(Gen.Frequency((1, Gen.Constant<string?>(null)), (5, Texts.Select(t => (string?)t)))),
        ListField(Gen.Frequency((1, Gen.Constant<CaseRecord?>(null)), (8, ItemRecord.Select(r => (CaseRecord?)r)))),
    ]).Select(f => new CaseRecord(f));

    /// <summary>A readable description of a record of <see cref="Case"/>, for failure messages.</summary>
    public static string Describe(CaseRecord? record, ObjectType? type = null)
    {
        if (record is null)
        {
            return "missing";
        }

        type ??= Case;
        var parts = type.Properties.Select(p =>
        {
            var field = record.Fields[p.Index];
            var value = p.Type.Kind switch
            {
                TypeKind.Number => ValueText.Format(field.AsNumber()),
                TypeKind.Bool => ValueText.Format(field.AsBool()),
                TypeKind.Date => ValueText.Format(field.AsDate()),
                TypeKind.List when p.Type.Element!.Kind == TypeKind.Object => field.Reference is CaseRecord?[] items
                    ? "[" + string.Join(", ", items.Select(i => Describe(i, p.Type.Element.ObjectType))) + "]"
                    : "missing",
                _ => ValueText.Format(field.Reference),
            };
            return p.Name + ": " + value;
        });
        return "{ " + string.Join(", ", parts) + " }";
    }

    // ---- Well-typed expressions ----------------------------------------------------------------------

    public enum Ty
    {
        Number,
        Bool,
        Text,
        Date,
    }

    private enum VarKind
    {
        Item,
        Number,
        Text,
    }

    private sealed record Env(IReadOnlyList<(string Name, VarKind Kind)> Vars)
    {
        public static readonly Env Empty = new([]);

        public Env With(VarKind kind, out string name)
        {
            name = "x" + Vars.Count.ToString(CultureInfo.InvariantCulture);
            return new Env([.. Vars, (name, kind)]);
        }

        public IEnumerable<string> Of(VarKind kind) => Vars.Where(v => v.Kind == kind).Select(v => v.Name);
    }

    /// <summary>
    /// Well-typed expressions of any type, or a filtered list, each as source text. Written text values have
    /// one-value enumerations as their types, so comparing only written values that can never match
    /// ((c ? "A" : "B") == "C") is an error (RT0210); such expressions are left out.
    /// </summary>
    public static readonly Gen<string> WellTyped = AnyWellTyped.Where(text =>
        !RiskTriage.Expressions.RuleExpression.Check(text, Scope).Diagnostics.Diagnostics.Any(d => d.Code == RiskTriage.Diagnostics.DiagnosticCodes.ValueNotInEnumeration));

    private static Gen<string> AnyWellTyped => Gen.Sized(size =>
    {
        var depth = Math.Min(4, 1 + (size / 20));
        return Gen.OneOf(
            Expr(Ty.Number, depth, Env.Empty),
            Expr(Ty.Bool, depth, Env.Empty),
            Expr(Ty.Bool, depth, Env.Empty),
            Expr(Ty.Text, depth, Env.Empty),
            Expr(Ty.Date, depth, Env.Empty),
            ListExpr(depth, Env.Empty));
    });

    private static Gen<string> ListExpr(int depth, Env env)
    {
        var numbersEnv = env.With(VarKind.Number, out var v);
        var itemsEnv = env.With(VarKind.Item, out var x);
        var textEnv = env.With(VarKind.Text, out var t);
        return Gen.OneOf(
            Gen.Elements("ns", "strs", "items", "[1, 2, null]", "[]"),
            Expr(Ty.Bool, depth - 1, numbersEnv).Select(b => $"ns.Where({v} => {b})"),
            Expr(Ty.Bool, depth - 1, textEnv).Select(b => $"strs.Where({t} => {b})"),
            Expr(Ty.Bool, depth - 1, itemsEnv).Select(b => $"items.Where({x} => {b})"));
    }

    private static Gen<string> Expr(Ty type, int depth, Env env)
    {
        var leaf = Leaf(type, env);
        if (depth <= 0)
        {
            return leaf;
        }

        // Built lazily: building every alternative eagerly would grow exponentially with the depth.
        var composite = Gen.Constant(type).SelectMany(t => t switch
        {
            Ty.Number => NumberComposite(depth, env),
            Ty.Bool => BoolComposite(depth, env),
            Ty.Text => TextComposite(depth, env),
            _ => DateComposite(depth, env),
        });
        return Gen.Frequency((1, leaf), (2, composite));
    }

    private static Gen<string> Leaf(Ty type, Env env)
    {
        var options = new List<(int, Gen<string>)> { (1, Gen.Constant("null")) };
        switch (type)
        {
            case Ty.Number:
                options.Add((6, Gen.Elements("0", "1", "2", "3", "0.5", "2.5", "10", "1e3", "2.675", "0.1", "-1", "-2.5")));
                options.Add((6, Gen.Elements("n1", "n2", "n3")));
                AddVars(options, env.Of(VarKind.Number).ToArray(), string.Empty);
                AddVars(options, env.Of(VarKind.Item).ToArray(), ".v");
                break;
            case Ty.Bool:
                options.Add((4, Gen.Elements("true", "false")));
                options.Add((6, Gen.Elements("b1", "b2")));
                AddVars(options, env.Of(VarKind.Item).ToArray(), ".f");
                break;
            case Ty.Text:
                options.Add((4, Gen.Elements("\"A\"", "\"B\"", "'C'")));
                options.Add((6, Gen.Elements("e1", "s1")));
                AddVars(options, env.Of(VarKind.Text).ToArray(), string.Empty);
                AddVars(options, env.Of(VarKind.Item).ToArray(), ".k");
                break;
            default:
                options.Add((3, Gen.Elements("date(\"2000-02-29\")", "date(\"2026-06-09\")", "date(\"1999-12-31\")")));
                options.Add((6, Gen.Elements("d1", "d2")));
                AddVars(options, env.Of(VarKind.Item).ToArray(), ".d");
                break;
        }

        return Gen.Frequency(options);
    }

    private static void AddVars(List<(int, Gen<string>)> options, string[] names, string suffix)
    {
        if (names.Length > 0)
        {
            options.Add((6, Gen.Elements(names).Select(n => n + suffix)));
        }
    }

    private static Gen<string> Binary(Gen<string> left, string[] operators, Gen<string> right) =>
        from l in left
        from op in Gen.Elements(operators)
        from r in right
        select $"({l} {op} {r})";

    /// <summary>A position for an indexer: a number expression, but not one of the null type (xs[null] is a type error).</summary>
    private static Gen<string> Index(Gen<string> number) =>
        number.Where(i => RiskTriage.Expressions.RuleExpression.Check(i, Scope).Bound.Type.Kind != TypeKind.Null);

    private static Gen<string> Call(string name, params Gen<string>[] arguments) =>
        Gen.CollectToArray(arguments).Select(a => $"{name}({string.Join(", ", a)})");

    private static Gen<string> Conditional(Ty type, int depth, Env env) =>
        from c in Expr(Ty.Bool, depth - 1, env)
        from a in Expr(type, depth - 1, env)
        from b in Expr(type, depth - 1, env)
        select $"({c} ? {a} : {b})";

    private static Gen<string> Coalesce(Ty type, int depth, Env env) =>
        Binary(Expr(type, depth - 1, env), ["??"], Expr(type, depth - 1, env));

    private static Gen<string> NumberComposite(int depth, Env env)
    {
        var n = Expr(Ty.Number, depth - 1, env);
        var numbersEnv = env.With(VarKind.Number, out var v);
        var itemsEnv = env.With(VarKind.Item, out var x);
        return Gen.OneOf(
            Binary(n, ["+", "-", "*", "/", "%"], n),
            n.Select(a => $"(-{a})"),
            from f in Gen.Elements("abs", "floor", "ceil", "round", "sqrt", "ln", "log10", "exp", "logistic")
            from a in n
            select $"{f}({a})",
            Call("round", n, Gen.Elements("0", "1", "2", "3", "-1", "0.5")),
            Call("pow", n, n),
            Call("min", n, n),
            Call("max", n, n, n),
            Call("clamp", n, n, n),
            Call("daysBetween", Expr(Ty.Date, depth - 1, env), Expr(Ty.Date, depth - 1, env)),
            Call("yearsBetween", Expr(Ty.Date, depth - 1, env), Expr(Ty.Date, depth - 1, env)),
            Call("len", Expr(Ty.Text, depth - 1, env)),
            Gen.Elements("len(ns)", "ns.Count()", "ns.Sum()", "ns.Min()", "ns.Max()", "ns.Distinct().Count()", "items.Count()", "strs.Distinct().Count()", "len(items)"),
            from m in Gen.Elements("Sum", "Min", "Max")
            from body in Expr(Ty.Number, depth - 1, numbersEnv)
            select $"ns.{m}({v} => {body})",
            from m in Gen.Elements("Sum", "Min", "Max")
            from body in Expr(Ty.Number, depth - 1, itemsEnv)
            select $"items.{m}({x} => {body})",
            Expr(Ty.Bool, depth - 1, itemsEnv).Select(b => $"items.Count({x} => {b})"),
            from b in Expr(Ty.Bool, depth - 1, numbersEnv)
            from m in Gen.Elements("Sum()", "Count()", "Max()", "Distinct().Count()")
            select $"ns.Where({v} => {b}).{m}",
            from b in Expr(Ty.Bool, depth - 1, itemsEnv)
            from m in Gen.Elements("Count()", $"Sum({x} => {x}.v)")
            select $"items.Where({x} => {b}).{m}",
            Index(n).Select(i => $"ns[{i}]"),
            Index(n).Select(i => $"items[{i}].v"),
            Index(n).Select(i => $"[3, null, 5][{i}]"),
            Conditional(Ty.Number, depth, env),
            Coalesce(Ty.Number, depth, env));
    }

    private static Gen<string> BoolComposite(int depth, Env env)
    {
        var b = Expr(Ty.Bool, depth - 1, env);
        var n = Expr(Ty.Number, depth - 1, env);
        var t = Expr(Ty.Text, depth - 1, env);
        var d = Expr(Ty.Date, depth - 1, env);
        var numbersEnv = env.With(VarKind.Number, out var v);
        var itemsEnv = env.With(VarKind.Item, out var x);
        var textEnv = env.With(VarKind.Text, out var s);
        return Gen.OneOf(
            Binary(b, ["&&", "||"], b),
            Binary(b, ["&&", "||", "and", "or", "==", "!="], b),
            b.Select(a => $"(!{a})"),
            b.Select(a => $"(not {a})"),
            Binary(n, ["<", "<=", ">", ">=", "==", "!="], n),
            Binary(d, ["<", "<=", ">", ">=", "==", "!="], d),
            Binary(t, ["==", "!="], t),
            from a in n
            from i in Gen.Elements("[1, 2, 3]", "[0.5, null]", "[]", "ns")
            from op in Gen.Elements("in", "not in")
            select $"({a} {op} {i})",
            from a in t
            from i in Gen.Elements("[\"A\", \"B\"]", "[\"C\", null]", "strs")
            from op in Gen.Elements("in", "not in")
            select $"({a} {op} {i})",
            from a in d
            from op in Gen.Elements("in", "not in")
            select $"({a} {op} [date(\"2026-06-09\"), d1])",
            Gen.Elements("ns.Any()", "items.Any()", "strs.Any()"),
            from m in Gen.Elements("Any", "All")
            from body in Expr(Ty.Bool, depth - 1, numbersEnv)
            select $"ns.{m}({v} => {body})",
            from m in Gen.Elements("Any", "All")
            from body in Expr(Ty.Bool, depth - 1, itemsEnv)
            select $"items.{m}({x} => {body})",
            Expr(Ty.Bool, depth - 1, textEnv).Select(body => $"strs.Any({s} => {body})"),
            n.Select(a => $"ns.Contains({a})"),
            t.Select(a => $"strs.Contains({a})"),
            from body in Expr(Ty.Bool, depth - 1, numbersEnv)
            from a in n
            select $"ns.Where({v} => {body}).Contains({a})",
            from f in Gen.Elements("startsWith", "endsWith", "contains")
            from a in t
            from c in t
            select $"{f}({a}, {c})",
            Index(n).Select(i => $"items[{i}].f"),
            Conditional(Ty.Bool, depth, env),
            Coalesce(Ty.Bool, depth, env));
    }

    private static Gen<string> TextComposite(int depth, Env env)
    {
        var t = Expr(Ty.Text, depth - 1, env);
        var n = Expr(Ty.Number, depth - 1, env);

        // With a number or null on the other side, a null would make the + an addition of numbers.
        var text = t.Where(a => RiskTriage.Expressions.RuleExpression.Check(a, Scope).Bound.Type.Kind != TypeKind.Null);
        return Gen.OneOf(
            Binary(text, ["+"], t),
            Binary(text, ["+"], n),
            Binary(n, ["+"], text),
            from f in Gen.Elements("lower", "upper", "trim")
            from a in t
            select $"{f}({a})",
            Index(n).Select(i => $"strs[{i}]"),
            Index(n).Select(i => $"items[{i}].k"),
            Conditional(Ty.Text, depth, env),
            Coalesce(Ty.Text, depth, env));
    }

    private static Gen<string> DateComposite(int depth, Env env)
    {
        var d = Expr(Ty.Date, depth - 1, env);
        var n = Expr(Ty.Number, depth - 1, env);
        return Gen.OneOf(
            Call("addDays", d, n),
            Call("addYears", d, n),
            Expr(Ty.Text, depth - 1, env).Select(t => $"date(trim({t}))"),
            Index(n).Select(i => $"items[{i}].d"),
            Conditional(Ty.Date, depth, env),
            Coalesce(Ty.Date, depth, env));
    }

    // ---- Token soup ----------------------------------------------------------------------------------

    private static readonly string[] Fragments =
    [
        "+", "-", "*", "/", "%", "!", "<", "<=", ">", ">=", "==", "!=", "&&", "||", "?", "??", "?.", "?[", ":", ".", ",",
        "(", ")", "[", "]", "=>", "=", "&", "|", "(", ")", "(", ")", "[", "]",
        "true", "false", "null", "and", "or", "not", "in", "not in", "new", "typeof", "this", "default",
        "n1", "n2", "b1", "e1", "s1", "d1", "ns", "strs", "items", "x", "v", "foo", "rosh", "N1",
        "Count", "Any", "All", "Where", "Sum", "Min", "Max", "Contains", "Distinct", "GetType", "Length",
        "abs", "round", "min", "max", "date", "len", "lower", "yearsBetween", "addDays", "clamp", "pow",
        "0", "1", "2.5", "1e3", "1e400", ".5", "12abc", "0x1F", "\"A\"", "'B'", "\"\"", "\"\\u00e9\"", "\"\\q\"", "\"unterminated",
        "\"\\", "'\\u12'", "date(\"2026-06-09\")", "date(\"2026-02-30\")",
        "@", "#", "$", ";", "`", "{", "}", "\\", "~", "^", "\0", "\u0001", "\uD83D", "\uDE00", "\U0001F600", "\r\n", "\n", "\t",
        "é", "東", "\u00A0", "\u200B",
        "n1 > 1", "b1 && b2", "items.Any(x => x.f)", "ns.Where(v => v > 1)", "x => x", ".Count()", ".Distinct().Count()",
        "e1 in [\"A\", \"B\"]", "s1 ?? \"A\"", "[1, null]", "items[0].v", "-null", "!null", "[]",
    ];

    private static readonly Gen<string> RandomCharacter = Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString());

    /// <summary>Random sequences of operators, keywords, names, literals, garbage and random UTF-16 characters.</summary>
    public static readonly Gen<string> TokenSoup =
        from count in Gen.Choose(0, 24)
        from pieces in Gen.ArrayOf(Gen.Frequency((12, Gen.Elements(Fragments)), (1, RandomCharacter)), count)
        from separators in Gen.ArrayOf(Gen.Elements(" ", string.Empty, " ", "  "), count)
        select Join(pieces, separators);

    private static string Join(string[] pieces, string[] separators)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pieces.Length; i++)
        {
            sb.Append(pieces[i]).Append(separators[i]);
        }

        return sb.ToString();
    }
}
