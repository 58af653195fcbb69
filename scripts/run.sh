#!/usr/bin/env bash
# Start the whole system with demo data: slapd on 127.0.0.1:3389 and the web
# app under gunicorn on 127.0.0.1:8000. Ctrl-C stops both, and so does any
# other end: SIGTERM or SIGHUP (to make or to this script), make itself
# killed, slapd or the app stopping.
# SERES_RUN_LDAP_PORT and SERES_RUN_WEB_PORT choose other ports (tests).
set -euo pipefail
cd "$(dirname "$0")/.."
VAR=${SERES_VAR:-var}
LDAP_PORT=${SERES_RUN_LDAP_PORT:-3389}
WEB_PORT=${SERES_RUN_WEB_PORT:-8000}
# The directory, the secret key and the codes in the outbox: private to this
# user. Only what this script creates is made so: SERES_VAR may name a
# directory that is meant to be shared (or /tmp); that one gets a warning.
for dir in "$VAR" "$VAR/outbox"; do
  if [ ! -d "$dir" ]; then mkdir -p "$dir"; chmod 700 "$dir"; fi
done
if [ -n "$(find "$VAR" -maxdepth 0 -perm /077)" ]; then
  echo "Note: $VAR is open to other users; 'chmod 700 $VAR' closes it." >&2
fi

# shellcheck source=scripts/lib.sh
. scripts/lib.sh
parent=$(status_of $$ PPid)
for port in "$LDAP_PORT" "$WEB_PORT"; do
  if port_busy "$port"; then echo "Port $port on 127.0.0.1 is in use; stop what runs there first." >&2; exit 1; fi
done

# A directory built from other ldif/ files (an older checkout) has another
# schema and other access rules: it is demo data, so build it anew
# ($VAR/outbox and the secret key stay).
if [ -d "$VAR/directory" ] && ! why=$(.venv/bin/seres directory up-to-date "$VAR/directory"); then
  echo "==> $why: rebuilding the demo directory (demo changes made in it are lost)"
  rm -rf "$VAR/directory"
fi
if [ ! -d "$VAR/directory" ]; then
  echo "==> Building the directory from ldif/ with demo data ($VAR/directory)"
  .venv/bin/seres directory build "$VAR/directory" --demo
fi
[ -s "$VAR/secret_key" ] || (umask 077; .venv/bin/python -c 'import secrets; print(secrets.token_hex(32))' > "$VAR/secret_key")

stop_on_exit

.venv/bin/seres directory serve "$VAR/directory" --port "$LDAP_PORT" &
pids+=($!)
wait_for "slapd (ldap://127.0.0.1:$LDAP_PORT)" "$!" port_busy "$LDAP_PORT"

export SERES_LDAP_URLS=ldap://127.0.0.1:$LDAP_PORT
export SERES_LDAP_BIND_DN="$(demo webapp dn)"
export SERES_LDAP_PASSWORD="$(demo webapp password)"
export SERES_SYNC_URLS=ldap://127.0.0.1:$LDAP_PORT
export SERES_SYNC_PASSWORD="$(demo sync password)"
export SERES_SECRET_KEY="$(cat "$VAR/secret_key")"
export SERES_DEV=1 SERES_INSECURE_COOKIES=1 SERES_VAR="$VAR" SERES_NOTIFY=outbox
# One worker with threads: the rate limits are kept in memory (SERES_RATELIMIT_STORAGE=redis://... for more workers).
# No control socket: gunicorn's default (~/.gunicorn/gunicorn.ctl) is shared by
# every gunicorn of the user, and `gunicornc` could change the worker count.
# The access log leaves out the tokens of activation and recovery links.
# A short graceful stop: a request stuck on a stalled directory must not hold the stop for 30 s.
.venv/bin/gunicorn --bind "127.0.0.1:$WEB_PORT" --workers 1 --threads 8 --no-control-socket \
  --graceful-timeout 5 --pid "$VAR/gunicorn.pid" \
  --access-logfile - --logger-class scripts.gunicorn_logging.RedactingLogger wsgi:app &
pids+=($!)
wait_for "the web app (http://127.0.0.1:$WEB_PORT/login)" "$!" app_answers "$WEB_PORT"

# The agreements' check once at start (a timer runs it in production): the
# demo agency whose agreement ends soon has its warning in the outbox.
.venv/bin/seres agencies check | sed 's/^/    agencies: /' || echo "Note: 'seres agencies check' failed." >&2

cat <<INFO

  SERES access register, with demo data
  -------------------------------------
  Web app:    http://127.0.0.1:$WEB_PORT/
  Directory:  ldap://127.0.0.1:$LDAP_PORT  (suffix dc=seres,dc=example)
  Sign in as a demo person from ldif/demo-accounts.json (see README.md);
  one-time codes are written to $VAR/outbox/ and listed at
  http://127.0.0.1:$WEB_PORT/dev/outbox (development mode only).
  Ctrl-C stops both.

INFO
watch_servers
