#!/usr/bin/env bash
# Start the system with two directory providers and two web workers, with
# demo data: slapd providers on 127.0.0.1:3389 and :3390 (multi-provider
# replication), Redis on a private socket under var/, and gunicorn on
# 127.0.0.1:8000 with two workers sharing rate limits and sessions through
# Redis. Ctrl-C stops everything. See docs/ha.md.
set -euo pipefail
cd "$(dirname "$0")/.."
VAR=${SERES_VAR:-var}
HA="$VAR/ha"
for dir in "$VAR" "$VAR/outbox" "$HA" "$HA/redis"; do
  if [ ! -d "$dir" ]; then mkdir -p "$dir"; chmod 700 "$dir"; fi
done

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
app_answers() {
  local line
  line=$( (exec 3<>/dev/tcp/127.0.0.1/8000 &&
    printf 'GET /login HTTP/1.0\r\nHost: 127.0.0.1:8000\r\n\r\n' >&3 &&
    IFS= read -r -t 5 status <&3 && printf '%s' "$status") 2>/dev/null) || return 1
  [[ $line == "HTTP/1."?" 200"* ]]
}
redis_answers() { .venv/bin/python -c 'import redis,sys; redis.Redis(unix_socket_path=sys.argv[1]).ping()' "$HA/redis/redis.sock" 2>/dev/null; }
wait_for() {
  local what=$1 pid=$2
  shift 2
  local deadline=$((SECONDS + 30))
  until "$@"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "Could not start $what (see the messages above)." >&2; exit 1; fi
    if [ "$SECONDS" -ge "$deadline" ]; then echo "$what did not answer within 30 s." >&2; exit 1; fi
    sleep 0.1
  done
}
for port in 3389 3390 8000; do
  if port_busy "$port"; then echo "Port $port on 127.0.0.1 is in use; stop what runs there first." >&2; exit 1; fi
done

# Both providers are built from ldif/ with the demo data, each naming the other.
urls=(ldap://127.0.0.1:3389 ldap://127.0.0.1:3390)
for n in 1 2; do
  root="$HA/provider$n"
  if [ -d "$root" ] && ! why=$(.venv/bin/seres directory up-to-date "$root"); then
    echo "==> $why: rebuilding both providers (demo changes made in them are lost)"
    rm -rf "$HA/provider1" "$HA/provider2"
  fi
done
for n in 1 2; do
  root="$HA/provider$n"
  if [ ! -d "$root" ]; then
    peer=${urls[$((2 - n))]}
    echo "==> Building provider $n from ldif/ with demo data ($root, peer $peer)"
    .venv/bin/seres directory build "$root" --demo --provider "$n" --peer "$peer"
  fi
done
[ -s "$VAR/secret_key" ] || (umask 077; .venv/bin/python -c 'import secrets; print(secrets.token_hex(32))' > "$VAR/secret_key")

demo() { .venv/bin/python -c "import json,sys; a={x['username']:x for x in json.load(open('ldif/demo-accounts.json'))['accounts']}; print(a[sys.argv[1]][sys.argv[2]])" "$1" "$2"; }

pids=()
stop() {
  trap - HUP INT TERM EXIT
  echo; echo "==> Stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop; exit 0' HUP INT TERM
trap stop EXIT

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
daemonize no
CONF
pids+=($!)
wait_for "redis-server ($redis_socket)" "$!" redis_answers

n=0
for url in "${urls[@]}"; do
  n=$((n + 1))
  .venv/bin/seres directory serve "$HA/provider$n" --port "${url##*:}" &
  pids+=($!)
  wait_for "slapd ($url)" "$!" port_busy "${url##*:}"
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
.venv/bin/gunicorn --bind 127.0.0.1:8000 --workers 2 --threads 4 --no-control-socket \
  --access-logfile - --logger-class scripts.gunicorn_logging.RedactingLogger wsgi:app &
pids+=($!)
wait_for "the web app (http://127.0.0.1:8000/login)" "$!" app_answers

cat <<INFO

  SERES access register, two providers, two web workers, with demo data
  ---------------------------------------------------------------------
  Web app:    http://127.0.0.1:8000/  (2 workers; limits and sessions in Redis)
  Directory:  ldap://127.0.0.1:3389 and ldap://127.0.0.1:3390 (multi-provider)
  Redis:      $redis_socket
  One-time codes are written to $VAR/outbox/ (http://127.0.0.1:8000/dev/outbox).
  Ctrl-C stops everything.

INFO
wait -n "${pids[@]}"
