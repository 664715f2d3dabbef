using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace RiskTriage.Tests.Differential;

/// <summary>
/// Random well-typed rule sets and random cases for them, from a seed. A rule set declares a random part of a fixed
/// pool of inputs (every input type: numbers with and without declared ranges, true/false, an enumeration, free text,
/// dates, an object, lists of numbers, of enumeration values and of objects), parameters of every kind, values,
/// scorecards, band sets with gaps, decision tables of every hit policy (COLLECT with and without aggregation), rules
/// with priorities, setters and reviews, and outputs that export elements, compute values or are set by rules. Each
/// element reads only elements made before it, so there is never a cycle. Expressions reach missing values, NaN and
/// infinities (<c>1e308 * 10</c>, <c>exp</c>, <c>pow</c>) and dates at the ends of the range (<c>0001-01-01</c>,
/// <c>9999-12-31</c>, <c>addYears</c> past them).
/// </summary>
internal sealed class RuleSetGenerator
{
    private static readonly string[] Levels = ["LOW", "MEDIUM", "HIGH"];
    private static readonly string[] Kinds = ["A", "B", "C"];
    private static readonly string[] Priorities = ["P1", "P2", "P3"];
    private static readonly string[] NumberLiterals = ["0", "1", "2", "3", "0.5", "2.675", "10", "100", "1e308", "0.1", "7"];
    private static readonly double[] Thresholds = [-1, 0, 1, 2.5, 3, 10, 50, 100];
    private static readonly double[] Specials = [0.5, 2.675, 2.5, -2.5, 1e300, -1e300, 1e-300, 100, 101, 99.5, 1.7976931348623157e308];
    private static readonly string[] YearSteps = ["1", "-1", "10", "9000", "(n1 ?? 2)"];
    private static readonly string[] DateLiterals = ["2026-06-09", "0001-01-01", "9999-12-31", "2024-02-29", "2000-01-01"];

    private readonly Random _random;
    private readonly List<string> _numbers = [];
    private readonly List<string> _bools = [];
    private readonly List<string> _dates = [];
    private readonly List<string> _texts = [];
    private readonly List<(string Name, string[] Values)> _enums = [];
    private readonly List<string> _numberLists = [];
    private bool _ks;
    private bool _os;
    private bool _t1;
    private int _depth;

    private RuleSetGenerator(int seed) => _random = new Random(seed);

    /// <summary>The rule set of <paramref name="seed"/> as one rule file's JSON text.</summary>
    public static string Generate(int seed) => new RuleSetGenerator(seed).Build().ToString(Formatting.Indented);

    /// <summary>A random case for any generated rule set (a rule set ignores the fields it does not declare).</summary>
    public static DiffCase Case(Random random, int index)
    {
        double? Number() => Maybe(random, () => random.Next(10) switch
        {
            0 => random.Next(-3, 4),
            1 => Pick(random, [0.5, 2.675, 2.5, -2.5, 1e300, -1e300, 1e-300, 100, 101, 99.5, 1.7976931348623157e308]),
            _ => random.Next(0, 12),
        });
        DateOnly? Date() => Maybe(random, () => random.Next(6) == 0
            ? DateOnly.ParseExact(Pick(random, DateLiterals), "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : new DateOnly(2026, 6, 9).AddDays(random.Next(-4000, 400)));
        string? Kind() => random.Next(5) == 0 ? null : Pick(random, Kinds);
        bool? Bool() => random.Next(4) == 0 ? null : random.Next(2) == 0;
        List<T>? List<T>(Func<T> item) => random.Next(5) == 0 ? null : Enumerable.Range(0, random.Next(4)).Select(_ => item()).ToList();

        return new DiffCase
        {
            CaseId = "c" + index.ToString(CultureInfo.InvariantCulture),
            N1 = Number(),
            N2 = Number(),
            B1 = Bool(),
            S1 = random.Next(5) == 0 ? null : Pick(random, Levels),
            T1 = Maybe(random, () => Pick(random, ["", "abc", "ABC", " a ", "x", "istanbul", "é"])),
            D1 = Date(),
            O1 = random.Next(4) == 0 ? null : new DiffObject { X = Number(), K = Kind(), D = Date(), F = Bool() },
            Ns = List(Number),
            Ks = List(Kind),
            Os = List(() => random.Next(8) == 0 ? null : new DiffItem { V = Number(), K = Kind(), Ok = Bool(), On = Date() }),
        };
    }

    private static T? Maybe<T>(Random random, Func<T> value) where T : struct => random.Next(5) == 0 ? null : value();

    private static string? Maybe(Random random, Func<string> value) => random.Next(5) == 0 ? null : value();

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private T Pick<T>(IReadOnlyList<T> items) => Pick(_random, items);

    private bool Chance(int percent) => _random.Next(100) < percent;

    private JObject Build()
    {
        var file = new JObject
        {
            ["ruleSet"] = new JObject { ["name"] = "differential", ["version"] = "1.0.0" },
            ["inputs"] = Inputs(),
            ["parameters"] = Parameters(),
        };
        var values = new JObject();
        var scorecards = new JObject();
        var bands = new JObject();
        var tables = new JObject();
        var exportable = new List<(string Name, JToken Type)>();

        // Elements in a random order of kinds, each reading what was made before it.
        var steps = Enumerable.Range(0, _random.Next(3, 9)).Select(_ => _random.Next(4)).ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            switch (steps[i])
            {
                case 0:
                    Value(values, "v" + i, exportable);
                    break;
                case 1:
                    Scorecard(scorecards, "sc" + i, exportable);
                    break;
                case 2:
                    Bands(bands, "bd" + i, exportable);
                    break;
                default:
                    Table(tables, "t" + i, exportable);
                    break;
            }
        }

        file["values"] = values;
        file["scorecards"] = scorecards;
        file["bands"] = bands;
        file["tables"] = tables;
        var outputs = new JObject();
        file["rules"] = Rules(outputs);
        Outputs(outputs, exportable);
        file["outputs"] = outputs;
        return file;
    }

    // ---- Inputs and parameters -------------------------------------------------------------------

    private JObject Inputs()
    {
        var inputs = new JObject();
        if (Chance(80))
        {
            var n1 = new JObject { ["type"] = "number" };
            Flags(n1, "5");
            if (Chance(35))
            {
                n1["min"] = 0;
                n1["max"] = 100;
                if (Chance(40))
                {
                    n1["integer"] = true;
                }

                n1["outOfRange"] = Chance(50) ? "review" : "invalid";
            }

            inputs["n1"] = n1;
            _numbers.Add("n1");
        }

        if (Chance(60))
        {
            inputs["n2"] = "number";
            _numbers.Add("n2");
        }

        if (Chance(60))
        {
            var b1 = new JObject { ["type"] = "bool" };
            Flags(b1, "false");
            inputs["b1"] = b1;
            _bools.Add("b1");
        }

        if (Chance(70))
        {
            var s1 = new JObject { ["type"] = "string", ["enum"] = new JArray(Levels) };
            Flags(s1, "\"LOW\"");
            inputs["s1"] = s1;
            _enums.Add(("s1", Levels));
        }

        if (Chance(50))
        {
            inputs["t1"] = "string";
            _texts.Add("t1");
            _t1 = true;
        }

        if (Chance(60))
        {
            var d1 = new JObject { ["type"] = "date" };
            Flags(d1, "\"2026-01-01\"");
            if (Chance(25))
            {
                d1["min"] = "1900-01-01";
                d1["max"] = "2100-12-31";
            }

            inputs["d1"] = d1;
            _dates.Add("d1");
        }

        if (Chance(50))
        {
            inputs["o1"] = new JObject
            {
                ["type"] = "object",
                ["required"] = Chance(30),
                ["properties"] = new JObject
                {
                    ["x"] = "number",
                    ["k"] = new JObject { ["type"] = "string", ["enum"] = new JArray(Kinds), ["required"] = Chance(40) },
                    ["d"] = "date",
                    ["f"] = "bool",
                },
            };
            _numbers.Add("o1.x");
            _dates.Add("o1.d");
            _bools.Add("(o1.f ?? true)");
            _enums.Add(("o1.k", Kinds));
        }

        if (Chance(50))
        {
            inputs["ns"] = new JObject { ["type"] = "list", ["items"] = "number" };
            _numberLists.Add("ns");
        }

        if (Chance(40))
        {
            _ks = true;
            inputs["ks"] = new JObject { ["type"] = "list", ["items"] = new JObject { ["type"] = "string", ["enum"] = new JArray(Kinds) } };
        }

        if (Chance(50))
        {
            _os = true;
            var v = new JObject { ["type"] = "number", ["required"] = Chance(30) };
            if (Chance(25))
            {
                v["min"] = 0;
                v["outOfRange"] = Chance(50) ? "review" : "invalid";
            }

            inputs["os"] = new JObject
            {
                ["type"] = "list",
                ["items"] = new JObject
                {
                    ["type"] = "object",
                    ["properties"] = new JObject
                    {
                        ["v"] = v,
                        ["k"] = new JObject { ["type"] = "string", ["enum"] = new JArray(Kinds) },
                        ["ok"] = "bool",
                        ["on"] = "date",
                    },
                },
            };
        }

        return inputs;
    }

    /// <summary>Required (sometimes with a default as well, which the loader warns about) or a default alone.</summary>
    private void Flags(JObject input, string defaultJson)
    {
        if (Chance(40))
        {
            input["required"] = true;
        }

        if (Chance(25))
        {
            input["default"] = JToken.Parse(defaultJson);
        }
    }

    private JObject Parameters()
    {
        var parameters = new JObject
        {
            ["pNum"] = Pick([3, 2.5, 0, 100, -1]),
            ["pList"] = new JArray(1, 2, 3.5),
            ["pKinds"] = new JArray("A", "C"),
            ["pFlag"] = Chance(50),
            ["pDate"] = new JObject { ["value"] = Pick(DateLiterals), ["type"] = "date" },
        };
        _numbers.Add("pNum");
        _numberLists.Add("pList");
        _bools.Add("pFlag");
        _dates.Add("pDate");
        return parameters;
    }

    // ---- Expressions -----------------------------------------------------------------------------

    private string Deeper(Func<string> make)
    {
        _depth++;
        try
        {
            return make();
        }
        finally
        {
            _depth--;
        }
    }

    private bool Leaf => _depth >= 3 || Chance(30);

    private string Number()
    {
        if (Leaf)
        {
            return Chance(55) && _numbers.Count > 0 ? Pick(_numbers) : Pick(NumberLiterals);
        }

        return Deeper(() => _random.Next(24) switch
        {
            0 => $"({Number()} + {Number()})",
            1 => $"({Number()} - {Number()})",
            2 => $"({Number()} * {Number()})",
            3 => $"({Number()} / {Number()})",
            4 => $"({Number()} % {Number()})",
            5 => $"-({Number()})",
            6 => $"min({Number()}, {Number()})",
            7 => $"max({Number()}, {Number()}, {Number()})",
            8 => Pick(["abs", "round", "floor", "ceil", "sqrt", "ln", "log10", "exp", "logistic"]) + $"({Number()})",
            9 => $"round({Number()}, {_random.Next(0, 4)})",
            10 => $"clamp({Number()}, {Number()}, {Number()})",
            11 => $"pow({Number()}, {Number()})",
            12 => $"({Number()} ?? {Number()})",
            13 => $"({Bool()} ? {Number()} : {Number()})",
            14 => $"daysBetween({Date()}, {Date()})",
            15 => $"yearsBetween({Date()}, {Date()})",
            16 => $"({Number()} * 1e308)",
            17 => _t1 ? "len(t1)" : "len(pKinds)",
            18 => _ks ? Pick(["len(ks)", "ks.Count()", "ks.Distinct().Count()", "ks.Count(k => k == 'B')"]) : "pKinds.Count()",
            19 => _os ? Pick(["os.Sum(i => i.v)", "os.Min(i => i.v)", "os.Max(i => i.v)", "os[0].v", "os.Where(i => i.ok ?? false).Count()", "os.Count(i => i.k == 'A')"]) : "pList.Sum()",
            _ => NumberList() + Pick([".Sum()", ".Min()", ".Max()", ".Count()", ".Distinct().Count()", ".Count(x => x > 2)", $"[{Number()}]", ".Sum(x => x * 2)"]),
        });
    }

    private string NumberList() => _numberLists.Count == 0 || Chance(15)
        ? Pick(["[1, 2, 3]", "[0.5, null, 7]"])
        : Pick(_numberLists);

    private string Bool()
    {
        if (Leaf)
        {
            return Chance(70) && _bools.Count > 0 ? Pick(_bools) : Pick(["true", "false"]);
        }

        return "(" + Deeper(() => _random.Next(20) switch
        {
            0 => $"{Number()} {Pick(["<", "<=", ">", ">="])} {Number()}",
            1 => $"{Number()} {Pick(["==", "!="])} {Number()}",
            2 => $"{Pick(_numbers.Count > 0 ? _numbers : ["pNum"])} {Pick(["==", "!="])} null",
            3 => $"({Bool()} {Pick(["and", "or", "&&", "||"])} {Bool()})",
            4 => $"{Pick(["not ", "!"])}({Bool()})",
            5 => Enum(),
            6 => $"{Date()} {Pick(["<", "<=", ">", ">=", "==", "!="])} {Date()}",
            7 => $"{Number()} {Pick(["in", "not in"])} {NumberList()}",
            8 => _ks ? $"ks.Contains('{Pick(Kinds)}')" : $"pKinds.Contains('{Pick(Kinds)}')",
            9 => _os ? Pick(["os.Any(i => i.k == 'B')", "os.All(i => i.v > 1)", "os.Any()", "os.Any(i => (i.ok ?? false) and i.on < date('2026-01-01'))"]) : "pList.Any()",
            10 => _texts.Count > 0 ? $"{Pick(["startsWith", "endsWith", "contains"])}({Text()}, '{Pick(["a", "", "A", "c"])}')" : "pFlag",
            11 => $"({Bool()} ?? {Bool()})",
            12 => $"{Text()} {Pick(["==", "!="])} {Text()}",
            13 => $"{NumberList()}.Any(x => {Pick(["x > 1", "x == null", "x % 2 == 0"])})",
            _ => $"{Bool()} == {Bool()}",
        }) + ")";
    }

    private string Enum()
    {
        if (_enums.Count == 0)
        {
            return "pFlag";
        }

        var (name, values) = Pick(_enums);
        return _random.Next(4) switch
        {
            0 => $"{name} == '{Pick(values)}'",
            1 => $"{name} != '{Pick(values)}'",
            2 => $"{name} {Pick(["in", "not in"])} ['{Pick(values)}', '{Pick(values)}']",
            _ => $"{name} == null",
        };
    }

    private string Date()
    {
        if (Leaf)
        {
            return Chance(60) && _dates.Count > 0 ? Pick(_dates) : $"date('{Pick(DateLiterals)}')";
        }

        return Deeper(() => _random.Next(6) switch
        {
            0 => $"addDays({Date()}, {Number()})",
            1 => $"addYears({Date()}, {Pick(_numbers.Contains("n1") ? YearSteps : YearSteps[..^1])})",
            2 => $"({Date()} ?? {Date()})",
            3 => $"({Bool()} ? {Date()} : {Date()})",
            4 => _os ? "os[0].on" : "pDate",
            _ => $"date('{Pick(DateLiterals)}')",
        });
    }

    private string Text()
    {
        if (Leaf || _texts.Count == 0)
        {
            return _texts.Count > 0 && Chance(70) ? Pick(_texts) : Pick(["'abc'", "'A'", "\"x\"", "''"]);
        }

        return Deeper(() => _random.Next(6) switch
        {
            0 => $"upper({Text()})",
            1 => $"lower({Text()})",
            2 => $"trim({Text()})",
            3 => $"({Text()} + {Number()})",
            4 => $"({Text()} ?? 'none')",
            _ => $"('n' + {Number()} + {Text()})",
        });
    }

    // ---- Elements --------------------------------------------------------------------------------

    private void Value(JObject values, string name, List<(string, JToken)> exportable)
    {
        var kind = _random.Next(4);
        var (expr, type) = kind switch
        {
            0 => (Number(), "number"),
            1 => (Bool(), "bool"),
            2 => (Date(), "date"),
            // Through a function, so the value is plain text rather than an enumeration of the literals it may give.
            _ => ($"trim({Text()})", "string"),
        };
        values[name] = Chance(50) ? expr : new JObject { ["expr"] = expr, ["type"] = type, ["description"] = "generated" };
        (kind switch { 0 => _numbers, 1 => _bools, 2 => _dates, _ => _texts }).Add(name);
        exportable.Add((name, type));
    }

    private void Scorecard(JObject scorecards, string name, List<(string, JToken)> exportable)
    {
        var rows = new JArray();
        for (var r = 0; r < _random.Next(1, 5); r++)
        {
            var row = new JObject { ["id"] = "r" + r };
            if (Chance(80))
            {
                row["when"] = Bool();
            }

            row["points"] = Chance(50) ? JToken.FromObject(Pick([1, 2, 5, 10, 0.5, -3])) : Number();
            if (Chance(30))
            {
                row["reason"] = "row " + r;
            }

            rows.Add(row);
        }

        scorecards[name] = new JObject { ["rows"] = rows };
        _numbers.Add(name);
        exportable.Add((name, "number"));
    }

    private void Bands(JObject bandSets, string name, List<(string, JToken)> exportable)
    {
        var cuts = Thresholds.OrderBy(_ => _random.Next()).Take(_random.Next(1, 4)).Order().ToList();
        var bands = new JArray();
        var labels = new List<string>();
        bool? previousMaxInclusive = null;
        for (var b = 0; b <= cuts.Count; b++)
        {
            if (Chance(15) && !(b == cuts.Count && labels.Count == 0))
            {
                previousMaxInclusive = null;
                continue;
            }

            var band = new JObject { ["label"] = "L" + b };
            if (b > 0)
            {
                band["min"] = cuts[b - 1];
                var minInclusive = previousMaxInclusive is { } p ? !p : Chance(50);
                if (!minInclusive || Chance(50))
                {
                    band["minInclusive"] = minInclusive;
                }
            }

            if (b < cuts.Count)
            {
                band["max"] = cuts[b];
                var maxInclusive = Chance(40);
                previousMaxInclusive = maxInclusive;
                if (maxInclusive || Chance(50))
                {
                    band["maxInclusive"] = maxInclusive;
                }
            }

            labels.Add("L" + b);
            bands.Add(band);
        }

        bandSets[name] = new JObject { ["value"] = Number(), ["bands"] = new JArray(bands.Reverse()) };
        _enums.Add((name, labels.ToArray()));
        exportable.Add((name, "string"));
    }

    private void Table(JObject tables, string name, List<(string, JToken)> exportable)
    {
        var policy = Pick(["UNIQUE", "UNIQUE", "FIRST", "PRIORITY", "ANY", "COLLECT", "COLLECT"]);
        var aggregation = policy == "COLLECT" && Chance(60) ? Pick(["SUM", "MIN", "MAX", "COUNT"]) : null;

        // Columns: (kind, expression, enumeration values).
        var columns = new List<(int Kind, string Expr, string[]? Values)>();
        for (var c = 0; c < _random.Next(1, 4); c++)
        {
            var kind = _random.Next(4);
            columns.Add(kind switch
            {
                0 => (0, Number(), null),
                1 when _enums.Count > 0 => Pick(_enums) is var e ? (1, e.Name, e.Values) : default,
                2 => (2, Bool(), null),
                3 => (3, Date(), null),
                _ => (0, Number(), null),
            });
        }

        // UNIQUE rows are kept apart by their first cell (disjoint ranges), or the first cells are tests the checker
        // cannot reason about, so that two rows matching one case is found when the case is evaluated.
        var uniqueByRange = policy == "UNIQUE" && Chance(70);
        if (uniqueByRange)
        {
            columns[0] = (0, Number(), null);
        }

        var outputs = new List<(string Name, string Type)>();
        var outputCount = _random.Next(1, 4);
        for (var o = 0; o < outputCount; o++)
        {
            var type = aggregation is not null ? "number"
                : o == 0 && policy == "PRIORITY" ? "priority"
                : Pick(["number", "bool", "level", "date", "string"]);
            outputs.Add((name + "o" + o, type));
        }

        var rowCount = _random.Next(1, 6);
        var rows = new JArray();
        for (var r = 0; r < rowCount; r++)
        {
            var cells = new JArray();
            for (var c = 0; c < columns.Count; c++)
            {
                if (c == 0 && policy == "UNIQUE")
                {
                    cells.Add(uniqueByRange ? $"[{r * 2}..{r * 2 + 2})" : new JObject { ["test"] = Bool() });
                    continue;
                }

                cells.Add(Cell(columns[c].Kind, columns[c].Values));
            }

            var then = new JObject();
            foreach (var (outputName, type) in outputs)
            {
                if (type == "priority" || Chance(80))
                {
                    then[outputName] = OutputValue(type, written: type == "priority");
                }
            }

            rows.Add(new JObject { ["id"] = "row" + r, ["when"] = cells, ["then"] = then });
        }

        // An output of another type than number that no row gives and that has no default cannot be compiled today
        // (RT0399: the compiler types it from the null literals as a number); the rows give it a value at least once.
        foreach (var (outputName, type) in outputs.Where(o => o.Type != "number" && !rows.Any(r => r["then"]![o.Name] is JToken v && v.Type != JTokenType.Null)))
        {
            rows[0]["then"]![outputName] = OutputValue(type, written: true);
        }

        var outputDeclarations = new JObject();
        foreach (var (outputName, type) in outputs)
        {
            var declaration = OutputDeclaration(type);
            if (aggregation is null && policy != "COLLECT" && Chance(40))
            {
                declaration["default"] = Chance(20) ? JValue.CreateNull() : OutputValue(type, written: false);
            }

            outputDeclarations[outputName] = declaration;
        }

        var table = new JObject
        {
            ["hitPolicy"] = policy,
            ["inputs"] = new JArray(columns.Select(c => Chance(70) ? (JToken)c.Expr : new JObject { ["expr"] = c.Expr, ["label"] = "column " + c.Expr })),
            ["outputs"] = outputDeclarations,
            ["rows"] = rows,
        };
        if (aggregation is not null)
        {
            table["aggregation"] = aggregation;
        }

        tables[name] = table;
        foreach (var (outputName, type) in outputs)
        {
            if (policy == "COLLECT" && aggregation is null)
            {
                if (type == "number")
                {
                    _numberLists.Add(outputName);
                    exportable.Add((outputName, new JObject { ["type"] = "list", ["items"] = "number" }));
                }
                else if (type != "level" && type != "priority")
                {
                    exportable.Add((outputName, new JObject { ["type"] = "list", ["items"] = type }));
                }

                continue;
            }

            Register(outputName, type);
            exportable.Add((outputName, type is "level" or "priority" ? "string" : type));
        }
    }

    private void Register(string name, string type)
    {
        switch (type)
        {
            case "number":
                _numbers.Add(name);
                break;
            case "bool":
                _bools.Add(name);
                break;
            case "date":
                _dates.Add(name);
                break;
            case "string":
                _texts.Add(name);
                break;
            case "level":
                _enums.Add((name, Levels));
                break;
            default:
                _enums.Add((name, Priorities));
                break;
        }
    }

    private static JObject OutputDeclaration(string type) => type switch
    {
        "level" => new JObject { ["type"] = "string", ["enum"] = new JArray(Levels) },
        "priority" => new JObject { ["type"] = "string", ["enum"] = new JArray(Priorities) },
        _ => new JObject { ["type"] = type },
    };

    private JToken Cell(int kind, string[]? values)
    {
        var choice = _random.Next(10);
        if (choice == 0)
        {
            return Pick(["-", ""]);
        }

        if (choice == 1)
        {
            return JValue.CreateNull();
        }

        if (choice == 2)
        {
            return new JObject { ["test"] = Bool() };
        }

        return kind switch
        {
            0 => _random.Next(8) switch
            {
                0 => JToken.FromObject(Pick([0, 1, 2, 3, 10])),
                1 => $"{Pick(["<", "<=", ">", ">="])} {Pick(["0", "2", "5", "pNum", "2.5"])}",
                2 => $"{Pick(["[", "("])}{Pick([0, 1, 2])}..{Pick([3, 5, 10])}{Pick(["]", ")"])}",
                3 => $"!= {Pick([0, 1, 2])}",
                4 => $"== {Pick(["1", "pNum", "2 + 1"])}",
                5 => new JArray(1, 2, 5),
                6 => "pNum",
                _ => $"> {Number()}",
            },
            1 => _random.Next(4) switch
            {
                0 => new JArray(Pick(values!), Pick(values!)),
                1 => $"!= '{Pick(values!)}'",
                _ => Pick(values!),
            },
            2 => _random.Next(2) == 0,
            _ => _random.Next(3) switch
            {
                0 => $">= date('{Pick(DateLiterals)}')",
                1 => $"[date('2000-01-01')..date('2026-06-09'){Pick(["]", ")"])}",
                _ => $"date('{Pick(DateLiterals)}')",
            },
        };
    }

    private JToken OutputValue(string type, bool written)
    {
        if (!written && Chance(30))
        {
            return new JObject
            {
                ["expr"] = type switch
                {
                    "number" => Number(),
                    "bool" => Bool(),
                    "date" => Date(),
                    "string" => Text(),
                    "level" => $"{Bool()} ? 'HIGH' : 'LOW'",
                    _ => $"{Bool()} ? 'P1' : 'P3'",
                },
            };
        }

        return type switch
        {
            "number" => Chance(10) ? JValue.CreateNull() : JToken.FromObject(Pick([0, 1, 2.5, 7, -1, 100])),
            "bool" => _random.Next(2) == 0,
            "date" => Pick(DateLiterals),
            "string" => Pick(["x", "y", ""]),
            "level" => Pick(Levels),
            _ => Pick(Priorities),
        };
    }

    // ---- Rules and outputs -----------------------------------------------------------------------

    private JArray Rules(JObject outputs)
    {
        outputs["rNum"] = Chance(50) ? new JObject { ["type"] = "number", ["value"] = Number() } : "number";
        outputs["rLevel"] = new JObject { ["type"] = "string", ["enum"] = new JArray(Levels), ["order"] = "ascending" };
        outputs["rDate"] = "date";
        outputs["rFlag"] = new JObject { ["type"] = "bool", ["value"] = Bool() };
        var rules = new JArray();
        for (var r = 0; r < _random.Next(0, 6); r++)
        {
            var effects = new JArray();
            for (var e = 0; e < _random.Next(0, 3); e++)
            {
                effects.Add(_random.Next(5) switch
                {
                    0 => new JObject { ["set"] = "rNum", ["to"] = Chance(50) ? JToken.FromObject(Pick([1, 2, 3])) : new JObject { ["expr"] = Number() } },
                    1 => new JObject { ["set"] = "rLevel", ["to"] = Pick(Levels) },
                    2 => new JObject { ["set"] = "rDate", ["to"] = Chance(50) ? Pick(DateLiterals) : new JObject { ["expr"] = Date() } },
                    3 => new JObject { ["set"] = "rFlag", ["to"] = Chance(50) },
                    _ => Chance(50) ? new JObject { ["review"] = "CODE_" + r } : new JObject { ["review"] = "CODE_" + r, ["message"] = "rule " + r + " asks for review" },
                });
            }

            var rule = new JObject { ["id"] = "rule" + r, ["when"] = Bool(), ["then"] = effects };
            if (Chance(50))
            {
                rule["priority"] = Pick([-1, 0, 5, 5, 10]);
            }

            if (Chance(10))
            {
                rule["enabled"] = false;
            }

            rules.Add(rule);
        }

        return rules;
    }

    private void Outputs(JObject outputs, List<(string Name, JToken Type)> exportable)
    {
        foreach (var (name, type) in exportable.Where(_ => Chance(60)))
        {
            outputs[name] = type.DeepClone();
        }

        foreach (var input in new[] { "n1", "s1", "d1" }.Where(i => _numbers.Contains(i) || _dates.Contains(i) || _enums.Exists(e => e.Name == i)))
        {
            if (Chance(30))
            {
                outputs[input] = input == "n1" ? "number" : input == "d1" ? "date" : "string";
            }
        }

        outputs["cNum"] = new JObject { ["type"] = "number", ["value"] = Number() };
        if (Chance(60))
        {
            outputs["cDate"] = new JObject { ["type"] = "date", ["value"] = Date() };
        }

        if (Chance(60))
        {
            outputs["cText"] = new JObject { ["type"] = "string", ["value"] = Text() };
        }

        if (Chance(40))
        {
            outputs["cList"] = new JObject { ["type"] = "list", ["items"] = "number", ["value"] = NumberList() + Pick([".Where(x => x > 1)", ""]) };
        }
    }
}
