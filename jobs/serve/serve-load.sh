#!/usr/bin/env bash
# Load test of `tracelot serve` as a separate process, bounded in time (README "Serving under load"):
#   1. builds the project if needed (through ./tracelot);
#   2. generates an input and allocates it (./tracelot allocate: a published snapshot with its index);
#   3. starts ./tracelot serve on a free loopback port;
#   4. runs ./tracelot loadtest against it: a warm-up, one client, every client without pause, then
#      200 clients with think time for 60 s while two new snapshot versions are published;
#   5. stops the server with SIGTERM and checks that it stopped cleanly and logged no error.
# Exits non-zero when the load test fails (any failed request, a switch never answered from, p99
# under load over 2 x the single client's, the last only if a second run fails it too: the machine
# may be shared), when the server dies or logs an error, or on timeout. Reports, one CSV line per
# request and the logs stay in jobs/target/serve-load/.
#
#   jobs/serve/serve-load.sh [LOADTEST OPTIONS]     e.g. --duration 20s --clients 50 (see ./tracelot loadtest --help)
#   TRACELOT_LOAD_TIMEOUT=600   seconds for the whole run
#   TRACELOT_LOAD_UNITS=1000000 units of the generated input (75k rows)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

# bound the whole run: timeout signals this script's process group (the server and load JVMs too)
if [ -z "${TRACELOT_LOAD_BOUNDED:-}" ]; then
  export TRACELOT_LOAD_BOUNDED=1
  limit="${TRACELOT_LOAD_TIMEOUT:-600}"
  set +e
  timeout -k 30 "$limit" "$0" "$@"
  rc=$?
  set -e
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "serve-load: FAILED: timed out after ${limit}s" >&2
  fi
  exit "$rc"
fi

work="$root/jobs/target/serve-load"
units="${TRACELOT_LOAD_UNITS:-1000000}"
say() { echo "serve-load: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

server_pid=""
cleanup() {
  local rc=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "terminated (timeout?)"; exit 124' TERM

t_all=$SECONDS
rm -rf "$work"
mkdir -p "$work"

# 1-2. the snapshot (./tracelot builds first when sources are newer than the last build)
t=$SECONDS
"$root/tracelot" generate --out "$work/input" --units "$units" --seed 5 >"$work/generate.out" 2>&1 \
  || { cat "$work/generate.out" >&2; fail "generate failed"; }
"$root/tracelot" allocate --input "$work/input" --snapshot "$work/snapshot" >"$work/allocate.out" 2>"$work/allocate.err" \
  || { cat "$work/allocate.err" >&2; fail "allocate failed"; }
say "snapshot of $units units allocated and indexed in $((SECONDS - t))s: $(readlink "$work/snapshot")"

# 3. the server, on a free port of 127.0.0.1 (its default bind address)
"$root/tracelot" serve "$work/snapshot" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
url=""
for _ in $(seq 1 240); do
  url="$(sed -n 's|^serving .* on \(http://127\.0\.0\.1:[0-9]*/\) .*|\1|p' "$work/serve.out")"
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; fail "the server exited before listening"; }
  sleep 0.5
done
[ -n "$url" ] || { cat "$work/serve.out" "$work/serve.err" >&2; fail "the server did not listen within 120 s"; }
say "server $server_pid on $url"

# 4. the load test (exit 1 when it fails; its report stays in $work). The machine may be shared:
#    when the only failure is the p99 ratio (no failed request, every switch seen), it runs once more
#    and that second run decides; both reports are kept.
only_p99_failed() {
  python3 - "$1" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))["failures"]
sys.exit(0 if f and all(x.startswith("p99 under load") for x in f) else 1)
PY
}
attempt=1
while :; do
  set +e
  "$root/tracelot" loadtest "$work/snapshot" --url "$url" --report "$work/report-$attempt.json" \
    --requests "$work/requests-$attempt.csv" "$@" 2>"$work/loadtest-$attempt.err"
  rc=$?
  set -e
  cp "$work/report-$attempt.json" "$work/report.json" 2>/dev/null || true
  [ "$rc" -eq 0 ] && break
  tail -n 20 "$work/loadtest-$attempt.err" >&2
  if [ "$rc" -eq 1 ] && [ "$attempt" -eq 1 ] && only_p99_failed "$work/report-1.json"; then
    say "only the p99 ratio failed (load average $(cut -d' ' -f1-3 /proc/loadavg)): running the load test once more"
    attempt=2
    continue
  fi
  break
done

# 5. the server stops cleanly on SIGTERM and logged neither an error nor a warning
kill -0 "$server_pid" 2>/dev/null || fail "the server died during the load test (see $work/serve.err)"
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=""
grep -q "tracelot serve: stopping" "$work/serve.err" || fail "the server did not stop on SIGTERM (see $work/serve.err)"
if grep -nE "WARNING|ERROR|Exception" "$work/serve.err" >&2; then
  fail "the server logged the problems above (all of $work/serve.err)"
fi
[ "$rc" -eq 0 ] || fail "the load test failed (report: $work/report.json)"
say "OK in $((SECONDS - t_all))s (report: $work/report.json)"
