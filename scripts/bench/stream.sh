#!/usr/bin/env bash
# Streaming a paginated list: `crm -c 'people | count'` over 100,000 people (1,000 pages of 100)
# at 2 ms and at 20 ms of latency per page, in one run against the floor (curl fetching the same
# pages 8 at a time, parsing nothing), curl with 2 at a time and one at a time, a curl+jq loop, an
# HTTPie loop and a Python `requests` loop; then crm's peak RSS at 10,000 vs 100,000 people.
# Targets (issue 14): crm within 1.3x of the floor at both latencies; >= 15x faster than curl+jq;
# peak RSS <= 40 MB and flat within 10 %.
# The floor and crm are timed ROUNDS times each, interleaved (floor, crm, floor, crm, ...), and
# their medians compared, with the spread printed: one run of either varies by 10-20 % on a 2-core
# machine where the sandbox competes for the same cores.
# LATENCIES="2 20" PEOPLE=100000 ROUNDS=5 HTTPIE_SHARE=50 (HTTPie runs 1 page in HTTPIE_SHARE, scaled up).
source "$(dirname "$0")/lib.sh"
bench_need jq jq
bench_need http httpie
if [ -n "${CRM_BIN:-}" ]; then CRM=$CRM_BIN; export CRM; else bench_build; fi
PEOPLE=${PEOPLE:-100000}
LATENCIES=${LATENCIES:-"2 20"}
HTTPIE_SHARE=${HTTPIE_SHARE:-50}
ROUNDS=${ROUNDS:-5}
PAGES=$(( (PEOPLE + 99) / 100 ))
TOKEN=sandbox-leeloo-token
HOME_DIR=$(mktemp -d); export XDG_CONFIG_HOME=$HOME_DIR XDG_STATE_HOME=$HOME_DIR
export CRM_LEELOO_TOKEN=$TOKEN CRM_PROFILE_CLASS=demo
echo "machine: $(nproc) cores; crm: $CRM"

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print('%.3f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }
stop_sandbox() { kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; }

# The /people date filter the v2 page marks required, spanning every date.
DATES='filter%5Blast_message%5D%5Bfrom%5D=1970-01-01&filter%5Blast_message%5D%5Bto%5D=9999-12-31'
# A curl config fetching every page once (to /dev/null): the same pages crm reads.
CURL_PAGES=$(mktemp)
curl_pages() {
  { echo "header = \"X-Leeloo-AuthToken: $TOKEN\""; echo "silent"
    for ((p = 0; p < PAGES; p++)); do
      echo "url = \"$SANDBOX_URL/api/v2/people?limit=100&offset=$((p * 100))&$DATES\""; echo 'output = "/dev/null"'
    done; } >"$CURL_PAGES"
}
median() { python3 -c "import sys, statistics; print('%.3f' % statistics.median(map(float, sys.argv[1:])))" "$@"; }
spread() { python3 -c "import sys; v = list(map(float, sys.argv[1:])); print('%.3f-%.3f' % (min(v), max(v)))" "$@"; }
timed() {  # timed COMMAND… → seconds
  local t0 t1; t0=$(now); "$@" >/dev/null 2>&1; t1=$(now); elapsed "$t0" "$t1"
}

curl_loop() {
  local offset=0 total=1 n=0 body c
  while [ "$offset" -lt "$total" ]; do
    body=$(curl -s -H "X-Leeloo-AuthToken: $TOKEN" "$SANDBOX_URL/api/v2/people?limit=100&offset=$offset&$DATES")
    total=$(jq '.meta.totalCount' <<<"$body"); c=$(jq '.data | length' <<<"$body")
    n=$((n + c)); offset=$((offset + 100))
  done
  echo "$n"
}

py_loop() {
  python3 - "$SANDBOX_URL" "$TOKEN" <<'PY'
import sys, requests
url, token = sys.argv[1], sys.argv[2]
s = requests.Session(); s.headers["X-Leeloo-AuthToken"] = token
offset, total, n = 0, 1, 0
while offset < total:
    r = s.get(url + "/api/v2/people", params={"limit": 100, "offset": offset, "filter[last_message][from]": "1970-01-01",
                                              "filter[last_message][to]": "9999-12-31"}).json()
    total = r["meta"]["totalCount"]; n += len(r["data"]); offset += 100
print(n)
PY
}

row() {  # row NAME COUNT SECONDS
  printf '%-36s %8s %8s %9s %9s\n' "$1" "$2" "$3" "$(ratio "$3" "$floor_s")" "$(ratio "$3" "$crm_s")"
}

SUMMARY=()
for ms in $LATENCIES; do
  start_sandbox --people "$PEOPLE" --latency-ms "$ms"
  export CRM_LEELOO_URL=$SANDBOX_URL
  curl_pages
  floors=(); crms=(); cpus=()
  times=$(mktemp)
  for ((r = 0; r < ROUNDS; r++)); do
    floors+=("$(timed curl -s -K "$CURL_PAGES" --parallel --parallel-max 8)")
    t0=$(now); crm_count=$(/usr/bin/time -f '%U %S' -o "$times" "$CRM" -c 'people | count'); t1=$(now)
    crms+=("$(elapsed "$t0" "$t1")")
    cpus+=("$(python3 -c "import sys; u,s=open(sys.argv[1]).read().split()[-2:]; print('%.2f' % (float(u)+float(s)))" "$times")")
  done
  floor_s=$(median "${floors[@]}"); crm_s=$(median "${crms[@]}"); crm_cpu=$(median "${cpus[@]}")
  par2_s=$(timed curl -s -K "$CURL_PAGES" --parallel --parallel-max 2)
  seq_s=$(timed curl -s -K "$CURL_PAGES")
  t0=$(now); curl_count=$(curl_loop); t1=$(now); curl_s=$(elapsed "$t0" "$t1")
  hp=$(( (PAGES + HTTPIE_SHARE - 1) / HTTPIE_SHARE ))
  t0=$(now)
  for ((p = 0; p < hp; p++)); do
    http --ignore-stdin -b GET "$SANDBOX_URL/api/v2/people" limit==100 offset==$((p * 100)) \
      'filter[last_message][from]==1970-01-01' 'filter[last_message][to]==9999-12-31' \
      "X-Leeloo-AuthToken:$TOKEN" | jq '.data | length' >/dev/null
  done
  t1=$(now)
  httpie_s=$(python3 -c "import sys; print('%.3f' % ((float(sys.argv[2]) - float(sys.argv[1])) * $PAGES / $hp))" "$t0" "$t1")
  t0=$(now); py_count=$(py_loop); t1=$(now); py_s=$(elapsed "$t0" "$t1")
  stop_sandbox; rm -f "$times"

  echo
  printf '%-36s %8s %8s %9s %9s\n' "$PEOPLE people, $PAGES pages, $ms ms/page" "count" "seconds" "÷ floor" "÷ crm"
  row "curl --parallel-max 8 (the floor)" "-" "$floor_s"; echo "    (median of $ROUNDS, spread $(spread "${floors[@]}") s)"
  row "curl --parallel-max 2" "-" "$par2_s"
  row "curl one page at a time, no parsing" "-" "$seq_s"
  row "crm -c 'people | count'" "$crm_count" "$crm_s"; echo "    (median of $ROUNDS, spread $(spread "${crms[@]}") s; per round ÷ floor: $(for ((r = 0; r < ROUNDS; r++)); do printf '%s ' "$(ratio "${crms[$r]}" "${floors[$r]}")"; done))"
  row "curl + jq loop" "$curl_count" "$curl_s"
  row "HTTPie loop (1 page in $HTTPIE_SHARE, scaled)" "-" "$httpie_s"
  row "python requests loop" "$py_count" "$py_s"
  echo "crm CPU (median): ${crm_cpu} s ($(python3 -c "import sys; print('%.0f' % (100*float(sys.argv[1])/float(sys.argv[2])))" "$crm_cpu" "$crm_s") % of the wall)"
  SUMMARY+=("$ms ms/page: crm $(ratio "$crm_s" "$floor_s")x the floor (target <= 1.3), $(ratio "$curl_s" "$crm_s")x faster than curl+jq (target >= 15), $(ratio "$seq_s" "$crm_s")x faster than sequential curl, $(ratio "$py_s" "$crm_s")x faster than python requests")
done
rm -f "$CURL_PAGES"

# Peak RSS at two sizes (no latency).
declare -A RSS
for n in 10000 100000; do
  start_sandbox --people "$n"
  export CRM_LEELOO_URL=$SANDBOX_URL
  RSS[$n]=$(peak_rss_mb "$CRM" -c 'people | count')
  stop_sandbox
done
echo
for line in "${SUMMARY[@]}"; do echo "$line"; done
echo "crm peak RSS: ${RSS[10000]} MB at 10,000 people, ${RSS[100000]} MB at 100,000 (ratio $(ratio "${RSS[100000]}" "${RSS[10000]}"); target <= 40 MB, within 10 %)"
