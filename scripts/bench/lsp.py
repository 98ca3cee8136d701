#!/usr/bin/env python3
"""Drives `crm lsp` as an editor would and prints the figures issue 26 asks for.

- diagnostics: time from a full-text didChange of a 2,000-line script to its publishDiagnostics;
- completion: time of a flag completion request on that script;
- memory: resident size after 1,000 and after EDITS small edits (it should stay flat).
Usage: lsp.py CRM_BINARY [EDITS]
"""
import json, os, statistics, subprocess, sys, time

crm, edits = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10000
p = subprocess.Popen([crm, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
next_id = 0

def send(msg):
    body = json.dumps(msg).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    p.stdin.flush()

def receive():
    length = None
    while True:
        line = p.stdout.readline()
        if line in (b"\r\n", b""):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(p.stdout.read(length))

def request(method, params):
    global next_id
    next_id += 1
    send({"jsonrpc": "2.0", "id": next_id, "method": method, "params": params})
    while True:
        m = receive()
        if m.get("id") == next_id:
            return m

def change(uri, version, text):
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}})
    while True:
        m = receive()
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version:
            return m

def rss_kb():
    for line in open("/proc/%d/status" % p.pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

block = [
    'set tag = "vip"',
    'def greet(name) { echo "hi $name" }',
    'for p in people --tag $tag | first 3 { greet $p.name }',
    'people --tag $tag --limit 5 | where age > 30 | count',
    'set n = (people --tag $tag | count)',
    'if $n > 3 { echo "many" } else { echo "few" }',
    '# Жанна 😀 a comment',
    'templates | first 2',
]
lines = [block[i % len(block)].replace("greet", "greet%d" % (i // len(block))) for i in range(2000)]
text = "\n".join(lines) + "\n"
uri = "file:///tmp/bench.crm"
request("initialize", {"capabilities": {}})
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": {"textDocument": {"uri": uri, "languageId": "crm", "version": 1, "text": text}}})
receive()

diag = []
for v in range(2, 42):
    edited = text.replace("templates | first 2", "templates | first %d" % v, 1)
    t = time.perf_counter()
    change(uri, v, edited)
    diag.append((time.perf_counter() - t) * 1000)
comp = []
at = {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 19}}  # `people --tag $tag --|`
for _ in range(200):
    t = time.perf_counter()
    r = request("textDocument/completion", at)
    comp.append((time.perf_counter() - t) * 1000)
assert r["result"]["items"], r

small_uri = "file:///tmp/small.crm"
small = "\n".join(block) + "\n"
send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": {"textDocument": {"uri": small_uri, "languageId": "crm", "version": 1, "text": small}}})
receive()
rss = {}
for v in range(2, edits + 2):
    change(small_uri, v, small + "echo %d\n" % v)
    if v - 1 in (1000, edits):
        rss[v - 1] = rss_kb()
request("shutdown", None)
send({"jsonrpc": "2.0", "method": "exit"})
p.wait()

print("%-46s %10s %10s" % ("", "median ms", "p95 ms"))
q = lambda xs: sorted(xs)[int(len(xs) * 0.95) - 1]
print("%-46s %10.2f %10.2f" % ("diagnostics, 2,000-line script (target 30)", statistics.median(diag), q(diag)))
print("%-46s %10.2f %10.2f" % ("flag completion, same script (target 10)", statistics.median(comp), q(comp)))
for k in sorted(rss):
    print("resident memory after %6d edits: %8d kB" % (k, rss[k]))
print("exit status", p.returncode)
