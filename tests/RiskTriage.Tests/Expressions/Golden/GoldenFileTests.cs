using System.Globalization;
using System.Text;
using RiskTriage.Diagnostics;
using RiskTriage.Expressions;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Expressions.Evaluation;
using RiskTriage.Expressions.Parsing;
using RiskTriage.Expressions.Syntax;
using RiskTriage.Runtime;

namespace RiskTriage.Tests.Expressions.Golden;

/// <summary>
/// Runs every case of the golden files in this folder: each expression is lexed, parsed, bound against
/// <see cref="TestSchema"/> and (when it has no errors) evaluated on the fixed record three ways, and the
/// printed result must match the file. Set <c>RISKTRIAGE_ACCEPT=1</c> to rewrite the files from the
/// actual output (then review the diff: a wrong value recorded in a golden file is a bug).
/// </summary>
/// <remarks>
/// A case is written as:
/// <code>
/// ### name
/// expect: bool            (optional: the result type the context needs)
/// limits: depth=3 length=20  (optional: RuleSetLimits overrides)
/// expr:
/// | the expression, one "| " line per source line
/// type: ...               (everything from here on is generated)
/// </code>
/// </remarks>
public sealed class GoldenFileTests
{
    private const string AcceptVariable = "RISKTRIAGE_ACCEPT";

    public static TheoryData<string> Files => new(GoldenFileNames);

    private static readonly string[] GoldenFileNames =
    [
        "literals.txt",
        "operators.txt",
        "members.txt",
        "null-semantics.txt",
        "collections.txt",
        "functions.txt",
        "errors.txt",
        "sandbox.txt",
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public void Golden_file_matches_actual_output(string fileName)
    {
        var path = Path.Combine(GoldenDirectory(), fileName);
        var file = GoldenFile.Read(path);
        Assert.NotEmpty(file.Cases);

        // A culture with a decimal comma and a different list separator proves nothing depends on the machine's culture.
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var accept = Environment.GetEnvironmentVariable(AcceptVariable) == "1";
            var failures = new List<string>();
            foreach (var @case in file.Cases)
            {
                var actual = Run(@case);
                if (actual.Contains("DISAGREE", StringComparison.Ordinal) || actual.Contains("EXCEPTION", StringComparison.Ordinal))
                {
                    failures.Add($"### {@case.Name}: the evaluations disagree or threw:\n{actual}");
                }

                if (accept)
                {
                    @case.Expected = actual;
                }
                else if (!string.Equals(actual, @case.Expected, StringComparison.Ordinal))
                {
                    failures.Add($"### {@case.Name}\n--- expected\n{@case.Expected}--- actual\n{actual}");
                }
            }

            if (accept)
            {
                file.Write(path);
            }

            Assert.True(failures.Count == 0,
                $"{failures.Count} case(s) of {fileName} differ (set {AcceptVariable}=1 to rewrite, then review):\n\n{string.Join("\n", failures)}");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous.CurrentCulture;
            CultureInfo.CurrentUICulture = previous.CurrentUICulture;
        }
    }

    [Fact]
    public void Every_golden_file_in_the_folder_is_run()
    {
        var onDisk = Directory.GetFiles(GoldenDirectory(), "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(GoldenFileNames.Order(StringComparer.Ordinal), onDisk);
    }

    [Fact]
    public void Case_names_are_unique_across_golden_files()
    {
        var names = GoldenFileNames
            .SelectMany(f => GoldenFile.Read(Path.Combine(GoldenDirectory(), f)).Cases.Select(c => c.Name))
            .ToList();
        var duplicates = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    /// <summary>The source folder of the golden files, found by walking up to the solution.</summary>
    public static string GoldenDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RiskTriage.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "RiskTriage.Tests", "Expressions", "Golden");
            }
        }

        throw new InvalidOperationException($"RiskTriage.sln not found above {AppContext.BaseDirectory}");
    }

    private static string Run(GoldenFileCase @case)
    {
        var sb = new StringBuilder();
        var text = @case.Expression;
        var checkedExpression = TestSchema.Check(text, @case.ExpectedType, @case.Limits);

        sb.Append("type: ").Append(checkedExpression.Bound.Type.SchemaName).Append('\n');

        sb.Append("tokens:\n");
        var tokenBag = new DiagnosticBag();
        foreach (var token in Lexer.Tokenize(new SourceText(text), tokenBag))
        {
            sb.Append("  ").Append(FormatToken(token)).Append('\n');
        }

        sb.Append("tree:\n");
        foreach (var line in SyntaxPrinter.Print(checkedExpression.Syntax).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append("  ").Append(line).Append('\n');
        }

        var diagnostics = checkedExpression.Diagnostics.Diagnostics.ToList();
        if (diagnostics.Count == 0)
        {
            sb.Append("diagnostics: none\n");
        }
        else
        {
            sb.Append("diagnostics:\n");
            foreach (var diagnostic in diagnostics)
            {
                var rendered = diagnostic.Render(checkedExpression.Source.GetLine(diagnostic.Location.Line - 1));
                foreach (var line in rendered.Split('\n'))
                {
                    sb.Append("  ").Append(line).Append('\n');
                }
            }
        }

        sb.Append("value: ").Append(checkedExpression.HasErrors ? "not evaluated (errors)" : Evaluate(checkedExpression.Bound)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Evaluates through the record binding, the typed binding and the reference evaluator; all must agree.</summary>
    private static string Evaluate(BoundExpression bound)
    {
        object? record, clr, reference;
        try
        {
            record = ExpressionCompiler.CompileToObject<CaseRecord>(bound, RecordDataBinding.Instance)(TestSchema.Record);
            clr = ExpressionCompiler.CompileToObject<GoldenCase>(bound, TestSchema.ClrBinding)(TestSchema.Clr);
            reference = new ReferenceEvaluator(TestSchema.Record).Evaluate(bound);
        }
        catch (Exception e)
        {
            return $"EXCEPTION {e.GetType().Name}: {e.Message}";
        }

        var result = ValueText.Format(record);
        if (!ValueText.Same(record, clr) || !ValueText.Same(record, reference))
        {
            return $"DISAGREE record={result} clr={ValueText.Format(clr)} reference={ValueText.Format(reference)}";
        }

        if (bound.Type.Kind == TypeKind.Bool)
        {
            // As a condition, a missing result counts as false.
            var condition = ExpressionCompiler.CompileCondition<CaseRecord>(bound, RecordDataBinding.Instance)(TestSchema.Record);
            var clrCondition = ExpressionCompiler.CompileCondition<GoldenCase>(bound, TestSchema.ClrBinding)(TestSchema.Clr);
            if (condition != (record is true) || clrCondition != condition)
            {
                return $"DISAGREE value={result} condition={condition} clrCondition={clrCondition}";
            }
        }

        return result;
    }

    private static string FormatToken(Token token)
    {
        var sb = new StringBuilder();
        sb.Append(token.Kind).Append(' ').Append(token.Span);
        if (token.Kind != TokenKind.EndOfText)
        {
            sb.Append(' ').Append(ValueText.Quote(token.Text));
        }

        if (token.Kind is TokenKind.Number or TokenKind.String)
        {
            sb.Append(" = ").Append(ValueText.Format(token.Value));
        }

        return sb.ToString();
    }
}

/// <summary>One case of a golden file: its name, inputs and the expected (generated) output.</summary>
internal sealed class GoldenFileCase
{
    public required string Name { get; init; }

    public required List<string> InputLines { get; init; }

    public required string Expression { get; init; }

    public DataType? ExpectedType { get; init; }

    public RuleSetLimits? Limits { get; init; }

    public required string Expected { get; set; }
}

/// <summary>Reads and writes the golden file format (see <see cref="GoldenFileTests"/>).</summary>
internal sealed class GoldenFile
{
    private GoldenFile(List<string> header, List<GoldenFileCase> cases)
    {
        Header = header;
        Cases = cases;
    }

    public List<string> Header { get; }

    public List<GoldenFileCase> Cases { get; }

    public static GoldenFile Read(string path)
    {
        var lines = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var header = new List<string>();
        var cases = new List<GoldenFileCase>();
        var i = 0;
        while (i < lines.Length && !lines[i].StartsWith("### ", StringComparison.Ordinal))
        {
            header.Add(lines[i++]);
        }

        while (i < lines.Length)
        {
            var name = lines[i++][4..].Trim();
            var inputs = new List<string>();
            DataType? expected = null;
            var limits = (RuleSetLimits?)null;
            while (i < lines.Length && !lines[i].StartsWith("expr:", StringComparison.Ordinal))
            {
                var line = lines[i++];
                inputs.Add(line);
                if (line.StartsWith("expect:", StringComparison.Ordinal))
                {
                    expected = ParseType(line["expect:".Length..].Trim());
                }
                else if (line.StartsWith("limits:", StringComparison.Ordinal))
                {
                    limits = ParseLimits(line["limits:".Length..]);
                }
                else if (line.Length > 0)
                {
                    throw new FormatException($"{path}: unexpected line '{line}' in case '{name}'");
                }
            }

            if (i >= lines.Length)
            {
                throw new FormatException($"{path}: case '{name}' has no 'expr:' line");
            }

            inputs.Add(lines[i++]);
            var expression = new List<string>();
            while (i < lines.Length && (lines[i] == "|" || lines[i].StartsWith("| ", StringComparison.Ordinal)))
            {
                inputs.Add(lines[i]);
                expression.Add(lines[i].Length > 2 ? lines[i][2..] : string.Empty);
                i++;
            }

            var output = new StringBuilder();
            while (i < lines.Length && !lines[i].StartsWith("### ", StringComparison.Ordinal))
            {
                output.Append(lines[i++]).Append('\n');
            }

            cases.Add(new GoldenFileCase
            {
                Name = name,
                InputLines = inputs,
                Expression = string.Join("\n", expression),
                ExpectedType = expected,
                Limits = limits,
                Expected = output.ToString().TrimEnd('\n') + "\n",
            });
        }

        return new GoldenFile(header, cases);
    }

    public void Write(string path)
    {
        var sb = new StringBuilder();
        foreach (var line in Header)
        {
            sb.Append(line).Append('\n');
        }

        foreach (var @case in Cases)
        {
            sb.Append("### ").Append(@case.Name).Append('\n');
            foreach (var line in @case.InputLines)
            {
                sb.Append(line).Append('\n');
            }

            sb.Append(@case.Expected).Append('\n');
        }

        File.WriteAllText(path, sb.ToString().TrimEnd('\n') + "\n");
    }

    private static DataType ParseType(string name) => name switch
    {
        "bool" => DataType.Bool,
        "number" => DataType.Number,
        "string" => DataType.String,
        "date" => DataType.Date,
        _ => throw new FormatException($"unknown expected type '{name}'"),
    };

    private static RuleSetLimits ParseLimits(string text)
    {
        var limits = new RuleSetLimits();
        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = (part.Split('=')[0], int.Parse(part.Split('=')[1], CultureInfo.InvariantCulture));
            limits = key switch
            {
                "depth" => limits with { MaxExpressionDepth = value },
                "length" => limits with { MaxExpressionLength = value },
                _ => throw new FormatException($"unknown limit '{key}'"),
            };
        }

        return limits;
    }
}
