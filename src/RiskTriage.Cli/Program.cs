using RiskTriage;
var rs = RuleSet.Load(args[0]);
var text = File.ReadAllText(args[1]);
var d = rs.Evaluate(text, TraceLevel.Full);
Console.WriteLine(d.ToJson());
