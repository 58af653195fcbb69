#!/usr/bin/env bash
# Start the system with two directory providers and two web workers, with
# demo data: slapd providers on 127.0.0.1:3389 and :3390 (multi-provider
# replication), Redis on a private socket under var/, and gunicorn on
# 127.0.0.1:8000 with two workers sharing rate limits and sessions through
# Redis. Ctrl-C stops everything, and so does any other end: SIGTERM or
# SIGHUP (to make or to this script), make killed, Redis or the app
# stopping; a provider stopping is reported and the rest goes on (failover).
# See docs/ha.md.
set -euo pipefail
cd "$(dirname "$0")/.."
VAR=${SERES_VAR:-var}
HA="$VAR/ha"
for dir in "$VAR" "$VAR/outbox" "$HA" "$HA/redis"; do
  if [ ! -d "$dir" ]; then mkdir -p "$dir"; chmod 700 "$dir"; fi
done

# shellcheck source=scripts/lib.sh
. scripts/lib.sh
parent=$(status_of $$ PPid)
# SERES_RUN_LDAP_PORT, SERES_RUN_LDAP_PORT2 and SERES_RUN_WEB_PORT choose other ports (tests).
LDAP_PORT=${SERES_RUN_LDAP_PORT:-3389}
LDAP_PORT2=${SERES_RUN_LDAP_PORT2:-3390}
WEB_PORT=${SERES_RUN_WEB_PORT:-8000}
redis_answers() { .venv/bin/python -c 'import redis,sys; redis.Redis(unix_socket_path=sys.argv[1]).ping()' "$1" 2>/dev/null; }

for port in "$LDAP_PORT" "$LDAP_PORT2" "$WEB_PORT"; do
  if port_busy "$port"; then echo "Port $port on 127.0.0.1 is in use; stop what runs there first." >&2; exit 1; fi
done

# Both providers are built from ldif/ with the demo data, each naming the other.
urls=("ldap://127.0.0.1:$LDAP_PORT" "ldap://127.0.0.1:$LDAP_PORT2")
for n in 1 2; do
  root="$HA/provider$n"
  if [ -d "$root" ] && ! why=$(.venv/bin/seres directory up-to-date "$root"); then
    echo "==> $why: rebuilding both providers (demo changes made in them are lost)"
    rm -rf "$HA/provider1" "$HA/provider2"
  fi
done
builds=()
for n in 1 2; do
  root="$HA/provider$n"
  if [ ! -d "$root" ]; then
    peer=${urls[$((2 - n))]}
    echo "==> Building provider $n from ldif/ with demo data ($root, peer $peer)"
    .venv/bin/seres directory build "$root" --demo --provider "$n" --peer "$peer" >/dev/null &
    builds+=($!)
  fi
done
for pid in "${builds[@]}"; do wait "$pid" || { echo "Building a provider failed." >&2; exit 1; }; done
[ -s "$VAR/secret_key" ] || (umask 077; .venv/bin/python -c 'import secrets; print(secrets.token_hex(32))' > "$VAR/secret_key")

stop_on_exit

# Redis on a socket in a private folder (no TCP port), nothing written to disk:
# rate-limit counts and sign-out records only, which may be lost on a restart.
redis_socket="$(cd "$HA/redis" && pwd)/redis.sock"
redis-server - <<CONF &
port 0
unixsocket $redis_socket
unixsocketperm 700
dir $(cd "$HA/redis" && pwd)
save ""
appendonly no
loglevel warning
daemonize no
CONF
pids+=($!)
redis_pid=$!
wait_for "redis-server ($redis_socket)" "$!" redis_answers "$redis_socket"

serving=()
for n in 1 2; do
  .venv/bin/seres directory serve "$HA/provider$n" --port "${urls[$((n - 1))]##*:}" &
  pids+=($!)
  serving+=($!)
done
for n in 1 2; do
  url=${urls[$((n - 1))]}
  wait_for "slapd ($url)" "${serving[$((n - 1))]}" port_busy "${url##*:}"
done

# People's binds go to the first provider while it answers (docs/ha.md).
export SERES_LDAP_URLS="${urls[*]}"
export SERES_LDAP_BIND_DN="$(demo webapp dn)"
export SERES_LDAP_PASSWORD="$(demo webapp password)"
export SERES_SYNC_URLS="${urls[*]}"
export SERES_SYNC_PASSWORD="$(demo sync password)"
export SERES_RATELIMIT_STORAGE="redis+unix://$redis_socket"
export SERES_SECRET_KEY="$(cat "$VAR/secret_key")"
export SERES_DEV=1 SERES_INSECURE_COOKIES=1 SERES_VAR="$VAR" SERES_NOTIFY=outbox
# A short graceful stop: a request stuck on a stalled directory must not hold the stop.
.venv/bin/gunicorn --bind "127.0.0.1:$WEB_PORT" --workers 2 --threads 4 --no-control-socket \
  --graceful-timeout 5 --pid "$HA/gunicorn.pid" \
  --access-logfile - --logger-class scripts.gunicorn_logging.RedactingLogger wsgi:app &
pids+=($!)
app_pid=$!
wait_for "the web app (http://127.0.0.1:$WEB_PORT/login)" "$!" app_answers "$WEB_PORT"

cat <<INFO

  SERES access register, two providers, two web workers, with demo data
  ---------------------------------------------------------------------
  Web app:    http://127.0.0.1:$WEB_PORT/  (2 workers; limits and sessions in Redis)
  Directory:  ${urls[0]} and ${urls[1]} (multi-provider)
  Redis:      $redis_socket
  One-time codes are written to $VAR/outbox/ (http://127.0.0.1:$WEB_PORT/dev/outbox).
  Ctrl-C stops everything. A provider may stop (try failover): the rest goes on;
  start it again with: .venv/bin/seres directory serve $HA/provider1 --port $LDAP_PORT

INFO
# Redis or the app stopping stops everything; a provider stopping does not.
watch_servers "$redis_pid" "$app_pid"
