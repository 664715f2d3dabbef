using System.CommandLine;

namespace RiskTriage.Cli.Import;

/// <summary>The <c>import</c> command and its sources (<c>rulesengine</c>).</summary>
internal static class ImportCommandLine
{
    public static Command Build(CliConsole console)
    {
        var workflow = new Argument<string>("workflow") { Description = "A RulesEngine workflow JSON file (one workflow object)." };
        var sample = new Option<string>("--sample") { Description = "Sample cases: a JSON array, each case an object of the rule parameters by name ({\"input1\": {...}}). Input types are inferred from them.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "The folder to write the rule set to (ruleset.json and examples/cases.json).", Required = true };
        var rulesEngine = new Command("rulesengine", "Convert a Microsoft RulesEngine workflow into a RiskTriage rule set that gives the same results on the sample.")
        {
            workflow, sample, output,
        };
        rulesEngine.SetAction(p => ImportRulesEngineCommand.Run(p.GetValue(workflow)!, p.GetValue(sample)!, p.GetValue(output)!, console));
        return new Command("import", "Convert rules from another engine into a RiskTriage rule set.") { rulesEngine };
    }
}
