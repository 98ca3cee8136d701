#!/usr/bin/env bash
# The design card's bulk send over 5,000 tagged people with the sandbox limited to 200 requests/s,
# against a sequential Python `requests` loop doing the same sends; then again with faults.
# Target: crm within 1.1× of the 25 s the limit allows (1.3× with faults), every send exactly once.
source "$(dirname "$0")/lib.sh"
bench_build
PEOPLE=${PEOPLE:-5000}
TPL=5e42be758d4fff000cafe6ef
TOKEN=sandbox-leeloo-token
HOME_DIR=$(mktemp -d); export XDG_CONFIG_HOME=$HOME_DIR XDG_STATE_HOME=$HOME_DIR
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }
stats() { curl -s "$SANDBOX_URL/_sandbox/stats" | python3 -c 'import json,sys; s=json.load(sys.stdin)["sends"]; print("%d sends, %d unique, %d duplicates" % (s["total"], s["unique"], s["duplicates"]))'; }
ideal=$(python3 -c "print('%.1f' % ($PEOPLE / 200))")

python_loop() {
  python3 - "$SANDBOX_URL" "$TOKEN" "$TPL" <<'PY'
import sys, time, requests
url, token, tpl = sys.argv[1:4]
s = requests.Session(); s.headers["X-Leeloo-AuthToken"] = token
def call(method, path, **kw):
    while True:
        try:
            r = s.request(method, url + path, **kw)
        except requests.ConnectionError:
            time.sleep(0.05); continue
        if r.status_code == 429:
            time.sleep(float(r.headers.get("Retry-After", "1"))); continue
        if r.status_code >= 500 and method == "GET":
            time.sleep(0.05); continue
        return r
offset, total, channels = 0, 1, []
while offset < total:
    page = call("GET", "/api/v2/people", params=[("limit", 100), ("offset", offset), ("filter[tags]", "vip"),
                ("filter[last_message][from]", "1970-01-01"), ("filter[last_message][to]", "9999-12-31")]).json()
    total = page["meta"]["totalCount"]; offset += 100
    channels += [p["accounts"][0]["account_id"] for p in page["data"] if p.get("accounts")]
failed = 0
for ch in channels:   # a naive loop: resends on any 5xx, so faults become duplicates
    while True:
        r = call("POST", "/api/v2/messages/send-template", json={"account_id": ch, "template_id": tpl})
        if r.status_code < 500: break
print(len(channels))
PY
}

run_round() {  # run_round LABEL SANDBOX_FLAGS…
  local label=$1; shift
  start_sandbox --people "$PEOPLE" --vip-fraction 1.0 --rate-limit 200 "$@"
  export CRM_LEELOO_URL=$SANDBOX_URL CRM_LEELOO_TOKEN=$TOKEN CRM_PROFILE_CLASS=demo
  local t0 t1
  t0=$(now); "$CRM" -c "for p in people --tag vip | send-template $TPL" >/dev/null 2>"$HOME_DIR/crm.err" || true; t1=$(now)
  local crm_s; crm_s=$(elapsed "$t0" "$t1"); local crm_stats; crm_stats=$(stats)
  curl -s -X POST "$SANDBOX_URL/_sandbox/reset" >/dev/null
  t0=$(now); python_loop >/dev/null; t1=$(now)
  local py_s; py_s=$(elapsed "$t0" "$t1"); local py_stats; py_stats=$(stats)
  printf '%-22s %-8s %8s s  %6sx ideal   %s\n' "$label" crm "$crm_s" "$(ratio "$crm_s" "$ideal")" "$crm_stats"
  printf '%-22s %-8s %8s s  %6sx ideal   %s\n' "$label" python "$py_s" "$(ratio "$py_s" "$ideal")" "$py_stats"
  echo "  crm summary: $(grep -E 'sent, ' "$HOME_DIR/crm.err" | tail -1)"
  kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true
}
echo "ideal at 200 requests/s for $PEOPLE sends: $ideal s"
run_round "no faults"
run_round "faults" --fault-5xx 0.1 --fault-429 0.05 --fault-reset 0.02
