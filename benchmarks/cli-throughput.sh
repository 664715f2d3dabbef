#!/usr/bin/env bash
# Whole-process throughput of `risktriage eval` on a batch of realistic probation cases (NDJSON, about 1.5 KB a case,
# from benchmarks/CaseBatch, which reuses the benchmarks' ProbationCaseGenerator): cases/s, CPU% (user + system over
# wall; 200% is both cores of a 2-core machine), CPU seconds per 100,000 cases (less affected by other load than wall
# time) and peak RSS, the median of RUNS runs (default 3). Then one run on a batch SCALE times larger (default 5), to
# show that peak memory does not grow with the file. The generator makes about 1.4% invalid cases (as real exports
# have), so each run ends with exit code 2 ("some cases were invalid"), shown as "(exit 2)".
#
#   benchmarks/cli-throughput.sh                 this checkout's CLI
#   benchmarks/cli-throughput.sh ../before       the CLI of another checkout (e.g. a git worktree of an older commit),
#                                                on the same batch files
#
# Environment: CASES (default 200000), RUNS (default 3), SCALE (default 5; 0 skips the large batch), OUT (where the
# decisions go; default /dev/null through standard output, as `risktriage eval ... > decisions.ndjson` writes them),
# STAGES=1 (runs eval --stages and prints each batch's last report of where the processor time went, stage by stage,
# and its timeline; a CLI without the option refuses it), R2R=1 (measures the CLI published for this machine,
# framework-dependent, which its project precompiles with ReadyToRun, instead of the build's IL: the JIT's tier 0 then
# runs for next to nothing; published into artifacts/cli-throughput/publish-*, with the target's obj folder).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$(cd "${1:-$root}" && pwd)"
cases="${CASES:-200000}"
runs="${RUNS:-3}"
scale="${SCALE:-5}"
out="${OUT:-/dev/null}"
stages=()
[[ "${STAGES:-0}" == 1 ]] && stages=(--stages)
work="$root/artifacts/cli-throughput"
mkdir -p "$work"

dotnet build "$root/benchmarks/CaseBatch" -c Release --nologo -v quiet -nodeReuse:false > /dev/null
if [[ "${R2R:-0}" == 1 ]]; then
  rid="$(dotnet --info | awk '$1 == "RID:" { print $2; exit }')"
  published="$work/publish-$(printf '%s' "$target" | cksum | cut -d' ' -f1)"
  dotnet publish "$target/src/RiskTriage.Cli" -c Release -r "$rid" --self-contained false -o "$published" --nologo -v quiet -nodeReuse:false > /dev/null
  cli="$published/RiskTriage.Cli.dll"
else
  dotnet build "$target/src/RiskTriage.Cli" -c Release --nologo -v quiet -nodeReuse:false > /dev/null
  cli="$target/src/RiskTriage.Cli/bin/Release/net10.0/RiskTriage.Cli.dll"
fi

batch() { # count -> file (made once per count; the same seed always gives the same bytes)
  local file="$work/cases-$1.ndjson"
  [[ -s "$file" ]] || dotnet "$root/benchmarks/CaseBatch/bin/Release/net10.0/CaseBatch.dll" "$1" "$file" >&2
  echo "$file"
}

measure() { # file count -> "cases/s cpu% cpu-s-per-100k peak-rss-MB exit"
  local file="$1" count="$2" stats="$work/time.txt" status=0
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f '%e %U %S %M' -o "$stats" dotnet "$cli" eval "$target/rules/probation" "$file" "${stages[@]}" > "$out" 2> "$work/stderr.txt" || status=$?
    read -r wall user system rss < <(tail -n 1 "$stats")
  else
    # No GNU time: peak RSS and CPU (user + system, all threads) sampled from the process's /proc files until it ends.
    local start end peak=0 ticks=0 pid hz; hz=$(getconf CLK_TCK)
    start=$(date +%s.%N)
    dotnet "$cli" eval "$target/rules/probation" "$file" "${stages[@]}" > "$out" 2> "$work/stderr.txt" & pid=$!
    while kill -0 "$pid" 2> /dev/null; do
      local hwm cpu
      hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2> /dev/null || true)
      cpu=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2> /dev/null || true)
      (( ${hwm:-0} > peak )) && peak=$hwm
      (( ${cpu:-0} > ticks )) && ticks=$cpu
      sleep 0.02
    done
    wait "$pid" || status=$?
    end=$(date +%s.%N)
    wall=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'); user=$(awk -v t="$ticks" -v h="$hz" 'BEGIN { print t / h }'); system=0; rss=$peak
  fi
  awk -v n="$count" -v w="$wall" -v u="$user" -v s="$system" -v r="$rss" -v x="$status" \
    'BEGIN { printf "%.0f %.0f %.2f %.0f %d\n", n / w, 100 * (u + s) / w, (u + s) * 100000 / n, r / 1024, x }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

file=$(batch "$cases")
results="$work/results.txt"
: > "$results"
for ((i = 0; i < runs; i++)); do
  measure "$file" "$cases" >> "$results"
done

echo "risktriage eval of $cases cases ($(stat -L -c %s "$file") bytes), $target$([[ "${R2R:-0}" == 1 ]] && echo " (published, ReadyToRun)"), median of $runs runs; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %10s %8s %16s %14s\n' "" "cases/s" "CPU%" "CPU s/100k cases" "peak RSS (MB)"
printf '%-10s %10s %8s %16s %14s\n' median "$(cut -d' ' -f1 "$results" | median)" "$(cut -d' ' -f2 "$results" | median)" \
  "$(cut -d' ' -f3 "$results" | median)" "$(cut -d' ' -f4 "$results" | median)"
awk '{ printf "%-10s %10s %8s %16s %14s%s\n", "run " NR, $1, $2, $3, $4, ($5 == 0 ? "" : "  (exit " $5 ")") }' "$results"
if (( ${#stages[@]} )); then sed -n '/^time: /,$p' "$work/stderr.txt"; else tail -n 1 "$work/stderr.txt"; fi

if (( scale > 0 )); then
  big=$((cases * scale))
  file=$(batch "$big")
  read -r rate cpu per100k rss status < <(measure "$file" "$big")
  printf '%-10s %10s %8s %16s %14s%s   (%s cases, %s bytes)\n' "x$scale" "$rate" "$cpu" "$per100k" "$rss" \
    "$([[ $status == 0 ]] || echo "  (exit $status)")" "$big" "$(stat -L -c %s "$file")"
  if (( ${#stages[@]} )); then sed -n '/^stages of /,$p' "$work/stderr.txt"; fi
fi
