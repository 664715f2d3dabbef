using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using RiskTriage.Cli.Commands;
using RiskTriage.Cli.Input;

namespace RiskTriage.Cli;

/// <summary>The command line: parses arguments with System.CommandLine and runs the command classes.</summary>
public static class CliApp
{
    /// <summary>Parses <paramref name="args"/>, runs the command and returns the exit code. Never throws.</summary>
    public static int Run(string[] args, CliConsole console)
    {
        // Everything printed passes the guard: rule files and cases are read from anywhere, terminals obey what they print.
        console = console with { Out = TerminalSafeWriter.Wrap(console.Out), Error = TerminalSafeWriter.Wrap(console.Error) };
        try
        {
            var root = Build(console);
            var parse = root.Parse(args);
            if (parse.Action is ParseErrorAction)
            {
                // "Required command was not provided" only adds noise next to a more specific error.
                var errors = parse.Errors.Count > 1
                    ? parse.Errors.Where(e => !e.Message.StartsWith("Required command was not provided", StringComparison.Ordinal)).ToList()
                    : parse.Errors.ToList();
                foreach (var error in errors)
                {
                    console.Error.WriteLine($"risktriage: {OneLine(error.Message)}");
                }

                var command = parse.CommandResult.Command;
                var path = command.Parents.Any() ? $"risktriage {command.Name}" : "risktriage";
                console.Error.WriteLine($"Run '{path} --help' for usage.");
                return ExitCodes.Failure;
            }

            var configuration = new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            };
            return parse.Invoke(configuration);
        }
        catch (OutputClosedException)
        {
            // Nobody reads the rest; saying so on standard error would only add noise to a pipeline.
            return ExitCodes.OutputClosed;
        }
        catch (CliException e)
        {
            console.Error.WriteLine(e.Located ? e.Message : $"risktriage: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"risktriage: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            console.Error.WriteLine($"risktriage: internal error ({e.GetType().Name}): {e.Message}");
            if (Environment.GetEnvironmentVariable("RISKTRIAGE_DEBUG") == "1")
            {
                console.Error.WriteLine(e);
            }

            return ExitCodes.Failure;
        }
        finally
        {
            try
            {
                console.Out.Flush();
                console.Error.Flush();
            }
            catch (IOException)
            {
                // The reader went away (e.g. a closed pipe); nothing more can be said.
            }
        }
    }

    private static Command Build(CliConsole console)
    {
        // A plain command named after the tool (a RootCommand would take the name of the assembly, RiskTriage.Cli).
        var root = new Command("risktriage", "RiskTriage: validate, run, explain, test and compare triage rule sets.")
        {
            new HelpOption(),
            new VersionOption(),
        };

        // ---- validate
        var validateRuleSet = RuleSetArgument();
        var format = new Option<string>("--format") { Description = "text (default) or json (for editors and CI).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var validate = new Command("validate", "Check a rule set and list every error and warning with its place in the rule files.") { validateRuleSet, format };
        validate.SetAction(p => ValidateCommand.Run(p.GetValue(validateRuleSet)!, p.GetValue(format)!, console));
        root.Subcommands.Add(validate);

        // ---- eval
        var evalRuleSet = RuleSetArgument();
        var evalCases = new Argument<string?>("cases")
        {
            Description = "A file of cases (NDJSON, a JSON array, or JSON cases one after another: see --format); '-' or nothing for standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var outFile = new Option<string?>("--out", "-o") { Description = "Write the decisions to this file instead of standard output." };
        var trace = new Option<string>("--trace") { Description = "The trace each decision carries: none (default), summary or full.", DefaultValueFactory = _ => "none" };
        trace.AcceptOnlyFromAmong("none", "summary", "full");
        var evalParallel = ParallelOption();
        var evalFormat = CaseFormatOption();
        // Hidden: a measuring aid (benchmarks/cli-throughput.sh), not part of the command's promise.
        var evalStages = new Option<bool>("--stages") { Description = "Report where the run's processor time went, stage by stage, on standard error.", Hidden = true };
        var eval = new Command("eval", "Evaluate a batch of cases: one canonical decision JSON per line, in input order.") { evalRuleSet, evalCases, outFile, trace, evalParallel, evalFormat, evalStages };
        eval.SetAction(p => EvalCommand.Run(
            new EvalOptions(p.GetValue(evalRuleSet)!, p.GetValue(evalCases), p.GetValue(outFile), ParseTrace(p.GetValue(trace)!), p.GetValue(evalParallel))
            {
                Format = ParseCaseFormat(p.GetValue(evalFormat)),
                Stages = p.GetValue(evalStages),
            },
            console));
        root.Subcommands.Add(eval);

        // ---- explain
        var explainRuleSet = RuleSetArgument();
        var caseFile = new Argument<string>("case-file") { Description = "A file holding one JSON case, or a batch (JSON array or NDJSON) with --case; '-' for standard input." };
        var caseId = new Option<string?>("--case") { Description = "The id of the case to explain, picked out of a batch file (JSON array or NDJSON)." };
        var explain = new Command("explain", "Explain one decision: outputs and what produced them, scorecard rows, bands, table rows and rules.") { explainRuleSet, caseFile, caseId };
        explain.SetAction(p => ExplainCommand.Run(p.GetValue(explainRuleSet)!, p.GetValue(caseFile)!, console, p.GetValue(caseId)));
        root.Subcommands.Add(explain);

        // ---- test
        var testRuleSet = RuleSetArgument();
        var tests = new Option<string?>("--tests") { Description = "A test file or folder (default: the rule set's tests folder)." };
        var noAudit = new Option<bool>("--no-audit") { Description = "Check the expectations only, without the fail-safe audit of the tests' cases and examples." };
        var test = new Command("test", "Run the rule tests: failures side by side, pass/fail counts, the fail-safe audit and rule coverage.") { testRuleSet, tests, noAudit };
        test.SetAction(p => TestCommand.Run(p.GetValue(testRuleSet)!, p.GetValue(tests), console, !p.GetValue(noAudit)));
        root.Subcommands.Add(test);

        // ---- diff
        var oldRuleSet = new Argument<string>("old-ruleset") { Description = "The rule set in force (folder, file or builtin:probation)." };
        var newRuleSet = new Argument<string>("new-ruleset") { Description = "The proposed rule set (folder, file or builtin:probation)." };
        var diffCases = new Argument<string>("cases") { Description = "A file of cases (NDJSON, a JSON array, or JSON cases one after another: see --format); '-' for standard input." };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML report (matrices and charts) to this file." };
        var outputs = new Option<string?>("--outputs") { Description = $"Comma-separated outputs to tabulate (default: every text or true/false output with at most {DiffCommand.DefaultMaxDistinct} values)." };
        var limit = new Option<int>("--limit") { Description = "How many changed cases to list (default 50).", DefaultValueFactory = _ => 50 };
        var by = new Option<string?>("--by") { Description = "Group the impact by an input field (e.g. gender, or a dotted path): per value, how many cases, changed, raised, lowered." };
        var diffParallel = ParallelOption();
        var diffFormat = CaseFormatOption();
        var diff = new Command("diff", "Impact of a rule change: what changed in the rules, how many decisions change and whether up or down, from-to matrices per output, the impact per group (--by), and the changed cases.")
        {
            oldRuleSet, newRuleSet, diffCases, html, outputs, limit, diffParallel, diffFormat, by,
        };
        diff.SetAction(p => DiffCommand.Run(
            new DiffOptions(p.GetValue(oldRuleSet)!, p.GetValue(newRuleSet)!, p.GetValue(diffCases)!, p.GetValue(html),
                p.GetValue(outputs)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), p.GetValue(limit), p.GetValue(diffParallel), p.GetValue(by))
            {
                Format = ParseCaseFormat(p.GetValue(diffFormat)),
            },
            console));
        root.Subcommands.Add(diff);

        // ---- audit
        var auditRuleSet = RuleSetArgument();
        var auditCases = new Argument<string?>("cases")
        {
            Description = "A file of cases (NDJSON, a JSON array, or JSON cases one after another: see --format); '-' or nothing for standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var auditJson = new Option<bool>("--json") { Description = "Write the findings as one JSON document, for tools." };
        var removePresent = new Option<bool>("--remove-present") { Description = "Also audit the inputs each case has, removing each in turn." };
        var auditFormat = CaseFormatOption();
        var audit = new Command("audit", "Fail-safe audit: missing inputs that could change an outcome while the decision raises no review naming them.")
        {
            auditRuleSet, auditCases, auditJson, removePresent, auditFormat,
        };
        audit.SetAction(p => AuditCommand.Run(p.GetValue(auditRuleSet)!, p.GetValue(auditCases), p.GetValue(auditJson), p.GetValue(removePresent),
            ParseCaseFormat(p.GetValue(auditFormat)), console));
        root.Subcommands.Add(audit);
        root.Subcommands.Add(Import.ImportCommandLine.Build(console));

        return root;
    }

    private static string OneLine(string message) => System.Text.RegularExpressions.Regex.Replace(message, @"\s*[\r\n]+\s*", " ");

    private static Argument<string> RuleSetArgument() =>
        new("ruleset") { Description = "The rule-set folder (every .json outside tests/, examples/ and schema/), a single rule file, or builtin:probation for the default rule set built into the tool." };

    private static Option<int> ParallelOption() =>
        new("--parallel") { Description = "How many cores to use (default: all).", DefaultValueFactory = _ => Environment.ProcessorCount };

    /// <summary>How a batch of cases is laid out; shared by every command that reads a batch.</summary>
    private static Option<string?> CaseFormatOption()
    {
        var option = new Option<string?>("--format")
        {
            Description = "How the cases are laid out: ndjson (one case per line), array (a JSON array of cases) or json (cases one after "
                + "another, each over any number of lines). Default: ndjson for .ndjson and .jsonl files; array when the input starts with '['; "
                + "json for other .json files; else ndjson (standard input included).",
        };
        option.AcceptOnlyFromAmong("ndjson", "array", "json");
        return option;
    }

    private static CaseFormat? ParseCaseFormat(string? text) => text switch
    {
        "ndjson" => CaseFormat.Ndjson,
        "array" => CaseFormat.JsonArray,
        "json" => CaseFormat.JsonStream,
        _ => null,
    };

    private static TraceDetail ParseTrace(string text) => text switch
    {
        "summary" => TraceDetail.Summary,
        "full" => TraceDetail.Full,
        _ => TraceDetail.None,
    };
}
