#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the storage tests and print its SQLAlchemy URL on stdout.
# Uses Debian's server binaries (/usr/lib/postgresql/<ver>/bin), a data dir under /tmp, loopback only,
# a free port, trust auth (nothing but this machine's loopback can reach it; it lives for one test run).
# Root cannot run the server, so it runs as the `postgres` user when started as root.
# `scripts/pg-stop.sh` (from the same script, or given the data dir) stops it and removes the data dir.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-start: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin" >&2
  exit 1
fi
as_pg=()
owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "pg-start: running as root but no 'postgres' user" >&2; exit 1; }
  as_pg=(runuser -u postgres --)
  owner=postgres
fi
datadir=$(mktemp -d /tmp/magcheck-pg.XXXXXX)
chmod 700 "$datadir"
[ "$owner" = postgres ] && chown postgres: "$datadir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$bindir/initdb" -D "$datadir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
  >"$datadir/initdb.log" 2>&1 || { cat "$datadir/initdb.log" >&2; rm -rf "$datadir"; exit 1; }
# Throwaway server: durability off for speed; sockets in the data dir, TCP on loopback only.
"${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w -t 30 \
  -o "-h 127.0.0.1 -p $port -k $datadir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null || { cat "$datadir/server.log" >&2; rm -rf "$datadir"; exit 1; }
"${as_pg[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres magcheck_test
# Remember the cluster for pg-stop.sh run later by the same script (scripts/run-tests.sh): the state is
# keyed by the process group, which a command substitution and a later call share (a PPID would not).
pgid=$(cut -d' ' -f5 "/proc/$$/stat" 2>/dev/null || echo "$PPID")
statedir=/tmp/magcheck-pg-state
mkdir -p "$statedir"
echo "$datadir" >>"$statedir/$pgid"
echo "postgresql+psycopg://postgres@127.0.0.1:$port/magcheck_test"
