#!/usr/bin/env bash
# Construction from the workflow JSON plus the first call, in fresh processes: Microsoft RulesEngine, the drop-in
# RiskTriageRulesEngine, and RiskTriage on the same rules in its own format (benchmarks/RulesEngine/). Each engine runs
# RUNS times (default 10), the engines interleaved so that a change in the machine's load falls on all of them; the
# medians are printed. "in process" is from Main to the first result; "process" is the whole process (runtime
# start-up included), wall clock and CPU (user + system, all threads).
#
#   benchmarks/first-call.sh          the console as `dotnet build` makes it (JIT only)
#   benchmarks/first-call.sh r2r      published ReadyToRun for linux-x64 (every assembly precompiled, as a user can publish)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${RUNS:-10}"
mode="${1:-jit}"
case "$mode" in
  jit)
    dotnet build benchmarks/FirstCall -c Release --nologo -v quiet -nodeReuse:false > /dev/null
    command=(dotnet benchmarks/FirstCall/bin/Release/net10.0/FirstCall.dll) ;;
  r2r)
    dotnet publish benchmarks/FirstCall -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
      -o artifacts/first-call-r2r --nologo -v quiet -nodeReuse:false > /dev/null
    command=(artifacts/first-call-r2r/FirstCall) ;;
  *) echo "usage: $0 [jit|r2r]" >&2; exit 2 ;;
esac

engines=(rulesengine risktriage ruleset)
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for ((i = 0; i < runs; i++)); do
  for engine in "${engines[@]}"; do
    # bash's `time` writes "wall user system" in seconds to the group's stderr; the program prints its own line.
    { TIMEFORMAT='%R %U %S'; time "${command[@]}" "$engine" > "$results.out"; } 2> "$results.time"
    read -r _ _ inprocess _ _ _ _ < "$results.out"
    read -r wall user system < "$results.time"
    echo "$engine $inprocess $wall $user $system" >> "$results"
  done
done
rm -f "$results.out" "$results.time"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "construction + first call, $mode, median of $runs fresh processes each (ms); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %12s %14s %13s\n' engine "in process" "process wall" "process CPU"
for engine in "${engines[@]}"; do
  inprocess=$(awk -v e="$engine" '$1 == e { print $2 }' "$results" | median)
  wall=$(awk -v e="$engine" '$1 == e { print $3 * 1000 }' "$results" | median)
  cpu=$(awk -v e="$engine" '$1 == e { print ($4 + $5) * 1000 }' "$results" | median)
  printf '%-12s %12.0f %14.0f %13.0f\n' "$engine" "$inprocess" "$wall" "$cpu"
done
