# Shell functions of the scripts that start servers (scripts/run.sh and
# scripts/run-ha.sh). Source it from the project's root folder.

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# app_answers PORT: does the app answer GET /login with 200? (gunicorn listens
# before the app has loaded.)
app_answers() {
  local line
  line=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" &&
    printf 'GET /login HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n\r\n' "$1" >&3 &&
    IFS= read -r -t 5 status <&3 && printf '%s' "$status") 2>/dev/null) || return 1
  [[ $line == "HTTP/1."?" 200"* ]]
}

# wait_for WHAT PID CHECK...: until CHECK succeeds; fail if PID ends or after 30 s.
wait_for() {
  local what=$1 pid=$2
  shift 2
  local deadline=$((SECONDS + 30))
  until "$@"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "Could not start $what (see the messages above)." >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$what did not answer within 30 s." >&2
      exit 1
    fi
    sleep 0.1
  done
}

# demo USERNAME FIELD: a field of a demo account (ldif/demo-accounts.json).
demo() { .venv/bin/python -c "import json,sys; a={x['username']:x for x in json.load(open('ldif/demo-accounts.json'))['accounts']}; print(a[sys.argv[1]][sys.argv[2]])" "$1" "$2"; }

# The servers started, stopped together (stop_all) however the script ends.
pids=()
stop_all() {
  trap - HUP INT TERM EXIT
  echo; echo "==> Stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
stop_on_exit() {
  trap 'stop_all; exit 0' HUP INT TERM
  trap stop_all EXIT
}

# make passes on only SIGTERM: on SIGHUP (or SIGINT sent to make alone) it
# waits for its children to end, the signal blocked meanwhile, and then dies.
# So the script watches its parent: gone (handed to another parent), or a
# make that blocks one of those signals, means stop.
status_of() { # PID FIELD: a field of /proc/PID/status
  local key value
  while read -r key value; do
    if [ "$key" = "$2:" ]; then echo "$value"; return; fi
  done <"/proc/$1/status"
}
parent_stopping() {
  [ "$(status_of $$ PPid)" != "$parent" ] && return 0
  [ "$(status_of "$parent" Name 2>/dev/null)" = make ] || return 1
  local blocked
  blocked=$(status_of "$parent" SigBlk 2>/dev/null) || return 0
  # HUP (1), INT (2), QUIT (3), TERM (15): bit n-1 of the mask.
  (( 0x$blocked & 0x4007 ))
}

# watch_servers [PID...]: until one of these servers (all by default) stops or
# make goes away; a signal's trap runs during `wait`. Servers started but
# not named are only reported when they stop.
watch_servers() {
  local watched=("$@") pid reported=()
  [ ${#watched[@]} -gt 0 ] || watched=("${pids[@]}")
  parent=${parent:-$(status_of $$ PPid)}
  while :; do
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null && continue
      if [[ " ${watched[*]} " == *" $pid "* ]]; then
        echo "==> A server stopped (see the messages above); stopping the rest." >&2
        exit 1
      elif [[ " ${reported[*]} " != *" $pid "* ]]; then
        reported+=("$pid")
        echo "==> A directory provider stopped (process $pid); the rest goes on." >&2
      fi
    done
    if parent_stopping; then
      echo "==> make was stopped; stopping." >&2
      exit 0
    fi
    sleep 0.5 &
    wait $! || true
  done
}
