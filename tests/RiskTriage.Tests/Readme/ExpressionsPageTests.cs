using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using RiskTriage.Checking;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Parsing;
using RiskTriage.Expressions.Syntax;
using RiskTriage.Tests.Differential;

namespace RiskTriage.Tests.Readme;

/// <summary>
/// The examples of rules/EXPRESSIONS.md give what the page says, through the compiled rule set and every
/// <see cref="DecisionOracles">oracle</see>; and the page has an example of every operator, function, list method,
/// escape and way of writing a number the lexer and binder accept.
/// </summary>
public sealed partial class ExpressionsPageTests
{
    private sealed record Example(int Line, string Expression, string Gives);

    [Fact]
    public void Every_example_gives_what_the_page_says_compiled_and_by_every_oracle()
    {
        var (inputs, @case, examples) = Page();
        var types = Types(inputs, examples);
        var outputs = new JObject();
        for (var i = 0; i < examples.Count; i++)
        {
            outputs["e" + i] = new JObject { ["type"] = types[i].Type, ["value"] = examples[i].Expression };
            outputs["g" + i] = new JObject { ["type"] = types[i].Type, ["value"] = examples[i].Gives };
            if (types[i].Items is { } items)
            {
                outputs["e" + i]!["items"] = items;
                outputs["g" + i]!["items"] = items;
            }
        }

        var ruleSet = Load(inputs, outputs);
        var decisions = new List<(string Name, Decision Decision)> { ("compiled", ruleSet.Evaluate(@case)) };
        decisions.AddRange(DecisionOracles.All.Select(o => (o.Name, o.Evaluate(ruleSet, @case))));

        var wrong = new List<string>();
        foreach (var (name, decision) in decisions)
        {
            var values = (JObject)JObject.Parse(decision.ToJson())["outputs"]!;
            for (var i = 0; i < examples.Count; i++)
            {
                if (!JToken.DeepEquals(values["e" + i], values["g" + i]))
                {
                    wrong.Add($"EXPRESSIONS.md({examples[i].Line}): {name}: `{examples[i].Expression}` gives {values["e" + i]?.ToString(Newtonsoft.Json.Formatting.None)}; the page says `{examples[i].Gives}` ({values["g" + i]?.ToString(Newtonsoft.Json.Formatting.None)})");
                }
            }
        }

        Assert.True(examples.Count >= 100, $"{examples.Count} examples");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Every_token_operator_function_list_method_escape_and_number_form_has_an_example()
    {
        var (inputs, _, examples) = Page();
        var texts = examples.Select(e => e.Expression).ToList();
        var missing = new List<string>();

        var tokens = texts.SelectMany(t => Lexer.Tokenize(new SourceText(t), new DiagnosticBag())).ToList();
        foreach (var kind in Enum.GetValues<TokenKind>().Except([TokenKind.EndOfText, TokenKind.Bad, TokenKind.Identifier, TokenKind.ReservedKeyword]))
        {
            if (!tokens.Exists(t => t.Kind == kind))
            {
                missing.Add($"the token {TokenKindFacts.Describe(kind)}");
            }
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Bound(inputs, examples))
        {
            Walk(node, used);
        }

        var required = Enum.GetValues<BoundBinaryOperator>().Select(o => "binary " + o)
            .Concat(Enum.GetValues<BoundUnaryOperator>().Select(o => "unary " + o))
            .Concat(["in", "not in", "conditional", "member", "index", "list"])
            // Distinct() is only ever written as .Distinct().Count(), which binds to CountDistinct.
            .Concat(Enum.GetValues<ListMethod>().Except([ListMethod.Distinct]).Select(m => "method " + m))
            .Concat(FunctionTable.Names.SelectMany(n => FunctionTable.Lookup(n)!.Select(f => $"function {n}/{f.Parameters.Count}")));
        missing.AddRange(required.Where(r => !used.Contains(r)));

        // Escapes: every \c the lexer accepts in a text value.
        foreach (var c in Enumerable.Range(0x21, 0x7E - 0x21 + 1).Select(i => (char)i))
        {
            if ((Lexes($"'\\{c}'") || Lexes($"'\\{c}0041'")) && !texts.Exists(t => t.Contains("\\" + c, StringComparison.Ordinal)))
            {
                missing.Add($"the escape \\{c}");
            }
        }

        // Ways of writing a number: the shape (digits as 9) of every spelling the lexer reads as one number.
        var written = tokens.Where(t => t.Kind == TokenKind.Number).Select(t => NumberShape(t.Text)).ToHashSet(StringComparer.Ordinal);
        foreach (var spelling in new[] { "7", "007", "6.95", ".5", "1e3", "1E3", "1e+3", "1e-3", "1E-3", "1.5e3", "1.5E-3", ".5e3", "5.", "1_000", "0x1F", "1e" })
        {
            var lexed = Lexer.Tokenize(new SourceText(spelling), new DiagnosticBag());
            var accepted = Lexes(spelling) && lexed.Count(t => t.Kind != TokenKind.EndOfText) == 1 && lexed[0].Kind == TokenKind.Number;
            if (accepted && !written.Contains(NumberShape(spelling)))
            {
                missing.Add($"a number written like {spelling}");
            }
        }

        Assert.True(missing.Count == 0, "rules/EXPRESSIONS.md has no example of " + string.Join(", ", missing));
    }

    [Fact]
    public void The_first_example_of_the_rule_guide_gives_the_outputs_it_states()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "rules", "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var section = page[page.IndexOf("## A first example", StringComparison.Ordinal)..];
        var open = section.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        var file = section[open..section.IndexOf("\n```", open, StringComparison.Ordinal)];
        var stated = StatedOutputs().Match(section);
        Assert.True(stated.Success, "rules/README.md's first example no longer says \"For the case `{...}` the decision's outputs are `{...}`\"");

        var ruleSet = RuleSet.LoadFromSources(new Dictionary<string, string> { ["example.json"] = file });
        var @case = stated.Groups[1].Value;
        var decisions = new List<(string Name, Decision Decision)> { ("compiled", ruleSet.Evaluate(@case)) };
        decisions.AddRange(DecisionOracles.All.Select(o => (o.Name, o.Evaluate(ruleSet, @case))));
        foreach (var (name, decision) in decisions)
        {
            var outputs = (JObject)JObject.Parse(decision.ToJson())["outputs"]!;
            foreach (var (output, value) in JObject.Parse(stated.Groups[2].Value))
            {
                Assert.True(JToken.DeepEquals(value, outputs[output]), $"{name}: '{output}' is {outputs[output]}; rules/README.md says {value}");
            }
        }
    }

    [GeneratedRegex(@"For the case `(\{[^`]*\})` the decision's outputs are\s+`(\{[^`]*\})`")]
    private static partial Regex StatedOutputs();

    private static bool Lexes(string text)
    {
        var bag = new DiagnosticBag();
        Lexer.Tokenize(new SourceText(text), bag);
        return !bag.HasErrors;
    }

    private static string NumberShape(string text) => DigitRun().Replace(text, "9").ToLowerInvariant() + (text.Contains('E', StringComparison.Ordinal) ? " (E)" : string.Empty) + (text.StartsWith("00", StringComparison.Ordinal) ? " (leading 0)" : string.Empty);

    private static void Walk(BoundExpression node, HashSet<string> used)
    {
        switch (node)
        {
            case BoundLiteral:
            case BoundInput:
            case BoundValueReference:
            case BoundLambdaParameter:
                break;
            case BoundMember member:
                used.Add("member");
                Walk(member.Target, used);
                break;
            case BoundIndex index:
                used.Add("index");
                Walk(index.Target, used);
                Walk(index.Index, used);
                break;
            case BoundUnary unary:
                used.Add("unary " + unary.Operator);
                Walk(unary.Operand, used);
                break;
            case BoundBinary binary:
                used.Add("binary " + binary.Operator);
                Walk(binary.Left, used);
                Walk(binary.Right, used);
                break;
            case BoundIn @in:
                used.Add(@in.Negated ? "not in" : "in");
                Walk(@in.Value, used);
                Walk(@in.List, used);
                break;
            case BoundConditional conditional:
                used.Add("conditional");
                Walk(conditional.Condition, used);
                Walk(conditional.WhenTrue, used);
                Walk(conditional.WhenFalse, used);
                break;
            case BoundList list:
                used.Add("list");
                list.Items.ToList().ForEach(i => Walk(i, used));
                break;
            case BoundCall call:
                // A variadic function counts as written with its declared parameters whatever the number of arguments.
                used.Add($"function {call.Function.Name}/{(call.Function.Variadic ? call.Function.Parameters.Count : call.Arguments.Count)}");
                call.Arguments.ToList().ForEach(a => Walk(a, used));
                break;
            case BoundListMethod method:
                used.Add("method " + method.Method);
                Walk(method.Source, used);
                if (method.Argument is not null)
                {
                    Walk(method.Argument, used);
                }

                break;
            default:
                throw new InvalidOperationException($"the walk does not know {node.GetType().Name}");
        }
    }

    /// <summary>The page's inputs (as a JSON object), its case and its table of examples.</summary>
    private static (JObject Inputs, string Case, List<Example> Examples) Page()
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "rules", "EXPRESSIONS.md"));
        var start = Array.IndexOf(lines, "## Examples");
        Assert.True(start >= 0, "rules/EXPRESSIONS.md has no '## Examples' section");
        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        var section = lines[start..end];

        var blocks = new List<string>();
        for (var i = 0; i < section.Length; i++)
        {
            if (section[i] == "```json")
            {
                var close = Array.IndexOf(section, "```", i + 1);
                blocks.Add(string.Join("\n", section[(i + 1)..close]));
                i = close;
            }
        }

        var examples = new List<Example>();
        for (var i = 0; i < section.Length; i++)
        {
            if (Row().Match(section[i]) is { Success: true } row)
            {
                examples.Add(new Example(start + i + 1, Unescape(row.Groups[1].Value), Unescape(row.Groups[2].Value)));
            }
        }

        return ((JObject)JObject.Parse("{" + blocks[0] + "}")["inputs"]!, blocks[1], examples);
    }

    private static string Unescape(string cell) => cell.Replace("\\|", "|", StringComparison.Ordinal);

    private static RuleSet Load(JObject inputs, JObject? outputs = null, JObject? values = null)
    {
        var file = new JObject { ["ruleSet"] = new JObject { ["name"] = "expressions", ["version"] = "1" }, ["inputs"] = inputs };
        if (values is not null)
        {
            file["values"] = values;
        }

        file["outputs"] = outputs ?? new JObject();
        try
        {
            return RuleSet.LoadFromSources(new Dictionary<string, string> { ["examples.json"] = file.ToString() });
        }
        catch (RuleSetException e)
        {
            throw new InvalidOperationException("the examples of rules/EXPRESSIONS.md do not load:\n" + string.Join("\n", e.Diagnostics.Where(d => d.IsError)), e);
        }
    }

    /// <summary>Each example as a named value of a rule set, bound.</summary>
    private static List<BoundExpression> Bound(JObject inputs, List<Example> examples)
    {
        var values = new JObject();
        for (var i = 0; i < examples.Count; i++)
        {
            values["v" + i] = examples[i].Expression;
        }

        var ruleSet = Load(inputs, values: values);
        var nodes = ruleSet.Checked.Order.OfType<ValueNode>().ToDictionary(v => v.Name, StringComparer.Ordinal);
        return [.. examples.Select((_, i) => nodes["v" + i].Expression!)];
    }

    /// <summary>The output type (and list item type) each example needs.</summary>
    private static List<(string Type, string? Items)> Types(JObject inputs, List<Example> examples) =>
        [.. Bound(inputs, examples).Select(b => b.Type.Kind switch
        {
            TypeKind.Number or TypeKind.Null => ("number", (string?)null),
            TypeKind.Bool => ("bool", null),
            TypeKind.String => ("string", null),
            TypeKind.Date => ("date", null),
            TypeKind.List => ("list", b.Type.Element!.Kind switch
            {
                TypeKind.Bool => "bool",
                TypeKind.String => "string",
                TypeKind.Date => "date",
                _ => "number",
            }),
            _ => throw new InvalidOperationException($"an example gives {b.Type}, which no output can hold"),
        })];

    [GeneratedRegex(@"^\|\s*`(.+?)`\s*\|\s*`(.+?)`\s*\|\s*$")]
    private static partial Regex Row();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex DigitRun();
}
