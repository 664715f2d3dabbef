using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using RiskTriage;
using RiskTriage.Benchmarks;
#if !FIRST_CALL_AOT
using RiskTriage.RulesEngine;
#endif

// One engine, constructed from the workflow (or rule set) file, one call; prints the time from Main to the first
// result, and from the process's start (runtime start-up included) to the first result, in milliseconds.
var clock = Stopwatch.StartNew();
var engine = args.Length == 1 ? args[0] : throw new ArgumentException("usage: FirstCall rulesengine|risktriage|ruleset|decision|decisions-json|phases|newtonsoft|speed|empty");
if (engine == "empty")
{
    // Nothing but the runtime's start-up and this program's: the floor under a fresh process's first decision.
    return;
}

if (engine is "decision" or "decisions-json" or "phases" or "newtonsoft" or "speed")
{
    // The default probation rule set and one case (benchmarks/first-decision.sh): printed as key-value pairs.
    Console.WriteLine(engine switch
    {
        "decision" => FirstDecision.Run(),
        "decisions-json" => FirstDecision.DecisionsJson(),
        "phases" => FirstDecision.Phases(),
        "speed" => FirstDecision.Speed(),
        _ => FirstDecision.NewtonsoftFloor(),
    });
    return;
}

#if FIRST_CALL_AOT
throw new ArgumentException($"'{engine}' is not in a native AOT build: decision, decisions-json, phases, newtonsoft, speed or empty");
#else

// The discount engines in a method of their own: Main's code then refers to no RulesEngine type, so the modes above
// (the default rule set alone, and the empty process) load neither RulesEngine assembly.
Console.WriteLine(Discount.FirstCall(engine, clock));
#endif

#if !FIRST_CALL_AOT
/// <summary>Construction from the discount workflow and the first call (benchmarks/first-call.sh), one engine a process.</summary>
internal static class Discount
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string FirstCall(string engine, Stopwatch clock)
    {
        var inputs = DiscountInputs.Typical;
        string summary;
        switch (engine)
        {
            case "rulesengine":
            {
                var results = new RulesEngine.RulesEngine([File.ReadAllText(DiscountInputs.WorkflowPath)]).ExecuteAllRulesAsync("Discount", inputs).AsTask().Result;
                summary = string.Join(",", results.Select(r => r.IsSuccess ? 1 : 0));
                break;
            }

            case "risktriage":
            {
                var results = new RiskTriageRulesEngine([File.ReadAllText(DiscountInputs.WorkflowPath)]).ExecuteAllRulesAsync("Discount", inputs).Result;
                summary = string.Join(",", results.Select(r => r.IsSuccess ? 1 : 0));
                break;
            }

            case "ruleset":
            {
                var decision = RuleSet.Load(DiscountInputs.RuleSetPath).For<DiscountCase>().Evaluate(DiscountCase.From(inputs));
                summary = string.Join(",", DiscountInputs.RuleNames.Select(n => decision[n].AsBool == true ? 1 : 0));
                break;
            }

            default:
                throw new ArgumentException($"unknown engine '{engine}': rulesengine, risktriage or ruleset");
        }

        var firstCall = clock.Elapsed.TotalMilliseconds;
        var sinceStart = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        return string.Create(CultureInfo.InvariantCulture, $"{engine} first-call-ms {firstCall:F1} since-process-start-ms {sinceStart:F1} results {summary}");
    }
}
#endif
