#!/usr/bin/env bash
# The first decision of the default probation rule set in fresh processes (issue 19, target 4), median of RUNS
# (default 10) processes each, the kinds interleaved so that a change in the machine's load falls on all of them:
#   library   RuleSet.Load("rules/probation") + Evaluate(one case), timed in process from before the load to the
#             decision (benchmarks/FirstCall, mode "decision"), with its JIT count and time, and the process's CPU;
#   phases    the same load taken apart (read+parse, model, hash, check, interpreter, name-table, utf8-schema, lower,
#             passes, emit+compile),
#             each phase's time and JIT time (mode "phases");
#   cli       `risktriage eval rules/probation <one case>`: the whole process, wall clock and CPU (user + system);
#   empty     FirstCall doing nothing: the runtime's start-up, the floor under both (whole process, wall and CPU);
#   floor     the rule files parsed by Newtonsoft alone (JToken tree with line information, the loader's settings):
#             the floor under the read+parse phase (mode "newtonsoft").
#
#   benchmarks/first-decision.sh          as `dotnet build` makes them (JIT only)
#   benchmarks/first-decision.sh r2r      published ReadyToRun for linux-x64 (framework-dependent)
#   benchmarks/first-decision.sh tool     the CLI as `dotnet tool install` installs it from its package (dotnet pack; on
#                                         linux-x64 the package's ReadyToRun part), from artifacts/tool-package alone;
#                                         the library rows as for r2r
#   benchmarks/first-decision.sh composite  published self-contained for linux-x64 as one composite ReadyToRun image of
#                                         the app and the framework (one version bubble: the framework's generics over
#                                         the engine's types are precompiled too)
#   benchmarks/first-decision.sh aot      FirstCall published with native AOT (-p:FirstCallAot=true): no JIT, and the
#                                         interpreter evaluates (nothing can be compiled); no cli row, as the CLI is not
#                                         published with native AOT (it loads Microsoft RulesEngine, which compiles C#)
#   CLI_AOT=1 benchmarks/first-decision.sh aot   also the CLI published with native AOT, for measuring only: its eval
#                                         decides as the tool does, but `import rulesengine` fails there and every case
#                                         is interpreted (RESULTS.md, session 14, helper F); the publish takes minutes
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${RUNS:-10}"
mode="${1:-jit}"
case_file=benchmarks/FirstCall/probation-case.json
case "$mode" in
  jit)
    dotnet build benchmarks/FirstCall -c Release --nologo -v quiet -nodeReuse:false > /dev/null
    dotnet build src/RiskTriage.Cli -c Release --nologo -v quiet -nodeReuse:false > /dev/null
    library=(dotnet benchmarks/FirstCall/bin/Release/net10.0/FirstCall.dll)
    cli=(dotnet src/RiskTriage.Cli/bin/Release/net10.0/RiskTriage.Cli.dll) ;;
  r2r)
    dotnet publish benchmarks/FirstCall -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
      -o artifacts/first-call-r2r --nologo -v quiet -nodeReuse:false > /dev/null
    dotnet publish src/RiskTriage.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
      -o artifacts/cli-r2r --nologo -v quiet -nodeReuse:false > /dev/null
    library=(artifacts/first-call-r2r/FirstCall)
    cli=(artifacts/cli-r2r/RiskTriage.Cli) ;;
  tool)
    dotnet publish benchmarks/FirstCall -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
      -o artifacts/first-call-r2r --nologo -v quiet -nodeReuse:false > /dev/null
    rm -rf artifacts/tool-package artifacts/tool-install
    dotnet pack src/RiskTriage.Cli -c Release -o artifacts/tool-package --nologo -v quiet -nodeReuse:false > /dev/null
    # A config file that clears every other source: the tool can only come from the package just made.
    printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n' \
      > artifacts/tool-package/nuget.config
    dotnet tool install --tool-path artifacts/tool-install --configfile artifacts/tool-package/nuget.config \
      --add-source artifacts/tool-package RiskTriage.Cli > /dev/null
    library=(artifacts/first-call-r2r/FirstCall)
    cli=(artifacts/tool-install/risktriage) ;;
  composite)
    composite=(-c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true --nologo -v quiet -nodeReuse:false)
    dotnet publish benchmarks/FirstCall "${composite[@]}" -o artifacts/first-call-composite > /dev/null
    dotnet publish src/RiskTriage.Cli "${composite[@]}" -o artifacts/cli-composite > /dev/null
    library=(artifacts/first-call-composite/FirstCall)
    cli=(artifacts/cli-composite/RiskTriage.Cli) ;;
  aot)
    dotnet publish benchmarks/FirstCall -c Release -r linux-x64 -p:FirstCallAot=true \
      -o artifacts/first-call-aot --nologo -v quiet -nodeReuse:false > /dev/null
    library=(artifacts/first-call-aot/FirstCall)
    cli=()
    if [[ "${CLI_AOT:-0}" == 1 ]]; then
      # PublishAot reaches every project the CLI references; their trimming and AOT warnings are not errors here.
      dotnet publish src/RiskTriage.Cli -c Release -r linux-x64 -p:PublishAot=true -p:PublishReadyToRun=false \
        -p:TreatWarningsAsErrors=false -p:IlcTreatWarningsAsErrors=false -o artifacts/cli-aot --nologo -v quiet -nodeReuse:false > /dev/null
      cli=(artifacts/cli-aot/RiskTriage.Cli)
    fi ;;
  *) echo "usage: $0 [jit|r2r|tool|composite|aot]" >&2; exit 2 ;;
esac

results="$(mktemp)"
trap 'rm -f "$results" "$results".*' EXIT
for ((i = 0; i < runs; i++)); do
  # Each program prints "key value" pairs; each pair becomes a line "kind key value".
  "${library[@]}" decision | awk '{ for (i = 1; i < NF; i += 2) print "library", $i, $(i + 1) }' >> "$results"
  "${library[@]}" phases | awk '{ for (i = 1; i < NF; i += 2) print "phases", $i, $(i + 1) }' >> "$results"
  "${library[@]}" newtonsoft | awk '{ for (i = 1; i < NF; i += 2) print "floor", $i, $(i + 1) }' >> "$results"
  # bash's `time` writes "wall user system" in seconds to the group's stderr.
  if ((${#cli[@]} > 0)); then
    { TIMEFORMAT='%R %U %S'; time "${cli[@]}" eval rules/probation "$case_file" > "$results.out"; } 2> "$results.time"
    grep -q '"status"' "$results.out" || { echo "risktriage eval printed no decision:" >&2; cat "$results.out" "$results.time" >&2; exit 1; }
    read -r wall user system < <(tail -n 1 "$results.time")
    awk -v w="$wall" -v u="$user" -v s="$system" 'BEGIN { print "cli process-wall-ms", w * 1000; print "cli process-cpu-ms", (u + s) * 1000 }' >> "$results"
  fi
  { TIMEFORMAT='%R %U %S'; time "${library[@]}" empty; } 2> "$results.time"
  read -r wall user system < <(tail -n 1 "$results.time")
  awk -v w="$wall" -v u="$user" -v s="$system" 'BEGIN { print "empty process-wall-ms", w * 1000; print "empty process-cpu-ms", (u + s) * 1000 }' >> "$results"
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "first decision, default rule set, $mode, median of $runs fresh processes (ms); load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
# Numeric keys in the order first printed; text (status, tier) is shown once.
awk '$3 ~ /^-?[0-9.]+$/ && !seen[$1" "$2]++ { print $1, $2 }' "$results" | while read -r kind key; do
  value=$(awk -v k="$kind" -v n="$key" '$1 == k && $2 == n { print $3 }' "$results" | median)
  printf '%-8s %-28s %10s\n' "$kind" "$key" "$value"
done
awk '$1 == "library" && $3 !~ /^-?[0-9.]+$/ { print "library decision:", $2, $3 }' "$results" | sort -u
