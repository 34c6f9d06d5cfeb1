#!/usr/bin/env bash
# Runs the browser tests against the built server: a temporary library, a free loopback port, a moderator
# token, `casebook serve` in the background (stopped on exit), then pytest. Screenshots: artifacts/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=${CASEBOOK_BINARY:-.build/debug/casebook}
scratch=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
export CASEBOOK_DB="$scratch/browser.sqlite" CASEBOOK_SUBMISSION_RATE=0 CASEBOOK_SEARCH_RATE=0
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token=$("$binary" user add browser --role moderator --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$binary" serve --port "$port" --log-level warning &
server=$!
python3 - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(150):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=1)
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit("the server did not answer /healthz")
PY
rm -rf artifacts/screenshots
CASEBOOK_URL="http://127.0.0.1:$port" CASEBOOK_TOKEN="$token" python3 -m pytest -q -p no:cacheprovider Tests/browser "$@"
