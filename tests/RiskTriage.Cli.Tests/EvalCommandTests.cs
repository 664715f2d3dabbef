using Newtonsoft.Json.Linq;
using RiskTriage.Cli.Input;
using RiskTriage.Cli.Tests.Infrastructure;

namespace RiskTriage.Cli.Tests;

public class EvalCommandTests
{
    [Fact]
    public void Malformed_line_in_the_middle_becomes_an_error_record_in_place_and_the_batch_goes_on()
    {
        var cases = Path.Combine(Repo.TestData, "cases-with-bad-lines.ndjson");
        var result = Tool.Run("eval", Repo.Probation, cases);

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
        Assert.Equal(5, lines.Count);
        Assert.Equal(new string?[] { "C-1", "C-2", null, "C-4", "C-5" }, lines.Select(l => (string?)l["caseId"]));
        Assert.Equal(3, (int)lines[2]["line"]!);
        Assert.Equal("Invalid", (string?)lines[2]["status"]);
        Assert.Contains("line 3, column 73", (string?)lines[2]["errors"]![0]!["message"]);
        Assert.Equal("Invalid", (string?)lines[3]["status"]);
        Assert.Contains(result.Stderr.Split('\n'), l => l.EndsWith("cases-with-bad-lines.ndjson(3,73): error: not valid JSON: Invalid property identifier character: ,"));
        Golden.Verify("eval-bad-lines", result.ToGolden());
    }

    [Fact]
    public void Probation_examples_give_one_canonical_decision_per_case_in_input_order()
    {
        Assert.True(File.Exists(Repo.ProbationExamples), "the probation examples are missing: " + Repo.ProbationExamples);
        var result = Tool.Run("eval", Repo.Probation, Repo.ProbationExamples);

        var ids = JArray.Parse(File.ReadAllText(Repo.ProbationExamples)).Select(c => (string?)c["caseId"]).ToList();
        var decisions = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
        Assert.Equal(ids, decisions.Select(d => (string?)d["caseId"]));
        Assert.DoesNotContain(decisions, d => (string?)d["status"] == "Invalid");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("tier of the 13 decided cases (Complete or ReviewRequired):", result.Stderr);
        Golden.Verify("eval-probation-examples", result.ToGolden());
    }

    [Fact]
    public void Summary_names_the_rule_set_hash_and_says_which_cases_the_first_output_counts()
    {
        var hash = RuleSet.Load(Repo.Probation).Identity.Hash;
        var result = Tool.Run("eval", Repo.Probation, Path.Combine(Repo.TestData, "cases-with-bad-lines.ndjson"));

        Assert.Contains($"5 cases evaluated with probation 1.0.0 ({hash})\n", result.Stderr);
        Assert.Contains("tier of the 3 decided cases (Complete or ReviewRequired; the 2 invalid cases have no outputs):\n", result.Stderr);
    }

    [Fact]
    public void Parallel_evaluation_keeps_input_order_and_matches_sequential_output()
    {
        using var temp = new TempDir();
        var cases = temp.File("many.ndjson");
        var vectors = TierVectorCases();
        var ids = new List<string>();
        using (var writer = new StreamWriter(cases))
        {
            for (var copy = 0; copy < 6; copy++)
            {
                foreach (var @case in vectors)
                {
                    var c = (JObject)@case.DeepClone();
                    c["caseId"] = $"{c["caseId"]}#{copy}";
                    ids.Add((string)c["caseId"]!);
                    writer.WriteLine(c.ToString(Newtonsoft.Json.Formatting.None));
                }
            }
        }

        var parallel = Tool.Run("eval", Repo.Probation, cases, "--parallel", "4", "--out", temp.File("parallel.ndjson"));
        var sequential = Tool.Run("eval", Repo.Probation, cases, "--parallel", "1", "--out", temp.File("sequential.ndjson"));

        Assert.Equal(0, parallel.ExitCode);
        Assert.Equal(0, sequential.ExitCode);
        Assert.Equal("", parallel.Stdout);
        var parallelLines = File.ReadAllLines(temp.File("parallel.ndjson"));
        Assert.Equal(File.ReadAllLines(temp.File("sequential.ndjson")), parallelLines);
        Assert.Equal(ids, parallelLines.Select(l => (string?)JObject.Parse(l)["caseId"]));
        Assert.Contains($"{ids.Count:N0} cases evaluated", parallel.Stderr);
    }

    [Fact]
    public void Cases_can_come_from_standard_input()
    {
        var input = string.Join('\n', TierVectorCases().Take(3).Select(c => c.ToString(Newtonsoft.Json.Formatting.None)));
        var fromDash = Tool.RunWithInput(input, "eval", Repo.Probation, "-");
        var fromNothing = Tool.RunWithInput(input, "eval", Repo.Probation);

        Assert.Equal(0, fromDash.ExitCode);
        Assert.Equal(3, fromDash.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(fromDash.Stdout, fromNothing.Stdout);
    }

    [Fact]
    public void A_json_array_that_breaks_off_ends_with_an_error_record_and_a_file_error()
    {
        var result = Tool.Run("eval", Repo.Probation, Path.Combine(Repo.TestData, "cases-truncated.json"));

        Assert.Equal(1, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("T-1", (string?)lines[0]["caseId"]);
        Assert.Equal(4, (int)lines[1]["line"]!);
        Golden.Verify("eval-truncated-array", result.ToGolden());
    }

    [Fact]
    public void A_pretty_printed_single_case_is_one_case()
    {
        var result = Tool.Run("eval", Repo.Probation, Path.Combine(Repo.TestData, "one-case-pretty.json"), "--trace", "summary");

        Assert.Equal(0, result.ExitCode);
        var decision = JObject.Parse(result.Stdout.Trim());
        Assert.Equal("P-1", (string?)decision["caseId"]);
        Assert.NotNull(decision["trace"]);
    }

    [Fact]
    public void Full_trace_carries_operands()
    {
        var result = Tool.Run("eval", Repo.Probation, Path.Combine(Repo.TestData, "one-case-pretty.json"), "--trace", "full");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"operands\":", result.Stdout);
    }

    [Fact]
    public void A_bad_first_ndjson_line_is_one_invalid_record_and_every_other_line_is_decided()
    {
        using var temp = new TempDir();
        var cases = temp.File("cases.ndjson");
        var good = TierVectorCases().Select(c => c.ToString(Newtonsoft.Json.Formatting.None)).ToList();
        File.WriteAllText(cases, "{\"caseId\": \"X-0\", \"asOfDate\":\n" + string.Join('\n', good) + "\n");

        var result = Tool.Run("eval", Repo.Probation, cases);

        Assert.Equal(2, result.ExitCode);
        var records = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
        Assert.Equal(good.Count + 1, records.Count);
        Assert.Equal("Invalid", (string?)records[0]["status"]);
        Assert.DoesNotContain(records.Skip(1), r => (string?)r["status"] == "Invalid");
    }

    [Fact]
    public void Cases_separated_by_carriage_returns_alone_are_each_decided()
    {
        var input = string.Join('\r', TierVectorCases().Select(c => c.ToString(Newtonsoft.Json.Formatting.None)));

        var result = Tool.RunWithInput(input, "eval", Repo.Probation);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(TierVectorCases().Count, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Format_json_reads_pretty_printed_cases_from_standard_input_and_ndjson_reads_them_line_by_line()
    {
        var input = string.Join('\n', TierVectorCases().Take(2).Select(c => c.ToString(Newtonsoft.Json.Formatting.Indented)));

        var json = Tool.RunWithInput(input, "eval", Repo.Probation, "--format", "json");
        var lines = Tool.RunWithInput(input, "eval", Repo.Probation);

        Assert.Equal(0, json.ExitCode);
        Assert.Equal(2, json.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(2, lines.ExitCode);
        Assert.Equal(input.Split('\n').Length, lines.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void A_json_array_element_nested_too_deep_is_one_invalid_record_and_the_rest_are_decided()
    {
        using var temp = new TempDir();
        var cases = temp.File("cases.json");
        var good = TierVectorCases().Take(3).Select(c => c.ToString(Newtonsoft.Json.Formatting.None)).ToList();
        var deep = "{\"caseId\":\"DEEP\",\"x\":" + new string('[', 300) + new string(']', 300) + "}";
        File.WriteAllText(cases, "[" + good[0] + ",\n" + deep + ",\n{\"caseId\": 7,, },\n" + good[1] + ",\n" + good[2] + "]\n");

        var result = Tool.Run("eval", Repo.Probation, cases);

        Assert.Equal(2, result.ExitCode);
        var records = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
        Assert.Equal(["Complete", "Invalid", "Invalid", "Complete", "Complete"], records.Select(r => ((string?)r["status"])!.Replace("ReviewRequired", "Complete")));
        Assert.Contains(result.Stderr.Split('\n'), l => l.StartsWith(cases + "(3,", StringComparison.Ordinal) && l.Contains("not valid JSON"));
    }

    [Theory]
    [InlineData("same path")]
    [InlineData("relative path")]
    [InlineData("symbolic link")]
    [InlineData("hard link")]
    public void Writing_the_decisions_over_the_cases_file_is_refused_and_the_cases_are_kept(string how)
    {
        using var temp = new TempDir();
        var cases = temp.File("cases.ndjson");
        var text = string.Join('\n', TierVectorCases().Take(3).Select(c => c.ToString(Newtonsoft.Json.Formatting.None))) + "\n";
        File.WriteAllText(cases, text);
        var output = how switch
        {
            "relative path" => Path.GetRelativePath(Environment.CurrentDirectory, cases),
            "symbolic link" => File.CreateSymbolicLink(temp.File("link.ndjson"), cases).FullName,
            "hard link" => HardLink(cases, temp.File("hard.ndjson")),
            _ => cases,
        };

        var result = Tool.Run("eval", Repo.Probation, cases, "-o", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"risktriage: cannot write output file '{output}': it is the cases file '{cases}', which would be overwritten; write to another file\n", result.Stderr);
        Assert.Equal(text, File.ReadAllText(cases));
    }

    [Fact]
    public void The_output_file_is_replaced_whole_and_keeps_its_permissions()
    {
        using var temp = new TempDir();
        var output = temp.File("out.ndjson");
        File.WriteAllText(output, "old\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var result = Tool.Run("eval", Repo.Probation, Path.Combine(Repo.TestData, "one-case-pretty.json"), "-o", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("P-1", (string?)JObject.Parse(File.ReadAllText(output))["caseId"]);
        Assert.Equal([output], Directory.GetFiles(temp.Path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        }
    }

    [Fact]
    public async Task An_output_that_is_not_a_regular_file_is_written_in_place_not_replaced()
    {
        // A named pipe stands for /dev/null, /dev/stdout and the like: renaming a file over it would replace the device.
        using var temp = new TempDir();
        var fifo = temp.File("decisions.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", fifo) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var reading = Task.Run(() => File.ReadAllText(fifo));
        try
        {
            var result = Tool.Run("eval", Repo.Probation, Path.Combine(Repo.TestData, "one-case-pretty.json"), "-o", fifo);

            Assert.Equal(0, result.ExitCode);
            Assert.False(InputFiles.IsRegularFileOrAbsent(fifo), "the named pipe was replaced by a file");
            Assert.Equal("P-1", (string?)JObject.Parse(await reading.WaitAsync(TimeSpan.FromSeconds(30)))["caseId"]);
            Assert.Equal([fifo], Directory.GetFiles(temp.Path));
        }
        finally
        {
            if (!reading.IsCompleted)
            {
                // Opening the pipe for writing lets the reader's open return, so no thread is left blocked.
                File.WriteAllText(fifo, "");
            }
        }
    }

    [Fact]
    public void A_lone_surrogate_encoded_in_the_cases_file_makes_the_case_invalid_instead_of_a_replacement_character()
    {
        // ED A0 80 is U+D800 written as if it were text (CESU-8, WTF-8): not UTF-8, and it used to become U+FFFD silently.
        using var temp = new TempDir();
        var cases = temp.File("cases.ndjson");
        var @case = TierVectorCases()[0];
        @case["caseId"] = "A-PLACEHOLDER-B";
        var parts = @case.ToString(Newtonsoft.Json.Formatting.None).Split("-PLACEHOLDER-");
        File.WriteAllBytes(cases, [.. System.Text.Encoding.UTF8.GetBytes(parts[0]), 0xED, 0xA0, 0x80, .. System.Text.Encoding.UTF8.GetBytes(parts[1] + "\n")]);

        var result = Tool.Run("eval", Repo.Probation, cases);

        Assert.Equal(2, result.ExitCode);
        var record = JObject.Parse(result.Stdout);
        Assert.Equal("Invalid", (string?)record["status"]);
        Assert.Contains("holds bytes that are not UTF-8", (string?)record["errors"]![0]!["message"]);
        Assert.DoesNotContain('\uFFFD', result.Stdout + result.Stderr);
    }

    [Fact]
    public void A_case_with_bytes_that_are_not_utf8_is_invalid_and_says_so()
    {
        using var temp = new TempDir();
        var cases = temp.File("cases.ndjson");
        var lines = TierVectorCases().Take(3).Select(c => c.ToString(Newtonsoft.Json.Formatting.None)).ToList();
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        bytes[lines[0].Length + 1 + lines[1].IndexOf("\"caseId\":\"", StringComparison.Ordinal) + 10] = 0xFF;
        File.WriteAllBytes(cases, bytes);

        var result = Tool.Run("eval", Repo.Probation, cases);

        Assert.Equal(2, result.ExitCode);
        var records = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
        Assert.Equal(3, records.Count);
        Assert.Equal("Invalid", (string?)records[1]["status"]);
        Assert.Contains("holds bytes that are not UTF-8", (string?)records[1]["errors"]![0]!["message"]);
        Assert.DoesNotContain('\uFFFD', result.Stdout);
    }

    [Fact]
    public void A_case_read_as_bytes_holding_the_noncharacter_U_FFFE_is_invalid_as_when_read_as_text()
    {
        // Found by BatchFuzzTests: EF BF BE is valid UTF-8, but U+FFFE is the text reader's mark for bytes that are
        // not UTF-8, so the case is an error whichever way it is read.
        using var temp = new TempDir();
        var cases = temp.File("cases.ndjson");
        var lines = TierVectorCases().Take(2).Select(c => c.ToString(Newtonsoft.Json.Formatting.None)).ToList();
        File.WriteAllBytes(cases, [.. System.Text.Encoding.UTF8.GetBytes(lines[0] + "\n{\""), 0xEF, 0xBF, 0xBE, .. System.Text.Encoding.UTF8.GetBytes(lines[1][2..] + "\n")]);

        var result = Tool.Run("eval", Repo.Probation, cases);

        Assert.Equal(2, result.ExitCode);
        var records = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
        Assert.Equal(2, records.Count);
        Assert.NotEqual("Invalid", (string?)records[0]["status"]);
        Assert.Equal("Invalid", (string?)records[1]["status"]);
        Assert.Contains("holds bytes that are not UTF-8", (string?)records[1]["errors"]![0]!["message"]);
    }

    [Fact]
    public void A_cases_file_with_a_byte_order_mark_still_makes_a_case_with_bytes_that_are_not_utf8_invalid()
    {
        // Found by BatchFuzzTests: on a byte-order mark StreamReader swapped the reading encoding for plain UTF-8,
        // which turns such bytes into U+FFFD, so the case was decided on text it did not hold.
        using var temp = new TempDir();
        var cases = temp.File("cases.ndjson");
        var lines = TierVectorCases().Take(2).Select(c => c.ToString(Newtonsoft.Json.Formatting.None)).ToList();
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        bytes[lines[0].Length + 1 + 2] = 0xFF;
        File.WriteAllBytes(cases, [0xEF, 0xBB, 0xBF, .. bytes]);

        var result = Tool.Run("eval", Repo.Probation, cases);

        Assert.Equal(2, result.ExitCode);
        var records = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal((string?)lines.Select(JObject.Parse).First()["caseId"], (string?)records[0]["caseId"]);
        Assert.Equal("Invalid", (string?)records[1]["status"]);
        Assert.Contains("holds bytes that are not UTF-8", (string?)records[1]["errors"]![0]!["message"]);
        Assert.DoesNotContain('\uFFFD', result.Stdout);
    }

    /// <summary>
    /// Cases that are invalid, well-formed or not, for <see cref="An_invalid_case_read_as_bytes_gets_the_record_and_message_its_text_gets"/>:
    /// wrong types and values, unknown fields, non-ASCII text, and what Newtonsoft reads that RFC 8259 does not (and the other way round).
    /// </summary>
    public static TheoryData<string> InvalidCases() =>
    [
        """{"caseId":"C-4","asOfDate":"2026-03-01","gender":"Male","rsrScore":"high","hasValidAssessment":"yes"}""",
        """{"caseId":"Ça-é","asOfDate":"2026-13-01","gendr":"Mâle","rsrScore":1e400,"rosh":"ÉLEVÉ","sentences":[{"type":"SC","x":1}]}""",
        """{"asOfDate":"2026-03-01","gender":"Female","rsrScore":123456789012345678901234567890,"rosh":"LOW","rosh":"HIGH"}""",
        """{"caseId":"C-9","asOfDate":"2026-03-01","gender":"Male","rsrScore":-0.0e-5,"mappaLevel":"\ud800","setting":null}""",
        """{"caseId":"C-3","asOfDate":"2026-03-01","gender":"Male","rsrScore": 7.1,,"rosh":"HIGH"}""",
        """{'caseId':'C-5','asOfDate':'2026-03-01'}""",
        """{"caseId":"C-6","asOfDate":"2026-03-01" /* note */,"gender":"Male"}""",
        """{"caseId":"C-7","asOfDate":"2026-03-01","rsrScore":NaN}""",
        """{"caseId":"C-8","asOfDate":"2026-03-01","rsrScore":012}""",
        """{"caseId":"C-10","asOfDate":"2026-03-01","gender":"Male"} {"caseId":"C-11"}""",
        """{"caseId":"C-12","asOfDate":"2026-03-01","gender":"Male",}""",
        "{\"caseId\":\"C-13\tx\",\"asOfDate\":\"2026-03-01\"}",
        "\uFEFF{\"caseId\":\"C-14\",\"asOfDate\":\"2026-03-01\",\"gender\":\"Other\"}",
        "{\"caseId\":\"C-15\",\"deep\":" + new string('[', 70) + new string(']', 70) + "}",
        // Newtonsoft's reader refuses a whole number of more than 380 characters; System.Text.Json's reads it.
        "{\"caseId\":\"C-17\",\"asOfDate\":\"2026-03-01\",\"rsrScore\":" + new string('9', 381) + "}",
        "[1,2]", "null", "42", "\"C-16\"", "", "   ", "{\"caseId\":",
    ];

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void An_invalid_case_read_as_bytes_gets_the_record_and_message_its_text_gets(string json)
    {
        // The NDJSON file's lines are evaluated from their bytes, standard input's from their text: one record, one message.
        var ruleSet = RuleSet.Load(Repo.Probation);
        (string Record, Commands.EvalCommand.CaseResult Result) Evaluate(RawCase raw)
        {
            using var output = new PooledBufferWriter();
            var result = Commands.EvalCommand.Evaluate(ruleSet, raw, TraceDetail.None, "cases.ndjson", output);
            return (System.Text.Encoding.UTF8.GetString(output.WrittenSpan), result);
        }

        var fromText = Evaluate(new RawCase(7, json, null));
        var fromBytes = Evaluate(new RawCase(7, null, null) { Utf8 = System.Text.Encoding.UTF8.GetBytes(json) });

        Assert.Equal(fromText, fromBytes);
        Assert.Equal(DecisionStatus.Invalid, fromBytes.Result.Status);
    }

    [Fact]
    public async Task A_chunks_output_buffer_starts_at_the_size_the_threads_last_chunk_needed_so_it_is_not_regrown()
    {
        var ruleSet = RuleSet.Load(Repo.Probation);
        var json = TierVectorCases().Select(c => c.ToString(Newtonsoft.Json.Formatting.None)).ToList();
        var cases = Enumerable.Range(0, 256)
            .Select(i => new RawCase(i + 1, null, null) { Utf8 = System.Text.Encoding.UTF8.GetBytes(json[i % json.Count]) })
            .ToArray();

        // On a thread of its own (the size a chunk starts at is learnt per thread); a failure there comes back here.
        var chunks = await Task.Factory.StartNew(
            () => Enumerable.Range(0, 3).Select(_ =>
            {
                var chunk = Commands.EvalCommand.EvaluateChunk(ruleSet, cases, TraceDetail.None, "cases.ndjson");
                using (chunk.Output)
                {
                    return (Written: chunk.Output.WrittenCount, chunk.Output.Regrowths);
                }
            }).ToArray(),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        // The first chunk's decisions took more than the 1 KB a case it starts at; the next ones start at what it took.
        Assert.True(chunks[0].Written > cases.Length * 1024, $"{chunks[0].Written} bytes");
        Assert.True(chunks[0].Regrowths > 0);
        Assert.All(chunks, c => Assert.Equal(chunks[0].Written, c.Written));
        Assert.Equal(0, chunks[1].Regrowths);
        Assert.Equal(0, chunks[2].Regrowths);
    }

    [Fact]
    public void A_cases_file_under_the_interpreted_size_is_interpreted_and_a_larger_file_or_standard_input_tiered()
    {
        var cases = Path.Combine(Repo.TestData, "cases-with-bad-lines.ndjson");
        var length = new FileInfo(cases).Length;
        Commands.EvalOptions Options(string? path, long interpretedBelow) =>
            new(Repo.Probation, path, null, TraceDetail.None, 2) { InterpretedBelowBytes = interpretedBelow };

        Assert.Equal(RuleSetBackend.Interpreted, Commands.EvalCommand.BackendFor(Options(cases, length + 1)));
        Assert.Equal(RuleSetBackend.Tiered, Commands.EvalCommand.BackendFor(Options(cases, length)));
        // Standard input, an unreadable path and an empty file (or a pipe) have no known size: tiered.
        Assert.Equal(RuleSetBackend.Tiered, Commands.EvalCommand.BackendFor(Options(null, long.MaxValue)));
        Assert.Equal(RuleSetBackend.Tiered, Commands.EvalCommand.BackendFor(Options("-", long.MaxValue)));
        Assert.Equal(RuleSetBackend.Tiered, Commands.EvalCommand.BackendFor(Options(Path.Combine(Repo.TestData, "no-such-file.ndjson"), long.MaxValue)));
        Assert.Equal(RuleSetBackend.Tiered, Commands.EvalCommand.BackendFor(Options(Repo.TestData, long.MaxValue)));
        // A path that is no path at all: its error is the input's to give, after the load, not the size check's.
        Assert.Equal(RuleSetBackend.Tiered, Commands.EvalCommand.BackendFor(Options("", long.MaxValue)));
        Assert.Equal(RuleSetBackend.Tiered, Commands.EvalCommand.BackendFor(Options("a\0b", long.MaxValue)));
        using var temp = new TempDir();
        var empty = temp.File("empty.ndjson");
        File.WriteAllText(empty, "");
        Assert.Equal(RuleSetBackend.Tiered, Commands.EvalCommand.BackendFor(Options(empty, long.MaxValue)));
        // By default the examples (13 cases) are interpreted.
        Assert.Equal(RuleSetBackend.Interpreted,
            Commands.EvalCommand.BackendFor(new Commands.EvalOptions(Repo.Probation, Repo.ProbationExamples, null, TraceDetail.None, 2)));
    }

    [Theory]
    [InlineData(TraceDetail.None)]
    [InlineData(TraceDetail.Full)]
    public void Interpreted_and_tiered_eval_write_the_same_decisions_summary_and_exit_code(TraceDetail trace)
    {
        (int Exit, string Stdout, string Stderr) Eval(string cases, long interpretedBelow)
        {
            var stdout = new StringWriter { NewLine = "\n" };
            var stderr = new StringWriter { NewLine = "\n" };
            var console = new CliConsole(new StringReader(""), stdout, stderr);
            var exit = Commands.EvalCommand.Run(
                new Commands.EvalOptions(Repo.Probation, cases, null, trace, 2) { InterpretedBelowBytes = interpretedBelow }, console);
            return (exit, stdout.ToString(), CliResult.Normalise(stderr.ToString()));
        }

        foreach (var cases in new[] { Repo.ProbationExamples, Path.Combine(Repo.TestData, "cases-with-bad-lines.ndjson") })
        {
            var interpreted = Eval(cases, long.MaxValue);
            var tiered = Eval(cases, 0);

            Assert.Equal(tiered, interpreted);
        }
    }

    private static string HardLink(string target, string link)
    {
        using var ln = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ln", [target, link]) { UseShellExecute = false })!;
        ln.WaitForExit();
        Assert.Equal(0, ln.ExitCode);
        return link;
    }

    internal static List<JObject> TierVectorCases() =>
        ((JArray)JObject.Parse(File.ReadAllText(Repo.TierVectors))["cases"]!).Select(t => (JObject)t["case"]!).ToList();
}
