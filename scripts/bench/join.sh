#!/usr/bin/env bash
# join-on: 20,000 flat leads against 100,000 people on the phone (normalised), in crm and in a
# Python dict join over the same JSON. Prints wall time and peak RSS of each, and their ratios.
# The data is generated once (seeded) as JSON files; crm reads them with `open`, Python with
# json.load, so both times include loading: the "load only" row shows how much that is for crm.
source "$(dirname "$0")/lib.sh"
[ -n "${CRM:-}" ] || bench_build  # CRM=path uses a given binary
LEADS=${LEADS:-20000}
PEOPLE=${PEOPLE:-100000}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

python3 - "$DIR" "$LEADS" "$PEOPLE" <<'PY'
import json, random, sys
d, nl, np = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = random.Random(42)
people = [{"id": str(i), "name": "P%d" % i, "phone": "+380%09d" % (500000000 + r.randrange(499999999)),
           "email": "p%d@example.com" % i} for i in range(np)]
def styled(phone, k):
    n = phone[-9:]
    return ["+380 %s %s-%s-%s" % (n[:2], n[2:5], n[5:7], n[7:]), "380" + n, "0" + n,
            "0%s %s %s %s" % (n[:2], n[2:5], n[5:7], n[7:])][k % 4]
leads = []
for i in range(nl):
    if i % 3 == 0:
        phone = styled(people[(i * 37) % np]["phone"], i // 3)
    else:
        phone = "+44 20 7946 %04d" % (i % 10000)
    leads.append({"id": "L%d" % i, "funnel": "leadForm", "group": "Website", "firstName": "F%d" % i, "Phone": phone})
json.dump(people, open(d + "/people.json", "w"))
json.dump(leads, open(d + "/leads.json", "w"))
PY

cat >"$DIR/join.crm" <<'CRM'
set people = (open people.json)
open leads.json | join-on $people --left Phone --right phone --normalize phone | count
CRM
cat >"$DIR/load.crm" <<'CRM'
set people = (open people.json)
open leads.json | count
CRM
cat >"$DIR/join.py" <<'PY'
import json, re, sys
d = sys.argv[1]
people = json.load(open(d + "/people.json"))
leads = json.load(open(d + "/leads.json"))
def key(s):
    digits = re.sub(r"[^0-9]", "", s or "")
    return digits[-9:] if len(digits) >= 7 else None
index = {}
for p in people:
    k = key(p.get("phone"))
    if k is not None and k not in index:
        index[k] = p
out = [dict(l, match=index[k]) for l in leads if (k := key(l.get("Phone"))) is not None and k in index]
print(len(out))
PY

run() {  # run LABEL COMMAND… → "label matches seconds rssMB"
  local label=$1; shift
  local t0 t1 out rss
  t0=$(date +%s.%N)
  out=$(cd "$DIR" && /usr/bin/time -f '%M' -o "$DIR/rss" "$@")
  t1=$(date +%s.%N)
  rss=$(python3 -c 'import sys; print("%.1f" % (int(open(sys.argv[1]).read().split()[-1])/1024))' "$DIR/rss")
  printf '%-40s %8s %8s %8s\n' "$label" "$out" "$(python3 -c "print('%.3f' % ($t1 - $t0))")" "$rss"
}

printf '%-40s %8s %8s %8s\n' "join $LEADS leads x $PEOPLE people" "matches" "seconds" "RSS MB"
run "crm: load only (open both files)" "$CRM" load.crm
run "crm: load + join-on --normalize phone" "$CRM" join.crm
run "python3: json.load + dict join" python3 join.py "$DIR"
