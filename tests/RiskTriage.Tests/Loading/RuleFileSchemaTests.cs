using FsCheck.Fluent;
using Json.Schema;
using Newtonsoft.Json.Linq;
using RiskTriage.Diagnostics;
using RiskTriage.Loading;
using RiskTriage.Tests.Differential;
using RiskTriage.Tests.Reliability;

namespace RiskTriage.Tests.Loading;

/// <summary>
/// rules/schema/ruleset.schema.json and the loader (<see cref="ModelReader"/>) agree on the shape of a rule file:
/// every rule file that loads validates against the schema, and every rule file the loader rejects for its shape fails
/// it. The rule files come from the repository (the probation rules, the example and golden rule sets), from the
/// data files beside this class (a case for each shape the loader rejects, and forms it accepts), from the
/// differential tests' generator and from the fuzz tests' random rule files.
/// </summary>
public sealed class RuleFileSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "rules", "schema", "ruleset.schema.json"))));

    private const string Declaration = """{ "ruleSet": { "name": "s", "version": "1" }, "inputs": { "zz": "number" }, "outputs": { "zz": "number" } }""";

    public static TheoryData<string> RejectedNames => new(Cases("rejected.json").Select(c => (string)c["name"]!));

    public static TheoryData<string> AcceptedNames => new(Cases("accepted.json").Select(c => (string)c["name"]!));

    [Theory]
    [MemberData(nameof(RejectedNames))]
    public void A_file_the_loader_rejects_for_its_shape_fails_the_schema(string name)
    {
        var @case = Cases("rejected.json").Single(c => (string)c["name"]! == name);
        var text = @case["file"]!.ToString();

        var shape = ShapeErrors(text);
        Assert.Contains(shape, d => d.Code == (string)@case["code"]!);
        Assert.True(SchemaErrors(text) is not null, $"the loader says {string.Join("; ", shape)}, but the schema accepts\n{text}");
    }

    [Theory]
    [MemberData(nameof(AcceptedNames))]
    public void A_form_the_loader_accepts_passes_the_schema(string name)
    {
        var text = Cases("accepted.json").Single(c => (string)c["name"]! == name)["file"]!.ToString();
        var sources = new Dictionary<string, string> { ["module.json"] = text };
        if (!text.Contains("\"ruleSet\"", StringComparison.Ordinal))
        {
            sources["ruleset.json"] = Declaration;
        }

        RuleSet.LoadFromSources(sources);
        Assert.True(SchemaErrors(text) is null, $"the file loads but fails the schema:\n{SchemaErrors(text)}");
    }

    [Fact]
    public void Every_rule_file_of_the_repository_that_loads_passes_the_schema()
    {
        var checkedFiles = 0;
        foreach (var folder in RepositoryRuleSets())
        {
            var sources = Directory.GetFiles(folder, "*.json").ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);
            if (TryLoad(sources) is not { } ruleSet)
            {
                // A golden rule set of errors: its files that the loader rejects for their shape fail the schema.
                foreach (var (file, text) in sources.Where(s => ShapeErrors(s.Value).Count > 0))
                {
                    Assert.True(SchemaErrors(text) is not null, $"{folder}/{file}: the loader says {string.Join("; ", ShapeErrors(text))}, but the schema accepts it");
                    checkedFiles++;
                }

                continue;
            }

            foreach (var (file, text) in ruleSet.SourceFiles)
            {
                Assert.True(SchemaErrors(text) is null, $"{folder}/{file} loads but fails the schema:\n{SchemaErrors(text)}");
                checkedFiles++;
            }
        }

        Assert.True(checkedFiles >= 20, $"only {checkedFiles} rule files were checked");
    }

    [Fact]
    public void Every_generated_rule_set_passes_the_schema()
    {
        foreach (var seed in Enumerable.Range(0, 100))
        {
            var text = RuleSetGenerator.Generate(seed);
            Assert.True(SchemaErrors(text) is null, $"the generated rule set of seed {seed} loads but fails the schema:\n{SchemaErrors(text)}\n{text}");
        }
    }

    [Fact]
    public void Random_rule_files_pass_the_schema_exactly_when_their_shape_is_right()
    {
        var shapeErrors = 0;
        var loaded = 0;
        foreach (var ruleSet in FuzzGenerators.RuleSets.Sample(1000, 600))
        {
            var loads = TryLoad(ruleSet.Files) is not null;
            foreach (var (path, text) in ruleSet.Files)
            {
                // Text with half a surrogate pair cannot be written to a file as UTF-8, so no rule file holds it.
                if (!WholeUtf16(text))
                {
                    continue;
                }

                var shape = ShapeErrors(text);
                if (shape.Count > 0)
                {
                    shapeErrors++;
                    Assert.True(SchemaErrors(text) is not null, $"{path}: the loader says {string.Join("; ", shape)}, but the schema accepts\n{text}");
                }
                else if (loads && !DocumentedAsStricter(text))
                {
                    loaded++;
                    Assert.True(SchemaErrors(text) is null, $"{path} loads but fails the schema:\n{SchemaErrors(text)}\n{text}");
                }
            }
        }

        Assert.True(shapeErrors >= 50 && loaded >= 50, $"{shapeErrors} files with shape errors and {loaded} that load");
    }

    private static bool WholeUtf16(string text)
    {
        try
        {
            _ = StrictUtf8.GetByteCount(text);
            return true;
        }
        catch (System.Text.EncoderFallbackException)
        {
            return false;
        }
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static RuleSet? TryLoad(IReadOnlyDictionary<string, string> sources)
    {
        try
        {
            return RuleSet.LoadFromSources(sources);
        }
        catch (RuleSetException)
        {
            return null;
        }
    }

    /// <summary>The loader's errors about the shape of one file (not JSON syntax, not what needs the other files).</summary>
    private static List<Diagnostic> ShapeErrors(string text)
    {
        var bag = new DiagnosticBag();
        if (RuleFileReader.ParseText("file.json", text, RuleSetLimits.Default, bag) is not { } file || bag.HasErrors)
        {
            return [];
        }

        ModelReader.Read([file], bag);
        return [.. bag.Diagnostics.Where(d => d.IsError && d.Code != DiagnosticCodes.RuleSetMetadata)];
    }

    /// <summary>The schema's complaints about <paramref name="text"/>, or null when it passes.</summary>
    private static string? SchemaErrors(string text)
    {
        using var document = System.Text.Json.JsonDocument.Parse(text);
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? null
            : string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
    }

    /// <summary>
    /// Where rules/README.md says the schema is stricter than the loader: <c>null</c> for an id, label, description,
    /// reason or message, text expected for the free-text <c>"module"</c> and <c>"description"</c>, no comments.
    /// </summary>
    private static bool DocumentedAsStricter(string text)
    {
        JObject file;
        try
        {
            file = JObject.Parse(text, new JsonLoadSettings { CommentHandling = CommentHandling.Load });
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return true;
        }

        return file.DescendantsAndSelf().Any(t => t.Type == JTokenType.Comment)
            || file.Descendants().OfType<JProperty>().Any(p =>
                (p.Name is "id" or "label" or "description" or "reason" or "message" && p.Value.Type == JTokenType.Null)
                || (p.Name is "module" or "description" && p.Value.Type != JTokenType.String && p.Parent == file));
    }

    private static IEnumerable<string> RepositoryRuleSets()
    {
        yield return Path.Combine(TestPaths.RepositoryRoot, "rules", "probation");
        yield return Path.Combine(TestPaths.RepositoryRoot, "tests", "RiskTriage.Tests", "TestRuleSets", "example");
        foreach (var golden in Directory.GetDirectories(Path.Combine(TestPaths.RepositoryRoot, "tests", "RiskTriage.Tests", "RuleSets", "Golden")).Order(StringComparer.Ordinal))
        {
            if (Directory.GetFiles(golden, "*.json").Length > 0)
            {
                yield return golden;
            }
        }
    }

    private static List<JObject> Cases(string file) =>
        [.. JArray.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "RiskTriage.Tests", "Loading", "Schema", file))).Cast<JObject>()];
}
