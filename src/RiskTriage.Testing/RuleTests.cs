using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Definitions;

namespace RiskTriage.Testing;

/// <summary>
/// One rule test: a case and the values it must produce. A class, not a record: it holds a JSON case and collections,
/// which have no value equality, so two tests are equal only when they are the same instance.
/// </summary>
public sealed class RuleTestCase
{
    /// <summary>Creates a rule test.</summary>
    /// <param name="name">A unique, readable name.</param>
    /// <param name="source">Where the expectation comes from (a policy document, a public test suite, an author).</param>
    /// <param name="case">The case, as the rule set's JSON input.</param>
    /// <param name="expected">Output names (or named values) and the values they must have; JSON null means "missing".</param>
    /// <param name="expectedStatus">The decision status the case must have, when the test says.</param>
    /// <param name="expectedReviews">Review-reason codes that must all be present, when the test says.</param>
    /// <param name="file">The test file it was read from.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/>, <paramref name="case"/>, <paramref name="expected"/> or <paramref name="file"/> is null.</exception>
    public RuleTestCase(string name, string? source, JObject @case, IReadOnlyDictionary<string, JToken> expected,
        DecisionStatus? expectedStatus, IReadOnlyList<string>? expectedReviews, string file)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Source = source;
        Case = @case ?? throw new ArgumentNullException(nameof(@case));
        Expected = expected ?? throw new ArgumentNullException(nameof(expected));
        ExpectedStatus = expectedStatus;
        ExpectedReviews = expectedReviews;
        File = file ?? throw new ArgumentNullException(nameof(file));
    }

    /// <summary>A unique, readable name.</summary>
    public string Name { get; }

    /// <summary>Where the expectation comes from (a policy document, a public test suite, an author).</summary>
    public string? Source { get; }

    /// <summary>The case, as the rule set's JSON input.</summary>
    public JObject Case { get; }

    /// <summary>Output names (or named values) and the values they must have; JSON null means "missing".</summary>
    public IReadOnlyDictionary<string, JToken> Expected { get; }

    /// <summary>The decision status the case must have, when the test says.</summary>
    public DecisionStatus? ExpectedStatus { get; }

    /// <summary>Review-reason codes that must all be present, when the test says.</summary>
    public IReadOnlyList<string>? ExpectedReviews { get; }

    /// <summary>The test file it was read from.</summary>
    public string File { get; }

    /// <summary>The test's name.</summary>
    public override string ToString() => Name;
}

/// <summary>A difference between what a test expects and what the rule set decided.</summary>
/// <param name="Name">The output or value name (or <c>status</c> / <c>reviewReasons</c>).</param>
/// <param name="Expected">The expected value as JSON.</param>
/// <param name="Actual">The actual value as JSON.</param>
public sealed record RuleTestMismatch(string Name, string Expected, string Actual);

/// <summary>The result of one rule test (a class: it holds a decision and a list, which have no value equality).</summary>
public sealed class RuleTestResult
{
    /// <summary>Creates the result of a test.</summary>
    /// <param name="test">The test.</param>
    /// <param name="decision">The decision made (with a full trace).</param>
    /// <param name="mismatches">Empty when the test passed.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public RuleTestResult(RuleTestCase test, Decision decision, IReadOnlyList<RuleTestMismatch> mismatches)
    {
        Test = test ?? throw new ArgumentNullException(nameof(test));
        Decision = decision ?? throw new ArgumentNullException(nameof(decision));
        Mismatches = mismatches ?? throw new ArgumentNullException(nameof(mismatches));
    }

    /// <summary>The test.</summary>
    public RuleTestCase Test { get; }

    /// <summary>The decision made (with a full trace).</summary>
    public Decision Decision { get; }

    /// <summary>Empty when the test passed.</summary>
    public IReadOnlyList<RuleTestMismatch> Mismatches { get; }

    /// <summary>True when every expectation held.</summary>
    public bool Passed => Mismatches.Count == 0;
}

/// <summary>Which elements of the rule set the tests exercised, and which they never did.</summary>
public sealed class RuleCoverage
{
    /// <summary>Creates the coverage of a run.</summary>
    /// <param name="total">How many coverable items the rule set has (scorecard rows, band labels, table rows, enabled rules).</param>
    /// <param name="uncovered">The items no test exercised, e.g. <c>table pathway row low-need-high-risk</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="uncovered"/> is null.</exception>
    public RuleCoverage(int total, IReadOnlyList<string> uncovered)
    {
        Total = total;
        Uncovered = uncovered ?? throw new ArgumentNullException(nameof(uncovered));
    }

    /// <summary>How many coverable items the rule set has (scorecard rows, band labels, table rows, enabled rules).</summary>
    public int Total { get; }

    /// <summary>The items no test exercised, e.g. <c>table pathway row low-need-high-risk</c>.</summary>
    public IReadOnlyList<string> Uncovered { get; }

    /// <summary>How many items were exercised.</summary>
    public int Covered => Total - Uncovered.Count;
}

/// <summary>The results of running a rule set's tests (a class: it holds lists, which have no value equality).</summary>
public sealed class RuleTestRun
{
    /// <summary>Creates the results of a run.</summary>
    /// <param name="results">One result per test, in file and file-order.</param>
    /// <param name="coverage">What the tests exercised.</param>
    /// <param name="errors">Problems reading test files (a test file that cannot be read fails the run).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public RuleTestRun(IReadOnlyList<RuleTestResult> results, RuleCoverage coverage, IReadOnlyList<string> errors)
    {
        Results = results ?? throw new ArgumentNullException(nameof(results));
        Coverage = coverage ?? throw new ArgumentNullException(nameof(coverage));
        Errors = errors ?? throw new ArgumentNullException(nameof(errors));
    }

    /// <summary>One result per test, in file and file-order.</summary>
    public IReadOnlyList<RuleTestResult> Results { get; }

    /// <summary>What the tests exercised.</summary>
    public RuleCoverage Coverage { get; }

    /// <summary>Problems reading test files (a test file that cannot be read fails the run).</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>How many tests passed.</summary>
    public int Passed => Results.Count(r => r.Passed);

    /// <summary>How many tests failed.</summary>
    public int Failed => Results.Count - Passed;

    /// <summary>
    /// The fail-safe audit over the tests' cases (<see cref="RuleSet.AuditFailSafe"/>): a rule change that lets a
    /// missing input quietly change an outcome fails the run through its findings, even when every expectation holds.
    /// </summary>
    public FailSafeAuditResult? FailSafe { get; init; }
}

/// <summary>
/// Reads and runs rule tests: JSON files holding { "description": ..., "cases": [ { "name", "source", "case",
/// "expected": { output: value }, "expectedStatus", "expectedReviews" } ] }, kept in a rule set's <c>tests/</c> folder.
/// </summary>
public static class RuleTests
{
    /// <summary>Reads every <c>*.json</c> test file under <paramref name="path"/> (a folder or one file), in path order.</summary>
    public static IReadOnlyList<RuleTestCase> Read(string path, out IReadOnlyList<string> errors)
    {
        var found = new List<string>();
        var cases = new List<RuleTestCase>();
        var files = File.Exists(path)
            ? [path]
            : Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).ToArray()
                : [];
        if (files.Length == 0)
        {
            found.Add($"no test files found at '{path}'");
        }

        foreach (var file in files)
        {
            try
            {
                // The cases in a test file are held to strict JSON as a case given as text is: Newtonsoft alone would
                // read 075 as 61. Dates stay text: Newtonsoft's default would turn a date-time into a DateTime.
                var text = File.ReadAllText(file);
                if (Evaluation.StrictJsonScanner.Check(text, RuleSetLimits.Default.MaxJsonDepth + 4, string.Empty, 0) is { } notStrict)
                {
                    found.Add($"{file}({notStrict.Line},{notStrict.Column}): not strict JSON at {notStrict.Path}: {notStrict.Message}");
                    continue;
                }

                using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
                var root = JObject.Load(reader, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
                if (root["cases"] is not JArray array)
                {
                    found.Add($"{file}: a test file needs \"cases\": [ ... ]");
                    continue;
                }

                foreach (var item in array)
                {
                    if (item is not JObject test || test["case"] is not JObject @case || test["expected"] is not JObject expected)
                    {
                        found.Add($"{file}: each test needs \"name\", \"case\": {{...}} and \"expected\": {{...}} ({item.Path})");
                        continue;
                    }

                    DecisionStatus? status = null;
                    if (test["expectedStatus"] is { Type: JTokenType.String } statusToken)
                    {
                        if (Enum.TryParse<DecisionStatus>((string)statusToken!, out var parsed))
                        {
                            status = parsed;
                        }
                        else
                        {
                            found.Add($"{file}: unknown expectedStatus '{statusToken}' ({item.Path})");
                        }
                    }

                    var reviews = test["expectedReviews"] is JArray reviewArray ? reviewArray.Select(r => (string)r!).ToArray() : null;
                    cases.Add(new RuleTestCase((string?)test["name"] ?? item.Path, (string?)test["source"], @case,
                        expected.Properties().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal), status, reviews, file));
                }
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                found.Add($"{file}: {e.Message}");
            }
        }

        errors = found;
        return cases;
    }

    /// <summary>
    /// Runs the tests against the rule set (each case with a full trace), works out coverage, and runs the fail-safe
    /// audit over the tests' cases (<see cref="RuleTestRun.FailSafe"/>, with the audit's default bounds).
    /// </summary>
    /// <param name="ruleSet">The rule set under test.</param>
    /// <param name="tests">The tests, as <see cref="Read"/> gives them.</param>
    /// <param name="readErrors">Problems reading the test files, carried into the run.</param>
    /// <param name="failSafeAudit">Whether to run the fail-safe audit (default <c>true</c>); <c>false</c> checks the expectations only.</param>
    public static RuleTestRun Run(RuleSet ruleSet, IEnumerable<RuleTestCase> tests, IReadOnlyList<string>? readErrors = null, bool failSafeAudit = true)
    {
        tests = tests.ToList();
        var results = new List<RuleTestResult>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var test in tests)
        {
            var decision = ruleSet.Evaluate(test.Case, TraceDetail.Full);
            results.Add(new RuleTestResult(test, decision, Compare(ruleSet, test, decision)));
            foreach (var entry in decision.Trace ?? [])
            {
                covered.Add(CoverageKey(entry.Kind, entry.Element, entry.Item));
            }
        }

        var all = CoverableItems.Of(ruleSet.Definition).ToList();
        return new RuleTestRun(results, new RuleCoverage(all.Count, all.Where(i => !covered.Contains(i.Key)).Select(i => i.Display).ToList()), readErrors ?? [])
        {
            FailSafe = failSafeAudit ? ruleSet.AuditFailSafe(tests.Select(t => t.Case.ToString(Formatting.None))) : null,
        };
    }

    private static string CoverageKey(TraceEntryKind kind, string element, string? item) => $"{kind}|{element}|{item}";

    /// <summary>What coverage counts: each scorecard row, band, table row and enabled rule, in declaration order.</summary>
    private sealed class CoverableItems : RuleSetDefinitionVisitor<IEnumerable<(string Key, string Display)>>
    {
        public static IEnumerable<(string Key, string Display)> Of(RuleSetDefinition definition) =>
            definition.Elements.SelectMany(new CoverableItems().Visit);

        public override IEnumerable<(string Key, string Display)> VisitValue(ValueDefinition value) => [];

        public override IEnumerable<(string Key, string Display)> VisitScorecard(ScorecardDefinition scorecard) =>
            scorecard.Rows.Select(row => (CoverageKey(TraceEntryKind.ScorecardRow, scorecard.Name, row.Id), $"scorecard {scorecard.Name} row {row.Id}"));

        public override IEnumerable<(string Key, string Display)> VisitBandSet(BandSetDefinition bandSet) =>
            bandSet.Bands.Select(band => (CoverageKey(TraceEntryKind.Band, bandSet.Name, band.Label), $"bands {bandSet.Name} band {band.Label}"));

        public override IEnumerable<(string Key, string Display)> VisitTable(TableDefinition table) =>
            table.Rows.Select(row => (CoverageKey(TraceEntryKind.TableRow, table.Name, row.Id), $"table {table.Name} row {row.Id}"));

        public override IEnumerable<(string Key, string Display)> VisitRule(RuleDefinition rule) =>
            rule.Enabled ? [(CoverageKey(TraceEntryKind.Rule, "rules", rule.Id), $"rule {rule.Id}")] : [];

        public override IEnumerable<(string Key, string Display)> VisitOutput(OutputDefinition output) => [];
    }

    private static List<RuleTestMismatch> Compare(RuleSet ruleSet, RuleTestCase test, Decision decision)
    {
        var mismatches = new List<RuleTestMismatch>();
        var values = decision.Trace!.Where(e => e.Kind == TraceEntryKind.Value).GroupBy(e => e.Element).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        foreach (var (name, expected) in test.Expected)
        {
            RuleValue actual;
            if (ruleSet.OutputNames.Contains(name))
            {
                actual = decision[name];
            }
            else if (values.TryGetValue(name, out var value))
            {
                actual = value;
            }
            else
            {
                mismatches.Add(new RuleTestMismatch(name, expected.ToString(Formatting.None), "(no output or value of this name)"));
                continue;
            }

            if (!Matches(expected, actual))
            {
                mismatches.Add(new RuleTestMismatch(name, expected.ToString(Formatting.None), actual.ToJson()));
            }
        }

        if (test.ExpectedStatus is { } status && decision.Status != status)
        {
            mismatches.Add(new RuleTestMismatch("status", status.ToString(), decision.Status.ToString()));
        }

        if (test.ExpectedReviews is { } reviews)
        {
            var codes = decision.ReviewReasons.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
            var missing = reviews.Where(r => !codes.Contains(r)).ToList();
            if (missing.Count > 0)
            {
                mismatches.Add(new RuleTestMismatch("reviewReasons", "[" + string.Join(", ", reviews) + "]", "[" + string.Join(", ", codes.Order(StringComparer.Ordinal)) + "]"));
            }
        }

        return mismatches;
    }

    private static bool Matches(JToken expected, RuleValue actual) => expected.Type switch
    {
        JTokenType.Null => actual.IsMissing,
        JTokenType.Boolean => actual.AsBool == (bool)expected,
        JTokenType.Integer or JTokenType.Float => actual.AsNumber is { } n && n == (double)expected,
        JTokenType.String => actual.Kind == RuleValueKind.Date
            ? actual.ToString() == (string)expected!
            : actual.AsString == (string)expected!,
        JTokenType.Array => actual.AsList is { } items && items.Count == expected.Count() && expected.Zip(items).All(p => Matches(p.First, p.Second)),
        _ => false,
    };
}
