#!/usr/bin/env bash
# The README's test command: installs what the tests need, builds, runs every test project, and prints
# "N passed, N failed" as its last line. Tests that need a server start it themselves and stop it by PID.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"

summary() { echo "$1 passed, $2 failed"; }

command -v dotnet >/dev/null || { echo "dotnet SDK not found (install .NET SDK 10)"; summary 0 1; exit 1; }
echo "== dotnet $(dotnet --version)"

# Node.js drives Alpaca's official JS client against the simulator (installed by that test into a temp dir).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "== installing nodejs/npm (apt)"
  (apt-get update -qq && apt-get install -y -qq nodejs npm) >/dev/null 2>&1 || echo "warning: could not install nodejs"
fi

# ClickHouse 18.16 (Debian) for the storage tests' real server and PostgreSQL (Debian; initdb lives in
# /usr/lib/postgresql/N/bin, not on PATH) for the symbols store's; one apt step, `apt-get update` only if it fails.
apt_pkgs=()
if ! command -v clickhouse-server >/dev/null && [ ! -x /usr/sbin/clickhouse-server ] && [ ! -x /usr/bin/clickhouse-server ]; then
  apt_pkgs+=(clickhouse-server clickhouse-client)
fi
if ! command -v initdb >/dev/null && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then apt_pkgs+=(postgresql); fi
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  echo "== installing ${apt_pkgs[*]} (apt)"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_pkgs[@]}" || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_pkgs[@]}"; }; } \
    >/dev/null 2>&1 || echo "warning: could not install ${apt_pkgs[*]}"
fi
# chDB (ClickHouse 26.7 in-process, 543 MB) proves the modern schema and queries; installed once, reused from artifacts/chdb.
CHDB_LIB="$ROOT/artifacts/chdb/node_modules/@chdb/lib-linux-x64-gnu/libchdb.so"
if [ ! -f "$CHDB_LIB" ] && command -v npm >/dev/null; then
  echo "== installing chDB (npm, ~15 s)"
  mkdir -p "$ROOT/artifacts/chdb"
  (cd "$ROOT/artifacts/chdb" && npm install --no-audit --no-fund --no-save --silent @chdb/lib-linux-x64-gnu@26.7.3-stable.1) >/dev/null 2>&1 \
    || echo "warning: could not install chDB"
fi

# Debian's chromium for the dashboard's browser test (driven over the DevTools protocol; no Node/Playwright download).
if ! command -v chromium >/dev/null; then
  echo "== installing chromium (apt)"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }; } \
    >/dev/null 2>&1 || echo "warning: could not install chromium"
fi

# promtool (Debian's prometheus package; the server is not started) checks and unit-tests deploy/'s alert rules.
if ! command -v promtool >/dev/null; then
  echo "== installing promtool (apt: prometheus)"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; }; } \
    >/dev/null 2>&1 || echo "warning: could not install promtool"
fi

echo "== restore"
if ! dotnet restore Torghut.sln -nologo -v q; then summary 0 1; exit 1; fi
echo "== build (Release)"
if ! dotnet build Torghut.sln -c Release --no-restore -nologo -v q -clp:ErrorsOnly; then summary 0 1; exit 1; fi

echo "== test"
dotnet test Torghut.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS" -- RunConfiguration.TestSessionTimeout=3000000
test_rc=$?

passed=0; failed=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters"); f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  e=$(sed -E 's/.* error="([0-9]+)".*/\1/' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
# A test host that crashed or timed out leaves no counters: never report green for it.
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
summary "$passed" "$failed"
[ "$failed" -eq 0 ]
