#!/usr/bin/env python3
"""Top-20 agreement between Casebook, the raw engine's global bm25 and Tantivy, in one run.

    scripts/bench-ranking.py CORPUS.jsonl PEER.db CASEBOOK.sqlite CASEBOOK-RESULTS.jsonl QUERIES [--tantivy]

- CASEBOOK-RESULTS.jsonl comes from `casebook bench --library CASEBOOK.sqlite --queries QUERIES --results FILE`.
- PEER.db is ../shared/bench/load_db.py's database of the same corpus; it is ranked here over every
  match with FTS5's bm25 and Casebook's column weights (10, 4, 1, 2, 6), which is the ranking
  function Casebook claims to compute exactly.
- With --tantivy (needs `pip install tantivy`), ../shared/bench/bench_tantivy.py indexes the corpus
  and answers the same queries its way (all words required, BM25, no synonyms).

Agreement of two engines on a query is the share of the smaller top 20 found in the other's top 20;
queries where either finds nothing are left out. Prints the mean for each pair.
"""
import argparse, json, os, re, sqlite3, statistics, sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, "..", "..", "shared", "bench")
_re = re.compile(r'\s+|(".*?")')


def escape_fts(q):
    if q.count('"') % 2:
        q += '"'
    bits = [b for b in _re.split(q) if b and b != '""']
    return " ".join('"{}"'.format(b) if not b.startswith('"') else b for b in bits)


def raw_bm25(db, queries):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out = {}
    for q in queries:
        m = escape_fts(q)
        try:
            rows = con.execute("""SELECT e.uid FROM examples_fts JOIN examples e ON e.id = examples_fts.rowid
                WHERE examples_fts MATCH ? ORDER BY bm25(examples_fts, 10.0, 4.0, 1.0, 2.0, 6.0) LIMIT 20""", (m,)).fetchall()
        except sqlite3.OperationalError:
            rows = []
        out[q] = [r[0] for r in rows]
    return out


def casebook(library, results):
    con = sqlite3.connect(f"file:{library}?mode=ro", uri=True)
    uid = dict(con.execute("SELECT id, uid FROM example"))
    out = {}
    for line in open(results, encoding="utf-8"):
        r = json.loads(line)
        out[r["query"]] = [uid[i] for i in r["ids"]]
    return out


def tantivy_top(corpus, queries):
    sys.path.insert(0, BENCH)
    import tempfile, bench_tantivy as bt
    uids = [json.loads(l)["uid"] for l in open(corpus, encoding="utf-8")]
    index, _, _ = bt.build(corpus, tempfile.mkdtemp(prefix="tantivy-"), 1)
    searcher = index.searcher()
    out = {}
    for q in queries:
        t = bt.to_query(q)
        hits = searcher.search(index.parse_query(t, bt.FIELDS), 20).hits if t else []
        out[q] = [uids[searcher.doc(a)["id"][0] - 1] for _, a in hits]
    return out


def agreement(a, b, queries):
    shares = []
    for q in queries:
        x, y = a.get(q, []), b.get(q, [])
        if x and y:
            shares.append(len(set(x) & set(y)) / min(len(x), len(y)))
    return statistics.mean(shares) if shares else float("nan"), len(shares)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus"); ap.add_argument("peer"); ap.add_argument("library"); ap.add_argument("results"); ap.add_argument("queries")
    ap.add_argument("--tantivy", action="store_true")
    a = ap.parse_args()
    queries = [l.rstrip("\n") for l in open(a.queries, encoding="utf-8") if l.strip()]
    engines = {"casebook": casebook(a.library, a.results), "raw bm25": raw_bm25(a.peer, queries)}
    if a.tantivy:
        engines["tantivy"] = tantivy_top(a.corpus, queries)
    names = list(engines)
    for i, x in enumerate(names):
        for y in names[i + 1:]:
            share, n = agreement(engines[x], engines[y], queries)
            print(f"top-20 agreement {x} / {y}: {share * 100:.0f}% over {n} queries")


if __name__ == "__main__":
    main()
