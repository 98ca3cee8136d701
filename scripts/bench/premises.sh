#!/usr/bin/env bash
# Exactly-once when the read-back's premises break (issue 21): a SENDS-target template send and a
# CREATES-person order-create loop, under each premise the sandbox can break and each fault class,
# alone and with the bulk fault mix and noise. The truth is the sandbox's own record
# (`/_sandbox/stats` sends.byChannel, the order list), never crm's report. Per setting it prints:
#   targets, delivered (channels that got the message), reported sent (journal `done`), unknown,
#   duplicates (channels or buyers that got it twice), and sent-but-undelivered (`done` with no
#   delivery) — the last two must be 0 everywhere.
# SENDS=2000 CREATES=600 CONCURRENCY=16 (CRM_FLAGS adds crm launch options to one setting)
source "$(dirname "$0")/lib.sh"
if [ -n "${CRM_BIN:-}" ]; then CRM=$CRM_BIN; export CRM; else bench_build; fi
SENDS=${SENDS:-2000}
CREATES=${CREATES:-600}
CONCURRENCY=${CONCURRENCY:-16}
TPL=5e42be758d4fff000cafe6ef
TOKEN=sandbox-leeloo-token
MIX="--fault-5xx 0.1 --fault-429 0.05 --fault-reset 0.05 --noise 0.3"
HOME_DIR=$(mktemp -d); export XDG_CONFIG_HOME=$HOME_DIR XDG_STATE_HOME=$HOME_DIR
echo "machine: $(nproc) cores; crm: $CRM; $SENDS sends, $CREATES order creates, concurrency $CONCURRENCY"

fmt='%-48s %-6s %7s %9s %9s %7s %5s %9s %5s\n'
printf "$fmt" setting kind targets delivered reported unknown dups undeliv exit

# The journal of the newest run: "done unknown failed" counts and the done channel/person ids.
journal_states() {
  python3 - "$HOME_DIR/crm/runs" <<'PY'
import json, os, sys
d = sys.argv[1]
files = sorted(f for f in os.listdir(d) if f.endswith(".jsonl"))
states = {}
for line in open(os.path.join(d, files[-1])):
    try: v = json.loads(line)
    except Exception: continue
    if v.get("type") == "state": states[v["key"]] = v["state"]
done = [k for k, s in states.items() if s == "done"]
print(json.dumps({"done": done, "unknown": sum(s in ("unknown", "in-flight") for s in states.values()),
                  "failed": sum(s == "failed" for s in states.values())}))
PY
}

sends() {  # sends LABEL SANDBOX_FLAGS…
  local label=$1; shift
  start_sandbox --people "$SENDS" --vip-fraction 1.0 --seed 7 "$@"
  export CRM_LEELOO_URL=$SANDBOX_URL CRM_LEELOO_TOKEN=$TOKEN CRM_PROFILE_CLASS=demo
  local rc=0
  "$CRM" --concurrency "$CONCURRENCY" ${CRM_FLAGS:-} -c "for p in people --tag vip | send-template $TPL" >/dev/null 2>"$HOME_DIR/crm.err" || rc=$?
  local js; js=$(journal_states)
  curl -s "$SANDBOX_URL/_sandbox/stats" | python3 -c '
import json, sys
s = json.load(sys.stdin); j = json.loads(sys.argv[1])
by = s["sends"]["byChannel"]
done = [k.split("|")[0] for k in j["done"]]
undelivered = sum(1 for c in done if by.get(c, 0) != 1)
dups = sum(1 for n in by.values() if n > 1)
print("%-48s %-6s %7d %9d %9d %7d %5d %9d %5s" % (sys.argv[2], "send", int(sys.argv[3]), len(by), len(done), j["unknown"], dups, undelivered, sys.argv[4]))
' "$js" "$label" "$SENDS" "$rc"
  grep -E 'premise failed|A premise' "$HOME_DIR/crm.err" | head -1 | cut -c1-160 | sed 's/^/    /' || true
  kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true
  rm -rf "$HOME_DIR/crm/runs"
}

creates() {  # creates LABEL SANDBOX_FLAGS…
  local label=$1; shift
  start_sandbox --people "$CREATES" --seed 7 "$@"
  export CRM_LEELOO_URL=$SANDBOX_URL CRM_LEELOO_TOKEN=$TOKEN CRM_PROFILE_CLASS=demo
  local before; before=$("$CRM" -o json -c 'orders | select person_id' 2>/dev/null)
  local rc=0
  "$CRM" --concurrency "$CONCURRENCY" ${CRM_FLAGS:-} -c "for p in people | orders create --offer 5e1000000000000000000001 --payment-credits 5e1000000000000000000002 --person \$p.id" >/dev/null 2>"$HOME_DIR/crm.err" || rc=$?
  local after; after=$("$CRM" -o json -c 'orders | select person_id' 2>/dev/null)
  local js; js=$(journal_states)
  python3 -c '
import json, sys, collections
before = collections.Counter(o["person_id"] for o in json.loads(sys.argv[1]))
after = collections.Counter(o["person_id"] for o in json.loads(sys.argv[2]))
j = json.loads(sys.argv[3])
new = {p: after[p] - before[p] for p in after}
done = [k.split("/people/")[-1].split(" ")[0] if "/people/" in k else k for k in j["done"]]
made = sum(1 for n in new.values() if n >= 1)
dups = sum(1 for n in new.values() if n > 1)
print("%-48s %-6s %7d %9d %9d %7d %5d %9s %5s" % (sys.argv[4], "order", int(sys.argv[5]), made, len(j["done"]), j["unknown"], dups, "-", sys.argv[6]))
' "$before" "$after" "$js" "$label" "$CREATES" "$rc"
  grep -E 'premise failed|A premise' "$HOME_DIR/crm.err" | head -1 | cut -c1-160 | sed 's/^/    /' || true
  kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true
  rm -rf "$HOME_DIR/crm/runs"
}

both() {  # both LABEL FLAGS…: alone, then with the fault mix and noise
  local label=$1; shift
  sends "$label" "$@"
  # shellcheck disable=SC2086
  sends "$label + mix" "$@" $MIX
}

sends "mix only (5xx 10 %, 429 5 %, resets 5 %, noise 30 %)" $MIX
creates "mix only" --fault-5xx 0.1 --fault-429 0.05 --fault-reset 0.05
both "history lag 3 s" --history-lag 3000 --fault-5xx 0.1
both "history oldest first" --history-order oldest-first --fault-5xx 0.1
both "sends stored as YOUR_MESSAGE" --send-type YOUR_MESSAGE --fault-5xx 0.1
both "stored text HTML-escaped" --stored-text html --fault-5xx 0.1
both "server clock 60 s behind" --clock-skew -60 --fault-5xx 0.1
# A late answer comes 3 s after the write was applied; crm gives up on a request after 2 s.
CRM_FLAGS="--timeout 2" both "applied, then 502/503/504 or late (15 %)" --fault-after-write 0.15 --fault-after-write-delay 3000
sends "all premises broken + mix" --history-lag 3000 --history-order oldest-first --send-type YOUR_MESSAGE --fault-after-write 0.1 $MIX
creates "orders without updatedAt" --orders-without-updated-at --fault-5xx 0.15
CRM_FLAGS="--timeout 2" creates "orders: applied, then 502/503/504 or late (15 %)" --fault-after-write 0.15 --fault-after-write-delay 3000
creates "orders: clock 60 s behind + 5xx" --clock-skew -60 --fault-5xx 0.15
