#!/usr/bin/env bash
# Start-to-exit time of `crm -c 'echo ok'` against bash, python3 and HTTPie, in one run.
# Target: crm ≤ 15 ms median (release) and ≥ 8× faster than `http --version`.
source "$(dirname "$0")/lib.sh"
bench_need hyperfine hyperfine
bench_need http httpie
bench_build
RUNS=${RUNS:-50}
crm=$(hyperfine_median crm "$RUNS" "$CRM -c 'echo ok'")
bash_ms=$(hyperfine_median bash "$RUNS" "bash -c 'echo ok'")
py=$(hyperfine_median python3 "$RUNS" "python3 -c 'print(\"ok\")'")
http=$(hyperfine_median http "$((RUNS / 5 + 3))" "http --version")
printf '%-28s %10s %12s\n' "command" "median ms" "vs crm"
printf '%-28s %10s %12s\n' "crm -c 'echo ok'" "$crm" "1.00"
printf '%-28s %10s %12s\n' "bash -c 'echo ok'" "$bash_ms" "$(ratio "$bash_ms" "$crm")"
printf '%-28s %10s %12s\n' "python3 -c print" "$py" "$(ratio "$py" "$crm")"
printf '%-28s %10s %12s\n' "http --version" "$http" "$(ratio "$http" "$crm")"
echo "crm is $(ratio "$http" "$crm")x faster than http --version (target ≥ 8x); median $crm ms (target ≤ 15 ms)"
