#!/usr/bin/env bash
# Check the recipe of docs/deploy.md end to end, on loopback: a throwaway PostgreSQL, accounts,
# `magcheck serve --workers 2 --behind-proxy`, and nginx configured with the block from docs/deploy.md
# (TLS replaced by plain HTTP on a free loopback port, the proxy telling the app the visitor used HTTPS).
# Needs nginx and PostgreSQL's server binaries; prints each check and exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
MAG=.venv/bin/magcheck
command -v nginx >/dev/null || { echo "deploy-check: nginx is not installed" >&2; exit 1; }
tmp=$(mktemp -d /tmp/magcheck-deploy.XXXXXX)
pids=()
cleanup() {
  [ -f "$tmp/nginx.pid" ] && nginx -p "$tmp" -c "$tmp/nginx.conf" -s stop 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  bash scripts/pg-stop.sh >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; exit 1; }

export MAGCHECK_DATABASE_URL=$(bash scripts/pg-start.sh)
export MAGCHECK_AUTH=accounts MAGCHECK_DATA_DIR="$tmp/data"
unset MAGCHECK_TOKEN || true
app_port=$(free_port)
proxy_port=$(free_port)
printf '%s\n' 'dietitian password 1' | $MAG user add dr.li --role clinician >/dev/null
printf '%s\n' 'client password 12345' | $MAG user add ann --role client >/dev/null
$MAG serve --host 127.0.0.1 --port "$app_port" --workers 2 --behind-proxy >"$tmp/serve.log" 2>&1 &
pids+=($!)

# the nginx block exactly as documented, adapted to loopback without TLS
python3 - "$tmp" "$app_port" "$proxy_port" <<'PY'
import re, sys
from pathlib import Path
tmp, app_port, proxy_port = sys.argv[1:]
doc = Path("docs/deploy.md").read_text(encoding="utf-8")
block = re.search(r"```nginx\n(# magcheck-deploy-nginx.*?)```", doc, re.S).group(1)
block = block.replace("127.0.0.1:8000", f"127.0.0.1:{app_port}")
block = block.replace("listen 443 ssl;", f"listen 127.0.0.1:{proxy_port};")
block = re.sub(r"\s*ssl_certificate\S*\s+[^;]+;", "", block)
block = block.replace("X-Forwarded-Proto $scheme", "X-Forwarded-Proto https")
block = re.sub(r"server \{\s*listen 80;.*?\n\}", "", block, flags=re.S)
(Path(tmp) / "nginx.conf").write_text(
    f"daemon on; pid {tmp}/nginx.pid; error_log {tmp}/nginx-error.log; user root;\n"
    "events {}\n"
    f"http {{ access_log off; client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;\n"
    f"{block}\n}}\n"
)
PY
nginx -p "$tmp" -c "$tmp/nginx.conf"
base="http://127.0.0.1:$proxy_port"
for _ in $(seq 60); do curl -sf "$base/api/v1/health" >/dev/null && break; sleep 0.5; done

health=$(curl -s "$base/api/v1/health")
[ "$health" = '{"status":"ok","database":"ok"}' ] && ok "health through the proxy: $health" || fail "health: $health"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/persons")
[ "$code" = 401 ] && ok "no credential: 401" || fail "no credential: $code"
token() { curl -s -X POST "$base/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\": \"$1\", \"password\": \"$2\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
ann=$(token ann 'client password 12345')
li=$(token dr.li 'dietitian password 1')
ok "API tokens for ann and dr.li"
api() { curl -s -o "$tmp/out" -w '%{http_code}' -H "Authorization: Bearer $1" -H 'Content-Type: application/json' "${@:2}"; }
[ "$(api "$ann" -X POST "$base/api/v1/persons" -d '{"name": "Ann", "age_years": 41, "sex": "female"}')" = 201 ] && ok "ann adds a person" || fail "person: $(cat "$tmp/out")"
[ "$(api "$ann" -X POST "$base/api/v1/log" -d '{"text": "30 g almonds"}')" = 201 ] && ok "ann logs an entry" || fail "log: $(cat "$tmp/out")"
[ "$(api "$li" "$base/api/v1/persons?client=ann")" = 404 ] && ok "dr.li without a share: 404" || fail "no share: $(cat "$tmp/out")"
[ "$(api "$ann" -X POST "$base/api/v1/shares" -d '{"clinician": "dr.li"}')" = 201 ] && ok "ann shares with dr.li" || fail "share: $(cat "$tmp/out")"
[ "$(api "$li" "$base/api/v1/persons?client=ann")" = 200 ] && grep -q '"Ann"' "$tmp/out" && ok "dr.li reads ann's record" || fail "shared read: $(cat "$tmp/out")"
[ "$(api "$li" "$base/api/v1/clients")" = 200 ] && grep -q '"ann"' "$tmp/out" && ok "dr.li's client list" || fail "clients: $(cat "$tmp/out")"
[ "$(api "$ann" -X DELETE "$base/api/v1/shares/dr.li")" = 200 ] && ok "ann revokes" || fail "revoke: $(cat "$tmp/out")"
[ "$(api "$li" "$base/api/v1/persons?client=ann")" = 404 ] && ok "after revoking: 404" || fail "revoked: $(cat "$tmp/out")"
# browser sign-in through the proxy: the session cookie is Secure because the visitor used HTTPS
curl -s -c "$tmp/jar" "$base/login" >"$tmp/login.html"
csrf=$(python3 -c 'import re,sys; print(re.search(r"name=\"csrf_token\" value=\"([^\"]+)\"", open(sys.argv[1]).read()).group(1))' "$tmp/login.html")
headers=$(curl -s -b "$tmp/jar" -D - -o /dev/null -X POST "$base/login" \
  --data-urlencode "csrf_token=$csrf" --data-urlencode username=ann \
  --data-urlencode 'password=client password 12345' --data-urlencode next=/history)
echo "$headers" | grep -qi '^set-cookie: magcheck_session=.*; secure' && ok "session cookie is Secure behind the TLS proxy" || fail "cookie: $headers"
echo "$headers" | grep -qi 'samesite=strict' && echo "$headers" | grep -qi 'httponly' && ok "session cookie HttpOnly, SameSite=Strict" || fail "cookie flags"
echo "deploy-check: all checks passed"
