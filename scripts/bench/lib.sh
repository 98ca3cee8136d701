#!/usr/bin/env bash
# Shared helpers for the benchmarks: a release build of crm, tool installs, hyperfine medians.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/setup.sh"

bench_need() {  # bench_need CMD DEBIAN_PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "bench: installing $2" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

bench_build() {  # builds release crm (CRM_SCRATCH_PATH picks the build folder); sets CRM
  local scratch="${CRM_SCRATCH_PATH:-$ROOT/.build}"
  (cd "$ROOT" && swift build -c release --product crm --scratch-path "$scratch" >&2)
  CRM="$(cd "$ROOT" && swift build -c release --scratch-path "$scratch" --show-bin-path)/crm"
  export CRM
}

# hyperfine_median NAME RUNS COMMAND… → prints the median in ms (3 decimals)
hyperfine_median() {
  local name=$1 runs=$2; shift 2
  local out; out=$(mktemp)
  hyperfine -N --warmup 3 --runs "$runs" --export-json "$out" "$@" >/dev/null 2>&1 \
    || hyperfine --warmup 3 --runs "$runs" --export-json "$out" "$@" >/dev/null
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f" % (r["median"]*1000))' "$out"
  rm -f "$out"
}

ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print('%.2f' % (a/b if b else float('inf')))" "$1" "$2"; }

# Starts `crm sandbox ARGS…` on a free port; sets SANDBOX_PID and SANDBOX_URL.
start_sandbox() {
  local log; log=$(mktemp)
  "$CRM" sandbox --port 0 "$@" >"$log" 2>&1 &
  SANDBOX_PID=$!
  for _ in $(seq 1 200); do
    SANDBOX_URL=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" | head -1 || true)
    [ -n "$SANDBOX_URL" ] && break
    sleep 0.05
  done
  [ -n "$SANDBOX_URL" ] || { cat "$log" >&2; echo "sandbox did not start" >&2; exit 1; }
  trap 'kill $SANDBOX_PID 2>/dev/null || true' EXIT
  export SANDBOX_URL
}

peak_rss_mb() {  # peak_rss_mb COMMAND… → prints max RSS of the command in MB
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | python3 -c 'import sys; print("%.1f" % (int(sys.stdin.read().strip())/1024))'
}
