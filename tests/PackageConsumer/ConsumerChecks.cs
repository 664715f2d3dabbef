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

    /// <summary>Every library package, as listed in Directory.Build.props (RiskTriagePackage).</summary>
    private static readonly string[] Packages = Metadata("RiskTriagePackages").Split(';', StringSplitOptions.RemoveEmptyEntries);

    private static string PackagePath => PackagePathOf("RiskTriage");

    private static string PackagePathOf(string id) => Path.Combine(Metadata("RiskTriagePackageSource"), $"{id}.{Version}.nupkg");

    /// <summary>The package as restored (extracted) into this project's own packages folder.</summary>
    private static string RestoredPackage => RestoredPackageOf("RiskTriage");

    private static string RestoredPackageOf(string id) => Path.Combine(Metadata("RestorePackagesPath"), id.ToLowerInvariant(), Version);

    /// <summary>Each package's assembly, as loaded by this program.</summary>
    private static Assembly AssemblyOf(string id) => Assembly.Load(new AssemblyName(id));

    public static void Every_packed_package_is_referenced_and_checked()
    {
        var packed = Directory.GetFiles(Metadata("RiskTriagePackageSource"), $"*.{Version}.nupkg")
            .Select(p => Path.GetFileName(p)[..^$".{Version}.nupkg".Length])
            .Order(StringComparer.Ordinal)
            .ToArray();
        Check(packed.SequenceEqual(Packages.Order(StringComparer.Ordinal)),
            $"packed: {string.Join(", ", packed)}; referenced by the consumer (RiskTriagePackage in tests/PackageConsumer/Directory.Build.props): {string.Join(", ", Packages)}");
    }

    public static void Every_package_comes_from_the_freshly_packed_package()
    {
        foreach (var id in Packages)
        {
            var assembly = AssemblyOf(id);
            var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
            Check(informational == Version || informational.StartsWith(Version + "+", StringComparison.Ordinal),
                $"the loaded {id} is version '{informational}', expected {Version}");

            // The runtime resolved the assembly as a package, not a project reference.
            var depsFile = Path.Combine(AppContext.BaseDirectory, "PackageConsumer.deps.json");
            var library = JObject.Parse(File.ReadAllText(depsFile))["libraries"]?[$"{id}/{Version}"];
            Check((string?)library?["type"] == "package", $"{depsFile} does not list {id}/{Version} as a package");

            // The DLL that runs is the one in the restored package, which is the one in the nupkg just packed.
            var running = Sha256(File.ReadAllBytes(assembly.Location));
            var restored = Sha256(File.ReadAllBytes(Path.Combine(RestoredPackageOf(id), "lib", "net10.0", id + ".dll")));
            Check(running == restored, $"the running {id}.dll differs from the restored package's");
            using var package = ZipFile.OpenRead(PackagePathOf(id));
            Check(Sha256(Read(package, $"lib/net10.0/{id}.dll")) == running, $"the running {id}.dll differs from the one in {PackagePathOf(id)}: a stale package was restored");
        }
    }

    /// <summary>
    /// What a package on nuget.org is expected to carry: licence, icon, readme, addresses, release notes, tags, the commit
    /// it was built from, and a symbols package whose pdb maps every source file to that commit on GitHub (SourceLink),
    /// from a deterministic build.
    /// </summary>
    public static void Every_package_has_its_metadata_and_a_symbols_package_with_source_link()
    {
        foreach (var id in Packages)
        {
            using var package = ZipFile.OpenRead(PackagePathOf(id));
            var nuspec = XDocumentLoad(Read(package, id + ".nuspec"));
            var ns = nuspec.Root!.Name.Namespace;
            string? Meta(string name) => (string?)nuspec.Descendants(ns + name).FirstOrDefault();

            Check(Meta("license") == "MIT", $"{id}: the licence expression is '{Meta("license")}'");
            Check(Meta("icon") is { } icon && package.GetEntry(icon) is not null, $"{id}: no icon, or the icon '{Meta("icon")}' is not in the package");
            Check(Meta("readme") is { } readme && package.GetEntry(readme) is not null, $"{id}: no readme in the package");
            Check(Meta("projectUrl")?.StartsWith("https://github.com/", StringComparison.Ordinal) == true, $"{id}: the project address is '{Meta("projectUrl")}'");
            Check(Meta("releaseNotes")?.Contains(Version, StringComparison.Ordinal) == true, $"{id}: the release notes do not name version {Version}");
            Check(Meta("tags")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3, $"{id}: tags are '{Meta("tags")}'");
            var repository = nuspec.Descendants(ns + "repository").SingleOrDefault();
            var commit = (string?)repository?.Attribute("commit") ?? "";
            Check(System.Text.RegularExpressions.Regex.IsMatch(commit, "^[0-9a-f]{40}$"), $"{id}: the repository element names no commit ('{commit}')");
            Check(package.GetEntry($"lib/net10.0/{id}.pdb") is null, $"{id}: the pdb is in the main package; it belongs in the symbols package");

            var symbolsPath = Path.ChangeExtension(PackagePathOf(id), ".snupkg");
            Check(File.Exists(symbolsPath), $"{id}: there is no symbols package {symbolsPath}");
            using var symbols = ZipFile.OpenRead(symbolsPath);
            var pdb = Read(symbols, $"lib/net10.0/{id}.pdb", symbolsPath);
            var dll = Read(package, $"lib/net10.0/{id}.dll");
            var sourceLink = SourceLinkOf(dll, pdb, id);
            var documents = JObject.Parse(sourceLink)["documents"] as JObject;
            Check(documents is { Count: > 0 }, $"{id}: the pdb's SourceLink data maps no documents: {sourceLink}");
            Check(documents!.Properties().All(d => ((string?)d.Value)?.StartsWith($"https://raw.githubusercontent.com/risktriage/risktriage/{commit}/", StringComparison.Ordinal) == true),
                $"{id}: the pdb's SourceLink data does not map to the package's commit {commit}: {sourceLink}");
        }
    }

    public static void The_main_package_ships_no_test_helpers_and_Testing_and_RulesEngine_depend_on_it()
    {
        using (var package = ZipFile.OpenRead(PackagePath))
        {
            var files = package.Entries.Select(e => e.FullName).ToList();
            Check(!files.Any(f => f.Contains("Testing", StringComparison.OrdinalIgnoreCase)), "the RiskTriage package holds " + string.Join(", ", files.Where(f => f.Contains("Testing", StringComparison.OrdinalIgnoreCase))));
        }

        var engineTypes = typeof(RuleSet).Assembly.GetExportedTypes();
        Check(!engineTypes.Any(t => t.Namespace == "RiskTriage.Testing"), "RiskTriage.dll still has public types in RiskTriage.Testing");
        Check(typeof(DecisionSnapshots).Assembly.GetName().Name == "RiskTriage.Testing", "DecisionSnapshots is not in RiskTriage.Testing.dll");

        // Both packages use the engine's internals, so each depends on exactly the engine version it was built with.
        foreach (var id in new[] { "RiskTriage.Testing", "RiskTriage.RulesEngine" })
        {
            using var package = ZipFile.OpenRead(PackagePathOf(id));
            var nuspec = XDocumentLoad(Read(package, id + ".nuspec"));
            var ns = nuspec.Root!.Name.Namespace;
            var engine = nuspec.Descendants(ns + "dependency").SingleOrDefault(d => (string?)d.Attribute("id") == "RiskTriage");
            Check((string?)engine?.Attribute("version") == $"[{Version}]",
                $"{id} depends on RiskTriage '{(string?)engine?.Attribute("version")}', expected exactly {Version}");
        }
    }

    public static void The_rule_tests_of_the_default_rule_set_pass_with_the_Testing_package()
    {
        var tests = RuleTests.Read(Path.Combine(Metadata("RepositoryRoot"), "rules", "probation", "tests"), out var errors);
        Check(errors.Count == 0, "the rule tests could not be read: " + string.Join("; ", errors));
        var run = RuleTests.Run(DefaultRuleSets.Probation(), tests, errors);
        Check(run.Results.Count > 10 && run.Failed == 0, $"{run.Passed} rule tests passed, {run.Failed} failed");
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
        var typed = ruleSet.EvaluateTyped(new ProbationCase
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

    /// <summary>
    /// The SourceLink JSON of <paramref name="pdb"/>, after checking that it is the pdb of <paramref name="dll"/> (the
    /// ids match) and that the dll was built deterministically.
    /// </summary>
    private static string SourceLinkOf(byte[] dll, byte[] pdb, string id)
    {
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(dll));
        var debug = pe.ReadDebugDirectory();
        Check(debug.Any(e => e.Type == System.Reflection.PortableExecutable.DebugDirectoryEntryType.Reproducible), $"{id}.dll was not built deterministically");
        var codeView = pe.ReadCodeViewDebugDirectoryData(debug.First(e => e.Type == System.Reflection.PortableExecutable.DebugDirectoryEntryType.CodeView));

        using var provider = System.Reflection.Metadata.MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
        var reader = provider.GetMetadataReader();
        Check(new System.Reflection.Metadata.BlobContentId(reader.DebugMetadataHeader!.Id).Guid == codeView.Guid, $"the symbols package's {id}.pdb is not the pdb of the package's {id}.dll");
        foreach (var handle in reader.CustomDebugInformation)
        {
            var information = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(information.Kind) == sourceLinkKind)
            {
                return System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value));
            }
        }

        throw new InvalidOperationException($"{id}.pdb has no SourceLink data");
    }

    private static byte[] Read(ZipArchive package, string entryName, string? packagePath = null)
    {
        var entry = package.GetEntry(entryName) ?? throw new InvalidOperationException($"{entryName} is missing from {packagePath ?? "the package"}");
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
