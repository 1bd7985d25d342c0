#!/usr/bin/env bash
# Starts and stops the whole clustered topology of Together on loopback, with Debian's packages:
#
#   etcd (1 member)  ──  Patroni + PostgreSQL node1  ┐  streaming replication; one standby synchronous
#                    ──  Patroni + PostgreSQL node2  │  (the leader in etcd is the primary; after a failover
#                    ──  Patroni + PostgreSQL node3  ┘  the other standby becomes the synchronous one)
#   HAProxy  :DB   → whichever node's Patroni says /primary       (the app servers' DATABASE_URL)
#            :APP  → app1..appN (`together serve`), checked on /health  (the service's address)
#   pgBackRest: every WAL segment archived; `backup` takes a full backup; `restore-to` restores to a moment.
#
# Usage (TOGETHER_CLUSTER_DIR, default /tmp/together-cluster; TOGETHER_CLUSTER_PORT, default 54400;
# TOGETHER_CLUSTER_NODES, default 3 — with 2, a lost primary leaves no standby, and writes wait until one is back):
#   ops/cluster/cluster.sh start [--apps N] [--no-apps]   everything; prints the addresses (also in cluster.env)
#   ops/cluster/cluster.sh stop                           everything, and removes the directory
#   ops/cluster/cluster.sh status                         Patroni's view, the synchronous standby, each app server
#   ops/cluster/cluster.sh kill-node NAME                 SIGKILL a node's Patroni and PostgreSQL (a machine lost)
#   ops/cluster/cluster.sh start-node NAME                start a node's Patroni again (it rejoins as a standby)
#   ops/cluster/cluster.sh kill-app N | start-app N       SIGKILL / start one app server
#   ops/cluster/cluster.sh backup                         full pgBackRest backup of the current primary
#   ops/cluster/cluster.sh restore-to TIME DIR PORT       restore the latest backup into DIR, replay WAL up to TIME
#                                                         (PostgreSQL timestamp) and start it alone on PORT
#   ops/cluster/cluster.sh check                          exit 0 when every package needed is installed
#
# The packages: apt-get install haproxy patroni etcd-server pgbackrest postgresql. Run as root, PostgreSQL, Patroni,
# etcd and pgBackRest run as the postgres user (runuser); as another user, everything runs as that user.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
base="${TOGETHER_CLUSTER_DIR:-/tmp/together-cluster}"
port_base="${TOGETHER_CLUSTER_PORT:-54400}"
node_count="${TOGETHER_CLUSTER_NODES:-3}"
nodes=()
for i in $(seq 1 "$node_count"); do nodes+=("node$i"); done
ttl="${TOGETHER_CLUSTER_TTL:-10}"

etcd_port=$((port_base))
etcd_peer_port=$((port_base + 1))
db_port=$((port_base + 30))
app_port=$((port_base + 31))
stats_port=$((port_base + 32))
pg_port() { echo $((port_base + 10 + ${1#node} - 1)); }
rest_port() { echo $((port_base + 20 + ${1#node} - 1)); }
app_server_port() { echo $((port_base + 40 + $1)); }

say() { echo "cluster: $*" >&2; }
die() { say "$*"; exit 1; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

check() {
  local missing=()
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v patroni >/dev/null || missing+=(patroni)
  command -v etcd >/dev/null || missing+=(etcd-server)
  command -v pgbackrest >/dev/null || missing+=(pgbackrest)
  command -v curl >/dev/null || missing+=(curl)
  [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/postgres" ] || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then echo "missing: ${missing[*]}"; return 1; fi
}

# A background process whose pid goes in $base/run/NAME.pid and whose output goes in $base/log/NAME.log.
launch() {
  local name="$1"; shift
  nohup "$@" >>"$base/log/$name.log" 2>&1 </dev/null &
  echo $! >"$base/run/$name.pid"
}
pid_of() { cat "$base/run/$1.pid" 2>/dev/null || true; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
# Stops one launched process: TERM, then KILL after $2 seconds.
halt() {
  local name="$1" wait="${2:-10}" pid
  pid="$(pid_of "$name")"
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((wait * 10))); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$base/run/$name.pid"
}
# The runuser wrapper is the launched pid as root; Patroni is its child.
patroni_pid() {
  local pid; pid="$(pid_of "$1")"
  [ -n "$pid" ] || return 0
  if [ "$(id -u)" -eq 0 ]; then pgrep -P "$pid" | head -n 1; else echo "$pid"; fi
}
postmaster_pid() { head -n 1 "$base/$1/data/postmaster.pid" 2>/dev/null || true; }

rest() { curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$(rest_port "$1")$2" || true; }
leader() { local n; for n in "${nodes[@]}"; do [ "$(rest "$n" /primary)" = 200 ] && { echo "$n"; return 0; }; done; return 1; }
# For the `leader` command: during a failover there is none for a few seconds, and a busy Patroni answers slowly.
leader_patiently() {
  for _ in $(seq 1 "${1:-50}"); do leader && return 0; sleep 0.2; done
  say "no node answers as the primary"; return 1
}
sync_standby() { local n; for n in "${nodes[@]}"; do [ "$(rest "$n" /sync)" = 200 ] && { echo "$n"; return 0; }; done; return 1; }
is_replica() { [ "$(rest "$1" /replica)" = 200 ]; }
wait_for() {
  local what="$1" seconds="$2"; shift 2
  for _ in $(seq 1 $((seconds * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  die "$what did not happen within ${seconds}s (logs in $base/log)"
}

fill() {
  # fill TEMPLATE OUT KEY=VALUE...: replaces @KEY@ with VALUE.
  local template="$1" out="$2"; shift 2
  local args=() kv
  for kv in "$@"; do args+=(-e "s|@${kv%%=*}@|${kv#*=}|g"); done
  sed "${args[@]}" "$template" >"$out"
}

secret() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

write_config() {
  local apps="$1" su_pw repl_pw n servers="" app_servers="" i
  su_pw="$(secret)"; repl_pw="$(secret)"
  for n in "${nodes[@]}"; do
    mkdir -p "$base/$n"
    fill "$here/patroni.yml.in" "$base/$n.yml" NAME="$n" REST_PORT="$(rest_port "$n")" PG_PORT="$(pg_port "$n")" ETCD_PORT="$etcd_port" \
      BASE="$base" PG_BIN="$(pg_bin)" SUPERUSER_PASSWORD="$su_pw" REPLICATION_PASSWORD="$repl_pw" TTL="$ttl"
    chmod 600 "$base/$n.yml"
    servers+="  server $n 127.0.0.1:$(pg_port "$n") maxconn 200 check port $(rest_port "$n")"$'\n'
  done
  for i in $(seq 1 "$apps"); do app_servers+="  server app$i 127.0.0.1:$(app_server_port "$i") check"$'\n'; done
  fill "$here/haproxy.cfg.in" "$base/haproxy.cfg.tmp" DB_PORT="$db_port" APP_PORT="$app_port" STATS_PORT="$stats_port"
  awk -v pg="$servers" -v app="$app_servers" '{ if ($0 == "@PG_SERVERS@") printf "%s", pg; else if ($0 == "@APP_SERVERS@") printf "%s", app; else print }' \
    "$base/haproxy.cfg.tmp" >"$base/haproxy.cfg"
  rm "$base/haproxy.cfg.tmp"
  fill "$here/pgbackrest.conf.in" "$base/pgbackrest.conf" BASE="$base"
  mkdir -p "$base/backrest/repo" "$base/backrest/lock"
  cat >"$base/cluster.env" <<EOF
TOGETHER_CLUSTER_DIR=$base
DATABASE_URL=postgres://postgres:$su_pw@127.0.0.1:$db_port/together
ADMIN_DATABASE_URL=postgres://postgres:$su_pw@127.0.0.1:$db_port/postgres
SERVICE_URL=http://127.0.0.1:$app_port
APP_SERVERS=$apps
APP_PORT_1=$(app_server_port 1)
HAPROXY_STATS_URL=http://127.0.0.1:$stats_port/
PGPASSWORD=$su_pw
EOF
  for n in "${nodes[@]}"; do echo "NODE_${n}_PG_PORT=$(pg_port "$n")"; echo "NODE_${n}_REST_PORT=$(rest_port "$n")"; done >>"$base/cluster.env"
  chmod 600 "$base/cluster.env"
}

env_value() { sed -n "s/^$1=//p" "$base/cluster.env"; }

start_node() {
  local n="$1"
  alive "$(pid_of "$n")" && { say "$n is already running"; return 0; }
  if [ "$(id -u)" -eq 0 ]; then launch "$n" runuser -u postgres -- patroni "$base/$n.yml"; else launch "$n" patroni "$base/$n.yml"; fi
}

start_app() {
  local i="$1"
  alive "$(pid_of "app$i")" && { say "app$i is already running"; return 0; }
  mkdir -p "$base/app$i"
  launch "app$i" env PORT="$(app_server_port "$i")" HOST=127.0.0.1 DATABASE_URL="$(env_value DATABASE_URL)" TOGETHER_DATA_DIR="$base/app$i" \
    PUBLIC_URL="${PUBLIC_URL:-$(env_value SERVICE_URL)}" TOGETHER_LOG_LEVEL="${TOGETHER_LOG_LEVEL:-warn}" TOGETHER_DEMO_MODE="${TOGETHER_DEMO_MODE:-on}" \
    node "$root/bin/together" serve
}

app_healthy() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$(app_server_port "$1")/health")" = 200 ]; }
# Through HAProxy: an app server answering on its own port is not yet in service until HAProxy's checks pass.
service_healthy() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$app_port/health")" = 200 ]; }

together_cli() { env DATABASE_URL="$(env_value DATABASE_URL)" TOGETHER_DATA_DIR="$base/cli" TOGETHER_LOG_LEVEL=warn node "$root/bin/together" "$@"; }

cmd_start() {
  local apps=2
  while [ $# -gt 0 ]; do
    case "$1" in
      --apps) apps="$2"; shift 2 ;;
      --no-apps) apps=0; shift ;;
      *) die "unknown option $1" ;;
    esac
  done
  check >/dev/null || die "$(check) — apt-get install haproxy patroni etcd-server pgbackrest postgresql"
  [ -e "$base/run" ] && die "$base is in use: stop it first (ops/cluster/cluster.sh stop)"
  local started=$SECONDS
  mkdir -p "$base/run" "$base/log" "$base/etcd"
  chmod 700 "$base"
  write_config "$apps"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$base"
  # etcd and the nodes as postgres; the run/ and log/ files must be writable by the wrapper (root) too, which they are.
  launch etcd "$(command -v etcd)" --name together-etcd --data-dir "$base/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "together-etcd=http://127.0.0.1:$etcd_peer_port" --initial-cluster-state new \
    --heartbeat-interval 100 --election-timeout 1000
  wait_for "etcd answering" 20 curl -sf --max-time 1 "http://127.0.0.1:$etcd_port/health"
  start_node node1
  wait_for "node1 bootstrapping as primary" 60 leader
  say "etcd and the primary up after $((SECONDS - started))s"
  local n
  for n in "${nodes[@]:1}"; do start_node "$n"; done
  wait_for "a standby replicating synchronously" 90 sync_standby
  for n in "${nodes[@]:1}"; do wait_for "$n streaming" 90 is_replica "$n"; done
  say "standbys streaming after $((SECONDS - started))s"
  launch haproxy haproxy -f "$base/haproxy.cfg" -db
  wait_for "HAProxy reaching the primary" 20 as_pg env PGPASSWORD="$(env_value PGPASSWORD)" "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$db_port" -U postgres
  as_pg env PGPASSWORD="$(env_value PGPASSWORD)" "$(pg_bin)/psql" -qAt -h 127.0.0.1 -p "$db_port" -U postgres -d postgres \
    -c "SELECT 1 FROM pg_database WHERE datname = 'together'" | grep -q 1 ||
    as_pg env PGPASSWORD="$(env_value PGPASSWORD)" "$(pg_bin)/psql" -q -h 127.0.0.1 -p "$db_port" -U postgres -d postgres -c 'CREATE DATABASE together'
  # The stanza must exist before the primary can archive its WAL (until then archive_command fails and retries).
  backrest stanza-create >/dev/null
  # Migrates, then seeds the demo area (an empty database only); the app servers find the schema up to date.
  together_cli seed --demo >/dev/null
  say "database migrated and seeded after $((SECONDS - started))s"
  local i
  for i in $(seq 1 "$apps"); do start_app "$i"; done
  for i in $(seq 1 "$apps"); do wait_for "app$i serving" 60 app_healthy "$i"; done
  wait_for "HAProxy serving the app" 30 service_healthy
  say "started in $((SECONDS - started))s: primary $(leader), synchronous standby $(sync_standby); service $(env_value SERVICE_URL); settings in $base/cluster.env"
}

# pgBackRest against the current primary (or the node named in $BACKREST_NODE).
backrest() {
  local n="${BACKREST_NODE:-$(leader)}"
  as_pg pgbackrest --config="$base/pgbackrest.conf" --stanza=together --pg1-path="$base/$n/data" --pg1-port="$(pg_port "$n")" \
    --pg1-socket-path="$base/$n" "$@"
}

db_query() { as_pg env PGPASSWORD="$(env_value PGPASSWORD)" "$(pg_bin)/psql" -qAt -h 127.0.0.1 -p "$db_port" -U postgres -d postgres -c "$1"; }

cmd_stop() {
  [ -d "$base" ] || { say "nothing running in $base"; return 0; }
  local f n pm
  # Everything is asked to stop at once (a clean stop: the app servers finish their requests, Patroni shuts its
  # PostgreSQL down with a checkpoint); whatever is still running after the grace period is killed.
  for f in "$base"/run/app*.pid "$base"/run/haproxy.pid; do [ -e "$f" ] && halt "$(basename "$f" .pid)" 12 & done
  wait
  for n in "${nodes[@]}"; do halt "$n" 20 & done
  wait
  for n in "${nodes[@]}"; do
    pm="$(postmaster_pid "$n")"
    alive "$pm" && kill -KILL "$pm" $(pgrep -P "$pm" || true) 2>/dev/null || true
  done
  halt etcd 5
  rm -rf "$base"
  say "stopped"
}

cmd_status() {
  as_pg patronictl -c "$base/node1.yml" list || true
  local i apps; apps="$(env_value APP_SERVERS)"
  for i in $(seq 1 "$apps"); do
    if app_healthy "$i"; then echo "app$i: serving on $(app_server_port "$i")"; else echo "app$i: NOT serving"; fi
  done
}

cmd_kill_node() {
  local n="$1" p pm
  p="$(patroni_pid "$n")"; pm="$(postmaster_pid "$n")"
  # The machine is gone: Patroni, the postmaster and every backend at once.
  local victims=()
  [ -n "$p" ] && victims+=("$p")
  if [ -n "$pm" ]; then victims+=("$pm"); victims+=($(pgrep -P "$pm" || true)); fi
  [ ${#victims[@]} -gt 0 ] && kill -KILL "${victims[@]}" 2>/dev/null || true
  local w; w="$(pid_of "$n")"; alive "$w" && kill -KILL "$w" 2>/dev/null || true
  rm -f "$base/run/$n.pid"
  say "killed $n (patroni ${p:-none}, postmaster ${pm:-none})"
}

cmd_restore_to() {
  local target="$1" dir="$2" port="$3"
  # WAL up to now must be in the repository: close the current segment on the primary and wait until it is archived.
  if leader >/dev/null 2>&1; then
    local segment archived=""
    segment="$(db_query "SELECT pg_walfile_name(pg_switch_wal())")"
    for _ in $(seq 1 150); do
      archived="$(db_query "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver")"
      [ -n "$archived" ] && [[ ! "$archived" < "$segment" ]] && break
      sleep 0.2
    done
    [[ ! "$archived" < "$segment" ]] || die "WAL segment $segment was not archived within 30s (see $base/log)"
  fi
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  chmod 700 "$dir"
  as_pg pgbackrest --config="$base/pgbackrest.conf" --stanza=together --pg1-path="$dir" restore \
    --type=time --target="$target" --target-action=promote --archive-mode=off >/dev/null
  # A restored copy is a separate server: no archiving into the cluster's repository, no replication settings.
  as_pg "$(pg_bin)/pg_ctl" -D "$dir" -l "$dir/restore.log" -w -t 120 \
    -o "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c archive_mode=off -c synchronous_standby_names= -c hot_standby=on" start >/dev/null
  # Wait for recovery to reach the target and promote.
  for _ in $(seq 1 300); do
    as_pg "$(pg_bin)/pg_ctl" -D "$dir" status >/dev/null 2>&1 || die "the restored server stopped during recovery: $(grep -E 'FATAL|PANIC' "$dir/restore.log" | tail -n 1)"
    [ "$(as_pg "$(pg_bin)/psql" -qAt -h "$dir" -p "$port" -U postgres -d postgres -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ] && { say "restored to $target on port $port"; return 0; }
    sleep 0.2
  done
  die "the restored server did not finish recovery (see $dir/restore.log)"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  kill-node) cmd_kill_node "$2" ;;
  start-node) start_node "$2" ;;
  kill-app) p="$(pid_of "app$2")"; alive "$p" && kill -KILL "$p"; rm -f "$base/run/app$2.pid" ;;
  start-app) start_app "$2"; wait_for "app$2 serving" 60 app_healthy "$2" ;;
  backup) backrest backup --type=full ;;
  restore-to) cmd_restore_to "$2" "$3" "$4" ;;
  leader) leader_patiently ;;
  sync-standby) sync_standby ;;
  check) check ;;
  *) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
