#!/usr/bin/env bash
# Stop and remove the throwaway PostgreSQL cluster(s) started by scripts/pg-start.sh.
# Usage: pg-stop.sh [DATADIR…]  — without arguments, the clusters started by the same script (process group).
set -uo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
pgid=$(cut -d' ' -f5 "/proc/$$/stat" 2>/dev/null || echo "$PPID")
statefile=/tmp/magcheck-pg-state/$pgid
dirs=("$@")
if [ ${#dirs[@]} -eq 0 ] && [ -f "$statefile" ]; then
  mapfile -t dirs <"$statefile"
fi
as_pg=()
[ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
rc=0
for d in "${dirs[@]}"; do
  case "$d" in /tmp/magcheck-pg.*) ;; *) echo "pg-stop: refusing to remove $d" >&2; rc=1; continue ;; esac
  if [ -f "$d/data/postmaster.pid" ]; then
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$d/data" -m fast -w stop >/dev/null || rc=1
  fi
  rm -rf "$d"
done
rm -f "$statefile"
exit $rc
