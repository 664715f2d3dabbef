using RiskTriage.Cli;

return CliApp.Run(args, CliConsole.FromProcess());
