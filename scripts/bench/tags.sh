#!/usr/bin/env bash
# Issue 12: an add-tag loop over 5,000 people with the sandbox limited to 200 requests/s, against
# a sequential Python `requests` loop doing the same writes on the same sandbox in the same run.
# The ideal is the requests needed (the writes, one tag list, the listing's pages of 100) ÷ the
# rate. Target: crm within 1.1× of it, with one tag-list request and the exact tag set.
source "$(dirname "$0")/lib.sh"
bench_build
PEOPLE=${PEOPLE:-5000}
RATE=200
TAG=partner
TOKEN=sandbox-leeloo-token
HOME_DIR=$(mktemp -d); export XDG_CONFIG_HOME=$HOME_DIR XDG_STATE_HOME=$HOME_DIR
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }
# add-tag writes, tag-list reads and people tagged $TAG, from the sandbox's own counters and data.
stats() {
  curl -s "$SANDBOX_URL/_sandbox/stats" | python3 -c '
import json, sys
r = json.load(sys.stdin)["requests"]["byRoute"]
print("%d add-tag, %d tag-list, %d requests in all" % (r.get("PUT /api/v2/people/{person_id}/add-tag", 0),
      r.get("GET /api/v2/tags", 0), sum(r.values())))'
}
needed=$(python3 -c "import math; print($PEOPLE + 1 + math.ceil($PEOPLE / 100))")
ideal=$(python3 -c "print('%.2f' % ($needed / $RATE))")

python_loop() {
  python3 - "$SANDBOX_URL" "$TOKEN" "$TAG" "$ROOT/scripts/bench" <<'PY'
import sys
sys.path.insert(0, sys.argv[4])
from peer import Peer
url, token, tag = sys.argv[1:4]
peer = Peer(url, token, resend_5xx=lambda method: True)   # tag writes are idempotent: a resend is safe
tag_id = next(t["id"] for t in peer.call("GET", "/api/v2/tags").json()["data"] if t["name"] == tag)
people = [p["id"] for p in peer.people()]
for pid in people:
    peer.call("PUT", "/api/v2/people/%s/add-tag" % pid, json={"tag_id": tag_id})
print(len(people))
PY
}

tagged() {  # people carrying $TAG, counted by crm itself
  "$CRM" -c "people --tag $TAG | count" 2>/dev/null | tr -d '[:space:]'
}

start_sandbox --people "$PEOPLE" --rate-limit "$RATE"
export CRM_LEELOO_URL=$SANDBOX_URL CRM_LEELOO_TOKEN=$TOKEN CRM_PROFILE_CLASS=demo
echo "nproc: $(nproc)   people: $PEOPLE   rate limit: $RATE requests/s"
echo "ideal: $needed requests ($PEOPLE add-tag + 1 tag list + $(( (PEOPLE + 99) / 100 )) pages) / $RATE = $ideal s"
t0=$(now); "$CRM" -c "for p in people | people add-tag \$p.id $TAG" >/dev/null 2>"$HOME_DIR/crm.err" || true; t1=$(now)
crm_s=$(elapsed "$t0" "$t1"); crm_stats=$(stats)
sleep 1   # let the rate-limit bucket refill between the two
crm_tagged=$(tagged)
curl -s -X POST "$SANDBOX_URL/_sandbox/reset" >/dev/null
t0=$(now); python_loop >/dev/null; t1=$(now)
py_s=$(elapsed "$t0" "$t1"); py_stats=$(stats)
sleep 1
py_tagged=$(tagged)
printf '%-7s %8s s  %5sx ideal  %s; %s tagged\n' crm "$crm_s" "$(ratio "$crm_s" "$ideal")" "$crm_stats" "$crm_tagged"
printf '%-7s %8s s  %5sx ideal  %s; %s tagged\n' python "$py_s" "$(ratio "$py_s" "$ideal")" "$py_stats" "$py_tagged"
echo "crm / python: $(ratio "$crm_s" "$py_s")"
echo "crm summary: $(grep -E 'sent, ' "$HOME_DIR/crm.err" | tail -1)"
