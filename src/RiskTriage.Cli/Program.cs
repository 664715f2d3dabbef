using System.Globalization;
using RiskTriage.Cli;

// Everything the tool prints (numbers in summaries, decisions) is culture-independent.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
return CliApp.Run(args, CliConsole.FromProcess());
