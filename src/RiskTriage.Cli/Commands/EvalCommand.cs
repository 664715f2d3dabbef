using System.Diagnostics;
using System.Globalization;
using RiskTriage.Cli.Input;
using RiskTriage.Cli.Processing;

namespace RiskTriage.Cli.Commands;

/// <summary>Options of <c>risktriage eval</c>.</summary>
/// <param name="RuleSet">The rule-set folder or file.</param>
/// <param name="Cases">A JSON array or NDJSON file of cases; null or <c>-</c> for standard input.</param>
/// <param name="Out">Where to write the decisions; null for standard output.</param>
/// <param name="Trace">The trace each decision carries.</param>
/// <param name="Parallelism">How many chunks of cases are evaluated at once.</param>
public sealed record EvalOptions(string RuleSet, string? Cases, string? Out, TraceDetail Trace, int Parallelism)
{
    /// <summary>How the cases are laid out; null to tell from the file's name and first character (see <see cref="CaseFormat"/>).</summary>
    public CaseFormat? Format { get; init; }
}

/// <summary>
/// <c>risktriage eval</c>: evaluates a batch of cases and writes one canonical decision JSON per line, in input
/// order. Streams: memory stays flat however many cases there are. A case that cannot be read becomes an error
/// record in its place and the batch goes on.
/// </summary>
public static class EvalCommand
{
    private const int MaxReportedProblems = 20;
    private const int MaxSummaryValues = 40;
    private const int MaxTrackedValues = 1000;

    /// <summary>Runs the command.</summary>
    /// <returns>0 when every case was decided, 2 when some were invalid, 1 for usage or file errors.</returns>
    public static int Run(EvalOptions options, CliConsole console)
    {
        OrderedPipeline.CheckParallelism(options.Parallelism);

        var ruleSet = RuleSetLoading.Load(options.RuleSet, console);
        using var input = CaseInput.Open(options.Cases, console, options.Format);
        using var outFile = options.Out is null ? null
            : OutputFile.Create(options.Out, "output file", (options.Cases, "cases file"), (options.RuleSet, "rule file"));
        var output = outFile?.Writer ?? console.Out;
        var clock = Stopwatch.StartNew();
        var tally = new Tally(ruleSet.OutputNames.Count > 0 ? ruleSet.OutputNames[0] : null);
        var problems = 0;
        var progress = console.ErrorIsTerminal && input.Length >= ProgressBar.MinimumBytes
            ? new ProgressBar(console.Error, input.Length, () => input.BytesRead)
            : null;
        try
        {
            OrderedPipeline.Run(
                input.Source.Read(),
                raw => Evaluate(ruleSet, raw, options.Trace, input.Source.Name),
                result =>
                {
                    output.Write(result.Json);
                    output.Write('\n');
                    tally.Add(result);
                    if (result.Problem is not null && ++problems <= MaxReportedProblems)
                    {
                        progress?.Clear();
                        console.Error.WriteLine(result.Problem);
                    }

                    progress?.Update(tally.Cases);
                },
                options.Parallelism,
                RawCase.Weight);
            output.Flush();
            outFile?.Commit();
        }
        finally
        {
            progress?.Clear();
        }

        if (problems > MaxReportedProblems)
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"... and {problems - MaxReportedProblems:N0} more invalid cases (see the records with \"status\":\"Invalid\")"));
        }

        if (input.Source.FatalError is { } fatal)
        {
            console.Error.WriteLine(fatal);
        }

        WriteSummary(console.Error, ruleSet, tally, clock.Elapsed);
        return input.Source.FatalError is not null ? ExitCodes.Failure
            : tally.Invalid > 0 ? ExitCodes.InvalidCases
            : ExitCodes.Success;
    }

    /// <summary>The result of one case: its output line and what the summary needs.</summary>
    internal sealed record CaseResult(string Json, DecisionStatus Status, RuleValue First, string? Problem);

    internal static CaseResult Evaluate(RuleSet ruleSet, RawCase raw, TraceDetail trace, string inputName)
    {
        if (raw.Text is null)
        {
            return new CaseResult(JsonText.ErrorRecord(raw.Line, raw.Error!), DecisionStatus.Invalid, RuleValue.Missing,
                raw.Fatal ? null : $"{inputName}({raw.Line}): error: {raw.Error}");
        }

        var decision = ruleSet.Evaluate(raw.Text, trace);
        if (decision.Status != DecisionStatus.Invalid)
        {
            return new CaseResult(decision.ToJson(), decision.Status, ruleSet.OutputNames.Count > 0 ? decision[ruleSet.OutputNames[0]] : default, null);
        }

        if (JsonText.SyntaxError(raw.Text) is { } syntax)
        {
            var (line, column) = raw.InInput(syntax.Line, syntax.Column);
            var message = string.Create(CultureInfo.InvariantCulture, $"not valid JSON at line {line}, column {column}: {syntax.Message}");
            return new CaseResult(JsonText.ErrorRecord(line, message), DecisionStatus.Invalid, default,
                string.Create(CultureInfo.InvariantCulture, $"{inputName}({line},{column}): error: not valid JSON: {syntax.Message}"));
        }

        var errors = string.Join("; ", decision.Errors.Select(e => $"{e.Path}: {e.Message}"));
        var id = decision.CaseId is null ? "" : $" {decision.CaseId}";
        return new CaseResult(decision.ToJson(), DecisionStatus.Invalid, default,
            string.Create(CultureInfo.InvariantCulture, $"{inputName}({raw.Line}): error: case{id} is invalid: {errors}"));
    }

    private static void WriteSummary(TextWriter error, RuleSet ruleSet, Tally tally, TimeSpan elapsed)
    {
        var id = ruleSet.Identity;
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tally.Cases:N0} case{(tally.Cases == 1 ? "" : "s")} evaluated with {id.Name} {id.Version} ({id.Hash})"));
        var width = Math.Max(16, tally.Values.Keys.Select(k => k.Length + 4).DefaultIfEmpty(0).Max());
        Line(error, "Complete", tally.Complete, width);
        Line(error, "ReviewRequired", tally.Review, width);
        Line(error, "Invalid", tally.Invalid, width);
        if (tally.FirstOutput is { } first && tally.Cases > tally.Invalid)
        {
            // Invalid cases have no outputs, so the count is over the others; say so, with both numbers.
            var decided = tally.Cases - tally.Invalid;
            var invalid = tally.Invalid == 0 ? ""
                : string.Create(CultureInfo.InvariantCulture, $"; the {tally.Invalid:N0} invalid case{(tally.Invalid == 1 ? " has" : "s have")} no outputs");
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{first} of the {decided:N0} decided case{(decided == 1 ? "" : "s")} (Complete or ReviewRequired{invalid}):"));
            foreach (var (value, count) in tally.Values.OrderBy(p => p.Key, StringComparer.Ordinal).Take(MaxSummaryValues))
            {
                Line(error, value, count, width);
            }

            if (tally.Values.Count > MaxSummaryValues)
            {
                error.WriteLine($"  ... {tally.Values.Count - MaxSummaryValues} more values");
            }

            if (tally.Other > 0)
            {
                Line(error, "(other values)", tally.Other, width);
            }
        }

        var seconds = Math.Max(elapsed.TotalSeconds, 1e-6);
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time: {elapsed.TotalSeconds:0.000} s ({tally.Cases / seconds:N0} cases/s)"));
    }

    private static void Line(TextWriter writer, string label, long count, int width) =>
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label.PadRight(width)}{count,10:N0}"));

    /// <summary>Counts per status and per value of the first output.</summary>
    private sealed class Tally(string? firstOutput)
    {
        public string? FirstOutput { get; } = firstOutput;

        public long Cases { get; private set; }

        public long Complete { get; private set; }

        public long Review { get; private set; }

        public long Invalid { get; private set; }

        public long Other { get; private set; }

        public Dictionary<string, long> Values { get; } = new(StringComparer.Ordinal);

        public void Add(CaseResult result)
        {
            Cases++;
            switch (result.Status)
            {
                case DecisionStatus.Complete: Complete++; break;
                case DecisionStatus.ReviewRequired: Review++; break;
                default: Invalid++; return;
            }

            var key = JsonText.Display(result.First);
            if (Values.TryGetValue(key, out var count))
            {
                Values[key] = count + 1;
            }
            else if (Values.Count < MaxTrackedValues)
            {
                Values[key] = 1;
            }
            else
            {
                Other++;
            }
        }
    }
}

/// <summary>The cases input of a command: a file (with its size, for progress) or standard input.</summary>
internal sealed class CaseInput : IDisposable
{
    private readonly CountingStream? _stream;
    private readonly TextReader? _ownedReader;

    private CaseInput(CaseSource source, CountingStream? stream, TextReader? ownedReader, long length)
    {
        Source = source;
        _stream = stream;
        _ownedReader = ownedReader;
        Length = length;
    }

    public CaseSource Source { get; }

    /// <summary>The file's length in bytes; 0 for standard input.</summary>
    public long Length { get; }

    public long BytesRead => _stream?.BytesRead ?? 0;

    public static CaseInput Open(string? path, CliConsole console, CaseFormat? format = null, int maxCaseLength = 4 * 1024 * 1024)
    {
        if (InputFiles.IsStdin(path))
        {
            if (path is null && console.InputIsTerminal)
            {
                throw new CliException("no cases given: name a cases file, or pipe cases in on standard input (use '-' to read a terminal)");
            }

            return new CaseInput(new CaseSource(console.In, "<stdin>", maxCaseLength, format), null, null, 0);
        }

        var stream = InputFiles.OpenRead(path!, "cases file");
        long length;
        try
        {
            length = new FileInfo(path!).Length;
        }
        catch (IOException)
        {
            length = 0;
        }

        var reader = new StreamReader(stream, Utf8Text.Reading, detectEncodingFromByteOrderMarks: true, 1 << 16);
        return new CaseInput(new CaseSource(reader, path!, maxCaseLength, format), stream, reader, length);
    }

    public void Dispose() => _ownedReader?.Dispose();
}
