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

    /// <summary>
    /// True to report on standard error, after the summary, where the run's processor time went: each stage of the
    /// pipeline (line cutting, read and evaluation, decision JSON, output), the process's user and system time, the
    /// collector's pauses and the JIT's work (<c>eval --stages</c>, a hidden option for measuring throughput).
    /// </summary>
    public bool Stages { get; init; }

    /// <summary>
    /// The size of a cases file from which <c>eval</c> waits for the rule set's compiled code before its first case
    /// (see <see cref="EvalCommand.Run"/>); standard input, whose size is not known, never waits.
    /// </summary>
    internal long CompiledFirstFromBytes { get; init; } = EvalCommand.CompiledFirstFromBytes;

    /// <summary>
    /// The size of a cases file under which <c>eval</c> loads the rule set to be interpreted only, compiling nothing
    /// (see <see cref="EvalCommand.BackendFor"/>); standard input, whose size is not known, is always tiered.
    /// </summary>
    internal long InterpretedBelowBytes { get; init; } = EvalCommand.InterpretedBelowBytes;
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

    /// <summary>
    /// The default of <see cref="EvalOptions.CompiledFirstFromBytes"/>: 64 MB, about 40,000 cases of 1.5 KB. Measured
    /// (<c>eval --stages</c>, 200,000 such cases, RESULTS.md session 13): the 2,560 cases the interpreter evaluated
    /// while the compiled tier was built took 0.9 s of processor time, against 2.4 s for the other 197,440 cases' read
    /// and evaluation, as their workers also jit the interpreter and take the cores from the compilation; a batch this large is better served
    /// by the compiled code from its first case, and a small one (a first decision soon after start-up) by the
    /// interpreter.
    /// </summary>
    internal const long CompiledFirstFromBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The default of <see cref="EvalOptions.InterpretedBelowBytes"/>: 256 KB, about 170 cases of 1.5 KB. Measured under
    /// load (RESULTS.md session 14, helper F), whole process: 700 such cases took 333 ms of processor time interpreted
    /// against 416 ms tiered, 2,000 cases 531 against 717 ms, and 7,000 cases 1,119 against 765 ms: a batch this small
    /// ends before the compiled tier would take over, so its compilation only took processor time from the cases
    /// (and, for one case, from the first decision). The size is bytes, not cases: 256 KB stays under the measured
    /// crossing (between 2,000 and 7,000 cases) for cases down to about 60 bytes.
    /// </summary>
    internal const long InterpretedBelowBytes = 256L * 1024;

    /// <summary>Runs the command.</summary>
    /// <returns>0 when every case was decided, 2 when some were invalid, 1 for usage or file errors.</returns>
    public static int Run(EvalOptions options, CliConsole console)
    {
        OrderedPipeline.CheckParallelism(options.Parallelism);

        var ruleSet = RuleSetLoading.Load(options.RuleSet, console, BackendFor(options));
        using var input = CaseInput.Open(options.Cases, console, options.Format, utf8Lines: true);
        using var outFile = options.Out is null ? null
            : OutputFile.Create(options.Out, "output file", (options.Cases, "cases file"), (options.RuleSet, "rule file"));
        var output = outFile?.Writer ?? console.Out;
        var clock = Stopwatch.StartNew();
        var loaded = options.Stages ? StageTimes.Moment.Now() : default;
        var compiledFirst = input.Length >= options.CompiledFirstFromBytes && options.Trace == TraceDetail.None;
        if (compiledFirst)
        {
            // Traced cases have their own compiled code, made on first use; this waits for the untraced code only.
            // On this thread, not a worker: the compilation runs on the thread pool, which blocked workers would starve.
            // False (the compilation failed) leaves the interpreter answering, with the same decisions.
            _ = ruleSet.WaitForCompiledAsync().GetAwaiter().GetResult();
        }

        var stages = options.Stages ? new StageTimes(compiledFirst ? "compiled code waited for" : "batch begins") : null;
        stages?.Milestone("rule set loaded", 0, loaded);
        var tally = new Tally(ruleSet.OutputNames.Count > 0 ? ruleSet.OutputNames[0] : null);
        var problems = 0;
        var progress = console.ErrorIsTerminal && input.Length >= ProgressBar.MinimumBytes
            ? new ProgressBar(console.Error, input.Length, () => input.BytesRead)
            : null;
        try
        {
            // Each chunk of cases is evaluated and written to UTF-8 on a worker; this thread writes each chunk's bytes
            // in one write, in input order, and counts its cases.
            var utf8 = new Utf8Output(output);
            var main = stages?.Begin("main thread", Stage.Wait);
            var lines = input.Source.Utf8Lines?.Reader;
            OrderedPipeline.RunChunks(
                input.Source.Read(),
                cases => EvaluateChunk(ruleSet, cases, options.Trace, input.Source.Name, stages),
                chunk =>
                {
                    main?.Mark(Stage.Wait);
                    using (chunk.Output)
                    {
                        utf8.Write(chunk.Output.WrittenSpan);
                    }

                    // This chunk and every one before it are done with: the line reader's blocks before this chunk's
                    // last case go back to the pool.
                    lines?.Release(chunk.LastUtf8);

                    main?.Lap(Stage.Write);

                    foreach (var result in chunk.Cases)
                    {
                        tally.Add(result);
                        if (result.Problem is not null && ++problems <= MaxReportedProblems)
                        {
                            progress?.Clear();
                            console.Error.WriteLine(result.Problem);
                        }

                        progress?.Update(tally.Cases);
                    }

                    main?.Mark(Stage.Tally);
                    stages?.Written(tally.Cases);
                },
                options.Parallelism,
                RawCase.Weight,
                stages: stages);
            // Every chunk is written: no case's bytes are read any more.
            lines?.ReleaseAll();
            main?.Mark(Stage.Wait);
            output.Flush();
            outFile?.Commit();
            main?.Mark(Stage.Flush);
            main?.End();
            stages?.Milestone("output flushed", tally.Cases);
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
        if (stages is not null)
        {
            stages.AddCases(tally.Cases);
            stages.Report(console.Error);
        }

        return input.Source.FatalError is not null ? ExitCodes.Failure
            : tally.Invalid > 0 ? ExitCodes.InvalidCases
            : ExitCodes.Success;
    }

    /// <summary>
    /// How <c>eval</c> loads its rule set: interpreted for a cases file smaller than
    /// <see cref="EvalOptions.InterpretedBelowBytes"/> (nothing is compiled, as compiled code would take over only after
    /// such a batch had ended), tiered otherwise (the interpreter answers first, compiled code takes over when built).
    /// Both make the same decisions.
    /// </summary>
    internal static RuleSetBackend BackendFor(EvalOptions options)
    {
        if (InputFiles.IsStdin(options.Cases))
        {
            return RuleSetBackend.Tiered;
        }

        long length;
        try
        {
            length = new FileInfo(options.Cases!).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Not a readable file (the input's opening says why, after the rule set's load); its size is not known.
            return RuleSetBackend.Tiered;
        }

        // A length of 0 is an empty file, or a pipe or device whose size is not known.
        return length > 0 && length < options.InterpretedBelowBytes ? RuleSetBackend.Interpreted : RuleSetBackend.Tiered;
    }

    /// <summary>What the summary needs of one case: its status, the first output as shown, and its problem for standard error.</summary>
    internal readonly record struct CaseResult(DecisionStatus Status, string? First, string? Problem);

    /// <summary>A chunk of cases evaluated: their output lines (UTF-8, each ending in a line feed) and their results, in order.</summary>
    /// <param name="LastUtf8">The bytes of the chunk's last case read as bytes (empty when none was), for <see cref="Utf8LineReader.Release"/>.</param>
    internal sealed record EvaluatedChunk(PooledBufferWriter Output, CaseResult[] Cases, ReadOnlyMemory<byte> LastUtf8 = default);

    // The output bytes a case of the last chunk this thread evaluated (0 before its first): one rule set's decisions
    // are of much the same size from chunk to chunk. Per thread, so the workers share nothing.
    [ThreadStatic]
    private static int t_outputBytesPerCase;

    /// <summary>The most a chunk's output buffer is sized for at its start; past it, the buffer grows as it is written.</summary>
    internal const int MaxOutputCapacity = 4 * 1024 * 1024;

    /// <summary>
    /// What a chunk's output buffer starts at: the chunk's cases at this thread's last chunk's bytes a case, an eighth
    /// over (1 KB a case before its first chunk), at least 64 KB and at most <see cref="MaxOutputCapacity"/>. A buffer
    /// too small is replaced by one twice as large with its bytes copied over: for the default rule set's decisions
    /// (about 2.4 KB each) a 512-case chunk started at 512 KB was copied twice, 1.5 MB, as much as it wrote.
    /// </summary>
    internal static int OutputCapacity(int cases)
    {
        var perCase = t_outputBytesPerCase > 0 ? t_outputBytesPerCase + (t_outputBytesPerCase / 8) : 1024L;
        return (int)Math.Clamp(cases * perCase, 64 * 1024, MaxOutputCapacity);
    }

    /// <param name="stages">Where the chunk's time goes; null to measure nothing.</param>
    internal static EvaluatedChunk EvaluateChunk(RuleSet ruleSet, RawCase[] cases, TraceDetail trace, string inputName, StageTimes? stages = null)
    {
        var section = stages?.Begin("worker threads", Stage.ChunkRest);
        var output = new PooledBufferWriter(OutputCapacity(cases.Length));
        var results = new CaseResult[cases.Length];
        // Measured apart: the cases the interpreter evaluates while the compiled tier is built cost several times more.
        var evaluateStage = section is not null && ruleSet.Backend != RuleSetBackend.Compiled ? Stage.ReadEvaluateInterpreted : Stage.ReadEvaluate;
        if (evaluateStage == Stage.ReadEvaluateInterpreted)
        {
            stages!.AddInterpretedCases(cases.Length);
        }

        section?.Lap(Stage.ChunkRest);
        try
        {
            for (var i = 0; i < cases.Length; i++)
            {
                results[i] = Evaluate(ruleSet, cases[i], trace, inputName, output, section, evaluateStage);
                output.GetSpan(1)[0] = (byte)'\n';
                output.Advance(1);
                section?.Lap(Stage.CaseRest);
            }
        }
        catch
        {
            output.Dispose();
            throw;
        }

        if (cases.Length > 0)
        {
            t_outputBytesPerCase = output.WrittenCount / cases.Length;
        }

        var last = cases.Length - 1;
        while (last >= 0 && cases[last].Utf8.IsEmpty)
        {
            last--;
        }

        section?.End();
        return new EvaluatedChunk(output, results, last >= 0 ? cases[last].Utf8 : default);
    }

    /// <summary>Evaluates one case and writes its output line (without the line break): the decision, or the case's error record.</summary>
    /// <param name="stages">The chunk's section, given the time of the read and evaluation and of the decision's JSON; null to measure nothing.</param>
    /// <param name="evaluateStage">The stage the read and evaluation are counted in.</param>
    internal static CaseResult Evaluate(RuleSet ruleSet, RawCase raw, TraceDetail trace, string inputName, PooledBufferWriter output,
        StageTimes.Section? stages = null, Stage evaluateStage = Stage.ReadEvaluate)
    {
        if (raw.Text is null && raw.Error is null)
        {
            var bytes = raw.Utf8.Span;
            if (Utf8Text.IsText(bytes))
            {
                var fast = ruleSet.Evaluate(bytes, trace);
                stages?.Lap(evaluateStage);
                if (fast.Status != DecisionStatus.Invalid)
                {
                    fast.WriteJson(output);
                    stages?.Lap(Stage.WriteJson);
                    return new CaseResult(fast.Status, ruleSet.OutputNames.Count > 0 ? JsonText.Display(fast[ruleSet.OutputNames[0]]) : null, null);
                }

                // The engine decides a case's UTF-8 bytes as it decides their text, byte for byte, errors included; and
                // well-formed JSON has no syntax error for Newtonsoft to word. So an invalid case of well-formed bytes
                // gets the record its text would get, without decoding it, deciding it again and reading it twice more.
                if (JsonText.IsWellFormed(bytes))
                {
                    return Invalid(fast, raw.Line, inputName, output);
                }
            }

            // A case that is invalid, or not UTF-8, is worded from its text as the text reader gives it: its errors
            // name places in that text.
            raw = CaseSource.Decoded(raw);
        }

        if (raw.Text is null)
        {
            output.Write(JsonText.ErrorRecord(raw.Line, raw.Error!));
            return new CaseResult(DecisionStatus.Invalid, null, raw.Fatal ? null : $"{inputName}({raw.Line}): error: {raw.Error}");
        }

        var decision = ruleSet.Evaluate(raw.Text, trace);
        stages?.Lap(evaluateStage);
        if (decision.Status != DecisionStatus.Invalid)
        {
            decision.WriteJson(output);
            stages?.Lap(Stage.WriteJson);
            return new CaseResult(decision.Status, ruleSet.OutputNames.Count > 0 ? JsonText.Display(decision[ruleSet.OutputNames[0]]) : null, null);
        }

        if (JsonText.SyntaxError(raw.Text) is { } syntax)
        {
            var (line, column) = raw.InInput(syntax.Line, syntax.Column);
            var message = string.Create(CultureInfo.InvariantCulture, $"not valid JSON at line {line}, column {column}: {syntax.Message}");
            output.Write(JsonText.ErrorRecord(line, message));
            return new CaseResult(DecisionStatus.Invalid, null,
                string.Create(CultureInfo.InvariantCulture, $"{inputName}({line},{column}): error: not valid JSON: {syntax.Message}"));
        }

        return Invalid(decision, raw.Line, inputName, output);
    }

    /// <summary>Writes an invalid decision of well-formed JSON, and words its errors for standard error.</summary>
    private static CaseResult Invalid(Decision decision, long line, string inputName, PooledBufferWriter output)
    {
        var errors = string.Join("; ", decision.Errors.Select(e => $"{e.Path}: {e.Message}"));
        var id = decision.CaseId is null ? "" : $" {decision.CaseId}";
        decision.WriteJson(output);
        return new CaseResult(DecisionStatus.Invalid, null,
            string.Create(CultureInfo.InvariantCulture, $"{inputName}({line}): error: case{id} is invalid: {errors}"));
    }

    private static void WriteSummary(TextWriter error, RuleSet ruleSet, Tally tally, TimeSpan elapsed)
    {
        var id = ruleSet.Identity;
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tally.Cases:N0} case{(tally.Cases == 1 ? "" : "s")} evaluated with {id.Name} {id.Version} ({id.Hash})"));
        // Loops and an array sort rather than LINQ over the dictionary's pairs: generic code over a value type
        // (KeyValuePair<string, long>) that a fresh process would JIT-compile (about 30 methods) for one summary.
        var width = 16;
        foreach (var key in tally.Values.Keys)
        {
            width = Math.Max(width, key.Length + 4);
        }

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
            var values = new string[tally.Values.Count];
            tally.Values.Keys.CopyTo(values, 0);
            Array.Sort(values, StringComparer.Ordinal);
            foreach (var value in values.AsSpan(0, Math.Min(values.Length, MaxSummaryValues)))
            {
                Line(error, value, tally.Values[value], width);
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

            var key = result.First ?? JsonText.Display(default);
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
    private readonly IDisposable? _owned;

    private CaseInput(CaseSource source, CountingStream? stream, IDisposable? owned, long length)
    {
        Source = source;
        _stream = stream;
        _owned = owned;
        Length = length;
    }

    public CaseSource Source { get; }

    /// <summary>The file's length in bytes; 0 for standard input.</summary>
    public long Length { get; }

    public long BytesRead => _stream?.BytesRead ?? 0;

    /// <param name="utf8Lines">True to read an NDJSON file as bytes (<see cref="Utf8LineReader"/>), for a caller that evaluates <see cref="RawCase.Utf8"/>.</param>
    public static CaseInput Open(string? path, CliConsole console, CaseFormat? format = null, int maxCaseLength = 4 * 1024 * 1024, bool utf8Lines = false)
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

        if (utf8Lines && (format ?? CaseSource.FormatOfFileName(path!)) == CaseFormat.Ndjson && Utf8Start(path!) is var (skip, line, column))
        {
            stream.Skip(skip);
            return new CaseInput(new CaseSource(TextReader.Null, path!, maxCaseLength, format)
            {
                Utf8Lines = (new Utf8LineReader(stream, maxCaseLength, Utf8BlockSize, pooled: true), line, column),
            }, stream, stream, length);
        }

        var reader = new StreamReader(stream, Utf8Text.Reading, detectEncodingFromByteOrderMarks: true, 1 << 16);
        return new CaseInput(new CaseSource(reader, path!, maxCaseLength, format), stream, reader, length);
    }

    public void Dispose() => _owned?.Dispose();

    /// <summary>
    /// The blocks an NDJSON file is read in as bytes: pooled (see <see cref="Utf8LineReader.Release"/>), so they can be
    /// large, which makes the file's reads few (one system call per half a block at least) and bypasses the
    /// file stream's own buffer.
    /// </summary>
    internal const int Utf8BlockSize = 1 << 20;

    /// <summary>Where the cases of a file read as bytes start (see <see cref="Utf8LineReader.Start"/>); null to read it as text.</summary>
    private static (int Skip, long Line, long Column)? Utf8Start(string path)
    {
        // Looked at through a stream of its own, and only when it can be read again from the start (a file, not a pipe).
        using var peek = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        if (!peek.CanSeek)
        {
            return null;
        }

        var head = new byte[1 << 16];
        var length = peek.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Utf8LineReader.Start(head.AsSpan(0, length));
    }
}
