#!/usr/bin/env bash
# Install what the project needs on a Debian machine, once: OpenLDAP's slapd
# and tools, and Redis (without leaving the system's own slapd or Redis
# running), a virtualenv
# with the project, and the compiled translations.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/sbin/slapd ] || need_apt+=(slapd)
command -v ldapsearch >/dev/null 2>&1 || need_apt+=(ldap-utils)
# `python3 -m venv` itself is in libpython3.*-stdlib; only ensurepip, which
# makes the venv's pip, is in python3-venv (python3.11-venv).
python3 -c 'import ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# slapd's password check module (ldif/modules/) is compiled at each build.
command -v cc >/dev/null 2>&1 || need_apt+=(gcc libc6-dev)
# python-ldap (a test dependency: groups read as libldap tools read them) has
# no wheel; it builds against OpenLDAP's and Cyrus SASL's headers.
[ -e /usr/include/ldap.h ] || need_apt+=(libldap-dev)
[ -e /usr/include/sasl/sasl.h ] || need_apt+=(libsasl2-dev)
python3 -c 'import os, sysconfig; raise SystemExit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' || need_apt+=(python3-dev)
# `make run-ha` shares rate limits and sessions between web workers in Redis
# (its own instance under var/, never the system's service).
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)

if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "==> Installing Debian packages: ${need_apt[*]}"
  # No system directory: the project runs its own slapd from ldif/.
  echo "slapd slapd/no_configuration boolean true" | $SUDO debconf-set-selections
  # Keep the packages from starting a system slapd or Redis during the install; put
  # back what was there however the install ends (set -e exits on failure).
  policy=/usr/sbin/policy-rc.d
  restore=""
  if [ -e "$policy" ]; then restore=$(mktemp); $SUDO cp "$policy" "$restore"; fi
  restore_policy() {
    if [ -n "$restore" ]; then $SUDO cp "$restore" "$policy"; rm -f "$restore"; else $SUDO rm -f "$policy"; fi
  }
  trap restore_policy EXIT
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  # Wait for another apt (unattended-upgrades) instead of failing at once.
  apt=(apt-get -o DPkg::Lock::Timeout=300)
  $SUDO env DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "${need_apt[@]}" >/dev/null
  restore_policy
  trap - EXIT
fi

# Checked by pip, not python: a creation that failed half-way (no ensurepip)
# leaves .venv/bin/python behind, and --clear starts such a .venv afresh.
if [ ! -x .venv/bin/pip ]; then
  echo "==> Creating the virtualenv .venv"
  python3 -m venv --clear .venv
  .venv/bin/pip install -q --upgrade pip
fi
# constraints.txt: the exact versions the tests last passed with.
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ] ||
   [ constraints.txt -nt .venv/.installed ]; then
  echo "==> Installing the project into .venv"
  .venv/bin/pip install -q -c constraints.txt -e '.[dev]' >.venv/install.log 2>&1 || { cat .venv/install.log; exit 1; }
  # python-ldap (tests read groups through libldap, as C tools do) goes to
  # a folder of its own: it ships a top-level ldif.py that would replace the
  # `ldif` package the project uses. tests/directory/test_tool_groups.py adds
  # the folder to the end of sys.path.
  .venv/bin/pip install -q -c constraints.txt --no-deps --upgrade --target .venv/python-ldap python-ldap >>.venv/install.log 2>&1 || { cat .venv/install.log; exit 1; }
  touch .venv/.installed
fi
# Compile every feature's catalogue (webapp/translations, webapp/*/translations).
for dir in webapp/translations webapp/*/translations; do
  [ -d "$dir" ] || continue
  if ! out=$(.venv/bin/pybabel compile -d "$dir" 2>&1); then
    echo "pybabel compile -d $dir failed:" >&2
    echo "$out" >&2
    exit 1
  fi
done
