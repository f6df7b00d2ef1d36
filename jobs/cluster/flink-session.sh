#!/usr/bin/env bash
# A standalone Flink session cluster on this machine, from Flink's jars on Maven Central:
# a JobManager and a TaskManager as two separate JVMs, and Flink's CLI to submit the job jar.
#
#   jobs/cluster/flink-session.sh start                  resolve the jars, write the config, start, wait for free slots
#   jobs/cluster/flink-session.sh submit ARGS...         flink run -c io.tracelot.jobs.cli.Tracelot <job jar> ARGS...
#   jobs/cluster/flink-session.sh status                 the REST overview (JSON)
#   jobs/cluster/flink-session.sh jobs                   the jobs overview (JSON)
#   jobs/cluster/flink-session.sh stop                   stop both JVMs (only those this script started)
#
# Everything lives under jobs/target/flink-cluster/ (lib/, conf/, log/, tmp/, pids). Settings:
#   FLINK_REST_PORT (18081), FLINK_RPC_PORT (16123), FLINK_SLOTS (2),
#   FLINK_JM_MEMORY (1024m), FLINK_TM_MEMORY (2048m), FLINK_START_TIMEOUT seconds (180),
#   FLINK_JOB_JAR (jobs/target/tracelot-jobs-<version>-flink.jar).
# Flink's binary distribution (flink-dist) is not on Maven Central, so the cluster runs from the
# individual jars (jobs/cluster/pom.xml) and this script does what bin/jobmanager.sh,
# bin/taskmanager.sh and bin/flink do: derive the JVM memory options with Flink's BashJavaUtils,
# add env.java.opts.all, and start the entrypoint classes with --configDir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
base="$root/jobs/target/flink-cluster"
lib="$base/lib"
conf="$base/conf"
logs="$base/log"
tmp="$base/tmp"

rest_port="${FLINK_REST_PORT:-18081}"
rpc_port="${FLINK_RPC_PORT:-16123}"
slots="${FLINK_SLOTS:-2}"
jm_memory="${FLINK_JM_MEMORY:-1024m}"
tm_memory="${FLINK_TM_MEMORY:-2048m}"
start_timeout="${FLINK_START_TIMEOUT:-180}"
flags_file="$root/jobs/target/classes/tracelot-jvm.flags"

say() { echo "flink-session: $*" >&2; }
die() { say "$*"; exit 1; }

project_version() {
  sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -n1
}

job_jar() {
  echo "${FLINK_JOB_JAR:-$root/jobs/target/tracelot-jobs-$(project_version)-flink.jar}"
}

# The Java 17 flags Chronicle Map needs (parent pom property tracelot.jvm.flags, written by the
# jobs build): every JVM of the cluster and the client gets them, as env.java.opts.all would.
jvm_flags() {
  [ -f "$flags_file" ] || die "missing $flags_file: build first (mvn -B -DskipTests package)"
  cat "$flags_file"
}

resolve_lib() {
  if [ -f "$lib/.resolved" ] && [ "$lib/.resolved" -nt "$here/pom.xml" ] && [ "$lib/.resolved" -nt "$root/pom.xml" ]; then
    return
  fi
  say "resolving Flink's jars from Maven into $lib"
  rm -rf "$lib"
  mkdir -p "$base"
  if ! (cd "$root" && mvn -B -ntp -f jobs/cluster/pom.xml dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$lib") >"$base/resolve.log" 2>&1; then
    tail -n 30 "$base/resolve.log" >&2
    die "could not resolve Flink's jars (full log: $base/resolve.log)"
  fi
  touch "$lib/.resolved"
}

write_config() {
  mkdir -p "$conf" "$logs" "$tmp"
  local flags
  flags="$(jvm_flags)"
  # Flink 2.x reads config.yaml (flink-conf.yaml is the legacy name and no longer read)
  cat > "$conf/config.yaml" <<EOF
# written by jobs/cluster/flink-session.sh
jobmanager:
  rpc:
    address: localhost
    port: $rpc_port
  bind-host: localhost
  memory:
    process:
      size: $jm_memory
taskmanager:
  host: localhost
  bind-host: localhost
  numberOfTaskSlots: $slots
  memory:
    process:
      size: $tm_memory
    # BATCH runs shuffle through sort-based blocking partitions: each needs its own buffers
    network:
      fraction: 0.2
  network:
    sort-shuffle:
      min-buffers: 128
rest:
  address: localhost
  bind-address: localhost
  port: $rest_port
parallelism:
  default: $slots
io:
  tmp:
    dirs: $tmp
# a 2-core machine under load (CI) can be slow to answer: generous timeouts
heartbeat:
  timeout: 300000
pekko:
  ask:
    timeout: 300s
# the Java 17 flags Chronicle Map needs, for every Flink JVM (jobmanager, taskmanager, client)
env:
  java:
    opts:
      all: "$flags"
EOF
  cat > "$conf/log4j.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.pekko.name = org.apache.pekko
logger.pekko.level = WARN
logger.netty.name = org.apache.flink.shaded.netty4
logger.netty.level = WARN
EOF
  cp "$conf/log4j.properties" "$conf/log4j-cli.properties"
}

# BashJavaUtils prints the JVM memory options and the dynamic configuration derived from
# config.yaml, exactly as bin/config.sh uses them; two result lines.
resource_params() { # GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS
  java -cp "$lib/*" -Dlog4j.configurationFile="file:$conf/log4j-cli.properties" -Dlog.file="$logs/bash-java-utils.log" \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf" 2>>"$logs/bash-java-utils.log" \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_jvm() { # name main-class resource-command
  local name="$1" main="$2" params jvm dynamic
  params="$(resource_params "$3")"
  [ "$(printf '%s\n' "$params" | wc -l)" -ge 2 ] || die "BashJavaUtils $3 failed, see $logs/bash-java-utils.log"
  jvm="$(printf '%s\n' "$params" | head -n1)"
  dynamic="$(printf '%s\n' "$params" | tail -n1)"
  local log="$logs/flink-$name.log"
  # shellcheck disable=SC2086  # word splitting of the option strings is intended
  nohup java $jvm $(jvm_flags) -Dlog.file="$log" -Dlog4j.configurationFile="file:$conf/log4j.properties" \
    -cp "$lib/*" "$main" --configDir "$conf" $dynamic >"$logs/flink-$name.out" 2>&1 </dev/null &
  echo $! > "$base/$name.pid"
  say "$name started (pid $!, log $log)"
}

rest_get() { # path: the JSON of a REST endpoint (curl, or Python's standard library without it)
  if command -v curl >/dev/null; then
    curl -fsS --max-time 10 "http://localhost:$rest_port$1" 2>/dev/null
  else
    python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' \
      "http://localhost:$rest_port$1" 2>/dev/null
  fi
}

overview() { rest_get /overview; }

json_number() { # key json
  printf '%s' "$2" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"
}

start() {
  if pid_alive "$base/jobmanager.pid" || pid_alive "$base/taskmanager.pid"; then
    die "a session cluster is already running (pids in $base); stop it first"
  fi
  port_taken "$rest_port" && die "port $rest_port is taken: set FLINK_REST_PORT"
  port_taken "$rpc_port" && die "port $rpc_port is taken: set FLINK_RPC_PORT"
  resolve_lib
  write_config
  local t0=$SECONDS
  start_jvm jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS
  start_jvm taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS
  local json="" tms slots_free
  while :; do
    for name in jobmanager taskmanager; do
      pid_alive "$base/$name.pid" || { tail -n 40 "$logs/flink-$name.out" "$logs/flink-$name.log" >&2 2>/dev/null || true; stop; die "the $name exited during start-up"; }
    done
    json="$(overview || true)"
    tms="$(json_number taskmanagers "$json")"
    slots_free="$(json_number slots-available "$json")"
    if [ "${tms:-0}" -ge 1 ] && [ "${slots_free:-0}" -ge 1 ]; then
      break
    fi
    if [ $((SECONDS - t0)) -ge "$start_timeout" ]; then
      tail -n 40 "$logs/flink-jobmanager.log" "$logs/flink-taskmanager.log" >&2 2>/dev/null || true
      stop
      die "no TaskManager with free slots after ${start_timeout}s"
    fi
    sleep 1
  done
  say "session cluster up in $((SECONDS - t0))s: REST http://localhost:$rest_port, $tms TaskManager(s), $slots_free free slot(s)"
}

stop() {
  local name pid
  for name in taskmanager jobmanager; do
    [ -f "$base/$name.pid" ] || continue
    pid="$(cat "$base/$name.pid")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      if kill -0 "$pid" 2>/dev/null; then
        say "$name (pid $pid) did not stop in 15s: killing it"
        kill -9 "$pid" 2>/dev/null || true
      fi
      say "$name (pid $pid) stopped"
    fi
    rm -f "$base/$name.pid"
  done
}

submit() {
  local jar
  jar="$(job_jar)"
  [ -f "$jar" ] || die "missing job jar $jar: build it (mvn -B -DskipTests package)"
  [ -f "$conf/config.yaml" ] || die "no cluster config in $conf: start the cluster first"
  # what bin/flink does: the client JVM with env.java.opts.all and the CLI's log configuration
  # shellcheck disable=SC2046
  FLINK_CONF_DIR="$conf" FLINK_LIB_DIR="$lib" java -Xmx1g $(jvm_flags) \
    -Dlog.file="$logs/flink-client.log" -Dlog4j.configurationFile="file:$conf/log4j-cli.properties" \
    -cp "$lib/*" org.apache.flink.client.cli.CliFrontend run -c io.tracelot.jobs.cli.Tracelot "$jar" "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  submit) shift; submit "$@" ;;
  status) overview && echo || die "no cluster answers on http://localhost:$rest_port" ;;
  jobs) rest_get /jobs/overview && echo || die "no cluster answers on http://localhost:$rest_port" ;;
  *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
