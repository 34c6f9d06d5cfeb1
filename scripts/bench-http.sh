#!/usr/bin/env bash
# Casebook's search API beside Datasette's ranked canned query, on the same corpus, in one run.
#   CASEBOOK_BIN   the casebook binary (release build)
#   LIBRARY        a Casebook library holding the corpus (casebook bench --corpus ... --library ...)
#   PEER_DB        the same corpus loaded by ../shared/bench/load_db.py
#   DATASETTE      the datasette executable (pip install datasette)
# Needs wrk. Prints wrk's reports and Casebook's resident memory after the run.
set -euo pipefail
: "${CASEBOOK_BIN:?}" "${LIBRARY:?}" "${PEER_DB:?}" "${DATASETTE:?}"
BENCH="$(cd "$(dirname "$0")/../../shared/bench" && pwd)"
# The peer's metadata names its database `bench`, so Datasette must see the file as bench.db.
PEER_DIR=$(mktemp -d)
ln -s "$(realpath "$PEER_DB")" "$PEER_DIR/bench.db"
cd "$BENCH"
export QUERIES=queries.txt
CASEBOOK_DB="$LIBRARY" CASEBOOK_SEARCH_RATE=0 "$CASEBOOK_BIN" serve --port 18080 --log-level warning > /tmp/casebook-bench-serve.log 2>&1 &
casebook=$!
"$DATASETTE" -i "$PEER_DIR/bench.db" --metadata datasette-metadata.json -h 127.0.0.1 -p 18001 > /tmp/casebook-bench-datasette.log 2>&1 &
datasette=$!
trap 'kill $casebook $datasette 2>/dev/null || true; rm -rf "$PEER_DIR"' EXIT
for _ in $(seq 1 120); do
  curl -sf -o /dev/null http://127.0.0.1:18080/readyz && curl -sf -o /dev/null http://127.0.0.1:18001/ && break
  sleep 1
done
curl -s -o /dev/null -w "casebook first search %{http_code} %{time_total}s\n" "http://127.0.0.1:18080/api/v1/examples?q=care"
datasette_status=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:18001/bench/search.json?q=care&_shape=array")
echo "datasette first search $datasette_status"
[ "$datasette_status" = 200 ] || { echo "Datasette's ranked query did not answer 200" >&2; exit 1; }
echo "== Casebook /api/v1/examples?q= (wrk -t2 -c16 -d15s)"
PATH_TMPL='/api/v1/examples?q=%s' wrk -t2 -c16 -d15s --timeout 10s --latency -s wrk-queries.lua http://127.0.0.1:18080
echo "== Casebook /api/v1/examples?q= (wrk -t1 -c1 -d10s)"
PATH_TMPL='/api/v1/examples?q=%s' wrk -t1 -c1 -d10s --timeout 10s --latency -s wrk-queries.lua http://127.0.0.1:18080
echo "== Casebook search page /search?q= (wrk -t2 -c16 -d15s)"
PATH_TMPL='/search?q=%s' wrk -t2 -c16 -d15s --timeout 10s --latency -s wrk-queries.lua http://127.0.0.1:18080
echo "== Datasette ranked canned query /bench/search.json?q= (wrk -t2 -c16 -d15s)"
PATH_TMPL='/bench/search.json?q=%s&_shape=array' wrk -t2 -c16 -d15s --timeout 10s --latency -s wrk-queries.lua http://127.0.0.1:18001
echo "== Casebook resident memory after the run: $(ps -o rss= -p $casebook) KiB"
