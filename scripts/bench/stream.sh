#!/usr/bin/env bash
# Streaming a paginated list: `crm -c 'people | count'` over 100,000 people (2 ms latency per page)
# against a curl+jq loop, an HTTPie loop and a Python `requests` loop over the same pages, in one
# run; then crm's peak RSS at 10,000 vs 100,000 people.
# Targets: ≥ 5× faster than curl+jq; peak RSS ≤ 40 MB and flat within 10 %.
source "$(dirname "$0")/lib.sh"
bench_need jq jq
bench_need http httpie
bench_build
PEOPLE=${PEOPLE:-100000}
TOKEN=sandbox-leeloo-token
start_sandbox --people "$PEOPLE" --latency-ms 2
export CRM_LEELOO_URL=$SANDBOX_URL CRM_LEELOO_TOKEN=$TOKEN CRM_PROFILE_CLASS=demo
HOME_DIR=$(mktemp -d); export XDG_CONFIG_HOME=$HOME_DIR XDG_STATE_HOME=$HOME_DIR

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print('%.3f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }

t0=$(now); crm_count=$("$CRM" -c 'people | count'); t1=$(now); crm_s=$(elapsed "$t0" "$t1")

curl_loop() {
  local offset=0 total=1 n=0 body c
  while [ "$offset" -lt "$total" ]; do
    body=$(curl -s -H "X-Leeloo-AuthToken: $TOKEN" "$SANDBOX_URL/api/v2/people?limit=100&offset=$offset")
    total=$(jq '.meta.totalCount' <<<"$body"); c=$(jq '.data | length' <<<"$body")
    n=$((n + c)); offset=$((offset + 100))
  done
  echo "$n"
}
t0=$(now); curl_count=$(curl_loop); t1=$(now); curl_s=$(elapsed "$t0" "$t1")

# HTTPie starts a Python interpreter per request; run a tenth of the pages and scale up.
HTTPIE_PAGES=$(( (PEOPLE / 100 + 9) / 10 ))
t0=$(now)
for ((p = 0; p < HTTPIE_PAGES; p++)); do
  http --ignore-stdin -b GET "$SANDBOX_URL/api/v2/people" limit==100 offset==$((p * 100)) "X-Leeloo-AuthToken:$TOKEN" | jq '.data | length' >/dev/null
done
t1=$(now)
httpie_s=$(python3 -c "import sys; print('%.3f' % ((float(sys.argv[2]) - float(sys.argv[1])) * $((PEOPLE / 100)) / $HTTPIE_PAGES))" "$t0" "$t1")

t0=$(now)
py_count=$(python3 - "$SANDBOX_URL" "$TOKEN" <<'PY'
import sys, requests
url, token = sys.argv[1], sys.argv[2]
s = requests.Session(); s.headers["X-Leeloo-AuthToken"] = token
offset, total, n = 0, 1, 0
while offset < total:
    r = s.get(url + "/api/v2/people", params={"limit": 100, "offset": offset}).json()
    total = r["meta"]["totalCount"]; n += len(r["data"]); offset += 100
print(n)
PY
)
t1=$(now); py_s=$(elapsed "$t0" "$t1")

printf '%-34s %8s %8s %10s\n' "client ($PEOPLE people, 2 ms/page)" "count" "seconds" "vs crm"
printf '%-34s %8s %8s %10s\n' "crm -c 'people | count'" "$crm_count" "$crm_s" "1.00"
printf '%-34s %8s %8s %10s\n' "curl + jq loop" "$curl_count" "$curl_s" "$(ratio "$curl_s" "$crm_s")"
printf '%-34s %8s %8s %10s\n' "HTTPie loop (extrapolated)" "-" "$httpie_s" "$(ratio "$httpie_s" "$crm_s")"
printf '%-34s %8s %8s %10s\n' "python requests loop" "$py_count" "$py_s" "$(ratio "$py_s" "$crm_s")"
kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true

# Peak RSS at two sizes (no latency; the stream must hold one page at a time).
declare -A RSS
for n in 10000 100000; do
  start_sandbox --people "$n"
  export CRM_LEELOO_URL=$SANDBOX_URL
  RSS[$n]=$(peak_rss_mb "$CRM" -c 'people | count')
  kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true
done
echo "crm peak RSS: ${RSS[10000]} MB at 10,000 people, ${RSS[100000]} MB at 100,000 (ratio $(ratio "${RSS[100000]}" "${RSS[10000]}"); target ≤ 40 MB, within 10 %)"
echo "crm vs curl+jq: $(ratio "$curl_s" "$crm_s")x faster (target ≥ 5x)"
