#!/usr/bin/env bash
# A 1,000,000-iteration accumulation loop in crm, bash and python3 (whole process), in one run.
# Target: crm faster than bash and within 5× of python3.
source "$(dirname "$0")/lib.sh"
bench_need hyperfine hyperfine
bench_build
N=${N:-1000000}
RUNS=${RUNS:-5}
crm=$(hyperfine_median crm "$RUNS" "$CRM -c 'set s = 0
for i in range 1 $N { set s = \$s + \$i }
echo \$s'")
bash_ms=$(hyperfine_median bash "$RUNS" "bash -c 's=0; for ((i=1;i<=$N;i++)); do s=\$((s+i)); done; echo \$s'")
py=$(hyperfine_median python3 "$RUNS" "python3 -c 's=0
for i in range(1, $N + 1): s = s + i
print(s)'")
printf '%-10s %10s\n' "loop" "median ms"
printf '%-10s %10s\n' crm "$crm" bash "$bash_ms" python3 "$py"
echo "bash/crm = $(ratio "$bash_ms" "$crm") (target > 1); crm/python3 = $(ratio "$crm" "$py") (target ≤ 5)"
