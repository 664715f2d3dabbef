using RiskTriage.Checking;
using RiskTriage.Diagnostics;
using RiskTriage.Loading;

namespace RiskTriage.Tests.Checking;

/// <summary>
/// The decision tables' coverage analysis (warnings only) runs when a loaded rule set's warnings are first read, not
/// during the load: the warnings read then are the ones an eager check finds, in the same order, from any thread; a
/// rule set with errors still reports everything at once and never loads.
/// </summary>
public sealed class DeferredCoverageTests
{
    // Two tables with coverage warnings (a shadowed part of a row, a gap) and one other warning (an unused parameter).
    private const string WithCoverageWarnings = """
        {
          "ruleSet": { "name": "test", "version": "1" },
          "inputs": { "rsr": "number", "level": { "type": "string", "enum": ["LOW", "HIGH"] } },
          "parameters": { "unused": 3 },
          "tables": {
            "t": { "hitPolicy": "FIRST", "inputs": ["rsr"], "outputs": { "out": "number" }, "rows": [
              { "id": "high", "when": ["[4.5..99.99)"], "then": { "out": 20 } },
              { "id": "medium", "when": ["[3..6.99]"], "then": { "out": 10 } },
              { "id": "other", "when": ["-"], "then": { "out": 0 } } ] },
            "u": { "hitPolicy": "FIRST", "inputs": ["level"], "outputs": { "band": "number" }, "rows": [
              { "id": "low", "when": ["LOW"], "then": { "band": 1 } } ] }
          },
          "outputs": { "out": "number", "band": "number" }
        }
        """;

    [Fact]
    public void Loading_and_the_first_decision_leave_the_coverage_analysis_until_the_warnings_are_read()
    {
        var ruleSet = RuleSetSources.Load(WithCoverageWarnings, new RuleSetOptions { Backend = RuleSetBackend.Tiered });
        var decision = ruleSet.Evaluate("""{ "rsr": 5, "level": "HIGH" }""");

        Assert.Equal(DecisionStatus.Complete, decision.Status);
        var warnings = Assert.IsType<DeferredDiagnostics>(ruleSet.Warnings);
        Assert.False(warnings.IsBuilt);

        Assert.Equal([DiagnosticCodes.UnusedParameter, "RT0330", "RT0331"], ruleSet.Warnings.Select(w => w.Code).Order(StringComparer.Ordinal));
        Assert.True(warnings.IsBuilt);
    }

    [Fact]
    public void TryLoad_returns_the_loaded_rule_sets_warnings_as_its_diagnostics()
    {
        var folder = Directory.CreateTempSubdirectory("risktriage-deferred-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "rules.json"), WithCoverageWarnings);

            Assert.True(RuleSet.TryLoad(folder.FullName, out var ruleSet, out var diagnostics));

            Assert.Same(ruleSet.Warnings, diagnostics);
            Assert.Equal(Eager(folder.FullName).Select(Shown), diagnostics.Select(Shown));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_rule_set_and_rule_file_in_the_repository_has_the_diagnostics_an_eager_check_gives_in_the_same_order()
    {
        // Every folder holding JSON, and every JSON file on its own (a folder's rule file beside its cases loads alone).
        var files = Directory.EnumerateFiles(TestPaths.RepositoryRoot, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git" or "artifacts"))
            .ToList();
        var folders = files.Select(Path.GetDirectoryName).OfType<string>().Concat(files)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var loaded = 0;
        var coverageWarnings = 0;
        foreach (var folder in folders)
        {
            var expected = Eager(folder).Select(Shown).ToList();
            var ok = RuleSet.TryLoad(folder, out var ruleSet, out var diagnostics);

            Assert.True(expected.SequenceEqual(diagnostics.Select(Shown)), $"{folder}:\nexpected\n{string.Join('\n', expected)}\nread\n{string.Join('\n', diagnostics.Select(Shown))}");
            Assert.Equal(ok, !expected.Any(d => d.StartsWith("Error", StringComparison.Ordinal)));
            loaded += ok ? 1 : 0;
            coverageWarnings += ok ? ruleSet!.Warnings.Count(w => w.Code is "RT0330" or "RT0331") : 0;
        }

        // The corpus must exercise the deferred path: rule sets that load, some with coverage warnings.
        Assert.True(loaded >= 10, $"only {loaded} of {folders.Count} folders loaded");
        Assert.True(coverageWarnings > 0, "no rule set in the repository has a coverage warning");
    }

    [Fact]
    public void Concurrent_first_reads_see_one_analysis_and_the_same_list()
    {
        for (var round = 0; round < 20; round++)
        {
            var ruleSet = RuleSetSources.Load(WithCoverageWarnings);
            const int Readers = 8;
            var barrier = new Barrier(Readers);
            var seen = new string[Readers][];
            var failures = new Exception?[Readers];
            var threads = Enumerable.Range(0, Readers).Select(i => new Thread(() =>
            {
                barrier.SignalAndWait();
                try
                {
                    seen[i] = ruleSet.Warnings.Select(Shown).ToArray();
                }
                catch (Exception e)
                {
                    failures[i] = e;
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.All(failures, Assert.Null);
            Assert.Equal(3, seen[0].Length);
            Assert.All(seen, s => Assert.Equal(seen[0], s));
        }
    }

    [Fact]
    public void A_rule_set_with_an_error_reports_its_coverage_warnings_at_once_and_does_not_load()
    {
        var files = RuleSetSources.One(WithCoverageWarnings.Replace("\"outputs\": { \"out\": \"number\", \"band\": \"number\" }",
            "\"outputs\": { \"out\": \"number\", \"band\": \"number\", \"bad\": { \"type\": \"number\", \"value\": \"nosuch + 1\" } }", StringComparison.Ordinal));

        var diagnostics = RuleSetSources.Errors(files);

        Assert.IsNotType<DeferredDiagnostics>(diagnostics);
        Assert.Equal([DiagnosticCodes.UnknownName, DiagnosticCodes.UnusedParameter, "RT0330", "RT0331"],
            diagnostics.Select(d => d.Code).Order(StringComparer.Ordinal));
        Assert.Single(diagnostics, d => d.IsError);
    }

    [Fact]
    public void A_check_with_an_error_reports_the_coverage_warnings_even_when_asked_to_defer_them()
    {
        var model = Model(WithCoverageWarnings.Replace("\"out\": 0 }", "\"out\": \"zero\" }", StringComparison.Ordinal), out var bag);

        var checkedRuleSet = RuleSetChecker.Check(model, RuleSetOptions.Default, bag, "hash", deferCoverage: true);

        Assert.True(bag.HasErrors);
        Assert.Null(checkedRuleSet.PendingCoverage);
        Assert.Contains(bag.Diagnostics, d => d.Code == "RT0330");
    }

    [Fact]
    public void A_defect_in_the_analysis_becomes_a_warning_on_its_table_rather_than_an_exception_from_the_warnings()
    {
        var model = Model(WithCoverageWarnings, out _);
        var bag = new DiagnosticBag();

        // A table the analysis cannot take (no checked node) stands for a defect in it; the next table is still analysed.
        new DeferredCoverage([new DeferredCoverage.Table(null!, model.Tables[0]), new DeferredCoverage.Table(null!, model.Tables[1])]).ReportTo(bag);

        Assert.Equal(2, bag.Diagnostics.Count());
        Assert.All(bag.Diagnostics, d =>
        {
            Assert.Equal(DiagnosticCodes.InternalError, d.Code);
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Contains("coverage analysis", d.Message, StringComparison.Ordinal);
        });
        Assert.Equal(new[] { model.Tables[0].Source.Location, model.Tables[1].Source.Location }, bag.Diagnostics.Select(d => d.Location));
    }

    /// <summary>
    /// The diagnostics as a load that does not defer gives them: the check reports the coverage warnings on return, after
    /// its others. (Before the analysis could be deferred, it reported them inline, table by table; only the analysis
    /// reports RT0330/RT0331 and the sort is stable, so sorted, both orders give this list.)
    /// </summary>
    private static IReadOnlyList<Diagnostic> Eager(string path)
    {
        var bag = new DiagnosticBag();
        var files = RuleFileReader.ReadRuleSet(path, RuleSetOptions.Default, bag);
        if (files.Count > 0)
        {
            // As loading does it: with files that could not be read, the others' checks leave out what may follow from that.
            var check = bag.HasErrors ? new DiagnosticBag() : bag;
            RuleSetChecker.Check(ModelReader.Read(files, check), RuleSetOptions.Default, check, RuleFileReader.ContentHash(files, RuleSetOptions.Default));
            if (check != bag)
            {
                bag.AddRange(check.Diagnostics.Where(d => !DiagnosticCodes.MayFollowFromUnreadFiles(d.Code)));
            }
        }

        return bag.Diagnostics.OrderBy(d => d.Location.File, StringComparer.Ordinal).ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();
    }

    private static RuleSetModel Model(string json, out DiagnosticBag bag)
    {
        bag = new DiagnosticBag();
        var file = RuleFileReader.ParseText("rules.json", json, RuleSetLimits.Default, bag);
        Assert.NotNull(file);
        return ModelReader.Read([file], bag);
    }

    private static string Shown(Diagnostic d) => $"{d.Severity} {d.Render()} [{d.JsonPath}]";
}
