#!/usr/bin/env bash
# Decoding JSON, per megabyte: crm's reader (`from json`, the reader every response body goes
# through) vs Python's `json.loads`, over the same bodies: PAGES of the sandbox's `people` pages
# (100 people each), fetched once and written to files. Both sides read the files into memory
# first and time only the parsing, ROUNDS passes over all of them; each side runs RUNS times and
# the median is printed. Target (issue 14): crm at least as fast per MB as Python's json.
# PAGES=100 ROUNDS=20 RUNS=3
source "$(dirname "$0")/lib.sh"
if [ -n "${CRM_BIN:-}" ]; then CRM=$CRM_BIN; export CRM; else bench_build; fi
PAGES=${PAGES:-100}
ROUNDS=${ROUNDS:-20}
RUNS=${RUNS:-3}
TOKEN=sandbox-leeloo-token
HOME_DIR=$(mktemp -d); export XDG_CONFIG_HOME=$HOME_DIR XDG_STATE_HOME=$HOME_DIR
echo "machine: $(nproc) cores; crm: $CRM"

BODIES=$(mktemp -d)
start_sandbox --people $((PAGES * 100))
for ((p = 0; p < PAGES; p++)); do
  # The /people date filter the v2 page marks required (the sandbox refuses a listing without it).
  curl -sf -H "X-Leeloo-AuthToken: $TOKEN" "$SANDBOX_URL/api/v2/people?limit=100&offset=$((p * 100))&filter%5Blast_message%5D%5Bfrom%5D=1970-01-01&filter%5Blast_message%5D%5Bto%5D=9999-12-31" \
    -o "$BODIES/page$p.json"
done
kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true
BYTES=$(cat "$BODIES"/page*.json | wc -c)

py_run() {  # → seconds spent parsing
  python3 - "$BODIES" "$PAGES" "$ROUNDS" <<'PY'
import json, sys, time
d, pages, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
texts = [open(f"{d}/page{p}.json", encoding="utf-8").read() for p in range(pages)]
t0 = time.perf_counter()
for _ in range(rounds):
    for t in texts:
        v = json.loads(t)
print("%.4f" % (time.perf_counter() - t0))
PY
}

crm_run() {  # → seconds spent parsing (crm measures its own loop with `now`)
  local out
  out=$("$CRM" -c "set texts = []
for p in range 0 $((PAGES - 1)) { set texts = \$texts + [(open \"$BODIES/page\${p}.json\" --raw)] }
set t0 = now
for r in range 1 $ROUNDS { for t in \$texts { set v = from json \$t } }
echo ((now) - \$t0)")
  python3 - "$out" <<'PY'
import re, sys
units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
parts = re.findall(r"(\d+)(ms|s|m|h)\b", sys.argv[1])
if not parts: sys.exit("crm printed no duration: %r" % sys.argv[1])
print("%.4f" % sum(float(n) * units[u] for n, u in parts))
PY
}

median() { python3 -c "import sys, statistics; print('%.4f' % statistics.median(map(float, sys.argv[1:])))" "$@"; }
mbps() { python3 -c "import sys; print('%.1f' % ($BYTES * $ROUNDS / float(sys.argv[1]) / 1e6))" "$1"; }

py_times=(); crm_times=()
for ((r = 0; r < RUNS; r++)); do
  py_times+=("$(py_run)")
  crm_times+=("$(crm_run)")
done
py_s=$(median "${py_times[@]}"); crm_s=$(median "${crm_times[@]}")
rm -rf "$BODIES"

echo
echo "$PAGES people pages, $BYTES bytes, parsed $ROUNDS times (median of $RUNS runs)"
printf '%-28s %10s %10s\n' "decoder" "seconds" "MB/s"
printf '%-28s %10s %10s\n' "python3 json.loads" "$py_s" "$(mbps "$py_s")"
printf '%-28s %10s %10s\n' "crm from json" "$crm_s" "$(mbps "$crm_s")"
echo "runs: python ${py_times[*]}; crm ${crm_times[*]}"
echo "crm is $(ratio "$py_s" "$crm_s")x Python's json per MB (target >= 1)"
