using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Newtonsoft.Json.Linq;
using RiskTriage;
using RiskTriage.Probation;
using RiskTriage.Testing;

namespace PackageConsumer;

/// <summary>What a project referencing the RiskTriage package relies on. Each check throws on failure.</summary>
internal static class ConsumerChecks
{
    private static readonly string Version = Metadata("RiskTriageVersion");

    private static string PackagePath => Path.Combine(Metadata("RiskTriagePackageSource"), $"RiskTriage.{Version}.nupkg");

    /// <summary>The package as restored (extracted) into this project's own packages folder.</summary>
    private static string RestoredPackage => Path.Combine(Metadata("RestorePackagesPath"), "risktriage", Version);

    public static void RiskTriage_comes_from_the_freshly_packed_package()
    {
        var assembly = typeof(RuleSet).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        Check(informational == Version || informational.StartsWith(Version + "+", StringComparison.Ordinal),
            $"the loaded RiskTriage is version '{informational}', expected {Version}");

        // The runtime resolved RiskTriage as a package, not a project reference.
        var depsFile = Path.Combine(AppContext.BaseDirectory, "PackageConsumer.deps.json");
        var library = JObject.Parse(File.ReadAllText(depsFile))["libraries"]?[$"RiskTriage/{Version}"];
        Check((string?)library?["type"] == "package", $"{depsFile} does not list RiskTriage/{Version} as a package");

        // The DLL that runs is the one in the restored package, which is the one in the nupkg just packed.
        var running = Sha256(File.ReadAllBytes(assembly.Location));
        var restored = Sha256(File.ReadAllBytes(Path.Combine(RestoredPackage, "lib", "net10.0", "RiskTriage.dll")));
        Check(running == restored, "the running RiskTriage.dll differs from the restored package's");
        using var package = ZipFile.OpenRead(PackagePath);
        Check(Sha256(Read(package, "lib/net10.0/RiskTriage.dll")) == running, $"the running RiskTriage.dll differs from the one in {PackagePath}: a stale package was restored");
    }

    public static void The_package_holds_the_schema_readme_and_xml_docs()
    {
        using var package = ZipFile.OpenRead(PackagePath);
        var schemaBytes = Read(package, "schema/ruleset.schema.json");
        var schema = JObject.Parse(System.Text.Encoding.UTF8.GetString(schemaBytes));
        Check(((string?)schema["$schema"])?.Contains("json-schema.org", StringComparison.Ordinal) == true, "schema/ruleset.schema.json is not a JSON Schema");
        Check(schema["properties"]?["ruleSet"] is not null, "schema/ruleset.schema.json does not describe the \"ruleSet\" declaration");

        // Restore extracted it too, where a consumer's tooling can point at it.
        var restoredSchema = Path.Combine(RestoredPackage, "schema", "ruleset.schema.json");
        Check(File.Exists(restoredSchema), $"{restoredSchema} is missing from the restored package");
        Check(File.ReadAllBytes(restoredSchema).AsSpan().SequenceEqual(schemaBytes), $"{restoredSchema} differs from the nupkg's");

        var readme = System.Text.Encoding.UTF8.GetString(Read(package, "README.md"));
        Check(readme.Contains("DefaultRuleSets.Probation", StringComparison.Ordinal), "the package README does not show how to load the default rule set");
        var docs = System.Text.Encoding.UTF8.GetString(Read(package, "lib/net10.0/RiskTriage.xml"));
        Check(docs.Contains("M:RiskTriage.DefaultRuleSets.Probation", StringComparison.Ordinal), "the XML documentation does not document DefaultRuleSets.Probation");

        var nuspec = XDocumentLoad(Read(package, "RiskTriage.nuspec"));
        var ns = nuspec.Root!.Name.Namespace;
        var dependencies = nuspec.Descendants(ns + "dependency").Select(d => (string?)d.Attribute("id")).Order(StringComparer.Ordinal).ToArray();
        Check(dependencies.SequenceEqual(["Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Diagnostics.HealthChecks", "Microsoft.Extensions.FileProviders.Physical",
            "Microsoft.Extensions.Hosting.Abstractions", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Options", "Newtonsoft.Json"]),
            "the nuspec dependencies are " + string.Join(", ", dependencies));
    }

    public static void The_default_rule_set_loads_from_the_package()
    {
        var ruleSet = DefaultRuleSets.Probation();
        Check(ruleSet.Identity.Name == "probation", $"the default rule set is '{ruleSet.Identity.Name}'");
        Check(ruleSet.Warnings.Count == 0, "the default rule set loaded with warnings: " + string.Join("; ", ruleSet.Warnings));
        Check(ReferenceEquals(ruleSet, DefaultRuleSets.Probation()), "DefaultRuleSets.Probation() is not one shared instance");

        // The embedded rules are the repository's rules/probation folder: the same content hash.
        var fromDisk = RuleSet.Load(Path.Combine(Metadata("RepositoryRoot"), "rules", "probation"));
        Check(ruleSet.Identity == fromDisk.Identity, $"the package's rule set is {ruleSet.Identity}, the folder's is {fromDisk.Identity}");
    }

    public static void A_case_is_triaged_and_its_decision_matches_the_snapshot()
    {
        var ruleSet = DefaultRuleSets.Probation();
        var typed = ruleSet.Evaluate(new ProbationCase
        {
            CaseId = "consumer-1",
            AsOfDate = new DateOnly(2025, 6, 1),
            Gender = "Female",
            RsrScore = 3.2,
            OgrsScore = 41,
            Rosh = "MEDIUM",
            ComplexityFactors = [],
            Sentences = [new Sentence { Type = "SC", Terminated = false, Requirements = [] }],
        });
        var json = ruleSet.Evaluate(
            """{"caseId":"consumer-1","asOfDate":"2025-06-01","gender":"Female","rsrScore":3.2,"ogrsScore":41,"rosh":"MEDIUM","complexityFactors":[],"sentences":[{"type":"SC","terminated":false,"requirements":[]}]}""",
            TraceDetail.Summary);

        Check(typed.Status != DecisionStatus.Invalid, "the typed case is invalid: " + string.Join("; ", typed.Errors));
        Check(typed.RuleSet == ruleSet.Identity, "the decision does not name the rule set that made it");
        Check(!typed["tier"].IsMissing, "the decision has no tier");
        Check(typed.Outputs.SequenceEqual(json.Outputs), "the typed and the JSON case were decided differently");

        DecisionSnapshots.Verify([typed, json]);
    }

    public static void A_rule_set_of_your_own_loads_from_disk()
    {
        var folder = Directory.CreateTempSubdirectory("risktriage-consumer-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "rules.json"),
                """{ "ruleSet": { "name": "mine", "version": "2" }, "inputs": { "score": "number" }, "outputs": { "doubled": { "type": "number", "value": "score * 2" } } }""");
            var mine = RuleSet.Load(folder.FullName);
            Check(mine.Identity.Name == "mine" && mine.Evaluate("""{"score":21}""")["doubled"].AsNumber == 42, "a rule set of one's own did not evaluate");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static byte[] Read(ZipArchive package, string entryName)
    {
        var entry = package.GetEntry(entryName) ?? throw new InvalidOperationException($"{entryName} is missing from {PackagePath}");
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static System.Xml.Linq.XDocument XDocumentLoad(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return System.Xml.Linq.XDocument.Load(stream);
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Metadata(string key) =>
        typeof(ConsumerChecks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"the build did not record {key}");
}
