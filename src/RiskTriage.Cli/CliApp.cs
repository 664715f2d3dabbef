using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using RiskTriage.Cli.Commands;

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
            Description = "A JSON array or NDJSON file of cases; '-' or nothing for standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var outFile = new Option<string?>("--out", "-o") { Description = "Write the decisions to this file instead of standard output." };
        var trace = new Option<string>("--trace") { Description = "The trace each decision carries: none (default), summary or full.", DefaultValueFactory = _ => "none" };
        trace.AcceptOnlyFromAmong("none", "summary", "full");
        var evalParallel = ParallelOption();
        var eval = new Command("eval", "Evaluate a batch of cases: one canonical decision JSON per line, in input order.") { evalRuleSet, evalCases, outFile, trace, evalParallel };
        eval.SetAction(p => EvalCommand.Run(
            new EvalOptions(p.GetValue(evalRuleSet)!, p.GetValue(evalCases), p.GetValue(outFile), ParseTrace(p.GetValue(trace)!), p.GetValue(evalParallel)),
            console));
        root.Subcommands.Add(eval);

        // ---- explain
        var explainRuleSet = RuleSetArgument();
        var caseFile = new Argument<string>("case-file") { Description = "A file holding one JSON case; '-' for standard input." };
        var explain = new Command("explain", "Explain one decision: outputs and what produced them, scorecard rows, bands, table rows and rules.") { explainRuleSet, caseFile };
        explain.SetAction(p => ExplainCommand.Run(p.GetValue(explainRuleSet)!, p.GetValue(caseFile)!, console));
        root.Subcommands.Add(explain);

        // ---- test
        var testRuleSet = RuleSetArgument();
        var tests = new Option<string?>("--tests") { Description = "A test file or folder (default: the rule set's tests folder)." };
        var test = new Command("test", "Run the rule tests: failures side by side, pass/fail counts and rule coverage.") { testRuleSet, tests };
        test.SetAction(p => TestCommand.Run(p.GetValue(testRuleSet)!, p.GetValue(tests), console));
        root.Subcommands.Add(test);

        // ---- diff
        var oldRuleSet = new Argument<string>("old-ruleset") { Description = "The rule set in force (folder or file)." };
        var newRuleSet = new Argument<string>("new-ruleset") { Description = "The proposed rule set (folder or file)." };
        var diffCases = new Argument<string>("cases") { Description = "A JSON array or NDJSON file of cases; '-' for standard input." };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML report (matrices and charts) to this file." };
        var outputs = new Option<string?>("--outputs") { Description = $"Comma-separated outputs to tabulate (default: every text or true/false output with at most {DiffCommand.DefaultMaxDistinct} values)." };
        var limit = new Option<int>("--limit") { Description = "How many changed cases to list (default 50).", DefaultValueFactory = _ => 50 };
        var diffParallel = ParallelOption();
        var diff = new Command("diff", "Impact of a rule change: how many decisions change, from-to matrices per output, and the changed cases.")
        {
            oldRuleSet, newRuleSet, diffCases, html, outputs, limit, diffParallel,
        };
        diff.SetAction(p => DiffCommand.Run(
            new DiffOptions(p.GetValue(oldRuleSet)!, p.GetValue(newRuleSet)!, p.GetValue(diffCases)!, p.GetValue(html),
                p.GetValue(outputs)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), p.GetValue(limit), p.GetValue(diffParallel)),
            console));
        root.Subcommands.Add(diff);

        return root;
    }

    private static string OneLine(string message) => System.Text.RegularExpressions.Regex.Replace(message, @"\s*[\r\n]+\s*", " ");

    private static Argument<string> RuleSetArgument() =>
        new("ruleset") { Description = "The rule-set folder (every .json outside tests/, examples/ and schema/) or a single rule file." };

    private static Option<int> ParallelOption() =>
        new("--parallel") { Description = "How many cores to use (default: all).", DefaultValueFactory = _ => Environment.ProcessorCount };

    private static TraceDetail ParseTrace(string text) => text switch
    {
        "summary" => TraceDetail.Summary,
        "full" => TraceDetail.Full,
        _ => TraceDetail.None,
    };
}
