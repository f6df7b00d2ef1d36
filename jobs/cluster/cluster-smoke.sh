#!/usr/bin/env bash
# Smoke test of the job jar on a real Flink session cluster (what `flink run` does), bounded in time:
#   1. builds the project if the job jar is missing or older than a source or pom;
#   2. allocates the input on the embedded MiniCluster (./tracelot allocate), the expected result;
#   3. starts a standalone session cluster from Flink's jars on Maven Central (flink-session.sh),
#      submits the same allocation with Flink's CLI (allocate --cluster, parallelism 2), checks
#      that the cluster ran and finished the job, and stops the cluster (also on failure);
#   4. compares the two snapshots' manifests: every table's row count and the rejects per reason.
# Exits non-zero on any mismatch, failure or timeout.
#
#   jobs/cluster/cluster-smoke.sh [INPUT_DIR]        default datasets/sample
#   TRACELOT_SMOKE_TIMEOUT=600 (seconds, the whole run)   FLINK_REST_PORT etc.: see flink-session.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

# bound the whole run: timeout signals this script's process group (the client and cluster JVMs too)
if [ -z "${TRACELOT_SMOKE_BOUNDED:-}" ]; then
  export TRACELOT_SMOKE_BOUNDED=1
  limit="${TRACELOT_SMOKE_TIMEOUT:-600}"
  set +e
  timeout -k 30 "$limit" "$0" "$@"
  rc=$?
  set -e
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "cluster-smoke: FAILED: timed out after ${limit}s" >&2
  fi
  exit "$rc"
fi

session="$here/flink-session.sh"
input="$(cd "${1:-$root/datasets/sample}" && pwd)"
work="$root/jobs/target/cluster-smoke"
parallelism=2
say() { echo "cluster-smoke: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

cluster_started=""
cleanup() {
  local rc=$?
  if [ -n "$cluster_started" ]; then
    "$session" stop || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "terminated (timeout?)"; exit 124' TERM

t_all=$SECONDS
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -n1)"
jar="$root/jobs/target/tracelot-jobs-$version-flink.jar"

# 1. the job jar, built when missing or stale (package, never install)
t=$SECONDS
if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root"/{allocator,trace-index,datasets,jobs}/{pom.xml,src} -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  say "building the job jar (mvn -B -DskipTests package)"
  mkdir -p "$root/jobs/target"
  (cd "$root" && mvn -B -ntp -DskipTests package) >"$root/jobs/target/cluster-smoke-build.log" 2>&1 \
    || { tail -n 40 "$root/jobs/target/cluster-smoke-build.log" >&2; fail "the build failed"; }
fi
[ -f "$jar" ] || fail "no job jar at $jar after the build"
t_build=$((SECONDS - t))
say "job jar $jar ($(du -m "$jar" | cut -f1) MB)"

rm -rf "$work"
mkdir -p "$work"

# 2. the expected result: the same input on the embedded MiniCluster
t=$SECONDS
say "embedded run: ./tracelot allocate --input $input --parallelism $parallelism"
"$root/tracelot" allocate --input "$input" --snapshot "$work/embedded" --parallelism "$parallelism" \
  >"$work/embedded.out" 2>"$work/embedded.err" || { cat "$work/embedded.err" >&2; fail "the embedded run failed"; }
t_embedded=$((SECONDS - t))

# 3. the session cluster: start, submit, check the job on the REST API, stop
t=$SECONDS
cluster_started=yes
"$session" start
t_start=$((SECONDS - t))

t=$SECONDS
say "cluster run: flink run -c io.tracelot.jobs.cli.Tracelot $(basename "$jar") allocate --cluster --parallelism $parallelism"
"$session" submit allocate --cluster --input "$input" --snapshot "$work/cluster" --parallelism "$parallelism" \
  >"$work/cluster.out" 2>"$work/cluster.err" \
  || { cat "$work/cluster.out" "$work/cluster.err" >&2; fail "the cluster run failed (logs in jobs/target/flink-cluster/log)"; }
t_submit=$((SECONDS - t))
grep -E '^Job has been submitted with JobID|^Job Runtime' "$work/cluster.out" >&2 || true

jobs_json="$("$session" jobs)" || fail "cannot read the cluster's jobs overview"
"$session" stop
cluster_started=""

# 4. compare: the cluster's snapshot must hold what the embedded run produced
python3 - "$work/embedded/_manifest.json" "$work/cluster/_manifest.json" "$jobs_json" <<'PY'
import json, sys
from pathlib import Path

embedded_path, cluster_path, jobs_json = sys.argv[1], sys.argv[2], sys.argv[3]
problems = []
for p in (embedded_path, cluster_path):
    if not Path(p).is_file():
        print(f"cluster-smoke: FAILED: missing {p}", file=sys.stderr)
        sys.exit(1)
embedded = json.loads(Path(embedded_path).read_text())
cluster = json.loads(Path(cluster_path).read_text())

# the job ran on the session cluster, not on an embedded one, and finished
names = {j.get("name"): j.get("state") for j in json.loads(jobs_json).get("jobs", [])}
job = "tracelot allocate " + cluster["run_id"]
if names.get(job) != "FINISHED":
    problems.append(f"the cluster reports job '{job}' as {names.get(job)} (jobs: {names})")

print(f"  {'table':<12} {'embedded':>9} {'cluster':>9}", file=sys.stderr)
tables = sorted(set(embedded["tables"]) | set(cluster["tables"]))
for t in ("allocations", "stock", "backorders"):
    if t not in tables:
        problems.append(f"table {t} missing from the manifests")
for t in tables:
    a = embedded["tables"].get(t, {}).get("rows")
    b = cluster["tables"].get(t, {}).get("rows")
    mark = "" if a == b else "   <-- differs"
    print(f"  {t:<12} {str(a):>9} {str(b):>9}{mark}", file=sys.stderr)
    if a != b:
        problems.append(f"{t}: embedded {a} rows, cluster {b}")
if embedded.get("rejects_by_reason") != cluster.get("rejects_by_reason"):
    problems.append(f"rejects by reason differ: embedded {embedded.get('rejects_by_reason')}, cluster {cluster.get('rejects_by_reason')}")
if embedded.get("input_files") != cluster.get("input_files"):
    problems.append("the manifests name different input files")

for p in problems:
    print("cluster-smoke: FAILED: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

say "OK: the cluster run equals the embedded run (build ${t_build}s, embedded ${t_embedded}s, cluster start ${t_start}s, submit ${t_submit}s, total $((SECONDS - t_all))s)"
