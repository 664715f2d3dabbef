using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Newtonsoft.Json.Linq;

namespace RiskTriage.Benchmarks;

/// <summary>
/// Loading (read, check, compile) the probation rule set at 1x, 10x and 100x its size: the larger sets repeat every
/// module file of the default set with each element it declares (parameters, values, scorecards, bands, tables and
/// their outputs, rules) renamed with a suffix, so the copies are new elements of the same shapes. Load time must
/// grow about linearly with the size (issue #16: tables, enumerations, unknown names and chains of values loaded in
/// quadratic time).
/// </summary>
[MemoryDiagnoser]
public partial class LoadBenchmarks
{
    private static readonly RuleSetOptions Options = new() { Limits = new RuleSetLimits { MaxFiles = 1_000 } };

    private Dictionary<string, string> _files = [];

    /// <summary>How many times the default rule set's modules are repeated.</summary>
    [Params(1, 10, 100)]
    public int Scale { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _files = Replicate(RepositoryPaths.ProbationRuleSet, Scale);
        var loaded = RuleSet.LoadFromSources(_files, Options);
        if (loaded.Warnings.Any(w => w.Code != "RT0325"))
        {
            throw new InvalidOperationException("the replicated rule set has warnings: " + string.Join("; ", loaded.Warnings.Take(3)));
        }
    }

    [Benchmark]
    public RuleSet Load() => RuleSet.LoadFromSources(_files, Options);

    /// <summary>The rule set's files, with every module file repeated <paramref name="scale"/> times in all under new names.</summary>
    public static Dictionary<string, string> Replicate(string folder, int scale)
    {
        var files = Directory.GetFiles(folder, "*.json").OrderBy(f => f, StringComparer.Ordinal)
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);
        var modules = files.Where(f => JObject.Parse(f.Value)["module"] is not null).ToList();
        for (var copy = 1; copy < scale; copy++)
        {
            foreach (var (name, text) in modules)
            {
                files[$"{Path.GetFileNameWithoutExtension(name)}-{copy}.json"] = Renamed(text, "_" + copy);
            }
        }

        return files;
    }

    /// <summary>The module with each name it declares followed by <paramref name="suffix"/>, in declarations and in expressions.</summary>
    private static string Renamed(string text, string suffix)
    {
        var module = JObject.Parse(text);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in new[] { "parameters", "values", "scorecards", "bands", "tables" })
        {
            foreach (var property in (module[section] as JObject)?.Properties() ?? [])
            {
                names.Add(property.Name);
                foreach (var output in (property.Value["outputs"] as JObject)?.Properties() ?? [])
                {
                    names.Add(output.Name);
                }
            }
        }

        var renamed = Identifier().Replace(text, m => names.Contains(m.Value) ? m.Value + suffix : m.Value);
        var result = JObject.Parse(renamed);
        result["module"] = (string)result["module"]! + suffix;
        foreach (var rule in (result["rules"] as JArray) ?? [])
        {
            rule["id"] = (string)rule["id"]! + suffix;
        }

        return result.ToString();
    }

    // A name, not the field of an object (after a dot) or part of a longer name.
    [GeneratedRegex(@"(?<![A-Za-z0-9_$.])[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_])")]
    private static partial Regex Identifier();
}
