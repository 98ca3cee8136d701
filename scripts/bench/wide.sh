#!/usr/bin/env bash
# Wide inputs, issue 27.7: `open` of one JSON object with N keys and of a CSV with N columns, at N
# and at 2N. Linear parsing doubles the time (ratio near 2); the old look-back over every earlier
# key gave a ratio near 4 (1M keys took 276 s, 200k columns 48 s). Times are wall seconds of
# `crm -c 'set x = (open FILE)'`, median of RUNS.
# N=200000 RUNS=3
source "$(dirname "$0")/lib.sh"
if [ -n "${CRM_BIN:-}" ]; then CRM=$CRM_BIN; export CRM; else bench_build; fi
N=${N:-200000}
RUNS=${RUNS:-3}
DIR=$(mktemp -d)
export XDG_CONFIG_HOME=$DIR XDG_STATE_HOME=$DIR
for n in "$N" $((2 * N)); do
  python3 - "$DIR" "$n" <<'PY'
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
json.dump({f"k{i}": i for i in range(n)}, open(f"{d}/obj{n}.json", "w"))
with open(f"{d}/wide{n}.csv", "w") as f:
    f.write(",".join(f"c{i}" for i in range(n)) + "\n" + ",".join(str(i) for i in range(n)) + "\n")
PY
done
seconds() {  # seconds FILE → median wall seconds of `crm -c 'set x = (open FILE)'`
  python3 - "$CRM" "$1" "$RUNS" <<'PY'
import subprocess, sys, time
crm, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
ts = []
for _ in range(runs):
    t0 = time.perf_counter()
    subprocess.run([crm, "-c", f"set x = (open {path})"], check=True)
    ts.append(time.perf_counter() - t0)
print("%.3f" % sorted(ts)[len(ts) // 2])
PY
}
echo "machine: $(nproc) cores; crm: $CRM; N=$N"
for kind in obj:json wide:csv; do
  name=${kind%%:*}; ext=${kind##*:}
  a=$(seconds "$DIR/$name$N.$ext"); b=$(seconds "$DIR/$name$((2 * N)).$ext")
  echo "$ext: N ${a}s, 2N ${b}s, ratio $(ratio "$b" "$a") (linear ≈ 2)"
done
rm -rf "$DIR"
