#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster, then stops and removes the cluster:
#
#   scripts/with-postgres.sh cargo test -p uln-server --test store_story
#
# The command sees ULN_TEST_POSTGRES_URL, a superuser's URL for an empty database `uln_test`.
# ULN_POSTGRES_SETTINGS adds server settings (`-c shared_buffers=4GB -c …`), for benchmarks.
# The cluster listens on a unix socket in its own temporary directory only, so it needs no free
# port and nothing outside this machine can reach it. Its exit status is the command's.
#
# Needs the PostgreSQL server (initdb, pg_ctl, postgres) and psql: on Debian
# `apt-get install -y postgresql`. ULN_POSTGRES_BIN names the server's directory if it is
# neither on PATH nor in /usr/lib/postgresql/<version>/bin.
set -euo pipefail

# The newest server the system packages installed, unless one is on PATH or named.
server_bin() {
  if [[ -n "${ULN_POSTGRES_BIN:-}" ]]; then
    echo "$ULN_POSTGRES_BIN"
  elif command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(command -v initdb)"
  else
    # Debian keeps server binaries off PATH, one directory per major version.
    find /usr/lib/postgresql -maxdepth 3 -path '*/bin/initdb' 2>/dev/null |
      sort -V | tail -n 1 | xargs -r dirname
  fi
}

bin=$(server_bin)
if [[ -z "$bin" || ! -x "$bin/initdb" || ! -x "$bin/pg_ctl" ]]; then
  echo "with-postgres: no PostgreSQL server found (apt-get install -y postgresql)" >&2
  exit 2
fi
psql=$(command -v psql || echo "$bin/psql")

# initdb refuses to run as root, and the server must own its files: as root, the cluster runs
# as an unprivileged user (nobody unless told otherwise), and the client side stays root.
as_cluster=()
if [[ $(id -u) -eq 0 ]]; then
  cluster_user=${ULN_POSTGRES_USER:-nobody}
  as_cluster=(setpriv --reuid="$cluster_user" --regid="$(id -g "$cluster_user")" --clear-groups --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/uln-pg.XXXXXX")
data="$dir/data"
cleanup() {
  local status=$?
  if [[ -f "$data/postmaster.pid" ]]; then
    # immediate: the data is thrown away, so there is nothing to flush.
    "${as_cluster[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit "$status"
}
trap cleanup EXIT
# Until the command starts, a signal ends the script (and cleanup runs).
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ ${#as_cluster[@]} -gt 0 ]]; then
  chown "$cluster_user" "$dir"
fi
chmod 700 "$dir"

# A dictionary collation (ICU, en-GB) where the server has ICU, so that a sort key missing its
# COLLATE "C" shows up as a different order in the tests instead of passing by luck.
locale_args=(--encoding=UTF8 --locale=C.UTF-8)
if "$bin/initdb" --help | grep -q -- '--locale-provider'; then
  locale_args+=(--locale-provider=icu --icu-locale=en-GB)
fi
"${as_cluster[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust "${locale_args[@]}" \
  >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2
  exit 2
}

# No TCP at all (listen_addresses empty): the socket in the cluster's private directory is the
# only way in. -w waits until the server accepts connections.
"${as_cluster[@]}" "$bin/pg_ctl" -D "$data" -w -l "$dir/server.log" \
  -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=200 ${ULN_POSTGRES_SETTINGS:-}" \
  start >/dev/null || {
  cat "$dir/server.log" >&2
  exit 2
}

"$psql" -h "$dir" -U postgres -d postgres -v ON_ERROR_STOP=1 -q -c 'CREATE DATABASE uln_test'
export ULN_TEST_POSTGRES_URL="postgres://postgres@localhost/uln_test?host=$dir"

# Not exec, and not in the foreground: bash runs no trap while it waits for a foreground
# command, so a TERM from CI would leave the cluster running until the command ended on its own.
# The command runs in the background (keeping our stdin), TERM and INT are passed on to it, and
# the cluster is removed once it has ended.
"$@" <&0 &
command_pid=$!
trap 'kill -TERM "$command_pid" 2>/dev/null || true' TERM
trap 'kill -INT "$command_pid" 2>/dev/null || true' INT
status=0
while :; do
  # wait returns early (above 128) when a trapped signal arrives; wait again for the real end.
  wait "$command_pid" && status=0 || status=$?
  kill -0 "$command_pid" 2>/dev/null || break
done
exit "$status"
